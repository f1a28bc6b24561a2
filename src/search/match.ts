/**
 * Pattern matching and instantiation of rule sides.
 *
 * Owns: matching modulo associativity/commutativity of + and ·, binders
 * matched up to renaming, higher-order pattern variables (`f_i`, `g(x)` under a
 * binder abstract the bound variable), and capture-avoiding instantiation.
 * Must not: search, normalise or check side conditions.
 *
 * Soundness invariants (an unsound match is a bug):
 *  - a pattern variable never captures a target variable bound by a binder the
 *    pattern matched, unless it is applied to that variable (`f_i` may mention i);
 *  - a bound pattern variable matches only the corresponding bound target variable;
 *  - instantiation renames the rule's binders apart from every name its
 *    bindings mention, so nothing is captured on the way back.
 * Every result list is capped (MATCH_LIMIT) so AC matching cannot blow up.
 */
import { type Expr, type Prob, type Sym, children, domainExprs, refersToBinder, sym } from '../expr/model.js';
import { mentionsAny, substitute } from '../expr/subst.js';
import { type Bindings, type VarRole, boundKey, combine, instantiate, key, variableKey } from '../kernel/index.js';
import { headOf } from './heads.js';

export const MATCH_LIMIT = 24;
/** Bound on the node comparisons of one root match (AC matching is exponential in the worst case). */
export const MATCH_WORK = 4000;
/** Bound on the assignments tried when distributing AC elements over variables. */
const DISTRIBUTION_LIMIT = 512;
const HOLE = '\u0000hole';

interface Env {
  readonly vars: ReadonlyMap<string, VarRole>;
  /** Pattern-bound name → the target name it matched. */
  readonly scope: ReadonlyMap<string, string>;
  /** Target names bound by binders matched so far. */
  readonly targetBound: ReadonlySet<string>;
  /** Comparisons left for this root match, shared by every branch of it. */
  readonly work: { left: number };
}

export interface MatchResult { readonly binding: Bindings; readonly rest: readonly Expr[] }

/**
 * All ways `pattern` matches `target` at the root. With `allowRest`, a + or ·
 * pattern may match part of a + or · target; the unmatched elements come back in `rest`.
 */
export function matchRoot(
  pattern: Expr, target: Expr, vars: ReadonlyMap<string, VarRole>, allowRest: boolean, initial: Bindings = NO_BINDINGS,
): MatchResult[] {
  if ((pattern.kind === 'add' || pattern.kind === 'mul') && target.kind === pattern.kind) {
    // only at the root: inside a larger match, skipping a hopeless try would leave work budget
    // to branches that ran out of it before, and the results could differ
    if (!enoughOfEachKind(acElems(pattern), acElems(target), vars)) return [];
    return matchAC(acElems(pattern), acElems(target), pattern.kind, rootEnv(vars), initial, allowRest);
  }
  return matchExpr(pattern, target, rootEnv(vars), initial).map((binding) => ({ binding, rest: [] }));
}

/** Nothing bound and no scope yet. Read-only (a binding or scope grows by copying), so one empty
 *  map or set serves every root match instead of three fresh ones per try (most tries fail at once). */
const NO_BINDINGS: Bindings = new Map();
const NO_SCOPE: ReadonlyMap<string, string> = new Map();
export const NOTHING_BOUND: ReadonlySet<string> = new Set();

const rootEnv = (vars: ReadonlyMap<string, VarRole>): Env => ({ vars, scope: NO_SCOPE, targetBound: NOTHING_BOUND, work: { left: MATCH_WORK } });

const acElems = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : e.kind === 'mul' ? e.factors : [e]);

