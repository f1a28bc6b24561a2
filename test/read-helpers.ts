/**
 * Shared helpers of the document-reader tests: fixtures, positions found by searching the
 * fixture text (so a test states *which* symbol it means), and chain flattening.
 */
import { readFileSync } from 'node:fs';
import { readDocument } from '../src/document/document.js';
import type { Derivation, MathText, SourceDocument } from '../src/document/source.js';
import type { SourcePos } from '../src/diagnostic.js';

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/read/${name}`, import.meta.url), 'utf8');

export const readFixture = (name: string): SourceDocument => readDocument(`test/fixtures/read/${name}`, fixture(name));

/** Line and column of the `occurrence`-th `needle` in `text`, moved right by `shift` characters. */
export function at(text: string, needle: string, occurrence = 1, shift = 0): SourcePos {
  let offset = -1;
  for (let k = 0; k < occurrence; k++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`fixture has no occurrence ${occurrence} of ${JSON.stringify(needle)}`);
  }
  offset += shift;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `head rel e rel e …` as a flat list, for compact expectations. */
export const chain = (d: Derivation): string[] => [d.head.latex, ...d.links.flatMap((l) => [l.relation, l.rhs.latex])];

/** The file position a MathText assigns to `offset` of its latex. */
export function positionOf(math: MathText, offset: number): SourcePos {
  let span = math.spans[0]!;
  for (const s of math.spans) if (s.offset <= offset) span = s;
  return { line: span.line, column: span.column + (offset - span.offset) };
}

export const charAt = (text: string, pos: SourcePos): string | undefined => text.split('\n')[pos.line - 1]?.[pos.column - 1];

/** Offsets of `math.latex` whose mapped file character differs from it (spaces and `&` excepted). */
export function unmappedOffsets(text: string, math: MathText): number[] {
  const bad: number[] = [];
  for (let i = 0; i < math.latex.length; i++) {
    const c = math.latex[i]!;
    if (/\s/.test(c)) continue;
    if (charAt(text, positionOf(math, i)) !== c) bad.push(i);
  }
  return bad;
}
