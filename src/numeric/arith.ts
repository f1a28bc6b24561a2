/**
 * Arithmetic the evaluator is written against: doubles for sampling; exact
 * rationals (exact.ts) and decimal intervals (interval.ts) for re-checking a
 * suspected counterexample with certainty.
 *
 * Owns: the interface, the double arithmetic and its edge cases (log 0 = -∞,
 * division by zero = NaN), and the two signals a certain arithmetic raises:
 * `Inexact` (this operation has no exact result here: try intervals) and
 * `Undecided` (an interval cannot tell: more digits, or no verdict).
 * Must not: import decimal.js or any other heavy module eagerly.
 */

export interface Arith<T> {
  /** Relative tolerance for `=` (sides agreeing to this many parts are equal). */
  readonly tolerance: number;
  /** Work units one expression node costs in this arithmetic (budgets count work, not time). */
  readonly cost: number;
  /** True when every comparison it answers is certain (exact rationals, intervals). */
  readonly certain: boolean;
  /** The number a literal or a sampled value stands for (0.1 is 1/10, 0.333… from 1/3 is 1/3). */
  of(n: number): T;
  /** A point picked by a search (a minimiser's probe): any nearby value will do, read exactly. */
  point(n: number): T;
  /** A double that only approximates what it stands for (a quadrature node): no exact reading. */
  approx(n: number): T;
  pi(): T;
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
  /** Certainly zero (an interval around zero is not). */
  isZero(a: T): boolean;
  /** -1, 0 or 1 (NaN for NaN); an interval arithmetic throws `Undecided` when it cannot tell. */
  compare(a: T, b: T): number;
}

/** An operation with no exact rational result (log 2, √2, π): the exact re-check hands over to intervals. */
export class Inexact extends Error {
  constructor(readonly operation: string) { super(`no exact value: ${operation}`); this.name = 'Inexact'; }
}

/** An interval too wide to answer a comparison: more digits may tell; if not, nothing is decided. */
export class Undecided extends Error {
  constructor(readonly reason: string) { super(reason); this.name = 'Undecided'; }
}

export const DOUBLE: Arith<number> = {
  tolerance: 1e-9,
  cost: 1,
  certain: false,
  of: (n) => n,
  point: (n) => n,
  approx: (n) => n,
  pi: () => Math.PI,
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