function matchExpr(p: Expr, t: Expr, env: Env, b: Bindings): Bindings[] {
  if (--env.work.left < 0) return [];   // out of work: incomplete, never unsound
  switch (p.kind) {
    case 'sym': return matchSym(p, t, env, b);
    case 'num': return t.kind === 'num' && t.value === p.value ? [b] : [];
    case 'const': return t.kind === 'const' ? [b] : [];
    case 'add': case 'mul':
      return t.kind === p.kind ? matchAC(acElems(p), acElems(t), p.kind, env, b, false).map((r) => r.binding) : [];
    case 'call':
      if (env.vars.has(p.fn.name)) return matchApplied(p.fn.name, p.args, t, env, b);
      return t.kind === 'call' && t.args.length === p.args.length ? matchSeq(children(p), children(t), env, b) : [];
    case 'prob': {
      if (t.kind !== 'prob' || t.args.length !== p.args.length || t.given.length !== p.given.length) return [];
      const afterDist = env.vars.get(p.dist.name) === 'dist' && p.dist.index.length === 0
        ? bindVar(p.dist.name, [], t.dist, env, b)
        : matchExpr(p.dist, t.dist, env, b);
      return afterDist.flatMap((s) => matchSeq([...p.args, ...p.given], [...t.args, ...t.given], env, s))
        .flatMap((s) => bindVariables(p, t, env, s)).slice(0, MATCH_LIMIT);
    }
    case 'bind': {
      if (t.kind !== 'bind' || t.op !== p.op || t.vars.length !== p.vars.length || t.domain.kind !== p.domain.kind) return [];
      const scope = new Map(env.scope);
      p.vars.forEach((v, k) => scope.set(v, t.vars[k]!));
      const inner: Env = { ...env, scope, targetBound: new Set([...env.targetBound, ...t.vars]) };
      return matchSeq(domainExprs(p.domain), domainExprs(t.domain), env, b)
        .flatMap((s) => (p.domain.kind === 'dist' && t.domain.kind === 'dist' ? sameVariables(p.domain.rvs, t.domain.rvs, s) : [s]))
        .flatMap((s) => matchExpr(p.body, t.body, inner, s))
        .map((s) => withBoundNames(s, p.vars, t.vars))
        .slice(0, MATCH_LIMIT);
    }
    default:
      return sameShape(p, t) ? matchSeq(children(p), children(t), env, b) : [];
  }
}

/** The random variables a pattern's probability names stand for the target's, consistently
 *  (a rule's `P(x, y)` meets `P(a, b)`: x is A and y is B wherever else they occur). */
function bindVariables(p: Prob, t: Prob, _env: Env, b: Bindings): Bindings[] {
  return sameVariables(p.vars, t.vars, b);
}

function sameVariables(pattern: readonly string[], target: readonly string[], b: Bindings): Bindings[] {
  if (pattern.length !== target.length) return [];
  const out = new Map(b);
  for (const [k, v] of pattern.entries()) {
    const known = out.get(variableKey(v))?.body;
    if (known && !(known.kind === 'sym' && known.name === target[k])) return [];
    out.set(variableKey(v), { params: [], body: sym(target[k]!) });
  }
  return [out];
}

function withBoundNames(b: Bindings, patternVars: readonly string[], targetVars: readonly string[]): Bindings {
  const out = new Map(b);
  patternVars.forEach((v, k) => out.set(boundKey(v), { params: [], body: sym(targetVars[k]!) }));
  return out;
}

/** Same node kind and the same non-child data (function name, relation, set form). */
function sameShape(p: Expr, t: Expr): boolean {
  if (p.kind !== t.kind || children(p).length !== children(t).length) return false;
  if (p.kind === 'fn' && t.kind === 'fn') return p.name === t.name;
  if (p.kind === 'rel' && t.kind === 'rel') return p.op === t.op;
  if (p.kind === 'set' && t.kind === 'set') return !p.range === !t.range;
  return true;
}

function matchSeq(ps: readonly Expr[], ts: readonly Expr[], env: Env, b: Bindings): Bindings[] {
  if (ps.length !== ts.length) return [];
  let states: Bindings[] = [b];
  for (let i = 0; i < ps.length && states.length > 0; i++) {
    states = states.flatMap((s) => matchExpr(ps[i]!, ts[i]!, env, s)).slice(0, MATCH_LIMIT);
  }
  return states;
}

function matchSym(p: Sym, t: Expr, env: Env, b: Bindings): Bindings[] {
  const scoped = env.scope.get(p.name);
  if (scoped !== undefined && refersToBinder(p)) {
    if (t.kind !== 'sym' || t.name !== scoped || !refersToBinder(t)) return [];
    return symParts(p, t) ? matchSeq(children(p), children(t), env, b) : [];
  }
  if (env.vars.has(p.name) && p.upper.length === 0) {
    return p.index.length === 0 ? bindVar(p.name, [], t, env, b) : matchApplied(p.name, p.index, t, env, b);
  }
  if (t.kind !== 'sym' || t.name !== p.name || !symParts(p, t)) return [];
  if (env.targetBound.has(t.name) && refersToBinder(t)) return [];
  return matchSeq(children(p), children(t), env, b);
}

