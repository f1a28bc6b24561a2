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
import type { MathText } from '../diagnostic.js';

/**
 * A string plus where each UTF-16 unit came from, as runs: `runs` is a flat list of triples
 * `at, origin, step` meaning that from text offset `at` (until the next run) the character
 * at i came from file offset `origin + step·(i − at)`. Step 1 is text copied from the file,
 * step 0 text made up at one place (a macro body maps to its call). Runs keep pieces small:
 * a copied display is one run, not one number per character.
 */
export interface Mapped {
  readonly text: string;
  readonly runs: readonly number[];
}

export const EMPTY_MAPPED: Mapped = { text: '', runs: [] };

/** The file's characters [start, end) with their own offsets. */
export const fileSlice = (file: string, start: number, end: number): Mapped =>
  ({ text: file.slice(start, end), runs: end > start ? [0, start, 1] : [] });

/** Index (into `runs`, a multiple of 3) of the run holding text offset i. */
function runIndex(m: Mapped, i: number): number {
  let lo = 0;
  let hi = m.runs.length / 3 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.runs[mid * 3]! <= i) lo = mid; else hi = mid - 1;
  }
  return lo * 3;
}

/** File offset of text offset i (the last character's origin when i is at the end). */
export function originAt(m: Mapped, i: number): number {
  if (m.runs.length === 0) return 0;
  const at = Math.min(i, Math.max(0, m.text.length - 1));
  const r = runIndex(m, at);
  return m.runs[r + 1]! + m.runs[r + 2]! * (at - m.runs[r]!);
}

export function sliceMapped(m: Mapped, start: number, end: number = m.text.length): Mapped {
  return new MappedBuilder().append(m, start, end).build();
}

/** Collects pieces of mapped text (and synthetic text pinned to one origin) into one Mapped. */
export class MappedBuilder {
  private readonly parts: string[] = [];
  private readonly runs: number[] = [];
  private length = 0;

  get size(): number { return this.length; }

  append(m: Mapped, start = 0, end = m.text.length): this {
    if (end <= start) return this;
    this.parts.push(start === 0 && end === m.text.length ? m.text : m.text.slice(start, end));
    for (let r = runIndex(m, start); r < m.runs.length && m.runs[r]! < end; r += 3) {
      const from = Math.max(start, m.runs[r]!);
      const step = m.runs[r + 2]!;
      this.pushRun(this.length + from - start, m.runs[r + 1]! + step * (from - m.runs[r]!), step);
    }
    this.length += end - start;
    return this;
  }

  /** Text that has no place of its own in the file (a macro body, an inserted space). */
  appendSynthetic(text: string, origin: number): this {
    if (text.length === 0) return this;
    this.parts.push(text);
    this.pushRun(this.length, origin, 0);
    this.length += text.length;
    return this;
  }

  build(): Mapped {
    return { text: this.parts.join(''), runs: this.runs };
  }

  /** Adds a run, merging it into the previous one when it simply continues it. */
  private pushRun(at: number, origin: number, step: number): void {
    const n = this.runs.length;
    if (n > 0) {
      const previousStep = this.runs[n - 1]!;
      const continued = this.runs[n - 2]! + previousStep * (at - this.runs[n - 3]!);
      if (previousStep === step && continued === origin) return;
    }
    this.runs.push(at, origin, step);
  }
}

/** Smallest and largest file offset of the non-whitespace characters (Infinity/-Infinity if none). */
export function nonSpaceOriginRange(m: Mapped): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < m.runs.length; r += 3) {
    const runEnd = r + 3 < m.runs.length ? m.runs[r + 3]! : m.text.length;
    for (let i = m.runs[r]!; i < runEnd; i++) {
      const c = m.text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      const origin = m.runs[r + 1]! + m.runs[r + 2]! * (i - m.runs[r]!);
      if (origin < min) min = origin;
      if (origin > max) max = origin;
    }
  }
  return [min, max];
}

/** Joins pieces with a single synthetic space between non-empty ones (pinned to the later piece). */
export function joinMapped(pieces: readonly Mapped[]): Mapped {
  const builder = new MappedBuilder();
  for (const piece of pieces) {
    if (piece.text.length === 0) continue;
    if (builder.size > 0) builder.appendSynthetic(' ', originAt(piece, 0));
    builder.append(piece);
  }
  return builder.build();
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

/** The MathText of a mapped piece. A span starts at each run, after each file line break inside
 *  a copied run, and at every character of made-up text (all of which maps to one place).
 *  An empty piece gets one span at `fallback`. */
export function toMathText(m: Mapped, file: string, posOf: PosOf, fallback: number): MathText {
  const spans: { offset: number; line: number; column: number }[] = [];
  for (let r = 0; r < m.runs.length; r += 3) {
    const at = m.runs[r]!;
    const origin = m.runs[r + 1]!;
    const runEnd = r + 3 < m.runs.length ? m.runs[r + 3]! : m.text.length;
    if (m.runs[r + 2] === 0) {
      const pos = posOf(origin);
      for (let i = at; i < runEnd; i++) spans.push({ offset: i, ...pos });
      continue;
    }
    spans.push({ offset: at, ...posOf(origin) });
    // Inside a copied run the text is the file's own characters, so its line breaks are the file's.
    for (let nl = m.text.indexOf('\n', at); nl >= 0 && nl + 1 < runEnd; nl = m.text.indexOf('\n', nl + 1)) {
      spans.push({ offset: nl + 1, ...posOf(origin + (nl + 1 - at)) });
    }
  }
  if (spans.length === 0) spans.push({ offset: 0, ...posOf(fallback) });
  return { latex: m.text, spans };
}
