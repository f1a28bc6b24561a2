/**
 * The meaning of an expression in one world: a number (in the arithmetic the
 * caller chose), NaN when it is undefined there, or an `Unsupported` error
 * naming a construct this back-end cannot evaluate.
 *
 * Owns: per-node semantics (algebra, sums/products/min/max, finite
 * expectations, probabilities, definitions, random functions); the operators of
 * notation families (KL, entropies, variance) go to their modules with a port.
 * Must not: draw random values itself (WorldView does), decide verdicts
 * (relations.ts), or throw anything but `Unsupported`, `OutOfWork` and the certain
 * arithmetics' `Inexact` / `Undecided` (which the sampling loop handles).
 */
import { ELEMENTARY_FUNCTIONS, elementaryValue } from './elementary.js';
import type { Arith } from './arith.js';
import type { Definition, FreeSymbol } from './analysis.js';
import { binderKeys, boundKey, CONSTANTS, definitionShape, gaussianLawOf, keyOf, labelKey, variableBase, type DefinitionTable } from './analysis.js';
import { children, distDomain, freeNames, isImplicitStart, randomVariable, shiftOf } from '../expr/model.js';
import { substitute } from '../expr/subst.js';
import type { Bind, Deriv, Expr, Prob, Rel, Sym } from '../expr/model.js';
import { definedName } from '../expr/model.js';
import { EMPTY_TUPLE, Signal, TooLarge, Unsupported, WorldView, type Tuple } from './world.js';
import { derivativeValue, type DerivativeHost, type Evaluated, type Seed } from './derivative.js';
import * as tensor from './tensor.js';
import { product as matrixProduct } from './product.js';
import { cholesky, RULES, type Rule } from './quadrature.js';
import { isTensor, type Tensor, type Value } from './tensor.js';
import type { LawVariable, NumericPort } from '../notation/families/family.js';
import { familyOfOperator } from '../notation/families/registry.js';
import { SequenceMap, worthKeeping, type Reuse, type SharedValues } from './reuse.js';
import { vectorOutcomes } from './outcomes.js';

export type Env<T> = ReadonlyMap<string, Value<T>>;

const MAX_DEPTH = 250;
/** Node visits per world evaluation (all variants of one world share it); a world past it is skipped. */
const MAX_WORK = 400_000;
const MAX_RANGE = 2_000;
const MAX_FACTORIAL = 170;
const MAX_COMBOS = 20_000;
/** Of the worlds, the share where a function stated nonnegative is the zero function. */
const ZERO_FUNCTION_SHARE = 0.25;
/** Is `e` a polynomial in `v` (`v` only under +, ·, whole powers, transposes and traces; a name the
 *  step defines is read through its definition; anything else is taken to depend on `v` only if written)? */
function polynomialIn(e: Expr, v: string, defs: DefinitionTable, depth = 0): boolean {
  if (depth > 200) return false;
  const through = (x: Expr): boolean => polynomialIn(x, v, defs, depth + 1);
  switch (e.kind) {
    case 'num': case 'const': return true;
    case 'sym': {
      if ([...e.index, ...e.upper].some((x) => freeNames(x).has(v))) return false;
      const defined = defs.syms.get(e.name);
      return defined === undefined || defined.every((d) => through(d.rhs));
    }
    case 'add': return e.terms.every(through);
    case 'mul': return e.factors.every(through);
    case 'pow': return (e.exp.kind === 'num' && Number.isInteger(e.exp.value) && e.exp.value >= 0 && through(e.base))
      || !dependsOn(e, v, defs);
    case 'fn':
      if (e.name === 'transpose' || e.name === 'tr') return e.args.every(through);
      // the log of Gaussian densities (a KL's integrand, \log\frac{p(x)}{q(x)} with p, q Gaussian) is quadratic
      if (e.name === 'log' && e.args.length === 1 && gaussianFactors(e.args[0]!, v, defs)) return true;
      return !dependsOn(e, v, defs);
    default: return !dependsOn(e, v, defs);
  }
}

/** Is `e` a product of Gaussian densities at a polynomial point, their reciprocals, and constants? */
function gaussianFactors(e: Expr, v: string, defs: DefinitionTable, depth = 0): boolean {
  if (depth > 50) return false;
  const factors = e.kind === 'mul' ? e.factors : [e];
  return factors.every((f) => {
    const g = f.kind === 'pow' && f.exp.kind === 'num' && Number.isInteger(f.exp.value) ? f.base : f;
    if (g.kind === 'fn' && g.name === 'normal') return g.args.every((a) => polynomialIn(a, v, defs, depth + 1));
    if (g.kind === 'prob') return gaussianLawOf(g.dist.name, defs) !== undefined && g.args.every((a) => polynomialIn(a, v, defs, depth + 1));
    return !dependsOn(g, v, defs);
  });
}

/** Does `e` mention `v`, or a name the step defines (whose definition may)? */
const dependsOn = (e: Expr, v: string, defs: DefinitionTable): boolean =>
  [...freeNames(e)].some((n) => n === v || defs.syms.has(n) || defs.calls.has(n));

/** Points (in standard deviations, both ways) where a Gaussian expectation's integrand must carry no mass. */
const TAIL_PROBES = [10, -10, 14, -14, 20, -20, 28, -28, 40, -40, 56, -56, 80, -80, 112, -112, 160, -160];

/** A random variable named in a probability: its key (x, x_2), base (x) and, if given, its value. */
type VarRef = LawVariable;

/** Built-ins that also take vectors and matrices. */
const TENSOR_FNS = new Set(['transpose', 'norm', 'det', 'abs', 'tr', 'normal']);

/** Work shared by every evaluation of one sampling run, in node visits weighted by the
 *  arithmetic's cost; when it is spent the run stops with `OutOfWork`. */
export interface Meter { spent: number; readonly limit: number }

export class OutOfWork extends Signal {
  constructor() { super('the work budget is spent'); this.name = 'OutOfWork'; }
}

/** A meter that never runs out (single evaluations outside a sampling run). */
export const unmetered = (): Meter => ({ spent: 0, limit: Infinity });

export class Evaluator<T> {
  private work = 0;
  /** Why the first non-finite value appeared, for the "discarded" message. */
  problem: string | null = null;
  /** A gradient with respect to a symmetric matrix was evaluated: only its symmetric part is determined (derivative.ts). */
  symmetricGradient = false;
  /** A value came from quadrature (a Gaussian expectation), accurate to about 10^{-11} of 1 only:
   *  sides are then compared against a floor of 1 (relations.ts), never relative to a tiny size. */
  approximated = false;
  /** …and its integrand was no polynomial in the variable, for which Gauss–Hermite rules are exact. */
  inexactQuadrature = false;
  /** The newest seed (this evaluator's own derivative variable) was read. */
  private seedReached = false;
  private readonly defStack: Definition[] = [];
  /** Values of nodes already evaluated in this world, with what they took (see `reused`). */
  private readonly kept = new SequenceMap<Kept<T>>();
  /** For each kept evaluation under way, the definitions it has expanded. */
  private readonly entering: Definition[][] = [];
  /** The deepest node visited, and whether a rule that depends on depth (an alias) was met,
   *  since the kept evaluation under way began. */
  private deepest = 0;
  private aliased = false;
  /** A seed gave a symbol its value since the kept evaluation under way began. */
  private seedRead = false;
  private readonly integers = new Map<number, T>();
  /** The values of valued variables' outcomes as this arithmetic's numbers, one object each (like `integers`). */
  private readonly outcomeNumbers = new Map<string, T[]>();
  /** The outcomes of vector variables, one list per shape in this world (like `integers`: kept values are
   *  found by the identity of what they read), and whether a body names its summed vector whole: both
   *  were built again at every sum over a vector. */
  private readonly outcomeVectors = new Map<string, Tensor<T>[] | null>();
  private readonly wholeNamed = new Map<Expr, Map<string, boolean>>();
  /** The port made last, with the environment and depth it serves (see `port`). */
  private lastPort: { readonly env: Env<T>; readonly d: number; readonly port: NumericPort<T> } | null = null;
  /** The step's nodes worth keeping (the model's, read at every node visit). */
  private readonly reuse: ReadonlyMap<Expr, Reuse>;

  /** `seeds`: values standing for particular symbols while a derivative's body is evaluated (derivative.ts);
   *  the last one for a symbol wins, and none applies inside a definition's right side. */
  constructor(readonly A: Arith<T>, readonly view: WorldView<T>, private readonly meter: Meter,
              private readonly seeds: readonly Seed<T>[] = [],
              /** Does a value carry a derivative's change (a dual with a tangent)? */
              private readonly moving: (v: T) => boolean = () => false,
              /** Kept values this evaluator shares with others that differ from it only in the newest
               *  seed's value (see `SharedValues`); only values that read no seed go there. */
              private readonly shared: SequenceMap<Kept<T>> | null = null) {
    this.reuse = view.model.reuse;
  }

  private fail(reason: string, value: T): T {
    if (!this.A.isFinite(value)) this.problem ??= reason;
    return value;
  }

  /** A number-valued expression (a vector or matrix here is unsupported). */
  eval(e: Expr, env: Env<T>, depth = 0): T {
    return numberOf(this.value(e, env, depth));
  }

