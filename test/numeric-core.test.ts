import { describe, expect, it } from 'vitest';
import { checkRelation } from '../src/numeric/index.js';
import { add, ctx, div, log, mul, n, OPTS, P, pow, s, sub, sumOver, KL } from './numeric-build.js';

const a = s('a'); const b = s('b'); const x = s('x'); const y = s('y');

describe('scalar algebra', () => {
  it('confirms (a+b)^2 = a^2 + 2ab + b^2', async () => {
    const r = await checkRelation(pow(add(a, b), n(2)), '=', add(pow(a, n(2)), mul(n(2), a, b), pow(b, n(2))), ctx(), OPTS);
    expect(r.verdict).toBe('confirmed');
  });
  it('refutes (a+b)^2 = a^2 + b^2 with a counterexample whose sides differ', async () => {
    const r = await checkRelation(pow(add(a, b), n(2)), '=', add(pow(a, n(2)), pow(b, n(2))), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
    if (r.verdict !== 'refuted') return;
    expect(Math.abs(r.counterexample.lhs - r.counterexample.rhs)).toBeGreaterThan(1e-6);
    console.log(r);
  });
});

describe('discrete distributions', () => {
  it('confirms P(x,y) = P(x) P(y|x)', async () => {
    const r = await checkRelation(P('P', [x, y]), '=', mul(P('P', [x]), P('P', [y], [x])), ctx(), OPTS);
    expect(r).toMatchObject({ verdict: 'confirmed' });
  });
  it('refutes P(x,y) = P(x) P(x|y)', async () => {
    const r = await checkRelation(P('P', [x, y]), '=', mul(P('P', [x]), P('P', [x], [y])), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
    console.log(r);
  });
  it('confirms KL = sum P log P/Q', async () => {
    const r = await checkRelation(KL(s('P'), s('Q')), '=', sumOver('x', mul(P('P', [x]), log(div(P('P', [x]), P('Q', [x]))))), ctx(), OPTS);
    expect(r).toMatchObject({ verdict: 'confirmed' });
  });
  it('refutes swapped KL', async () => {
    const r = await checkRelation(KL(s('Q'), s('P')), '=', sumOver('x', mul(P('P', [x]), log(div(P('P', [x]), P('Q', [x]))))), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
    console.log(r);
  });
  it('confirms KL >= 0, refutes KL <= 0', async () => {
    expect((await checkRelation(KL(s('P'), s('Q')), '>=', n(0), ctx(), OPTS)).verdict).toBe('confirmed');
    const r = await checkRelation(KL(s('P'), s('Q')), '<=', n(0), ctx(), OPTS);
    expect(r.verdict).toBe('refuted');
    void sub;
  });
});
