/**
 * The JSON report against schema/report.v1.json: real reports (the CLI over a
 * mixed folder, the library API with the real checker) validate; broken ones
 * do not, so the check can fail. The report written in pieces as files finish is
 * the same text.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../src/cli/run.js';
import { checkSource, toJson } from '../src/index.js';
import { buildReport, jsonClosing, jsonFileText, JSON_OPENING, type RunInfo } from '../src/check/report.js';
import { validate } from './json-schema.js';
import { arithmeticChecker, fileReport, memoryIO, step, tempTree } from './cli-fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../schema/report.v1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('schema/report.v1.json', () => {
  it('accepts what deriva check --json prints for a mixed folder', async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n2 + 2 = 5\nx = y\n', 'b.tex': '\\frac{1\n', 'c.md': '', 'sub/d.tex': '3 = 3\n' });
    const io = memoryIO();
    await runCli(['check', root, '--json', '--context', 'm.tex'], io, { checkFile: arithmeticChecker() });
    expect(validate(JSON.parse(io.out()), schema)).toEqual([]);
  });

  it('accepts the report of the library API with the real checker: proofs, refutations, definitions', async () => {
    const text = [
      '\\begin{align*}',
      '\\alpha &:= 1 - \\beta \\\\',
      '(a+b)^2 &= a^2 + 2ab + b^2 && \\text{(by expansion)} \\\\',
      '&= a^2 + b^2',
      '\\end{align*}',
    ].join('\n');
    const report = await checkSource(text, { path: 'hw.tex', seed: 3, samples: 50 });
    const json = toJson(report) as { files: { derivations: { steps: { verdict: string }[] }[] }[] };
    expect(validate(json, schema)).toEqual([]);
    expect(json.files[0]!.derivations.flatMap((d) => d.steps.map((s) => s.verdict))).toContain('refuted');
  }, 60_000);

  it('accepts infinities (JSON null) in a counterexample and rejects what breaks the contract', () => {
    const good = toJson(buildReport([fileReport('x.tex', [step({ verdict: 'refuted', counterexample: { assignment: { x: 0 }, lhs: Infinity, rhs: 1, seed: 1 } })])], 1));
    const roundTrip = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    expect(validate(roundTrip, schema)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(good)) as { version: number; files: { derivations: { steps: Record<string, unknown>[] }[] }[]; extra?: boolean };
    broken.version = 2;
    broken.files[0]!.derivations[0]!.steps[0]!['verdict'] = 'maybe';
    delete broken.files[0]!.derivations[0]!.steps[0]!['column'];
    broken.extra = true;
    expect(validate(broken, schema)).toEqual([
      '$.version: expected 1',
      '$.files[0].derivations[0].steps[0]: missing column',
      '$.files[0].derivations[0].steps[0].verdict: "maybe" is not one of ["proved","confirmed","refuted","unverified","error","definition"]',
      '$: unexpected property extra',
    ]);
  });
});

describe('--json written as files finish', () => {
  const run: RunInfo = { deriva: '0.0.0', samples: 200, stepBudgetMs: 2000, prove: true, strict: false, contexts: ['c.tex'], macros: [], ruleDirs: [] };
  const files = [
    fileReport('a.tex', [step(), step({ verdict: 'refuted', counterexample: { assignment: { x: 0.5 }, lhs: 1, rhs: -Infinity, seed: 7 } })]),
    { path: 'b.tex', error: { message: "unbalanced '{'", line: 2, column: 3 }, derivations: [], problems: [] },
    { ...fileReport('c "quoted"\n.md', [step({ message: 'two\nlines' })]), problems: [{ message: 'undefined macro \\foo', line: 1, column: 1 }] },
  ];

  it('joins into exactly the text of the whole report, for no, one and several files, with and without run info', () => {
    for (const n of [0, 1, 3]) for (const info of [run, undefined]) {
      const report = buildReport(files.slice(0, n), 11, info);
      const pieces = JSON_OPENING + files.slice(0, n).map(jsonFileText).join('') + jsonClosing(report);
      expect(pieces).toBe(JSON.stringify(toJson(report), null, 2));
    }
  });

  it('prints a checked file before the next one has finished', async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n', 'b.tex': '2 + 2 = 4\n' });
    const io = memoryIO();
    const check = arithmeticChecker();
    let seenBeforeB = '';
    const slowB = async (path: string, options: Parameters<typeof check>[1]) => {
      if (path.endsWith('b.tex')) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seenBeforeB = io.out();
      }
      return check(path, options);
    };
    await runCli(['check', root, '--json', '--jobs', '1'], io, { checkFile: slowB });
    expect(seenBeforeB.startsWith(JSON_OPENING)).toBe(true);
    expect(seenBeforeB).toContain('a.tex');
    expect(seenBeforeB).not.toContain('b.tex');
    const whole = JSON.parse(io.out()) as { files: { path: string }[]; summary: { proved: number } };
    expect(whole.files.map((f) => f.path.split('/').pop())).toEqual(['a.tex', 'b.tex']);
    expect(whole.summary.proved).toBe(2);
  });
});
