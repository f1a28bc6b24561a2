/**
 * The range a derivative's index runs over. In `\nabla_{\mu_j} \mathcal J`, with 𝒥 summing μ_l over
 * l = 1..k, the writer's j is one of 1..k: a j outside names no member the body covers, so such a
 * point is no instance of the claim (derivative.ts skips it). Read before sampling too, so that the
 * world draws j inside 1..k (world.ts) rather than mostly outside, to be skipped.
 *
 * Owns: the ranges a body sums a family over, and which free index of a step's derivatives each
 * bounds. Must not: evaluate, or bound any index but a derivative variable's only subscript.
 */
import { children, type Expr } from '../expr/model.js';
import { pointOf } from './stationarity.js';
import { appliedBare, unfoldReaching, type Unfoldable } from './unfold.js';

export interface FamilyRange { readonly from: Expr; readonly to: Expr }

const MAX_DEPTH = 400;

/** The ranges `\sum_{l=a}^{b}` (or ∏) over which `body` runs the family `name` (μ_l, l the binder's variable). */
export function familyRanges(body: Expr, name: string): FamilyRange[] {
  const ranges: FamilyRange[] = [];
  const walk = (e: Expr, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (e.kind === 'bind' && (e.op === 'sum' || e.op === 'prod') && e.domain.kind === 'range' && e.vars.length === 1 && indexesFamily(e.body, name, e.vars[0]!)) {
      ranges.push({ from: e.domain.from, to: e.domain.to });
    }
    children(e).forEach((c) => walk(c, depth + 1));
  };
  walk(body, 0);
  return ranges;
}

/** Does `e` use the family `name` with the bound variable `v` as its only subscript? */
function indexesFamily(e: Expr, name: string, v: string, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (e.kind === 'sym' && e.name === name && e.index.length === 1 && e.index[0]!.kind === 'sym' && e.index[0].name === v && e.index[0].index.length === 0) return true;
  if (e.kind === 'bind' && e.vars.includes(v)) return false;
  return children(e).some((c) => indexesFamily(c, name, v, depth + 1));
}

/**
 * The free indices of the derivatives in `sides` and what bounds them: for `\partial/\partial\mu_j`
 * (j free, μ_j's only subscript) whose body — bare functions at their own arguments, definitions
 * reaching μ unfolded — sums μ over ranges that all run from 1 to the same bound (a name or a
 * number), j ↦ that bound. An index bounded differently by two derivatives is left out.
 */
export function derivativeIndexBounds(sides: readonly Expr[], defs: Unfoldable): Map<string, Expr> {
  const found = new Map<string, Expr | null>();
  const note = (index: string, to: Expr | null): void => {
    const before = found.get(index);
    found.set(index, before === undefined || (before !== null && to !== null && sameBound(before, to)) ? to : null);
  };
  const walk = (e: Expr, bound: ReadonlySet<string>, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (e.kind === 'deriv') {
      const member = memberIndex(pointOf(e.wrt)?.variable ?? e.wrt);
      if (member && !bound.has(member.index)) note(member.index, commonBound(unfoldedBody(e.body, e.wrt, member.family, defs), member.family));
    }
    const inner = e.kind === 'bind' ? new Set([...bound, ...e.vars]) : bound;
    for (const c of children(e)) walk(c, inner, depth + 1);
  };
  for (const s of sides) walk(s, new Set(), 0);
  const out = new Map<string, Expr>();
  for (const [index, to] of found) if (to !== null) out.set(index, to);
  return out;
}

/** μ_j (or a power of it): the family and its one bare subscript. */
function memberIndex(wrt: Expr): { family: string; index: string } | null {
  const base = wrt.kind === 'pow' ? wrt.base : wrt;
  if (base.kind !== 'sym' || base.index.length !== 1 || base.upper.length !== 0) return null;
  const ix = base.index[0]!;
  return ix.kind === 'sym' && ix.index.length + ix.upper.length === 0 ? { family: base.name, index: ix.name } : null;
}

function unfoldedBody(body: Expr, wrt: Expr, family: string, defs: Unfoldable): Expr {
  return unfoldReaching(appliedBare(body, pointOf(wrt)?.variable ?? wrt, defs.calls), new Set([family]), defs, () => false);
}

/** The bound every range over the family shares, when all start at 1; null when they differ or there is none. */
function commonBound(body: Expr, family: string): Expr | null {
  const ranges = familyRanges(body, family);
  if (ranges.length === 0 || !ranges.every((r) => r.from.kind === 'num' && r.from.value === 1)) return null;
  const to = ranges[0]!.to;
  const usable = (t: Expr) => (t.kind === 'sym' && t.index.length + t.upper.length === 0) || (t.kind === 'num' && Number.isInteger(t.value) && t.value >= 1);
  return usable(to) && ranges.every((r) => sameBound(r.to, to)) ? to : null;
}

const sameBound = (a: Expr, b: Expr): boolean =>
  (a.kind === 'num' && b.kind === 'num' && a.value === b.value) || (a.kind === 'sym' && b.kind === 'sym' && a.name === b.name && a.index.length + a.upper.length + b.index.length + b.upper.length === 0);
