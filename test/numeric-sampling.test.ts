/** Sampling discipline: seeds, noise, discards, unsupported constructs, budgets, never throwing. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRelation } from '../src/numeric/index.js';
import { bind, CONST, deriv, indicator, rel, type Expr, distDomain } from '../src/expr/model.js';
import { add, ctx, div, fn, KL, log, mul, n, OPTS, P, pow, s, sub, sumOver, sumRange } from './numeric-build.js';

const a = s('a'); const b = s('b'); const x = s('x');

describe('seeds and precision', () => {
  it('the same seed gives the same result, byte for byte', async () => {
    const step = () => checkRelation(KL(s('Q'), s('P')), '=', KL(s('P'), s('Q')), ctx(), OPTS);
    const [r1, r2] = [await step(), await step()];
    expect(r1.verdict).toBe('refuted');
    expect(JSON.stringify(r1)).toBe(JSON.stringify(r2));
    const other = await checkRelation(KL(s('Q'), s('P')), '=', KL(s('P'), s('Q')), ctx(), { ...OPTS, seed: 8 });
    expect(other.verdict).toBe('refuted');
  });
  it('a true identity whose double evaluation is noisy is never refuted', async () => {
    // (1e8 + a)² − 1e16 − 2·1e8·a = a²: doubles lose the a² term's low digits to cancellation.
    const big = n(1e8);
    const lhs = sub(sub(pow(add(big, a), n(2)), n(1e16)), mul(n(2), big, a));
    const r = await checkRelation(lhs, '=', pow(a, n(2)), ctx(), OPTS);
    expect(r.verdict).toBe('confirmed');
    // …while the same cancellation with a real error is still refuted.
    const wrong = await checkRelation(lhs, '=', add(pow(a, n(2)), n(1)), ctx(), OPTS);
    expect(wrong.verdict).toBe('refuted');
  });
  it('a false step off by less than the double noise but more than the tolerance is refuted in high precision', async () => {
    const lhs = mul(add(n(1), pow(n(10), n(-7))), pow(add(n(1), a), n(2)));
    const r = await checkRelation(lhs, '=', pow(add(n(1), a), n(2)), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
  });
});

describe('discards and unsupported constructs', () => {
  it('log of a sometimes negative quantity: samples discarded, result stays sound', async () => {
    // log(a²) = 2 log a holds only for a > 0; for a < 0 the right side is undefined.
    const r = await checkRelation(log(pow(a, n(2))), '=', mul(n(2), log(a)), ctx(), OPTS);
    expect(r.verdict).not.toBe('refuted');
    const pos = await checkRelation(log(pow(a, n(2))), '=', mul(n(2), log(a)), ctx({ assumptions: [rel('>', a, n(0))] }), OPTS);
    expect(pos.verdict).toBe('confirmed');
  });
  it('mostly undefined samples give unverified with the reason', async () => {
    const r = await checkRelation(log(mul(n(-1), pow(a, n(2)))), '=', n(0), ctx(), OPTS);
    expect(r.verdict).toBe('unverified');
    if (r.verdict === 'unverified') expect(r.reason).toMatch(/log of a non-positive number in \d+% of samples/);
  });
  it('names the construct it cannot evaluate', async () => {
    const cases: [Expr, RegExp, Expr?][] = [
      // a vector differentiated by a vector: a Jacobian, whose layout is a convention
      [deriv(s('\\mathbf{x}'), s('\\mathbf{x}')), /Jacobian/],
      [bind('int', ['a'], { kind: 'natural' }, a), /integral/],
      [bind('E', ['z'], distDomain(fn('uniform', n(0), n(1)), ['z']), s('z')), /continuous expectation/],
      // A vector compared with a number other than 0 (written 0, it is the zero vector): a shape error, not a guess.
      [s('\\mathbf{x}'), /comparing a \d×1 with a number/, n(1)],
      [s('\\mathcal{X}'), /set \\mathcal\{X\}/],
    ];
    for (const [e, reason, other] of cases) {
      const r = await checkRelation(e, '=', other ?? n(0), ctx({ symbols: { '\\mathbf{x}': { kind: 'vector' }, '\\mathcal{X}': { kind: 'set' } } }), OPTS);
      expect(r.verdict).toBe('unverified');
      if (r.verdict === 'unverified') expect(r.reason).toMatch(reason);
    }
  });
  it('≈, ⇔ and ⇒ are reported unverified', async () => {
    for (const relation of ['approx', 'iff', 'implies'] as const) {
      expect((await checkRelation(a, relation, a, ctx(), OPTS)).verdict).toBe('unverified');
    }
  });
  it('+ const without wrt variables is unverified, with them it is checked', async () => {
    const mu = s('\\mu');
    const lhs = pow(sub(mu, a), n(2));
    const rhs = add(pow(mu, n(2)), mul(n(-2), a, mu), CONST);
    expect((await checkRelation(lhs, '=', rhs, ctx(), OPTS)).verdict).toBe('unverified');
    expect((await checkRelation(lhs, '=', rhs, ctx({ wrt: ['\\mu'] }), OPTS)).verdict).toBe('confirmed');
    expect((await checkRelation(lhs, '=', add(pow(mu, n(2)), CONST), ctx({ wrt: ['\\mu'] }), OPTS)).verdict).toBe('refuted');
  });
  it('∝ compares ratios across the wrt variables', async () => {
    const mu = s('\\mu');
    const lhs = fn('exp', mul(n(-1), pow(sub(mu, a), n(2))));
    const ok = await checkRelation(lhs, 'propto', fn('exp', sub(mul(n(2), a, mu), pow(mu, n(2)))), ctx({ wrt: ['\\mu'] }), OPTS);
    expect(ok.verdict).toBe('confirmed');
    const bad = await checkRelation(lhs, 'propto', fn('exp', mul(n(-1), pow(mu, n(2)))), ctx({ wrt: ['\\mu'] }), OPTS);
    expect(bad.verdict).toBe('refuted');
  });
});

describe('budgets', () => {
  it('a huge range is refused, not evaluated', async () => {
    const r = await checkRelation(sumRange('i', n(1), n(1e9), s('i')), '=', n(0), ctx(), OPTS);
    expect(r.verdict).toBe('unverified');
  });
  it('deeply nested input does not overflow the stack', async () => {
    let e: Expr = a;
    for (let i = 0; i < 5000; i++) e = add(n(1), mul(n(1), e));
    const r = await checkRelation(e, '=', a, ctx(), OPTS);
    expect(r.verdict).toBe('unverified');
  });
  it('stops at the time budget and says so', async () => {
    const nested = sumRange('i', n(1), n(40), sumRange('j', n(1), n(40), sumRange('k', n(1), n(40), mul(s('i'), s('j')))));
    const r = await checkRelation(nested, '=', n(1), ctx(), { seed: 1, samples: 100000, budgetMs: 50 });
    expect(['unverified', 'refuted']).toContain(r.verdict);
  });
});

/** Random expression trees over every node kind, including nonsense. */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof({ maxDepth: 5, depthIdentifier: 'e' },
    fc.constantFrom<Expr>(n(0), n(1), n(-2), n(0.5), a, b, x, s('n'), s('P'), s('f'), CONST, s('x', [], [s('i')]), s('v'), s('M'), s('d')),
    tie('e').map((e) => fn('transpose', e)),
    tie('e').map((e) => fn('norm', e)),
    tie('e').map((e) => fn('det', e)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => fn('normal', l, r)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([p, m, c]) => fn('normal', p, m, c)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([m, c, body]) => bind('E', ['v'], distDomain(fn('normal', m, c), ['v']), body)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => add(l, r)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => mul(l, r)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => pow(l, r)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => div(l, r)),
    tie('e').map((e) => log(e)),
    tie('e').map((e) => fn('exp', e)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => KL(l, r)),
    tie('e').map((e) => P('P', [e])),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => P('Q', [l], [r])),
    tie('e').map((e) => sumOver('x', e)),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => sumRange('i', l, r, s('i'))),
    fc.tuple(tie('e'), tie('e')).map(([l, r]) => indicator(rel('=', l, r))),
    tie('e').map((e) => bind('argmin', ['a'], { kind: 'natural' }, e)),
    tie('e').map((e) => bind('E', ['x'], distDomain(s('P'), ['x']), e)),
    tie('e').map((e) => ({ kind: 'call', fn: s('f'), args: [e] }) as Expr),
    tie('e').map((e) => rel('<', e, e)),
  ),
})).e;

describe('never throws', () => {
  it('any expression pair gives a verdict', async () => {
    const relations = ['=', '<=', '<', 'propto', 'approx'] as const;
    await fc.assert(fc.asyncProperty(exprArb, exprArb, fc.constantFrom(...relations), async (l, r, relation) => {
      const symbols = { v: { kind: 'vector' }, M: { kind: 'matrix' } } as const;
      const res = await checkRelation(l, relation, r, ctx({ wrt: ['a'], symbols }), { seed: 3, samples: 20, budgetMs: 200 });
      expect(['confirmed', 'refuted', 'unverified']).toContain(res.verdict);
      if (res.verdict === 'unverified') expect(res.reason).not.toMatch(/internal error/);
      if (res.verdict === 'refuted') expect(Number.isNaN(res.counterexample.lhs) || Number.isNaN(res.counterexample.rhs)).toBe(false);
    }), { numRuns: 300, seed: 11 });
  });
});
void sumOver; void P; void x;
