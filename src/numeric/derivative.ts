/**
 * Derivatives at a sampled point: `\frac{\partial}{\partial \mu_j} f`, `\nabla_{\Sigma_j} f`,
 * `\frac{d}{d\mu} L_C(\mu)`, `\frac{\partial L_C}{\partial \mu}` (a defined function written bare),
 * `\nabla_{\Sigma^{-1}} f`, `\frac{\partial}{\partial \sigma^2} f`.
 *
 * How. The body is evaluated once in dual numbers (dual.ts): the variable is seeded with one
 * unit tangent per direction, and every other value is a constant. The result is
 *  - for a scalar variable: the derivative, of the body's shape (a vector body gives a vector);
 *  - for a d×1 (or 1×d) vector: the gradient, of the variable's shape;
 *  - for a d×d matrix: the gradient G with G_ij = ∂f/∂X_ij, entries independent. For a
 *    symmetric matrix (Σ, Λ, or assumed ≻ 0) the directions are the symmetric (E_ij + E_ji)/2,
 *    which gives the symmetric part of the entrywise gradient — the homework's convention:
 *    ∂ log|Σ|/∂Σ = Σ^{-1}, ∂ aᵀΣ^{-1}a/∂Σ = −Σ^{-1}aaᵀΣ^{-1}. Only that part is determined by f
 *    on symmetric matrices (how a formula extends off them is arbitrary), so the evaluator notes
 *    it and relations.ts never refutes a claimed gradient that differs only by an antisymmetric part.
 * A Jacobian (a vector or matrix differentiated by a vector or matrix) has two layouts in use
 * and is not evaluated.
 *
 * Why dual numbers and not a difference quotient (soundness of the certain re-check). A finite
 * difference is off by a truncation error no arithmetic can bound without bounds on higher
 * derivatives; re-checking it in exact rationals would only certify the quotient, not the
 * derivative, and could refute a true identity. Forward-mode differentiation has no truncation
 * error: in exact rationals it is the exact derivative, in decimal intervals an enclosure of it
 * (each operation's derivative rule is applied in the same arithmetic as its value). So a
 * refutation that survives the re-check rests on the derivative's true value. Two things could
 * still make the dual evaluation differ from the derivative, and both are guarded:
 *  - a kink or jump exactly at the point (min, max, |·| at 0, an indicator): a tie between values
 *    moving apart raises NotDifferentiable and the world is skipped;
 *  - a path that turns a value into a plain number and back (an index, a bound, a matrix power's
 *    exponent): the evaluator refuses it when the value carries a tangent (`Unsupported`).
 * Belt and braces, in doubles only: every dual evaluation is compared with a central difference
 * (Richardson-extrapolated, along a mix of all directions); a world where they disagree beyond
 * the difference's own error estimate is skipped, never judged. A suspected counterexample is
 * only ever re-checked on a world that passed this comparison in doubles.
 *
 * What the variable may be. A free symbol or family member (μ_j with j bound or free: it is
 * matched by name and the value of its scripts, so in `\sum_l \phi_l` the term l = j moves), a
 * defined one (μ := …: the derivative at its value, the body's μ moving), or a bound variable; a power of one (σ², Σ^{-1}: the chain rule through the power); or another
 * expression E (what `⇒ μ = E` leaves after substituting E for μ): its occurrences in the body
 * become the variable, provided the body mentions none of E's own symbols elsewhere. Refused, as
 * ambiguous: a variable that a definition reached from the body mentions (a dependence hidden in a
 * definition — total or partial?), a variable written with other scripts in the body (μ beside
 * μ_j), a count or an outcome.
 *
 * Must not: decide verdicts, or evaluate anything itself (the evaluator lends that, DerivativeHost).
 */
import { DOUBLE, type Arith } from './arith.js';
import { definitionShape, type StepModel } from './analysis.js';
import { call, children, freeNames, key, mapChildren, sym, type Deriv, type Expr, type Sym } from '../expr/model.js';
import { constantDual, dualArith, NotDifferentiable, type Dual } from './dual.js';
import * as tensor from './tensor.js';
import { entries, isTensor, type Tensor, type Value } from './tensor.js';
import { TooLarge, Unsupported, type Tuple } from './world.js';
import { appliedBare, unfoldReaching } from './unfold.js';
import { sharedValues, type SharedValues } from './reuse.js';
import { familyRanges, type FamilyRange } from './member-range.js';
import { pointOf } from './stationarity.js';

