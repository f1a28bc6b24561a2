/**
 * JUnit XML for CI systems: one <testsuite> per file, one <testcase> per step
 * (classname = file path, name = `derivation:line relation`). Refuted → <failure>
 * with the counterexample; error → <error>; unverified → <skipped> with the
 * reason; a file that cannot be read → one <testcase> with an <error>.
 *
 * Owns: the XML shape and escaping. Must not: read files or change verdicts.
 * Everything that comes from input (paths, LaTeX, messages) is escaped, and
 * characters XML 1.0 cannot hold at all are replaced, so the output always parses.
 */
import type { FileReport, Report, StepReport } from '../check/report.js';
import { failureLines, fileErrorText, problemTexts } from './step-text.js';

/** Characters outside XML 1.0's Char production (controls, lone surrogates, U+FFFE/F). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const attrs = (pairs: Record<string, string | number>): string =>
  Object.entries(pairs).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');

interface Counts { tests: number; failures: number; errors: number; skipped: number }

interface Case { readonly name: string; readonly body: string; readonly kind: 'pass' | 'failure' | 'error' | 'skipped' }

function stepCase(file: FileReport, derivation: string, step: StepReport, seed: number): Case {
  const name = `${derivation}:${step.line} ${step.relation}`;
  const detail = failureLines(file.path, step, seed).join('\n');
  const message = step.message || `step ${step.verdict}`;
  switch (step.verdict) {
    case 'refuted':
      return { name, kind: 'failure', body: `<failure${attrs({ message, type: 'refuted' })}>${escapeXml(detail)}</failure>` };
    case 'error':
      return { name, kind: 'error', body: `<error${attrs({ message, type: 'input-error' })}>${escapeXml(detail)}</error>` };
    case 'unverified':
      return { name, kind: 'skipped', body: `<skipped${attrs({ message: `unverified: ${step.message}` })}/>` };
    default:
      return { name, kind: 'pass', body: '' };
  }
}

function fileCases(file: FileReport, seed: number): Case[] {
  const cases: Case[] = [];
  const error = fileErrorText(file);
  if (error !== null) {
    cases.push({ name: '(file)', kind: 'error', body: `<error${attrs({ message: file.error!.message, type: 'input-error' })}>${escapeXml(error)}</error>` });
  }
  for (const d of file.derivations) for (const s of d.steps) cases.push(stepCase(file, d.name, s, seed));
  return cases;
}

function count(cases: readonly Case[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.kind === 'failure').length,
    errors: cases.filter((c) => c.kind === 'error').length,
    skipped: cases.filter((c) => c.kind === 'skipped').length,
  };
}

function suiteXml(file: FileReport, seed: number): { xml: string; counts: Counts } {
  const cases = fileCases(file, seed);
  const counts = count(cases);
  const lines = [`  <testsuite${attrs({ name: file.path, ...counts, time: 0 })}>`];
  const problems = problemTexts(file);
  if (problems.length > 0) lines.push(`    <system-err>${escapeXml(problems.join('\n'))}</system-err>`);
  for (const c of cases) {
    const open = `    <testcase${attrs({ classname: file.path, name: c.name, time: 0 })}`;
    lines.push(c.body ? `${open}>\n      ${c.body}\n    </testcase>` : `${open}/>`);
  }
  lines.push('  </testsuite>');
  return { xml: lines.join('\n'), counts };
}

/** The whole report as a JUnit XML document. */
export function toJunitXml(report: Report): string {
  const suites = report.files.map((f) => suiteXml(f, report.seed));
  const total = suites.reduce<Counts>((acc, s) => ({
    tests: acc.tests + s.counts.tests, failures: acc.failures + s.counts.failures,
    errors: acc.errors + s.counts.errors, skipped: acc.skipped + s.counts.skipped,
  }), { tests: 0, failures: 0, errors: 0, skipped: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'deriva', ...total, time: 0 })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
