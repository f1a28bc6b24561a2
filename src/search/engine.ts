/**
 * The search's rewriting machinery: rules compiled into directed rewrites indexed by
 * head symbol, positions, one rule application with the certificates of its side
 * conditions, and the monotone contexts that carry an inequality from a subterm to the whole.
 *
 * Owns: "what one rule application at one position yields". Must not: search
 * (search.ts) or decide what is proved (the kernel does).
 */
import { type Expr, children, domainExprs, samePlainData } from '../expr/model.js';
import { capturable } from '../expr/subst.js';
import { type OrderRelation as RuleRelation, compose as composeRelations, converse, establishes, throughSign, weaken } from '../expr/relations.js';
import {
  type Bindings, type ContextLevel, type Rule, type SignCert, combine, congruence, failedCondition, instantiate, key, normalize,
  normalizeReplacing,
} from '../kernel/index.js';
import { headOf } from './heads.js';
import { type MatchResult, matchRoot, NOTHING_BOUND } from './match.js';
import type { SearchContext } from './types.js';

export { headOf } from './heads.js';
export const compose = composeRelations;

/** A rule used in one direction. */
export interface Directed {
  readonly rule: Rule;
  readonly forward: boolean;
  readonly from: Expr;
  readonly to: Expr;
  /** from `relation` to. */
  readonly relation: RuleRelation;
}

/** A monotonicity rule (one with a premise `a REL b`) used to carry an inequality through a node. */
export interface Congruence extends Directed {
  readonly hole: string;
  readonly other: string;
  /** +1: the node moves the same way as the hole; −1: the opposite way. */
  readonly sign: 1 | -1;
}

export interface Compiled {
  /** Directed rewrites by head symbol of their source side; '*' holds those that fit any head. */
  readonly byHead: ReadonlyMap<string, readonly Directed[]>;
  readonly congruences: readonly Congruence[];
  /** Directions whose target side has variables the source does not bind (`\max_\theta f(\theta) \ge f(a)`):
   *  they only close a gap, matching the source at one end and the target at the other. */
  readonly closing: readonly Directed[];
  readonly byName: ReadonlyMap<string, Rule>;
}

/** Does having shown `have` prove the goal relation? */
export const satisfies = establishes;

const varsOf = (e: Expr, rule: Rule, out: Set<string> = new Set()): Set<string> => {
  if (e.kind === 'sym' && rule.vars.has(e.name)) out.add(e.name);
  if (e.kind === 'call' && rule.vars.has(e.fn.name)) out.add(e.fn.name);
  if (e.kind === 'prob' && rule.vars.has(e.dist.name)) out.add(e.dist.name);
  children(e).forEach((c) => varsOf(c, rule, out));
  return out;
};

/** A direction can rewrite when its source has some structure — not a bare variable, nor only
 *  variables joined by + or · (`n c` would match every product) — and binds every variable of its target. */
function usable(from: Expr, to: Expr, rule: Rule): 'rewrite' | 'closing' | 'never' {
  if (headOf(from, rule.vars) === '*') return 'never';
  if ((from.kind === 'add' || from.kind === 'mul') && children(from).every((c) => headOf(c, rule.vars) === '*')) return 'never';
  const bound = varsOf(from, rule);
  return [...varsOf(to, rule)].every((v) => bound.has(v)) ? 'rewrite' : 'closing';
}

/** The `file` of rules implemented in code (only `algebra`), which have no pattern to compile. */
export const BUILTIN = '(builtin)';

export function compile(rules: readonly Rule[]): Compiled {
  const byHead = new Map<string, Directed[]>();
  const congruences: Congruence[] = [];
  const closing: Directed[] = [];
  const byName = new Map<string, Rule>();
  for (const rule of rules) {
    if (byName.has(rule.name)) continue;   // the first of a name wins (cited and definitions come first)
    byName.set(rule.name, rule);
    if (rule.file === BUILTIN || rule.fact) continue;
    const parts = partsOf(rule);
    congruences.push(...parts.congruences);
    closing.push(...parts.closing);
    for (const [h, d] of parts.rewrites) byHead.set(h, [...(byHead.get(h) ?? []), d]);
  }
  return { byHead, congruences, closing, byName };
}

