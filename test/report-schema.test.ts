/**
 * The JSON report against schema/report.v1.json: real reports (the CLI over a
 * mixed folder, the library API with the real checker) validate; broken ones
 * do not, so the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../src/cli/run.js';
import { checkSource, toJson } from '../src/index.js';
import { buildReport } from '../src/check/report.js';
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
