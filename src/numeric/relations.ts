/**
 * What a relation means on one world: `=`, inequalities, `+ const` and
 * `\propto` (the difference / ratio must not depend on the wrt variables),
 * `\arg\min_θ f = \arg\max_θ g` (oppositely ordered over sampled θ) and
 * `\arg\min_μ f = c` (no point of the domain does better than c, and none as well
 * in another basin).
 *
 * Owns: choosing the check for a step and judging one world with it, in any
 * arithmetic. In doubles a judgement only screens: a near tie counts as a
 * failure, to be judged again in a certain arithmetic (exact rationals or
 * intervals), where every comparison is certain or raises `Undecided`.
 * Must not: draw worlds or run the sampling loop (index.ts).
 */
import { DOUBLE, Undecided, type Arith } from './arith.js';
import type { StepModel } from './analysis.js';
import type { Bind, Expr } from '../expr/model.js';
import { children } from '../expr/model.js';
import { RELATION_INFO, type Relation } from '../expr/relations.js';
import { Evaluator, extend, type Meter } from './evaluate.js';
import { rawFromHash } from './draw.js';
import { candidateMinima } from './optimum.js';
import { shapeScalar, Unsupported, WorldView, type Layout, type World } from './world.js';
import { derivativesOnTop } from './derivative.js';
import { entries, isTensor, symmetricPart, type Value } from './tensor.js';

export type Outcome =
  | { readonly kind: 'ok'; readonly error: number }
  | { readonly kind: 'fail'; readonly lhs: number; readonly rhs: number; readonly error: number; readonly message: string }
  /** No verdict from this world: a value is undefined there, or (`excluded`) the world breaks an
   *  assumption and lies outside what the step claims. */
  | { readonly kind: 'discard'; readonly reason: string; readonly excluded?: boolean }
  /** Neither holds nor fails for certain here (several minimisers); never evidence either way. */
  | { readonly kind: 'undecided'; readonly reason: string };

/** Judges one world; `record` (when given) collects the values read, for a counterexample. */
export type WorldCheck = <T>(A: Arith<T>, world: World, record: Map<string, number> | null, meter: Meter) => Outcome;

/** `closed`: the check reads nothing random, so one world decides it. `pointsPerWorld`: each
 *  world already compares the sides at that many parameter values (arg-min orderings), so
 *  fewer worlds give the same coverage. */
export type Plan =
  | { readonly check: WorldCheck; readonly closed?: boolean; readonly pointsPerWorld?: number }
  | { readonly unverified: string };

/** How many alternative values of the wrt variables `+ const` and `\propto` compare. */
const VARIANTS = 4;
/** How many parameter values an arg-min/arg-max ordering is checked at. */
const ORDER_POINTS = 6;
/** A strict order in doubles needs this relative margin; anything closer is re-judged with certainty. */
const DOUBLE_STRICT_MARGIN = 1e-12;

const fmt = (v: number): string => String(Number(v.toPrecision(6)));

function containsConst(e: Expr, depth = 0): boolean {
  if (e.kind === 'const') return true;
  return depth < 300 && children(e).some((c) => containsConst(c, depth + 1));
}

const isArg = (e: Expr): e is Bind => e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax');
/** An arg min over a listed set or a range is evaluated like any expression; over the reals it is searched. */
const finiteDomain = (b: Bind): boolean => b.domain.kind === 'range' || (b.domain.kind === 'set' && b.domain.set.kind === 'set');

/** tolerance × scale, computed in A (the tolerance as 1/10^9, which every arithmetic reads exactly). */
const slackOf = <T>(A: Arith<T>, scale: T): T => A.div(scale, A.of(Math.round(1 / A.tolerance)));

/**
 * Two sides that are both nonzero are equal when they agree relative to their size, down to a
 * floor of 10^{-30}: far above what 64 digits and more leave of a difference that is 0, and far below any
 * value a step writes. A floor of 1 judged `10^{-12}\theta = 2 \cdot 10^{-12}\theta`, or a likelihood
 * θ^{20}(1-θ)^{20} against twice itself, equal. Against a side that is 0 the floor stays 1: what
 * rounding leaves of a sum that cancels (a derivative at a stationary point) is all there is to
 * compare, and it says nothing (so `10^{-12}\theta = 0` is still not told from a rounding error);
 * and so it does against a value quadrature gave, which is accurate to a part of 1 only.
 */
