/**
 * The certain arithmetics behind a refutation: intervals always contain the true value (checked
 * against exact rationals and against 120-digit references), a comparison is either right or
 * undecided, and exact rationals read sampled values and literals as the rationals they stand for.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { Inexact, Undecided, type Arith } from '../src/numeric/arith.js';
import { EXACT, type Exact } from '../src/numeric/exact.js';
import { intervalArithmetics, type Interval } from '../src/numeric/interval.js';
import { rawScalarArb, shapeScalar, STAGES } from '../src/numeric/draw.js';
import { fromNumber, type Rat } from '../src/kernel/algebra/rational.js';
import { RULES } from '../src/numeric/quadrature.js';
import { checkRelation } from '../src/numeric/index.js';
import { parseLatex } from '../src/notation/parse.js';
import { defaultSymbols } from '../src/expr/symbols.js';

const Reference = Decimal.clone({ precision: 120 });
const intervals = await intervalArithmetics();

/** lo ≤ value ≤ hi, the value given as a 120-digit decimal. */
function contains(i: Interval, value: Decimal): boolean {
  return new Reference(i.lo).lte(value) && new Reference(i.hi).gte(value);
}
/** lo ≤ n/d ≤ hi, decided exactly as lo·d ≤ n ≤ hi·d (enough digits for any product here). */
const Wide = Decimal.clone({ precision: 6000 });
function containsRational(i: Interval, r: Rat): boolean {
  const [n, d] = [new Wide(r.n.toString()), new Wide(r.d.toString())];
  return new Wide(i.lo).times(d).lte(n) && new Wide(i.hi).times(d).gte(n);
}

/** A random computation over small rationals, run in any arithmetic. */
type Op = { kind: 'leaf'; p: number; q: number } | { kind: 'add' | 'sub' | 'mul' | 'div'; l: Op; r: Op } | { kind: 'pow'; b: Op; k: number };
const opArb: fc.Arbitrary<Op> = fc.letrec<{ op: Op }>((tie) => ({
  op: fc.oneof({ maxDepth: 5, depthIdentifier: 'op' },
    fc.record({ kind: fc.constant('leaf' as const), p: fc.integer({ min: -30, max: 30 }), q: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constantFrom('add' as const, 'sub' as const, 'mul' as const, 'div' as const), l: tie('op'), r: tie('op') }),
    fc.record({ kind: fc.constant('pow' as const), b: tie('op'), k: fc.integer({ min: -4, max: 6 }) })),
})).op;

function run<T>(A: Arith<T>, op: Op): T {
  switch (op.kind) {
    case 'leaf': return A.div(A.of(op.p), A.of(op.q));
    case 'pow': return A.pow(run(A, op.b), A.of(op.k));
    default: return A[op.kind](run(A, op.l), run(A, op.r));
  }
}

