/**
 * The meaning of an expression in one instance of a linear-Gaussian model.
 *
 * Two readings: `value` gives a number or a vector/matrix at the instance's points (densities of
 * the forward process q and of the reverse model p evaluated there, expectations over the model's
 * laws by Monte Carlo with common draws, divergences between Gaussians in closed form,
 * `\mathrm{Cov}[…]` exactly); `affine` reads a random vector as an affine function of independent
 * standard normal noises given x_0, so that two sides' laws compare exactly.
 *
 * Owns: per-node semantics inside the model, the forward joint (from the generative equation)
 * and the reverse model's joint (from its transition densities, when they are linear-Gaussian).
 * Within an instance, a subexpression that reads no point is computed once per scope of names and
 * replayed after, charged the work its computation counted (budgets end where they would without).
 * Must not: decide verdicts, or evaluate what the model does not define — that throws
 * `Unavailable` with the missing piece named (`NeedsLinear` when only a linear learned map would do).
 */
import { DOUBLE } from '../arith.js';
import * as tensor from '../tensor.js';
import { isTensor, type Tensor, type Value } from '../tensor.js';
import { Unsupported } from '../world.js';
import { keyOf } from '../analysis.js';
import { SequenceMap } from '../reuse.js';
import { children, definedName, isImplicitStart, type Bind, type Definition, type Expr, type Prob, type Sym } from '../../expr/model.js';
import { covarianceOperand } from '../../notation/families/variance.js';
import { toLatex } from '../../notation/print.js';
import { affineImage, draw, JointGaussian, klGaussian, logDensity, Unavailable, type Gaussian } from './joint.js';
import { addMat, addVec, choleskySemidefinite, eye, matMul, maxAbs, scaled, subVec, transposeMat, zeros, type Mat } from './linalg.js';
import { noiseFamily, type ModelSpec } from './spec.js';
import { gaussianAt, learnedMap, mapCoefficients, normalStream, subSeed, type MapCoefficients, type ModelWorld } from './world.js';

export { Unavailable } from './joint.js';

/** Only a linear learned map makes this computable (the reverse model's marginals). */
export class NeedsLinear extends Unavailable {}

/** Names bound to values (t, T, d, θ, sum indices) and the points x_k. */
export interface Scope {
  readonly names: ReadonlyMap<string, Value<number>>;
  readonly points: ReadonlyMap<number, readonly number[]>;
}

/** A random vector as mean + Σ_k C_k ξ_k over independent standard normal noises ξ_k (keys). */
export interface Affine { readonly mean: readonly number[]; readonly coef: ReadonlyMap<string, Mat> }

/** A value computed once, the node visits it took, and how much deeper than its node they went. */
interface Replay { readonly value: Value<number>; readonly work: number; readonly depth: number }

/** Node visits charged by every instance of one step, against the step's allowance. */
export interface StepWork { spent: number; readonly limit: number }

/** Draws of one law per Monte Carlo batch, node visits allowed per instance, and the step's
 *  allowance the instance charges too (shared by all of the step's instances). */
export interface EvalLimits { readonly draws: number; readonly work: number; readonly step?: StepWork }

const MAX_DEPTH = 200;
const MAX_RANGE = 200;
const IDENTITY = /^(I|\\mathbf\{I\}|\\mathbb\{I\})$/;
const UNIFORM = /^\\mathcal\{U\}$/;
const A = DOUBLE;

/** A number as a key, told apart from others as their printed forms are (-0 prints as 0). */
const printed = (v: number): number => (v === 0 ? 0 : v);

const vec = (v: readonly number[]): Tensor<number> => ({ rows: v.length, cols: 1, data: [...v] });
/** LaTeX of a node, printed once per node: calls of a learned map note their name at every evaluation. */
const shown = new WeakMap<Expr, string>();
const show = (e: Expr): string => {
  let text = shown.get(e);
  if (text === undefined) {
    try { text = toLatex(e); } catch { text = e.kind; }
    shown.set(e, text);
  }
  return text;
};

/** Evaluation in one instance; `batch` selects the Monte Carlo draws (the same batch, the same draws). */
export class ModelEval {
  /** Set when an expectation was estimated by sampling (otherwise the value is exact). */
  usedMonteCarlo = false;
  /** What the evaluation relied on that a reader should know (shorthands, maps drawn). */
  readonly notes = new Set<string>();
  /** Functions drawn as arbitrary maps that the context does not name: a disagreement may rest on them, so it cannot refute. */
  readonly undeclared = new Set<string>();
  private work = 0;
  private readonly xAffine = new Map<number, Affine>();
  private forwardJoint: JointGaussian | null = null;
  private readonly reverseJoints = new Map<number, JointGaussian>();
  /** Defined numbers already computed in this instance (ᾱ_t at each t). */
  private readonly memo = new SequenceMap<number>();
  private readonly pure = new Map<string, boolean>();
  /** Learned maps' coefficients: map name → step → coefficients. */
  private readonly maps = new Map<string, Map<number, MapCoefficients>>();
  private readonly mapNotes = new WeakMap<Sym, string>();
  /** Cubature directions by covariance and seed (see `directions`). */
  private readonly rotations = new WeakMap<Mat, Map<number, readonly number[][]>>();
  /** c·I by c and n (see `isotropic`). */
  private readonly isotropics = new Map<number, Map<number, Mat>>();
  /** Densities of the reverse model whose definitions go through its marginal (computed from the joint instead). */
  private readonly notByDefinition = new Set<string>();
  /** Values of point-free subexpressions already computed in this instance: node → scope of names (see `namesId`) → replay. */
  private readonly replays = new WeakMap<Expr, Map<number, Replay>>();
  /** Scopes' names by what they hold: one number for all maps of the same names and values. */
  private readonly namesIds = new WeakMap<ReadonlyMap<string, Value<number>>, number>();
  private readonly namesByContent = new SequenceMap<number>();
  private readonly namesByDerivation = new SequenceMap<number>();
  private namesSeen = 0;
  /** The definition a call goes by, per called symbol and number of arguments (null: a learned map). */
  private readonly callDefinitions = new WeakMap<Sym, Map<number, Definition | null>>();
  /** The reverse model's definitions that may give a density, most specific first, per density node. */
  private readonly reverseCandidates = new WeakMap<Prob, readonly Definition[]>();
  /** Which subexpressions mention no point, noise, density, call or binder (see `replayable`). */
  private readonly pointFree = new WeakMap<Expr, boolean>();
  /**
   * Bumped by every change to this instance's state (memo, notes, laws built, maps drawn) and every
   * read of a point: an evaluation during which it stays put reads only names and what is already
   * known, so the same node under the same names takes the same path again, visit for visit.
   */
  private effects = 0;
  /** The deepest visit so far (the depth limit applies to a replayed evaluation as to the first). */
  private deepest = 0;

  constructor(readonly spec: ModelSpec, readonly world: ModelWorld, readonly batch: number, private readonly limits: EvalLimits) {}