const symParts = (p: Sym, t: Sym): boolean => p.index.length === t.index.length && p.upper.length === t.upper.length;

/** Binds (or checks) a variable, refusing to capture target-bound names other than `params`. */
function bindVar(name: string, params: readonly string[], t: Expr, env: Env, b: Bindings): Bindings[] {
  if (env.vars.get(name) === 'dist' && t.kind !== 'sym') return [];
  const forbidden = [...env.targetBound].filter((n) => !params.includes(n));
  if (mentionsAny(t, forbidden)) return [];
  const old = b.get(name);
  if (old) {
    if (old.params.length !== params.length) return [];
    const renamed = substitute(old.body, new Map(old.params.map((q, k) => [q, sym(params[k]!)] as const)));
    return key(renamed) === key(t) ? [b] : [];
  }
  return [new Map(b).set(name, { params, body: t })];
}

/** The target names a list of pattern arguments stands for, when they are distinct bound variables. */
function boundParams(args: readonly Expr[], env: Env): string[] | null {
  const names = args.map((a) => (a.kind === 'sym' && a.index.length === 0 && refersToBinder(a) ? env.scope.get(a.name) : undefined));
  if (names.some((n) => n === undefined)) return null;
  return new Set(names).size === names.length ? (names as string[]) : null;
}

/**
 * A pattern variable applied to arguments (`f_i`, `g(x)`, `g(a)`).
 * Applied to distinct bound variables it abstracts them (higher-order pattern);
 * otherwise it must already be bound, and its instance is compared — an argument
 * that is a still-unbound variable is solved for by matching the instance.
 */
function matchApplied(name: string, args: readonly Expr[], t: Expr, env: Env, b: Bindings): Bindings[] {
  const params = boundParams(args, env);
  if (params) return bindVar(name, params, t, env, b);
  const lam = b.get(name);
  if (!lam || lam.params.length !== args.length) return [];
  const holes = new Map<string, string>();   // hole name → pattern variable it solves
  const actual = args.map((a, k) => {
    if (a.kind === 'sym' && env.vars.has(a.name) && a.index.length === 0 && !b.has(a.name)) {
      holes.set(`${HOLE}${k}`, a.name);
      return sym(`${HOLE}${k}`);
    }
    return tryInstantiate(a, b, env.vars, env.scope);
  });
  if (actual.some((a) => a === null)) return [];
  const instance = substitute(lam.body, new Map(lam.params.map((q, k) => [q, actual[k]!] as const)));
  if (holes.size === 0) return key(instance) === key(t) ? [b] : [];
  const holeVars = new Map<string, VarRole>([...holes.keys()].map((h) => [h, 'expr']));
  const solved = matchExpr(instance, t, { vars: holeVars, scope: new Map(), targetBound: new Set(), work: env.work }, new Map());
  return solved.flatMap((s) => {
    let out: Bindings[] = [b];
    for (const [hole, v] of holes) {
      const value = s.get(hole)!.body;
      out = out.flatMap((o) => bindVar(v, [], value, env, o));
    }
    return out;
  }).slice(0, MATCH_LIMIT);
}

/** AC matching: structured pattern elements take one target element each; variables absorb the rest. */
function matchAC(
  ps: readonly Expr[], ts: readonly Expr[], kind: 'add' | 'mul', env: Env, b: Bindings, allowRest: boolean,
): MatchResult[] {
  const isAbsorber = (q: Expr): boolean =>
    (q.kind === 'sym' && env.vars.get(q.name) === 'expr' && q.upper.length === 0 && (q.index.length === 0 || boundParams(q.index, env) !== null))
    || (q.kind === 'call' && env.vars.has(q.fn.name) && boundParams(q.args, env) !== null);
  const fixed = ps.filter((q) => !isAbsorber(q)).sort((x, y) => fixedOrder(x, env) - fixedOrder(y, env));
  const absorbers = ps.filter(isAbsorber);
  if (fixed.length > ts.length) return [];
  const out: MatchResult[] = [];
  const assign = (i: number, s: Bindings, used: ReadonlySet<number>): void => {
    if (out.length >= MATCH_LIMIT) return;
    if (i === fixed.length) {
      distribute(absorbers, ts.filter((_, j) => !used.has(j)), kind, env, s, allowRest, out);
      return;
    }
    for (let j = 0; j < ts.length && env.work.left > 0; j++) {
      if (used.has(j)) continue;
      for (const s2 of matchExpr(fixed[i]!, ts[j]!, env, s)) assign(i + 1, s2, new Set([...used, j]));
    }
  };
  assign(0, b, new Set());
  return out;
}

