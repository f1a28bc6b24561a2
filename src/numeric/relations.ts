/**
 * What a relation means on one world: `=`, inequalities, `+ const` and
 * `\propto` (the difference / ratio must not depend on the wrt variables),
 * `\arg\min_θ f = \arg\max_θ g` (oppositely ordered over sampled θ) and
 * `\arg\min_μ f = c` (a numerical 1-D minimum).
 *
 * Owns: choosing the check for a step and judging one world with it, in any
 * arithmetic (doubles to sample, 64 digits to re-verify). Must not: draw
 * worlds or run the sampling loop (index.ts).
 */
import type { Arith } from './arith.js';
import type { StepModel } from './analysis.js';
import type { Bind, Expr } from '../expr/model.js';
import { children } from '../expr/model.js';
import type { Relation } from '../expr/relations.js';
import { Evaluator, extend } from './evaluate.js';
import { shapeScalar, Unsupported, WorldView, type Layout, type World } from './world.js';
import { entries, isTensor, type Value } from './tensor.js';
import { uniformInt, uniform } from './prng.js';

export type Outcome =
  | { readonly kind: 'ok'; readonly error: number }
  | { readonly kind: 'fail'; readonly lhs: number; readonly rhs: number; readonly error: number; readonly message: string }
  | { readonly kind: 'discard'; readonly reason: string };

/** Judges one world; `record` (when given) collects the values read, for a counterexample. */
export type WorldCheck = <T>(A: Arith<T>, world: World, record: Map<string, number> | null) => Outcome;

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

const fmt = (v: number): string => String(Number(v.toPrecision(6)));

function containsConst(e: Expr, depth = 0): boolean {
  if (e.kind === 'const') return true;
  return depth < 300 && children(e).some((c) => containsConst(c, depth + 1));
}

const isArg = (e: Expr): e is Bind => e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax');

/** The verdict-relevant comparison of two numbers: ok, and how far off (relative). */
function compare<T>(A: Arith<T>, rel: Relation, a: T, b: T): { ok: boolean; error: number } {
  const scale = Math.max(1, Math.abs(A.toNumber(a)), Math.abs(A.toNumber(b)));
  const diff = A.toNumber(A.sub(a, b)) / scale; // a − b, relative to the sides (absolute below 1)
  switch (rel) {
    case '=': return { ok: Math.abs(diff) <= A.tolerance, error: Math.abs(diff) };
    case '<=': return { ok: diff <= A.tolerance, error: Math.max(0, diff) };
    case '>=': return { ok: -diff <= A.tolerance, error: Math.max(0, -diff) };
    case '<': return { ok: strictOrder(A, b, a), error: Math.max(0, diff) };
    case '>': return { ok: strictOrder(A, a, b), error: Math.max(0, -diff) };
    default: return { ok: false, error: Infinity };
  }
}

/**
 * a > b strictly, with a margin relative to the sides themselves (computed in A, so 10⁻⁶⁰⁰ > 0
 * holds in 64 digits though it is 0 as a double): two equal quantities computed differently
 * may differ far below their own last digit, and that is no order. Doubles use a wide margin,
 * so a near tie is only ever suspected there and decided in high precision.
 */
function strictOrder<T>(A: Arith<T>, a: T, b: T): boolean {
  const d = A.sub(a, b);
  if (A.compare(d, A.of(0)) <= 0) return false;
  const size = A.compare(A.abs(a), A.abs(b)) >= 0 ? A.abs(a) : A.abs(b);
  return A.toNumber(A.div(d, size)) > (A.digits > 20 ? 1e-40 : 1e-12);
}

/** One world's evaluator for the variant `variant` of the wrt variables. */
function viewOf<T>(A: Arith<T>, model: StepModel, world: World, layout: Layout, variant: number, record: Map<string, number> | null) {
  return new Evaluator(A, new WorldView(model, world, A, layout, variant, record));
}

const discard = (ev: { problem: string | null }): Outcome => ({ kind: 'discard', reason: ev.problem ?? 'a non-finite value' });