/** What compile makes of one rule on its own, in order. */
interface RuleParts {
  readonly congruences: readonly Congruence[];
  readonly closing: readonly Directed[];
  readonly rewrites: readonly (readonly [string, Directed])[];
}

/** Rules are immutable and each step compiles a fresh list of mostly the same rules (the
 *  library, plus its definitions), so a rule's parts are worked out once per rule object. */
const partsCache = new WeakMap<Rule, RuleParts>();

function partsOf(rule: Rule): RuleParts {
  const cached = partsCache.get(rule);
  if (cached) return cached;
  const g = congruence(rule);
  const dirs: Directed[] = [
    { rule, forward: true, from: rule.lhs, to: rule.rhs, relation: rule.relation },
    { rule, forward: false, from: rule.rhs, to: rule.lhs, relation: converse(rule.relation) },
  ];
  let parts: RuleParts;
  if (g) {
    parts = { congruences: [{ ...dirs[0]!, hole: g.hole, other: g.other, sign: g.sign }, { ...dirs[1]!, hole: g.other, other: g.hole, sign: g.sign }], closing: [], rewrites: [] };
  } else {
    const closing: Directed[] = [];
    const rewrites: [string, Directed][] = [];
    for (const d of dirs) {
      const use = usable(d.from, d.to, rule);
      if (use === 'closing') closing.push(d);
      if (use !== 'rewrite') continue;
      rewrites.push([headOf(d.from, rule.vars), d]);
    }
    parts = { congruences: [], closing, rewrites };
  }
  partsCache.set(rule, parts);
  return parts;
}

export function candidates(c: Compiled, node: Expr): readonly Directed[] {
  return c.byHead.get(headOf(node)) ?? [];
}

// ---------------------------------------------------------------- positions

export interface Position {
  readonly path: readonly number[];
  readonly node: Expr;
  /** Names bound by the binders around the subterm. */
  readonly bound: ReadonlySet<string>;
}

/** Every subterm with its path, root first; at most `limit` of them. */
export function positions(e: Expr, limit = 4000): Position[] {
  const out: Position[] = [];
  const walk = (x: Expr, path: readonly number[], bound: ReadonlySet<string>): void => {
    if (out.length >= limit) return;
    out.push({ path, node: x, bound });
    const kids = children(x);
    const body = x.kind === 'bind' ? domainExprs(x.domain).length : -1;
    for (let i = 0; i < kids.length; i++) {
      walk(kids[i]!, path.concat(i), i === body && x.kind === 'bind' ? new Set([...bound, ...x.vars]) : bound);
    }
  };
  walk(e, [], NOTHING_BOUND);
  return out;
}

/** A rule's literal names (not its pattern variables) that a binder around the position would capture. */
function literalsCaptured(rule: Rule, bound: ReadonlySet<string>): boolean {
  if (bound.size === 0) return false;
  for (const n of literalNames(rule)) if (bound.has(n)) return true;
  return false;
}

const literalCache = new WeakMap<Rule, Set<string>>();
function literalNames(rule: Rule): Set<string> {
  let names = literalCache.get(rule);
  if (!names) {
    names = new Set([...capturable(rule.lhs), ...capturable(rule.rhs)].filter((n) => !rule.vars.has(n)));
    literalCache.set(rule, names);
  }
  return names;
}

/** Can the rule be applied at this position without capturing one of its own free names? */
export const applicableAt = (rule: Rule, pos: Position): boolean => !literalsCaptured(rule, pos.bound);

// ---------------------------------------------------------------- one application