/** What stands for the variable while the body is evaluated: a free symbol's member (its name and
 *  the values of its scripts), or the environment key of a bound variable. */
export type Target =
  | { readonly kind: 'free'; readonly name: string; readonly tuple: Tuple }
  | { readonly kind: 'bound'; readonly key: string };
export interface Seed<T> { readonly target: Target; readonly value: Value<T> }
/** A body's value, and whether the seeded variable was read at all while computing it. */
export interface Evaluated<T> { readonly value: Value<T>; readonly reached: boolean }

/** What the evaluator lends a derivative, in the environment where the derivative stands. */
export interface DerivativeHost<T> {
  readonly A: Arith<T>;
  readonly model: StepModel;
  value(e: Expr): Value<T>;
  /** The environment key a symbol is bound under here, or null when it is free. */
  boundKey(s: Sym): string | null;
  tuple(s: Sym): Tuple;
  /** Does a value here carry an enclosing derivative's change? */
  moving(t: T): boolean;
  /** The body in arithmetic B (over this one: `lift` reads its numbers; `moving` tells a value that
   *  carries a derivative's change), with the seed's target standing for its value. */
  evaluate<U>(B: Arith<U>, lift: (t: T) => U, moving: (u: U) => boolean, seed: Seed<U>, body: Expr, shared?: SharedValues): Evaluated<U>;
  /** A gradient with respect to a symmetric matrix was taken: only its symmetric part is determined. */
  symmetric(): void;
}

/** The name the variable gets when it is an expression (never a name a document can write). */
const FRESH = '\u0000∂';

interface Variable<T> {
  readonly target: Target;
  readonly body: Expr;
  /** The target's value. */
  readonly at: Value<T>;
  /** The variable's value (the target's, or the power's, or the expression's): the gradient's shape. */
  readonly of: Value<T>;
  readonly symmetric: boolean;
  /** The target's change for a unit change of the variable along `dir` (a linear map). */
  readonly push: (dir: Value<T>) => Value<T>;
}

export function derivativeValue<T>(host: DerivativeHost<T>, e: Deriv): Value<T> {
  const A = host.A;
  const v = variableOf(host, e.wrt, unfolded(host, e));
  const dirs = directions(A, v.of, v.symmetric);
  const moves = dirs.map(v.push);
  const lift = constantDual(A, dirs.length);
  const seed: Seed<Dual<T>> = { target: v.target, value: seeded(v.at, moves, lift) };
  const moving = (x: Dual<T>) => x.d.some((t) => !A.isZero(t)) || host.moving(x.v);
  const { value: out, reached } = host.evaluate(dualArith(A, dirs.length), lift, moving, seed, v.body);
  // φ_j in a body that speaks of φ_l only for l = 1..k, at a j outside: the writer's j ranges over
  // the family the body covers, so such a point is no instance of the claim
  if (!reached && v.target.kind === 'free' && mentions(v.body, v.target.name)) {
    throw new TooLarge(`the variable of the derivative does not occur in the body at this point (an index outside the range the body covers)`);
  }
  // …and so is a j outside every range the body sums the family over, even where another term
  // (μ_{\tilde z^{(i)}}) happens to reach it
  if (v.target.kind === 'free' && outsideFamilyRanges(host, v.body, v.target)) {
    throw new TooLarge(`the variable's index lies outside the range the body sums its family over`);
  }
  const result = assemble(A, out, v.of);
  if (A === (DOUBLE as Arith<unknown>)) crossCheck(host as unknown as DerivativeHost<number>, v as unknown as Variable<number>, moves as Value<number>[], out as Value<Dual<number>>);
  if (v.symmetric) host.symmetric();
  return result;
}

/**
 * Are the derivatives in `e` all at its top: terms of a sum, times numbers, transposed, or the
 * whole side (with no derivative inside their bodies)? Only there does the undetermined
 * antisymmetric part of a gradient with respect to a symmetric matrix stay an antisymmetric
 * part of the side, which relations.ts can set aside; anywhere else it could change the value.
 */