export function planCheck(lhs: Expr, relation: Relation, rhs: Expr, model: StepModel): Plan {
  if (relation === 'approx') return { unverified: '≈ is reported, not checked' };
  if (relation === 'iff' || relation === 'implies') return { unverified: `${relation === 'iff' ? '⇔' : '⇒'} between statements is not checked numerically yet` };
  if (relation === ':=') return { unverified: 'a definition is not a claim' };
  if (isArg(lhs) && isArg(rhs)) return relation === '=' ? orderPlan(lhs, rhs, model) : { unverified: 'arg min/arg max compared by an inequality' };
  if (isArg(lhs) || isArg(rhs)) {
    if (relation !== '=') return { unverified: 'arg min/arg max compared by an inequality' };
    return minimumPlan(isArg(lhs) ? lhs : (rhs as Bind), isArg(lhs) ? rhs : lhs, isArg(rhs), model);
  }
  const withConst = containsConst(lhs) || containsConst(rhs);
  if (withConst || relation === 'propto') {
    if (withConst && relation !== '=') return { unverified: '“+ const” in an inequality' };
    if (model.wrt.length === 0) return { unverified: `${withConst ? '“+ const”' : '∝'} needs the variables it is taken with respect to (% wrt: …)` };
    return { check: (A, world, record) => variationCheck(A, world, record, lhs, rhs, model, withConst ? 'difference' : 'ratio') };
  }
  return { check: (A, world, record) => pointCheck(A, world, record, lhs, relation, rhs, model), closed: drawsNothing(model) };
}

const drawsNothing = (model: StepModel): boolean =>
  model.free.length + model.distributions.length + model.functions.length + model.variables.length === 0;

function pointCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null,
                       lhs: Expr, relation: Relation, rhs: Expr, model: StepModel): Outcome {
  const ev = viewOf(A, model, world, new Map(), 0, record);
  const a = ev.value(lhs, new Map());
  const b = ev.value(rhs, new Map());
  ev.view.noteJoints();
  const broken = ev.brokenAssumption();
  if (broken) return { kind: 'discard', reason: broken };
  if (![...entries(a), ...entries(b)].every((v) => A.isFinite(v))) return discard(ev);
  const pairs = entryPairs(a, b, relation);
  let worst = { ok: true, error: 0, at: 0 };
  pairs.forEach(([x, y], k) => {
    const c = compare(A, relation, x, y);
    if ((!c.ok && worst.ok) || (c.ok === worst.ok && c.error > worst.error)) worst = { ...c, at: k };
  });
  if (worst.ok) return { kind: 'ok', error: worst.error };
  const [x, y] = pairs[worst.at]!.map((v) => A.toNumber(v)) as [number, number];
  const where = isTensor(a) ? ` in entry ${worst.at + 1} of the ${a.rows}×${a.cols} result` : '';
  return { kind: 'fail', lhs: x, rhs: y, error: worst.error, message: `left side ${fmt(x)} but right side ${fmt(y)}${where} (${relation} fails)` };
}

/** Numbers compared pairwise; vectors and matrices entry by entry, and only by `=`. */
function entryPairs<T>(a: Value<T>, b: Value<T>, relation: Relation): (readonly [T, T])[] {
  if (!isTensor(a) && !isTensor(b)) return [[a, b]];
  if (isTensor(a) && isTensor(b) && a.rows === b.rows && a.cols === b.cols && relation === '=') return a.data.map((v, k) => [v, b.data[k]!] as const);
  const shape = (v: Value<T>) => (isTensor(v) ? `a ${v.rows}×${v.cols}` : 'a number');
  throw new Unsupported(`comparing ${shape(a)} with ${shape(b)} by ${relation}`);
}