  /** Any expression: a number, or a vector/matrix. */
  value(e: Expr, env: Env<T>, depth = 0): Value<T> {
    const reuse = this.reuse.get(e);
    return reuse && worthKeeping(reuse.record) ? this.reused(e, reuse, env, depth) : this.computed(e, env, depth);
  }

  /**
   * A node's value, kept for the rest of the world: in one world a value depends only on the
   * node, the values of the environment keys it reads and the depth, so a repeat reuses it. An
   * evaluator's seeds (a derivative's body) are fixed while it lives, and whether they apply —
   * not inside a definition's right side — is part of the key. A repeat still counts the work
   * the evaluation took, so every budget, and with it every verdict, is what it would be; a
   * repeat that would cross a limit, reach a depth that changes what is evaluated, expand a
   * definition being expanded (recursion), or read a joint that has grown since, is evaluated
   * again. A value that read no seed is what any evaluator differing from this one only in its
   * seeds' values computes: it goes to the shared store, when there is one.
   */
  private reused(e: Expr, reuse: Reuse, env: Env<T>, depth: number): Value<T> {
    // (plain loops and locals: this runs at most nodes of every world)
    const keys = reuse.keys;
    const seeded = this.seeds.length > 0 ? 1 : 0;
    const memoKey: unknown[] = new Array(1 + seeded + keys.length);
    memoKey[0] = reuse.id;
    if (seeded) memoKey[1] = this.defStack.length === 0;
    for (let i = 0; i < keys.length; i++) memoKey[1 + seeded + i] = env.get(keys[i]!);
    const known = this.kept.get(memoKey) ?? this.shared?.get(memoKey);
    reuse.record.lookups++;
    if (known) reuse.record.found++;
    if (known && this.replays(known, depth)) return known.value;
    const work = this.work; const spent = this.meter.spent; const deepest = this.deepest; const aliased = this.aliased;
    const seedRead = this.seedRead;
    const joints = this.view.jointVariables();
    const entered: Definition[] = [];
    this.entering.push(entered);
    this.deepest = depth;
    this.aliased = false;
    this.seedRead = false;
    try {
      const value = this.computed(e, env, depth);
      if (this.view.jointVariables() === joints) {
        (this.shared && !this.seedRead ? this.shared : this.kept).set(memoKey, {
          value, work: this.work - work, spent: this.meter.spent - spent, depth, deepest: this.deepest,
          aliased: this.aliased, seedRead: this.seedRead, joints, entered,
        });
      }
      return value;
    } finally {
      this.entering.pop();
      this.enter(entered);
      this.deepest = Math.max(this.deepest, deepest);
      this.aliased ||= aliased;
      this.seedRead ||= seedRead;
    }
  }

  /** Counts a kept value's work as if it were evaluated again, when that evaluation would certainly
   *  give the same value without crossing a limit (the counters only grow). */
  private replays(k: Kept<T>, depth: number): boolean {
    if (this.work + k.work > MAX_WORK || this.meter.spent + k.spent > this.meter.limit) return false;
    if (depth !== k.depth && (k.aliased || depth + k.deepest - k.depth > MAX_DEPTH)) return false;
    if (k.joints !== this.view.jointVariables() || k.entered.some((df) => this.defStack.includes(df))) return false;
    this.work += k.work;
    this.meter.spent += k.spent;
    this.deepest = Math.max(this.deepest, depth + k.deepest - k.depth);
    this.aliased ||= k.aliased;
    this.seedRead ||= k.seedRead;
    this.enter(k.entered);
    return true;
  }

  /** An integer a binder runs over, one object per value in this world: a certain arithmetic's
   *  numbers are objects, and kept values are found by the identity of what they read. */
  private integer(n: number): T {
    let v = this.integers.get(n);
    if (v === undefined) { v = this.A.of(n); this.integers.set(n, v); }
    return v;
  }

  /** Notes definitions expanded, for the kept evaluation under way. */
  private enter(defs: readonly Definition[]): void {
    for (const df of defs) this.enterOne(df);
  }

  private enterOne(df: Definition): void {
    const outer = this.entering[this.entering.length - 1];
    if (outer && !outer.includes(df)) outer.push(df);
  }

  private computed(e: Expr, env: Env<T>, depth: number): Value<T> {
    if (depth > MAX_DEPTH) throw new Unsupported('expression nested too deeply');
    if (depth > this.deepest) this.deepest = depth;
    if (++this.work > MAX_WORK) throw new TooLarge('one world needs more work than a world may take');
    if ((this.meter.spent += this.A.cost) > this.meter.limit) throw new OutOfWork();
    const A = this.A;
    const d = depth + 1;
    switch (e.kind) {
      case 'num': return A.of(e.value);
      case 'const': return A.of(0);
      case 'sym': return this.symbol(e, env, d);
      case 'add': return this.sum(this.values(e.terms, env, d));
      case 'mul': {
        const vs = this.values(e.factors, env, d);
        for (const v of vs) if (isTensor(v)) return matrixProduct(A, vs);
        return this.product(vs as T[]);
      }
      case 'pow': {
        const base = this.value(e.base, env, d);
        const x = this.eval(e.exp, env, d);
        return isTensor(base) ? this.matrixPower(base, x) : this.power(base, x);
      }
      case 'fn': return this.builtin(e.name, e.args, env, d);
      case 'call': return this.call(e.fn, e.args, env, d);
      case 'prob': return this.probability(e, env, d);
      case 'bind': return this.binder(e, env, d);
      case 'indicator': return A.of(this.holds(e.cond, env, d) ? 1 : 0);
      case 'rel': throw new Unsupported('a relation used as a value');
      case 'deriv': return derivativeValue(this.derivativeHost(env, d), e as Deriv);
      case 'set': throw new Unsupported('a set used as a value');
    }
  }

  /** The values of `es`, in order. */
  private values(es: readonly Expr[], env: Env<T>, d: number): Value<T>[] {
    const out: Value<T>[] = new Array(es.length);
    for (let i = 0; i < es.length; i++) out[i] = this.value(es[i]!, env, d);
    return out;
  }

  /** The terms added left to right (as `reduce` would, and like it refusing no terms at all). */
  private sum(vs: readonly Value<T>[]): Value<T> {
    if (vs.length === 0) throw new TypeError('Reduce of empty array with no initial value');
    let s: Value<T> = vs[0]!;
    for (let i = 1; i < vs.length; i++) s = tensor.add(this.A, s, vs[i]!);
    return s;
  }

  /** M^{-1}, M^1, M^k for a square matrix; other powers of vectors and matrices are not defined here. */
  private matrixPower(m: Tensor<T>, x: T): Value<T> {
    const k = this.plain(x);
    if (k === -1) return tensor.inverse(this.A, m);
    if (Number.isInteger(k) && k >= 1 && k <= 8 && m.rows === m.cols) {
      let r: Value<T> = m;
      for (let i = 1; i < k; i++) r = tensor.mul(this.A, r, m);
      return r;
    }
    throw new Unsupported(`the power ${k} of a ${m.rows}×${m.cols}`);
  }

  /** A value that must be an integer-like number (an index, a bound). */
  private real(e: Expr, env: Env<T>, d: number): number { return this.plain(this.eval(e, env, d)); }

  /** A value read as a plain number. A derivative's variable must not pass through here: its
   *  change would be lost, so a value that moves (a dual with a tangent) is refused. */
  private plain(v: T): number {
    if (this.moving(v)) throw new Unsupported('a derivative whose variable is used as an index, a bound or an exponent of a matrix');
    return this.A.toNumber(v);
  }

  /** `x_i` of a bound vector x (a vector variable summed over, a vector argument): its i-th entry. */
  private component(s: Sym, bound: Value<T>, env: Env<T>, d: number): Value<T> {
    if (!isTensor(bound) || bound.cols !== 1 || s.index.length !== 1 || s.upper.length > 0) throw new Unsupported(`component ${s.name}_… of a bound variable`);
    const i = this.real(s.index[0]!, env, d);
    if (!Number.isInteger(i) || i < 1 || i > bound.rows) throw new TooLarge(`${s.name}_${i} is no component of a vector of ${bound.rows}`);
    return bound.data[i - 1]!;
  }


  private tuple(s: Sym, env: Env<T>, d: number): Tuple {
    if (s.index.length + s.upper.length === 0) return EMPTY_TUPLE;
    return { index: this.labels(s.index, env, d), upper: this.labels(s.upper, env, d) };
  }

  /** A member's scripts name outcomes by their labels (see `label`).
   *  (a plain loop: every family member's use in every world reads its scripts) */
  private labels(es: readonly Expr[], env: Env<T>, d: number): number[] {
    const out: number[] = new Array(es.length);
    for (let i = 0; i < es.length; i++) out[i] = this.label(es[i]!, env, d);
    return out;
  }

