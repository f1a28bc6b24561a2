/**
 * The kernel's exact algebra, judged by independent oracles: exact evaluation at rational points
 * (BigInt fractions written here, not the kernel's), finite differences for derivatives, and
 * the identity list the bench times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Expr, add, call, children, deriv, div, fn, key, mul, neg, num, pow, prob, sqrt, sub, sym, bind } from '../src/expr/model.js';
import { parseLatex } from '../src/notation/parse.js';
import { DEFAULT_BUDGET, differentiate, equalRational, fromNumber, quadraticOptimum } from '../src/kernel/algebra/index.js';
import { IDENTITIES, decide } from '../bench/kernel-algebra.mjs';

const X = sym('x'), Y = sym('y'), Z = sym('z');
/** Nine names, so some expressions have more than seven atoms, where polynomial keys change representation. */
const NAMES = ['x', 'y', 'z', 'a', 'b', 'c', 'd', 'e', 'f'] as const;

// ---------------------------------------------------------------- the oracle: exact evaluation

/** p/q, not reduced; q ≠ 0. */
type Frac = readonly [bigint, bigint];
/** The generators' numbers are sixths (integers, 0.5, 1/3, 1.5): 6·value is then an exact integer. */
const fracOf = (value: number): Frac => {
  if (Number.isInteger(value * 6)) return [BigInt(value * 6), 6n];
  throw new Error(`the generators make no number ${value}`);
};
const sameFrac = (a: Frac, b: Frac): boolean => a[0] * b[1] === b[0] * a[1];

/** e at a point, exactly; null where it is undefined (a division by 0). */
function exactly(e: Expr, at: ReadonlyMap<string, Frac>): Frac | null {
  switch (e.kind) {
    case 'num': return fracOf(e.value);
    case 'sym': return at.get(e.name)!;
    case 'add': return e.terms.reduce<Frac | null>((s, t) => { const v = exactly(t, at); return s && v && [s[0] * v[1] + v[0] * s[1], s[1] * v[1]]; }, [0n, 1n]);
    case 'mul': return e.factors.reduce<Frac | null>((s, t) => { const v = exactly(t, at); return s && v && [s[0] * v[0], s[1] * v[1]]; }, [1n, 1n]);
    case 'pow': {
      if (e.exp.kind !== 'num' || !Number.isInteger(e.exp.value)) throw new Error('the generators make integer powers only');
      const b = exactly(e.base, at);
      if (!b) return null;
      const k = BigInt(Math.abs(e.exp.value));
      if (e.exp.value >= 0) return [b[0] ** k, b[1] ** k];
      return b[0] === 0n ? null : [b[1] ** k, b[0] ** k];
    }
    default: throw new Error(`the generators make no ${e.kind}`);
  }
}

const point = fc.tuple(...NAMES.map(() => fc.tuple(fc.integer({ min: -60, max: 60 }), fc.integer({ min: 1, max: 9 }))))
  .map((values) => new Map(values.map(([p, q], i) => [NAMES[i]!, [BigInt(p), BigInt(q)] as Frac])));
const points = fc.array(point, { minLength: 4, maxLength: 4 });

/** At how many points both sides are defined, and at how many of those they differ. */
function compare(a: Expr, b: Expr, at: readonly ReadonlyMap<string, Frac>[]): { defined: number; differing: number } {
  let defined = 0, differing = 0;
  for (const p of at) {
    const va = exactly(a, p), vb = exactly(b, p);
    if (!va || !vb) continue;
    defined++;
    if (!sameFrac(va, vb)) differing++;
  }
  return { defined, differing };
}

// ---------------------------------------------------------------- generators

const leaf = fc.oneof(fc.constantFrom<Expr>(...NAMES.map((n) => sym(n))), fc.integer({ min: -4, max: 4 }).map(num), fc.constantFrom(num(0.5), num(1 / 3)));
const { rational } = fc.letrec((tie) => ({
  rational: fc.oneof({ maxDepth: 4, depthSize: 'small' },
    leaf,
    fc.tuple(tie('rational'), tie('rational')).map(([a, b]) => add(a as Expr, b as Expr)),
    fc.tuple(tie('rational'), tie('rational')).map(([a, b]) => sub(a as Expr, b as Expr)),
    fc.tuple(tie('rational'), tie('rational')).map(([a, b]) => mul(a as Expr, b as Expr)),
    fc.tuple(tie('rational'), tie('rational')).map(([a, b]) => div(a as Expr, b as Expr)),
    fc.tuple(tie('rational'), fc.integer({ min: -2, max: 3 })).map(([a, k]) => pow(a as Expr, num(k)))),
})) as { rational: fc.Arbitrary<Expr> };