  /** The scope an instance starts with: t, T, d, θ at the world's values, and its point x_0, x_1, …, x_T. */
  initialScope(): Scope {
    const w = this.world;
    const names = new Map<string, Value<number>>([[this.spec.process.index, w.t], [this.spec.length, w.T], ['\\theta', w.theta]]);
    if (this.spec.dimension) names.set(this.spec.dimension, w.d);
    const joint = this.forward();
    const z = Array.from({ length: w.T * w.d }, (_, i) => gaussianAt(subSeed(w.seed, 'point'), String(i)));
    const sample = draw(joint.conditional(joint.names, [], []), z);
    const points = new Map<number, readonly number[]>([[0, w.x0]]);
    for (let k = 1; k <= w.T; k++) points.set(k, sample.slice((k - 1) * w.d, k * w.d));
    return { names, points };
  }

  private tick(depth: number): void {
    if (depth > MAX_DEPTH) throw new Unavailable('expression nested too deeply');
    if (depth > this.deepest) this.deepest = depth;
    this.spend(1);
  }

  /** Charges `units` node visits to the instance and to the step's allowance, instance first. */
  private spend(units: number): void {
    this.work += units;
    if (this.work > this.limits.work) throw new Unavailable('the work budget of one instance is spent');
    const step = this.limits.step;
    if (step === undefined) return;
    step.spent += units;
    if (step.spent > step.limit) throw new Unavailable(`the step's work budget (${step.limit} node visits over all instances) is spent`);
  }

  /** Can `units` node visits be charged without spending either budget? */
  private affords(units: number): boolean {
    const step = this.limits.step;
    return this.work + units <= this.limits.work && (step === undefined || step.spent + units <= step.limit);
  }

  // ------------------------------------------------------------------ values

  value(e: Expr, s: Scope, depth = 0): Value<number> {
    return this.replayable(e) ? this.replayed(e, s, depth) : this.computed(e, s, depth);
  }

  /**
   * A point-free subexpression (the coefficients √ᾱ_{t-1}(1−α_t)/(1−ᾱ_t) of a mean, met at every
   * quadrature point) is computed once per scope of names; later uses charge the work its first
   * computation counted and return its value. A replay that would spend the budget or pass the
   * depth limit computes again instead, so a budget ends at the same visit as without replays.
   */
  private replayed(e: Expr, s: Scope, depth: number): Value<number> {
    let byNames = this.replays.get(e);
    if (byNames === undefined) { byNames = new Map(); this.replays.set(e, byNames); }
    const names = this.namesId(s.names);
    const known = byNames.get(names);
    if (known !== undefined && this.affords(known.work) && depth + known.depth <= MAX_DEPTH) {
      this.spend(known.work);
      if (depth + known.depth > this.deepest) this.deepest = depth + known.depth;
      return known.value;
    }
    const [work, effects, deepest] = [this.work, this.effects, this.deepest];
    this.deepest = depth;
    try {
      const value = this.computed(e, s, depth);
      if (this.effects === effects) byNames.set(names, { value, work: this.work - work, depth: this.deepest - depth });
      return value;
    } finally {
      this.deepest = Math.max(this.deepest, deepest);
    }
  }

  /** A number for what a scope's names hold (names and values; maps of names are not changed once in a scope). */
  private namesId(names: ReadonlyMap<string, Value<number>>): number {
    let id = this.namesIds.get(names);
    if (id === undefined) {
      const content: unknown[] = [];
      for (const [n, v] of names) content.push(n, v);
      id = this.namesByContent.get(content);
      if (id === undefined) { id = this.namesSeen++; this.namesByContent.set(content, id); }
      this.namesIds.set(names, id);
    }
    return id;
  }

  /**
   * Names made from `parent` by setting `bound` (name, value, name, value, … in order) hold what
   * the parent holds and those: their number follows from the parent's without reading the whole
   * map (a call binds its parameters at every quadrature point). Equal maps made otherwise may get
   * another number; that costs a replay, never a wrong one.
   */
  private derivedNamesId(names: ReadonlyMap<string, Value<number>>, parent: ReadonlyMap<string, Value<number>>, bound: readonly unknown[]): void {
    const key = [this.namesId(parent), ...bound];
    let id = this.namesByDerivation.get(key);
    if (id === undefined) { id = this.namesSeen++; this.namesByDerivation.set(key, id); }
    this.namesIds.set(names, id);
  }

  /** Could `e`'s value be replayed: a compound that mentions no point, noise, density, call or binder (what its definitions read is watched as it runs)? */
  private replayable(e: Expr): boolean {
    if (e.kind !== 'add' && e.kind !== 'mul' && e.kind !== 'pow' && e.kind !== 'fn') return false;
    return this.freeOfPoints(e);
  }

  private freeOfPoints(e: Expr): boolean {
    let free = this.pointFree.get(e);
    if (free === undefined) {
      if (e.kind === 'call' || e.kind === 'prob' || e.kind === 'bind') free = false;
      else if (e.kind === 'sym' && (e.name === this.spec.process.name || noiseFamily(e.name, this.spec.noises))) free = false;
      else free = children(e).every((c) => this.freeOfPoints(c));
      this.pointFree.set(e, free);
    }
    return free;
  }

  private computed(e: Expr, s: Scope, depth: number): Value<number> {
    this.tick(depth);
    const d = depth + 1;
    switch (e.kind) {
      case 'num': return e.value;
      case 'sym': return this.symbol(e, s, d);
      case 'add': return e.terms.map((t) => this.value(t, s, d)).reduce((a, b) => tensor.add(A, a, b));
      case 'mul': {
        const covOf = covarianceOperand(e);
        if (covOf) return covariance(this.affine(covOf, s, d));
        // a product of densities far out in the tails underflows; its logarithm does not
        if (e.factors.some(isDensity)) return Math.exp(this.logOf(e, s, d));
        return e.factors.map((f) => this.value(f, s, d)).reduce((a, b) => tensor.mul(A, a, b));
      }
      case 'pow': {
        const base = this.value(e.base, s, d);
        const exp = this.number(e.exp, s, d);
        if (isTensor(base)) {
          if (exp === -1) return tensor.inverse(A, base);
          if (exp === 1) return base;
          throw new Unavailable(`a matrix to the power ${exp}`);
        }
        return Math.pow(base, exp);
      }
      case 'fn': {
        const covOf = covarianceOperand(e);
        return covOf ? covariance(this.affine(covOf, s, d)) : this.builtin(e, s, d);
      }
      case 'call': return this.call(e.fn, e.args, s, d);
      case 'prob': return Math.exp(this.logDensityOf(e, s, d));
      case 'bind': return this.binder(e, s, d);
      default: throw new Unavailable(`${e.kind} has no value in the model`);
    }
  }