/** A difference against an exact 0 below this is re-judged with certainty rather than taken as rounding. */
const BELOW_ROUNDING = 1e-30;

const negligibleIn = <T>(A: Arith<T>): T => A.div(A.of(1), A.mul(A.of(1e15), A.of(1e15)));

/** Two values of an objective a certain arithmetic tells apart by less than one part in 10^{40} are tied
 *  (orderCheck). Both are written from integers a double holds exactly, which exact rationals read. */
const certainTieIn = <T>(A: Arith<T>): T => A.mul(A.of(1e20), A.of(1e20));

/**
 * Does `a rel b` hold, and how far off is it (relative)? `=` and the weak orders allow the
 * tolerance relative to |a| + |b| (and 1 against a side that is 0; see negligibleIn): two sides
 * near 0 that differ only by rounding are suspected in doubles, and settled with certainty. A strict order allows nothing. In doubles a strict
 * order also needs a relative margin, so a near tie is only suspected there; a certain
 * arithmetic answers exactly or throws `Undecided`.
 */
function judgeNumbers<T>(A: Arith<T>, rel: Relation, a: T, b: T, approximated = false): { ok: boolean; error: number } {
  const d = A.sub(a, b);
  const againstZero = A.toNumber(a) === 0 || A.toNumber(b) === 0;
  // against an exact 0, a side of 10^{-44} is no rounding residue: `e^{-x} = 0` under x > 100 was confirmed.
  // Doubles cannot tell the two apart, so a difference that small is re-judged by a certain arithmetic, where
  // a value whose enclosure excludes 0 is not 0, and one that cannot be told from 0 (Undecided) is taken as 0
  // (a larger one, up to the tolerance, is what rounding leaves of a sum that cancels: still taken as 0)
  const gap = Math.abs(A.toNumber(d));
  if (againstZero && !approximated && gap < BELOW_ROUNDING && (rel === '=' || rel === '<=' || rel === '>=')) {
    let sign: number;
    try {
      sign = A.certain ? A.compare(d, A.of(0)) : Math.sign(A.toNumber(d));
    } catch (e) {
      if (!(e instanceof Undecided)) throw e;
      sign = 0;
    }
    const ok = rel === '=' ? sign === 0 : rel === '<=' ? sign <= 0 : sign >= 0;
    return { ok, error: ok ? 0 : gap };
  }
  const againstOne = approximated || againstZero;
  const scale = A.add(againstOne ? A.of(1) : negligibleIn(A), A.add(A.abs(a), A.abs(b)));
  const slack = slackOf(A, scale);
  const error = Math.abs(A.toNumber(A.div(d, scale)));
  const zero = A.of(0);
  const strict = (diff: T): boolean => A.certain ? A.compare(diff, zero) > 0
    : A.compare(diff, zero) > 0 && A.toNumber(diff) > DOUBLE_STRICT_MARGIN * Math.max(Math.abs(A.toNumber(a)), Math.abs(A.toNumber(b)));
  switch (rel) {
    case '=': return { ok: A.compare(A.abs(d), slack) <= 0, error };
    case '<=': return { ok: A.compare(d, slack) <= 0, error: A.compare(d, zero) > 0 ? error : 0 };
    case '>=': return { ok: A.compare(A.neg(d), slack) <= 0, error: A.compare(d, zero) < 0 ? error : 0 };
    case '<': return { ok: strict(A.neg(d)), error: A.compare(d, zero) > 0 ? error : 0 };
    case '>': return { ok: strict(d), error: A.compare(d, zero) < 0 ? error : 0 };
    default: return { ok: false, error: Infinity };
  }
}

/** One world's evaluator for the variant `variant` of the wrt variables. */
function viewOf<T>(A: Arith<T>, model: StepModel, world: World, layout: Layout, variant: number, record: Map<string, number> | null, meter: Meter) {
  return new Evaluator(A, new WorldView(model, world, A, layout, variant, record), meter);
}

const discard = (ev: { problem: string | null }): Outcome => ({ kind: 'discard', reason: ev.problem ?? 'a non-finite value' });