/** Never the zero polynomial: a safe thing to multiply and divide by. */
const nonzero = (t: Expr): Expr => add(pow(t, num(2)), num(1));

/** One value-preserving rewrite at the node numbered `at` in preorder (wrapping round). */
function rewrite(e: Expr, at: number, t: Expr): Expr {
  const count = (x: Expr): number => 1 + (x.kind === 'add' ? x.terms : x.kind === 'mul' ? x.factors : x.kind === 'pow' ? [x.base] : []).reduce((s, c) => s + count(c), 0);
  let n = at % count(e);
  const step = (x: Expr): Expr => {
    if (x.kind === 'add') return add(...[...x.terms].reverse(), t, neg(t));   // commute, then add and subtract t
    if (x.kind === 'mul') {
      const i = x.factors.findIndex((f) => f.kind === 'add');
      if (i < 0) return mul(...[...x.factors].reverse());
      const rest = x.factors.filter((_, j) => j !== i);
      return add(...(x.factors[i] as { terms: readonly Expr[] }).terms.map((term) => mul(...rest, term)));   // expand
    }
    if (x.kind === 'pow' && x.exp.kind === 'num' && x.exp.value === 2 && x.base.kind === 'add' && x.base.terms.length === 2) {
      const [a, b] = x.base.terms as [Expr, Expr];
      return add(pow(a, num(2)), mul(num(2), a, b), pow(b, num(2)));
    }
    if (x.kind === 'pow' && x.exp.kind === 'num' && x.exp.value >= 2) return mul(x.base, pow(x.base, num(x.exp.value - 1)));
    return mul(x, nonzero(t), pow(nonzero(t), num(-1)));   // multiply and divide by the same
  };
  const go = (x: Expr): Expr => {
    if (n-- === 0) return step(x);
    if (x.kind === 'add') return add(...x.terms.map(go));
    if (x.kind === 'mul') return mul(...x.factors.map(go));
    if (x.kind === 'pow') return pow(go(x.base), x.exp);
    return x;
  };
  return go(e);
}
const rewrites = fc.array(fc.tuple(fc.nat(), leaf), { minLength: 1, maxLength: 3 });
const rewritten = (e: Expr, steps: readonly (readonly [number, Expr])[]): Expr => steps.reduce((x, [at, t]) => rewrite(x, at, t), e);

/** A polynomial written as a sum of distinct monomials with nonzero coefficients. */
const polynomialTerms = fc.uniqueArray(
  fc.record({ exps: fc.array(fc.constantFrom(0, 0, 0, 1, 2), { minLength: NAMES.length, maxLength: NAMES.length }), coef: fc.constantFrom(-3, -2, -1, 0.5, 1, 2, 5) }),
  { minLength: 1, maxLength: 6, selector: (t) => t.exps.join(',') },
);
type PolyTerm = { exps: readonly number[]; coef: number };
const monomialSum = (terms: readonly PolyTerm[]): Expr =>
  (terms.length ? add(...terms.map((t) => mul(num(t.coef), ...t.exps.map((k, i) => pow(sym(NAMES[i]!), num(k)))))) : num(0));

