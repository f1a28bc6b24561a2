/**
 * How verdicts, relations, numbers and citations read in every rendering —
 * terminal, JUnit, vitest, HTML and LaTeX: one table or function each, so no
 * two views of one report disagree on a mark, a word or a digit.
 *
 * Owns presentation only: it must not decide or change any verdict (which
 * steps fail the run is `stepFails` in check/report.ts).
 */
import { RELATION_INFO, type Relation } from '../expr/relations.js';
import type { Citation, StepReport, Verdict } from '../check/report.js';

export interface VerdictLook {
  /** The mark a reader scans for; always shown beside the word, never colour alone. */
  readonly mark: string;
  /** The word printed after the mark. */
  readonly label: string;
  /** The same mark in LaTeX math mode (amssymb), for the annotated LaTeX. */
  readonly latexMark: string;
}

export const VERDICT_LOOK: Readonly<Record<Verdict, VerdictLook>> = {
  proved: { mark: '✓', label: 'proved', latexMark: '\\checkmark' },
  confirmed: { mark: '≈', label: 'confirmed', latexMark: '\\approx' },
  refuted: { mark: '✗', label: 'refuted', latexMark: '\\times' },
  unverified: { mark: '?', label: 'unverified', latexMark: '?' },
  error: { mark: '!', label: 'error', latexMark: '!' },
  definition: { mark: '≔', label: 'definition', latexMark: '\\mathrel{:=}' },
};

/** Verdicts in the order summaries list them. */
export const VERDICT_ORDER: readonly Verdict[] = ['proved', 'confirmed', 'refuted', 'unverified', 'error', 'definition'];

/** Each relation as LaTeX both amsmath and KaTeX accept. */
export const relationLatex = (r: Relation): string => RELATION_INFO[r].latex;

/** Each relation as one Unicode symbol, for plain text. */
export const relationSymbol = (r: Relation): string => RELATION_INFO[r].symbol;

/**
 * The one number format of every view: integers exact; others to 6 significant
 * digits, in exponent form when very small or very large (3.2e-13, 1.5e+9);
 * infinities as ∞. Deterministic.
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const short = Number(n.toPrecision(6));
  const abs = Math.abs(short);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e9) ? short.toExponential() : String(short);
}

/** A step's verdict in words, including whether it was the refutation its writer expected. */
export function verdictLabel(step: StepReport): string {
  const { label } = VERDICT_LOOK[step.verdict];
  if (step.expected !== 'refuted') return label;
  return step.verdict === 'refuted' ? `${label} (expected)` : `${label}, but a refutation was expected`;
}

/** The mark and the words: `✗ refuted (expected)`. */
export const verdictWords = (step: StepReport): string => `${VERDICT_LOOK[step.verdict].mark} ${verdictLabel(step)}`;

/** Sampled instances, and why fewer than the run asked for when that happened. */
export function samplesText(step: StepReport, asked: number | null): string {
  const n = step.samples;
  const counted = `${n} sample${n === 1 ? '' : 's'}`;
  if (asked === null || n >= asked) return counted;
  return `${n} of ${asked} samples${step.samplesNote ? ` (${step.samplesNote})` : ''}`;
}

/** What a step's verdict rests on, in one short line of plain text (no markup). */
export function stepNote(step: StepReport, asked: number | null = null): string {
  switch (step.verdict) {
    case 'proved':
      return step.rules.length > 0 ? step.rules.join(', ') : '';
    case 'confirmed': {
      const err = step.maxError === null ? '' : `, max error ${formatNumber(step.maxError)}`;
      return `${samplesText(step, asked)}${err}`;
    }
    case 'refuted':
    case 'unverified':
    case 'error':
    case 'definition':
      return step.message;
  }
}

/**
 * What a reader should hear about one citation, or null when there is nothing to
 * say (the cited rule did the work). The checker's note is used as written when
 * it gave one.
 */
export function citationText(c: Citation): string | null {
  if (c.rules.length === 0) return c.note !== '' ? c.note : `“${c.text}” names no rule`;
  if (c.used) return null;
  const cited = `“${c.text}” cites ${c.rules.join(', ')}`;
  return c.note !== '' ? `${cited}, not used: ${c.note}` : `${cited}, which this step's proof did not use`;
}

/** Cut a note for a margin: at most `max` characters, ending in "..." when cut. */
export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
}