  /** log of a positive number, in log space through products, quotients and powers of densities. */
  private logOf(e: Expr, s: Scope, d: number): number {
    if (e.kind === 'prob') return this.logDensityOf(e, s, d);
    if (e.kind === 'mul' && e.factors.some(isDensity)) return e.factors.reduce((acc, f) => acc + this.logOf(f, s, d), 0);
    if (e.kind === 'pow' && isDensity(e.base)) return this.number(e.exp, s, d) * this.logOf(e.base, s, d);
    return Math.log(this.number(e, s, d));
  }

  private number(e: Expr, s: Scope, d: number): number {
    const v = this.value(e, s, d);
    if (isTensor(v)) {
      if (v.rows === 1 && v.cols === 1) return v.data[0]!;
      throw new Unavailable(`${show(e)} is a ${v.rows}×${v.cols} where a number is expected`);
    }
    return v;
  }

  private integer(e: Expr, s: Scope, d: number): number {
    const v = this.number(e, s, d);
    if (!Number.isInteger(v)) throw new Unavailable(`the index ${show(e)} is ${v}, not an integer`);
    return v;
  }

  private vector(e: Expr, s: Scope, d: number): number[] {
    const v = this.value(e, s, d);
    if (isTensor(v) && v.cols === 1) return [...v.data];
    if (!isTensor(v) && this.world.d === 1) return [v];
    throw new Unavailable(`${show(e)} is not a vector`);
  }

  private symbol(e: Sym, s: Scope, d: number): Value<number> {
    const w = this.world;
    const spec = this.spec;
    if (e.index.length === 0 && s.names.has(e.name)) return s.names.get(e.name)!;
    if (e.name === spec.process.name && e.index.length === 1) {
      const k = this.integer(e.index[0]!, s, d);
      this.effects++;
      const p = s.points.get(k);
      if (!p) throw new Unavailable(`${show(e)}: index ${k} is outside 0..${w.T}`);
      return vec(p);
    }
    if (noiseFamily(e.name, spec.noises)) throw new Unavailable(`${show(e)} is a random noise: only laws compare here`);
    const schedule = w.schedule.get(e.name);
    if (schedule && e.index.length === 1) {
      const k = this.integer(e.index[0]!, s, d);
      if (k < 1 || k > w.T) throw new Unavailable(`${show(e)}: the schedule is defined at 1..${w.T}, not at ${k}`);
      return schedule[k - 1]!;
    }
    if (e.index.length === 0 && IDENTITY.test(e.name)) return tensor.identity(A, w.d);
    if (e.index.length === 0 && w.positives.has(e.name)) return w.positives.get(e.name)!;
    const defined = this.definedSymbol(e, s, d);
    if (defined !== undefined) return defined;
    throw new Unavailable(`${show(e)} has no meaning in the model`);
  }

  /** A symbol by its definition: `\alpha_t := …` (binding t), `\sigma_q^2 := …` (σ_q its root), or a function written bare (μ_θ for μ_θ(x_t, t)). */
  private definedSymbol(e: Sym, s: Scope, d: number): Value<number> | undefined {
    const memo = this.scalarDefinition(e.name) ? this.memoKey(e, s, d) : null;
    const known = memo === null ? undefined : this.memo.get(memo);
    if (known !== undefined) return known;
    const v = this.bySymbolDefinition(e, s, d);
    if (memo !== null && typeof v === 'number') { this.memo.set(memo, v); this.effects++; }
    return v;
  }

  /**
   * A memo key for a defined number: its name, its indices' values and the scope's numbers (points
   * play no part). Numbers are keyed as they print (-0 as 0): a value kept saves the work of
   * computing it again, so which uses share one decides when a budget is spent.
   */
  private memoKey(e: Sym, s: Scope, d: number): unknown[] | null {
    // a label (the q of σ_q) stays as written; an index (the t-1 of ᾱ_{t-1}) by its value
    // (plain loops, no strings built: defined numbers are read at every use in every instance)
    const parts: unknown[] = [e.name, e.index.length];
    for (const i of e.index) parts.push(i.kind === 'sym' && i.index.length === 0 && !s.names.has(i.name) ? keyOf(i) : printed(this.number(i, s, d)));
    for (const [n, v] of s.names) { if (typeof v !== 'number') return null; parts.push(n, printed(v)); }
    return parts;
  }

  /** Is every definition of `name` free of the model's points and of function calls, all the way down (ᾱ_t, σ_q², not μ_θ)? */
  private scalarDefinition(name: string, seen: Set<string> = new Set()): boolean {
    const known = this.pure.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return false;
    seen.add(name);
    const defs = this.spec.definitions.filter((x) => definedName(x.lhs.kind === 'pow' ? x.lhs.base : x.lhs) === name);
    const clean = (x: Expr): boolean => {
      if (x.kind === 'call' || x.kind === 'prob' || x.kind === 'bind' && x.op === 'E') return false;
      if (x.kind === 'sym' && (x.name === this.spec.process.name || noiseFamily(x.name, this.spec.noises))) return false;
      if (x.kind === 'sym' && x.name !== name && this.spec.definitions.some((y) => definedName(y.lhs.kind === 'pow' ? y.lhs.base : y.lhs) === x.name) && !this.scalarDefinition(x.name, seen)) return false;
      return children(x).every(clean);
    };
    const result = defs.length > 0 && defs.every((x) => x.lhs.kind !== 'call' && clean(x.rhs));
    this.pure.set(name, result);
    this.effects++;
    return result;
  }

  private bySymbolDefinition(e: Sym, s: Scope, d: number): Value<number> | undefined {
    for (const def of this.spec.definitions) {
      const lhs = def.lhs;
      if (lhs.kind === 'sym' && lhs.name === e.name) {
        const bound = this.unifyIndices(lhs.index, e.index, s, d);
        if (bound) return this.value(def.rhs, bound, d);
      }
      if (lhs.kind === 'pow' && lhs.base.kind === 'sym' && lhs.base.name === e.name && lhs.exp.kind === 'num') {
        const bound = this.unifyIndices(lhs.base.index, e.index, s, d);
        if (bound) {
          const v = this.number(def.rhs, bound, d);
          return Math.pow(v, 1 / lhs.exp.value);
        }
      }
      if (lhs.kind === 'call' && keyOf(lhs.fn) === keyOf(e)) {
        this.notes.add(`${show(e)} read as ${show(lhs)}`);
        this.effects++;
        return this.call(lhs.fn, lhs.args, s, d);
      }
    }
    return undefined;
  }

  /** Binds a definition's index variables to a use's values; null when they do not match. */
  private unifyIndices(pattern: readonly Expr[], used: readonly Expr[], s: Scope, d: number): Scope | null {
    if (pattern.length !== used.length) return null;
    const names = new Map(s.names);
    for (let i = 0; i < pattern.length; i++) {
      const [p, u] = [pattern[i]!, used[i]!];
      // the same index as written (σ_q and σ_q, α_t and α_t) binds nothing
      if (keyOf(p) === keyOf(u)) continue;
      if (p.kind === 'sym' && p.index.length === 0 && this.bindable(p.name)) {
        names.set(p.name, this.value(u, s, d));
        continue;
      }
      return null;
    }
    return { names, points: s.points };
  }