describe('equalRational against exact evaluation at rational points', () => {
  it('equal agrees at every point, notShown differs at some point', () => {
    let decided = 0;
    fc.assert(fc.property(rational, rational, points, (a, b, at) => {
      const outcome = equalRational(a, b);
      const { defined, differing } = compare(a, b, at);
      if (outcome.kind === 'equal') expect(differing).toBe(0);
      if (outcome.kind === 'notShown' && defined > 0) expect(differing).toBeGreaterThan(0);
      if (outcome.kind === 'unknown') expect(outcome.reason).toMatch(/^division by zero/);
      if (outcome.kind === 'equal' || outcome.kind === 'notShown') decided++;
    }), { seed: 81, numRuns: 400 });
    expect(decided).toBeGreaterThan(300);
  });

  it('value-preserving rewrites (expand, commute, add and subtract, multiply and divide) are equal', () => {
    let equal = 0;
    fc.assert(fc.property(rational, rewrites, points, (e, steps, at) => {
      const r = rewritten(e, steps);
      const outcome = equalRational(e, r);
      if (outcome.kind === 'unknown') {
        expect(outcome.reason).toMatch(/^division by zero/);
        expect(compare(e, e, at).defined).toBe(0);
      } else if (outcome.kind !== 'budget') {
        expect(outcome.kind).toBe('equal');
        equal++;
      }
    }), { seed: 82, numRuns: 400 });
    expect(equal).toBeGreaterThan(300);
  });

  it('a changed coefficient or a dropped term is never equal, over a denominator or not', () => {
    fc.assert(fc.property(polynomialTerms, fc.nat(), fc.boolean(), rewrites, fc.option(polynomialTerms), points, (terms, which, drop, steps, over, at) => {
      const k = which % terms.length;
      const mutated = drop ? terms.filter((_, i) => i !== k) : terms.map((t, i) => (i === k ? { ...t, coef: t.coef + 1 } : t));
      const den = over ? nonzero(monomialSum(over)) : num(1);
      const a = div(rewritten(monomialSum(terms), steps), den), b = div(monomialSum(mutated), den);
      expect(equalRational(a, b).kind).toBe('notShown');
      expect(compare(a, b, at).differing).toBeGreaterThan(0);
    }), { seed: 83, numRuns: 300 });
  });

  it('equal factored and expanded forms built independently', () => {
    fc.assert(fc.property(rational, rational, rational, (a, b, c) => {
      const pairs: [Expr, Expr][] = [
        [mul(a, add(b, c)), add(mul(a, b), mul(a, c))],
        [pow(add(a, b), num(2)), add(pow(a, num(2)), mul(num(2), a, b), pow(b, num(2)))],
        [add(div(a, nonzero(b)), div(c, nonzero(a))), div(add(mul(a, nonzero(a)), mul(c, nonzero(b))), mul(nonzero(b), nonzero(a)))],
      ];
      for (const [l, r] of pairs) {
        const outcome = equalRational(l, r);
        if (outcome.kind !== 'budget' && outcome.kind !== 'unknown') expect(outcome.kind).toBe('equal');
      }
    }), { seed: 84, numRuns: 200 });
  });

  it('keeps monomials canonical past seven atoms (the optimum strips the variable from each)', () => {
    const body = 'h^2 - 6(a+b+c+d+e+f+g)v + 3v^2';   // v is the ninth atom: stripping it leaves small keys
    expect(quadraticOptimum('argmin', 'v', parseLatex(body), parseLatex('g+f+e+d+c+b+a'))).toEqual({ kind: 'yes' });
    expect(quadraticOptimum('argmin', 'v', parseLatex(body), parseLatex('f+e+d+c+b+a')).kind).toBe('no');
    expect(equalRational(parseLatex('(a+b+c+d+e+f+g+h+i)^2 - (i+h)^2'), parseLatex('(a+b+c+d+e+f+g)(a+b+c+d+e+f+g+2h+2i)')).kind).toBe('equal');
  });
});

