/** Steps as a writer types them: LaTeX through parseLatex, then the numeric back-end. */
import { describe, expect, it } from 'vitest';
import { parseAssumption as readAssumption, parseAssumptions as readAssumptions, parseLatex } from '../src/notation/parse.js';
import { checkRelation, type Definition, type NumericResult } from '../src/numeric/index.js';
import type { Relation } from '../src/document/source.js';
import { ctx, OPTS } from './numeric-build.js';

const tex = (l: string) => parseLatex(l);
const parseAssumption = (l: string) => readAssumption({ latex: l, spans: [{ offset: 0, line: 1, column: 1 }] }, ctx().symbols, 'test');
const define = (lhs: string, rhs: string): Definition => ({ lhs: tex(lhs), rhs: tex(rhs) });

async function check(lhs: string, relation: Relation, rhs: string,
                     extra: { definitions?: Definition[]; assumptions?: string[]; wrt?: string[] } = {}): Promise<NumericResult> {
  return checkRelation(tex(lhs), relation, tex(rhs), ctx({
    definitions: extra.definitions ?? [], assumptions: (extra.assumptions ?? []).map(parseAssumption), wrt: extra.wrt ?? [],
  }), OPTS);
}

describe('problem 1 as written', () => {
  it('the D_KL = H(P,Q) − H(P) chain', async () => {
    const rows = [
      'D_{KL}(P||Q)',
      '\\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{Q(x)}',
      '\\sum_{x \\in \\mathcal{X}} P(x) \\log P(x) - \\sum_{x \\in \\mathcal{X}} P(x) \\log Q(x)',
      'H(P, Q) - H(P)',
    ];
    for (let k = 1; k < rows.length; k++) expect((await check(rows[k - 1]!, '=', rows[k]!)).verdict).toBe('confirmed');
    expect((await check(rows[2]!, '=', 'H(P) - H(P, Q)')).verdict).toBe('refuted');
  });
  it('the chain rule, and its wrong conditional', async () => {
    const lhs = 'D_{KL}(P(X,Y)\\|Q(X,Y))';
    expect((await check(lhs, '=', 'D_{KL}(P(X)\\|Q(X)) + D_{KL}(P(Y|X)\\|Q(Y|X))')).verdict).toBe('confirmed');
    expect((await check(lhs, '=', 'D_{KL}(P(X)\\|Q(X)) + D_{KL}(P(X|Y)\\|Q(X|Y))')).verdict).toBe('refuted');
  });
  it('Jensen for nonnegativity', async () => {
    const lhs = '-\\sum_x P(x) \\log \\frac{Q(x)}{P(x)}';
    expect((await check(lhs, '>=', '-\\log \\sum_x P(x) \\frac{Q(x)}{P(x)}')).verdict).toBe('confirmed');
    expect((await check('-\\log \\sum_x P(x) \\frac{Q(x)}{P(x)}', '=', '-\\log 1')).verdict).toBe('confirmed');
    expect((await check(lhs, '<=', '-\\log \\sum_x P(x) \\frac{Q(x)}{P(x)}')).verdict).toBe('refuted');
  });
  it('MLE ⇔ min KL with the empirical distribution defined by indicators', async () => {
    const empirical = define('\\hat{P}(x)', '\\frac{1}{n}\\sum_{i=1}^n 1\\{x^{(i)} = x\\}');
    const lhs = '\\arg\\min_\\theta D_{KL}(\\hat{P}\\|P_\\theta)';
    expect((await check(lhs, '=', '\\arg\\max_\\theta \\sum_{i=1}^n \\log P_\\theta(x^{(i)})', { definitions: [empirical] })).verdict).toBe('confirmed');
    expect((await check(lhs, '=', '\\arg\\max_\\theta \\sum_{i=1}^n \\log P_\\theta(x^{(1)})', { definitions: [empirical] })).verdict).toBe('refuted');
    // The intermediate step: KL to the empirical distribution is −(1/n)·log-likelihood + const in θ.
    expect((await check('D_{KL}(\\hat{P}\\|P_\\theta)', '=', '-\\frac{1}{n}\\sum_{i=1}^n \\log P_\\theta(x^{(i)}) + \\text{const}',
      { definitions: [empirical], wrt: ['\\theta'] })).verdict).toBe('confirmed');
  });
});

describe('problem 2 (EM) as written', () => {
  it('marginalising the latent variable', async () => {
    const r = await check('\\sum_{i=1}^n \\log \\sum_{z^{(i)}} p(x^{(i)}, z^{(i)}; \\theta)', '=', '\\sum_{i=1}^n \\log p(x^{(i)}; \\theta)');
    expect(r.verdict).toBe('confirmed');
  });
  it('the ELBO step by Jensen with Q_i', async () => {
    const lhs = '\\sum_{i=1}^n \\log \\sum_{z^{(i)}} Q_i(z^{(i)}) \\frac{p(x^{(i)}, z^{(i)}; \\theta)}{Q_i(z^{(i)})}';
    const rhs = '\\sum_{i=1}^n \\sum_{z^{(i)}} Q_i(z^{(i)}) \\log \\frac{p(x^{(i)}, z^{(i)}; \\theta)}{Q_i(z^{(i)})}';
    expect((await check(lhs, '>=', rhs)).verdict).toBe('confirmed');
    expect((await check(lhs, '<=', rhs)).verdict).toBe('refuted');
  });
});