export function planCheck(lhs: Expr, relation: Relation, rhs: Expr, model: StepModel): Plan {
  if (relation === 'approx') return { unverified: '≈ is reported, not checked' };
  if (relation === 'iff' || relation === 'implies') return { unverified: `${relation === 'iff' ? '⇔' : '⇒'} between statements is not checked numerically yet` };
  if (relation === ':=') return { unverified: 'a definition is not a claim' };
  const searched = (e: Expr): e is Bind => isArg(e) && !finiteDomain(e);
  if (searched(lhs) && searched(rhs)) return relation === '=' ? orderPlan(lhs, rhs, model) : { unverified: 'arg min/arg max compared by an inequality' };
  if (searched(lhs) || searched(rhs)) {
    if (relation !== '=') return { unverified: 'arg min/arg max compared by an inequality' };
    return minimumPlan(searched(lhs) ? lhs : (rhs as Bind), searched(lhs) ? rhs : lhs, searched(rhs), model);
  }
  const withConst = containsConst(lhs) || containsConst(rhs);
  if (withConst || relation === 'propto') {
    if (withConst && relation !== '=') return { unverified: '“+ const” in an inequality' };
    if (model.wrt.length === 0) return { unverified: `${withConst ? '“+ const”' : '∝'} needs the variables it is taken with respect to (% wrt: …)` };
    // only a whole symbol of the step can be varied: `\sigma_1` (one member of σ) or a name the step
    // lacks would leave everything fixed and confirm any claim
    const unvaried = model.wrt.find((v) => !model.freeByName.has(v) && !model.variables.includes(v) && !model.distributions.includes(v));
    if (unvaried !== undefined) return { unverified: `${withConst ? '“+ const”' : '∝'} is taken with respect to ${unvaried}, which is not a whole symbol of the step that deriva can vary` };
    return { check: (A, world, record, meter) => variationCheck(A, world, record, meter, lhs, rhs, model, withConst ? 'difference' : 'ratio') };
  }
  return { check: (A, world, record, meter) => pointCheck(A, world, record, meter, lhs, relation, rhs, model), closed: drawsNothing(model) };
}

const drawsNothing = (model: StepModel): boolean =>
  model.free.length + model.distributions.length + model.functions.length + model.variables.length === 0;

function pointCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null, meter: Meter,
                       lhs: Expr, relation: Relation, rhs: Expr, model: StepModel): Outcome {
  const ev = viewOf(A, model, world, new Map(), 0, record, meter);
  const a = ev.value(lhs, new Map());
  const b = ev.value(rhs, new Map());
  ev.view.noteJoints();
  const broken = ev.brokenAssumption();
  if (broken) return { kind: 'discard', reason: broken, excluded: true };
  if (![...entries(a), ...entries(b)].every((v) => A.isFinite(v))) return discard(ev);
  const [left, right] = [zeroShaped(A, a, lhs, b), zeroShaped(A, b, rhs, a)];
  const judgeAll = (l: Value<T>, r: Value<T>) => {
    const pairs = entryPairs(l, r, relation);
    let worst = { ok: true, error: 0, at: 0 };
    pairs.forEach(([x, y], k) => {
      const c = judgeNumbers(A, relation, x, y, ev.approximated);
      if ((!c.ok && worst.ok) || (c.ok === worst.ok && c.error > worst.error)) worst = { ...c, at: k };
    });
    return { pairs, worst };
  };
  const { pairs, worst } = judgeAll(left, right);
  if (worst.ok) return { kind: 'ok', error: worst.error };
  // a Gaussian expectation of anything but a polynomial came from quadrature, which can miss mass far
  // out (E[e^{\sigma\epsilon - \sigma^2/2}] = 1 was refuted at σ = 400): a disagreement there proves nothing
  if (ev.inexactQuadrature) return { kind: 'undecided', reason: 'a Gaussian expectation by quadrature (not exact for this integrand) disagrees' };
  // A gradient with respect to a symmetric matrix determines only its symmetric part (derivative.ts):
  // a difference in the rest is no counterexample, and inside a larger expression it cannot be told apart.
  if (ev.symmetricGradient) {
    if (!derivativesOnTop(lhs) || !derivativesOnTop(rhs)) return { kind: 'undecided', reason: UNDETERMINED_INSIDE };
    if (judgeAll(symmetricPart(A, left), symmetricPart(A, right)).worst.ok) {
      return { kind: 'undecided', reason: 'the sides differ only by an antisymmetric part, which a gradient with respect to a symmetric matrix leaves open' };
    }
  }
  const [x, y] = pairs[worst.at]!.map((v) => A.toNumber(v)) as [number, number];
  const where = isTensor(left) ? ` in entry ${worst.at + 1} of the ${left.rows}×${left.cols} result` : '';
  return { kind: 'fail', lhs: x, rhs: y, error: worst.error, message: `left side ${fmt(x)} but right side ${fmt(y)}${where}${relation === '=' ? '' : ` (${RELATION_INFO[relation].symbol} fails)`}` };
}

