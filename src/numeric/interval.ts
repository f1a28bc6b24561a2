/**
 * Interval arithmetic over decimal.js, for re-checking a suspected counterexample
 * that exact rationals cannot evaluate (logs, exponentials, roots, π): every
 * value is an interval [lo, hi] of decimals certain to contain the true value,
 * so a comparison either comes out certain or says it cannot tell (`Undecided`),
 * and the caller tries again with more digits or gives up — it never guesses.
 *
 * Owns: outward rounding (+ − · ÷ rounded down for lo and up for hi; log, exp,
 * powers and sine computed with five guard digits and widened by 10^-digits,
 * far beyond decimal.js's one-ulp error) and the domain edges (an interval
 * straddling zero is no divisor and has no logarithm). Must not: load decimal.js
 * before a re-check needs it (it is imported once, on first use).
 */
import type { Decimal } from 'decimal.js';
import * as Q from '../kernel/algebra/rational.js';
import { Undecided, type Arith } from './arith.js';

type DecimalCtor = typeof Decimal;

/** How far, relatively, a double standing for an approximate number (arith.ts `approx`) may be from it. */
const APPROXIMATION = 1e-12;

export interface Interval { readonly lo: Decimal; readonly hi: Decimal }

let loading: Promise<DecimalCtor> | null = null;

/** The decimal.js constructor (memoised: the module is immutable once loaded). */
const decimalModule = (): Promise<DecimalCtor> => (loading ??= import('decimal.js').then((m) => m.Decimal));

/** Reports `n` transcendental evaluations (log, exp, sine, a non-integer power) about to be made:
 *  each costs far more than a node at these precisions, and a budget must see it (it may throw). */
export type TranscendentalCharge = (n: number) => void;

/** Work units one transcendental evaluation costs at `digits` digits, on the scale of a sampled
 *  node (decimal.js's logarithm grows with the square of the digits: about 0.5 ms at 64). */
export const transcendentalWork = (digits: number): number => Math.ceil((digits * digits) / 8);

/** How many transcendental evaluations an exponential, and a power with a non-integer exponent
 *  (an exponential of a logarithm), are charged as: measured at 64 digits (69 with the guard
 *  digits), decimal.js's exp takes ~0.9 ms and such a power ~1.2 ms, where one evaluation is
 *  charged ~0.5 ms; at one each, a re-check of Gaussian densities ran ~2× past its budget. */
const EXP_WEIGHT = 2;
const POWER_WEIGHT = 3;

/** Interval arithmetics at any number of digits, once decimal.js is loaded. */
export async function intervalArithmetics(): Promise<(digits: number, charge?: TranscendentalCharge) => Arith<Interval>> {
  const D = await decimalModule();
  return (digits, charge = () => {}) => intervalArith(D, digits, charge);
}

