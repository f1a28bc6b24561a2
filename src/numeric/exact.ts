/**
 * Exact rational arithmetic for re-checking a suspected counterexample: when
 * both sides at the sampled values are built from rationals with + − · ÷ and
 * integer powers (and roots that come out exact), the difference is computed
 * exactly and its sign is certain — no cancellation can fake a counterexample.
 *
 * Owns: the `Arith` over the kernel's BigInt rationals, with NaN and ±∞ kept as
 * doubles, and the work its operations on large numbers cost (reported to the
 * caller's charge: a budget must see it, since a node of a product of thousands
 * of factors can cost a thousand times a small one). Must not: approximate.
 * Anything without an exact rational result (log 2, e^x, √2, π, a quadrature
 * node, a number that grew past the size bound) throws `Inexact`, and the
 * re-check moves to interval arithmetic.
 */
import * as Q from '../kernel/algebra/rational.js';
import { DOUBLE, Inexact, type Arith } from './arith.js';

/** A rational, or NaN / ±∞ as a double. */
export type Exact = Q.Rat | number;

/** Numerators and denominators past this many bits are handed over to intervals (bounded work). */
const MAX_BITS = 16_384;
/** Roots of higher order than this are not attempted exactly. */
const MAX_ROOT = 64n;

const isRat = (a: Exact): a is Q.Rat => typeof a !== 'number';
const absBig = (a: bigint): bigint => (a < 0n ? -a : a);
const bitLength = (a: bigint): number => (a === 0n ? 0 : absBig(a).toString(16).length * 4);
/** Bits of a rational's larger part. */
const size = (r: Q.Rat): number => Math.max(bitLength(r.n), bitLength(r.d));

/** Reports work about to be done (it may throw, when the budget is spent). */
export type Charge = (units: number) => void;

/**
 * Work units, beyond a node's flat cost, of an operation whose operands together have `bits` bits.
 * Bringing the result to lowest terms (Euclid's gcd) grows with the square of the size: a product
 * measured 0.1–0.2 ms at 1,700 bits, 0.4–0.8 ms at 3,400, 2–4 ms at 6,800 and 10–20 ms at 13,000,
 * about a unit a microsecond here, as a node in doubles (1,000 units a millisecond of budget).
 * Operands of under a hundred bits cost nothing beyond the node.
 */
export const reductionWork = (bits: number): number => Math.floor((bits * bits) / 2 ** 13);

function sized(r: Q.Rat): Q.Rat {
  if (bitLength(r.n) > MAX_BITS || bitLength(r.d) > MAX_BITS) throw new Inexact(`a rational of more than ${MAX_BITS} bits`);
  return r;
}

/** The exact value of a double (every finite double is a dyadic rational). */
function dyadic(x: number): Q.Rat {
  if (Number.isInteger(x)) return Q.rat(BigInt(x));
  let k = 0n;
  while (!Number.isInteger(x)) { x *= 2; k++; }
  return Q.rat(BigInt(x), 1n << k);
}

/** The double nearest a rational, also when numerator or denominator exceed the double range. */
export function ratToNumber(r: Q.Rat): number {
  const nb = bitLength(r.n); const db = bitLength(r.d);
  const ns = Math.max(0, nb - 64); const ds = Math.max(0, db - 64);
  const head = Number(r.n >> BigInt(ns)) / Number(r.d >> BigInt(ds));
  return head * 2 ** (ns - ds);
}

/** ⌊x^(1/q)⌋ when it is exact, else null (x ≥ 0). */
function exactRoot(x: bigint, q: bigint): bigint | null {
  if (x < 2n) return x;
  let r = 1n << BigInt(Math.ceil(bitLength(x) / Number(q)) + 1);
  for (;;) {
    const next = ((q - 1n) * r + x / r ** (q - 1n)) / q;
    if (next >= r) break;
    r = next;
  }
  return r ** q === x ? r : null;
}

/** Operations with a NaN or ±∞ operand follow IEEE doubles, each rational standing in by its sign. */
function nonFinite(op: (a: number, b: number) => number, a: Exact, b: Exact, additive: boolean): Exact {
  const proxy = (x: Exact) => (isRat(x) ? (additive ? 0 : Q.sign(x)) : x);
  const r = op(proxy(a), proxy(b));
  return Number.isFinite(r) ? Q.ZERO : r;
}