export function derivativesOnTop(e: Expr): boolean {
  const noDerivative = (x: Expr, depth: number): boolean => depth > 400 || (x.kind !== 'deriv' && children(x).every((c) => noDerivative(c, depth + 1)));
  const top = (x: Expr, depth: number): boolean => {
    if (depth > 400) return false;
    switch (x.kind) {
      case 'deriv': return noDerivative(x.body, depth + 1);
      case 'add': return x.terms.every((t) => top(t, depth + 1));
      case 'mul': {
        const moving = x.factors.filter((f) => !noDerivative(f, depth + 1));
        if (moving.length === 0) return true;
        // a derivative times numbers only: a matrix factor would mix its parts
        return moving.length === 1 && top(moving[0]!, depth + 1) && x.factors.every((f) => f === moving[0] || isNumber(f));
      }
      case 'fn': return x.name === 'transpose' && x.args.length === 1 ? top(x.args[0]!, depth + 1) : noDerivative(x, depth);
      default: return noDerivative(x, depth);
    }
  };
  return top(e, 0);
}

/** A constant written with numbers only (2, ½, −1). */
const isNumber = (e: Expr): boolean => e.kind !== 'deriv' && freeNames(e).size === 0 && children(e).every(isNumber);

// ---------------------------------------------------------------- the variable

function variableOf<T>(host: DerivativeHost<T>, wrt: Expr, body: Expr): Variable<T> {
  const A = host.A;
  // `\frac{\partial J}{\partial \mu}`: a bare name differentiated names a function of the variable,
  // never a constant, whatever it is sampled as
  if (body.kind === 'sym' && key(body) !== key(wrt)) {
    throw new Unsupported(`∂${showSym(body)}/∂(…) differentiates a name written without arguments: define it as a function of the variable (J(\\mu) := …) and write J(\\mu)`);
  }
  const bare = bareFunction(body, host.model);
  if (bare !== null) throw new Unsupported(`the body uses ${showSym(sym(bare))}, a function defined with arguments, without them`);
  const point = pointOf(wrt);
  if (point) {
    // taken at a point (a condition checked at its solution): the variable's symbol reads the point
    const base = point.variable.kind === 'pow' ? point.variable.base : point.variable;
    if (base.kind !== 'sym' || pointOf(point.variable)) throw new Unsupported('a derivative at a point of something that is not a variable');
    const names = freeNames(base);
    const pointed: DerivativeHost<T> = { ...host, value: (x) => host.value(replaceByKey(x, base, point.at, names)) };
    return variableOf(pointed, point.variable, body);
  }
  if (wrt.kind === 'sym') return symbolVariable(host, wrt, body);
  if (wrt.kind === 'pow' && wrt.base.kind === 'sym' && wrt.exp.kind === 'num' && wrt.exp.value !== 0) {
    const base = symbolVariable(host, wrt.base, body);
    const k = wrt.exp.value;
    const of = host.value(wrt);
    if (isTensor(base.at)) {
      if (k !== -1) throw new Unsupported(`a derivative with respect to the power ${k} of a matrix`);
      // W = V^{-1}: dV = −V dW V
      const V = base.at;
      return { ...base, of, symmetric: base.symmetric, push: (dW) => tensor.mul(A, A.of(-1), tensor.mul(A, tensor.mul(A, V, dW), V)) };
    }
    // w = v^k: dv = dw / (k v^{k-1})
    const slope = A.mul(A.of(k), A.pow(base.at, A.of(k - 1)));
    return { ...base, of, push: (dw) => A.div(dw as T, slope) };
  }
  return expressionVariable(host, wrt, body);
}

function symbolVariable<T>(host: DerivativeHost<T>, s: Sym, body: Expr): Variable<T> {
  const { model } = host;
  const shown = showSym(s);
  otherScripts(body, s);
  hiddenDependence(body, s.name, model);
  const bound = host.boundKey(s);
  const at = host.value(s);
  const symmetric = isTensor(at) && symmetricValue(host.A, at);
  if (bound !== null) return { target: { kind: 'bound', key: bound }, body, at, of: at, symmetric, push: (d) => d };
  // a defined variable (μ := the solution) fixes the point: the body's μ moves, from μ's value
  if (model.definitions.syms.has(s.name)) return { target: { kind: 'free', name: s.name, tuple: host.tuple(s) }, body, at, of: at, symmetric, push: (d) => d };
  const f = model.freeByName.get(s.name);
  if (!f || !['scalar', 'vector', 'matrix'].includes(f.sort)) {
    throw new Unsupported(`a derivative with respect to ${shown}, which is ${f ? `a ${f.sort === 'unsupported' ? f.kind : f.sort}` : 'not a sampled quantity'}`);
  }
  return { target: { kind: 'free', name: s.name, tuple: host.tuple(s) }, body, at, of: at, symmetric: f.sort === 'matrix' && f.definite, push: (d) => d };
}