describe('problem 3 as written', () => {
  it('One-di City', async () => {
    // Parenthesised: the parser lets \\arg\\min, like \\sum, take one product as its body.
    const lc = '\\arg\\min_\\mu \\left(10(-1-\\mu)^2 + 4(1-\\mu)^2\\right)';
    expect((await check(lc, '=', '-\\frac{3}{7}')).verdict).toBe('confirmed');
    expect((await check(lc, '=', '\\frac{3}{7}')).verdict).toBe('refuted');
    const ls = '\\arg\\min_\\mu \\left(10(-1-\\mu)^2 + 4(1-\\mu)^2 + 14(\\mu - 10)^2\\right)';
    expect((await check(ls, '=', '\\frac{67}{14}')).verdict).toBe('confirmed');
  });
  it('a definition used in later steps: ᾱ_t := ∏ α_s', async () => {
    const defs = [define('\\bar{\\alpha}_t', '\\prod_{s=1}^t \\alpha_s')];
    expect((await check('\\bar{\\alpha}_t', '=', '\\alpha_t \\bar{\\alpha}_{t-1}', { definitions: defs, assumptions: ['t \\geq 1'] })).verdict).toBe('confirmed');
    expect((await check('\\bar{\\alpha}_t', '=', '\\alpha_t \\bar{\\alpha}_{t}', { definitions: defs, assumptions: ['t \\geq 1'] })).verdict).toBe('refuted');
  });
});

describe('laws near a function', () => {
  // Tables whose weights are alike carry little information: only a joint close to y = f(x) puts the
  // mutual information above ln 2, so a run of such tables alone confirmed these false bounds.
  const mi = '\\sum_{x,y} p(x,y)\\log\\frac{p(x,y)}{p(x)p(y)}';
  it('a bound on the mutual information that only near-deterministic laws break is refuted', async () => {
    for (const lhs of [mi, 'H(X) - H(X \\mid Y)']) {
      const r = await check(lhs, '<=', '\\ln 2');
      expect(r.verdict).toBe('refuted');
      if (r.verdict === 'refuted') expect(r.counterexample.lhs).toBeGreaterThan(Math.log(2));
      expect((await check(lhs, '>=', '0')).verdict).toBe('confirmed');
    }
  });
  it('a bound that holds on three outcomes only (H(P) ≤ ln 3, Σ P(x)² ≥ 1/3) meets a law of four', async () => {
    expect((await check('H(P)', '<=', '\\log 3')).verdict).toBe('refuted');
    expect((await check('\\sum_x P(x)^2', '>=', '\\frac13')).verdict).toBe('refuted');
    expect((await check('H(P)', '>=', '0')).verdict).toBe('confirmed');
  });
  it('a counterexample that tables of alike weights already give stays the simple one', async () => {
    const r = await check('H(X \\mid Y)', '>=', 'H(X)');
    expect(r.verdict).toBe('refuted');
    if (r.verdict === 'refuted') expect(Object.values(r.counterexample.assignment).every((p) => p > 0.01)).toBe(true);
  });
});

describe('assumptions as the reader gives them', () => {
  const defs = [define('\\alpha_t', '1 - \\beta_t'), define('\\bar{\\alpha}_t', '\\prod_{s=1}^t \\alpha_s')];
  it('an interval assumption keeps logs defined: log ᾱ_t = Σ log α_s', async () => {
    const assumptions = ['\\beta_t \\in (0, 1)', 't \\geq 1'].map((a) => parseAssumption(a));
    const r = await checkRelation(tex('\\log \\bar{\\alpha}_t'), '=', tex('\\sum_{s=1}^t \\log (1 - \\beta_s)'),
      ctx({ definitions: defs, assumptions }), OPTS);
    expect(r.verdict).toBe('confirmed');
    // Without the interval, α_s may be negative: samples are discarded, never counted against the step.
    const loose = await checkRelation(tex('\\log \\bar{\\alpha}_t'), '=', tex('\\sum_{s=1}^t \\log (1 - \\beta_s)'),
      ctx({ definitions: defs, assumptions: [parseAssumption('t \\geq 1')] }), OPTS);
    expect(loose.verdict).not.toBe('refuted');
  });
  it('a chained bound 0 < β < 1 and a convexity assumption', async () => {
    const jensen = ['f(\\frac{a + b}{2})', '<=', '\\frac{f(a) + f(b)}{2}'] as const;
    const convex = await checkRelation(tex(jensen[0]), jensen[1], tex(jensen[2]), ctx({ assumptions: [parseAssumption('f \\text{ convex}')] }), OPTS);
    expect(convex.verdict).toBe('confirmed');
    // Without the assumption a random f is not convex, and the step is wrong for some f.
    expect((await checkRelation(tex(jensen[0]), jensen[1], tex(jensen[2]), ctx(), OPTS)).verdict).toBe('refuted');
    const unit = await checkRelation(tex('\\beta (1 - \\beta)'), '>', tex('0'), ctx({ assumptions: [parseAssumption('0 < \\beta < 1')] }), OPTS);
    expect(unit.verdict).toBe('confirmed');
  });
});

