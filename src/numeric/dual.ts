/**
 * Dual numbers over any arithmetic: a value with k tangents (forward-mode automatic
 * differentiation). Evaluating an expression in `dualArith(A, k)`, with the variable of a
 * derivative seeded with unit tangents, gives the derivative in each of k directions exactly as
 * A computes the value: in doubles to rounding, in exact rationals exactly, in decimal intervals
 * as an enclosure. That is what lets the certain re-check of a suspected counterexample treat a
 * derivative like any other value — no step size, no truncation error (derivative.ts).
 *
 * Owns: the differentiation rule of each arithmetic operation, and what a comparison means for
 * a value that moves: two equal values moving apart are a kink (min, max, |·| at 0, an
 * indicator's jump), where the derivative does not exist; that raises `NotDifferentiable`,
 * which the sampling loop treats like an undefined value (the world is skipped, never judged).
 * Must not: evaluate expressions or know which variable is differentiated.
 */
import type { Arith } from './arith.js';
import { TooLarge } from './world.js';

/** A value and its derivative along each of k directions. */
export interface Dual<T> { readonly v: T; readonly d: readonly T[] }

/** The point is a kink of the expression (or a jump): there is no derivative to compare. */
export class NotDifferentiable extends TooLarge {
  constructor(reason: string) { super(reason); this.name = 'NotDifferentiable'; }
}

/** Dual numbers with `k` tangents over `A`. Tangents that are exactly zero stay zero without
 *  arithmetic, so a constant times ±∞ (log 0 under the 0 log 0 convention) moves nothing. */
export function dualArith<T>(A: Arith<T>, k: number): Arith<Dual<T>> {
  const none = noTangents(A, k);
  const zero = none[0] ?? A.of(0);
  const constant = (v: T): Dual<T> => ({ v, d: none });
  const still = (x: T) => A.isZero(x);
  /** Σ tangent·factor over the pairs, skipping zero tangents; constants' tangents are skipped whole
   *  (plain loops: every operation of a derivative's body comes here, and most values are constants). */
  const mix = (...parts: (readonly [readonly T[], T])[]): readonly T[] => {
    let moving = false;
    for (const [d] of parts) if (d !== none) moving = true;
    if (!moving) return none;
    const out: T[] = new Array(k);
    for (let i = 0; i < k; i++) {
      let s: T | null = null;
      for (const [d, f] of parts) {
        const t = d[i]!;
        if (still(t)) continue;
        const term = A.mul(t, f);
        s = s === null ? term : A.add(s, term);
      }
      out[i] = s ?? zero;
    }
    return out;
  };
  const moves = (a: Dual<T>) => a.d.some((t) => !still(t));
  const one = A.of(1);
  const minusOne = A.of(-1);

  const pow = (a: Dual<T>, b: Dual<T>): Dual<T> => {
    const v = A.pow(a.v, b.v);
    if (!moves(a) && !moves(b)) return constant(v);
    if (!moves(b)) {
      // b·a^(b-1): as b·v/a away from 0 (no second root for the exact arithmetic), as b·0^(b-1) at 0
      const slope = A.isZero(a.v) ? A.mul(b.v, A.pow(a.v, A.sub(b.v, one))) : A.div(A.mul(b.v, v), a.v);
      return { v, d: mix([a.d, slope]) };
    }
    // a^b = e^{b log a}: v·(b' log a + b a'/a), defined for a > 0
    return { v, d: mix([b.d, A.mul(v, A.log(a.v))], [a.d, A.div(A.mul(v, b.v), a.v)]) };
  };

  return {
    tolerance: A.tolerance,
    cost: A.cost * (k + 1),
    certain: A.certain,
    of: (n) => constant(A.of(n)),
    point: (n) => constant(A.point(n)),
    approx: (n) => constant(A.approx(n)),
    pi: () => constant(A.pi()),
    toNumber: (a) => A.toNumber(a.v),
    add: (a, b) => ({ v: A.add(a.v, b.v), d: mix([a.d, one], [b.d, one]) }),
    sub: (a, b) => ({ v: A.sub(a.v, b.v), d: mix([a.d, one], [b.d, minusOne]) }),
    neg: (a) => ({ v: A.neg(a.v), d: mix([a.d, minusOne]) }),
    mul: (a, b) => ({ v: A.mul(a.v, b.v), d: mix([a.d, b.v], [b.d, a.v]) }),
    div: (a, b) => {
      const v = A.div(a.v, b.v);
      // (a' − v b') / b
      return { v, d: mix([a.d, A.div(one, b.v)], [b.d, A.neg(A.div(v, b.v))]) };
    },
    pow,
    log: (a) => ({ v: A.log(a.v), d: moves(a) ? mix([a.d, A.div(one, a.v)]) : none }),
    exp: (a) => {
      const v = A.exp(a.v);
      return { v, d: mix([a.d, v]) };
    },
    abs: (a) => {
      const v = A.abs(a.v);
      if (!moves(a)) return constant(v);
      const sign = A.compare(a.v, zero);
      if (sign === 0) throw new NotDifferentiable('|·| at 0 is not differentiable');
      return { v, d: mix([a.d, sign > 0 ? one : minusOne]) };
    },
    sin: (a) => {
      const v = A.sin(a.v);
      if (!moves(a)) return constant(v);
      // cos a = sin(a + π/2)
      return { v, d: mix([a.d, A.sin(A.add(a.v, A.div(A.pi(), A.of(2))))]) };
    },
    isFinite: (a) => A.isFinite(a.v) && a.d.every((t) => A.isFinite(t)),
    isNaN: (a) => A.isNaN(a.v) || a.d.some((t) => A.isNaN(t)),
    isZero: (a) => A.isZero(a.v) && !moves(a),
    compare: (a, b) => {
      const c = A.compare(a.v, b.v);
      if (c === 0 && a.d.some((t, i) => !still(A.sub(t, b.d[i]!)))) {
        throw new NotDifferentiable('a tie between values that move apart (a kink: min, max or a jump)');
      }
      return c;
    },
  };
}

/** A number as a dual that does not move. */
export const constantDual = <T>(A: Arith<T>, k: number) => {
  const none = noTangents(A, k);
  return (v: T): Dual<T> => ({ v, d: none });
};

/**
 * The k zero tangents of a constant in A: one array per arithmetic and k, shared by its constants
 * and its dual arithmetics, so that an operation on constants knows them by identity.
 */
function noTangents<T>(A: Arith<T>, k: number): readonly T[] {
  let byCount = zeroTangents.get(A) as Map<number, readonly T[]> | undefined;
  if (!byCount) { byCount = new Map(); zeroTangents.set(A, byCount as Map<number, readonly unknown[]>); }
  let none = byCount.get(k);
  if (!none) { const zero = A.of(0); none = Array.from({ length: k }, () => zero); byCount.set(k, none); }
  return none;
}
const zeroTangents = new WeakMap<object, Map<number, readonly unknown[]>>();
