/**
 * A product of several factors, numbers, vectors and matrices mixed: `\Sigma^{-1} a a^T`,
 * `a^T \Sigma^{-1} a`, `\Sigma^{-1} a^T a`. Read left to right first, as matrix products are; a
 * 1×1 result is a number, which scales anything. When left to right meets factors whose shapes
 * do not match, the product may still have a reading: `\Sigma^{-1} a^T a` is Σ^{-1} times the
 * number aᵀa, the only grouping in which every product is defined. Any two groupings that are
 * both defined give the same value (matrix products are associative, and a 1×1 factor acts as
 * the number it is wherever it stands), so the first one found is the product's value; when no
 * grouping is defined, the shapes that first failed are the reason.
 *
 * Owns: choosing a grouping. Must not: multiply two values itself (tensor.ts does).
 */
import type { Arith } from './arith.js';
import * as tensor from './tensor.js';
import type { Value } from './tensor.js';
import { Unsupported } from './world.js';

/** Factors beyond this are multiplied left to right only (groupings grow as the Catalan numbers). */
const MAX_GROUPED = 8;

export function product<T>(A: Arith<T>, factors: readonly Value<T>[]): Value<T> {
  try {
    return factors.reduce((p, v) => tensor.mul(A, p, v));
  } catch (e) {
    if (!(e instanceof Unsupported) || factors.length < 3 || factors.length > MAX_GROUPED) throw e;
    const grouped = anyGrouping(A, factors);
    if (grouped === null) throw e;
    return grouped;
  }
}

/** The value of some grouping in which every product is defined, or null (interval dynamic programming). */
function anyGrouping<T>(A: Arith<T>, factors: readonly Value<T>[]): Value<T> | null {
  const n = factors.length;
  // best[i][j]: the product of factors i..j under some defined grouping, or null
  const best: (Value<T> | null)[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? factors[i]! : null)));
  for (let width = 1; width < n; width++) {
    for (let i = 0; i + width < n; i++) {
      const j = i + width;
      for (let split = i; split < j && best[i]![j] === null; split++) {
        const left = best[i]![split];
        const right = best[split + 1]![j];
        if (left === null || left === undefined || right === null || right === undefined) continue;
        try {
          best[i]![j] = tensor.mul(A, left, right);
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
        }
      }
    }
  }
  return best[0]![n - 1] ?? null;
}
