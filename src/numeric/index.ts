/**
 * The numeric back-end: decides a step `lhs relation rhs` by sampling random
 * worlds (seeded fast-check runs over the step's free symbols), and answers
 * confirmed / refuted / unverified (with the reason).
 *
 * A run goes through three stages (draw.ts): small integers, then simple
 * fractions, then wide magnitudes, so the counterexample found first, and
 * shrunk, is as simple as the step allows. Worlds are screened in doubles; a
 * world the doubles suspect is judged again with certainty — in exact rational
 * arithmetic when the step's values allow it, else in decimal intervals of 64,
 * 128 and 256 digits — and a step is refuted only by a world that certainly
 * fails. A world no arithmetic can settle (a tie, several minimisers) keeps the
 * step from being confirmed.
 *
 * Owns: the sampling loop, the work budget (counted, never timed: the same seed
 * gives the same report on any machine), discards, the result's shape, and the
 * worlds one run judged for a later run of the same step (JudgedWorlds).
 * Must not: throw for any Expr, load decimal.js unless a suspected
 * counterexample needs intervals, refute on doubt, or let a kept world change
 * a report.
 */
import fc from 'fast-check';
import { type Expr, samePlainData } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import type { Relation } from '../expr/relations.js';
import { DOUBLE, Inexact, Undecided, type Arith } from './arith.js';
import { analyzeStep, type Definition, type StepModel } from './analysis.js';
import { STAGES, type Stage } from './draw.js';
import { OutOfWork, type Meter } from './evaluate.js';
import { exactArith } from './exact.js';
import { intervalArithmetics, transcendentalWork, type TranscendentalCharge } from './interval.js';
import { hashKey } from './prng.js';
import { planCheck, type Outcome, type WorldCheck } from './relations.js';
import { unfixedStationaryPoint } from './stationarity.js';
import { TooLarge, Unsupported, worldArbitrary, type World } from './world.js';

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

export interface NumericOptions {
  readonly seed: number;
  readonly samples: number;
  /** Work allowed for the step: expression nodes evaluated, weighted by the arithmetic's cost. */
  readonly work?: number;
  /** A budget given in milliseconds is read as work at a fixed rate (WORK_PER_MS); no clock is consulted. */
  readonly budgetMs?: number;
  /** Worlds an earlier run of the same step judged (see `JudgedWorlds`). */
  readonly judged?: JudgedWorlds;
}
export type NumericResult =
  | { verdict: 'confirmed'; samples: number; maxError: number; /** Why fewer samples were used than asked, if so. */ note?: string }
  | { verdict: 'refuted'; samples: number; maxError: number; counterexample: Instance; message: string }
  | { verdict: 'unverified'; samples: number; reason: string };

/** Fewer non-discarded samples than this (when the budget cut the run short) cannot confirm. */
const MIN_SAMPLES = 10;
/** Work units per millisecond of a budget given in time: about what sampling in doubles gets through in one
 *  (measured: 250–1000 node visits per ms, fast-check's own work included). A rate, never a clock reading. */
export const WORK_PER_MS = 1_000;
/** Work charged per world besides its nodes: drawing it, and fast-check's bookkeeping. */
const WORLD_COST = 20;
const DEFAULT_BUDGET_MS = 800;
/** Share of the samples each stage draws: small integers, fractions, wide magnitudes. */
const STAGE_SHARE: Readonly<Record<Stage, number>> = { 0: 0.25, 1: 0.25, 2: 0.5 };
/** One run of worlds: the stage its numbers are drawn at, and whether its laws are near-deterministic. */
interface Pass { readonly stage: Stage; readonly peaked: boolean; readonly wide?: boolean }
/** After the three stages, a step that reads laws meets near-deterministic ones (world.ts): a bound
 *  such as I(X;Y) ≤ ln 2 holds for every table whose weights are alike and fails only near a function.
 *  It comes last so that every other counterexample, and the one shrinking ends on, stays as simple. */
const PEAKED_PASS: Pass = { stage: 2, peaked: true };
const PEAKED_SHARE = 0.25;
/** Last, laws over many outcomes (world.ts wideSize): H(X) ≤ ln 4 was confirmed on laws of at most four. */
const WIDE_PASS: Pass = { stage: 2, peaked: false, wide: true };
const WIDE_SHARE = 0.125;
/** Interval precisions tried in turn on a world exact arithmetic cannot evaluate. */
const DIGITS = [64, 128, 256] as const;