  /** Index variables a definition binds: anything but the model's sizes. */
  private bindable(name: string): boolean {
    return name !== this.spec.length && name !== this.spec.dimension;
  }

  private definitionOfCall(fn: Sym, arity: number): Definition | null {
    let byArity = this.callDefinitions.get(fn);
    if (byArity === undefined) { byArity = new Map(); this.callDefinitions.set(fn, byArity); }
    let def = byArity.get(arity);
    if (def === undefined) {
      def = this.spec.definitions.find((x) => x.lhs.kind === 'call' && keyOf(x.lhs.fn) === keyOf(fn) && x.lhs.args.length === arity) ?? null;
      byArity.set(arity, def);
    }
    return def;
  }

  private call(fn: Sym, args: readonly Expr[], s: Scope, d: number): Value<number> {
    const def = this.definitionOfCall(fn, args.length);
    if (def && def.lhs.kind === 'call') return this.value(def.rhs, this.bindParameters(def.lhs.args, args, s, d), d);
    // a function the context leaves undefined, applied to a point of the model: a learned map
    if (args.length >= 1) {
      const x = this.vector(args[0]!, s, d);
      const k = args.length >= 2 ? this.integer(args[1]!, s, d) : 0;
      const theta = s.names.get('\\theta');
      this.effects++;
      const name = keyOf(fn);
      this.notes.add(this.mapNote(fn));
      if (!this.spec.learned.has(name)) this.undeclared.add(show(fn));
      let atSteps = this.maps.get(name);
      if (atSteps === undefined) { atSteps = new Map(); this.maps.set(name, atSteps); }
      let coefficients = atSteps.get(k);
      if (coefficients === undefined) { coefficients = mapCoefficients(this.world, name, k); atSteps.set(k, coefficients); }
      return vec(learnedMap(this.world, coefficients, typeof theta === 'number' ? theta : 0, x));
    }
    throw new Unavailable(`${show(fn)} has no definition`);
  }

  /** The note a learned map leaves, written once per map (it is noted at every call). */
  private mapNote(fn: Sym): string {
    let text = this.mapNotes.get(fn);
    if (text === undefined) {
      text = `${show(fn)} is drawn as a random smooth map${this.world.linear ? ' (affine, so that the reverse model is linear-Gaussian)' : ''}`;
      this.mapNotes.set(fn, text);
    }
    return text;
  }

  /** Parameters of `f(x_t, t) := …` bound to a call's arguments: plain symbols by value, x_t by its index (or its value when the argument is another vector). */
  private bindParameters(params: readonly Expr[], args: readonly Expr[], s: Scope, d: number): Scope {
    const names = new Map(s.names);
    const points = new Map(s.points);
    const proc = this.spec.process.name;
    /** What the names gain over the caller's, in order (see `derivedNamesId`). */
    const bound: unknown[] = [];
    params.forEach((p, i) => {
      if (p.kind === 'sym' && p.index.length === 0) {
        const v = this.value(args[i]!, s, d);
        names.set(p.name, v);
        bound.push(p.name, v);
      }
    });
    params.forEach((p, i) => {
      if (p.kind === 'sym' && p.name === proc && p.index.length === 1) {
        const a = args[i]!;
        const pat = p.index[0]!;
        const value = this.vector(a, s, d);
        if (pat.kind === 'sym' && this.bindable(pat.name) && !params.some((q) => q.kind === 'sym' && q.index.length === 0 && q.name === pat.name)) {
          const k = a.kind === 'sym' && a.name === proc && a.index.length === 1 ? this.integer(a.index[0]!, s, d) : null;
          if (k === null) throw new Unavailable(`the argument ${show(a)} of a definition in ${show(p)} fixes no index`);
          names.set(pat.name, k);
          bound.push(pat.name, k);
          points.set(k, value);
        } else {
          // (a copy of the names: the map itself is still being filled, and a scope's names are not changed once in use)
          points.set(this.integer(pat, { names: new Map(names), points }, d), value);
        }
      } else if (!(p.kind === 'sym' && p.index.length === 0)) {
        throw new Unavailable(`a definition's parameter ${show(p)} is not a name`);
      }
    });
    this.derivedNamesId(names, s.names, bound);
    return { names, points };
  }

  private builtin(e: Extract<Expr, { kind: 'fn' }>, s: Scope, d: number): Value<number> {
    const arg = (i: number) => this.value(e.args[i]!, s, d);
    switch (e.name) {
      case 'log': return this.logOf(e.args[0]!, s, d);
      case 'exp': return Math.exp(this.number(e.args[0]!, s, d));
      case 'abs': { const v = arg(0); return isTensor(v) ? tensor.det(A, v) : Math.abs(v); }
      case 'det': { const v = arg(0); return isTensor(v) ? tensor.det(A, v) : v; }
      case 'norm': { const v = arg(0); return isTensor(v) ? tensor.norm(A, v) : Math.abs(v); }
      case 'tr': { const v = arg(0); return isTensor(v) ? tensor.trace(A, v) : v; }
      case 'transpose': return tensor.transpose(arg(0));
      case 'normal': {
        if (e.args.length !== 3) throw new Unavailable('a law \\mathcal N(μ, Σ) has no value; a density \\mathcal N(x; μ, Σ) does');
        return Math.exp(logDensity(this.normalLaw(e.args[1]!, e.args[2]!, s, d), this.vector(e.args[0]!, s, d)));
      }
      case 'KL': return this.divergence(e.args[0]!, e.args[1]!, s, d);
      default: throw new Unavailable(`${e.name} is not evaluated in the model`);
    }
  }

  private normalLaw(mean: Expr, cov: Expr, s: Scope, d: number): Gaussian {
    const written = this.value(mean, s, d);
    // \mathbf 0 as a mean is the zero vector
    const m = written === 0 ? zeros(this.world.d) : this.vector(mean, s, d);
    const c = this.value(cov, s, d);
    return { mean: m, cov: isTensor(c) ? rows(c) : this.isotropic(c, m.length) };
  }

  /**
   * c·I in n dimensions, one matrix per value in this instance (σ_q² I at every quadrature point):
   * laws sharing it share its Cholesky factor. Zero is built afresh (-0 and 0 are one Map key).
   */
  private isotropic(c: number, n: number): Mat {
    if (c === 0) return scaled(eye(n), c);
    let bySize = this.isotropics.get(c);
    if (bySize === undefined) { bySize = new Map(); this.isotropics.set(c, bySize); }
    let m = bySize.get(n);
    if (m === undefined) { m = scaled(eye(n), c); bySize.set(n, m); }
    return m;
  }