/** `+ const`: lhs − rhs is the same for every value of the wrt variables; `\propto`: lhs / rhs is. */
function variationCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null,
                           lhs: Expr, rhs: Expr, model: StepModel, how: 'difference' | 'ratio'): Outcome {
  const layout: Layout = new Map();
  const first: { a: T; b: T; v: T } [] = [];
  let maxError = 0;
  for (let k = 0; k < VARIANTS; k++) {
    const ev = viewOf(A, model, world, layout, k, record);
    const a = ev.eval(lhs, new Map()); const b = ev.eval(rhs, new Map());
    ev.view.noteJoints();
    const broken = ev.brokenAssumption();
    if (broken) return { kind: 'discard', reason: broken };
    if (!A.isFinite(a) || !A.isFinite(b)) return discard(ev);
    if (how === 'ratio' && A.isZero(b)) return { kind: 'discard', reason: 'division by zero' };
    const v = how === 'difference' ? A.sub(a, b) : A.div(a, b);
    first.push({ a, b, v });
    const base = first[0]!;
    const scale = how === 'difference'
      ? Math.max(1, ...first.flatMap((f) => [Math.abs(A.toNumber(f.a)), Math.abs(A.toNumber(f.b))]))
      : Math.max(1e-300, Math.abs(A.toNumber(base.v)));
    const err = Math.abs(A.toNumber(A.sub(v, base.v))) / scale;
    maxError = Math.max(maxError, err);
    if (err > A.tolerance) {
      const what = how === 'difference' ? 'left − right' : 'left / right';
      return {
        kind: 'fail', lhs: A.toNumber(a), rhs: A.toNumber(b), error: err,
        message: `${what} changes with ${model.wrt.join(', ')}: ${fmt(A.toNumber(base.v))} at the first values, ${fmt(A.toNumber(v))} at alternative ${k}`,
      };
    }
  }
  return { kind: 'ok', error: maxError };
}