const UNDETERMINED_INSIDE = 'a gradient with respect to a symmetric matrix stands inside a larger expression, where its undetermined antisymmetric part could decide the comparison';

/** A side written `0` (or `\mathbf 0`) facing a vector or matrix is the zero of its shape. */
function zeroShaped<T>(A: Arith<T>, side: Value<T>, written: Expr, other: Value<T>): Value<T> {
  if (isTensor(side) || !isTensor(other) || written.kind !== 'num' || written.value !== 0) return side;
  return { rows: other.rows, cols: other.cols, data: other.data.map(() => A.of(0)) };
}

/** Numbers compared pairwise; vectors and matrices entry by entry, and only by `=`. */
function entryPairs<T>(a: Value<T>, b: Value<T>, relation: Relation): (readonly [T, T])[] {
  if (!isTensor(a) && !isTensor(b)) return [[a, b]];
  if (isTensor(a) && isTensor(b) && a.rows === b.rows && a.cols === b.cols && relation === '=') return a.data.map((v, k) => [v, b.data[k]!] as const);
  const shape = (v: Value<T>) => (isTensor(v) ? `a ${v.rows}×${v.cols}` : 'a number');
  throw new Unsupported(`comparing ${shape(a)} with ${shape(b)} by ${relation}`);
}

/** `+ const`: lhs − rhs is the same for every value of the wrt variables; `\propto`: lhs / rhs is. */
function variationCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null, meter: Meter,
                           lhs: Expr, rhs: Expr, model: StepModel, how: 'difference' | 'ratio'): Outcome {
  const layout: Layout = new Map();
  let base: T | null = null;
  let sides = A.of(1);
  let maxError = 0;
  for (let k = 0; k < VARIANTS; k++) {
    const ev = viewOf(A, model, world, layout, k, record, meter);
    const a = ev.eval(lhs, new Map()); const b = ev.eval(rhs, new Map());
    ev.view.noteJoints();
    const broken = ev.brokenAssumption();
    if (broken) return { kind: 'discard', reason: broken, excluded: true };
    if (!A.isFinite(a) || !A.isFinite(b)) return discard(ev);
    if (how === 'ratio' && A.isZero(b)) return { kind: 'discard', reason: 'division by zero' };
    const v = how === 'difference' ? A.sub(a, b) : A.div(a, b);
    base ??= v;
    // A difference is judged relative to the sides seen so far, a ratio relative to itself.
    sides = A.add(sides, A.add(A.abs(a), A.abs(b)));
    const scale = how === 'difference' ? sides : A.abs(base);
    const change = A.abs(A.sub(v, base));
    const err = A.isZero(scale) ? (A.isZero(change) ? 0 : Infinity) : Math.abs(A.toNumber(A.div(change, scale)));
    maxError = Math.max(maxError, err);
    if (A.compare(change, slackOf(A, scale)) > 0) {
      if (ev.symmetricGradient) return { kind: 'undecided', reason: UNDETERMINED_INSIDE };
      const what = how === 'difference' ? 'left − right' : 'left / right';
      return {
        kind: 'fail', lhs: A.toNumber(a), rhs: A.toNumber(b), error: err,
        message: `${what} changes with ${model.wrt.join(', ')}: ${fmt(A.toNumber(base))} at the first values, ${fmt(A.toNumber(v))} at alternative ${k}`,
      };
    }
  }
  return { kind: 'ok', error: maxError };
}

