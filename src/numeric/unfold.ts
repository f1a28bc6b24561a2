/**
 * Definitions unfolded in place, for a derivative: `F(\theta)` with `F(\theta) := body` becomes
 * the body, `\mathcal L(\phi, \lambda)` becomes its right side, `S_j` with `S_j := …` becomes its
 * right side at the use's index. Evaluated, a definition's right side is closed — the variable of
 * a derivative never moves inside it — so `\nabla_{\mu_j} F(\theta)`, with F written over μ_j,
 * would be a derivative of something held fixed. Unfolded, the variable is written where it moves.
 *
 * Only uses whose definition mentions one of the asked names (other than through its parameters)
 * are unfolded, and only when the unfolded form means what the use means: exactly one definition
 * can apply to the use, every parameter is a name the argument can stand in for (a vector
 * parameter whose components the right side reads, `\phi_j` of `\mathcal L(\phi, \lambda)`, only
 * when the argument is that same name), and nothing the right side reads from outside is
 * captured by a binder around the use or by the evaluation's own bound names.
 *
 * Owns: when a use may be replaced by its definition, and the replacement. Must not: evaluate,
 * or touch a use whose definition does not reach the names asked for.
 */
import { call, children, freeNames, key, mapChildren, type Definition, type Expr, type Sym } from '../expr/model.js';
import { definitionSlots, parameterSlots } from '../expr/definitions.js';
import { substitute } from '../expr/subst.js';

/** The definitions of functions and of symbols, by name (as the step's definition table holds them). */
export interface Unfoldable {
  readonly syms: ReadonlyMap<string, readonly Definition[]>;
  readonly calls: ReadonlyMap<string, readonly Definition[]>;
}

/** Rounds of unfolding (a definition whose right side uses another one that reaches the names). */
const MAX_ROUNDS = 6;
/** Nodes the unfolded expression may grow to. */
const MAX_NODES = 20_000;
const MAX_DEPTH = 300;

/**
 * `e` with every use of a definition that reaches one of `names` replaced by its right side.
 * `boundOutside` says whether a name is bound where `e` is evaluated (an enclosing sum's index).
 * Uses that cannot be unfolded faithfully stay as written.
 */
export function unfoldReaching(e: Expr, names: ReadonlySet<string>, defs: Unfoldable, boundOutside: (name: string) => boolean): Expr {
  let current = e;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = unfoldOnce(current, names, defs, boundOutside);
    if (next === current || nodes(next) > MAX_NODES) return current;
    current = next;
  }
  return current;
}

function unfoldOnce(e: Expr, names: ReadonlySet<string>, defs: Unfoldable, boundOutside: (name: string) => boolean): Expr {
  const go = (x: Expr, bound: ReadonlySet<string>, depth: number): Expr => {
    if (depth > MAX_DEPTH) return x;
    const isBound = (n: string) => bound.has(n) || boundOutside(n);
    // a bound variable is no use of a definition of its name
    const local = x.kind === 'sym' && x.upper.length === 0 && isBound(x.name);
    const use = (x.kind === 'sym' && !local) || x.kind === 'call' ? unfoldUse(x, names, defs, isBound) : null;
    if (use) return use;
    if (x.kind === 'bind') {
      const inner = new Set([...bound, ...x.vars]);
      return mapChildren(x, (c) => go(c, c === x.body ? inner : bound, depth + 1));
    }
    return mapChildren(x, (c) => go(c, bound, depth + 1));
  };
  return go(e, new Set(), 0);
}

/** The right side standing for one use, or null when the use is not unfolded. */
function unfoldUse(use: Extract<Expr, { kind: 'sym' | 'call' }>, names: ReadonlySet<string>, defs: Unfoldable, captured: (name: string) => boolean): Expr | null {
  const head = use.kind === 'sym' ? use : use.fn;
  const candidates = (use.kind === 'sym' ? defs.syms : defs.calls).get(head.name) ?? [];
  const given = use.kind === 'sym' ? [...use.index, ...use.upper] : [...use.fn.index, ...use.fn.upper, ...use.args];
  const fitting = candidates.filter((d) => mayApply(d, given));
  if (fitting.length !== 1) return null;
  const def = fitting[0]!;
  if (!fitting.every((d) => applies(d, given))) return null;
  const { slots } = definitionSlots(def.lhs);
  const params = parameterSlots(def);
  const paramNames = new Set(slots.filter((_, i) => params[i]).map((s) => (s as Sym).name));
  const outside = [...freeNames(def.rhs)].filter((n) => !paramNames.has(n));
  // the names reach the body through the right side itself, or through an argument standing for a
  // parameter the right side reads by components (its value passed whole cannot be read so)
  const throughComponents = slots.some((slot, i) => params[i] && usedWithScripts(def.rhs, (slot as Sym).name)
    && [...freeNames(given[i]!)].some((n) => names.has(n)));
  if (!outside.some((n) => names.has(n)) && !throughComponents) return null;
  if (outside.some(captured)) return null;
  const map = new Map<string, Expr>();
  for (let i = 0; i < slots.length; i++) {
    if (!params[i]) continue;
    const slot = slots[i] as Sym;
    const arg = given[i]!;
    if (key(arg) === key(slot)) continue;
    // a parameter read with scripts (a vector's components, a sample) stands only for its own name
    if (slot.upper.length > 0 || usedWithScripts(def.rhs, slot.name)) return null;
    map.set(slot.name, arg);
  }
  return substitute(def.rhs, map);
}