  /**
   * The outcome a law's argument or a member's script names. A name bound to an outcome of a
   * valued variable (analysis.ts, StepModel.valued) is a number drawn for that outcome, and names
   * it by its label; so does a free outcome of one. Anything else names the outcome its number is.
   */
  private label(e: Expr, env: Env<T>, d: number): number {
    if (e.kind === 'sym' && this.view.model.valued.size > 0) {
      const key = boundKey(e);
      const bound = e.index.length === 0 ? env.get(labelKey(key)) : undefined;
      if (bound !== undefined) return this.plain(numberOf(bound));
      const f = env.has(key) || this.seeds.length > 0 || this.view.model.definitions.syms.has(e.name) ? undefined : this.view.freeSymbol(e.name);
      if (f?.sort === 'outcome') {
        const t = this.tuple(e, env, d);
        if (finiteTuple(t)) return this.view.outcome(f, t, variableBase(e));
      }
    }
    return this.real(e, env, d);
  }

  /** Outcome `label` of the variable `base` as a number: its drawn value, or the label itself. */
  private outcomeNumber(base: string, label: number): T {
    if (!this.view.model.valued.has(base)) return this.integer(label);
    let numbers = this.outcomeNumbers.get(base);
    if (!numbers) { numbers = []; this.outcomeNumbers.set(base, numbers); }
    return (numbers[label] ??= this.A.of(this.view.outcomeValue(base, label)));
  }

  /** Binds `key` to an outcome: its number, and its label where the two differ (a valued variable's). */
  private bindOutcome(env: Map<string, Value<T>>, key: string, base: string, label: number): void {
    env.set(key, this.outcomeNumber(base, label));
    if (this.view.model.valued.has(base)) env.set(labelKey(key), this.integer(label));
    else env.delete(labelKey(key));
  }

  /** 0 · ±∞ = 0 (the 0 log 0 = 0 convention; ∞ only arises from log 0 or overflow); NaN wins. */
  private product(values: readonly T[]): T {
    const A = this.A;
    // (plain loops: every product node of every world comes here)
    for (const v of values) if (A.isNaN(v)) return A.of(NaN);
    for (const v of values) if (A.isZero(v)) return A.of(0);
    let p = A.of(1);
    for (const v of values) p = A.mul(p, v);
    return p;
  }

  private power(b: T, x: T): T {
    const A = this.A;
    const r = A.pow(b, x);
    if (A.isFinite(r) || !A.isFinite(b) || !A.isFinite(x)) return r;
    return this.fail(A.isZero(b) ? 'division by zero' : A.compare(b, A.of(0)) < 0 ? 'a non-integer power of a negative number' : 'overflow', r);
  }