  /** D_KL between two Gaussian laws of the same variables, in closed form. */
  private divergence(a: Expr, b: Expr, s: Scope, d: number): number {
    const law = (x: Expr): { of: string; g: Gaussian } => {
      if (x.kind === 'fn' && x.name === 'normal' && x.args.length === 3) return { of: keyOf(x.args[0]!), g: this.normalLaw(x.args[1]!, x.args[2]!, s, d) };
      if (x.kind === 'prob') return { of: x.args.map((arg) => keyOf(arg)).join(','), g: this.lawOf(x, s, d) };
      throw new Unavailable(`a divergence of ${show(x)}, which is not a Gaussian law of the model`);
    };
    const [p, q] = [law(a), law(b)];
    if (p.of !== q.of) throw new Unavailable('a divergence between laws of different variables');
    return klGaussian(p.g, q.g);
  }

  /** A range's first index; an unwritten one (∏_{s≤t} α_s) is the schedule's, 1, when the body is
   *  made of schedule quantities only: the process and its noises start elsewhere (x_0). */
  private start(e: Bind, from: Expr, s: Scope, d: number): number {
    if (!isImplicitStart(from)) return this.integer(from, s, d);
    if (!this.onSchedule(e.body)) throw new Unavailable(`${show(e)}: where the ${e.op} starts is not written, and its body is not made of the schedule's quantities`);
    return 1;
  }

  /** Does `e` read, all the way through definitions, schedule quantities and numbers only? */
  private onSchedule(e: Expr): boolean {
    if (e.kind === 'sym') return this.world.schedule.has(e.name) || this.scalarDefinition(e.name);   // its indices are any
    if (e.kind === 'call' || e.kind === 'prob' || e.kind === 'bind') return false;
    return children(e).every((c) => this.onSchedule(c));
  }

  private binder(e: Bind, s: Scope, d: number): Value<number> {
    if (e.op === 'sum' || e.op === 'prod') {
      if (e.domain.kind !== 'range' || e.vars.length !== 1) throw new Unavailable(`a ${e.op} over ${e.domain.kind}`);
      const [lo, hi] = [this.start(e, e.domain.from, s, d), this.integer(e.domain.to, s, d)];
      if (hi - lo > MAX_RANGE) throw new Unavailable(`a ${e.op} of ${hi - lo + 1} terms`);
      let acc: Value<number> = e.op === 'sum' ? 0 : 1;
      for (let k = lo; k <= hi; k++) {
        const v = this.value(e.body, withName(s, e.vars[0]!, k), d);
        acc = e.op === 'sum' ? tensor.add(A, acc, v) : tensor.mul(A, acc, v);
      }
      return acc;
    }
    if (e.op === 'E' && e.domain.kind === 'dist') {
      const law = e.domain.dist;
      if (law.kind === 'prob') return this.expectation(law, e.body, s, d);
      const range = uniformRange(law);
      if (range && e.vars.length === 1) {
        const [lo, hi] = [this.integer(range.from, s, d), this.integer(range.to, s, d)];
        if (hi < lo || hi - lo > MAX_RANGE) throw new Unavailable(`a uniform law on ${lo}..${hi}`);
        let acc: Value<number> = 0;
        for (let k = lo; k <= hi; k++) acc = tensor.add(A, acc, this.value(e.body, withName(s, e.vars[0]!, k), d));
        return tensor.mul(A, 1 / (hi - lo + 1), acc);
      }
      throw new Unavailable(`an expectation over ${show(law)}, which is not a law of the model`);
    }
    if (e.op === 'int') throw new Unavailable('an integral is evaluated only as the model\'s marginal density');
    throw new Unavailable(`${e.op} is not evaluated inside the model`);
  }

  /**
   * E over a law of the model: exact when the body is a polynomial of degree at most 3 in the drawn
   * variables (quadratic forms, log-densities of Gaussians), else the mean over this batch's draws
   * (the same draws for the same law on both sides).
   */
  private expectation(law: Prob, body: Expr, s: Scope, d: number): Value<number> {
    const { g, indices } = this.lawWithIndices(law, s, d);
    const at = (x: readonly number[]): Value<number> => {
      const points = new Map(s.points);
      indices.forEach((k, i) => points.set(k, x.slice(i * this.world.d, (i + 1) * this.world.d)));
      return this.value(body, { names: s.names, points }, d);
    };
    const lawKey = `${law.dist.name}|${indices.join(',')}|${this.givenIndices(law, s, d).join(',')}`;
    const exact = cubature(g, at, this.directions(g.cov, subSeed(this.world.seed, `rotation|${lawKey}`)));
    if (exact !== null) return exact;
    this.usedMonteCarlo = true;
    this.effects++;
    const seed = subSeed(this.world.seed, `batch:${this.batch}|${lawKey}`);
    const n = this.limits.draws;
    const normal = normalStream(seed);
    let acc: Value<number> = 0;
    for (let j = 0; j < n; j++) {
      acc = tensor.add(A, acc, at(draw(g, Array.from({ length: g.mean.length }, normal))));
    }
    return tensor.mul(A, 1 / n, acc);
  }

  /** The cubature's directions for a covariance and a rotation seed, found once per instance (the same law is met at every θ and every batch point). */
  private directions(cov: Mat, seed: number): readonly number[][] {
    let bySeed = this.rotations.get(cov);
    if (bySeed === undefined) { bySeed = new Map(); this.rotations.set(cov, bySeed); }
    let directions = bySeed.get(seed);
    if (directions === undefined) { directions = rotatedColumns(choleskySemidefinite(cov), seed); bySeed.set(seed, directions); }
    return directions;
  }

  // ------------------------------------------------------------------ densities and laws

  /** The indices a density's arguments name: x_k → [k], x_{a:b} → [a..b]. */
  private indicesOf(args: readonly Expr[], s: Scope, d: number): number[] {
    // (plain loops: this runs for every density at every quadrature point)
    const proc = this.spec.process.name;
    const indices: number[] = [];
    for (const a of args) {
      if (a.kind !== 'sym' || a.name !== proc || a.index.length !== 1) throw new Unavailable(`${show(a)} is not a variable of the model`);
      const i = a.index[0]!;
      if (i.kind === 'set' && i.range) {
        const [lo, hi] = [this.integer(i.range.from, s, d), this.integer(i.range.to, s, d)];
        for (let k = lo; k <= hi; k++) indices.push(k);
      } else indices.push(this.integer(i, s, d));
    }
    return indices;
  }

  private givenIndices(p: Prob, s: Scope, d: number): number[] { return this.indicesOf(p.given, s, d); }

  private pointsAt(indices: readonly number[], s: Scope): number[] {
    this.effects++;
    const flat: number[] = [];
    for (const k of indices) {
      const p = s.points.get(k);
      if (!p) throw new Unavailable(`no point x_${k} (the chain has indices 0..${this.world.T})`);
      for (const v of p) flat.push(v);
    }
    return flat;
  }

