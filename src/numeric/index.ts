/**
 * The numeric back-end: decides a step `lhs relation rhs` by sampling random
 * worlds (seeded fast-check runs over the step's free symbols), and answers
 * confirmed / refuted (with a shrunk counterexample re-verified in 64-digit
 * arithmetic) / unverified (with the reason).
 *
 * Owns: the sampling loop, budgets, discards and the result's shape.
 * Must not: throw for any Expr, load mathjs unless a refutation needs
 * re-checking, or refute what high precision does not confirm as wrong.
 */
import fc from 'fast-check';
import type { Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import type { Relation } from '../expr/relations.js';
import { DOUBLE, preciseArith, type Arith } from './arith.js';
import { analyzeStep, type Definition } from './analysis.js';
import { planCheck, type Outcome, type WorldCheck } from './relations.js';
import { Unsupported, worldArbitrary, type World } from './world.js';

export type { Definition } from './analysis.js';

export interface NumericContext {
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  readonly definitions: readonly Definition[];
  readonly wrt: readonly string[];
}
/** The instance a refutation rests on: the values read (readable names) and both sides' values. */
export interface Instance {
  readonly assignment: Readonly<Record<string, number>>;
  readonly lhs: number;
  readonly rhs: number;
}

export interface NumericOptions { readonly seed: number; readonly samples: number; readonly budgetMs: number }
export type NumericResult =
  | { verdict: 'confirmed'; samples: number; maxError: number }
  | { verdict: 'refuted'; samples: number; maxError: number; counterexample: Instance; message: string }
  | { verdict: 'unverified'; samples: number; reason: string };

/** Fewer non-discarded samples than this (when the budget cut the run short) cannot confirm. */
const MIN_SAMPLES = 10;

const unverified = (reason: string, samples = 0): NumericResult => ({ verdict: 'unverified', samples, reason });

interface Tally {
  runs: number;
  discarded: number;
  maxError: number;
  unsupported: string | null;
  readonly reasons: Map<string, number>;
}

const newTally = (): Tally => ({ runs: 0, discarded: 0, maxError: 0, unsupported: null, reasons: new Map() });

/** One world judged in doubles; a failure is re-judged in `precise` (when loaded) and only kept if it persists. */
function judge(check: WorldCheck, world: World, tally: Tally, precise: Arith<unknown> | null): boolean {
  if (tally.unsupported !== null) return true;
  tally.runs++;
  let o: Outcome;
  try {
    o = check(DOUBLE, world, null);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    tally.unsupported = e.reason;
    return true;
  }
  if (o.kind === 'discard') {
    tally.discarded++;
    tally.reasons.set(o.reason, (tally.reasons.get(o.reason) ?? 0) + 1);
    return true;
  }
  if (o.kind === 'ok') { tally.maxError = Math.max(tally.maxError, o.error); return true; }
  if (precise === null) return false;
  try {
    return check(precise, world, null).kind !== 'fail';
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return true; // cannot re-verify: never refute on doubles alone
  }
}

/** Runs the property; `runs` counts worlds judged before the first failure (shrinking excluded). */
function sample(check: WorldCheck, arb: fc.Arbitrary<World>, opts: NumericOptions, precise: Arith<unknown> | null) {
  const tally = newTally();
  let shrinking = false;
  const details = fc.check(fc.property(arb, (w) => {
    if (shrinking) return judge(check, w, newTally(), precise);
    const ok = judge(check, w, tally, precise);
    if (!ok) shrinking = true;
    return ok;
  }), {
    seed: opts.seed | 0, numRuns: Math.max(1, opts.samples), interruptAfterTimeLimit: Math.max(1, opts.budgetMs * SAFETY_FACTOR),
    markInterruptAsFailure: false,
    // The double run only has to find a failure; shrinking is worth it once failures are re-verified.
    endOnFailure: precise === null,
  });
  return { tally, details };
}

/** The sample count is the budget (so reports replay exactly); wall time, this multiple of
 *  `budgetMs`, is only a safety net for a machine far slower than expected. */
const SAFETY_FACTOR = 3;

const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

async function decide(lhs: Expr, relation: Relation, rhs: Expr, ctx: NumericContext, opts: NumericOptions): Promise<NumericResult> {
  const model = analyzeStep([lhs, rhs], ctx.symbols, ctx.assumptions, ctx.definitions, ctx.wrt);
  const plan = planCheck(lhs, relation, rhs, model);
  if ('unverified' in plan) return unverified(plan.unverified);
  const arb = worldArbitrary(model);
  const deadline = Date.now() + opts.budgetMs * SAFETY_FACTOR;
  // A step that reads nothing random (numbers only) is decided by one world.
  if (plan.closed) opts = { ...opts, samples: 1 };
  else if (plan.pointsPerWorld) opts = { ...opts, samples: Math.max(MIN_SAMPLES, Math.ceil(opts.samples / Math.sqrt(plan.pointsPerWorld))) };
  let { tally, details } = sample(plan.check, arb, opts, null);
  if (details.failed && !tally.unsupported) {
    const loading = Date.now();
    const precise = await preciseArith();
    // Loading mathjs happens once per process; it is not this step's work.
    const remaining = deadline + (Date.now() - loading) - Date.now();
    ({ tally, details } = sample(plan.check, arb, { ...opts, budgetMs: Math.max(1, remaining / SAFETY_FACTOR) }, precise));
    // The double run failed somewhere; if the precise run stopped before getting there, nothing is decided.
    if (!details.failed && details.interrupted) return unverified(`time budget ran out while re-checking a suspected counterexample in high precision`, tally.runs - tally.discarded);
    if (details.failed && details.counterexample) {
      const world = details.counterexample[0] as World;
      const record = new Map<string, number>();
      const o = plan.check(precise, world, record);
      if (o.kind === 'fail') {
        const assignment: Record<string, number> = {};
        for (const [k, v] of record) assignment[k] = round(v);
        return {
          verdict: 'refuted', samples: tally.runs - tally.discarded, maxError: o.error,
          counterexample: { assignment, lhs: o.lhs, rhs: o.rhs }, message: o.message,
        };
      }
    }
  }
  if (details.failed && details.errorInstance && !(details.errorInstance instanceof Unsupported)) throw details.errorInstance;
  if (tally.unsupported) return unverified(tally.unsupported);
  const done = tally.runs - tally.discarded;
  if (tally.discarded * 2 > tally.runs) {
    const [reason] = [...tally.reasons].sort((a, b) => b[1] - a[1])[0] ?? ['a non-finite value'];
    return unverified(`${reason} in ${Math.round((100 * tally.discarded) / tally.runs)}% of samples`, done);
  }
  if (done < Math.min(MIN_SAMPLES, opts.samples)) return unverified(`wall-clock safety net hit after ${done} samples (machine overloaded?)`, done);
  return { verdict: 'confirmed', samples: done, maxError: tally.maxError };
}

/** Decides `lhs relation rhs` numerically. Never throws: anything unexpected becomes `unverified`. */
export async function checkRelation(lhs: Expr, relation: Relation, rhs: Expr,
                                    ctx: NumericContext, opts: NumericOptions): Promise<NumericResult> {
  try {
    return await decide(lhs, relation, rhs, ctx, opts);
  } catch (e) {
    if (e instanceof Unsupported) return unverified(e.reason);
    return unverified(`internal error in the numeric back-end: ${e instanceof Error ? e.message : String(e)}`);
  }
}
