/**
 * Arithmetic the evaluator is written against: doubles for sampling, and
 * 64-digit decimals (mathjs BigNumber) for re-verifying a refutation.
 *
 * Owns: the two number systems and their edge cases (log 0 = -∞, division by
 * zero = NaN). Must not: import mathjs eagerly — it costs ~0.7 s, so the
 * precise arithmetic is built only when a refutation needs re-checking.
 */

export interface Arith<T> {
  /** Relative tolerance for `=` in this arithmetic. */
  readonly tolerance: number;
  /** Digits this arithmetic carries; bounds how far an optimiser can usefully refine. */
  readonly digits: number;
  of(n: number): T;
  toNumber(a: T): number;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** a / b; NaN when b is zero. */
  div(a: T, b: T): T;
  /** a^b; NaN for 0^(negative) and for a negative base with a non-integer exponent. */
  pow(a: T, b: T): T;
  neg(a: T): T;
  /** Natural log: -∞ at 0, NaN below. */
  log(a: T): T;
  exp(a: T): T;
  abs(a: T): T;
  sin(a: T): T;
  isFinite(a: T): boolean;
  isNaN(a: T): boolean;
  isZero(a: T): boolean;
  /** -1, 0 or 1 (NaN for NaN). */
  compare(a: T, b: T): number;
}

export const DOUBLE: Arith<number> = {
  tolerance: 1e-9,
  digits: 15,
  of: (n) => n,
  toNumber: (a) => a,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => (b === 0 ? NaN : a / b),
  pow: (a, b) => (a === 0 && b < 0 ? NaN : Math.pow(a, b)),
  neg: (a) => -a,
  log: (a) => (a < 0 ? NaN : Math.log(a)),
  exp: Math.exp,
  abs: Math.abs,
  sin: Math.sin,
  isFinite: Number.isFinite,
  isNaN: Number.isNaN,
  isZero: (a) => a === 0,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN),
};

/** The subset of decimal.js that mathjs's BigNumber exposes and we use. */
interface Dec {
  plus(b: Dec): Dec; minus(b: Dec): Dec; times(b: Dec): Dec; div(b: Dec): Dec; pow(b: Dec): Dec;
  neg(): Dec; ln(): Dec; exp(): Dec; abs(): Dec; sin(): Dec;
  isFinite(): boolean; isNaN(): boolean; isZero(): boolean; isInteger(): boolean; isNegative(): boolean;
  cmp(b: Dec): number; toNumber(): number;
}
type DecCtor = new (v: number | string) => Dec;

let precise: Promise<Arith<unknown>> | null = null;

/** 64-digit arithmetic; loads mathjs on first use (memoised: the module is immutable once built). */
export function preciseArith(): Promise<Arith<unknown>> {
  precise ??= import('mathjs').then((m) => {
    const math = m.create(m.all, { number: 'BigNumber', precision: 64 });
    return decimalArith((math as unknown as { BigNumber: DecCtor }).BigNumber) as Arith<unknown>;
  });
  return precise;
}

function decimalArith(D: DecCtor): Arith<Dec> {
  const nan = new D(NaN);
  return {
    tolerance: 1e-9,
    digits: 60,
    of: (n) => new D(n),
    toNumber: (a) => a.toNumber(),
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => (b.isZero() ? nan : a.div(b)),
    pow: (a, b) => {
      if (a.isZero() && b.isNegative()) return nan;
      if (a.isNegative() && !b.isInteger()) return nan;
      return a.pow(b);
    },
    neg: (a) => a.neg(),
    log: (a) => (a.isNegative() && !a.isZero() ? nan : a.ln()),
    // beyond decimal.js's exponent range exp is 0 or ∞, which is no value to decide on
    exp: (a) => { const e = a.exp(); return e.isZero() || !e.isFinite() ? nan : e; },
    abs: (a) => a.abs(),
    sin: (a) => a.sin(),
    isFinite: (a) => a.isFinite(),
    isNaN: (a) => a.isNaN(),
    isZero: (a) => a.isZero(),
    compare: (a, b) => (a.isNaN() || b.isNaN() ? NaN : a.cmp(b)),
  };
}