  private logDensityOf(p: Prob, s: Scope, d: number): number {
    const letter = p.dist.name;
    // with a linear learned map the reverse model's joint (built from the same definitions) gives every density at once
    if (letter === this.spec.reverse && !this.world.linear) {
      const byDefinition = this.reverseByDefinition(p, s, d);
      if (byDefinition !== null) return byDefinition;
    }
    const { g, indices } = this.lawWithIndices(p, s, d);
    return logDensity(g, this.pointsAt(indices, s));
  }

  /** The law of a density's arguments given its conditions (at the scope's points). */
  private lawOf(p: Prob, s: Scope, d: number): Gaussian { return this.lawWithIndices(p, s, d).g; }

  private lawWithIndices(p: Prob, s: Scope, d: number): { g: Gaussian; indices: number[] } {
    const indices = this.indicesOf(p.args, s, d);
    const given = this.indicesOf(p.given, s, d);
    if (indices.length === 0) throw new Unavailable(`${show(p)} names no variable`);
    if (indices.some((k, i) => given.includes(k) || indices.indexOf(k) !== i)) throw new Unavailable(`${show(p)} names a variable twice`);
    const names = (ks: readonly number[]) => ks.map(String);
    const letter = p.dist.name;
    if (letter === this.spec.forward) {
      if (indices.includes(0)) throw new Unavailable(`${show(p)} involves the data distribution q(x_0), which the context leaves unknown`);
      const rest = given.filter((k) => k !== 0);
      // without x_0 among the conditions, the law does not depend on q(x_0) only when an earlier point screens x_0 off (Markov)
      if (!given.includes(0) && !(rest.length > 0 && Math.min(...rest) <= Math.min(...indices))) {
        throw new Unavailable(`${show(p)} depends on the data distribution q(x_0), which the context leaves unknown`);
      }
      const joint = this.forward();
      return { g: joint.conditional(names(indices), names(rest), rest.map((k) => this.pointsAt([k], s))), indices };
    }
    if (letter === this.spec.reverse) {
      const byDefinition = this.world.linear ? null : this.reverseTransitionLaw(p, s, d);
      if (byDefinition) return { g: byDefinition, indices };
      const joint = this.reverse(s, d);
      return { g: joint.conditional(names(indices), names(given), given.map((k) => this.pointsAt([k], s))), indices };
    }
    throw new Unavailable(`${letter} is not a density of the model`);
  }

  /** The reverse model's density by the context's definition of it (prior, transition, joint), or null when no definition applies. */
  private reverseByDefinition(p: Prob, s: Scope, d: number): number | null {
    const id = `${this.indicesOf(p.args, s, d).join(',')}|${this.indicesOf(p.given, s, d).join(',')}`;
    if (this.notByDefinition.has(id)) return null;
    const def = this.reverseDefinition(p, s, d);
    if (!def) return null;
    try {
      const v = this.value(def.definition.rhs, def.scope, d);
      return Math.log(typeof v === 'number' ? v : NaN);
    } catch (e) {
      // a definition through the marginal (∫ …, or a ratio with p(x_0)) is computed from the joint instead
      if (e instanceof Unavailable && !(e instanceof NeedsLinear)) { this.notByDefinition.add(id); this.effects++; return null; }
      throw e;
    }
  }

  private reverseTransitionLaw(p: Prob, s: Scope, d: number): Gaussian | null {
    const def = this.reverseDefinition(p, s, d);
    const rhs = def?.definition.rhs;
    if (!def || rhs?.kind !== 'fn' || rhs.name !== 'normal' || rhs.args.length !== 3) return null;
    return this.normalLaw(rhs.args[1]!, rhs.args[2]!, def.scope, d);
  }

  /** The most specific definition of the reverse model's density with these arguments (p(x_0|x_1) before p(x_{t-1}|x_t)). */
  private reverseDefinition(p: Prob, s: Scope, d: number): { definition: Definition; scope: Scope } | null {
    const want = [...this.indicesOf(p.args, s, d), -1, ...this.indicesOf(p.given, s, d)];
    for (const x of this.reverseCandidatesOf(p)) {
      const lhs = x.lhs as Prob;
      const scope = this.matchIndices([...lhs.args, null, ...lhs.given], want, s, d);
      if (scope) return { definition: x, scope };
    }
    return null;
  }

  /** Definitions of densities with p's letter and shape, those with more fixed indices (x_0, x_1) first. */
  private reverseCandidatesOf(p: Prob): readonly Definition[] {
    let candidates = this.reverseCandidates.get(p);
    if (candidates === undefined) {
      candidates = this.spec.definitions
        .filter((x) => x.lhs.kind === 'prob' && x.lhs.dist.name === p.dist.name && x.lhs.args.length === p.args.length && x.lhs.given.length === p.given.length)
        .map((x) => ({ x, fixed: [...(x.lhs as Prob).args, ...(x.lhs as Prob).given].filter((a) => a.kind === 'sym' && a.index[0]?.kind === 'num').length }))
        .sort((a, b) => b.fixed - a.fixed)
        .map(({ x }) => x);
      this.reverseCandidates.set(p, candidates);
    }
    return candidates;
  }

  /** Binds a density definition's index patterns (x_{t-1}, x_t, x_T, x_{0:T}) to concrete indices; null when they do not fit. */
  private matchIndices(patterns: readonly (Expr | null)[], want: readonly number[], s: Scope, d: number): Scope | null {
    const names = new Map(s.names);
    const flat: { pat: Expr; k: number }[] = [];
    let w = 0;
    for (const p of patterns) {
      if (p === null) { if (want[w] !== -1) return null; w++; continue; }
      if (p.kind !== 'sym' || p.name !== this.spec.process.name || p.index.length !== 1) return null;
      const i = p.index[0]!;
      if (i.kind === 'set' && i.range) {
        const [lo, hi] = [this.integer(i.range.from, s, d), this.integer(i.range.to, s, d)];
        for (let k = lo; k <= hi; k++) if (want[w++] !== k) return null;
        continue;
      }
      flat.push({ pat: i, k: want[w++]! });
    }
    if (w !== want.length) return null;
    for (const { pat, k } of flat) if (pat.kind === 'sym' && pat.index.length === 0 && this.bindable(pat.name)) names.set(pat.name, k);
    const scope = { names, points: s.points };
    for (const { pat, k } of flat) if (this.integer(pat, scope, d) !== k) return null;
    return scope;
  }

  // ------------------------------------------------------------------ laws of random vectors