/** E standing for the variable: its occurrences in the body become a fresh symbol. */
function expressionVariable<T>(host: DerivativeHost<T>, wrt: Expr, body: Expr): Variable<T> {
  if (wrt.kind === 'num' || wrt.kind === 'const') throw new Unsupported('a derivative with respect to a number');
  const names = freeNames(wrt);
  const abstracted = replaceByKey(body, wrt, sym(FRESH), names);
  const left = [...freeNames(abstracted)].find((n) => names.has(n));
  if (left !== undefined) {
    throw new Unsupported(`a derivative with respect to an expression whose symbol ${showSym(sym(left))} the body also uses elsewhere`);
  }
  const at = host.value(wrt);
  return { target: { kind: 'free', name: FRESH, tuple: { index: [], upper: [] } }, body: abstracted, at, of: at, symmetric: isTensor(at) && symmetricValue(host.A, at), push: (d) => d };
}

/** Unfolded bodies, per step model and derivative (the same node is evaluated in every world). */
const UNFOLDED = new WeakMap<object, WeakMap<Deriv, Expr>>();

/**
 * The body with the definitions that reach the variable written out (unfold.ts): `F(\theta)` with
 * F defined over μ_j is F's right side, where μ_j moves. The names bound where the derivative
 * stands are the same at every evaluation of this node, so the result is kept.
 */
function unfolded<T>(host: DerivativeHost<T>, e: Deriv): Expr {
  const table = host.model.definitions;
  const known = UNFOLDED.get(table) ?? new WeakMap<Deriv, Expr>();
  UNFOLDED.set(table, known);
  const hit = known.get(e);
  if (hit) return hit;
  const wrt = pointOf(e.wrt)?.variable ?? e.wrt;
  const base = wrt.kind === 'pow' ? wrt.base : wrt;
  const applied = appliedBare(e.body, wrt, host.model.definitions.calls);
  // an expression in the variable's place (what `⇒ μ = E` leaves) moves where the body writes it,
  // arguments included: its symbols inside a definition are that definition's own data
  const body = base.kind === 'sym' ? unfoldReaching(applied, new Set([base.name]), table, (n) => host.boundKey(sym(n)) !== null) : applied;
  known.set(e, body);
  return body;
}

/** A function the file defines with arguments (`\mathcal J(\phi, \mu, \Sigma) = …`) written bare in the body, or null. */
function bareFunction(body: Expr, model: StepModel): string | null {
  let found: string | null = null;
  const walk = (e: Expr, depth: number): void => {
    if (found !== null || depth > 400) return;
    if (e.kind === 'sym' && model.definitions.calls.has(e.name) && !model.definitions.syms.has(e.name)) { found = e.name; return; }
    // a call's head is no bare use
    const parts = e.kind === 'call' ? [...e.fn.index, ...e.fn.upper, ...e.args] : children(e);
    for (const c of parts) walk(c, depth + 1);
  };
  walk(body, 0);
  return found;
}

/** Refuses μ in a body differentiated by μ_j (or the reverse): one name, two meanings. */
function otherScripts(body: Expr, s: Sym): void {
  const walk = (e: Expr, bound: ReadonlySet<string>, depth: number): void => {
    if (depth > 400) return;
    if (e.kind === 'sym' && e.name === s.name && !(bound.has(e.name) && e.upper.length === 0)
        && (e.index.length !== s.index.length || e.upper.length !== s.upper.length)) {
      throw new Unsupported(`the body uses ${showSym(e)} beside the variable ${showSym(s)}: which one moves is not clear`);
    }
    const inner = e.kind === 'bind' ? new Set([...bound, ...e.vars]) : bound;
    for (const c of children(e)) walk(c, e.kind === 'bind' && c === e.body ? inner : bound, depth + 1);
  };
  walk(body, new Set(), 0);
}