type Intervals = (digits: number, charge?: TranscendentalCharge) => Arith<unknown>;

const unverified = (reason: string, samples = 0): NumericResult => ({ verdict: 'unverified', samples, reason });

interface Tally {
  runs: number;
  discarded: number;
  /** Of the discarded worlds, those an assumption excludes (outside the step's claim, not undefined in it). */
  excluded: number;
  maxError: number;
  unsupported: string | null;
  exhausted: boolean;
  /** A suspected world needed intervals, which are not loaded yet: the run must be repeated with them. */
  needsIntervals: boolean;
  undecided: number;
  undecidedReason: string | null;
  readonly reasons: Map<string, number>;
}

const newTally = (): Tally => ({
  runs: 0, discarded: 0, excluded: 0, maxError: 0, unsupported: null, exhausted: false, needsIntervals: false,
  undecided: 0, undecidedReason: null, reasons: new Map(),
});

/** A judgement made with certainty, or why none could be made. */
type Settled = Outcome | { readonly kind: 'needs-intervals' };

/** A world's outcome in a run, and the work it took (its own cost included). */
interface Judged { readonly world: World; readonly outcome: Settled; readonly spent: number; readonly withIntervals: boolean }

/**
 * Worlds already judged for one step, for a later run of the same step: a glance at a few worlds
 * comes first (check/index.ts), then the full sampling draws those worlds again (each stage with
 * the same seed) and takes their outcomes from here instead of evaluating them anew. A world is
 * looked up by its stage and place in the run, and taken only when it is the same world. The
 * step's reading (analysis.ts) is kept too: it depends only on the step and its context.
 *
 * A world's outcome and the work it takes depend only on the step, the world and whether
 * intervals are at hand, as long as the work never runs out in it (every charge is a whole
 * number and the meter only grows, so a world whose whole work fits in what is left crosses no
 * limit on the way). So an outcome is taken from here only when its work fits, and is charged
 * in full: every budget, and with it every report, is what the evaluation would have given. An
 * outcome judged with intervals at hand serves only a run that has them (without them, that
 * world would ask for them).
 */
export class JudgedWorlds {
  private readonly byWorld = new Map<string, Judged>();
  private model: StepModel | null = null;

  constructor(
    /** The step these worlds belong to: another step (or context, seed, budget) finds none of them. */
    private readonly step: {
      readonly lhs: Expr; readonly relation: Relation; readonly rhs: Expr; readonly ctx: NumericContext; readonly seed: number; readonly work: number;
    },
  ) {}

  /** How many worlds are kept. */
  get size(): number { return this.byWorld.size; }

  /** Is this the memory of `lhs relation rhs` in `ctx` (the same objects) at this seed and work budget? */
  serves(lhs: Expr, relation: Relation, rhs: Expr, ctx: NumericContext, seed: number, work: number): boolean {
    const s = this.step;
    return s.lhs === lhs && s.relation === relation && s.rhs === rhs && s.ctx === ctx && s.seed === seed && s.work === work;
  }

  get worlds(): Map<string, Judged> { return this.byWorld; }

  /** The step's reading, made at the first run. */
  analysis(read: () => StepModel): StepModel {
    this.model ??= read();
    return this.model;
  }
}

/** Worlds judged for one step (the same `lhs`, `relation`, `rhs` and `ctx` objects, seed and budget). */
export const judgedWorlds = (lhs: Expr, relation: Relation, rhs: Expr, ctx: NumericContext,
                             opts: Pick<NumericOptions, 'seed' | 'work' | 'budgetMs'>): JudgedWorlds =>
  new JudgedWorlds({ lhs, relation, rhs, ctx, seed: opts.seed, work: workBudget(opts) });

/**
 * Judges a world with certainty: exact rationals first; intervals of growing precision when
 * some value has no exact rational form; `undecided` when even 256 digits cannot tell.
 */
