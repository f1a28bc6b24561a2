import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { derivationFailure, fileFailure, toCheckOptions } from '../src/vitest/index.js';
import { fileReport, step, tempTree } from './cli-fixtures.js';

describe('mapping a report onto tests', () => {
  it('a derivation fails with its refuted step: file:line, both sides, counterexample, seed', () => {
    const d = fileReport('kl.tex', [
      step({ verdict: 'proved' }),
      step({ line: 8, column: 3, from: 'a', to: 'b', verdict: 'refuted', message: 'sides differ', counterexample: { assignment: { a: 1, b: 2 }, lhs: 1, rhs: 2 } }),
    ], 'kl').derivations[0]!;
    const failure = derivationFailure('kl.tex', d, 11);
    expect(failure).toContain("derivation 'kl': 1 of 2 steps failed");
    expect(failure).toContain('kl.tex:8:3: step refuted');
    expect(failure).toContain('a = b');
    expect(failure).toContain('counterexample: a = 1, b = 2');
    expect(failure).toContain('(replay with --seed 11)');
  });

  it('unverified passes unless strict; proved and confirmed pass', () => {
    const d = fileReport('x.tex', [step({ verdict: 'confirmed' }), step({ verdict: 'unverified', message: 'no rule' })]).derivations[0]!;
    expect(derivationFailure('x.tex', d, 1)).toBeNull();
    expect(derivationFailure('x.tex', d, 1, true)).toContain('step unverified');
  });

  it('a file error or read problem fails the file, with line and column', () => {
    expect(fileFailure({ path: 'b.tex', error: { message: 'unbalanced', line: 2, column: 9 }, derivations: [], problems: [] })).toBe('b.tex:2:9: unbalanced');
    expect(fileFailure({ path: 'b.tex', error: null, derivations: [], problems: [{ message: 'undefined macro \\foo', line: 3, column: 1 }] })).toBe('b.tex:3:1: undefined macro \\foo');
    expect(fileFailure(fileReport('ok.tex', []))).toBeNull();
  });

  it('options become CheckOptions over the defaults', () => {
    expect(toCheckOptions({ seed: 3, samples: 20, prove: false })).toMatchObject({ seed: 3, samples: 20, prove: false, stepBudgetMs: 2000 });
  });
});

interface VitestJson {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[] }[];
}

describe('describeDerivations in a real vitest run', () => {
  it('one describe per file, one test per derivation, failures naming the step', async () => {
    const root = tempTree({
      'derivations/good.tex': '1 + 2 = 3\n',
      'derivations/sub/wrong.tex': '1 = 1\n2 + 2 = 5\n',
      'derivations/broken.tex': 'x\n\\frac{1\n',
    });
    const here = resolve('.');
    writeFileSync(join(root, 'derivations.test.ts'), [
      `import { describeDerivations } from ${JSON.stringify(join(here, 'src/vitest/index.ts'))};`,
      `import { arithmeticChecker } from ${JSON.stringify(join(here, 'test/cli-fixtures.ts'))};`,
      `describeDerivations(${JSON.stringify(join(root, 'derivations'))}, { checkFile: arithmeticChecker(), seed: 5 });`,
    ].join('\n'));
    const out = join(root, 'result.json');
    const vitest = join(here, 'node_modules/.bin/vitest');
    await promisify(execFile)(vitest, ['run', '--root', root, '--reporter=json', `--outputFile=${out}`], { cwd: root }).catch(() => undefined);
    const results = (JSON.parse(readFileSync(out, 'utf8')) as VitestJson).testResults.flatMap((r) => r.assertionResults);
    const rows = results.map((r) => [r.ancestorTitles.join(' > ').slice(root.length + 1), r.title, r.status]);
    expect(rows).toEqual([
      ['derivations/broken.tex', 'reads without errors', 'failed'],
      ['derivations/good.tex', 'sums (line 1)', 'passed'],
      ['derivations/sub/wrong.tex', 'sums (line 1)', 'failed'],
    ]);
    const wrong = results[2]!.failureMessages.join('\n');
    expect(wrong).toContain(`${join(root, 'derivations/sub/wrong.tex')}:2:7: step refuted`);
    expect(wrong).toContain('left side = 4, right side = 5  (replay with --seed 5)');
    expect(results[0]!.failureMessages.join('\n')).toContain(`${join(root, 'derivations/broken.tex')}:2:6: unbalanced`);
  });
});