  /** A random vector as an affine function of the noises given x_0 (x_k expanded by the generative equation).
   *  `written`: `e` is (part of) what the step writes, where the file's own definitions of points hold. */
  affine(e: Expr, s: Scope, depth = 0, written = true): Affine {
    this.tick(depth);
    const d = depth + 1;
    const dim = this.world.d;
    switch (e.kind) {
      case 'sym': {
        if (e.name === this.spec.process.name && e.index.length === 1) {
          const k = this.integer(e.index[0]!, s, d);
          if (k === 0) return constant(this.world.x0);
          // the point as the file defined it, where written as the definition writes it (its x_t is not also x_{t-1})
          const own = written && this.spec.redefinitions.find((def) => def.lhs.kind === 'sym' && keyOf(def.lhs.index[0]!) === keyOf(e.index[0]!));
          return own ? this.affine(own.rhs, s, d) : this.xAsAffine(k, d);
        }
        const family = noiseFamily(e.name, this.spec.noises);
        if (family) {
          // a noise the generative equation writes bare is the transition's: in a step, that of its t
          const ix = e.index.length === 0 && this.spec.bareNoises.has(e.name) ? [this.world.t] : e.index.map((i) => this.integer(i, s, d));
          return { mean: zeros(dim), coef: new Map([[`${e.name}@${ix.join(',')}`, eye(dim)]]) };
        }
        return constant(this.vector(e, s, d));
      }
      case 'add': return e.terms.map((t) => this.affine(t, s, d, written)).reduce(sumAffine);
      case 'mul': {
        const random = e.factors.filter((f) => this.mentionsRandom(f));
        if (random.length === 0) return constant(this.vector(e, s, d));
        if (random.length > 1) throw new Unavailable('a product of random vectors is not Gaussian');
        const at = e.factors.indexOf(random[0]!);
        const before = e.factors.slice(0, at).map((f) => this.value(f, s, d)).reduce<Value<number>>((a, b) => tensor.mul(A, a, b), 1);
        const after = e.factors.slice(at + 1).map((f) => this.value(f, s, d)).reduce<Value<number>>((a, b) => tensor.mul(A, a, b), 1);
        if (isTensor(after)) throw new Unavailable('a random vector multiplied by a matrix on its right');
        return scaleAffine(this.affine(random[0]!, s, d, written), before, after);
      }
      default:
        if (this.mentionsRandom(e)) throw new Unavailable(`${show(e)} is not affine in the noises`);
        return constant(this.vector(e, s, d));
    }
  }

  /** Does `e` mention a noise, or a point x_k (k ≥ 1) outside a density or an expectation? */
  mentionsRandom(e: Expr): boolean {
    if (e.kind === 'sym') return noiseFamily(e.name, this.spec.noises) !== null || (e.name === this.spec.process.name && !(e.index.length === 1 && e.index[0]!.kind === 'num' && e.index[0]!.value === 0));
    if (e.kind === 'prob' || e.kind === 'bind') return false;
    if (e.kind === 'fn' && e.name === 'KL') return false;
    if (covarianceOperand(e)) return false;
    if (e.kind === 'call') return e.args.some((a) => this.mentionsRandom(a));
    if (e.kind === 'add') return e.terms.some((t) => this.mentionsRandom(t));
    if (e.kind === 'mul') return e.factors.some((t) => this.mentionsRandom(t));
    if (e.kind === 'pow') return this.mentionsRandom(e.base) || this.mentionsRandom(e.exp);
    if (e.kind === 'fn') return e.args.some((a) => this.mentionsRandom(a));
    return false;
  }

  private xAsAffine(k: number, d: number): Affine {
    const known = this.xAffine.get(k);
    if (known) return known;
    if (k < 0 || k > this.world.T) throw new Unavailable(`x_${k} is outside the chain 0..${this.world.T}`);
    const names = new Map<string, Value<number>>([[this.spec.process.index, k], [this.spec.length, this.world.T]]);
    if (this.spec.dimension) names.set(this.spec.dimension, this.world.d);
    const a = this.affine(this.spec.process.rhs, { names, points: new Map() }, d, false);
    this.xAffine.set(k, a);
    this.effects++;
    return a;
  }

  /** The forward process's joint law of x_1, …, x_T given x_0. */
  forward(): JointGaussian {
    if (this.forwardJoint) return this.forwardJoint;
    const T = this.world.T;
    const parts = Array.from({ length: T }, (_, k) => this.xAsAffine(k + 1, 0));
    this.forwardJoint = jointOf(parts, this.world.d);
    this.effects++;
    return this.forwardJoint;
  }

  /**
   * The reverse model's joint law of x_0, …, x_T: x_T from its prior, each x_{k-1} from its
   * transition, whose mean must be affine in x_k (the learned map linear) for the joint to be Gaussian.
   */
  reverse(s: Scope, d: number): JointGaussian {
    if (!this.world.linear) throw new NeedsLinear('the reverse model\'s marginals are Gaussian only for a linear learned map');
    const theta = s.names.get('\\theta');
    const thetaKey = typeof theta === 'number' ? theta : 0;
    const known = this.reverseJoints.get(thetaKey);
    if (known) return known;
    const { T, d: dim } = this.world;
    const letter = this.spec.reverse!;
    const at = (k: number): Expr => ({ kind: 'sym', name: this.spec.process.name, index: [{ kind: 'num', value: k }], upper: [] });
    const density = (args: Expr[], given: Expr[]): Prob => ({ kind: 'prob', dist: { kind: 'sym', name: letter, index: [], upper: [] }, args, given, vars: [] });
    const scopeWith = (k: number, x: readonly number[]): Scope => ({ names: s.names, points: new Map([...s.points, [k, x]]) });
    const prior = this.reverseTransitionLaw(density([at(T)], []), s, d);
    if (!prior) throw new Unavailable(`the reverse model has no prior ${letter}(x_T) defined as a Gaussian`);
    const parts: Affine[] = new Array(T + 1);
    parts[T] = fromLaw(prior, `rev@${T}`);
    for (let k = T; k >= 1; k--) {
      const p = density([at(k - 1)], [at(k)]);
      const law = (x: readonly number[]) => {
        const g = this.reverseTransitionLaw(p, scopeWith(k, x), d);
        if (!g) throw new Unavailable(`the reverse model has no transition ${letter}(x_${k - 1}|x_${k}) defined as a Gaussian`);
        return g;
      };
      const base = law(zeros(dim));
      const M = transposeMat(Array.from({ length: dim }, (_, j) => subVec(law(eye(dim)[j]!).mean, base.mean)));
      const probe = Array.from({ length: dim }, (_, i) => gaussianAt(subSeed(this.world.seed, 'probe'), `${k}:${i}`));
      const probed = law(probe);
      const predicted = affineImage({ mean: probe, cov: zeros(dim).map(() => zeros(dim)) }, M, base.mean).mean;
      const scale = 1 + maxAbs(probed.mean);
      if (maxAbs(subVec(probed.mean, predicted)) > 1e-9 * scale || maxAbs(probed.cov.flat().map((v, i) => v - base.cov.flat()[i]!)) > 1e-9 * scale) {
        throw new NeedsLinear(`the transition ${letter}(x_${k - 1}|x_${k}) is not linear-Gaussian in x_${k}`);
      }
      const noise = fromLaw({ mean: base.mean, cov: base.cov }, `rev@${k - 1}`);
      parts[k - 1] = sumAffine(scaleAffine(parts[k]!, tensorOf(M), 1), noise);
    }
    const joint = jointOf(parts, dim, 0);
    this.reverseJoints.set(thetaKey, joint);
    this.effects++;
    return joint;
  }
}

