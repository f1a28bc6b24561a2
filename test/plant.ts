/**
 * Planting an error in a derivation for a test: one exact piece of text replaced by another,
 * and the line the change starts on (where the wrong step's relation stands).
 */
import { expect } from 'vitest';

/** Replace `before` (which must occur exactly once) and return the text and the 1-based line of the change. */
export function plant(text: string, before: string, after: string): { text: string; line: number } {
  const at = text.indexOf(before);
  expect(at, `fixture must contain ${before}`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(before, at + 1), `fixture must contain ${before} once`).toBe(-1);
  return { text: text.slice(0, at) + after + text.slice(at + before.length), line: text.slice(0, at).split('\n').length };
}