describe('assumptions that filter worlds', () => {
  it('a chain of three relations states each neighbouring pair, and the worlds it excludes lie outside the claim', async () => {
    const chain = readAssumptions({ latex: '0 < a < b < 1', spans: [{ offset: 0, line: 1, column: 1 }] }, ctx().symbols, 'test');
    expect(chain.map((r) => r.kind === 'rel' && r.op)).toEqual(['in', 'in', '<', '<', '<']);
    // a and b lie in (0, 1) and a < b: √(b − a) is real in every world the chain admits; the half of the worlds that
    // break a < b lie outside the claim and are not counted as undefined values
    const step = [tex('(\\sqrt{b - a})^2 + \\sqrt{a}\\sqrt{a}'), '=', tex('b')] as const;
    expect((await checkRelation(step[0], step[1], step[2], ctx({ assumptions: chain }), OPTS)).verdict).toBe('confirmed');
    expect((await checkRelation(tex('b - a'), '>', tex('0'), ctx({ assumptions: chain }), OPTS)).verdict).toBe('confirmed');
    expect((await checkRelation(tex('b - a'), '>', tex('\\frac{1}{2}'), ctx({ assumptions: chain }), OPTS)).verdict).toBe('refuted');
    // ends that are names: the order of each pair holds, though no interval is known
    const order = readAssumptions({ latex: 'a < b < c', spans: [{ offset: 0, line: 1, column: 1 }] }, ctx().symbols, 'test');
    expect(order.map((r) => r.kind === 'rel' && r.op)).toEqual(['<', '<']);
    expect((await checkRelation(tex('(c - b)(b - a)'), '>', tex('0'), ctx({ assumptions: order }), OPTS)).verdict).toBe('confirmed');
  });
  it('D_KL(P||Q) > 0 is refuted by P = Q, and confirmed under P \\neq Q', async () => {
    const r = await checkRelation(tex('D_{KL}(P\\|Q)'), '>', tex('0'), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
    if (r.verdict === 'refuted') expect(r.counterexample.lhs).toBe(0);
    const distinct = await checkRelation(tex('D_{KL}(P\\|Q)'), '>', tex('0'), ctx({ assumptions: [parseAssumption('P \\neq Q')] }), OPTS);
    expect(distinct.verdict).toBe('confirmed');
  });
  it('a relation between expressions: |a − b| > 0 needs a \\neq b', async () => {
    expect((await checkRelation(tex('|a - b|'), '>', tex('0'), ctx(), OPTS)).verdict).toBe('refuted');
    expect((await checkRelation(tex('|a - b|'), '>', tex('0'), ctx({ assumptions: [parseAssumption('a \\neq b')] }), OPTS)).verdict).toBe('confirmed');
  });
});

describe('problem 2: the E-step posterior as a definition', () => {
  const posterior = define('Q_i^{(t)}(z^{(i)})', 'p(z^{(i)} | x^{(i)}; \\theta^{(t)})');
  it('at θ^(t) the lower bound is tight: Σ_i Σ_z Q log p/Q = Σ_i log p(x^(i); θ^(t))', async () => {
    const bound = '\\sum_{i=1}^n \\sum_{z^{(i)}} Q_i^{(t)}(z^{(i)}) \\log \\frac{p(x^{(i)}, z^{(i)}; \\theta^{(t)})}{Q_i^{(t)}(z^{(i)})}';
    expect((await check(bound, '=', '\\sum_{i=1}^n \\log p(x^{(i)}; \\theta^{(t)})', { definitions: [posterior] })).verdict).toBe('confirmed');
    // At another θ the bound is only a bound.
    const other = bound.replaceAll('p(x^{(i)}, z^{(i)}; \\theta^{(t)})', 'p(x^{(i)}, z^{(i)}; \\theta^{(t+1)})');
    expect((await check(other, '=', '\\sum_{i=1}^n \\log p(x^{(i)}; \\theta^{(t+1)})', { definitions: [posterior] })).verdict).toBe('refuted');
    expect((await check(other, '<=', '\\sum_{i=1}^n \\log p(x^{(i)}; \\theta^{(t+1)})', { definitions: [posterior] })).verdict).toBe('confirmed');
  });
});
