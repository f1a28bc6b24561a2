/**
 * Plain-text descriptions of steps and files, shared by every text consumer of a
 * report (terminal, JUnit, the vitest integration) so that a refuted step reads
 * the same everywhere: where it is, what it claims, the reason, and one
 * counterexample block that names the seed once (from the counterexample).
 *
 * Owns: plain-text wording. Must not: colour, print, or decide verdicts.
 */
import { formatDiagnostic } from '../diagnostic.js';
import { stepFails, type Counterexample, type FileReport, type StepReport } from '../check/report.js';
import { citationText, formatNumber, relationSymbol, verdictWords } from './vocabulary.js';

/** LaTeX rows may span source lines; on one output line, any run of white space is one space. */
const oneLine = (latex: string): string => latex.replace(/\s+/g, ' ').trim();

export const stepEquation = (s: StepReport): string => `${oneLine(s.from)} ${relationSymbol(s.relation)} ${oneLine(s.to)}`;

/** `path:line:column`, the step's own position (where its relation stands). */
export const stepPlace = (path: string, s: StepReport): string => `${path}:${s.line}:${s.column}`;

/** The instance and both sides' values; the seed that replays it, once. */
export function counterexampleLines(ce: Counterexample): string[] {
  const values = Object.entries(ce.assignment).map(([name, v]) => `${name} = ${formatNumber(v)}`);
  return [
    `counterexample: ${values.length > 0 ? values.join(', ') : '(no free symbols)'}  (replay with --seed ${ce.seed})`,
    `left side = ${formatNumber(ce.lhs)}, right side = ${formatNumber(ce.rhs)}`,
  ];
}

/** What the step's justification cites, where there is something to say about it. */
export const citationLines = (step: StepReport): string[] =>
  step.citations.map(citationText).filter((t): t is string => t !== null);

/** Why a step did not pass, as lines: where, what was claimed, the reason, and the evidence against it. */
export function failureLines(path: string, step: StepReport): string[] {
  const lines = [formatDiagnostic({ file: path, line: step.line, column: step.column, message: verdictWords(step) }), `  ${stepEquation(step)}`];
  if (step.message) lines.push(`  ${step.message}`);
  if (step.counterexample) lines.push(...counterexampleLines(step.counterexample).map((l) => `  ${l}`));
  lines.push(...citationLines(step).map((l) => `  ${l}`));
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

/** The line of the first step that fails the run (or of the file error), else null. */
export function firstWrongLine(file: FileReport): number | null {
  if (file.error) return file.error.line;
  for (const d of file.derivations) for (const s of d.steps) if (stepFails(s)) return s.line;
  return null;
}
