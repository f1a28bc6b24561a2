/**
 * Annotated LaTeX: each derivation of a report re-emitted as one align*, one
 * step per row, with the verdict mark and what it rests on (rule names,
 * sample count, the counterexample) as the row's tag, and the full message,
 * counterexample and citations in `%` comments.
 *
 * Fitting the page: every row starts at the left margin (`& = …`), a formula
 * wider than the line is scaled down to fit (\derivafit), and the note is a
 * ragged paragraph of bounded width (\derivanote) set as the row's tag, which
 * amsmath moves under the row when the two do not fit side by side. So no row
 * is wider than the text, whatever the formula or the note. The output needs
 * amsmath, amssymb and graphicx; its align* bodies parse with KaTeX given the
 * two macros (see DERIVA_KATEX_MACROS). Reads the report only.
 */
import type { Counterexample, DerivationReport, FileReport, StepReport } from '../check/report.js';
import { startsRow } from './formula-plan.js';
import { cleanFormula, commentText, escapeLatexText } from './latex-clean.js';
import { citationText, formatNumber, relationLatex, shorten, stepNote, VERDICT_LOOK, verdictLabel } from './vocabulary.js';

/** Longest note beside a row, in characters: longer text goes to the comment lines only. */
const NOTE_MAX = 110;
/** Counterexample entries shown beside the row; all of them are in the comment. */
const NOTE_ASSIGNMENTS_MAX = 3;

/** The two macros of the output, for a KaTeX that renders its align* bodies (KaTeX scales nothing). */
export const DERIVA_KATEX_MACROS: Readonly<Record<string, string>> = {
  '\\derivafit': '#1',
  '\\derivanote': '\\text{$#1$\\ #2}',
};

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

/** Text-mode note of a refutation: both sides' values and (the first few of) the instance. */
function counterexampleNote(cex: Counterexample): string {
  const entries = Object.entries(cex.assignment);
  const shown = entries.slice(0, NOTE_ASSIGNMENTS_MAX).map(([k, v]) => `$${symbolLatex(k)} = ${numberLatex(v)}$`);
  const more = entries.length > shown.length ? ', $\\dots$' : '';
  const at = shown.length > 0 ? ` at ${shown.join(', ')}${more}` : '';
  return `: left side $${numberLatex(cex.lhs)}$, right side $${numberLatex(cex.rhs)}$${at}`;
}

/** The row's tag: the verdict mark and a short note, in a paragraph that wraps. */
export function stepAnnotation(step: StepReport): string {
  const look = VERDICT_LOOK[step.verdict];
  const label = escapeLatexText(verdictLabel(step));
  if (step.verdict === 'refuted' && step.counterexample) {
    return `\\tag*{\\derivanote{${look.latexMark}}{${label}${counterexampleNote(step.counterexample)}}}`;
  }
  const note = step.verdict === 'definition' ? '' : shorten(stepNote(step), NOTE_MAX);
  return `\\tag*{\\derivanote{${look.latexMark}}{${label}${note === '' ? '' : `: ${escapeLatexText(note)}`}}}`;
}

/** `%` lines saying in full what the note may have cut: message, counterexample, justification, citations. */
function stepComments(step: StepReport): string[] {
  const lines: string[] = [];
  const head = `% line ${step.line}: ${verdictLabel(step)}`;
  const note = stepNote(step);
  lines.push(commentText(note === '' ? head : `${head}: ${note}`));
  const cex = step.counterexample;
  if (cex) {
    const assignment = Object.entries(cex.assignment).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
    lines.push(commentText(`%   at ${assignment || '(no free symbols)'}: lhs = ${formatNumber(cex.lhs)}, rhs = ${formatNumber(cex.rhs)} (replay with --seed ${cex.seed})`));
  }
  if (step.justification) lines.push(commentText(`%   justification: ${step.justification}`));
  for (const c of step.citations) {
    const text = citationText(c);
    if (text !== null) lines.push(commentText(`%   ${text}`));
  }
  return lines;
}

/** The rows of one align*: a step's left side starts a row whenever it is not the previous step's right side. */
function derivationRows(steps: readonly StepReport[]): string[] {
  const rows: string[] = [];
  for (const [k, step] of steps.entries()) {
    const last = k === steps.length - 1;
    rows.push(...stepComments(step).map((c) => `  ${c}`));
    if (startsRow(steps, k)) rows.push(`  & \\derivafit{${cleanFormula(step.from)}} \\\\`);
    const rel = relationLatex(step.relation);
    rows.push(`    &${rel} \\derivafit{${cleanFormula(step.to)}} ${stepAnnotation(step)}${last ? '' : ' \\\\'}`);
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

/** The preamble: packages, and the two macros every row uses (see the module header). */
export const LATEX_PREAMBLE = [
  '\\documentclass{article}',
  '\\usepackage{amsmath}',
  '\\usepackage{amssymb}',
  '\\usepackage{graphicx}',
  '\\allowdisplaybreaks',
  '% deriva: a formula wider than the line is scaled to fit; a note is a ragged paragraph beside or under its row.',
  '\\newsavebox{\\derivabox}',
  '\\newlength{\\derivawidth}',
  '\\newcommand{\\derivafit}[1]{\\setlength{\\derivawidth}{\\dimexpr\\linewidth-3em\\relax}%',
  '  \\savebox{\\derivabox}{$\\displaystyle #1$}%',
  '  \\ifdim\\wd\\derivabox>\\derivawidth\\resizebox{\\derivawidth}{!}{\\usebox{\\derivabox}}\\else\\usebox{\\derivabox}\\fi}',
  '\\newcommand{\\derivanote}[2]{\\parbox[t]{.42\\linewidth}{\\raggedleft\\footnotesize $#1$\\ #2}}',
];

/** A standalone document holding every file, each under its own heading. */
export function renderLatexDocument(files: readonly FileReport[]): string {
  const body = files.map((f) => `\\section*{\\texttt{${escapeLatexText(f.path, { breakAfterSlash: true })}}}\n${renderLatex(f)}`);
  if (body.length === 0) body.push('No files were checked.');
  return [...LATEX_PREAMBLE, '\\begin{document}', ...body, '\\end{document}', ''].join('\n');
}