function settle(check: WorldCheck, world: World, meter: Meter, intervals: Intervals | null, record: Map<string, number> | null): Settled {
  const certified = (o: Outcome, how: string): Outcome => (o.kind === 'fail' ? { ...o, message: `${o.message}; certain in ${how}` } : o);
  /** Work an arithmetic reports, `scale` units each, counted on the meter. */
  const chargedAt = (scale: number) => (n: number) => { if ((meter.spent += n * scale) > meter.limit) throw new OutOfWork(); };
  try {
    return certified(check(exactArith(chargedAt(1)), world, record, meter), 'exact rational arithmetic');
  } catch (e) {
    if (e instanceof Unsupported) return { kind: 'undecided', reason: `a suspected counterexample cannot be re-checked exactly (${e.reason})` };
    if (!(e instanceof Inexact)) throw e;
  }
  if (intervals === null) return { kind: 'needs-intervals' };
  let last = '';
  for (const digits of DIGITS) {
    try {
      return certified(check(intervals(digits, chargedAt(transcendentalWork(digits))), world, record, meter), `${digits}-digit interval arithmetic`);
    } catch (e) {
      if (e instanceof Unsupported) return { kind: 'undecided', reason: `a suspected counterexample cannot be re-checked with certainty (${e.reason})` };
      if (!(e instanceof Undecided)) throw e;
      last = e.reason;
    }
  }
  return { kind: 'undecided', reason: `a suspected counterexample is not decided even with ${DIGITS[DIGITS.length - 1]} digits (${last})` };
}

/** A suspected world settled within what is left of the work: when that runs out, the world is
 *  undecided (the step cannot be confirmed past a world that failed in doubles), not skipped. */
function settleWithin(check: WorldCheck, world: World, meter: Meter, intervals: Intervals | null, record: Map<string, number> | null = null): Settled {
  try {
    return settle(check, world, meter, intervals, record);
  } catch (e) {
    if (!(e instanceof OutOfWork)) throw e;
    return UNSETTLED_IN_BUDGET;
  }
}

/** (one object: an outcome that depends on the work left, which no later run may take as it is) */
const UNSETTLED_IN_BUDGET: Settled = { kind: 'undecided', reason: 'a suspected counterexample could not be re-checked with certainty within the work budget' };

/** One world's outcome: screened in doubles, settled with certainty when suspected; a world too
 *  large to evaluate is a discard. Null when the run must stop (work spent, unsupported construct). */
function outcomeOf(check: WorldCheck, world: World, tally: Tally, meter: Meter, intervals: Intervals | null,
                   judged: Map<string, Judged> | null, place: string): Settled | null {
  if (judged === null) return evaluatedOutcome(check, world, tally, meter, intervals);
  const known = judged.get(place);
  if (known && (intervals !== null || !known.withIntervals) && meter.spent + known.spent <= meter.limit && samePlainData(known.world, world)) {
    meter.spent += known.spent;
    return known.outcome;
  }
  const before = meter.spent;
  const o = evaluatedOutcome(check, world, tally, meter, intervals);
  if (o !== null && o.kind !== 'needs-intervals' && o !== UNSETTLED_IN_BUDGET) judged.set(place, { world, outcome: o, spent: meter.spent - before, withIntervals: intervals !== null });
  return o;
}

function evaluatedOutcome(check: WorldCheck, world: World, tally: Tally, meter: Meter, intervals: Intervals | null): Settled | null {
  if ((meter.spent += WORLD_COST) > meter.limit) { tally.exhausted = true; return null; }
  try {
    const o = check(DOUBLE, world, null, meter);
    return o.kind === 'fail' || o.kind === 'undecided' ? settleWithin(check, world, meter, intervals) : o;
  } catch (e) {
    if (e instanceof OutOfWork) { tally.exhausted = true; return null; }
    if (e instanceof TooLarge) return { kind: 'discard', reason: e.reason };
    if (e instanceof Unsupported) { tally.unsupported = e.reason; return null; }
    throw e;
  }
}

/** Judges one world into the tally. False only for a certain failure. */
function judge(check: WorldCheck, world: World, tally: Tally, meter: Meter, intervals: Intervals | null,
               judged: Map<string, Judged> | null, place: string): boolean {
  if (tally.unsupported !== null || tally.exhausted || tally.needsIntervals) return true;
  const o = outcomeOf(check, world, tally, meter, intervals, judged, place);
  if (o === null) return true;
  if (o.kind === 'needs-intervals') { tally.needsIntervals = true; return true; }
  tally.runs++;
  switch (o.kind) {
    case 'ok': tally.maxError = Math.max(tally.maxError, o.error); return true;
    case 'discard':
      tally.discarded++;
      if (o.excluded) tally.excluded++;
      tally.reasons.set(o.reason, (tally.reasons.get(o.reason) ?? 0) + 1);
      return true;
    case 'undecided':
      tally.undecided++;
      tally.undecidedReason ??= o.reason;
      return true;
    case 'fail': return false;
  }
}