function power(a: Exact, b: Exact, charge: Charge): Exact {
  if (!isRat(a) || !isRat(b)) return nonFinite(DOUBLE.pow, a, b, false);
  if (Q.isZero(a)) return Q.sign(b) < 0 ? NaN : Q.sign(b) === 0 ? Q.ONE : Q.ZERO;
  if (Q.isInteger(b)) {
    if (a.d === 1n && absBig(a.n) === 1n) return a.n < 0n && b.n % 2n !== 0n ? a : Q.ONE;
    const bits = size(a) * Number(absBig(b.n));
    if (bitLength(b.n) > 32 || bits > MAX_BITS) throw new Inexact(`a power of more than ${MAX_BITS} bits`);
    charge(reductionWork(bits));
    return sized(Q.pow(a, b.n));
  }
  if (Q.sign(a) < 0) return NaN;
  if (b.d > MAX_ROOT) throw new Inexact('a root of high order');
  const n = exactRoot(a.n, b.d); const d = exactRoot(a.d, b.d);
  if (n === null || d === null) throw new Inexact('a root that is not rational');
  return power(Q.rat(n, d), Q.rat(b.n), charge);
}

/**
 * Exact rational arithmetic whose operations on large numbers report their work to `charge`
 * (`reductionWork`); each node's flat cost is the evaluator's to count.
 */
export function exactArith(charge: Charge): Arith<Exact> {
  /** `op` on two rationals, its reduction charged first. */
  const reduced = (op: (a: Q.Rat, b: Q.Rat) => Q.Rat, a: Q.Rat, b: Q.Rat): Q.Rat => {
    charge(reductionWork(size(a) + size(b)));
    return op(a, b);
  };
  const difference = (a: Q.Rat, b: Q.Rat): Q.Rat => Q.add(a, Q.neg(b));
  return {
    tolerance: 1e-9,
    cost: 4,
    certain: true,
    of: (n) => {
      if (!Number.isFinite(n)) return n;
      const r = Q.fromNumber(n);
      if (r === null) throw new Inexact(`the number ${n} has no short rational reading`);
      return r;
    },
    point: (n) => (Number.isFinite(n) ? dyadic(n) : n),
    approx: (n) => { throw new Inexact(`the approximate number ${n}`); },
    pi: () => { throw new Inexact('π'); },
    toNumber: (a) => (isRat(a) ? ratToNumber(a) : a),
    add: (a, b) => (isRat(a) && isRat(b) ? sized(reduced(Q.add, a, b)) : nonFinite(DOUBLE.add, a, b, true)),
    sub: (a, b) => (isRat(a) && isRat(b) ? sized(reduced(difference, a, b)) : nonFinite(DOUBLE.sub, a, b, true)),
    mul: (a, b) => (isRat(a) && isRat(b) ? sized(reduced(Q.mul, a, b)) : nonFinite(DOUBLE.mul, a, b, false)),
    div: (a, b) => {
      if (!isRat(a) || !isRat(b)) return nonFinite(DOUBLE.div, a, b, false);
      return Q.isZero(b) ? NaN : sized(reduced(Q.div, a, b));
    },
    pow: (a, b) => power(a, b, charge),
    neg: (a) => (isRat(a) ? Q.neg(a) : -a),
    log: (a) => {
      if (!isRat(a)) return a === Infinity ? Infinity : NaN;
      if (Q.sign(a) < 0) return NaN;
      if (Q.isZero(a)) return -Infinity;
      if (Q.equals(a, Q.ONE)) return Q.ZERO;
      throw new Inexact('a logarithm');
    },
    exp: (a) => {
      if (!isRat(a)) return a === -Infinity ? Q.ZERO : a;
      if (Q.isZero(a)) return Q.ONE;
      throw new Inexact('an exponential');
    },
    abs: (a) => (isRat(a) ? (Q.sign(a) < 0 ? Q.neg(a) : a) : Math.abs(a)),
    sin: (a) => {
      if (!isRat(a)) return NaN;
      if (Q.isZero(a)) return Q.ZERO;
      throw new Inexact('a sine');
    },
    isFinite: isRat,
    isNaN: (a) => !isRat(a) && Number.isNaN(a),
    isZero: (a) => isRat(a) && Q.isZero(a),
    compare: (a, b) => {
      if (isRat(a) && isRat(b)) return Q.sign(reduced(difference, a, b));
      // a rational against ±∞ or NaN: only its finiteness matters
      return DOUBLE.compare(isRat(a) ? 0 : a, isRat(b) ? 0 : b);
    },
  };
}

/** Exact arithmetic whose work nothing counts: single evaluations outside a budget. */
export const EXACT: Arith<Exact> = exactArith(() => {});