/** Refuses a variable that a definition reached from the body mentions: the evaluator moves the
 *  variable only where the body writes it (and through definitions' arguments), never inside a
 *  definition's own right side, so such a dependence would be silently held fixed. */
function hiddenDependence(body: Expr, name: string, model: StepModel): void {
  const { syms, calls, probs } = model.definitions;
  const seen = new Set<unknown>();
  const queue: Expr[] = [body];
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const e = queue.pop()!;
    for (const n of headNames(e)) {
      for (const def of [...(syms.get(n) ?? []), ...(calls.get(n) ?? []), ...(probs.get(n) ?? [])]) {
        if (seen.has(def)) continue;
        seen.add(def);
        const { parameterNames, rhsNames } = definitionShape(def);
        if (rhsNames.has(name) && !parameterNames.has(name)) {
          throw new Unsupported(`the definition of ${showSym(sym(n))} depends on the variable ${showSym(sym(name))}: differentiate it written out, or give it ${showSym(sym(name))} as an argument`);
        }
        queue.push(def.rhs);
      }
    }
  }
}

/**
 * Does the target's index lie outside every range `\sum_{l=a}^{b}` the body runs the family over
 * (μ_l with l the sum's variable)? False when the body sums the family over no such range, or when
 * a bound cannot be read where the derivative stands.
 */
function outsideFamilyRanges<T>(host: DerivativeHost<T>, body: Expr, target: Extract<Target, { kind: 'free' }>): boolean {
  if (target.tuple.index.length !== 1) return false;
  const at = target.tuple.index[0]!;
  const ranges = familyRanges(body, target.name);
  if (ranges.length === 0) return false;
  const inside = (r: FamilyRange): boolean => {
    try {
      const [lo, hi] = [host.value(r.from), host.value(r.to)];
      return isTensor(lo) || isTensor(hi) || (host.A.toNumber(lo) <= at && at <= host.A.toNumber(hi));
    } catch (e) {
      if (e instanceof Unsupported) return true;
      throw e;
    }
  };
  return !ranges.some(inside);
}

/** Does `e` mention the symbol `name` free anywhere? */
const mentions = (e: Expr, name: string): boolean => freeNames(e).has(name);

function headNames(e: Expr, out: Set<string> = new Set(), depth = 0): Set<string> {
  if (depth > 400) return out;
  if (e.kind === 'sym') out.add(e.name);
  if (e.kind === 'call') out.add(e.fn.name);
  if (e.kind === 'prob') out.add(e.dist.name);
  for (const c of children(e)) headNames(c, out, depth + 1);
  return out;
}

/** Occurrences of `target` (by key) replaced; a binder of one of its names shields its body. */
function replaceByKey(e: Expr, target: Expr, by: Expr, names: ReadonlySet<string>): Expr {
  const k = key(target);
  const go = (x: Expr): Expr => {
    if (key(x) === k) return by;
    if (x.kind === 'bind' && x.vars.some((v) => names.has(v))) return x;
    return mapChildren(x, go);
  };
  return go(e);
}

const showSym = (s: Sym): string => (s.name === FRESH ? 'the variable' : s.index.length + s.upper.length === 0 ? s.name : `${s.name}_{…}`);

/** A square matrix equal to its transpose (read as doubles: the decision only picks a convention). */
function symmetricValue<T>(A: Arith<T>, m: Tensor<T>): boolean {
  if (m.rows !== m.cols) return false;
  const at = (i: number, j: number) => A.toNumber(m.data[i * m.cols + j]!);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < i; j++) if (Math.abs(at(i, j) - at(j, i)) > 1e-12 * (1 + Math.abs(at(i, j)))) return false;
  }
  return true;
}

// ---------------------------------------------------------------- directions and results

/** Unit directions in the variable's space: 1; E_k for vectors; E_ij or (E_ij + E_ji)/2 for matrices. */
function directions<T>(A: Arith<T>, of: Value<T>, symmetric: boolean): Value<T>[] {
  if (!isTensor(of)) return [A.of(1)];
  const { rows, cols } = of;
  return Array.from({ length: rows * cols }, (_, m) => {
    const i = Math.floor(m / cols); const j = m % cols;
    const data = Array.from({ length: rows * cols }, (_, q) => {
      const r = Math.floor(q / cols); const c = q % cols;
      if (!symmetric || i === j) return A.of(r === i && c === j ? 1 : 0);
      return A.of((r === i && c === j) || (r === j && c === i) ? 0.5 : 0);
    });
    return { rows, cols, data };
  });
}