/**
 * Does a world fail in doubles? What shrinking asks of each smaller candidate: settling every one
 * with certainty (64-digit logarithms and up) was most of the time of a refuted step; only the
 * world shrinking ends at is settled (decide), and the first, certain failure stands in for it when
 * that one does not hold up.
 */
function failsInDoubles(check: WorldCheck, world: World, meter: Meter): boolean {
  if ((meter.spent += WORLD_COST) > meter.limit) return false;
  try {
    return check(DOUBLE, world, null, meter).kind === 'fail';
  } catch (e) {
    if (e instanceof OutOfWork || e instanceof Unsupported) return false;
    throw e;
  }
}

interface StageRun {
  readonly tally: Tally;
  /** The failure shrinking ended at, and the first failure found (certain: it was settled). */
  readonly counterexample: World | null;
  readonly first: World | null;
}

/** One stage's fast-check run; a certain failure is shrunk (within what is left of the work). */
function runStage(check: WorldCheck, model: StepModel, { stage, peaked, wide = false }: Pass, numRuns: number, seed: number,
                  meter: Meter, intervals: Intervals | null, judged: Map<string, Judged> | null): StageRun {
  const name = wide ? 'wide' : peaked ? 'peaked' : String(stage);
  const tally = newTally();
  let first: World | null = null;
  /** Worlds judged so far in this run (fast-check draws them in order): a world's place. */
  let judgedHere = 0;
  // A crash is carried out of fast-check as it is, not as a failing world to shrink.
  let crash: unknown = null;
  const details = fc.check(fc.property(worldArbitrary(model, stage, peaked, wide), (w) => {
    if (crash !== null) return true;
    try {
      if (first !== null) return !failsInDoubles(check, w, meter);
      const ok = judge(check, w, tally, meter, intervals, judged, `${name}:${judgedHere++}`);
      if (!ok) first = w;
      return ok;
    } catch (e) {
      crash = e;
      return true;
    }
  }), { seed: hashKey(seed, `stage ${name}`) | 0, numRuns: Math.max(1, numRuns) });
  if (crash !== null) throw crash;
  return { tally, counterexample: details.failed && details.counterexample ? details.counterexample[0] as World : null, first };
}

/** All stages in turn, stopping at the first certain failure, unsupported construct, spent budget or need for intervals. */
function runStages(check: WorldCheck, model: StepModel, samples: number, seed: number, work: number, intervals: Intervals | null,
                   judged: Map<string, Judged> | null) {
  const meter: Meter = { spent: 0, limit: work };
  const total = newTally();
  const passes: readonly Pass[] = samples === 1 ? [{ stage: 0, peaked: false }]
    : [...STAGES.map((stage) => ({ stage, peaked: false })), ...(model.distributions.length > 0 ? [PEAKED_PASS, WIDE_PASS] : [])];
  for (const pass of passes) {
    const share = samples === 1 ? 1 : pass.wide ? WIDE_SHARE : pass.peaked ? PEAKED_SHARE : STAGE_SHARE[pass.stage];
    const { tally, counterexample, first } = runStage(check, model, pass, Math.ceil(samples * share), seed, meter, intervals, judged);
    total.runs += tally.runs;
    total.discarded += tally.discarded;
    total.excluded += tally.excluded;
    total.maxError = Math.max(total.maxError, tally.maxError);
    total.undecided += tally.undecided;
    total.undecidedReason ??= tally.undecidedReason;
    for (const [r, n] of tally.reasons) total.reasons.set(r, (total.reasons.get(r) ?? 0) + n);
    total.unsupported ??= tally.unsupported;
    total.exhausted ||= tally.exhausted;
    total.needsIntervals ||= tally.needsIntervals;
    if (counterexample || total.unsupported || total.exhausted || total.needsIntervals) return { tally: total, counterexample, first };
  }
  return { tally: total, counterexample: null, first: null };
}

const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

function workBudget(opts: Pick<NumericOptions, 'work' | 'budgetMs'>): number {
  return opts.work ?? (opts.budgetMs ?? DEFAULT_BUDGET_MS) * WORK_PER_MS;
}