/** Could the definition apply to a use with these slots (same shape; literal slots not ruled out)? */
function mayApply(def: Definition, given: readonly Expr[]): boolean {
  const { slots, given: conditions } = definitionSlots(def.lhs);
  if (conditions > 0 || slots.length !== given.length) return false;
  const params = parameterSlots(def);
  // a literal number slot may match an index that evaluates to it: possible unless both are numbers and differ
  return slots.every((slot, i) => params[i] || key(slot) === key(given[i]!) || (slot.kind === 'num' && given[i]!.kind !== 'num'));
}

/** Does the definition certainly apply to the use (every literal slot written the same)? */
function applies(def: Definition, given: readonly Expr[]): boolean {
  const { slots } = definitionSlots(def.lhs);
  const params = parameterSlots(def);
  return slots.every((slot, i) => params[i] || key(slot) === key(given[i]!));
}

/** Does `e` use `name` with a subscript or a superscript (`\phi_j` of a vector parameter φ)? */
function usedWithScripts(e: Expr, name: string, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (e.kind === 'sym' && e.name === name && e.index.length + e.upper.length > 0) return true;
  return children(e).some((c) => usedWithScripts(c, name, depth + 1));
}

function nodes(e: Expr): number {
  let n = 0;
  const stack: Expr[] = [e];
  while (stack.length > 0 && n <= MAX_NODES) {
    n++;
    stack.push(...children(stack.pop()!));
  }
  return n;
}

/**
 * The arguments of a function's one definition when they are all plain names (`\mathcal J(\phi, \mu,
 * \Sigma) := …`): a bare `\mathcal J` under a derivative with respect to one of them (or a part, μ_j)
 * is the function at those arguments. Null for a name without such a definition.
 */
export function ownArguments(s: Sym, calls: ReadonlyMap<string, readonly Definition[]>): Sym[] | null {
  if (s.index.length + s.upper.length > 0) return null;
  const defs = (calls.get(s.name) ?? []).filter((d) => d.lhs.kind === 'call' && key(d.lhs.fn) === key(s));
  const lhs = defs.length === 1 ? defs[0]!.lhs : null;
  if (lhs === null || lhs.kind !== 'call' || lhs.args.length === 0) return null;
  return lhs.args.every((a) => a.kind === 'sym' && a.index.length + a.upper.length === 0) ? lhs.args as Sym[] : null;
}

/** `e` with every bare name of a function defined over names, one of them `variable`, applied at those names. */
export function applyBare(e: Expr, variable: string, calls: ReadonlyMap<string, readonly Definition[]>): Expr {
  const go = (x: Expr, depth: number): Expr => {
    if (depth > MAX_DEPTH) return x;
    const own = x.kind === 'sym' ? ownArguments(x, calls) : null;
    if (x.kind === 'sym' && own !== null && own.some((a) => a.name === variable)) return call(x, own);
    return x.kind === 'call' ? x : mapChildren(x, (c) => go(c, depth + 1));
  };
  return go(e, 0);
}

/**
 * `\frac{\partial L_C}{\partial \mu}` with `L_C(\mu) := …`: the bare name means L_C(μ). Likewise
 * `\nabla_{\mu_j} \mathcal J` with `\mathcal J(\phi, \mu, \Sigma) := …` (its one definition, over names,
 * one of them the variable's): the function at its own arguments, of which μ_j is a part.
 */
export function appliedBare(body: Expr, wrt: Expr, calls: ReadonlyMap<string, readonly Definition[]>): Expr {
  if (body.kind === 'sym') {
    const defs = (calls.get(body.name) ?? []).filter((d) => d.lhs.kind === 'call' && key(d.lhs.fn) === key(body));
    if (defs.some((d) => d.lhs.kind === 'call' && d.lhs.args.length === 1 && key(d.lhs.args[0]!) === key(wrt))) return call(body, [wrt]);
  }
  const base = wrt.kind === 'pow' ? wrt.base : wrt;
  // (a bare name anywhere in the body: \frac{\partial}{\partial \phi_j}[\mathcal J + \lambda(1 - \sum_l \phi_l)])
  return base.kind === 'sym' ? applyBare(body, base.name, calls) : body;
}
