/**
 * The memoised key must be model.key exactly under nested binders that shadow, reuse and mix
 * names (free and bound occurrences of one name side by side, superscripted names that never
 * refer to a binder, distributions' random variables), and for one subterm object met under
 * different binders.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Expr, add, bind, call, children, fn, key as modelKey, mul, num, pow, prob, sym } from '../src/expr/model.js';
import { key } from '../src/kernel/index.js';

const subterms = (e: Expr): Expr[] => [e, ...children(e).flatMap(subterms)];
const NAMES = ['x', 'i', 'j'] as const;

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>(sym('x'), sym('i'), sym('j'), sym('x', [], [sym('i')]), sym('w', [sym('j'), sym('i')]), num(3), prob(sym('P'), [sym('x')], [sym('j')])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => add(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => pow(a, b)),
    tie('e').map((a) => fn('exp', a)),
    fc.tuple(fc.constantFrom(...NAMES), tie('e')).map(([n, a]) => sym(n, [a])),
    tie('e').map((a) => call(sym('f'), [a, sym('i')])),
    fc.tuple(fc.subarray([...NAMES], { minLength: 1 }), tie('e')).map(([vs, a]) => bind('sum', vs, { kind: 'natural' }, a)),
    fc.tuple(fc.constantFrom(...NAMES), tie('e'), tie('e')).map(([v, n, a]) => bind('prod', [v], { kind: 'range', from: sym(v), to: n }, a)),
    fc.tuple(fc.constantFrom(...NAMES), tie('e'), tie('e')).map(([v, d, a]) => bind('E', [v], { kind: 'dist', dist: d, rvs: [v.toUpperCase()] }, a)),
  ),
})).e;

describe('keys under nested binders', () => {
  test('every subterm of a generated tree keys as model.key, in either order', () => {
    fc.assert(fc.property(exprArb, fc.boolean(), (e, bottomUp) => {
      const all = subterms(e);
      for (const x of bottomUp ? all.reverse() : all) expect(key(x)).toBe(modelKey(x));
    }), { seed: 21, numRuns: 1500 });
  });

  test('a shadowing binder resolves to the innermost, a superscripted name to itself', () => {
    const inner = bind('sum', ['x'], { kind: 'natural' }, add(sym('x'), sym('x', [], [sym('i')]), sym('i')));
    const outer = bind('sum', ['x', 'i'], { kind: 'natural' }, mul(inner, sym('x')));
    expect(key(outer)).toBe(modelKey(outer));
    expect(key(outer)).toContain('(+ #0.0 x^[#1.1] #1.1)');
  });

  test('one subterm object under different binders keys by where its names are bound', () => {
    const shared = mul(sym('w', [sym('j'), sym('i')]), fn('exp', sym('i')));
    const byI = bind('sum', ['i'], { kind: 'natural' }, shared);
    const byJI = bind('sum', ['j', 'i'], { kind: 'natural' }, shared);
    const nested = bind('sum', ['i'], { kind: 'natural' }, add(byI, byJI, shared));
    for (const e of [byI, byJI, nested, shared]) expect(key(e)).toBe(modelKey(e));
    expect(key(byI)).not.toBe(key(byJI));
  });
});