describe('reading doubles as rationals', () => {
  it('reads literals and folded fractions exactly, refuses the rest', () => {
    expect(fromNumber(0.5)).toEqual({ n: 1n, d: 2n });
    expect(fromNumber(1 / 3)).toEqual({ n: 1n, d: 3n });
    expect(fromNumber(-2.25)).toEqual({ n: -9n, d: 4n });
    expect(fromNumber(0.3333)).toEqual({ n: 3333n, d: 10000n });   // a literal means its decimal, not 1/3
    expect(fromNumber(0.1 + 0.2)).toEqual({ n: 3n, d: 10n });
    expect(fromNumber(2 ** 53 - 1)).toEqual({ n: 2n ** 53n - 1n, d: 1n });
    expect(fromNumber(2 ** 53)).toBeNull();   // also the double of 2^53 + 1: beyond 2^53 a double is itself rounded
    expect(fromNumber(0.1234567)).toBeNull();
    expect(fromNumber(Math.PI)).toBeNull();
    expect(fromNumber(Number.NaN)).toBeNull();
  });

  it('recovers p/q from its double, and from a product of two such doubles', () => {
    fc.assert(fc.property(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (p, q, r, s) => {
      const reduced = (n: bigint, d: bigint) => { let [a, b] = [n < 0n ? -n : n, d]; while (b) [a, b] = [b, a % b]; return { n: n / a, d: d / a }; };
      if (p !== 0) expect(fromNumber(p / q)).toEqual(reduced(BigInt(p), BigInt(q)));
      if (p !== 0) expect(fromNumber((p / q) * (r / s))).toEqual(reduced(BigInt(p * r), BigInt(q * s)));
    }), { seed: 85, numRuns: 500 });
  });
});

// ---------------------------------------------------------------- derivatives

/** e at a point, in doubles (for finite differences). */
function approx(e: Expr, at: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'num': return e.value;
    case 'sym': return at.get(e.name)!;
    case 'add': return e.terms.reduce((s, t) => s + approx(t, at), 0);
    case 'mul': return e.factors.reduce((s, t) => s * approx(t, at), 1);
    case 'pow': return approx(e.base, at) ** approx(e.exp, at);
    case 'fn': if (e.name === 'exp') return Math.exp(approx(e.args[0]!, at)); if (e.name === 'log') return Math.log(approx(e.args[0]!, at)); break;
    default: break;
  }
  throw new Error(`no value for ${e.kind}`);
}

const { smooth } = fc.letrec((tie) => ({
  smooth: fc.oneof({ maxDepth: 3, depthSize: 'small' },
    fc.oneof(fc.constantFrom<Expr>(X, Y), fc.integer({ min: -3, max: 3 }).map(num)),
    fc.tuple(tie('smooth'), tie('smooth')).map(([a, b]) => add(a as Expr, b as Expr)),
    fc.tuple(tie('smooth'), tie('smooth')).map(([a, b]) => mul(a as Expr, b as Expr)),
    fc.tuple(tie('smooth'), fc.integer({ min: 2, max: 3 })).map(([a, k]) => pow(a as Expr, num(k))),
    fc.tuple(tie('smooth'), tie('smooth')).map(([a, b]) => div(a as Expr, nonzero(b as Expr))),
    tie('smooth').map((a) => fn('exp', div(a as Expr, nonzero(a as Expr)))),
    tie('smooth').map((a) => fn('log', nonzero(a as Expr))),
    tie('smooth').map((a) => sqrt(nonzero(a as Expr)))),
})) as { smooth: fc.Arbitrary<Expr> };

