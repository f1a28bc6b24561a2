/**
 * model.key, memoised per expression object. Expressions are immutable and proofs share
 * subtrees, so the same object's key is asked for again and again (sorting, comparing).
 *
 * Owns: the cache only — a WeakMap whose entries die with their expressions; the value is
 * a pure function of the object, so sharing it across callers changes no result.
 *
 * Performance design: normalising and rewriting build fresh ancestors over shared children,
 * so a fresh node's key is assembled from its children's cached keys rather than by walking
 * its whole subtree again. That is model.key itself, run on the node with each child stood in
 * for by a symbol named by the child's key: outside any binder, model.key writes a child as
 * its own key and such a symbol as its name, so the result is the same string. A binder's
 * body is keyed under the binder's scope (its variables become de Bruijn indices), which a
 * child's own key does not know, so a binder is keyed by model.key whole.
 */
import { type Expr, key as modelKey, mapChildren, sym } from '../expr/model.js';

const cache = new WeakMap<Expr, string>();

export function key(e: Expr): string {
  if (isLeaf(e)) return modelKey(e);
  let k = cache.get(e);
  if (k === undefined) { k = freshKey(e); cache.set(e, k); }
  return k;
}

/** The key of a node about to be discarded (a grouping key of a temporary node): from its
 *  children's cached keys, without caching its own. */
export function freshKey(e: Expr): string {
  if (e.kind === 'bind' || isLeaf(e)) return modelKey(e);
  return modelKey(mapChildren(e, (c) => sym(key(c))));
}

/** Numbers and bare names: keyed on the spot, faster than a cache entry (and there are many). */
const isLeaf = (e: Expr): boolean => e.kind === 'num' || e.kind === 'const' || (e.kind === 'sym' && e.index.length === 0 && e.upper.length === 0);
