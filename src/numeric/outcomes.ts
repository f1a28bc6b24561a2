/**
 * Random variables whose outcomes the problem states. `y \in \{0, 1\}` gives y two outcomes
 * (instead of a drawn number of them). `x \in \{0, 1\}^d` makes x a vector of d components
 * x_1, …, x_d, each a variable of its own with those outcomes: `\hat P(x \mid y)` is the joint of
 * the components, `p(x_i \mid y)` the marginal of one, `\sum_x` runs over the whole product set
 * (x bound to a vector, whose components `x_i` are read), and a model written over the vector
 * (`P_\theta(x, y) := p(y)\prod_{i=1}^d p(x_i \mid y)`) takes it as one argument. So a model of
 * Naive-Bayes form — a product over binary features — is sampled with an arbitrary joint for
 * the data and arbitrary factors for the model.
 *
 * The dimension of such a vector is drawn small (analysis.ts): every joint over the components
 * has size^d cells, and each is built and summed.
 *
 * Owns: reading the statements, and the outcomes of a vector variable. Must not: evaluate.
 */
import type { Expr } from '../expr/model.js';
import { randomVariable } from '../expr/model.js';
import type { Arith } from './arith.js';
import type { Tensor } from './tensor.js';

/** The outcomes a variable takes: 0, …, size − 1; for a vector, of each of its `dimension` components. */
export interface OutcomeSet { readonly size: number; readonly dimension: Expr | null }

/** A vector variable's dimension is drawn at most this (each joint over its components has size^d cells). */
export const MAX_VECTOR_DIMENSION = 4;
/** Vectors enumerated by one sum over a vector variable, at most. */
export const MAX_VECTORS = 4096;

/**
 * What the assumptions state about the outcomes of random variables: `v \in \{0, 1, …, m-1\}` (a
 * set literal of the first m naturals, the outcomes the sampler numbers), for v or any of its
 * components, and `v \in \{…\}^d` (a vector of d such components).
 */
export function declaredOutcomes(assumptions: readonly Expr[]): Map<string, OutcomeSet> {
  const out = new Map<string, OutcomeSet>();
  for (const a of assumptions) {
    if (a.kind !== 'rel' || a.op !== 'in' || a.lhs.kind !== 'sym' || a.lhs.upper.length > 0) continue;
    const vector = a.rhs.kind === 'pow' ? a.rhs : null;
    const size = firstNaturals(vector ? vector.base : a.rhs);
    if (size === null) continue;
    // a vector is declared by its plain name; a component (`x_i \in \{0, 1\}`) gives its vector's outcomes
    if (vector && a.lhs.index.length > 0) continue;
    out.set(randomVariable(a.lhs), { size, dimension: vector ? vector.exp : null });
  }
  return out;
}

/** m for the literal set {0, 1, …, m − 1}, else null. */
function firstNaturals(set: Expr): number | null {
  if (set.kind !== 'set' || set.range || set.elems.length < 2) return null;
  return set.elems.every((e, k) => e.kind === 'num' && e.value === k) ? set.elems.length : null;
}

/** Every vector of `dimension` components with outcomes 0..size − 1, as d×1 columns (none past MAX_VECTORS: null). */
export function vectorOutcomes<T>(A: Arith<T>, size: number, dimension: number): Tensor<T>[] | null {
  if (!Number.isInteger(dimension) || dimension < 1) return [];
  if (size ** dimension > MAX_VECTORS) return null;
  return Array.from({ length: size ** dimension }, (_, cell) => {
    const data: T[] = [];
    for (let i = 0, rest = cell; i < dimension; i++, rest = Math.floor(rest / size)) data.push(A.of(rest % size));
    return { rows: dimension, cols: 1, data };
  });
}
