/**
 * model.key, memoised per expression object. Expressions are immutable and the
 * search shares subtrees between states, so the same object's key is asked for
 * again and again (sorting AC arguments, frontier maps, distances).
 *
 * Owns: the cache only (a WeakMap: entries die with their expressions; the
 * cached value is a pure function of the object, so sharing it is safe).
 */
import { type Expr, key as modelKey } from '../expr/model.js';

const cache = new WeakMap<Expr, string>();

export function key(e: Expr): string {
  let k = cache.get(e);
  if (k === undefined) { k = modelKey(e); cache.set(e, k); }
  return k;
}
