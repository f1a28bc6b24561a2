/**
 * Per-step seeds: each step samples from a seed derived from the run's seed,
 * the file path and the step's position, so a report does not depend on the
 * order files are checked in (parallel workers) and `--seed N` replays it
 * byte for byte. Only the basename counts, so `./a.tex` and `a.tex` agree.
 */
import { basename } from 'node:path';

/** FNV-1a over the text, folded with the run seed; a positive 31-bit integer. */
export function stepSeed(runSeed: number, path: string, stepIndex: number): number {
  let h = 0x811c9dc5 ^ (runSeed >>> 0);
  const text = `${basename(path)}#${stepIndex}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) || 1;
}