/** Sampled values of a binder variable (distinct, shaped like a free scalar of that name). */
function parameterValues(world: World, model: StepModel, name: string): number[] {
  const c = model.free.find((f) => f.name === name)?.constraint ?? model.constraints.get(name) ?? {};
  const out: number[] = [];
  for (let k = 0; out.length < ORDER_POINTS && k < ORDER_POINTS * 4; k++) {
    const key = `arg|${name}|${k}`;
    const v = shapeScalar(c, [uniformInt(world.seed, key + '#s', 0, 2), uniformInt(world.seed, key + '#a', -9, 9),
      uniformInt(world.seed, key + '#b', 2, 9), uniform(world.seed, key + '#u')]);
    if (Number.isFinite(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/** `\arg\min_θ f = \arg\max_θ g` (or min = min): f and g ordered oppositely (alike) at every pair of sampled θ. */
function orderPlan(lhs: Bind, rhs: Bind, model: StepModel): Plan {
  if (lhs.vars.length !== 1 || rhs.vars.length !== 1) return { unverified: 'arg min/arg max over several variables at once' };
  return { check: (A, world, record) => orderCheck(A, world, record, lhs, rhs, model), pointsPerWorld: ORDER_POINTS };
}

function orderCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null, lhs: Bind, rhs: Bind, model: StepModel): Outcome {
  const opposite = lhs.op !== rhs.op;
  const ev = viewOf(A, model, world, new Map(), 0, record);
  const thetas = parameterValues(world, model, lhs.vars[0]!);
  const at = (b: Bind, t: number) => ev.eval(b.body, extend(new Map(), b, [A.of(t)], model.binderKeys));
  const fs = thetas.map((t) => at(lhs, t));
  const gs = thetas.map((t) => at(rhs, t));
  ev.view.noteJoints();
  const broken = ev.brokenAssumption();
  if (broken) return { kind: 'discard', reason: broken };
  if ([...fs, ...gs].some((v) => !A.isFinite(v))) return discard(ev);
  const scale = (vs: readonly T[]) => Math.max(1, ...vs.map((v) => Math.abs(A.toNumber(v))));
  const sign = (x: T, y: T, s: number) => {
    const d = A.toNumber(A.sub(x, y));
    return Math.abs(d) <= A.tolerance * s ? 0 : Math.sign(d);
  };
  const sf = scale(fs); const sg = scale(gs);
  for (let i = 0; i < thetas.length; i++) {
    for (let j = i + 1; j < thetas.length; j++) {
      const df = sign(fs[i] as T, fs[j] as T, sf); const dg = sign(gs[i] as T, gs[j] as T, sg);
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

/** `\arg\min_μ f(μ) = c`: minimise f over the reals around c and compare the minimiser with c. */
function minimumPlan(arg: Bind, other: Expr, argOnRight: boolean, model: StepModel): Plan {
  if (arg.vars.length !== 1) return { unverified: 'arg min/arg max over several variables at once' };
  const v = arg.vars[0]!;
  if (indexesDistribution(v, arg.body)) return { unverified: `arg ${arg.op.slice(3)} over the distribution parameter ${v} compared with a value` };
  return { check: (A, world, record) => minimumCheck(A, world, record, arg, other, argOnRight, model), closed: drawsNothing(model) };
}

function minimumCheck<T>(A: Arith<T>, world: World, record: Map<string, number> | null,
                         arg: Bind, other: Expr, argOnRight: boolean, model: StepModel): Outcome {
  const v = arg.vars[0]!;
  const ev = viewOf(A, model, world, new Map(), 0, record);
  const c = ev.eval(other, new Map());
  const broken = ev.brokenAssumption();
  if (broken) return { kind: 'discard', reason: broken };
  if (!A.isFinite(c)) return discard(ev);
  const sign = arg.op === 'argmin' ? 1 : -1;
  const f = (x: T): T => {
    const y = ev.eval(arg.body, extend(new Map(), arg, [x], model.binderKeys));
    return A.isFinite(y) ? (sign > 0 ? y : A.neg(y)) : A.of(Infinity);
  };
  const best = minimize(A, f, c);
  ev.view.noteJoints();
  if (best === null) return { kind: 'discard', reason: `no ${arg.op === 'argmin' ? 'minimum' : 'maximum'} found near the claimed value` };
  const cn = A.toNumber(c); const xn = A.toNumber(best.x);
  const far = Math.abs(xn - cn) > 1e-6 * Math.max(1, Math.abs(cn));
  const fc0 = f(c);
  const gap = A.toNumber(A.sub(fc0, best.fx)) / Math.max(1, Math.abs(A.toNumber(best.fx)));
  const strictSlack = A.digits > 20 ? 1e-40 : A.tolerance;
  if (!far || gap <= strictSlack) return { kind: 'ok', error: Math.abs(xn - cn) / Math.max(1, Math.abs(cn)) };
  record?.set(`${v} (numerical ${arg.op.slice(3)})`, xn);
  const [l, r] = argOnRight ? [cn, xn] : [xn, cn];
  return {
    kind: 'fail', lhs: l, rhs: r, error: Math.abs(xn - cn),
    message: `the objective's ${arg.op === 'argmin' ? 'minimum' : 'maximum'} is at ${v} ≈ ${fmt(xn)}, not ${fmt(cn)} (objective ${fmt(sign * A.toNumber(best.fx))} there vs ${fmt(sign * A.toNumber(fc0))})`,
  };
}

/**
 * A 1-D minimiser around `c`: probe c ± 10^k·scale (k = −3…3) to bracket the lowest
 * point, then golden-section search inside the bracket. Null when the lowest probe is
 * the outermost one (no minimum within reach) or f is undefined at c.
 */
function minimize<T>(A: Arith<T>, f: (x: T) => T, c: T): { x: T; fx: T } | null {
  const scale = Math.max(1, Math.abs(A.toNumber(c)));
  const xs: T[] = [c];
  for (let k = -3; k <= 3; k++) for (const s of [-1, 1]) xs.push(A.add(c, A.of(s * scale * 10 ** k)));
  xs.sort((a, b) => A.compare(a, b));
  const fs = xs.map(f);
  if (!A.isFinite(f(c))) return null;
  let i = 0;
  fs.forEach((y, k) => { if (A.compare(y, fs[i] as T) < 0) i = k; });
  if (i === 0 || i === xs.length - 1) return null;
  let lo = xs[i - 1] as T; let hi = xs[i + 1] as T;
  const r = A.of((Math.sqrt(5) - 1) / 2);
  let x1 = A.sub(hi, A.mul(r, A.sub(hi, lo))); let x2 = A.add(lo, A.mul(r, A.sub(hi, lo)));
  let f1 = f(x1); let f2 = f(x2);
  const iterations = Math.ceil(A.digits * 2.5);
  for (let k = 0; k < iterations; k++) {
    if (A.compare(f1, f2) <= 0) { hi = x2; x2 = x1; f2 = f1; x1 = A.sub(hi, A.mul(r, A.sub(hi, lo))); f1 = f(x1); }
    else { lo = x1; x1 = x2; f1 = f2; x2 = A.add(lo, A.mul(r, A.sub(hi, lo))); f2 = f(x2); }
  }
  const x = A.compare(f1, f2) <= 0 ? x1 : x2;
  const mid = fs[i] as T;
  const fx = f(x);
  return A.compare(fx, mid) <= 0 ? { x, fx } : { x: xs[i] as T, fx: mid };
}
