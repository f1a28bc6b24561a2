/**
 * Exact rational arithmetic for re-checking a suspected counterexample: when
 * both sides at the sampled values are built from rationals with + − · ÷ and
 * integer powers (and roots that come out exact), the difference is computed
 * exactly and its sign is certain — no cancellation can fake a counterexample.
 *
 * Owns: the `Arith` over the kernel's BigInt rationals, with NaN and ±∞ kept as
 * doubles. Must not: approximate. Anything without an exact rational result
 * (log 2, e^x, √2, π, a quadrature node, a number that grew past the size
 * bound) throws `Inexact`, and the re-check moves to interval arithmetic.
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

function power(a: Exact, b: Exact): Exact {
  if (!isRat(a) || !isRat(b)) return nonFinite(DOUBLE.pow, a, b, false);
  if (Q.isZero(a)) return Q.sign(b) < 0 ? NaN : Q.sign(b) === 0 ? Q.ONE : Q.ZERO;
  if (Q.isInteger(b)) {
    if (a.d === 1n && absBig(a.n) === 1n) return a.n < 0n && b.n % 2n !== 0n ? a : Q.ONE;
    const bits = Math.max(bitLength(a.n), bitLength(a.d));
    if (bitLength(b.n) > 32 || bits * Number(absBig(b.n)) > MAX_BITS) throw new Inexact(`a power of more than ${MAX_BITS} bits`);
    return sized(Q.pow(a, b.n));
  }
  if (Q.sign(a) < 0) return NaN;
  if (b.d > MAX_ROOT) throw new Inexact('a root of high order');
  const n = exactRoot(a.n, b.d); const d = exactRoot(a.d, b.d);
  if (n === null || d === null) throw new Inexact('a root that is not rational');
  return power(Q.rat(n, d), Q.rat(b.n));
}

const compareExact = (a: Exact, b: Exact): number => {
  if (isRat(a) && isRat(b)) return Q.sign(Q.add(a, Q.neg(b)));
  // a rational against ±∞ or NaN: only its finiteness matters
  return DOUBLE.compare(isRat(a) ? 0 : a, isRat(b) ? 0 : b);
};

export const EXACT: Arith<Exact> = {
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
  add: (a, b) => (isRat(a) && isRat(b) ? sized(Q.add(a, b)) : nonFinite(DOUBLE.add, a, b, true)),
  sub: (a, b) => (isRat(a) && isRat(b) ? sized(Q.add(a, Q.neg(b))) : nonFinite(DOUBLE.sub, a, b, true)),
  mul: (a, b) => (isRat(a) && isRat(b) ? sized(Q.mul(a, b)) : nonFinite(DOUBLE.mul, a, b, false)),
  div: (a, b) => {
    if (!isRat(a) || !isRat(b)) return nonFinite(DOUBLE.div, a, b, false);
    return Q.isZero(b) ? NaN : sized(Q.div(a, b));
  },
  pow: power,
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
  compare: compareExact,
};
