/**
 * Annotated LaTeX: each derivation of a report re-emitted as one align*,
 * one step per row, with the verdict mark and what it rests on (rule names,
 * sample count, the counterexample) in the right margin, and the full message
 * in `%` comments. The output compiles with amsmath + amssymb and parses with
 * KaTeX. Reads the report only; it never parses or checks anything.
 */
import type { Counterexample, DerivationReport, FileReport, StepReport } from '../check/report.js';
import { cleanFormula, commentText, escapeLatexText } from './latex-clean.js';
import { relationLatex, VERDICT_LOOK, formatNumber, shorten, stepNote } from './vocabulary.js';

/** Longest margin note, in characters: longer text goes to the comment lines only. */
const MARGIN_NOTE_MAX = 60;
/** Counterexample entries shown in the margin; all of them are in the comment. */
const MARGIN_ASSIGNMENTS_MAX = 3;

/** Control words a counterexample symbol may use to be typeset as maths rather than as text. */
const SYMBOL_WORDS = /^\\(alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega|bar|hat|tilde|mathbf|mathcal|boldsymbol|top|prime)$/;

/** True when `key` is a plain symbol name (`x`, `\mu_j`, `P(x=1)`) that is safe to set in math mode. */
function isPlainSymbol(key: string): boolean {
  if (!/^(\\[A-Za-z]+|[A-Za-z0-9_^{}(),.=+\-' ])+$/.test(key) || key.length > 40) return false;
  if (!(key.match(/\\[A-Za-z]+/g) ?? []).every((w) => SYMBOL_WORDS.test(w))) return false;
  let depth = 0;
  for (const c of key) {
    depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const symbolLatex = (key: string): string => (isPlainSymbol(key) ? key : `\\text{${escapeLatexText(key)}}`);

/** A number in math mode: `1.5e-7` as `1.5\times 10^{-7}`, infinities as `\infty`. */
function numberLatex(n: number): string {
  if (Number.isNaN(n)) return '\\text{NaN}';
  if (!Number.isFinite(n)) return n > 0 ? '\\infty' : '-\\infty';
  const [mantissa, exponent] = formatNumber(n).split('e');
  return exponent === undefined ? mantissa! : `${mantissa}\\times 10^{${Number(exponent)}}`;
}

function counterexampleMargin(cex: Counterexample): string {
  const entries = Object.entries(cex.assignment);
  const shown = entries.slice(0, MARGIN_ASSIGNMENTS_MAX).map(([k, v]) => `${symbolLatex(k)} = ${numberLatex(v)}`);
  const more = entries.length > shown.length ? ',\\ \\dots' : '';
  const at = shown.length > 0 ? `\\text{ at }${shown.join(',\\ ')}${more}` : '';
  return `\\text{refuted: }${numberLatex(cex.lhs)} \\ne ${numberLatex(cex.rhs)}${at}`;
}

/** The right-margin annotation of one step, after `&&`. */
export function stepAnnotation(step: StepReport): string {
  const look = VERDICT_LOOK[step.verdict];
  if (step.verdict === 'refuted' && step.counterexample) {
    return `${look.latexMark}\\ ${counterexampleMargin(step.counterexample)}`;
  }
  const note = shorten(stepNote(step), MARGIN_NOTE_MAX);
  return `${look.latexMark}\\ \\text{${escapeLatexText(note === '' ? look.label : `${look.label}: ${note}`)}}`;
}

/** `%` lines saying in full what the margin may have cut: message, counterexample, justification. */
function stepComments(step: StepReport): string[] {
  const lines: string[] = [];
  const head = `% line ${step.line}: ${VERDICT_LOOK[step.verdict].label}`;
  const note = stepNote(step);
  lines.push(commentText(note === '' ? head : `${head}: ${note}`));
  const cex = step.counterexample;
  if (cex) {
    const assignment = Object.entries(cex.assignment).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
    lines.push(commentText(`%   at ${assignment || '(no free symbols)'}: lhs = ${formatNumber(cex.lhs)}, rhs = ${formatNumber(cex.rhs)}`));
  }
  if (step.justification) lines.push(commentText(`%   justification: ${step.justification}`));
  return lines;
}

/** The rows of one align*: `from` starts a row whenever it is not the previous step's `to`. */
function derivationRows(steps: readonly StepReport[]): string[] {
  const rows: string[] = [];
  let previousTo: string | null = null;
  for (const [k, step] of steps.entries()) {
    const last = k === steps.length - 1;
    rows.push(...stepComments(step).map((c) => `  ${c}`));
    if (step.from !== previousTo) rows.push(`  ${cleanFormula(step.from)}`);
    const rel = relationLatex(step.relation);
    rows.push(`    &${rel} ${cleanFormula(step.to)} && ${stepAnnotation(step)}${last ? '' : ' \\\\'}`);
    previousTo = step.to;
  }
  return rows;
}

function renderDerivation(d: DerivationReport): string {
  const head = commentText(`% derivation ${d.name} (line ${d.line})`);
  if (d.steps.length === 0) return `${head}\n% (no steps)\n`;
  return [head, '\\begin{align*}', ...derivationRows(d.steps), '\\end{align*}', ''].join('\n');
}

/** The file's derivations as annotated LaTeX: one align* each, preceded by comments naming file and derivation. */
export function renderLatex(file: FileReport): string {
  const parts = [commentText(`% deriva: ${file.path}`)];
  if (file.error) {
    const { line, column, message } = file.error;
    parts.push(commentText(`% cannot be read: ${file.path}:${line}:${column}: ${message}`));
  }
  for (const p of file.problems) parts.push(commentText(`% problem: ${file.path}:${p.line}:${p.column}: ${p.message}`));
  if (!file.error && file.derivations.length === 0) parts.push('% (no derivations)');
  return `${parts.join('\n')}\n${file.derivations.map(renderDerivation).join('\n')}`;
}

const PREAMBLE = [
  '\\documentclass{article}',
  '\\usepackage{amsmath}',
  '\\usepackage{amssymb}',
  '\\allowdisplaybreaks',
  '\\begin{document}',
];

/** A standalone document (amsmath + amssymb) holding every file, each under its own heading. */
export function renderLatexDocument(files: readonly FileReport[]): string {
  const body = files.map((f) => `\\section*{\\texttt{${escapeLatexText(f.path)}}}\n${renderLatex(f)}`);
  if (body.length === 0) body.push('No files were checked.');
  return [...PREAMBLE, ...body, '\\end{document}', ''].join('\n');
}
