/**
 * model.key, memoised per expression object. Expressions are immutable and proofs share
 * subtrees, so the same object's key is asked for again and again (sorting, comparing).
 *
 * Owns: the cache only — a WeakMap whose entries die with their expressions; the value is
 * a pure function of the object, so sharing it across callers changes no result.
 */
import { type Expr, key as modelKey } from '../expr/model.js';

const cache = new WeakMap<Expr, string>();

export function key(e: Expr): string {
  let k = cache.get(e);
  if (k === undefined) { k = modelKey(e); cache.set(e, k); }
  return k;
}