describe('interval arithmetic', () => {
  it('reads each number once per arithmetic, as the interval a fresh reading gives', () => {
    const I = intervals(64);
    const numbers = [0.9, 0.3, 1 / 3, 3, -2.5, 0, -0, 1e-300, Math.PI, NaN, Infinity, -Infinity];
    for (const n of numbers) {
      // a product of a thousand factors a reads a a thousand times: one reading (two divisions at 64 digits), not a thousand
      expect(I.of(n), String(n)).toBe(I.of(n));
      const fresh = intervals(64).of(n);
      expect(I.of(n).lo.eq(fresh.lo) || (I.of(n).lo.isNaN() && fresh.lo.isNaN()), String(n)).toBe(true);
      expect(I.of(n).hi.eq(fresh.hi) || (I.of(n).hi.isNaN() && fresh.hi.isNaN()), String(n)).toBe(true);
    }
    // distinct numbers keep distinct intervals
    expect(I.compare(I.of(0.9), I.of(0.3))).toBe(1);
    expect(I.compare(I.of(1 / 3), I.of(0.3))).toBe(1);
  });
  it('always contains the exact rational result', () => {
    for (const digits of [64, 128]) {
      const I = intervals(digits);
      fc.assert(fc.property(opArb, (op) => {
        let exact: Exact;
        try { exact = run(EXACT, op); } catch (e) { return e instanceof Inexact; }
        let enclosure: Interval;
        try { enclosure = run(I, op); } catch (e) { return e instanceof Undecided; }
        if (typeof exact === 'number') return I.isNaN(enclosure) || !I.isFinite(enclosure) || Number.isNaN(exact);
        return containsRational(enclosure, exact);
      }), { numRuns: 400, seed: 21 });
    }
  });
  it('contains log, exp, sine, roots and π, checked against 120 digits', () => {
    const I = intervals(64);
    const positive = fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 999 }));
    fc.assert(fc.property(positive, fc.integer({ min: -3, max: 3 }), ([p, q], sign) => {
      const x = p / q;
      const ref = new Reference(p).div(q);
      expect(contains(I.log(I.of(x)), ref.ln())).toBe(true);
      const e = (sign * p) / q / 100;
      expect(contains(I.exp(I.of(e)), new Reference(sign * p).div(q * 100).exp())).toBe(true);
      expect(contains(I.sin(I.of(x)), ref.sin())).toBe(true);
      expect(contains(I.pow(I.of(x), I.of(0.5)), ref.sqrt())).toBe(true);
      expect(contains(I.pow(I.of(x), I.of(1 / 3)), ref.cbrt())).toBe(true);
    }), { numRuns: 100, seed: 22 });
    expect(contains(intervals(64).pi(), Reference.acos(-1))).toBe(true);
  });
  it('never answers a comparison of equal values wrongly: 0 or undecided', () => {
    const I = intervals(64);
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 50 }), (p, q) => {
      const x = I.of(p / q);
      const a = I.log(I.mul(x, x));
      const b = I.mul(I.of(2), I.log(x));
      try { return I.compare(a, b) === 0; } catch (e) { return e instanceof Undecided; }
    }), { numRuns: 200, seed: 23 });
  });
  it('keeps domain edges: no logarithm or division across zero', () => {
    const I = intervals(64);
    const third = I.div(I.of(1), I.of(3));
    const aroundZero = I.sub(I.mul(third, I.of(3)), I.of(1));
    expect(() => I.log(aroundZero)).toThrow(Undecided);
    expect(() => I.div(I.of(1), aroundZero)).toThrow(Undecided);
    expect(I.isNaN(I.log(I.of(-2)))).toBe(true);
    expect(I.isNaN(I.div(I.of(1), I.of(0)))).toBe(true);
  });
});

describe('approximate numbers (quadrature nodes and weights)', () => {
  it('are intervals around the double, never points: a rule summed over them encloses the exact moments', () => {
    const I = intervals(64);
    const node = I.approx(RULES[0].nodes[0]!);
    expect(node.lo.lt(node.hi)).toBe(true);
    expect(contains(node, new Reference(RULES[0].nodes[0]!))).toBe(true);
    // E Z² = 1 and E Z⁴ = 3 under N(0, 1); the doubles of the tables alone sum to neither exactly
    for (const [power, moment] of [[2, 1], [4, 3]] as const) {
      for (const { nodes, weights } of RULES) {
        const sum = nodes.reduce((s, z, i) => I.add(s, I.mul(I.approx(weights[i]!), I.pow(I.approx(z), I.of(power)))), I.of(0));
        expect(contains(sum, new Reference(moment)), `E Z^${power}`).toBe(true);
      }
    }
  });

  it('never refute a true identity between moments of a Gaussian law on the rounding of the rule', async () => {
    const law = 'x \\sim \\mathcal N(\\mu, \\sigma^2)';
    const lhs = parseLatex(`\\mathbb{E}_{${law}}[x^2] - \\mathbb{E}_{${law}}[x]^2`);
    // (with the nodes read as points, this seed's worlds refuted it: "left side 1 but right side 1")
    const r = await checkRelation(lhs, '=', parseLatex('\\sigma^2'), { symbols: defaultSymbols(), assumptions: [], definitions: [], wrt: [] }, { seed: 1, samples: 50, budgetMs: 3000 });
    expect(r.verdict, r.message ?? r.reason).not.toBe('refuted');
  }, 120_000);
});

