/**
 * The counted budget every algebra question runs under, and the two ways a question can stay
 * undecided: a budget ran out, or the expression is outside what this algebra handles.
 *
 * Owns: Budget, Meter (one per question), SharedWork (what several questions draw from: one
 * proof search's, so that its algebra stays in proportion to its budget), the two error classes
 * the computations throw, and `settle`, which turns them into outcomes at the public boundary.
 * Must not: measure wall time. Work is counted, so an answer never depends on machine load.
 */
import type { Rat } from './rational.js';
import { MAX_EXPONENT } from './polynomial.js';

export interface Budget {
  /** Terms in any one polynomial. */
  readonly maxTerms: number;
  /** An integer exponent on a non-constant base, and the total degree of any monomial (capped at 127). */
  readonly maxDegree: number;
  /** Bits in the numerator or denominator of any coefficient. */
  readonly maxBits: number;
  /** Term operations and nodes visited, one unit each (a large coefficient costs more: see Meter.coefficient). */
  readonly maxWork: number;
  /** Nesting of the expression walked. */
  readonly maxDepth: number;
  /** Work this question shares with others: it may spend no more than is left there, and what it spends is taken off. */
  readonly shared?: SharedWork;
}

export const DEFAULT_BUDGET: Budget = { maxTerms: 2000, maxDegree: 64, maxBits: 16384, maxWork: 200_000, maxDepth: 400 };

/** Algebra work several questions draw from. Each question still runs under its own budget, its
 *  work capped by what is left here; a question asked once nothing is left fails at once. */
export class SharedWork {
  private left: number;
  constructor(readonly total: number) { this.left = total; }
  get remaining(): number { return Math.max(0, this.left); }
  /** The default budget, drawing on this work. */
  budget(): Budget { return { ...DEFAULT_BUDGET, shared: this }; }
  take(units: number): void { this.left -= units; }
}

/** A budget ran out; the message starts with "budget:" and names which. */
export class BudgetExceeded extends Error {}
/** The question is outside this algebra (a function that cannot be differentiated, a division by 0). */
export class Unsupported extends Error {}

const SMALL = 1n << 64n;
const bitLength = (a: bigint): number => (a < 0n ? -a : a).toString(16).length * 4;

export class Meter {
  private work = 0;
  constructor(readonly budget: Budget = DEFAULT_BUDGET) {}

  get spent(): number { return this.work; }

  charge(units: number): void {
    this.work += units;
    if (this.work > this.budget.maxWork) throw new BudgetExceeded(`budget: more than ${this.budget.maxWork} units of algebra work`);
  }

  /** Checks a coefficient just computed against the bit budget and charges for its size: BigInt
   *  multiplication and gcd grow with the square of the size, so b bits cost about (b/64)²/64
   *  units on top of the one unit every term operation costs. */
  coefficient(r: Rat): Rat {
    if (r.n < SMALL && -r.n < SMALL && r.d < SMALL) return r;
    const bits = Math.max(bitLength(r.n), bitLength(r.d));
    this.bits(bits);
    this.charge(Math.floor((bits / 64) ** 2 / 64));
    return r;
  }

  bits(bits: number): void {
    if (bits > this.budget.maxBits) throw new BudgetExceeded(`budget: a coefficient of about ${bits} bits exceeds ${this.budget.maxBits}`);
  }
  degree(d: number): void {
    if (d > Math.min(this.budget.maxDegree, MAX_EXPONENT)) throw new BudgetExceeded(`budget: degree ${d} exceeds ${Math.min(this.budget.maxDegree, MAX_EXPONENT)}`);
  }
  terms(n: number): void {
    if (n > this.budget.maxTerms) throw new BudgetExceeded(`budget: more than ${this.budget.maxTerms} terms`);
  }
  /** One node visited at nesting `depth`. */
  node(depth: number): void {
    if (depth > this.budget.maxDepth) throw new BudgetExceeded(`budget: expression nested deeper than ${this.budget.maxDepth}`);
    this.charge(1);
  }
}

export type Undecided = { readonly kind: 'unknown'; readonly reason: string } | { readonly kind: 'budget'; readonly reason: string };

/** Runs `question` with a fresh meter; a budget hit or an unsupported shape becomes an outcome.
 *  Shared work caps the question's own and is charged what the question spent, whatever its end. */
export function settle<T>(budget: Budget, question: (meter: Meter) => T): T | Undecided {
  const shared = budget.shared;
  const meter = new Meter(shared ? { ...budget, maxWork: Math.min(budget.maxWork, shared.remaining) } : budget);
  try {
    return question(meter);
  } catch (e) {
    if (e instanceof BudgetExceeded) return { kind: 'budget', reason: e.message };
    if (e instanceof Unsupported) return { kind: 'unknown', reason: e.message };
    throw e;
  } finally {
    shared?.take(meter.spent);
  }
}
