/**
 * Plain-text descriptions of steps and files, shared by every text consumer of a
 * report (terminal, JUnit, the vitest integration) so that a refuted step reads
 * the same everywhere: both sides, the instance, both values, and the seed.
 *
 * Owns: wording and number formatting. Must not: colour, print, or decide verdicts.
 */
import { formatDiagnostic } from '../diagnostic.js';
import { RELATION_INFO, type Relation } from '../expr/relations.js';
import type { Counterexample, FileReport, StepReport } from '../check/report.js';


export const relationSymbol = (r: Relation): string => RELATION_INFO[r].symbol;

/** Short, stable numbers: 0.25, 1.41421, 3e-16, 1.2e+9. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return n.toExponential(1).replace(/\.0e/, 'e');
  return String(Number(n.toPrecision(6)));
}

/** LaTeX rows may span source lines; on one output line, any run of white space is one space. */
const oneLine = (latex: string): string => latex.replace(/\s+/g, ' ').trim();

export const stepEquation = (s: StepReport): string => `${oneLine(s.from)} ${relationSymbol(s.relation)} ${oneLine(s.to)}`;

/** The instance and both sides' values, with the seed that replays it. */
export function counterexampleLines(ce: Counterexample, seed: number): string[] {
  const values = Object.entries(ce.assignment).map(([name, v]) => `${name} = ${formatNumber(v)}`);
  return [
    `counterexample: ${values.length > 0 ? values.join(', ') : '(no free symbols)'}`,
    `left side = ${formatNumber(ce.lhs)}, right side = ${formatNumber(ce.rhs)}  (replay with --seed ${seed})`,
  ];
}

/** Why a step did not pass, as lines: what was claimed, and the evidence against it. */
export function failureLines(path: string, step: StepReport, seed: number): string[] {
  const where = formatDiagnostic({ file: path, line: step.line, column: step.column, message: `step ${step.verdict}` });
  const lines = [where, `  ${stepEquation(step)}`];
  if (step.message) lines.push(`  ${step.message}`);
  if (step.counterexample) lines.push(...counterexampleLines(step.counterexample, seed).map((l) => `  ${l}`));
  return lines;
}

/** `file:line:column: message` for a file that could not be read. */
export function fileErrorText(file: FileReport): string | null {
  if (!file.error) return null;
  return formatDiagnostic({ file: file.path, ...file.error });
}

/** Read problems that did not stop the file, as diagnostics. */
export const problemTexts = (file: FileReport): string[] =>
  file.problems.map((p) => formatDiagnostic({ file: file.path, ...p }));

const isWrong = (s: StepReport): boolean => s.verdict === 'refuted' || s.verdict === 'error';

/** The line of the first refuted or erroneous step (or of the file error), else null. */
export function firstWrongLine(file: FileReport): number | null {
  if (file.error) return file.error.line;
  for (const d of file.derivations) for (const s of d.steps) if (isWrong(s)) return s.line;
  return null;
}
