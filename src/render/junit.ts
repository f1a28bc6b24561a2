/**
 * JUnit XML for CI systems: one <testsuite> per file, one <testcase> per step,
 * named so a CI page reads on its own: `path:line from = to` (a definition:
 * `path:line definition a := b`), with the time the step took. Refuted →
 * <failure> with the counterexample; error → <error>; unverified → <skipped>
 * with the reason, or a <failure> under --strict; an expected refutation that
 * came is a pass, one that did not is a failure; a file that cannot be read →
 * one <testcase> with an <error>.
 *
 * Owns: the XML shape and escaping. Must not: read files or change verdicts.
 * Everything that comes from input (paths, LaTeX, messages) is escaped, and
 * characters XML 1.0 cannot hold at all are replaced, so the output always parses.
 */
import { stepFails, type FileReport, type Report, type StepReport } from '../check/report.js';
import { failureLines, fileErrorText, problemTexts, stepEquation } from './step-text.js';
import { shorten, verdictWords } from './vocabulary.js';

/** Characters outside XML 1.0's Char production (controls, lone surrogates, U+FFFE/F). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Longest test name, in characters: CI pages show names on one line. */
const NAME_MAX = 160;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const attrs = (pairs: Record<string, string | number>): string =>
  Object.entries(pairs).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');

export interface JunitOptions {
  /** Unverified steps are failures (as with `deriva check --strict`). */
  readonly strict?: boolean;
}

interface Counts { tests: number; failures: number; errors: number; skipped: number; time: number }

interface Case {
  readonly name: string;
  readonly body: string;
  readonly kind: 'pass' | 'failure' | 'error' | 'skipped';
  /** Seconds. */
  readonly time: number;
}

/** Seconds with millisecond resolution, the unit JUnit readers expect. */
const seconds = (ms: number): number => Math.round(ms) / 1000;

const stepSeconds = (s: StepReport): number => (s.timing ? seconds(s.timing.proofMs + s.timing.numericMs) : 0);

/** `path:line from = to`: where the step is and what it claims. */
export function testName(path: string, step: StepReport): string {
  const what = step.verdict === 'definition' ? `definition ${stepEquation(step)}` : stepEquation(step);
  return shorten(`${path}:${step.line} ${what}`, NAME_MAX);
}

function stepCase(file: FileReport, step: StepReport, strict: boolean): Case {
  const name = testName(file.path, step);
  const time = stepSeconds(step);
  const detail = failureLines(file.path, step).join('\n');
  const message = step.message || verdictWords(step);
  if (step.verdict === 'error') {
    return { name, time, kind: 'error', body: `<error${attrs({ message, type: 'input-error' })}>${escapeXml(detail)}</error>` };
  }
  if (step.expected === 'refuted') {
    if (!stepFails(step)) return { name, time, kind: 'pass', body: `<system-out>${escapeXml(verdictWords(step))}</system-out>` };
    return { name, time, kind: 'failure', body: `<failure${attrs({ message: verdictWords(step), type: 'expected-refutation' })}>${escapeXml(detail)}</failure>` };
  }
  if (step.verdict === 'refuted') {
    return { name, time, kind: 'failure', body: `<failure${attrs({ message, type: 'refuted' })}>${escapeXml(detail)}</failure>` };
  }
  if (step.verdict === 'unverified') {
    return strict
      ? { name, time, kind: 'failure', body: `<failure${attrs({ message: `unverified: ${step.message}`, type: 'unverified' })}>${escapeXml(detail)}</failure>` }
      : { name, time, kind: 'skipped', body: `<skipped${attrs({ message: `unverified: ${step.message}` })}/>` };
  }
  return { name, time, kind: 'pass', body: '' };
}

function fileCases(file: FileReport, strict: boolean): Case[] {
  const cases: Case[] = [];
  const error = fileErrorText(file);
  if (error !== null) {
    cases.push({ name: `${file.path} (file)`, time: 0, kind: 'error', body: `<error${attrs({ message: file.error!.message, type: 'input-error' })}>${escapeXml(error)}</error>` });
  }
  for (const d of file.derivations) for (const s of d.steps) cases.push(stepCase(file, s, strict));
  return cases;
}

function count(cases: readonly Case[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.kind === 'failure').length,
    errors: cases.filter((c) => c.kind === 'error').length,
    skipped: cases.filter((c) => c.kind === 'skipped').length,
    time: seconds(cases.reduce((sum, c) => sum + c.time * 1000, 0)),
  };
}

function suiteXml(file: FileReport, strict: boolean): { xml: string; counts: Counts } {
  const cases = fileCases(file, strict);
  const counts = count(cases);
  const lines = [`  <testsuite${attrs({ name: file.path, ...counts })}>`];
  const problems = problemTexts(file);
  if (problems.length > 0) lines.push(`    <system-err>${escapeXml(problems.join('\n'))}</system-err>`);
  for (const c of cases) {
    const open = `    <testcase${attrs({ classname: file.path, name: c.name, time: c.time })}`;
    lines.push(c.body ? `${open}>\n      ${c.body}\n    </testcase>` : `${open}/>`);
  }
  lines.push('  </testsuite>');
  return { xml: lines.join('\n'), counts };
}

/** The whole report as a JUnit XML document. */
export function toJunitXml(report: Report, options: JunitOptions = {}): string {
  const strict = options.strict ?? report.run?.strict ?? false;
  const suites = report.files.map((f) => suiteXml(f, strict));
  const total = suites.reduce<Counts>((acc, s) => ({
    tests: acc.tests + s.counts.tests, failures: acc.failures + s.counts.failures,
    errors: acc.errors + s.counts.errors, skipped: acc.skipped + s.counts.skipped,
    time: seconds((acc.time + s.counts.time) * 1000),
  }), { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'deriva', ...total })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
