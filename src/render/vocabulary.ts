/**
 * How verdicts and relations look in every rendering: one table each, so the
 * HTML report and the annotated LaTeX never disagree on a mark or a word.
 * Also the small text helpers both renderers share (numbers, step notes).
 * Owns presentation only: it must not decide or change any verdict.
 */
import { RELATION_INFO, type Relation } from '../expr/relations.js';
import type { StepReport, Verdict } from '../check/report.js';

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


/** A number as a reader wants it: integers exact, others to 6 significant digits. Deterministic. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number.parseFloat(n.toPrecision(6)));
}

/** What a step's verdict rests on, in one short line of plain text (no markup). */
export function stepNote(step: StepReport): string {
  switch (step.verdict) {
    case 'proved':
      return step.rules.length > 0 ? step.rules.join(', ') : '';
    case 'confirmed': {
      const err = step.maxError === null ? '' : `, max error ${formatNumber(step.maxError)}`;
      return `${step.samples} samples${err}`;
    }
    case 'refuted':
    case 'unverified':
    case 'error':
      return step.message;
    case 'definition':
      return step.message;
  }
}

/** Cut a note for a margin: at most `max` characters, ending in "..." when cut. */
export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
}