/** The kind of node a pattern element can only match (`fn:log`, `bind:sum`, `pow`, …), or null
 *  when it may match anything (a variable, a variable applied to arguments). Every match case
 *  of matchExpr for a pattern whose head is not a variable requires a target of its own kind. */
function patternKind(q: Expr, vars: ReadonlyMap<string, VarRole>): string | null {
  return headOf(q, vars) === '*' ? null : nodeKind(q);
}

const nodeKind = (e: Expr): string => (e.kind === 'fn' ? `fn:${e.name}` : e.kind === 'bind' ? `bind:${e.op}` : e.kind);

/** Can each structured pattern element (those of a kind: never an absorbing variable) have a
 *  target element of its kind to itself? An AC match gives each a different element, so when
 *  some kind is short the match has no result, and trying it would only spend the work budget
 *  of this one root match to find nothing. */
function enoughOfEachKind(ps: readonly Expr[], ts: readonly Expr[], vars: ReadonlyMap<string, VarRole>): boolean {
  const need = new Map<string, number>();
  for (const q of ps) {
    const k = patternKind(q, vars);
    if (k !== null) need.set(k, (need.get(k) ?? 0) + 1);
  }
  for (const t of ts) {
    if (need.size === 0) return true;
    const k = nodeKind(t);
    const n = need.get(k);
    if (n === 1) need.delete(k); else if (n !== undefined) need.set(k, n - 1);
  }
  return need.size === 0;
}

/** Binders first (they bind most), applications of bound variables to non-variables last. */
function fixedOrder(q: Expr, env: Env): number {
  if (q.kind === 'bind') return 0;
  const applied = (q.kind === 'call' && env.vars.has(q.fn.name)) || (q.kind === 'sym' && env.vars.has(q.name) && q.index.length > 0);
  return applied ? 2 : 1;
}

function distribute(
  absorbers: readonly Expr[], remaining: readonly Expr[], kind: 'add' | 'mul', env: Env, b: Bindings,
  allowRest: boolean, out: MatchResult[],
): void {
  const k = absorbers.length;
  const slots = k + (allowRest ? 1 : 0);   // slot k is "rest"
  if (slots === 0) { if (remaining.length === 0) out.push({ binding: b, rest: [] }); return; }
  if (remaining.length < k) return;
  const total = slots ** remaining.length;
  for (let code = 0; code < total && code < DISTRIBUTION_LIMIT && out.length < MATCH_LIMIT && env.work.left > 0; code++) {
    env.work.left -= remaining.length;
    if (!fillsEveryVariable(code, slots, k, remaining.length)) continue;
    const groups: Expr[][] = Array.from({ length: slots }, () => []);
    let c = code;
    for (const r of remaining) { groups[c % slots]!.push(r); c = Math.floor(c / slots); }
    if (groups.slice(0, k).some((g) => g.length === 0)) continue;
    let states: Bindings[] = [b];
    absorbers.forEach((a, idx) => {
      const value = combine(kind, groups[idx]!);
      states = states.flatMap((s) => matchExpr(a, value, env, s));
    });
    for (const s of states) out.push({ binding: s, rest: allowRest ? groups[k]! : [] });
  }
}

/** Does assignment `code` (element j goes to slot digit j of `code` in base `slots`) leave none
 *  of the first k slots (the variables) empty? Read from the digits, before any group is built:
 *  most assignments leave one empty. (Beyond 30 variables it answers yes and the groups decide.) */
function fillsEveryVariable(code: number, slots: number, k: number, elements: number): boolean {
  if (k > 30) return true;
  let filled = 0;
  for (let j = 0, c = code; j < elements; j++, c = Math.floor(c / slots)) {
    const slot = c % slots;
    if (slot < k) filled |= 1 << slot;
  }
  return filled === 2 ** k - 1;
}

/** Instantiation failures, for callers that try a side and move on. */
export function tryInstantiate(p: Expr, b: Bindings, vars: ReadonlyMap<string, VarRole>, scope: ReadonlyMap<string, string>): Expr | null {
  try { return instantiate(p, b, vars, scope); } catch { return null; }
}
