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
 * variables become de Bruijn indices), which a child's own key does not know, so a binder is
 * keyed by model.key whole.
 */
import { type Expr, key as modelKey } from '../expr/model.js';

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
  const all = (xs: readonly Expr[], sep: string): string => xs.map(key).join(sep);
  switch (e.kind) {
    case 'num': case 'const': return leafKey(e);
    case 'bind': return modelKey(e);
    // model.key's cases, each child written as its key; outside any binder a name is itself
    case 'sym': return e.name + (e.index.length ? `_[${all(e.index, ',')}]` : '') + (e.upper.length ? `^[${all(e.upper, ',')}]` : '');
    case 'add': return `(+ ${all(e.terms, ' ')})`;
    case 'mul': return `(* ${all(e.factors, ' ')})`;
    case 'pow': return `(^ ${key(e.base)} ${key(e.exp)})`;
    case 'fn': return `(${e.name} ${all(e.args, ' ')})`;
    case 'call': return `(call ${key(e.fn)} ${all(e.args, ' ')})`;
    case 'prob': return `(P ${key(e.dist)} [${e.vars.join(',')}] ${all(e.args, ' ')} | ${all(e.given, ' ')})`;
    case 'rel': return `(${e.op} ${key(e.lhs)} ${key(e.rhs)})`;
    case 'indicator': return `(1 ${key(e.cond)})`;
    case 'deriv': return `(d ${key(e.wrt)} ${key(e.body)})`;
    case 'set': return e.range ? `{${key(e.range.from)}..${key(e.range.to)}}` : `{${all(e.elems, ',')}}`;
  }
}

/** Numbers and bare names: keyed on the spot, faster than a cache entry (and there are many). */
const isLeaf = (e: Expr): boolean => e.kind === 'num' || e.kind === 'const' || (e.kind === 'sym' && e.index.length === 0 && e.upper.length === 0);

/** model.key of a leaf: outside any binder a bare name is itself. */
const leafKey = (e: Expr): string => (e.kind === 'num' ? String(e.value) : e.kind === 'sym' ? e.name : 'const');
