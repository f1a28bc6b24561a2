import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { derivationFailure, derivationSettings, fileFailure } from '../src/vitest/index.js';
import { fileReport, step, tempTree } from './cli-fixtures.js';

describe('mapping a report onto tests', () => {
  it('a derivation fails with its refuted step: file:line:column, both sides, the reason, one counterexample block', () => {
    const d = fileReport('kl.tex', [
      step({ verdict: 'proved' }),
      step({ line: 8, column: 3, from: 'a', to: 'b', verdict: 'refuted', message: 'sides differ', counterexample: { assignment: { a: 1, b: 2 }, lhs: 1, rhs: 2, seed: 11 } }),
    ], 'kl').derivations[0]!;
    const failure = derivationFailure('kl.tex', d);
    expect(failure).toBe([
      "derivation 'kl': 1 of 2 steps failed",
      'kl.tex:8:3: ✗ refuted',
      '  a = b',
      '  sides differ',
      '  counterexample: a = 1, b = 2  (replay with --seed 11)',
      '  left side = 1, right side = 2',
    ].join('\n'));
  });

  it('unverified passes unless strict; proved, confirmed, definitions and expected refutations pass', () => {
    const d = fileReport('x.tex', [
      step({ verdict: 'confirmed' }), step({ verdict: 'unverified', message: 'no rule' }), step({ verdict: 'definition' }),
      step({ verdict: 'refuted', expected: 'refuted', counterexample: { assignment: {}, lhs: 1, rhs: 2, seed: 1 } }),
    ]).derivations[0]!;
    expect(derivationFailure('x.tex', d)).toBeNull();
    expect(derivationFailure('x.tex', d, true)).toContain('? unverified');
    const unmet = fileReport('x.tex', [step({ verdict: 'proved', expected: 'refuted' })]).derivations[0]!;
    expect(derivationFailure('x.tex', unmet)).toContain('✓ proved, but a refutation was expected');
  });

  it('a file error or read problem fails the file, with line and column', () => {
    expect(fileFailure({ path: 'b.tex', error: { message: 'unbalanced', line: 2, column: 9 }, derivations: [], problems: [] })).toBe('b.tex:2:9: unbalanced');
    expect(fileFailure({ path: 'b.tex', error: null, derivations: [], problems: [{ message: 'undefined macro \\foo', line: 3, column: 1 }] })).toBe('b.tex:3:1: undefined macro \\foo');
    expect(fileFailure(fileReport('ok.tex', []))).toBeNull();
  });

  it('options come from the settings schema, over the project configuration, with paths from the root', () => {
    const root = tempTree({ 'deriva.config.json': JSON.stringify({ samples: 20, contexts: ['ctx/model.tex'], exclude: ['drafts'] }) });
    const settings = derivationSettings({ seed: 3, prove: false, contexts: ['more.tex'] }, root);
    expect(settings).toMatchObject({ seed: 3, samples: 20, prove: false, budget: 2000, exclude: ['drafts'] });
    expect(settings.contexts).toEqual([join(root, 'ctx/model.tex'), join(root, 'more.tex')]);
    expect(() => derivationSettings({ samples: 0 }, root)).toThrow('describeDerivations options: "samples" must be a whole number ≥ 1, got 0');
    expect(() => derivationSettings({ sampels: 3 } as never, root)).toThrow('unknown setting "sampels" (did you mean "samples"?)');
    expect(derivationSettings({ projectConfig: false }, root).samples).toBe(200);
  });
});

interface VitestJson {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[] }[];
}

const GOOD = '\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2\n\\end{align*}\n';
const WRONG = 'Some prose.\n\\begin{align*}\n(a+b)^2 &= a^2 + b^2\n\\end{align*}\n';

describe('describeDerivations in a real vitest run', () => {
  const here = resolve('.');
  const root = tempTree({
    'derivations/good.tex': GOOD,
    'derivations/sub/wrong.tex': WRONG,
    'derivations/broken.tex': '\\begin{align*}\na &= \\frac{1\n\\end{align*}\n',
    'derivations/drafts/skip.tex': WRONG,
    'deriva.config.json': JSON.stringify({ exclude: ['drafts'], samples: 50 }),
  });
  const log = join(root, 'checked.log');
  // A checker that notes each file it is asked for, then checks it for real.
  writeFileSync(join(root, 'derivations.test.ts'), [
    "import { appendFileSync } from 'node:fs';",
    `import { describeDerivations } from ${JSON.stringify(join(here, 'src/vitest/index.ts'))};`,
    `import { checkFile } from ${JSON.stringify(join(here, 'src/check/index.ts'))};`,
    `const checkFile2 = async (path, options) => { appendFileSync(${JSON.stringify(log)}, path + '\\n'); return checkFile(path, options); };`,
    "describeDerivations('derivations', { checkFile: checkFile2, seed: 5 });",
  ].join('\n'));

  /** Runs vitest on the temporary project from another folder (paths must be relative to --root). */
  async function runVitest(...args: string[]): Promise<{ rows: string[][]; results: VitestJson['testResults'][number]['assertionResults']; checked: string[] }> {
    const out = join(root, `result-${args.length}.json`);
    writeFileSync(log, '');
    const vitest = join(here, 'node_modules/.bin/vitest');
    await promisify(execFile)(vitest, ['run', '--root', root, '--reporter=json', `--outputFile=${out}`, ...args], { cwd: tmpdir(), timeout: 120_000 }).catch(() => undefined);
    if (!existsSync(out)) throw new Error('vitest wrote no result');
    const results = (JSON.parse(readFileSync(out, 'utf8')) as VitestJson).testResults.flatMap((r) => r.assertionResults);
    const rows = results.map((r) => [r.ancestorTitles.join(' > '), r.title, r.status]);
    const checked = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.slice(root.length + 1)).sort();
    return { rows, results, checked };
  }

  it('one describe per file (relative to the vitest root), a read test and a test per derivation; checking in the tests', async () => {
    const { rows, results, checked } = await runVitest();
    expect(rows).toEqual([
      ['derivations/broken.tex', 'reads without errors', 'failed'],
      ['derivations/good.tex', 'reads without errors', 'passed'],
      ['derivations/good.tex', 'good (line 1)', 'passed'],
      ['derivations/sub/wrong.tex', 'reads without errors', 'passed'],
      ['derivations/sub/wrong.tex', 'wrong (line 2)', 'failed'],
    ]);
    expect(checked).toEqual(['derivations/broken.tex', 'derivations/good.tex', 'derivations/sub/wrong.tex']);
    const wrong = results[4]!.failureMessages.join('\n');
    expect(wrong).toContain(`${join(root, 'derivations/sub/wrong.tex')}:3:10: ✗ refuted`);
    expect(wrong).toContain('(replay with --seed 5)');
    expect(results[0]!.failureMessages.join('\n')).toContain(join(root, 'derivations/broken.tex'));
  }, 180_000);

  it('filtering tests by name checks only the files whose tests run', async () => {
    const { rows, checked } = await runVitest('-t', 'good');
    expect(rows.filter(([, , status]) => status !== 'skipped')).toEqual([
      ['derivations/good.tex', 'reads without errors', 'passed'],
      ['derivations/good.tex', 'good (line 1)', 'passed'],
    ]);
    expect(checked).toEqual(['derivations/good.tex']);
  }, 180_000);
});