export interface Application {
  readonly directed: Directed;
  readonly match: MatchResult;
  /** Certificates of the rule's sign conditions (the kernel re-checks them). */
  readonly signs: readonly SignCert[];
  /** The rewritten subterm (not yet normalised). */
  readonly replacement: Expr;
}

/** Rule direction `d` applied at the root of `node`: every match whose conditions hold. */
export function applyAt(d: Directed, node: Expr, ctx: SearchContext): Application[] {
  const allowRest = d.relation === '=' && (node.kind === 'add' || node.kind === 'mul');
  const out: Application[] = [];
  for (const m of matchRoot(d.from, node, d.rule.vars, allowRest)) {
    const signs = conditionsHold(d.rule, m.binding, ctx);
    if (!signs) continue;
    const replacement = rebuild(d, m.binding, m.rest, node);
    if (replacement) out.push({ directed: d, match: m, signs, replacement });
  }
  return out;
}

/** An application with the normal form of its replacement, worked out when first asked for. */
export interface Rewrite {
  readonly app: Application;
  normalized(): Expr;
}

/**
 * applyAt, remembered per (direction, subterm) for one step's search context. The states of a
 * search share most of their subterms, so the same subterm meets the same rule again in every
 * state that contains it; and a state reached twice (or rebuilt around a rewrite elsewhere)
 * brings a fresh object that is identical, node for node, to one met before. What applyAt
 * returns is a function of the subterm's structure alone in one context (matching and
 * instantiation are pure; the sign prover answers a question it was asked before from its
 * memo, without changing it), so the list remembered for an identical subterm is the list
 * applyAt would return, in the same order.
 */
export class RewriteMemo {
  private readonly byNode = new WeakMap<Expr, Map<Directed, readonly Rewrite[]>>();
  /** The subterms met so far by key, to find an identical one: the key is α-invariant and may
   *  join subterms that differ in bound names, so identity is decided by `samePlainData`. */
  private readonly byKey = new Map<string, { readonly node: Expr; readonly byDirected: Map<Directed, readonly Rewrite[]> }[]>();

  /** The subterm asked about last and its applications: the search asks for every direction in
   *  turn at one subterm, so this spares a lookup per direction. */
  private lastNode: Expr | null = null;
  private lastByDirected = new Map<Directed, readonly Rewrite[]>();

  at(d: Directed, node: Expr, ctx: SearchContext): readonly Rewrite[] {
    if (this.lastNode !== node) { this.lastByDirected = this.byNodeOrIdentical(node); this.lastNode = node; }
    const byDirected = this.lastByDirected;
    let rewrites = byDirected.get(d);
    if (!rewrites) {
      rewrites = applyAt(d, node, ctx).map((app) => {
        let normal: Expr | undefined;
        return { app, normalized: () => (normal ??= normalize(app.replacement, ctx.kernel.scalar)) };
      });
      byDirected.set(d, rewrites);
    }
    return rewrites;
  }

  /** The states of a search share their untouched subterms, and a rewrite at the same place in
   *  a shared subterm gives the same replacement (remembered above): so the same subterm gets the
   *  same new child again and again. By ancestor, then child index, then the new child. */
  private readonly replaced = new WeakMap<Expr, Map<number, Map<Expr, Expr>>>();

  /**
   * normalizeReplacing(root, path, normalized) in this context, worked out from the bottom up one
   * ancestor at a time (normalizeReplacing with a one-step path) and each ancestor's result
   * remembered: a result is a function of the ancestor, the child index and the new child, so a
   * remembered one is the answer, and successors that rewrite the same shared subterm share the
   * rebuilt object (its key and its rule applications are then known at once).
   */
  replacing(root: Expr, path: readonly number[], normalized: Expr, ctx: SearchContext): Expr {
    const ancestors: Expr[] = [];
    let node = root;
    for (const i of path) { ancestors.push(node); node = children(node)[i]!; }
    let result = normalized;
    for (let level = path.length - 1; level >= 0; level--) result = this.withChild(ancestors[level]!, path[level]!, result, ctx);
    return result;
  }

