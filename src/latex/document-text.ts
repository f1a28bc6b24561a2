/**
 * Text with provenance for the document reader.
 *
 * Owns: `Mapped` (a string whose every character remembers the file offset it came
 * from), a linear builder for it, offset → line:column conversion, and the final
 * conversion to `MathText`. Positions therefore survive Markdown unescaping, comment
 * removal and macro expansion: characters produced by a macro map to the macro call.
 * Must not: interpret LaTeX (that is document-tokens and the stages built on it).
 *
 * Performance: every operation is linear in the characters it touches; the builder
 * grows its origin buffer geometrically.
 */
import type { SourcePos } from '../diagnostic.js';
import type { MathText } from './source.js';

/** A string plus, for each UTF-16 unit, the file offset it came from. (Plain arrays, not
 *  typed arrays: the reader makes many small pieces, and small typed arrays cost far more
 *  to allocate and collect.) */
export interface Mapped {
  readonly text: string;
  readonly origin: readonly number[];
}

export const EMPTY_MAPPED: Mapped = { text: '', origin: [] };

/** The file's characters [start, end) with their own offsets. */
export function fileSlice(file: string, start: number, end: number): Mapped {
  const origin: number[] = [];
  for (let i = start; i < end; i++) origin.push(i);
  return { text: file.slice(start, end), origin };
}

export const sliceMapped = (m: Mapped, start: number, end: number = m.text.length): Mapped =>
  ({ text: m.text.slice(start, end), origin: m.origin.slice(start, end) });

/** Collects pieces of mapped text (and synthetic text pinned to one origin) into one Mapped. */
export class MappedBuilder {
  private readonly parts: string[] = [];
  private readonly origin: number[] = [];

  get size(): number { return this.origin.length; }

  append(m: Mapped, start = 0, end = m.text.length): this {
    if (end <= start) return this;
    this.parts.push(m.text.slice(start, end));
    for (let i = start; i < end; i++) this.origin.push(m.origin[i]!);
    return this;
  }

  /** Text that has no place of its own in the file (a macro body, an inserted space). */
  appendSynthetic(text: string, origin: number): this {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) this.origin.push(origin);
    return this;
  }

  build(): Mapped {
    return { text: this.parts.join(''), origin: this.origin };
  }
}

/** Joins pieces with a single synthetic space between non-empty ones (pinned to the later piece). */
export function joinMapped(pieces: readonly Mapped[]): Mapped {
  const builder = new MappedBuilder();
  for (const piece of pieces) {
    if (piece.text.length === 0) continue;
    if (builder.size > 0) builder.appendSynthetic(' ', piece.origin[0]!);
    builder.append(piece);
  }
  return builder.build();
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

export function trimMapped(m: Mapped): Mapped {
  let start = 0;
  let end = m.text.length;
  while (start < end && isSpace(m.text[start]!)) start++;
  while (end > start && isSpace(m.text[end - 1]!)) end--;
  return start === 0 && end === m.text.length ? m : sliceMapped(m, start, end);
}

/** Maps file offsets to 1-based line and column (columns count UTF-16 units, a leading BOM excluded). */
export type PosOf = (offset: number) => SourcePos;

export function lineIndex(file: string): PosOf {
  const starts: number[] = [0];
  for (let i = file.indexOf('\n'); i >= 0; i = file.indexOf('\n', i + 1)) starts.push(i + 1);
  const bom = file.charCodeAt(0) === 0xfeff ? 1 : 0;
  return (offset: number): SourcePos => {
    const clamped = Math.max(0, Math.min(offset, file.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid; else hi = mid - 1;
    }
    const lineStart = starts[lo]! + (lo === 0 ? bom : 0);
    return { line: lo + 1, column: Math.max(1, clamped - lineStart + 1) };
  };
}

/** The MathText of a mapped piece. A span starts wherever the origin stops running on
 *  consecutively within one file line. An empty piece gets one span at `fallback`. */
export function toMathText(m: Mapped, file: string, posOf: PosOf, fallback: number): MathText {
  const spans: { offset: number; line: number; column: number }[] = [];
  for (let i = 0; i < m.text.length; i++) {
    const here = m.origin[i]!;
    const previous = i > 0 ? m.origin[i - 1]! : -2;
    if (i === 0 || here !== previous + 1 || file[previous] === '\n') spans.push({ offset: i, ...posOf(here) });
  }
  if (spans.length === 0) spans.push({ offset: 0, ...posOf(fallback) });
  return { latex: m.text, spans };
}