function intervalArith(D: DecimalCtor, digits: number, charge: TranscendentalCharge): Arith<Interval> {
  const Down = D.clone({ precision: digits, rounding: D.ROUND_FLOOR, minE: -9e15, maxE: 9e15 });
  const Up = D.clone({ precision: digits, rounding: D.ROUND_CEIL, minE: -9e15, maxE: 9e15 });
  const Near = D.clone({ precision: digits + 5, rounding: D.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15 });
  const eps = new Near(10).pow(-digits);
  const point = (x: Decimal): Interval => ({ lo: x, hi: x });
  const NAN = point(new Near(NaN));
  const ZERO = point(new Near(0));
  const ONE = point(new Near(1));
  const isPoint = (a: Interval) => a.lo.eq(a.hi);
  const finite = (a: Interval) => a.lo.isFinite() && a.hi.isFinite();
  const min = (xs: Decimal[]) => xs.reduce((m, x) => (x.lt(m) ? x : m));
  const max = (xs: Decimal[]) => xs.reduce((m, x) => (x.gt(m) ? x : m));
  /** A guarded transcendental value widened outward: below and above the true value. */
  const below = (x: Decimal, absolute = false): Decimal =>
    (x.isFinite() ? Down.sub(x, Up.add(Up.mul(x.abs(), eps), absolute ? eps : 0)) : x);
  const above = (x: Decimal, absolute = false): Decimal =>
    (x.isFinite() ? Up.add(x, Up.add(Up.mul(x.abs(), eps), absolute ? eps : 0)) : x);
  /** decimal.js refuses some arguments (sine far beyond its π digits): no answer, not a crash. */
  const guarded = (what: string, f: () => Decimal): Decimal => {
    try { return f(); } catch { throw new Undecided(`${what} beyond what ${digits} digits can compute`); }
  };
  /** Operations on points with an infinite end follow decimal.js (IEEE-like) semantics. */
  const onPoints = (a: Interval, b: Interval, f: (x: Decimal, y: Decimal) => Decimal): Interval => {
    if (!isPoint(a) || !isPoint(b)) throw new Undecided('an interval with an infinite end');
    return point(f(a.lo, b.lo));
  };
  const anyNaN = (...xs: Interval[]) => xs.some((x) => x.lo.isNaN() || x.hi.isNaN());
  /** A point's two ends are often one number: each distinct end is worked with once. */
  const ends = (a: Interval): Decimal[] => (a.lo === a.hi ? [a.lo] : [a.lo, a.hi]);
  /** f at the corners (a.lo, b.lo), (a.lo, b.hi), (a.hi, b.lo), (a.hi, b.hi), each distinct pair computed once. */
  const corners = (a: Interval, b: Interval, f: (x: Decimal, y: Decimal) => Decimal): Decimal[] =>
    ends(a).flatMap((x) => ends(b).map((y) => f(x, y)));

  const mul = (a: Interval, b: Interval): Interval => {
    if (anyNaN(a, b)) return NAN;
    if (!finite(a) || !finite(b)) return onPoints(a, b, (x, y) => Near.mul(x, y));
    return { lo: min(corners(a, b, (x, y) => Down.mul(x, y))), hi: max(corners(a, b, (x, y) => Up.mul(x, y))) };
  };
  const div = (a: Interval, b: Interval): Interval => {
    if (anyNaN(a, b)) return NAN;
    if (b.lo.isZero() && b.hi.isZero()) return NAN;
    if (!finite(a) || !finite(b)) return onPoints(a, b, (x, y) => Near.div(x, y));
    if (b.lo.lte(0) && b.hi.gte(0)) throw new Undecided('a division by an interval around zero');
    return { lo: min(corners(a, b, (x, y) => Down.div(x, y))), hi: max(corners(a, b, (x, y) => Up.div(x, y))) };
  };
  const abs = (a: Interval): Interval => {
    if (a.lo.gte(0)) return a;
    if (a.hi.lte(0)) return { lo: a.hi.neg(), hi: a.lo.neg() };
    return { lo: new Near(0), hi: max([a.lo.neg(), a.hi]) };
  };
  /** x^k for a positive base interval and any exponent interval: monotone in each, so the corners bound it. */
  const positivePower = (a: Interval, b: Interval): Interval => {
    if (!(isPoint(b) && b.lo.isInteger())) charge(ends(a).length * ends(b).length * POWER_WEIGHT);
    const values = corners(a, b, (x, y) => guarded('a power', () => Near.pow(x, y)));
    return { lo: below(min(values)), hi: above(max(values)) };
  };
  const pow = (a: Interval, b: Interval): Interval => {
    if (anyNaN(a, b)) return NAN;
    if (!finite(a) || !finite(b)) return onPoints(a, b, (x, y) => Near.pow(x, y));
    const zeroBase = a.lo.isZero() && a.hi.isZero();
    if (isPoint(b) && b.lo.isInteger()) {
      const k = b.lo;
      if (zeroBase) return k.isNeg() ? NAN : k.isZero() ? ONE : ZERO;
      if (k.isZero()) return ONE;
      if (k.isNeg()) return div(ONE, pow(a, point(k.neg())));
      if (a.lo.gt(0)) return positivePower(a, b);
      const odd = k.mod(2).eq(1);
      if (odd && a.hi.lt(0)) { const p = positivePower({ lo: a.hi.neg(), hi: a.lo.neg() }, b); return { lo: p.hi.neg(), hi: p.lo.neg() }; }
      const m = abs(a);
      const top = positivePower({ lo: m.hi, hi: m.hi }, b).hi;
      if (!odd) return { lo: m.lo.isZero() ? new Near(0) : positivePower({ lo: m.lo, hi: m.lo }, b).lo, hi: top };
      // an odd power of an interval around zero: from −|lo|^k to hi^k
      return { lo: positivePower({ lo: a.lo.neg(), hi: a.lo.neg() }, b).hi.neg(), hi: positivePower({ lo: a.hi, hi: a.hi }, b).hi };
    }
    if (zeroBase) {
      if (b.lo.gt(0)) return ZERO;
      if (b.hi.lt(0)) return NAN;
      throw new Undecided('0 to a power around zero');
    }
    if (a.lo.gt(0)) return positivePower(a, b);
    if (a.hi.lt(0) && isPoint(b)) return NAN;
    throw new Undecided('a non-integer power of an interval reaching zero or below');
  };
  const monotone = (what: string, f: (x: Decimal) => Decimal, weight = 1) => (a: Interval): Interval => {
    charge(ends(a).length * weight);
    const [lo, hi = lo] = ends(a).map((x) => guarded(what, () => f(x))) as [Decimal, Decimal?];
    return { lo: below(lo), hi: above(hi) };
  };
  const expInterval = monotone('an exponential', (x) => Near.exp(x), EXP_WEIGHT);
  const lnInterval = monotone('a logarithm', (x) => Near.ln(x));

  let pi: Interval | null = null;
  const fromRational = (r: Q.Rat): Interval => {
    if (r.d === 1n) return point(new Near(r.n.toString()));
    return { lo: Down.div(r.n.toString(), r.d.toString()), hi: Up.div(r.n.toString(), r.d.toString()) };
  };
  const ofNumber = (n: number): Interval => {
    if (!Number.isFinite(n)) return point(new Near(n));
    const r = Q.fromNumber(n);
    return r ? fromRational(r) : point(new Near(n));
  };
  /** Each number's interval, made once: a fraction is two divisions at `digits` digits (tens of
   *  microseconds, against the few units a node is charged), and a re-check reads the same
   *  sampled values and literals at every use (a product of a thousand factors a, a thousand times). */
  const numbers = new Map<number, Interval>();

  return {
    tolerance: 1e-9,
    cost: Math.ceil(digits / 8),
    certain: true,
    of: (n) => {
      let v = numbers.get(n);
      if (v === undefined) { v = ofNumber(n); numbers.set(n, v); }
      return v;
    },
    point: (n) => point(new Near(n)),
    // a quadrature node or weight: the true one lies within 10^-12 of it, relatively (the tables
    // are good to 10^-15), so a sum over the rule encloses the exact rule's — never a point
    approx: (n) => (Number.isFinite(n) ? { lo: Down.sub(n, Up.mul(Math.abs(n), APPROXIMATION)), hi: Up.add(n, Up.mul(Math.abs(n), APPROXIMATION)) } : point(new Near(n))),
    pi: () => (pi ??= { lo: below(Near.acos(-1)), hi: above(Near.acos(-1)) }),
    toNumber: (a) => (isPoint(a) ? a.lo.toNumber() : Near.add(a.lo, a.hi).div(2).toNumber()),
    add: (a, b) => (anyNaN(a, b) ? NAN : !finite(a) || !finite(b) ? onPoints(a, b, (x, y) => Near.add(x, y))
      : { lo: Down.add(a.lo, b.lo), hi: Up.add(a.hi, b.hi) }),
    sub: (a, b) => (anyNaN(a, b) ? NAN : !finite(a) || !finite(b) ? onPoints(a, b, (x, y) => Near.sub(x, y))
      : { lo: Down.sub(a.lo, b.hi), hi: Up.sub(a.hi, b.lo) }),
    mul,
    div,
    pow,
    neg: (a) => ({ lo: a.hi.neg(), hi: a.lo.neg() }),
    log: (a) => {
      if (anyNaN(a) || a.hi.lt(0)) return NAN;
      if (a.lo.isZero() && a.hi.isZero()) return point(new Near(-Infinity));
      if (!finite(a)) return onPoints(a, a, (x) => Near.ln(x));
      if (a.lo.gt(0)) return lnInterval(a);
      throw new Undecided('a logarithm of an interval reaching zero');
    },
    exp: (a) => {
      if (anyNaN(a)) return NAN;
      const e = finite(a) ? expInterval(a) : onPoints(a, a, (x) => Near.exp(x));
      // beyond decimal.js's exponent range exp is 0 or ∞, which is no value to decide on
      return e.lo.isZero() || !e.hi.isFinite() ? NAN : e;
    },
    abs: (a) => (anyNaN(a) ? NAN : abs(a)),
    sin: (a) => {
      if (anyNaN(a) || !finite(a)) return NAN;
      const mid = Near.add(a.lo, a.hi).div(2);
      charge(1);
      const s = guarded('a sine', () => Near.sin(mid));
      // |sin'| ≤ 1: the width of the argument bounds how far the sine can move
      const width = Up.sub(a.hi, a.lo);
      const lo = Down.sub(below(s, true), width); const hi = Up.add(above(s, true), width);
      return { lo: max([lo, new Near(-1)]), hi: min([hi, new Near(1)]) };
    },
    isFinite: (a) => !anyNaN(a) && finite(a),
    isNaN: (a) => anyNaN(a),
    isZero: (a) => a.lo.isZero() && a.hi.isZero(),
    compare: (a, b) => {
      if (anyNaN(a, b)) return NaN;
      if (a.hi.lt(b.lo)) return -1;
      if (a.lo.gt(b.hi)) return 1;
      if (isPoint(a) && isPoint(b) && a.lo.eq(b.lo)) return 0;
      throw new Undecided(`two values that ${digits} digits cannot tell apart`);
    },
  };
}