/** The target's value with tangent m = moves[m]. */
function seeded<T>(at: Value<T>, moves: readonly Value<T>[], lift: (t: T) => Dual<T>): Value<Dual<T>> {
  const tangent = (q: number) => moves.map((mv) => entries(mv)[q]!);
  if (!isTensor(at)) return { v: at, d: tangent(0) };
  const shapes = moves.every((mv) => isTensor(mv) && mv.rows === at.rows && mv.cols === at.cols);
  if (!shapes) throw new Unsupported('a derivative whose variable changes shape');
  void lift;
  return { rows: at.rows, cols: at.cols, data: at.data.map((v, q) => ({ v, d: tangent(q) })) };
}

/** The derivative from the dual result: per body entry for a scalar variable; the gradient (the variable's shape) for a scalar body. */
function assemble<T>(A: Arith<T>, out: Value<Dual<T>>, of: Value<T>): Value<T> {
  if (!isTensor(of)) return isTensor(out) ? { rows: out.rows, cols: out.cols, data: out.data.map((x) => x.d[0]!) } : out.d[0]!;
  const one = isTensor(out) ? (out.rows === 1 && out.cols === 1 ? out.data[0]! : null) : out;
  if (one === null) throw new Unsupported('the derivative of a vector or matrix by a vector or matrix (a Jacobian: its layout is a convention)');
  void A;
  return { rows: of.rows, cols: of.cols, data: one.d.slice() };
}

// ---------------------------------------------------------------- belt and braces

/** Steps tried for the central difference, relative to the variable's size. */
const STEPS = [2 ** -8, 2 ** -12, 2 ** -16];

/**
 * The dual result against a Richardson-extrapolated central difference along one mix of all
 * directions (doubles only). Throws NotDifferentiable — the world is skipped — when no step
 * gives agreement within the difference's own error estimate.
 */
function crossCheck(host: DerivativeHost<number>, v: Variable<number>, moves: readonly Value<number>[], out: Value<Dual<number>>): void {
  const A = DOUBLE;
  const weights = moves.map((_, m) => (m % 2 === 0 ? 1 : -1) * (1 + ((3 * m) % 7)) / 7);
  const along = moves.reduce<Value<number>>((s, mv, m) => tensor.add(A, s, tensor.mul(A, weights[m]!, mv)), isTensor(v.at) ? tensor.mul(A, 0, v.at) : 0);
  const dual = entries(out).map((x) => x.d.reduce((s, t, m) => s + weights[m]! * t, 0));
  const size = Math.max(1, ...entries(v.at).map(Math.abs));
  const reach = Math.max(...entries(along).map(Math.abs));
  if (!(reach > 0)) return;
  // the points differ only in the variable's value: what reads no seed is evaluated once for all of them
  const shared = sharedValues();
  const f = (t: number): number[] => entries(host.evaluate(A, (x) => x, host.moving, { target: v.target, value: tensor.add(A, v.at, tensor.mul(A, t, along)) }, v.body, shared).value) as number[];
  for (const step of STEPS) {
    const h = (step * size) / reach;
    const [up, down, upHalf, downHalf] = [f(h), f(-h), f(h / 2), f(-h / 2)];
    const all = [...up, ...down, ...upHalf, ...downHalf];
    if (!all.every(Number.isFinite) || up.length !== dual.length) continue;
    const top = Math.max(1, ...all.map(Math.abs));
    const agree = dual.every((ad, q) => {
      const wide = (up[q]! - down[q]!) / (2 * h);
      const narrow = (upHalf[q]! - downHalf[q]!) / h;
      const extrapolated = (4 * narrow - wide) / 3;
      const slack = 1e-6 * (1 + Math.abs(ad) + Math.abs(extrapolated)) + 4 * Math.abs(narrow - wide) + (1e-13 * top) / h;
      return Math.abs(ad - extrapolated) <= slack;
    });
    if (agree) return;
  }
  throw new NotDifferentiable('the derivative is not resolved here (differentiation and finite differences disagree)');
}
