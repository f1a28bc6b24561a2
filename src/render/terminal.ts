/**
 * The terminal view of a report: one line per step (`path:line  ✓ proved  from = to
 * (rules…)`), counterexamples under refuted steps, diagnostics in `file:line:column:
 * message` form, the summary line. Colour is a parameter; the text is the same without it.
 *
 * Owns: terminal wording and layout. Must not: write anywhere — it returns strings.
 */
import type { FileReport, Report, StepReport, Summary, Verdict } from '../check/report.js';
import { formatDiagnostic } from '../diagnostic.js';
import { counterexampleLines, fileErrorText, formatNumber, problemTexts, stepEquation } from './step-text.js';

export interface Paint {
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string): string => `\x1b[${open}m${s}\x1b[${close}m`;

export function paint(enabled: boolean): Paint {
  const id = (s: string): string => s;
  if (!enabled) return { green: id, cyan: id, red: id, yellow: id, magenta: id, dim: id, bold: id };
  return {
    green: sgr(32, 39), cyan: sgr(36, 39), red: sgr(31, 39), yellow: sgr(33, 39),
    magenta: sgr(35, 39), dim: sgr(2, 22), bold: sgr(1, 22),
  };
}

const MARKS: Record<Verdict, string> = {
  proved: '✓ proved', confirmed: '≈ confirmed', refuted: '✗ refuted', unverified: '? unverified', error: '! error', definition: '≔ definition',
};

function markColour(p: Paint, v: Verdict): (s: string) => string {
  const colours: Record<Verdict, (s: string) => string> = {
    proved: p.green, confirmed: p.cyan, refuted: p.red, unverified: p.yellow, error: p.magenta, definition: p.dim,
  };
  return colours[v];
}

/** The detail in parentheses after a step: its rules, its sampling, or why it is undecided. */
function stepDetail(s: StepReport): string {
  switch (s.verdict) {
    case 'proved': return s.rules.length > 0 ? `(${s.rules.join(', ')})` : '';
    case 'confirmed': return `(${s.samples} samples, max error ${s.maxError === null ? 'n/a' : formatNumber(s.maxError)})`;
    default: return s.message ? `— ${s.message}` : '';
  }
}

export interface StepLineOptions { readonly explain: boolean; readonly seed: number }

/** A step's line and the lines under it (counterexample, --explain proof). */
export function stepLines(path: string, s: StepReport, p: Paint, opts: StepLineOptions): string[] {
  if (s.verdict === 'error') {
    return [p.magenta(formatDiagnostic({ file: path, line: s.line, column: s.column, message: `! error: ${s.message}` }))];
  }
  const mark = markColour(p, s.verdict)(MARKS[s.verdict]);
  const detail = stepDetail(s);
  const lines = [`${p.dim(`${path}:${s.line}`)}  ${mark}  ${stepEquation(s)}${detail ? `  ${p.dim(detail)}` : ''}`];
  if (s.counterexample) lines.push(...counterexampleLines(s.counterexample, opts.seed).map((l) => `    ${p.red(l)}`));
  if (opts.explain) {
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

export function summaryLine(report: Report, p: Paint): string {
  const s: Summary = report.summary;
  const parts = [
    p.green(`${s.proved} proved`), p.cyan(`${s.confirmed} confirmed`), p.red(`${s.refuted} refuted`),
    p.yellow(`${s.unverified} unverified`), p.magenta(plural(s.errors, 'error')),
  ];
  return `${p.bold(plural(s.steps, 'step'))}: ${parts.join(', ')} — ${plural(report.files.length, 'file')}, seed ${report.seed}`;
}