async function decide(lhs: Expr, relation: Relation, rhs: Expr, ctx: NumericContext, opts: NumericOptions): Promise<NumericResult> {
  const work = workBudget(opts);
  const memory = opts.judged?.serves(lhs, relation, rhs, ctx, opts.seed, work) ? opts.judged : null;
  const read = () => analyzeStep([lhs, rhs], ctx.symbols, ctx.assumptions, ctx.definitions, ctx.wrt);
  const model = memory ? memory.analysis(read) : read();
  const plan = planCheck(lhs, relation, rhs, model);
  if ('unverified' in plan) return unverified(plan.unverified);
  // A step that reads nothing random (numbers only) is decided by one world.
  const samples = plan.closed ? 1
    : plan.pointsPerWorld ? Math.max(MIN_SAMPLES, Math.ceil(opts.samples / Math.sqrt(plan.pointsPerWorld))) : opts.samples;
  const judged = memory?.worlds ?? null;
  let intervals: Intervals | null = null;
  let run = runStages(plan.check, model, samples, opts.seed, work, intervals, judged);
  if (run.tally.needsIntervals) {
    // The same worlds again (same seed, a fresh budget), now with intervals at hand.
    intervals = await intervalArithmetics() as Intervals;
    run = runStages(plan.check, model, samples, opts.seed, work, intervals, judged);
  }
  const { tally, counterexample, first } = run;
  const done = tally.runs - tally.discarded - tally.undecided;
  if (counterexample) {
    // each re-check has a whole budget of its own: the first failure was settled within one
    let record = new Map<string, number>();
    let o = settleWithin(plan.check, counterexample, { spent: 0, limit: work }, intervals, record);
    // shrinking judged in doubles: the world it ended at may not fail with certainty, the first does
    if (o.kind !== 'fail' && first !== null && first !== counterexample) {
      record = new Map<string, number>();
      o = settleWithin(plan.check, first, { spent: 0, limit: work }, intervals, record);
    }
    if (o.kind === 'fail') {
      const point = unfixedStationaryPoint(lhs, relation, rhs, model);
      if (point !== null) return unverified(`${point} (not zero at a sampled point: ${o.message})`, done);
      const assignment: Record<string, number> = {};
      for (const [k, v] of record) assignment[k] = round(v);
      return {
        verdict: 'refuted', samples: done, maxError: o.error,
        counterexample: { assignment, lhs: o.lhs, rhs: o.rhs }, message: o.message,
      };
    }
  }
  if (tally.unsupported) return unverified(tally.unsupported);
  // the work budget ended a run of too few worlds: said beside whatever else they showed
  const cut = tally.exhausted && done < Math.min(MIN_SAMPLES, samples) ? `work budget spent after ${done} samples` : null;
  if (tooManyDiscards(tally)) {
    const [reason] = [...tally.reasons].sort((a, b) => b[1] - a[1])[0] ?? ['a non-finite value'];
    return unverified(`${reason} in ${Math.round((100 * tally.discarded) / tally.runs)}% of samples${cut ? `; ${cut}` : ''}`, done);
  }
  if (tally.undecided > 0) {
    return unverified(`${tally.undecidedReason} (${tally.undecided} of ${tally.runs} samples; never refuted on doubt)`, done);
  }
  if (cut) return unverified(cut, done);
  return { verdict: 'confirmed', samples: done, maxError: tally.maxError, ...fewerSamples(done, opts.samples, plan, tally) };
}

/**
 * Too few worlds judged to confirm: undefined values in more than half of the worlds the
 * assumptions admit (they may hide where the sides differ), or assumptions that exclude more
 * than nine worlds in ten (those left cover the admitted ones too thinly). Worlds an
 * assumption excludes are outside the claim, so they count against coverage only.
 */
function tooManyDiscards(tally: Tally): boolean {
  const admitted = tally.runs - tally.excluded;
  return (tally.discarded - tally.excluded) * 2 > admitted || tally.excluded * 10 > tally.runs * 9;
}

/** Why a confirmation rests on fewer samples than asked (the report says so next to the count). */
function fewerSamples(done: number, asked: number, plan: { closed?: boolean; pointsPerWorld?: number }, tally: { discarded: number; exhausted?: boolean; reasons: Map<string, number> }): { note?: string } {
  if (done >= asked) return {};
  if (plan.closed) return { note: 'numbers only: one instance decides' };
  const why: string[] = [];
  if (plan.pointsPerWorld) why.push(`each instance compares ${plan.pointsPerWorld} points`);
  if (tally.discarded > 0) {
    const [reason] = [...tally.reasons].sort((a, b) => b[1] - a[1])[0] ?? ['a non-finite value'];
    why.push(`${tally.discarded} instances set aside: ${reason}`);
  }
  if (tally.exhausted) why.push('the work budget ran out');
  return why.length > 0 ? { note: why.join('; ') } : {};
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