  /** The value a seed gives this symbol member, if any (none inside a definition's right side). */
  private seeded(s: Sym, env: Env<T>, d: number): Value<T> | undefined {
    if (this.seeds.length === 0 || this.defStack.length > 0) return undefined;
    for (let k = this.seeds.length - 1; k >= 0; k--) {
      const { target, value } = this.seeds[k]!;
      if (target.kind !== 'free' || target.name !== s.name) continue;
      const t = this.tuple(s, env, d);
      if (!sameTuple(t, target.tuple)) continue;
      if (k === this.seeds.length - 1) this.seedReached = true;
      this.seedRead = true;
      return value;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- derivatives

  /** What a derivative at this point of the evaluation may ask for (derivative.ts). */
  private derivativeHost(env: Env<T>, d: number): DerivativeHost<T> {
    return {
      A: this.A,
      model: this.view.model,
      value: (e) => this.value(e, env, d),
      boundKey: (s) => (s.upper.length === 0 && s.index.length === 0 && env.has(boundKey(s)) ? boundKey(s) : null),
      tuple: (s) => this.tuple(s, env, d),
      moving: this.moving,
      evaluate: (B, lift, moving, seed, body, shared) => this.lifted(B, lift, moving, env, seed, body, d, shared),
      symmetric: () => { this.symmetricGradient = true; },
    };
  }

  /** `body` in arithmetic B over this one: the environment and this evaluator's seeds read in B, the new seed last. */
  private lifted<U>(B: Arith<U>, lift: (t: T) => U, moving: (u: U) => boolean, env: Env<T>, seed: Seed<U>, body: Expr, d: number,
                    shared?: SharedValues): Evaluated<U> {
    const up = (v: Value<T>): Value<U> => (isTensor(v) ? { rows: v.rows, cols: v.cols, data: v.data.map(lift) } : lift(v));
    const inner = new Map<string, Value<U>>();
    for (const [k, v] of env) inner.set(k, up(v));
    if (seed.target.kind === 'bound') { inner.set(seed.target.key, seed.value); inner.delete(labelKey(seed.target.key)); }
    // seeds of an enclosing derivative still move their symbols (second derivatives), unless this
    // derivative stands inside a definition's right side, where none applies
    const outer = this.defStack.length > 0 ? [] : this.seeds.map((x) => ({ target: x.target, value: up(x.value) }));
    // in the same arithmetic (a difference quotient's points) the world's view, with the vectors and
    // matrices it has drawn, serves as it is
    const view = B === (this.A as unknown) ? this.view as unknown as WorldView<U>
      : new WorldView(this.view.model, this.view.world, B, this.view.layout, this.view.variant, this.view.record);
    // values shared between evaluations differing only in the seed's value: in the world's own view only
    const sharing = view === (this.view as unknown) && shared ? shared as SequenceMap<Kept<U>> : null;
    const child = new Evaluator(B, view, this.meter, [...outer, seed], moving, sharing);
    try {
      const value = child.value(body, inner, d);
      return { value, reached: seed.target.kind === 'bound' || child.seedReached };
    } finally {
      this.work += child.work;
      if (this.work > MAX_WORK) throw new TooLarge('one world needs more work than a world may take');
      this.problem ??= child.problem;
      this.symmetricGradient ||= child.symmetricGradient;
      this.deepest = Math.max(this.deepest, child.deepest);
      this.aliased ||= child.aliased;
      this.seedRead ||= child.seedRead;
    }
  }

  private symbol(s: Sym, env: Env<T>, d: number): Value<T> {
    const bound = env.get(boundKey(s));
    if (bound !== undefined) return s.index.length > 0 ? this.component(s, bound, env, d) : bound;
    // (π beside mixing weights π_k: the family's bare name is the constant)
    if (s.index.length + s.upper.length === 0 && this.view.freeSymbol(s.name)?.bareConstant) return CONSTANTS.get(s.name)!(this.A);
    const seeded = this.seeded(s, env, d);
    if (seeded !== undefined) return seeded;
    const defs = this.view.model.definitions.syms.get(s.name);
    if (defs) {
      const uses = children(s);
      const values = uses.map((x) => this.eval(x, env, d));
      const def = this.definitionFor(defs, uses, values, 0);
      if (def && values.length === 1 && this.defStack.includes(def) && isBaselessRecurrence(def, defs)) return this.beforeRecurrence(s, values[0]!, def, d);
      // a defined symbol may stand for a vector or matrix (a closed-form mean, the point of a gradient)
      if (def) return this.expandValue(def, values, d, def.rhs, isBaselessRecurrence(def, defs));
    }
    const f = this.view.freeSymbol(s.name);
    if (!f) {
      const constant = CONSTANTS.get(s.name);
      if (constant !== undefined && s.index.length + s.upper.length === 0) return constant(this.A);
      throw new Unsupported(`${s.name} has no numeric value here`);
    }
    const t = this.tuple(s, env, d);
    if (!finiteTuple(t)) return this.fail('an undefined index', this.A.of(NaN));
    switch (f.sort) {
      case 'count': return this.A.of(this.view.count(f, t));
      case 'scalar': return this.A.of(this.view.scalar(f, t));
      case 'outcome': { const base = variableBase(s); return this.outcomeNumber(base, this.view.outcome(f, t, base)); }
      case 'vector': case 'matrix': return this.view.tensor(f, t);
      case 'unsupported': throw new Unsupported(this.view.model.variables.includes(variableBase(s)) && (f.kind === 'vector' || f.kind === 'matrix')
        ? `${s.name} is a ${f.kind} value and also the argument of a law deriva has no definition for (it would read it as a discrete outcome): define the law (e.g. a Gaussian) or check inside a problem context`
        : `${f.kind} ${s.name} (only scalars and discrete distributions are sampled so far)`);
    }
  }

  /**
   * The definition that applies to a use: same shape, every parameter slot takes the use's
   * value, and every other slot is the same at the use — a number (`x^{(1)} := -1`) by value,
   * a label (`L_C`, `\mu_\theta`) by what is written (see expr/definitions.ts).
   */
  private definitionFor(defs: readonly Definition[] | undefined, uses: readonly Expr[], values: readonly Value<T>[], given: number): Definition | undefined {
    if (!defs) return undefined;
    // (plain loops: this runs at every use of a defined name in every world)
    for (const def of defs) {
      const { slots, params, slotConstants, slotKeys, given: defGiven } = definitionShape(def);
      if (slots.length !== values.length || defGiven !== given) continue;
      let applies = true;
      for (let i = 0; applies && i < slots.length; i++) {
        if (params[i]) continue;
        const constant = slotConstants[i]!;
        if (constant !== null) { const v = values[i]!; applies = !isTensor(v) && constant === this.A.toNumber(v); continue; }
        const use = uses[i];
        applies = use !== undefined && keyOf(use) === slotKeys[i];
      }
      if (applies) return def;
    }
    return undefined;
  }

  /** A definition's right side with its parameters bound to the use's values (and nothing else: definitions are closed). */
  private expand(def: Definition, values: readonly Value<T>[], d: number): T {
    const v = this.expandValue(def, values, d, def.rhs);
    if (isTensor(v)) throw new Unsupported(`${headName(def.lhs)} is defined as a vector or matrix where a number is expected`);
    return v;
  }

  /**
   * A recurrence stated with no start (`\bar\alpha_t = \alpha_t\bar\alpha_{t-1}`), met again at an
   * index v: above 0 it applies once more, and at 0 the value is drawn, so that every sequence obeying
   * the recurrence from index 1 on is one of those sampled — and each index has one value whichever
   * use reaches it first.
   */
  private beforeRecurrence(s: Sym, index: Value<T>, def: Definition, d: number): Value<T> {
    const v = isTensor(index) ? NaN : this.A.toNumber(index);
    // an index before the start is no instance of the step (as an undefined index is not)
    if (!Number.isInteger(v) || v < 0) return this.fail('an index before the start of a recurrence', this.A.of(NaN));
    if (v > MAX_RECURRENCE) throw new TooLarge(`${s.name} at ${v}: a recurrence unrolled over more than ${MAX_RECURRENCE} indices`);
    if (v > 0) return this.expandValue(def, [index], d, def.rhs, true);
    const start: FreeSymbol = { name: s.name, sort: 'scalar', family: true, constraint: {}, kind: 'scalar', use: 'value', definite: false };
    return this.A.of(this.view.scalar(start, { index: [0], upper: [] }));
  }

  /** A part of a definition's right side (maybe a vector or matrix) with the parameters bound;
   *  `reenter`: a recurrence whose own uses step down towards its start (beforeRecurrence). */
  private expandValue(def: Definition, values: readonly Value<T>[], d: number, part: Expr, reenter = false): Value<T> {
    if (this.defStack.includes(def) && !reenter) throw new Unsupported(`recursive definition of ${headName(def.lhs)}`);
    const env = new Map<string, Value<T>>();
    // a label the right side also reads means there what it means at the use: θ bound by an
    // arg min over θ around the use is that θ inside too (analysis.ts, DefinitionShape.bindings)
    for (const [slot, k] of definitionShape(def).bindings) env.set(k, values[slot]!);
    this.defStack.push(def);
    this.enterOne(def);
    try { return this.value(part, env, d); } finally { this.defStack.pop(); }
  }

  private builtin(name: string, args: readonly Expr[], env: Env<T>, d: number): Value<T> {
    const A = this.A;
    const family = familyOfOperator(name);
    if (family) return family.evaluate({ kind: 'fn', name, args }, this.port(env, d));
    if (TENSOR_FNS.has(name)) {
      const vs = args.map((a) => this.value(a, env, d));
      if (vs.some(isTensor)) return this.tensorBuiltin(name, vs);
    }
    const vals = () => args.map((a) => this.eval(a, env, d));
    const one = (): T => {
      if (args.length !== 1) throw new Unsupported(`${name} with ${args.length} arguments`);
      return this.eval(args[0]!, env, d);
    };
    switch (name) {
      case 'log': return this.fail('log of a non-positive number', A.log(one()));
      case 'log2': return this.fail('log of a non-positive number', A.div(A.log(one()), A.log(A.of(2))));
      case 'exp': return this.fail('overflow', A.exp(one()));
      case 'abs': case 'norm': return A.abs(one());
      case 'factorial': {
        // a whole number's only: a negative one has none (undefined), a fraction's is a Γ deriva does not take
        const n = this.real(args[0]!, env, d);
        if (!Number.isInteger(n)) throw new Unsupported('a factorial of a number that is not whole');
        if (n < 0) return this.fail('a factorial of a negative number', A.of(NaN));
        // (past 170! a double overflows: the world is too large, not a counterexample)
        if (n > MAX_FACTORIAL) throw new TooLarge(`${n}! is too large to evaluate`);
        let product = A.of(1);
        for (let k = 2; k <= n; k++) product = A.mul(product, A.of(k));
        return product;
      }
      // Only scalars reach here (vector and matrix symbols are unsupported), where these are identities.
      case 'det': case 'tr': case 'transpose': return one();
      case 'normal': {
        if (args.length !== 3) throw new Unsupported('the Gaussian law N(μ, σ²) used as a value');
        const [x, mu, v] = vals() as [T, T, T];
        const z = A.sub(x, mu);
        const density = A.div(A.exp(A.neg(A.div(A.mul(z, z), A.mul(A.of(2), v)))), A.pow(A.mul(A.mul(A.of(2), A.pi()), v), A.of(0.5)));
        return this.fail('a Gaussian with non-positive variance', A.compare(v, A.of(0)) > 0 ? density : A.of(NaN));
      }
      default: throw new Unsupported(`${name}(…) is not evaluated numerically yet`);
    }
  }

  /** What a notation family's meaning may use of this evaluation (notation/families/family.ts). A port
   *  reads only this evaluator and the environment object it was made for (never a copy of it), so the
   *  last one serves again at the same environment and depth: building it at every KL of every world
   *  showed in profiles. */
  private port(env: Env<T>, d: number): NumericPort<T> {
    const last = this.lastPort;
    if (last && last.env === env && last.d === d) return last.port;
    const port = this.newPort(env, d);
    this.lastPort = { env, d, port };
    return port;
  }

  private newPort(env: Env<T>, d: number): NumericPort<T> {
    const A = this.A;
    return {
      A,
      linalg: {
        asMatrix: tensor.asTensor,
        asCovariance: (v, dim) => tensor.asCovariance(A, v, dim),
        add: (a, b) => tensor.add(A, a, b),
        mul: (a, b) => tensor.mul(A, a, b),
        transpose: tensor.transpose,
        inverse: (m) => tensor.inverse(A, m),
        det: (m) => tensor.det(A, m),
        trace: (m) => tensor.trace(A, m),
        number: numberOf,
      },
      value: (e, bound) => this.value(e, bound ? new Map([...env, ...bound]) : env, d),
      unsupported: (reason) => { throw new Unsupported(reason); },
      fail: (reason, value) => this.fail(reason, value),
      product: (values) => this.product(values),
      gaussianLaw: (e) => this.gaussianLaw(e, env, d),
      variables: (arg) => this.varRefs(arg, env, d, false),
      lawVariables: (law) => ({ defined: this.definedVariables(law), applied: this.view.model.distVariables.get(law.name) }),
      outcomes: (vars) => this.assignments(vars),
      probability: (law, args, given) => this.distribution(law, args, given, env, d),
    };
  }

  private tensorBuiltin(name: string, vs: readonly Value<T>[]): Value<T> {
    const A = this.A;
    const only = (): Tensor<T> => {
      if (vs.length !== 1 || !isTensor(vs[0]!)) throw new Unsupported(`${name} of these arguments`);
      return vs[0];
    };
    switch (name) {
      case 'transpose': return tensor.transpose(only());
      case 'norm': return tensor.norm(A, only());
      case 'det': case 'abs': return this.fail('a singular matrix', tensor.det(A, only()));
      case 'tr': return tensor.trace(A, only());
      case 'normal': {
        const [x, mu, cov] = vs;
        if (vs.length !== 3 || !isTensor(x!) || !isTensor(mu!)) throw new Unsupported('a Gaussian density whose point and mean are not both vectors');
        return this.fail('a Gaussian with a singular covariance', tensor.normalDensity(A, x, mu, cov!));
      }
      default: throw new Unsupported(`${name} of a vector or matrix`);
    }
  }

  // ---------------------------------------------------------------- functions

  private call(f: Sym, args: readonly Expr[], env: Env<T>, d: number): Value<T> {
    const uses = [...f.index, ...f.upper, ...args];
    // arguments may be vectors and matrices (an objective J(μ) of a mean vector), and so may a
    // defined function's value (a mean μ_q(x_t, x_0) := …)
    const vals = uses.map((a) => this.value(a, env, d));
    const def = this.definitionFor(this.view.model.definitions.calls.get(f.name), uses, vals, 0);
    if (def) return this.expandValue(def, vals, d, def.rhs);
    if (ELEMENTARY_FUNCTIONS.has(f.name) && uses.length === 1 && !isTensor(vals[0]!)) {
      return this.fail('a trigonometric or hyperbolic function with no finite value here', elementaryValue(this.A, f.name, vals[0] as T));
    }
    if (!this.view.model.functions.includes(f.name)) throw new Unsupported(`unknown function ${f.name}`);
    // a function of a vector is a function of its entries
    const inputs = args.flatMap((a) => tensor.entries(this.value(a, env, d)));
    const t = this.tuple(f, env, d);
    const shape = this.view.model.functionShapes.get(f.name);
    if (!shape) return this.randomFunction(f, t, inputs);
    // a vector- or matrix-valued function (bold name): each entry a random function of its own
    const rows = this.view.dimension();
    const cols = shape === 'matrix' ? rows : 1;
    return { rows, cols, data: range(0, rows * cols - 1).map((k) => this.randomFunction(f, t, inputs, `[${k}]`)) };
  }

  /** c0 + Σ c1_j u_j + c2 (Σ w_j u_j)² + c3 sin(Σ v_j u_j): smooth, the same for one name (and
   *  entry of a vector-valued function) in one world; convex when an assumption says so (c2 > 0, no sine). */
  private randomFunction(f: Sym, t: Tuple, args: readonly T[], entry = ''): T {
    const A = this.A;
    const c = (which: string, lo: number, hi: number) => A.of(this.view.coefficient(f.name, t, which + entry, lo, hi));
    const convex = this.view.model.convex.has(f.name);
    let lin = c('c0', -2, 2); let s = A.of(0); let s2 = A.of(0);
    args.forEach((u, j) => {
      lin = A.add(lin, A.mul(c(`c1.${j}`, -2, 2), u));
      s = A.add(s, A.mul(c(`w.${j}`, -1.5, 1.5), u));
      s2 = A.add(s2, A.mul(c(`v.${j}`, -1.5, 1.5), u));
    });
    let r = A.add(lin, A.mul(convex ? c('c2', 0.1, 1) : c('c2', -1, 1), A.mul(s, s)));
    if (!convex) r = A.add(r, A.mul(c('c3', -1, 1), A.sin(s2)));
    // a function stated positive (`f > 0`) is drawn so: the exponential of a random one; one stated
    // nonnegative (`f \ge 0`) is, in some worlds, the zero function (else `f(x) > 0` was confirmed)
    // (a convex one stays as drawn: its sign is not stated with it)
    const strict = convex ? undefined : this.view.model.positive.get(f.name);
    if (strict !== undefined) r = !strict && this.view.coefficient(f.name, t, `zero${entry}`, 0, 1) < ZERO_FUNCTION_SHARE ? A.of(0) : A.exp(r);
    if (this.view.record) this.view.noteValue(`${f.name}${entry}(${args.map((a) => Number(A.toNumber(a).toPrecision(6))).join(',')})`, A.toNumber(r));
    return r;
  }

  // ---------------------------------------------------------------- probability

  /** The variable a probability argument names, with its value when it has one. */
  private varRef(arg: Expr, env: Env<T>, d: number, withValue: boolean, variable?: string): VarRef {
    const target = arg.kind === 'rel' && arg.op === '=' ? arg.lhs : arg;
    if (target.kind !== 'sym') throw new Unsupported(`a probability of ${target.kind === 'num' ? 'a number' : 'an expression'} (arguments must name random variables)`);
    const base = variable || variableBase(target);
    const key = target.index.length === 0 ? base
      : target.index.length === 1 ? `${base}_{${this.label(target.index[0]!, env, d)}}`
      : `${base}_{${target.index.map((x) => this.label(x, env, d)).join(',')}}`;
    let value: number | null = null;
    if (arg.kind === 'rel') value = this.label(arg.rhs, env, d);
    else if (withValue) value = this.label(target, env, d);
    return { key, base, value };
  }

  /** The variables an argument names: one, or every component of a vector variable named whole (outcomes.ts). */
  private varRefs(arg: Expr, env: Env<T>, d: number, withValue: boolean, variable?: string): VarRef[] {
    const target = arg.kind === 'rel' && arg.op === '=' ? arg.lhs : arg;
    const whole = target.kind === 'sym' && target.index.length + target.upper.length === 0;
    const base = whole ? variable || variableBase(target) : '';
    const declared = whole ? this.view.model.outcomeSets.get(base) : undefined;
    if (!declared?.dimension) return [this.varRef(arg, env, d, withValue, variable)];
    const n = this.real(declared.dimension, env, d);
    const value = arg.kind === 'rel' ? this.value(arg.rhs, env, d) : withValue ? this.value(target, env, d) : null;
    if (value !== null && (!isTensor(value) || value.rows !== n || value.cols !== 1)) throw new Unsupported(`${base} is a vector of ${n} components here, given another value`);
    return range(1, n).map((i) => ({ key: `${base}_{${i}}`, base, value: value === null ? null : this.plain((value as Tensor<T>).data[i - 1]!), part: { of: base, size: n } }));
  }

  /** The values a definition's slots take from variables: a vector variable's components make one vector. */
  private slotValues(refs: readonly VarRef[]): Value<T>[] {
    const A = this.A;
    const out: Value<T>[] = [];
    for (let k = 0; k < refs.length;) {
      const r = refs[k]!;
      const run = r.part ? refs.slice(k, k + r.part.size) : [r];
      out.push(r.part ? (run.some((v) => v.value === null) ? A.of(NaN) : { rows: run.length, cols: 1, data: run.map((v) => A.of(v.value!)) }) : A.of(r.value ?? NaN));
      k += run.length;
    }
    return out;
  }

  private probability(p: Prob, env: Env<T>, d: number): T {
    const law = gaussianLawOf(p.dist.name, this.view.model.definitions);
    if (law && law.rhs.kind === 'fn') {
      if (p.args.length !== 1 || p.given.length > 0) throw new Unsupported(`${p.dist.name} is a Gaussian law: only its density at one point is evaluated`);
      return numberOf(this.builtin('normal', [p.args[0]!, ...law.rhs.args], env, d));
    }
    // (plain loops: every probability of every world comes here)
    const args: VarRef[] = [];
    for (let k = 0; k < p.args.length; k++) for (const r of this.varRefs(p.args[k]!, env, d, true, p.vars[k])) args.push(r);
    const given: VarRef[] = [];
    for (let k = 0; k < p.given.length; k++) for (const r of this.varRefs(p.given[k]!, env, d, true, p.vars[p.args.length + k])) given.push(r);
    return this.distribution(p.dist, args, given, env, d, p);
  }

  /** P(args | given) for a distribution symbol: its definition, or the world's joint. */
  private distribution(dist: Sym, args: readonly VarRef[], given: readonly VarRef[], env: Env<T>, d: number, written?: Prob): T {
    const A = this.A;
    // `Q := P` (or "if $Q = P$"): Q is the distribution P, whatever it is applied to
    const alias = this.view.model.definitions.syms.get(dist.name)?.find((df) => df.lhs.kind === 'sym' && df.lhs.index.length + df.lhs.upper.length === 0 && df.rhs.kind === 'sym');
    if (alias && dist.index.length + dist.upper.length === 0) {
      this.aliased = true;
      if (d < 64) return this.distribution(alias.rhs as Sym, args, given, env, d + 1);
    }
    const defs = this.view.model.definitions.probs.get(dist.name);
    if (defs) {
      const scripts = [...dist.index, ...dist.upper];
      const values = [...scripts.map((x) => this.eval(x, env, d)), ...this.slotValues(args), ...this.slotValues(given)];
      const def = this.definitionFor(defs, [...scripts, ...(written ? [...written.args, ...written.given] : [])], values, this.slotValues(given).length);
      if (!def) throw new Unsupported(`${dist.name} is defined only with other arguments`);
      return this.expand(def, values, d);
    }
    const t = this.tuple(dist, env, d);
    const asked: (readonly [string, string, number])[] = [];
    for (const r of args) asked.push([r.key, r.base, r.value ?? NaN]);
    for (const r of given) asked.push([r.key, r.base, r.value ?? NaN]);
    const joint = this.view.probability(dist.name, t, asked);
    if (given.length === 0) return joint;
    return this.fail('a condition of probability zero', A.div(joint, this.view.probability(dist.name, t, asked.slice(args.length))));
  }

  /** The variables a bare distribution is defined over (`P_\theta` with `P_\theta(x, y) := …`), or undefined. */
  private definedVariables(dist: Sym): string[] | undefined {
    const def = this.view.model.definitions.probs.get(dist.name)?.find((df) => df.lhs.kind === 'prob' && df.lhs.given.length === 0 && keyOf(df.lhs.dist) === keyOf(dist));
    return def && def.lhs.kind === 'prob' && def.lhs.args.every((a) => a.kind === 'sym') ? def.lhs.args.map((a) => variableBase(a as Sym)) : undefined;
  }

  /** The outcomes of the variables in `refs` that have no fixed value: every joint assignment. */
  private assignments(refs: readonly VarRef[]): VarRef[][] {
    // one reference per outcome, shared by the assignments that take it (they are read, never changed)
    const outcomes: VarRef[][] = [];
    let count = 1;
    for (const r of refs) {
      const values = r.value !== null ? [r.value] : range(0, this.view.size(r.base) - 1);
      outcomes.push(values.map((v) => ({ ...r, value: v })));
      if ((count *= values.length) > MAX_COMBOS) throw new TooLarge('too many joint outcomes to enumerate');
    }
    // every assignment built at its full length, the first variable slowest (a copy of each prefix per
    // variable showed in profiles)
    const out: VarRef[][] = new Array(count);
    const at: number[] = new Array(refs.length).fill(0);
    for (let k = 0; k < count; k++) {
      const a: VarRef[] = new Array(refs.length);
      for (let j = 0; j < refs.length; j++) a[j] = outcomes[j]![at[j]!]!;
      out[k] = a;
      for (let j = refs.length - 1; j >= 0 && ++at[j]! === outcomes[j]!.length; j--) at[j] = 0;
    }
    return out;
  }

  /**
   * A Gaussian law named in KL/H: `\mathcal N(μ, Σ)`, or a conditional density defined as one
   * (`q(x_{t-1}|x_t, x_0) := \mathcal N(x_{t-1}; μ_q, Σ_q)`, its conditions bound to the use's values).
   */
  private gaussianLaw(e: Expr, env: Env<T>, d: number): { mean: Value<T>; cov: Value<T> } | null {
    if (e.kind === 'fn' && e.name === 'normal' && e.args.length === 2) return { mean: this.value(e.args[0]!, env, d), cov: this.value(e.args[1]!, env, d) };
    const law = e.kind === 'sym' ? gaussianLawOf(e.name, this.view.model.definitions) : undefined;
    if (law) return this.gaussianLaw(law.rhs, env, d);
    if (e.kind !== 'prob' || e.args.length !== 1) return null;
    const defs = this.view.model.definitions.probs.get(e.dist.name) ?? [];
    const def = defs.find((df) => df.rhs.kind === 'fn' && df.rhs.name === 'normal' && df.rhs.args.length === 3 &&
      df.lhs.kind === 'prob' && df.lhs.args.length === 1 && df.lhs.given.length === e.given.length);
    if (!def) return null;
    const scripts = [...e.dist.index, ...e.dist.upper].map((x) => this.value(x, env, d));
    // The drawn variable itself is unbound (NaN): a mean or covariance that depends on it is no law.
    const values = [...scripts, this.A.of(NaN), ...e.given.map((g) => this.value(g, env, d))];
    const [, mean, cov] = (def.rhs as { args: readonly Expr[] }).args;
    return { mean: this.expandValue(def, values, d, mean!), cov: this.expandValue(def, values, d, cov!) };
  }

  // ---------------------------------------------------------------- binders

  private binder(b: Bind, env: Env<T>, d: number): Value<T> {
    const A = this.A;
    switch (b.op) {
      case 'sum': {
        let acc: Value<T> | null = null;
        this.turns(b, env, d, (inner) => {
          const v = this.value(b.body, inner, d);
          acc = acc === null ? v : tensor.add(A, acc, v);
          return true;
        });
        return acc ?? A.of(0);
      }
      case 'prod': {
        let acc = A.of(1);
        this.turns(b, env, d, (inner) => { acc = this.product([acc, this.eval(b.body, inner, d)]); return true; });
        return acc;
      }
      case 'min': case 'max': {
        let best: T | null = null;
        let undefinedAt: T | null = null;
        this.turns(b, env, d, (inner) => {
          const v = this.eval(b.body, inner, d);
          if (A.isNaN(v)) { undefinedAt = v; return false; }
          if (best === null || (b.op === 'min' ? A.compare(v, best) < 0 : A.compare(v, best) > 0)) best = v;
          return true;
        });
        if (undefinedAt !== null) return undefinedAt;
        return best ?? this.fail(`${b.op} over an empty set`, A.of(NaN));
      }
      case 'E': return this.expectation(b, env, d);
      case 'argmin': case 'argmax': {
        // Over a finite domain (the store j nearest to a customer): the first best element.
        if (b.domain.kind === 'natural' || b.domain.kind === 'dist' || b.vars.length !== 1) {
          throw new Unsupported(`arg ${b.op.slice(3)} over a continuous variable inside an expression`);
        }
        let best: { arg: Value<T>; value: T } | null = null;
        let tied = false;
        let undefinedAt: T | null = null;
        this.turns(b, env, d, (inner, values) => {
          const v = this.eval(b.body, inner, d);
          if (A.isNaN(v)) { undefinedAt = v; return false; }
          const c = best === null ? -1 : A.compare(v, best.value) * (b.op === 'argmin' ? 1 : -1);
          if (c < 0) { best = { arg: values[0]!, value: v }; tied = false; } else if (c === 0) tied = true;
          return true;
        });
        if (undefinedAt !== null) return undefinedAt;
        // Several elements share the best value: the arg min names none of them in particular.
        if (tied) return this.fail(`several ${b.op === 'argmin' ? 'minimisers' : 'maximisers'}`, A.of(NaN));
        return (best as { arg: Value<T> } | null)?.arg ?? this.fail(`arg ${b.op.slice(3)} over an empty set`, A.of(NaN));
      }
      case 'int': throw new Unsupported('integrals are not evaluated numerically yet');
    }
  }

  /**
   * Runs `visit` at every turn of a binder, in order (the first variable slowest), with the body's
   * environment and the variables' values, until it returns false. One map and one array serve
   * every turn, the variables bound anew at each: a turn's evaluation is over before the next
   * begins, and no evaluation keeps the environment it was given (a copy per turn, and the list
   * of every assignment built first, showed in profiles).
   */
  private turns(b: Bind, env: Env<T>, d: number, visit: (inner: Env<T>, values: readonly Value<T>[]) => boolean): void {
    const lists = this.domain(b, env, d);
    if (lists === null) return;
    let combos = 1;
    for (const l of lists) if ((combos *= l.length) > MAX_COMBOS) throw new TooLarge('too many combinations to enumerate');
    if (combos === 0) return;
    const keys = this.view.model.binderKeys.get(b) ?? b.vars.map((n) => binderKeys(n, b.body));
    const inner = new Map(env);
    const at: number[] = lists.map(() => 0);
    const values: Value<T>[] = lists.map((l) => l[0]!);
    // a valued variable's outcomes run as their values, each named by its label (its place in the list)
    const labelled = this.view.model.valued.size > 0 ? this.outcomeVariables(b) : null;
    for (;;) {
      for (let i = 0; i < lists.length; i++) {
        const v = lists[i]![at[i]!]!;
        values[i] = v;
        for (const k of keys[i]!) inner.set(k, v);
        if (labelled) for (const k of keys[i]!) { if (labelled[i]) inner.set(labelKey(k), this.integer(at[i]!)); else inner.delete(labelKey(k)); }
      }
      if (!visit(inner, values)) return;
      let i = lists.length - 1;
      while (i >= 0 && ++at[i]! === lists[i]!.length) { at[i] = 0; i--; }
      if (i < 0) return;
    }
  }

  /** For each of a binder's variables, does it run over the outcomes of a valued variable? */
  private outcomeVariables(b: Bind): boolean[] {
    const dom = b.domain;
    const outcomes = dom.kind === 'natural' || (dom.kind === 'set' && dom.set.kind !== 'set');
    return b.vars.map((v) => outcomes && this.view.model.valued.has(randomVariable({ kind: 'sym', name: v, index: [], upper: [] })));
  }

  /** The values each of a binder's variables runs over (ranges, finite sets, outcome sets); null
   *  when bounds that are not finite leave it no turn (a series is not evaluated). */
  private domain(b: Bind, env: Env<T>, d: number): readonly (readonly Value<T>[])[] | null {
    const dom = b.domain;
    let values: T[];
    if (dom.kind === 'range') {
      if (isImplicitStart(dom.from)) throw new Unsupported(`a ${b.op} over ${b.vars.join(', ')} up to a bound starts where its sequences do, which is not written: write ${b.vars[0]}=1 (or the start meant)`);
      const lo = this.real(dom.from, env, d); const hi = this.real(dom.to, env, d);
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) {
        if (Number.isFinite(lo) && Number.isFinite(hi)) throw new Unsupported('a sum whose bounds are not integers');
        // a run from +∞ or up to −∞ is empty; one with no end is a series, which no finite number
        // of terms adds up (it was taken as empty, and \sum_{t=1}^\infty 2^{-t} = 1 was refuted)
        if (lo > hi) return null;
        throw new Unsupported(`a ${b.op} with no end (a series) is not evaluated numerically`);
      }
      if (hi - lo > MAX_RANGE) throw new TooLarge(`a range of ${hi - lo + 1} terms is too long to evaluate`);
      values = this.integerRun(lo, hi);
    } else if (dom.kind === 'set' && dom.set.kind === 'set') {
      const set = dom.set;
      if (set.range) return this.domain({ ...b, domain: { kind: 'range', from: set.range.from, to: set.range.to } }, env, d);
      values = set.elems.map((x) => this.eval(x, env, d));
    } else if (dom.kind === 'natural' || dom.kind === 'set') {
      // \sum_x, \sum_{x \in \mathcal X}: the outcomes of the random variable x.
      return b.vars.map((v): Value<T>[] => {
        // (a plain name's variable read directly: a new symbol at each call only filled variableBase's cache)
        const base = randomVariable({ kind: 'sym', name: v, index: [], upper: [] });
        if (!this.view.model.variables.includes(base)) {
          throw new Unsupported(`${b.op} over ${v} without a range (${v} is not a random variable here)`);
        }
        const declared = this.view.model.outcomeSets.get(base);
        if (declared?.dimension) return this.vectors(v, b.body, declared.size, this.real(declared.dimension, env, d));
        const labels = this.integerRun(0, this.view.size(base) - 1);
        return this.view.model.valued.has(base) ? labels.map((_, label) => this.outcomeNumber(base, label)) : labels;
      });
    } else {
      throw new Unsupported(`${b.op} over a distribution`);
    }
    return b.vars.map(() => values);
  }

  /** lo, lo + 1, …, hi as this world's integer objects (see `integer`). */
  private integerRun(lo: number, hi: number): T[] {
    const out: T[] = [];
    for (let v = lo; v <= hi; v++) out.push(this.integer(v));
    return out;
  }

  /**
   * The outcomes of a vector variable a sum runs over. `\sum_{x_i}` reads as a sum over x whose
   * body uses x_i (the subscript is not kept apart from a component), so a body that names x only
   * by its components does not say whether it runs over x_i or over the whole vector: refused.
   */
  private vectors(v: string, body: Expr, size: number, dimension: number): Value<T>[] {
    let whole = this.wholeNamed.get(body)?.get(v);
    if (whole === undefined) {
      whole = namesWhole(body, v);
      let byName = this.wholeNamed.get(body);
      if (!byName) { byName = new Map(); this.wholeNamed.set(body, byName); }
      byName.set(v, whole);
    }
    if (!whole) throw new Unsupported(`a sum over ${v} whose body uses only its components: over one component write \sum_{v \in \{…\}} with ${v}_i = v`);
    const shape = `${size}^${dimension}`;
    let all = this.outcomeVectors.get(shape);
    if (all === undefined) { all = vectorOutcomes(this.A, size, dimension); this.outcomeVectors.set(shape, all); }
    if (all === null) throw new TooLarge(`${size}^${dimension} outcomes of ${v} are too many to enumerate`);
    return all;
  }

  /** E over a finite distribution: Σ P(outcome) · body; over a Gaussian law by quadrature. */
  private expectation(b: Bind, env: Env<T>, d: number): Value<T> {
    const A = this.A;
    if (b.domain.kind !== 'dist') {
      const over = this.statedExpectation(b);
      if (!over) throw new Unsupported('an expectation without a distribution');
      return this.expectation(over, env, d);
    }
    const law = b.domain.dist;
    const gaussian = this.gaussianLaw(law, env, d);
    if (gaussian) return this.gaussianExpectation(b, gaussian, env, d);
    if (law.kind === 'fn') throw new Unsupported('continuous expectation not supported yet (only Gaussian laws)');
    let dist: Sym; let argSyms: Sym[]; let given: VarRef[] = [];
    if (law.kind === 'sym') {
      dist = law;
      // `\mathbb E_q[\log p(x, z)]`, the variable unnamed: the one the step applies q to (q(z) elsewhere)
      const applied = b.vars.length === 0 ? this.view.model.distVariables.get(law.name) ?? [] : b.vars;
      if (b.vars.length === 0 && applied.length !== 1) throw new Unsupported(`an expectation under ${law.name} whose variable the step does not name: write \\mathbb E_{z \\sim ${law.name}}`);
      argSyms = applied.map((v) => ({ kind: 'sym', name: v, index: [], upper: [] }));
    } else if (law.kind === 'prob') {
      dist = law.dist;
      argSyms = law.args.map((a) => {
        if (a.kind !== 'sym') throw new Unsupported('an expectation over a law whose arguments are not variables');
        return a;
      });
      given = law.given.map((g) => this.varRef(g, env, d, true));
    } else {
      throw new Unsupported('an expectation over an unknown law');
    }
    const refs = argSyms.map((s) => this.varRef(s, env, d, false));
    let total = A.of(0);
    for (const a of this.assignments(refs)) {
      const weight = this.distribution(dist, a, given, env, d);
      const inner = new Map(env);
      argSyms.forEach((s, i) => { if (s.index.length === 0) for (const k of [s.name, boundKey(s)]) this.bindOutcome(inner, k, a[i]!.base, a[i]!.value!); });
      total = A.add(total, this.product([weight, this.eval(b.body, inner, d)]));
    }
    return total;
  }

  /**
   * `\mathbb E[\mathbf u \mathbf u^\top]` with `\mathbf u := \mathbf x - \boldsymbol\mu_2` and `\mathbf x \sim p`
   * stated: written without a law, an expectation is over the one symbol its body depends on
   * (through definitions, written out here so that the drawn value reaches them) that is stated
   * to follow a law. Every other name in it must be a constant of a defined Gaussian law (μ₂, Σ₂
   * of q = N(μ₂, Σ₂)): a name of unknown status might be random too, and the law would be a guess.
   */
  private statedExpectation(b: Bind): Bind | null {
    const model = this.view.model;
    if (b.vars.length > 0 || model.statedLaws.size === 0) return null;
    const body = writeOutDefinitions(b.body, model.definitions.syms, model.statedLaws);
    const names = freeNames(body);
    const drawn = [...names].filter((n) => model.statedLaws.has(n));
    if (drawn.length !== 1) return null;
    const constants = new Set<string>();
    for (const defs of model.definitions.syms.values()) for (const df of defs) if (gaussianLawOf(definedName(df.lhs) ?? '', model.definitions) === df) for (const n of freeNames(df.rhs)) constants.add(n);
    if ([...names].some((n) => n !== drawn[0] && !constants.has(n) && !CONSTANTS.has(n))) return null;
    return { ...b, vars: drawn, domain: distDomain(model.statedLaws.get(drawn[0]!)!, drawn), body };
  }

  /**
   * E over a Gaussian law by Gauss–Hermite quadrature (through a Cholesky factor for vectors), of
   * a number or, entry by entry, of a vector or matrix.
   * Two rules are compared; when they disagree the value is refused (NaN with the reason), so a
   * body the rules cannot resolve never decides a step.
   */
  private gaussianExpectation(b: Bind, law: { mean: Value<T>; cov: Value<T> }, env: Env<T>, d: number): Value<T> {
    const A = this.A;
    if (b.vars.length !== 1) throw new Unsupported('a Gaussian expectation over several variables at once');
    const vector = isTensor(law.mean);
    let factor: Tensor<T> | null = null;
    if (vector) {
      factor = cholesky(A, tensor.asCovariance(A, law.cov, (law.mean as Tensor<T>).rows));
      if (!factor) return this.fail('a Gaussian whose covariance is not positive definite', A.of(NaN));
    } else if (isTensor(law.cov) || A.compare(law.cov, A.of(0)) <= 0) {
      return this.fail('a Gaussian with non-positive variance', A.of(NaN));
    }
    const dim = factor ? factor.rows : 1;
    if (dim > 3) throw new Unsupported('a Gaussian expectation in more than 3 dimensions');
    /** The point at standard coordinates z (mean + factor · z). */
    const pointAt = (z: T[]): Value<T> => (factor
      ? tensor.add(A, law.mean, tensor.mul(A, factor, { rows: dim, cols: 1, data: z }))
      : A.add(law.mean as T, A.mul(A.pow(law.cov as T, A.of(0.5)), z[0]!)));
    const integrate = (rule: Rule): Value<T> => {
      let total: Value<T> = A.of(0);
      const count = rule.nodes.length ** dim;
      for (let k = 0; k < count; k++) {
        let rest = k; let w = 1; const z: T[] = [];
        for (let j = 0; j < dim; j++) { const i = rest % rule.nodes.length; rest = Math.floor(rest / rule.nodes.length); z.push(A.approx(rule.nodes[i]!)); w *= rule.weights[i]!; }
        const term = tensor.mul(A, A.approx(w), this.value(b.body, extend(env, b, [pointAt(z)], this.view.model.binderKeys), d));
        total = k === 0 ? term : tensor.add(A, total, term);
      }
      return total;
    };
    this.approximated = true;
    if (!polynomialIn(b.body, b.vars[0]!, this.view.model.definitions)) this.inexactQuadrature = true;
    const [coarse, fine] = RULES.map(integrate) as [Value<T>, Value<T>];
    const [c, f] = [tensor.entries(coarse), tensor.entries(fine)];
    if (![...c, ...f].every((v) => A.isFinite(v))) return fine;
    const resolved = c.length === f.length && f.every((v, k) => Math.abs(A.toNumber(A.sub(c[k]!, v))) / Math.max(1, Math.abs(A.toNumber(v))) <= 1e-11);
    if (!resolved) return this.fail('a Gaussian expectation that quadrature does not resolve', A.of(NaN));
    // the nodes reach about 8 standard deviations: mass far out (\mathcal N(z; 20, 1) over \mathcal N(z; 0, 1),
    // e^{12z - 72}) is invisible to both rules, which then agree on 0
    // (in logs: the density past 38 standard deviations is below the smallest double)
    const least = Math.log(1e-13 * Math.max(1, ...f.map((v) => Math.abs(A.toNumber(v)))));
    const onAxis = (z: number, axis: number): Value<T> => pointAt(Array.from({ length: dim }, (_, j) => A.approx(j === axis ? z : 0)));
    // (a probe where the integrand is undefined, 0/0 of two densities that underflow, says nothing: the
    // world keeps no problem from it)
    const problem = this.problem;
    let far = false;
    // (probed in doubles, where every world is screened first; a certain re-check of the same world skips it)
    for (let axis = 0; axis < dim && !far && !A.certain; axis++) {
      const logMass = new Map<number, number>();
      for (const z of TAIL_PROBES) {
        const value = this.value(b.body, extend(env, b, [onAxis(z, axis)], this.view.model.binderKeys), d);
        const size = Math.max(...tensor.entries(value).map((v) => Math.abs(A.toNumber(v))));
        if (Number.isNaN(size)) continue;
        const mass = Math.log(size) - z * z / 2 - Math.log(Math.sqrt(2 * Math.PI));
        logMass.set(z, mass);
        if (mass > least) { far = true; break; }
      }
      // a mass that hardly falls from 80 to 160 standard deviations (e^{z^2/2 - 50}, whose expectation is
      // infinite) is no tail, however small it is there
      const falls = (outer: number, inner: number) => !(logMass.has(outer) && logMass.has(inner)) || logMass.get(outer)! < logMass.get(inner)! - 1000;
      if (!falls(160, 80) || !falls(-160, -80)) far = true;
    }
    this.problem = problem;
    return far ? this.fail('a Gaussian expectation whose integrand has mass beyond what quadrature reaches', A.of(NaN)) : fine;
  }

  // ---------------------------------------------------------------- conditions

  /** The first assumption this world breaks (`P \neq Q`, `a + b > 0`), or null. An assumption
   *  that cannot be evaluated here (it talks about other symbols) constrains nothing. */
  brokenAssumption(): string | null {
    const model = this.view.model;
    for (const c of model.conditions) {
      const dists = [c.lhs, c.rhs].every((e) => e.kind === 'sym' && model.distributions.includes(e.name));
      if (dists && c.op === '!=') {
        if (this.view.sameJoint((c.lhs as Sym).name, (c.rhs as Sym).name)) return 'worlds excluded by an assumption (equal distributions)';
        continue;
      }
      if (dists) continue;
      try {
        if (!this.relationHolds(c, new Map(), 0)) return 'worlds excluded by an assumption';
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
      }
    }
    return null;
  }

  holds(cond: Expr, env: Env<T>, d: number): boolean {
    if (cond.kind !== 'rel') throw new Unsupported('an indicator of something that is not a relation');
    return this.relationHolds(cond, env, d);
  }

  private relationHolds(r: Rel, env: Env<T>, d: number): boolean {
    const A = this.A;
    if (r.op === 'in') {
      // `0 < f(x) \le 1`, read as f(x) in an interval (its last two arguments: whether each end is in it)
      if (r.rhs.kind === 'fn' && r.rhs.name === 'interval' && r.rhs.args.length === 4) {
        const [lo, hi, loIn, hiIn] = r.rhs.args.map((a) => this.eval(a, env, d)) as [T, T, T, T];
        const v = this.eval(r.lhs, env, d);
        const above = A.compare(v, lo); const below = A.compare(v, hi);
        return (above > 0 || (above === 0 && this.plain(loIn) === 1)) && (below < 0 || (below === 0 && this.plain(hiIn) === 1));
      }
      if (r.rhs.kind !== 'set') throw new Unsupported('membership in a set that is not listed');
      const v = this.eval(r.lhs, env, d);
      const set = r.rhs;
      if (set.range) {
        const lo = this.eval(set.range.from, env, d); const hi = this.eval(set.range.to, env, d);
        // read as a plain number: a value that moves cannot be judged an integer (a jump there)
        const n = this.plain(v);
        return Number.isInteger(n) && A.compare(v, lo) >= 0 && A.compare(v, hi) <= 0;
      }
      return set.elems.some((x) => A.compare(v, this.eval(x, env, d)) === 0);
    }
    if (r.op === 'sim') throw new Unsupported('a distributional relation (∼) inside an expression');
    const c = A.compare(this.eval(r.lhs, env, d), this.eval(r.rhs, env, d));
    switch (r.op) {
      case '=': return c === 0;
      case '!=': return c !== 0 && !Number.isNaN(c);
      case '<': return c < 0;
      case '<=': return c <= 0;
      case '>': return c > 0;
      case '>=': return c >= 0;
    }
  }
}


/** A value kept in a world: what evaluating its node took and what the evaluation depended on. */
interface Kept<T> {
  readonly value: Value<T>;
  readonly work: number;
  readonly spent: number;
  /** The depth it was evaluated at, and the deepest node visited. */
  readonly depth: number;
  readonly deepest: number;
  /** An alias was followed (or not) by depth: reused only at the same depth. */
  readonly aliased: boolean;
  /** A seed gave a symbol its value: kept by its own evaluator only. */
  readonly seedRead: boolean;
  /** The joints' variable count (world.ts `jointVariables`). */
  readonly joints: number;
  /** Every definition expanded on the way. */
  readonly entered: readonly Definition[];
}


/** (plain loops: every free symbol's use in every world reads its tuple) */
function finiteTuple(t: Tuple): boolean {
  for (const v of t.index) if (!Number.isFinite(v)) return false;
  for (const v of t.upper) if (!Number.isFinite(v)) return false;
  return true;
}

const sameTuple = (a: Tuple, b: Tuple): boolean =>
  a.index.length === b.index.length && a.upper.length === b.upper.length
  && a.index.every((v, i) => v === b.index[i]) && a.upper.every((v, i) => v === b.upper[i]);

/** A number, or a 1×1 tensor read as one; anything larger is not a number. */
function numberOf<T>(v: Value<T>): T {
  if (!isTensor(v)) return v;
  if (v.rows === 1 && v.cols === 1) return v.data[0]!;
  throw new Unsupported(`a ${v.rows}×${v.cols} vector or matrix where a number is expected`);
}

const headName = (lhs: Expr): string => definedName(lhs) ?? lhs.kind;

/** lo, lo + 1, …, hi (a plain loop: every enumeration of a variable's outcomes in every world builds one). */
export function range(lo: number, hi: number): number[] {
  if (hi < lo) return [];
  const length = hi - lo + 1;
  // (a length that is no finite count is refused as an array's length is)
  if (!Number.isFinite(length)) return Array.from({ length }, (_, i) => lo + i);
  const out: number[] = [];
  for (let i = 0, n = Math.trunc(length); i < n; i++) out.push(lo + i);
  return out;
}

/** Does `e` name the variable `v` itself (not only its components), where a binder of v does not shadow it? */
function namesWhole(e: Expr, v: string, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (e.kind === 'sym' && e.name === v && e.index.length + e.upper.length === 0) return true;
  if (e.kind === 'bind' && e.vars.includes(v)) return false;
  if (e.kind === 'prob') return [...e.args, ...e.given].some((a) => namesWhole(a, v, depth + 1));
  return children(e).some((c) => namesWhole(c, v, depth + 1));
}

/**
 * `e` with every plain name whose definition (a plain name, no parameters) reaches one of
 * `targets` written out as its right side, a few levels deep: `\mathbf u` becomes
 * `\mathbf x - \boldsymbol\mu_2` when `\mathbf u := \mathbf x - \boldsymbol\mu_2`.
 */
function writeOutDefinitions(e: Expr, defs: ReadonlyMap<string, readonly Definition[]>, targets: ReadonlyMap<string, unknown>): Expr {
  let out = e;
  for (let level = 0; level < 4; level++) {
    const map = new Map<string, Expr>();
    for (const name of freeNames(out)) {
      const plain = defs.get(name)?.filter((df) => df.lhs.kind === 'sym' && df.lhs.index.length + df.lhs.upper.length === 0);
      if (plain?.length === 1 && [...freeNames(plain[0]!.rhs)].some((n) => targets.has(n) || defs.has(n))) map.set(name, plain[0]!.rhs);
    }
    if (map.size === 0) return out;
    out = substitute(out, map);
  }
  return out;
}

/** `env` with the binder's variables bound to `values` (under both keys for `\sum_{z^{(i)}}`);
 *  `known` holds binderKeys precomputed for the step's binders. */
export function extend<T>(env: Env<T>, b: Bind, values: readonly Value<T>[], known?: ReadonlyMap<Bind, readonly (readonly string[])[]>): Env<T> {
  const m = new Map(env);
  const keys = known?.get(b) ?? b.vars.map((n) => binderKeys(n, b.body));
  keys.forEach((ks, i) => { for (const k of ks) { m.set(k, values[i]!); m.delete(labelKey(k)); } });
  return m;
}

/** The deepest a recurrence with no start is unrolled (each index is one nested evaluation). */
const MAX_RECURRENCE = 64;

/**
 * `f_t := … f_{t-1} …`: one index, a parameter, whose right side reads f only one index down, and no
 * other definition of f gives a start (`f_1 := …`): the recurrence alone is what the writer stated.
 */
function isBaselessRecurrence(def: Definition, defs: readonly Definition[]): boolean {
  if (defs.length !== 1) return false;
  let steps = stepsDown.get(def);
  if (steps === undefined) { steps = readsOneIndexDown(def); stepsDown.set(def, steps); }
  return steps;
}

/** Read once per definition: at every use of a defined name in every world it was a walk of the right side. */
const stepsDown = new WeakMap<Definition, boolean>();

/** `f_t := … f_{t-1} …`: one index, a parameter, and the right side reads f only one index down. */
function readsOneIndexDown(def: Definition): boolean {
  const lhs = def.lhs;
  if (lhs.kind !== 'sym' || lhs.index.length !== 1 || lhs.upper.length > 0) return false;
  const t = lhs.index[0]!;
  if (t.kind !== 'sym' || t.index.length + t.upper.length > 0) return false;
  let uses = 0;
  let stepsDown = true;
  const walk = (e: Expr): void => {
    if (e.kind === 'sym' && e.name === lhs.name) {
      uses++;
      stepsDown &&= e.index.length === 1 && e.upper.length === 0 && shiftOf(e.index[0]!, t.name) === -1;
      return;
    }
    children(e).forEach(walk);
  };
  walk(def.rhs);
  return uses > 0 && stepsDown;
}
