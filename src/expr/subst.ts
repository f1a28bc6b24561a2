/**
 * Capture-avoiding substitution and α-renaming over the expression model.
 *
 * Owns: which symbol occurrences a binder's variable refers to, the free
 * variables in that sense, fresh names, renaming a binder apart, substitution.
 * Must not: simplify, match or know about rules (that is src/rewrite).
 *
 * Scoping convention (one predicate, `refersToBinder`, used everywhere here):
 * inside a binder over `x`, a Sym named `x` refers to the bound variable unless
 * it carries a sample superscript — `x^{(i)}` is the i-th data sample, a
 * different object from the summation variable in `\sum_x 1\{x^{(i)}=x\}`
 * (see model.ts: samples are kept apart from components). Subscripted `x_k`
 * inside `\sum_x` is a component of the bound x and so is bound.
 * Note: model.key/freeNames treat every same-named Sym as bound; that only makes
 * key comparison finer (never merges what this module keeps apart).
 */
import {
  type Bind, type Expr, type Sym, bind, children, domainExprs, mapChildren, refersToBinder, sym,
} from './model.js';


/** Names occurring free, with the scoping convention above (samples `x^{(i)}` count as free `x`). */
export function freeVars(e: Expr): Set<string> {
  return symNames(e, (x, bound) => !(bound.has(x.name) && refersToBinder(x)));
}

/** Names of the free occurrences that an enclosing binder of that name would capture
 *  (samples `x^{(i)}` excluded: a binder over x does not capture them). */
export function capturable(e: Expr): Set<string> {
  return symNames(e, (x, bound) => refersToBinder(x) && !bound.has(x.name));
}

/** The names of the symbol occurrences `keep` accepts, given the names bound around each. */
function symNames(e: Expr, keep: (x: Sym, bound: ReadonlySet<string>) => boolean): Set<string> {
  const out = new Set<string>();
  const walk = (x: Expr, bound: ReadonlySet<string>): void => {
    if (x.kind === 'sym' && keep(x, bound)) out.add(x.name);
    if (x.kind === 'bind') {
      for (const d of domainExprs(x.domain)) walk(d, bound);
      walk(x.body, new Set([...bound, ...x.vars]));
      return;
    }
    for (const c of children(x)) walk(c, bound);
  };
  walk(e, new Set());
  return out;
}

/** True when a binder over any of `names` placed around `e` would capture something in `e`. */
export function mentionsAny(e: Expr, names: ReadonlySet<string> | readonly string[]): boolean {
  const set = names instanceof Set ? names : new Set(names as readonly string[]);
  if (set.size === 0) return false;
  for (const n of capturable(e)) if (set.has(n)) return true;
  return false;
}

/** Every symbol name in `e`, bound or free (what a fresh name must avoid). */
export function allNames(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'sym') out.add(e.name);
  if (e.kind === 'bind') for (const v of e.vars) out.add(v);
  for (const c of children(e)) allNames(c, out);
  return out;
}

/** `base'`, `base''`, … : the first primed variant not in `avoid`. */
export function freshName(base: string, avoid: ReadonlySet<string>): string {
  let name = `${base}'`;
  while (avoid.has(name)) name += "'";
  return name;
}

/** Renames occurrences of `from` that refer to the binder in scope (stops where `from` is re-bound). */
function renameFree(e: Expr, from: string, to: string): Expr {
  if (e.kind === 'sym') {
    const inner = mapChildren(e, (c) => renameFree(c, from, to)) as Sym;
    return e.name === from && refersToBinder(e) ? sym(to, inner.index, inner.upper) : inner;
  }
  if (e.kind === 'bind' && e.vars.includes(from)) {
    // the domain is outside the inner binder's scope; the body is not ours to rename
    const dom = mapChildren({ ...e, body: { kind: 'const' } }, (c) => renameFree(c, from, to)) as Bind;
    return bind(e.op, e.vars, dom.domain, e.body);
  }
  return mapChildren(e, (c) => renameFree(c, from, to));
}

/** α-renames the binder's variables that are in `avoid` to fresh names. */
export function renameApart(b: Bind, avoid: ReadonlySet<string>): Bind {
  if (!b.vars.some((v) => avoid.has(v))) return b;
  const taken = new Set([...avoid, ...allNames(b)]);
  let body = b.body;
  const vars = b.vars.map((v) => {
    if (!avoid.has(v)) return v;
    const fresh = freshName(v, taken);
    taken.add(fresh);
    body = renameFree(body, v, fresh);
    return fresh;
  });
  return bind(b.op, vars, b.domain, body);
}

/**
 * Replaces free plain occurrences (no index, no sample superscript) of the
 * mapped names, renaming binders apart whenever a replacement would be captured.
 * Indexed occurrences of a mapped name keep their name (their indices are substituted).
 */
export function substitute(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  if (map.size === 0) return e;
  const replacementNames = new Set<string>();
  for (const v of map.values()) for (const n of capturable(v)) replacementNames.add(n);
  return subst(e, map, replacementNames);
}

function subst(e: Expr, map: ReadonlyMap<string, Expr>, replacementNames: ReadonlySet<string>): Expr {
  if (e.kind === 'sym') {
    if (e.index.length === 0 && e.upper.length === 0) return map.get(e.name) ?? e;
    return mapChildren(e, (c) => subst(c, map, replacementNames));
  }
  if (e.kind !== 'bind') return mapChildren(e, (c) => subst(c, map, replacementNames));
  const dom = mapChildren({ ...e, body: { kind: 'const' } }, (c) => subst(c, map, replacementNames)) as Bind;
  const inner = new Map([...map].filter(([k]) => !e.vars.includes(k)));
  if (inner.size === 0) return bind(e.op, e.vars, dom.domain, e.body);
  const apart = renameApart(e, replacementNames);
  return bind(e.op, apart.vars, dom.domain, subst(apart.body, inner, replacementNames));
}