// ------------------------------------------------------------------ helpers

/** Spreads of the symmetric cubature rules: each is exact for polynomials of degree ≤ 3, and they differ on anything of higher degree. */
const SPREADS = [1.3, 1.9, 2.6];

/**
 * E f(X) for X ~ g by the rules that put weight 1/(2κ²) at μ ± κ·L·r_i (r_i the columns of a random
 * rotation, L the Cholesky factor: the `directions`, see rotatedColumns) and 1 − n/κ² at μ: each is exact for every polynomial of degree
 * at most 3 whatever κ, and a part of degree 4 or more changes with κ (the rotation keeps mixed
 * terms from hiding on the axes). Three spreads that agree give the exact value; else null.
 */
function cubature(g: Gaussian, f: (x: readonly number[]) => Value<number>, directions: readonly (readonly number[])[]): Value<number> | null {
  const n = g.mean.length;
  const centre = f(g.mean);
  const results = SPREADS.map((k) => {
    let acc = tensor.mul(A, 1 - n / (k * k), centre);
    for (const v of directions) {
      for (const sign of [1, -1]) acc = tensor.add(A, acc, tensor.mul(A, 1 / (2 * k * k), f(g.mean.map((m, i) => m + sign * k * v[i]!))));
    }
    return acc;
  });
  const entries = results.map((r) => (isTensor(r) ? r.data : [r]));
  const scale = 1 + maxAbs(entries.flat().map((v) => (Number.isFinite(v) ? v : Infinity)));
  if (!Number.isFinite(scale)) return null;
  const agree = entries.every((e) => e.length === entries[0]!.length && e.every((v, i) => Math.abs(v - entries[0]![i]!) <= 1e-9 * scale));
  return agree ? results[0]! : null;
}

/** L·R for a random rotation R (Gram–Schmidt on a seeded Gaussian matrix): the columns as vectors. */
function rotatedColumns(L: Mat, seed: number): number[][] {
  const n = L.length;
  const normal = normalStream(seed);
  const basis: number[][] = [];
  while (basis.length < n) {
    let v = Array.from({ length: n }, normal);
    for (const b of basis) { const c = v.reduce((acc, x, i) => acc + x * b[i]!, 0); v = v.map((x, i) => x - c * b[i]!); }
    const norm = Math.sqrt(v.reduce((acc, x) => acc + x * x, 0));
    if (norm > 1e-8) basis.push(v.map((x) => x / norm));
  }
  return basis.map((r) => L.map((row) => row.reduce((acc, x, j) => acc + x * r[j]!, 0)));
}

/** A density, or a power or product of densities. */
const isDensity = (e: Expr): boolean => e.kind === 'prob' || (e.kind === 'pow' && isDensity(e.base)) || (e.kind === 'mul' && e.factors.some(isDensity));

const withName = (s: Scope, name: string, v: Value<number>): Scope => ({ names: new Map(s.names).set(name, v), points: s.points });

const rows = (t: Tensor<number>): number[][] => Array.from({ length: t.rows }, (_, i) => t.data.slice(i * t.cols, (i + 1) * t.cols));
const tensorOf = (m: Mat): Tensor<number> => ({ rows: m.length, cols: m[0]?.length ?? 0, data: m.flat() });

const constant = (mean: readonly number[]): Affine => ({ mean, coef: new Map() });

function sumAffine(a: Affine, b: Affine): Affine {
  if (a.mean.length !== b.mean.length) throw new Unsupported('adding vectors of different sizes');
  const coef = new Map(a.coef);
  for (const [k, c] of b.coef) coef.set(k, coef.has(k) ? addMat(coef.get(k)!, c) : c);
  return { mean: addVec(a.mean, b.mean), coef };
}

/** L·a·r for a number or matrix L and a number r. */
function scaleAffine(a: Affine, left: Value<number>, right: number): Affine {
  const apply = (m: Mat): Mat => {
    const l = isTensor(left) ? matMul(rows(left), m) : scaled(m, left);
    return scaled(l, right);
  };
  const mean = apply(a.mean.map((v) => [v])).map((r) => r[0]!);
  return { mean, coef: new Map([...a.coef].map(([k, c]) => [k, apply(c)] as const)) };
}

/** A Gaussian law as mean + chol(cov)·ξ with its own noise key. */
function fromLaw(g: Gaussian, noise: string): Affine {
  const L = choleskySemidefinite(g.cov);
  return { mean: g.mean, coef: new Map([[noise, L]]) };
}

/** Σ C Cᵀ over the noises. */
export function covariance(a: Affine): Tensor<number> {
  const n = a.mean.length;
  let cov: Mat = Array.from({ length: n }, () => zeros(n));
  for (const c of a.coef.values()) cov = addMat(cov, matMul(c, transposeMat(c)));
  return tensorOf(cov);
}

/** The joint law of several affine random vectors (block k named by its index, from `first`). */
function jointOf(parts: readonly Affine[], dim: number, first = 1): JointGaussian {
  const noises = [...new Set(parts.flatMap((p) => [...p.coef.keys()]))];
  const n = parts.length * dim;
  const mean = parts.flatMap((p) => [...p.mean]);
  const cov = Array.from({ length: n }, () => zeros(n));
  // block (j, i) is block (i, j) transposed, bit for bit (the same products summed in the same order)
  for (let i = 0; i < parts.length; i++) for (let j = i; j < parts.length; j++) {
    for (const k of noises) {
      const [ci, cj] = [parts[i]!.coef.get(k), parts[j]!.coef.get(k)];
      if (!ci || !cj) continue;
      const b = matMul(ci, transposeMat(cj));
      for (let r = 0; r < dim; r++) {
        for (let c = 0; c < dim; c++) {
          cov[i * dim + r]![j * dim + c]! += b[r]![c]!;
          if (j !== i) cov[j * dim + c]![i * dim + r]! += b[r]![c]!;
        }
      }
    }
  }
  return new JointGaussian(parts.map((_, k) => String(k + first)), dim, { mean, cov });
}

/** `\mathcal U\{a, …, b\}` or `\mathcal U[a, b]` over integers: its range. */
function uniformRange(law: Expr): { from: Expr; to: Expr } | null {
  if (law.kind === 'mul' && law.factors.length === 2 && law.factors[0]!.kind === 'sym' && UNIFORM.test(law.factors[0]!.name)) {
    const set = law.factors[1]!;
    if (set.kind === 'set' && set.range) return set.range;
  }
  if (law.kind === 'fn' && law.name === 'uniform' && law.args.length >= 2) return { from: law.args[0]!, to: law.args[1]! };
  return null;
}