describe('a certain re-check within the work budget', () => {
  const ctx = { symbols: defaultSymbols(), assumptions: [parseLatex('a > 0')], definitions: [], wrt: [] };
  const logs = '\\log(a) + \\log(a+1) + \\log(a+2) + \\log(a+3)';
  const [lhs, rhs] = [parseLatex(logs), parseLatex(`${logs} + 10^{-6}`)];

  it('counts each logarithm at 64 digits as the work it is: too little work leaves the step unverified, never skipped', async () => {
    const r = await checkRelation(lhs, '=', rhs, ctx, { seed: 1, samples: 50, work: 2_000 });
    expect(r.verdict).toBe('unverified');
    if (r.verdict === 'unverified') expect(r.reason).toMatch(/could not be re-checked with certainty within the work budget/);
  });

  it('refutes it with certainty when the work suffices', async () => {
    const r = await checkRelation(lhs, '=', rhs, ctx, { seed: 1, samples: 50, work: 100_000 });
    expect(r.verdict).toBe('refuted');
    if (r.verdict === 'refuted') expect(r.message).toMatch(/certain in 64-digit interval arithmetic/);
  });
});

describe('exact rationals', () => {
  it('read every sampled value as the rational it was drawn as', () => {
    for (const stage of STAGES) {
      fc.assert(fc.property(rawScalarArb(stage), fc.constantFrom({}, { lower: 0, strictLower: true }, { lower: 0, upper: 1 }, { upper: -2 }), (raw, c) => {
        const v = shapeScalar(c, raw);
        const r = fromNumber(v);
        expect(r, String(v)).not.toBeNull();
        // the double is that rational rounded (by the draw's own arithmetic, a few units in the last place)
        expect(r!.d <= 1_000_000n).toBe(true);
        expect(Math.abs(Number(r!.n) / Number(r!.d) - v)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(v));
      }), { numRuns: 500, seed: 24 });
    }
  });
  it('refuse what has no exact value, and keep the edge cases of doubles', () => {
    expect(() => EXACT.log(EXACT.of(2))).toThrow(Inexact);
    expect(() => EXACT.pow(EXACT.of(2), EXACT.of(0.5))).toThrow(Inexact);
    expect(() => EXACT.pi()).toThrow(Inexact);
    expect(() => EXACT.of(0.1234567)).toThrow(Inexact);
    expect(EXACT.toNumber(EXACT.pow(EXACT.of(9 / 4), EXACT.of(0.5)))).toBe(1.5);
    expect(EXACT.log(EXACT.of(0))).toBe(-Infinity);
    expect(EXACT.isNaN(EXACT.div(EXACT.of(1), EXACT.of(0)))).toBe(true);
    expect(EXACT.isNaN(EXACT.pow(EXACT.of(-8), EXACT.of(1 / 3)))).toBe(true);
    // 1/3 written as a double is read as 1/3: the sum is exactly one
    expect(EXACT.compare(EXACT.add(EXACT.of(1 / 3), EXACT.of(2 / 3)), EXACT.of(1))).toBe(0);
  });
});

describe('what a transcendental costs', () => {
  /** The evaluations an operation reports to the budget, on points (one end each). */
  const charged = (op: (A: Arith<Interval>) => unknown): number => {
    let n = 0;
    op(intervals(64, (k) => { n += k; }));
    return n;
  };

  it('charges a logarithm once, an exponential twice and a non-integer power three times (measured costs), an integer power not at all', () => {
    // points, whose two ends are one number (a fraction's interval has two: twice the charge)
    expect(charged((A) => A.log(A.of(3)))).toBe(1);
    expect(charged((A) => A.exp(A.of(-2)))).toBe(2);
    expect(charged((A) => A.pow(A.of(39), A.point(-0.5)))).toBe(3);
    expect(charged((A) => A.pow(A.of(39), A.of(3)))).toBe(0);
  });
});