  private withChild(parent: Expr, index: number, child: Expr, ctx: SearchContext): Expr {
    let byIndex = this.replaced.get(parent);
    if (!byIndex) { byIndex = new Map(); this.replaced.set(parent, byIndex); }
    let byChild = byIndex.get(index);
    if (!byChild) { byChild = new Map(); byIndex.set(index, byChild); }
    let result = byChild.get(child);
    if (!result) { result = normalizeReplacing(parent, [index], child, ctx.kernel.scalar); byChild.set(child, result); }
    return result;
  }

  private byNodeOrIdentical(node: Expr): Map<Directed, readonly Rewrite[]> {
    let byDirected = this.byNode.get(node);
    if (!byDirected) { byDirected = this.sharedWithIdentical(node); this.byNode.set(node, byDirected); }
    return byDirected;
  }

  private sharedWithIdentical(node: Expr): Map<Directed, readonly Rewrite[]> {
    const k = key(node);
    const seen = this.byKey.get(k);
    const same = seen?.find((s) => samePlainData(s.node, node));
    if (same) return same.byDirected;
    const byDirected = new Map<Directed, readonly Rewrite[]>();
    if (seen) seen.push({ node, byDirected }); else this.byKey.set(k, [{ node, byDirected }]);
    return byDirected;
  }
}

/** The sign certificates of a rule's conditions when every condition holds, else null. */
export function conditionsHold(rule: Rule, b: Bindings, ctx: SearchContext): SignCert[] | null {
  try {
    const signs = ctx.signs.certify(rule, b);
    return signs && failedCondition(rule, b, signs, ctx.kernel) === null ? signs : null;
  } catch {
    return null;
  }
}

/** The instantiated target side, beside the untouched AC elements; null when instantiation fails. */
export function rebuild(d: Directed, binding: Bindings, rest: readonly Expr[], node: Expr): Expr | null {
  try {
    const to = instantiate(d.to, binding, d.rule.vars);
    if (rest.length === 0) return to;
    return combine(node.kind === 'mul' ? 'mul' : 'add', [to, ...rest]);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- monotone contexts

/**
 * How an inequality at `path` carries to the root: one congruence rule per
 * ancestor, and the overall sign. Null when some ancestor is not monotone
 * (or not provably so: a factor of unknown sign).
 */
export function monotoneContext(root: Expr, path: readonly number[], c: Compiled, ctx: SearchContext):
  { levels: ContextLevel[]; sign: 1 | -1 } | null {
  const levels: ContextLevel[] = [];
  let sign: 1 | -1 = 1;
  let node = root;
  for (const i of path) {
    const child = children(node)[i]!;
    const level = carry(node, child, c, ctx);
    if (!level) return null;
    levels.push(level.level);
    sign = (sign * level.sign) as 1 | -1;
    node = child;
  }
  return { levels, sign };
}

function carry(node: Expr, child: Expr, c: Compiled, ctx: SearchContext): { level: ContextLevel; sign: 1 | -1 } | null {
  const childKey = key(child);
  for (const g of c.congruences) {
    for (const m of matchRoot(g.from, node, g.rule.vars, false)) {
      const hole = m.binding.get(g.hole);
      if (!hole || key(hole.body) !== childKey) continue;
      const signs = conditionsHold(g.rule, m.binding, ctx);
      if (!signs) continue;
      return { level: { rule: g.rule.name, binding: m.binding, forward: g.forward, signs }, sign: g.sign };
    }
  }
  return null;
}

/** The relation of the whole expression after an inner step of relation `inner` under a context of `sign`. */
export function throughContext(inner: RuleRelation, sign: 1 | -1, depth: number): RuleRelation {
  const r = throughSign(inner, sign);
  return depth === 0 ? r : weaken(r);   // congruence rules carry ≤; strictness is not claimed through them
}
