/** The homework's problem-1 (KL, MLE) and problem-3 (One-di City) algebra, true and wrong variants. */
import { describe, expect, it } from 'vitest';
import { checkRelation, type NumericResult } from '../src/numeric/index.js';
import { bind, indicator, rel, type Expr } from '../src/expr/model.js';
import { add, ctx, div, fn, KL, log, mul, n, OPTS, P, pow, prodRange, s, sub, sumOver, sumRange } from './numeric-build.js';

const x = s('x'); const X = s('X'); const Y = s('Y');
const Px = P('P', [x]); const Qx = P('Q', [x]);

/** A refutation must carry a counterexample whose two sides really differ. */
function expectRefuted(r: NumericResult): void {
  expect(r.verdict).toBe('refuted');
  if (r.verdict !== 'refuted') return;
  const { lhs, rhs } = r.counterexample;
  expect(Number.isFinite(lhs) && Number.isFinite(rhs)).toBe(true);
  expect(Math.abs(lhs - rhs)).toBeGreaterThan(1e-9 * Math.max(1, Math.abs(lhs), Math.abs(rhs)));
  expect(Object.keys(r.counterexample.assignment).length).toBeGreaterThan(0);
}

describe('problem 1: KL divergence', () => {
  const klSum = sumOver('x', mul(Px, log(div(Px, Qx))));
  it('D_KL(P||Q) = Σ P log P/Q, and the swapped arguments are refuted', async () => {
    expect((await checkRelation(KL(s('P'), s('Q')), '=', klSum, ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(KL(s('Q'), s('P')), '=', klSum, ctx(), OPTS));
  });
  it('D_KL = H(P,Q) − H(P), and H(P) − H(P,Q) is refuted', async () => {
    const H = fn('entropy', s('P')); const HPQ = fn('crossEntropy', s('P'), s('Q'));
    expect((await checkRelation(KL(s('P'), s('Q')), '=', sub(HPQ, H), ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(KL(s('P'), s('Q')), '=', sub(H, HPQ), ctx(), OPTS));
  });
  it('the expanded step Σ P log P − Σ P log Q, and a dropped term refuted', async () => {
    const expanded = sub(sumOver('x', mul(Px, log(Px))), sumOver('x', mul(Px, log(Qx))));
    expect((await checkRelation(klSum, '=', expanded, ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(klSum, '=', sumOver('x', mul(Px, log(Px))), ctx(), OPTS));
  });
  it('KL ≥ 0 holds on every sample; the reversed inequality is refuted', async () => {
    expect((await checkRelation(KL(s('P'), s('Q')), '>=', n(0), ctx(), OPTS)).verdict).toBe('confirmed');
    const r = await checkRelation(KL(s('P'), s('Q')), '<', n(0), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
    // The counterexample really violates the strict order (equal sides are a violation too).
    if (r.verdict === 'refuted') expect(r.counterexample.lhs).toBeGreaterThanOrEqual(r.counterexample.rhs);
  });
  it('Jensen: −Σ P log(Q/P) ≥ −log Σ P·Q/P, and = −log Σ Q = 0', async () => {
    const lhs = mul(n(-1), sumOver('x', mul(Px, log(div(Qx, Px)))));
    const rhs = mul(n(-1), log(sumOver('x', mul(Px, div(Qx, Px)))));
    expect((await checkRelation(lhs, '>=', rhs, ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(lhs, '<=', rhs, ctx(), OPTS));
    expect((await checkRelation(rhs, '=', n(0), ctx(), OPTS)).verdict).toBe('confirmed');
  });
  it('Σ_x P(x) = 1 and Σ_x P(x)² = 1 refuted', async () => {
    expect((await checkRelation(sumOver('x', Px), '=', n(1), ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(sumOver('x', pow(Px, n(2))), '=', n(1), ctx(), OPTS));
  });
  it('P(x,y) = P(x)P(y|x); P(x|y) in its place is refuted', async () => {
    const y = s('y');
    expect((await checkRelation(P('P', [x, y]), '=', mul(Px, P('P', [y], [x])), ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(P('P', [x, y]), '=', mul(P('P', [y]), P('P', [y], [x])), ctx(), OPTS));
  });
  it('chain rule D(P(X,Y)||Q(X,Y)) = D(P(X)||Q(X)) + D(P(Y|X)||Q(Y|X)); a sign flip is refuted', async () => {
    const joint = KL(P('P', [X, Y]), P('Q', [X, Y]));
    const marg = KL(P('P', [X]), P('Q', [X]));
    const cond = KL(P('P', [Y], [X]), P('Q', [Y], [X]));
    expect((await checkRelation(joint, '=', add(marg, cond), ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(joint, '=', sub(marg, cond), ctx(), OPTS));
    // P(X|Y) instead of P(Y|X): a different quantity.
    expectRefuted(await checkRelation(joint, '=', add(marg, KL(P('P', [X], [Y]), P('Q', [X], [Y]))), ctx(), OPTS));
  });
  it('conditional KL as written: Σ_y P(y) Σ_x P(x|y) log P(x|y)/Q(x|y)', async () => {
    const y = s('y');
    const written = sumOver('y', mul(P('P', [y]), sumOver('x', mul(P('P', [x], [y]), log(div(P('P', [x], [y]), P('Q', [x], [y])))))));
    expect((await checkRelation(KL(P('P', [X], [Y]), P('Q', [X], [Y])), '=', written, ctx(), OPTS)).verdict).toBe('confirmed');
  });
});

describe('problem 1(c): MLE ⇔ minimum KL to the empirical distribution', () => {
  const i = s('i'); const theta = s('\\theta');
  const hatP = s('\\hat{P}'); const Ptheta = s('P', [theta]);
  const sample = s('x', [], [i]);
  const empirical = { lhs: P(hatP, [x]), rhs: mul(pow(s('n'), n(-1)), sumRange('i', n(1), s('n'), indicator(rel('=', sample, x)))) };
  const context = ctx({ definitions: [empirical] });
  const argmin = bind('argmin', ['\\theta'], { kind: 'natural' }, KL(hatP, Ptheta));
  const loglik = sumRange('i', n(1), s('n'), log(P(Ptheta, [sample])));
  it('arg min_θ D(P̂||P_θ) = arg max_θ Σ_i log P_θ(x^(i))', async () => {
    const r = await checkRelation(argmin, '=', bind('argmax', ['\\theta'], { kind: 'natural' }, loglik), context, OPTS);
    expect(r).toMatchObject({ verdict: 'confirmed' });
  });
  it('arg min_θ D(P̂||P_θ) = arg min_θ Σ_i log P_θ(x^(i)) is refuted', async () => {
    const r = await checkRelation(argmin, '=', bind('argmin', ['\\theta'], { kind: 'natural' }, loglik), context, OPTS);
    expect(r.verdict).toBe('refuted');
  });
  it('the empirical distribution sums to one', async () => {
    expect((await checkRelation(sumOver('x', P(hatP, [x])), '=', n(1), context, OPTS)).verdict).toBe('confirmed');
  });
});

describe('problem 3: One-di City', () => {
  const mu = s('\\mu');
  const sq = (e: Expr) => pow(e, n(2));
  const lc = add(mul(n(10), sq(sub(n(-1), mu))), mul(n(4), sq(sub(n(1), mu))));
  const argmin = (body: Expr) => bind('argmin', ['\\mu'], { kind: 'natural' }, body);
  it('arg min_μ 10(−1−μ)² + 4(1−μ)² = −3/7; 3/7 is refuted', async () => {
    expect((await checkRelation(argmin(lc), '=', div(n(-3), n(7)), ctx(), OPTS)).verdict).toBe('confirmed');
    const r = await checkRelation(argmin(lc), '=', div(n(3), n(7)), ctx(), OPTS);
    expectRefuted(r);
    if (r.verdict === 'refuted') expect(r.counterexample.lhs).toBeCloseTo(-3 / 7, 6);
  });
  it('with the distribution-center cost 14(μ−10)² the store goes to 67/14', async () => {
    const ls = add(lc, mul(n(14), sq(sub(mu, n(10)))));
    expect((await checkRelation(argmin(ls), '=', div(n(67), n(14)), ctx(), OPTS)).verdict).toBe('confirmed');
    expectRefuted(await checkRelation(argmin(ls), '=', div(n(-3), n(7)), ctx(), OPTS));
  });
  it('L_C with counts: Σ_i c^(i)(x^(i) − μ)² expands with + const wrt μ', async () => {
    const i = s('i'); const c = s('c', [], [i]); const xi = s('y', [], [i]);
    const lhs = sumRange('i', n(1), s('r'), mul(c, sq(sub(xi, mu))));
    const rhs = add(mul(sq(mu), sumRange('i', n(1), s('r'), c)), mul(n(-2), mu, sumRange('i', n(1), s('r'), mul(c, xi))), { kind: 'const' } as Expr);
    expect((await checkRelation(lhs, '=', rhs, ctx({ wrt: ['\\mu'] }), OPTS)).verdict).toBe('confirmed');
    const wrong = add(mul(sq(mu), sumRange('i', n(1), s('r'), c)), mul(n(2), mu, sumRange('i', n(1), s('r'), mul(c, xi))), { kind: 'const' } as Expr);
    expectRefuted(await checkRelation(lhs, '=', wrong, ctx({ wrt: ['\\mu'] }), OPTS));
  });
  it('a product family: ∏_{s=1}^t α_s = α_t ∏_{s=1}^{t−1} α_s', async () => {
    const t = s('t'); const alpha = (e: Expr) => s('\\alpha', [e]);
    const lhs = prodRange('s', n(1), t, alpha(s('s')));
    const r = await checkRelation(lhs, '=', mul(alpha(t), prodRange('s', n(1), sub(t, n(1)), alpha(s('s')))), ctx({ symbols: { t: { kind: 'count', integer: true, lower: 1 } } }), OPTS);
    expect(r.verdict).toBe('confirmed');
    expectRefuted(await checkRelation(lhs, '=', mul(alpha(n(1)), prodRange('s', n(1), sub(t, n(1)), alpha(s('s')))), ctx({ symbols: { t: { kind: 'count', integer: true, lower: 1 } } }), OPTS));
  });
});
