/**
 * model.key, memoised per expression object. Expressions are immutable and proofs share
 * subtrees, so the same object's key is asked for again and again (sorting, comparing).
 *
 * Owns: the cache only — a WeakMap whose entries die with their expressions; the value is
 * a pure function of the object, so sharing it across callers changes no result.
 *
 * Performance design: normalising and rewriting build fresh ancestors over shared children,
 * so a fresh node's key is assembled from its children's cached keys rather than by walking
 * its whole subtree again: model.key's own format for the node, with each child written as the
 * child's key (outside any binder, model.key writes a child that way and a name as itself,
 * so the result is the same string). A binder's body is keyed under the binder's scope (its
 * variables become de Bruijn indices), which a child's own key does not know: there the walk
 * goes down only into the subterms that mention a name some binder around them binds, and
 * every other subterm is written as its own cached key, which is what model.key writes for a
 * subterm none of whose free names a scope captures.
 */
import { type Expr, children, domainExprs, refersToBinder } from '../expr/model.js';

const cache = new WeakMap<Expr, string>();

export function key(e: Expr): string {
  if (isLeaf(e)) return leafKey(e);
  let k = cache.get(e);
  if (k === undefined) { k = freshKey(e); cache.set(e, k); }
  return k;
}

/** The key of a node about to be discarded (a grouping key of a temporary node): from its
 *  children's cached keys, without caching its own. */
export function freshKey(e: Expr): string {
  return keyIn(e, NO_SCOPE, key);
}

/** The stack of binders' variable lists around a subterm (innermost last), and all their names. */
interface Scope { readonly binders: readonly (readonly string[])[]; readonly names: ReadonlySet<string> }

const NO_SCOPE: Scope = { binders: [], names: new Set() };

/** model.key's format for one node, each child written by `child` and a name referring to a
 *  binder as model.key resolves it in `scope` (a de Bruijn index, or the name itself). */
function keyIn(e: Expr, scope: Scope, child: (c: Expr) => string): string {
  const all = (xs: readonly Expr[], sep: string): string => xs.map(child).join(sep);
  switch (e.kind) {
    case 'num': case 'const': return leafKey(e);
    case 'bind': {
      const rvs = e.domain.kind === 'dist' ? `[${e.domain.rvs.join(',')}]` : '';
      const inner: Scope = { binders: [...scope.binders, e.vars], names: new Set([...scope.names, ...e.vars]) };
      return `(${e.op}/${e.vars.length} ${e.domain.kind}${rvs}:${all(domainExprs(e.domain), ',')} ${keyUnder(e.body, inner)})`;
    }
    case 'sym': return (refersToBinder(e) ? resolve(e.name, scope) : e.name)
      + (e.index.length ? `_[${all(e.index, ',')}]` : '') + (e.upper.length ? `^[${all(e.upper, ',')}]` : '');
    case 'add': return `(+ ${all(e.terms, ' ')})`;
    case 'mul': return `(* ${all(e.factors, ' ')})`;
    case 'pow': return `(^ ${child(e.base)} ${child(e.exp)})`;
    case 'fn': return `(${e.name} ${all(e.args, ' ')})`;
    case 'call': return `(call ${child(e.fn)} ${all(e.args, ' ')})`;
    case 'prob': return `(P ${child(e.dist)} [${e.vars.join(',')}] ${all(e.args, ' ')} | ${all(e.given, ' ')})`;
    case 'rel': return `(${e.op} ${child(e.lhs)} ${child(e.rhs)})`;
    case 'indicator': return `(1 ${child(e.cond)})`;
    case 'deriv': return `(d ${child(e.wrt)} ${child(e.body)})`;
    case 'set': return e.range ? `{${child(e.range.from)}..${child(e.range.to)}}` : `{${all(e.elems, ',')}}`;
  }
}

/** model.key of `e` inside the binders of `scope`: its own key unless it mentions a name they
 *  bind; else remembered per object and per what those names resolve to, so the subterms a
 *  rebuilt binder shares with the one it replaces are not walked again. */
function keyUnder(e: Expr, scope: Scope): string {
  if (e.kind === 'num' || e.kind === 'const') return leafKey(e);
  if (isLeaf(e)) return resolve((e as { name: string }).name, scope);
  let resolved = '';
  for (const n of binderRefs(e)) if (scope.names.has(n)) resolved += `${n}=${resolve(n, scope)};`;
  if (resolved === '') return key(e);
  let byScope = scopedCache.get(e);
  if (!byScope) { byScope = new Map(); scopedCache.set(e, byScope); }
  let k = byScope.get(resolved);
  if (k === undefined) { k = keyIn(e, scope, (c) => keyUnder(c, scope)); byScope.set(resolved, k); }
  return k;
}

/** Keys of subterms under binders, by what their captured names resolve to (`i=#0.0;`). */
const scopedCache = new WeakMap<Expr, Map<string, string>>();

/** model.key's reference to a bound name: `#depth.k` of the innermost binder binding it. */
function resolve(name: string, scope: Scope): string {
  const binders = scope.binders;
  for (let d = binders.length - 1; d >= 0; d--) {
    const k = binders[d]!.indexOf(name);
    if (k >= 0) return `#${binders.length - 1 - d}.${k}`;
  }
  return name;
}

const NONE: ReadonlySet<string> = new Set();
const refsCache = new WeakMap<Expr, ReadonlySet<string>>();

/** The names in `e` a binder around it would bind: symbols that refer to a binder (no
 *  superscript) and are not bound by a binder inside `e`. Cached: a fresh node's set is its
 *  children's. */
function binderRefs(e: Expr): ReadonlySet<string> {
  if (e.kind === 'num' || e.kind === 'const') return NONE;
  if (isLeaf(e)) return new Set([(e as { name: string }).name]);
  let refs = refsCache.get(e);
  if (refs === undefined) {
    const own = e.kind === 'sym' && refersToBinder(e) ? [e.name] : [];
    const parts = e.kind === 'bind'
      ? [...domainExprs(e.domain).map(binderRefs), without(binderRefs(e.body), e.vars)]
      : children(e).map(binderRefs);
    refs = union(own, parts);
    refsCache.set(e, refs);
  }
  return refs;
}

function without(names: ReadonlySet<string>, bound: readonly string[]): ReadonlySet<string> {
  if (!bound.some((v) => names.has(v))) return names;
  const out = new Set(names);
  for (const v of bound) out.delete(v);
  return out;
}

/** The union, reusing a part when it already holds everything (the common case: one part has names). */
function union(own: readonly string[], parts: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  const nonEmpty = parts.filter((p) => p.size > 0);
  if (own.length === 0 && nonEmpty.length === 0) return NONE;
  if (own.length === 0 && nonEmpty.length === 1) return nonEmpty[0]!;
  const out = new Set(own);
  for (const p of nonEmpty) for (const n of p) out.add(n);
  return out;
}

/** Numbers and bare names: keyed on the spot, faster than a cache entry (and there are many). */
const isLeaf = (e: Expr): boolean => e.kind === 'num' || e.kind === 'const' || (e.kind === 'sym' && e.index.length === 0 && e.upper.length === 0);

/** model.key of a leaf: outside any binder a bare name is itself. */
const leafKey = (e: Expr): string => (e.kind === 'num' ? String(e.value) : e.kind === 'sym' ? e.name : 'const');
