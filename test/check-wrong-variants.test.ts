/**
 * Wrong versions of the real derivations: each planted error must be refuted
 * at the line it was planted on, with a counterexample whose two sides really
 * differ, and never proved or confirmed. The correct files must have no
 * refuted step. Everything goes through checkSource, the CLI's own code path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plant } from './plant.js';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import { summarize, toJson, type FileReport, type Report, type StepReport } from '../src/check/report.js';

const report = (f: FileReport): Report => ({ version: 1, files: [f], summary: summarize([f]), seed: options.seed });

const options = { ...DEFAULT_CHECK_OPTIONS, samples: 100 };
const source = (name: string) => readFileSync(new URL(`../derivations/${name}`, import.meta.url), 'utf8');

function allSteps(report: FileReport): StepReport[] {
  expect(report.error).toBeNull();
  return report.derivations.flatMap((d) => d.steps);
}

const variants = [
  { name: 'a sign flip', file: 'kl-cross-entropy.tex', before: '&= H(P, Q) - H(P).', after: '&= H(P) - H(P, Q).' },
  { name: 'swapped KL arguments', file: 'kl-cross-entropy.tex', before: 'D_{KL}(P\\|Q) &=', after: 'D_{KL}(Q\\|P) &=' },
  { name: 'P(y|x) written as P(x|y)', file: 'kl-chain-rule.tex',
    before: '\\log\\frac{P(x)\\,P(y|x)}{Q(x)\\,Q(y|x)}', after: '\\log\\frac{P(x)\\,P(x|y)}{Q(x)\\,Q(y|x)}' },
  { name: 'a dropped term', file: 'kl-chain-rule.tex',
    before: '&= D_{KL}(P(X)\\|Q(X)) + D_{KL}(P(Y|X)\\|Q(Y|X)).', after: '&= D_{KL}(P(X)\\|Q(X)).' },
  { name: 'a reversed inequality', file: 'kl-nonnegativity.tex',
    before: '&\\geq -\\log \\sum_{x\\in\\mathcal X} P(x)\\frac{Q(x)}{P(x)}', after: '&\\leq -\\log \\sum_{x\\in\\mathcal X} P(x)\\frac{Q(x)}{P(x)}' },
  { name: 'a wrong One-di answer', file: 'one-di-city.tex', before: '&= -\\frac{3}{7}', after: '&= \\frac{3}{7}' },
  { name: 'a wrong centre answer', file: 'one-di-city.tex', before: '&= \\frac{67}{14}', after: '&= \\frac{67}{28}' },
];

describe('planted errors are refuted at their line', () => {
  for (const v of variants) {
    it(v.name, async () => {
      const { text, line } = plant(source(v.file), v.before, v.after);
      const steps = allSteps(await checkSource(v.file, text, options));
      const planted = steps.filter((s) => s.line === line);
      expect(planted.length, `a step on line ${line}`).toBeGreaterThan(0);
      const refuted = planted.find((s) => s.verdict === 'refuted');
      expect(refuted, `line ${line}: ${planted.map((s) => `${s.verdict} ${s.message}`).join(' | ')}`).toBeDefined();
      const cx = refuted!.counterexample!;
      expect(cx).not.toBeNull();
      expect(Math.abs(cx.lhs - cx.rhs)).toBeGreaterThan(1e-9 * Math.max(1, Math.abs(cx.lhs), Math.abs(cx.rhs)));
      for (const s of planted) expect(['proved', 'confirmed']).not.toContain(s.verdict);
    });
  }
});

describe('the correct derivations', () => {
  for (const file of ['kl-nonnegativity.tex', 'kl-cross-entropy.tex', 'kl-chain-rule.tex', 'mle-min-kl.tex', 'one-di-city.tex', 'store-cluster.tex']) {
    it(`${file}: every step confirmed, proved or a definition`, async () => {
      const steps = allSteps(await checkSource(file, source(file), options));
      expect(steps.length).toBeGreaterThan(0);
      const bad = steps.filter((s) => s.verdict !== 'proved' && s.verdict !== 'confirmed' && s.verdict !== 'definition');
      expect(bad.map((s) => `${s.line}: ${s.verdict} ${s.message}`)).toEqual([]);
    });
  }
});

describe('replay', () => {
  it('the same seed gives the same report', async () => {
    const text = plant(source('kl-chain-rule.tex'), '&= D_{KL}(P(X)\\|Q(X)) + D_{KL}(P(Y|X)\\|Q(Y|X)).', '&= D_{KL}(P(X)\\|Q(X)).').text;
    const a = await checkSource('k.tex', text, options);
    const b = await checkSource('k.tex', text, options);
    expect(JSON.stringify(toJson(report(a)))).toBe(JSON.stringify(toJson(report(b))));
  });
});

describe('definitions written with =', () => {
  const check = (text: string) => checkSource('d.tex', text, options).then((r) => r.derivations.flatMap((d) => d.steps));

  it('a new name heading = is read as its definition (a definition, never refuted) and then used', async () => {
    const steps = await check('\\[ \\ell_{\\text{sup}}(\\theta) = \\theta^2 + 1 \\]\n\\[ \\ell_{\\text{sup}}(\\theta) - 1 = \\theta^2 \\]\n');
    expect(steps.map((s) => s.verdict)).toEqual(['definition', expect.stringMatching(/proved|confirmed/)]);
    expect(steps[0]!.message).toMatch(/introduces/);
  });

  it('a name the file already used, or one on both sides, is a claim and can be refuted', async () => {
    const used = await check('\\[ f(x) := x + 1 \\]\n\\[ f(x) = x + 2 \\]\n');
    expect(used[1]!.verdict).toBe('refuted');
    const recursive = await check('\\[ g(x) = x + g(0) \\]\n');
    expect(recursive[0]!.verdict).toBe('refuted');
  });
});