/** Sampled values of a binder variable (distinct, drawn like a free scalar of that name at the world's stage). */
function parameterValues(world: World, model: StepModel, name: string): number[] {
  const c = model.free.find((f) => f.name === name)?.constraint ?? model.constraints.get(name) ?? {};
  const out: number[] = [];
  for (let k = 0; out.length < ORDER_POINTS && k < ORDER_POINTS * 4; k++) {
    const v = shapeScalar(c, rawFromHash(world.seed, `arg|${name}|${k}`, world.stage));
    if (Number.isFinite(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/** `\arg\min_θ f = \arg\max_θ g` (or min = min): f and g ordered oppositely (alike) at every pair of sampled θ. */
function orderPlan(lhs: Bind, rhs: Bind, model: StepModel): Plan {
  if (lhs.vars.length !== 1 || rhs.vars.length !== 1) return { unverified: 'arg min/arg max over several variables at once' };
  return { check: (A, world, record, meter) => orderCheck(A, world, record, meter, lhs, rhs, model), pointsPerWorld: ORDER_POINTS };
}

/** The value largest in magnitude (judged in doubles: it only sets a scale). */
const largest = <T>(A: Arith<T>, vs: readonly T[]): T =>
  vs.reduce((m, v) => (Math.abs(A.toNumber(v)) > Math.abs(A.toNumber(m)) ? v : m));

function orderCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null, meter: Meter, lhs: Bind, rhs: Bind, model: StepModel): Outcome {
  const opposite = lhs.op !== rhs.op;
  const ev = viewOf(A, model, world, new Map(), 0, record, meter);
  const thetas = parameterValues(world, model, lhs.vars[0]!);
  const at = (b: Bind, t: number) => ev.eval(b.body, extend(new Map(), b, [A.of(t)], model.binderKeys));
  const fs = thetas.map((t) => at(lhs, t));
  const gs = thetas.map((t) => at(rhs, t));
  ev.view.noteJoints();
  const broken = ev.brokenAssumption();
  if (broken) return { kind: 'discard', reason: broken, excluded: true };
  if ([...fs, ...gs].some((v) => !A.isFinite(v))) return discard(ev);
  /** −1, 0 or 1: the order of x and y, a difference within the slack of the two counting as a tie.
   *  Relative to them alone: a likelihood's values near 10^{-40} are ordered, not tied because others
   *  are near 1. A certain arithmetic ties only what its rounding cannot tell apart, so a flat
   *  stretch (10^{-12}e^{-\theta^2} near 0) is ordered there; doubles only suspect it. */
  const tie = (x: T, y: T) => (A.certain ? A.div(A.add(A.abs(x), A.abs(y)), certainTieIn(A)) : slackOf(A, A.add(A.abs(x), A.abs(y))));
  const order = (x: T, y: T) => {
    const d = A.sub(x, y);
    return A.compare(A.abs(d), tie(x, y)) <= 0 ? 0 : A.compare(d, A.of(0));
  };
  for (let i = 0; i < thetas.length; i++) {
    for (let j = i + 1; j < thetas.length; j++) {
      const df = order(fs[i] as T, fs[j] as T); const dg = order(gs[i] as T, gs[j] as T);
      if (df === (opposite ? -dg : dg)) continue;
      record?.set(`${lhs.vars[0]} (first)`, thetas[i]!);
      record?.set(`${lhs.vars[0]} (second)`, thetas[j]!);
      const [fi, fj, gi, gj] = [fs[i] as T, fs[j] as T, gs[i] as T, gs[j] as T].map((v) => A.toNumber(v)) as [number, number, number, number];
      return {
        kind: 'fail', lhs: fi - fj, rhs: gi - gj, error: 1,
        message: `from ${lhs.vars[0]} = ${fmt(thetas[i]!)} to ${fmt(thetas[j]!)} the left objective goes ${fmt(fi)} → ${fmt(fj)} and the right ${fmt(gi)} → ${fmt(gj)}: not ${opposite ? 'oppositely' : 'equally'} ordered`,
      };
    }
  }
  return { kind: 'ok', error: 0 };
}

/** Does `name` index a distribution inside `e` (P_θ, p(x;θ))? Then the objective is not a smooth function of it. */
function indexesDistribution(name: string, e: Expr, depth = 0): boolean {
  if (depth > 300) return false;
  if (e.kind === 'prob' && [...e.dist.index, ...e.dist.upper].some((x) => x.kind === 'sym' && x.name === name)) return true;
  return children(e).some((c) => indexesDistribution(name, c, depth + 1));
}

/** `\arg\min_μ f(μ) = c`: no point of μ's domain does better than c, and none does as well in another basin. */
function minimumPlan(arg: Bind, other: Expr, argOnRight: boolean, model: StepModel): Plan {
  if (arg.vars.length !== 1) return { unverified: 'arg min/arg max over several variables at once' };
  const v = arg.vars[0]!;
  if (indexesDistribution(v, arg.body)) return { unverified: `arg ${arg.op.slice(3)} over the distribution parameter ${v} compared with a value` };
  return { check: (A, world, record, meter) => minimumCheck(A, world, record, meter, arg, other, argOnRight, model), closed: drawsNothing(model) };
}

/**
 * The claimed minimiser c against the lowest points a search in doubles finds (optimum.ts),
 * each compared with c in A: a point certainly lower refutes the claim; one as low (within
 * the tolerance) in a separate basin, or exactly as low anywhere else, means the claim names
 * one of several minimisers — undecided, never confirmed.
 */
function minimumCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null, meter: Meter,
                         arg: Bind, other: Expr, argOnRight: boolean, model: StepModel): Outcome {
  const v = arg.vars[0]!;
  const ev = viewOf(A, model, world, new Map(), 0, record, meter);
  const c = ev.eval(other, new Map());
  const broken = ev.brokenAssumption();
  if (broken) return { kind: 'discard', reason: broken, excluded: true };
  if (!A.isFinite(c)) return discard(ev);
  const sign = arg.op === 'argmin' ? 1 : -1;
  const objective = <U>(E: Evaluator<U>) => (x: U): U | null => {
    const y = E.eval(arg.body, extend(new Map(), arg, [x], model.binderKeys));
    return E.A.isFinite(y) ? (sign > 0 ? y : E.A.neg(y)) : null;
  };
  const f = objective(ev);
  const fc = f(c);
  if (fc === null) return { kind: 'discard', reason: `the objective is undefined at the claimed ${arg.op === 'argmin' ? 'minimiser' : 'maximiser'}` };
  const searching = objective(viewOf(DOUBLE, model, world, new Map(), 0, null, meter));
  const cn = A.toNumber(c);
  const candidates = candidateMinima((x) => searching(x) ?? Infinity, cn, model.constraints.get(v) ?? {});
  ev.view.noteJoints();
  // no point of the domain to compare with (a claimed 0.7 for a count): nothing shows the claim holds
  if (candidates.length === 0) return { kind: 'undecided', reason: `no point of ${v}'s domain was found to compare the claimed ${arg.op === 'argmin' ? 'minimiser' : 'maximiser'} with` };
  const word = arg.op === 'argmin' ? 'minimum' : 'maximum';
  const slack = slackOf(A, A.add(A.of(1), A.abs(fc)));
  for (const m of candidates) {
    const far = Math.abs(m.x - cn) > 1e-6 * Math.max(1, Math.abs(cn));
    const fx = f(A.point(m.x));
    if (fx === null) continue;
    const lower = A.compare(fx, fc) < 0;
    const within = A.compare(A.abs(A.sub(fx, fc)), slack) <= 0;
    // In doubles a near tie is only suspected; a certain arithmetic says whether it is one.
    const better = A.certain ? lower : lower && (far || !within);
    if (better) {
      record?.set(`${v} (numerical ${arg.op.slice(3)})`, m.x);
      const [l, r] = argOnRight ? [cn, m.x] : [m.x, cn];
      return {
        kind: 'fail', lhs: l, rhs: r, error: Math.abs(m.x - cn),
        message: `the objective's ${word} is not at ${fmt(cn)}: at ${v} = ${fmt(m.x)} it is ${fmt(sign * A.toNumber(fx))}, at ${fmt(cn)} ${fmt(sign * A.toNumber(fc))}`,
      };
    }
    if (far && within && (m.separated || A.compare(fx, fc) === 0)) {
      record?.set(`${v} (another ${word})`, m.x);
      return { kind: 'undecided', reason: `the objective has several ${word === 'minimum' ? 'minimisers' : 'maximisers'}: ${v} ≈ ${fmt(m.x)} does as well as ${fmt(cn)}` };
    }
  }
  return { kind: 'ok', error: 0 };
}
