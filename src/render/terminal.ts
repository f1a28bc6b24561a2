/**
 * The terminal view of a report: one line per step (`path:line:column  ✓ proved
 * from = to  (rules…)`), for a refuted step the reason on that line and one
 * counterexample block under it, what a justification cites when something is
 * wrong with it, diagnostics in `file:line:column: message` form, the summary
 * line. Colour is a parameter; the text is the same without it.
 *
 * Owns: terminal wording and layout. Must not: write anywhere — it returns strings.
 */
import { stepFails, type FileReport, type Report, type StepReport, type Summary, type Verdict } from '../check/report.js';
import { formatDiagnostic } from '../diagnostic.js';
import { citationLines, counterexampleLines, fileErrorText, problemTexts, stepEquation, stepPlace } from './step-text.js';
import { formatNumber, samplesText, verdictWords } from './vocabulary.js';

export interface Paint {
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string): string => `\x1b[${open}m${s}\x1b[${close}m`;

export function paint(enabled: boolean): Paint {
  const id = (s: string): string => s;
  if (!enabled) return { green: id, cyan: id, red: id, yellow: id, magenta: id, blue: id, dim: id, bold: id };
  return {
    green: sgr(32, 39), cyan: sgr(36, 39), red: sgr(31, 39), yellow: sgr(33, 39),
    magenta: sgr(35, 39), blue: sgr(34, 39), dim: sgr(2, 22), bold: sgr(1, 22),
  };
}

/** A step's colour: its verdict's, except that an expected refutation passes and an unmet expectation fails. */
function stepColour(p: Paint, s: StepReport): (text: string) => string {
  if (s.expected === 'refuted') return stepFails(s) ? p.red : p.green;
  const colours: Record<Verdict, (text: string) => string> = {
    proved: p.green, confirmed: p.cyan, refuted: p.red, unverified: p.yellow, error: p.magenta, definition: p.blue,
  };
  return colours[s.verdict];
}

/** The detail after a step: its rules, its sampling, or the reason for its verdict. */
function stepDetail(s: StepReport, asked: number | null): string {
  switch (s.verdict) {
    case 'proved': return s.rules.length > 0 ? `(${s.rules.join(', ')})` : '';
    case 'confirmed': return `(${samplesText(s, asked)}, max error ${s.maxError === null ? 'n/a' : formatNumber(s.maxError)})`;
    case 'definition': return '';
    default: return s.message ? `— ${s.message}` : '';
  }
}

export interface StepLineOptions {
  readonly explain: boolean;
  /** Samples the run asked for per step, to say when fewer were used; null when unknown. */
  readonly samples: number | null;
}

/** A step's line and the lines under it (counterexample, citations, --explain's proof and hypotheses). */
export function stepLines(path: string, s: StepReport, p: Paint, opts: StepLineOptions): string[] {
  if (s.verdict === 'error') {
    return [p.magenta(formatDiagnostic({ file: path, line: s.line, column: s.column, message: `${verdictWords(s)}: ${s.message}` }))];
  }
  const detail = stepDetail(s, opts.samples);
  const lines = [`${p.dim(stepPlace(path, s))}  ${stepColour(p, s)(verdictWords(s))}  ${stepEquation(s)}${detail ? `  ${p.dim(detail)}` : ''}`];
  if (s.counterexample) lines.push(...counterexampleLines(s.counterexample).map((l) => `    ${p.red(l)}`));
  lines.push(...citationLines(s).map((l) => `    ${p.yellow(l)}`));
  if (opts.explain) {
    if (s.hypotheses.length > 0) lines.push(`    ${p.dim('under')} ${s.hypotheses.join(', ')}`);
    for (const ps of s.proof) lines.push(`    ${p.dim('=')} ${ps.result}  ${p.dim(`[${ps.rule}]`)}`);
  }
  return lines;
}

/** Everything the terminal shows for one file. */
export function fileLines(file: FileReport, p: Paint, opts: StepLineOptions): string[] {
  const lines: string[] = [];
  const error = fileErrorText(file);
  if (error !== null) lines.push(p.red(error));
  lines.push(...problemTexts(file).map((t) => p.yellow(t)));
  for (const d of file.derivations) for (const s of d.steps) lines.push(...stepLines(file.path, s, p, opts));
  if (error === null && file.derivations.length === 0) lines.push(p.dim(`${file.path}: no derivations found`));
  return lines;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The counts that are always shown, then those worth a word only when they happened. */
export function summaryLine(report: Report, p: Paint): string {
  const s: Summary = report.summary;
  const parts = [
    p.green(`${s.proved} proved`), p.cyan(`${s.confirmed} confirmed`), p.red(`${s.refuted} refuted`),
    p.yellow(`${s.unverified} unverified`), p.magenta(plural(s.errors, 'error')),
  ];
  if (s.definitions > 0) parts.push(p.blue(plural(s.definitions, 'definition')));
  if (s.expectedRefutations > 0) parts.push(p.green(`${s.expectedRefutations} refuted as expected`));
  if (s.unmetExpectations > 0) parts.push(p.red(`${plural(s.unmetExpectations, 'expected refutation')} not met`));
  if (s.problems > 0) parts.push(p.yellow(plural(s.problems, 'read problem')));
  return `${p.bold(plural(s.steps, 'step'))}: ${parts.join(', ')} — ${plural(report.files.length, 'file')}, seed ${report.seed}`;
}