describe('differentiate', () => {
  it('agrees with central finite differences (Richardson-extrapolated) at random points', () => {
    // (a body that names y but never x is not differentiated at all: see below)
    const showsX = (f: Expr): boolean => key(f) === key(X) || children(f).some(showsX);
    const namesY = (f: Expr): boolean => key(f) === key(Y) || children(f).some(namesY);
    fc.assert(fc.property(smooth.filter((f) => showsX(f) || !namesY(f)), fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (f, x, y) => {
      const d = differentiate(f, 'x');
      expect(d.kind).toBe('derivative');
      if (d.kind !== 'derivative') return;
      const at = (v: number) => approx(f, new Map([['x', v], ['y', y]]));
      const central = (h: number) => (at(x + h) - at(x - h)) / (2 * h);
      const estimate = (4 * central(5e-4) - central(1e-3)) / 3;
      const exact = approx(d.expr, new Map([['x', x], ['y', y]]));
      if (Math.abs(at(x)) > 1e6) return;   // cancellation would swamp the estimate
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(exact) + Math.abs(at(x))));
    }), { seed: 86, numRuns: 300 });
  });

  it('does not take ∂L/∂w or ∂(2L)/∂w as 0: a body that names something but never the variable depends on it unseen', () => {
    expect(differentiate(Y, 'x').kind).toBe('unknown');
    expect(differentiate(mul(num(2), Y), 'x').kind).toBe('unknown');
    expect(differentiate(parseLatex('f(y) + \\sum_{i=1}^n a_i'), 'x').kind).toBe('unknown');
    expect(differentiate(num(3), 'x')).toEqual({ kind: 'derivative', expr: num(0) });
    expect(differentiate(X, 'x')).toEqual({ kind: 'derivative', expr: num(1) });
    // (inside a larger body another name is a constant, as in d/dx (y x^2))
    expect(differentiate(mul(Y, pow(X, num(2))), 'x').kind).toBe('derivative');
  });

  it('matches known derivatives and treats other symbols as constants', () => {
    const known: [string, string, string][] = [
      ['x^5 - 3x', 'x', '5x^4 - 3'],
      ['\\frac{1}{x^2}', 'x', '-\\frac{2}{x^3}'],
      ['x^{3/2}', 'x', '\\frac{3}{2}\\sqrt{x}'],
      ['\\sqrt[3]{x}', 'x', '\\frac{1}{3} x^{-2/3}'],
      ['a^x', 'x', 'a^x \\log a'],
      ['x \\exp(x)', 'x', '(1+x)\\exp(x)'],
      ['\\log_2 x', 'x', '\\frac{1}{x \\log 2}'],
      ['y x^2 + \\log y', 'x', '2xy'],
      ['\\frac{\\partial}{\\partial y} x y^2', 'x', '2y'],
      ['x + f(y) + \\sum_{i=1}^n a_i', 'x', '1'],
    ];
    for (const [f, v, g] of known) {
      const d = differentiate(parseLatex(f), v);
      expect(d.kind, f).toBe('derivative');
      if (d.kind === 'derivative') expect(equalRational(d.expr, parseLatex(g)).kind, `d/d${v} ${f}`).toBe('equal');
    }
  });

  it('declines what depends on the variable without a rule, never answers 0', () => {
    const x = X;
    const cases: Expr[] = [
      call(sym('f'), [x]), prob(sym('P'), [x]), fn('abs', x), sym('x', [sym('i')]), sym('x', [], [sym('i')]),
      pow(x, x), bind('sum', ['i'], { kind: 'range', from: num(1), to: sym('n') }, mul(x, sym('a', [sym('i')]))),
      deriv(sym('x', [sym('i')]), x),
    ];
    for (const e of cases) expect(differentiate(e, 'x').kind).toBe('unknown');
  });
});

// ---------------------------------------------------------------- budgets, and the identity list

describe('budgets', () => {
  it('huge constants are decided exactly or refused for budget, never expanded unbounded', () => {
    const huge = (k: number) => add(X, pow(num(10), num(k)));
    const near = add(pow(X, num(2)), mul(num(2), X), num(1));
    expect(equalRational(pow(huge(800), num(2)), near).kind).toBe('notShown');
    expect(equalRational(pow(huge(1600), num(2)), near).kind).toBe('notShown');
    expect(equalRational(pow(huge(1_000_000), num(2)), near)).toEqual({ kind: 'budget', reason: expect.stringMatching(/^budget: a coefficient/) });
    expect(equalRational(pow(num(10), pow(num(10), num(100))), X).kind).toBe('budget');
  });

  it('a smaller budget turns an expansion into a budget outcome, not notShown', () => {
    const big = pow(add(X, Y, Z), num(6));
    const same = pow(add(Z, Y, X), num(6));
    expect(equalRational(big, same).kind).toBe('equal');
    expect(equalRational(big, same, { ...DEFAULT_BUDGET, maxTerms: 20 }).kind).toBe('budget');
    expect(equalRational(big, same, { ...DEFAULT_BUDGET, maxWork: 100 }).kind).toBe('budget');
    expect(equalRational(big, same, { ...DEFAULT_BUDGET, maxDegree: 5 }).kind).toBe('budget');
  });
});

describe('the identity list the bench times', () => {
  for (const identity of IDENTITIES) {
    it(identity.name, () => {
      expect(decide({ equalRational, quadraticOptimum }, parseLatex, identity)).toBe(identity.expect);
    });
  }
});
