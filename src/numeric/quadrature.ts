/**
 * Gauss–Hermite rules for expectations under Gaussian laws: E f(Z), Z ~ N(0, 1),
 * ≈ Σ wᵢ f(zᵢ), exact for polynomials of degree < 2n. Vector laws use the product
 * rule through a Cholesky factor.
 *
 * Owns: the node tables (computed once at load, immutable) and the Cholesky
 * factor. Must not: decide whether a rule has converged (the evaluator compares
 * two rules and refuses to answer when they disagree).
 */
import type { Arith } from './arith.js';
import type { Tensor } from './tensor.js';

export interface Rule { readonly nodes: readonly number[]; readonly weights: readonly number[] }

/** Nodes and weights for the weight e^{-x²/2}/√(2π), by Newton's method on Hermite polynomials. */
function hermiteRule(n: number): Rule {
  const nodes: number[] = []; const weights: number[] = [];
  // Physicists' Hermite roots (weight e^{-x²}), then scaled by √2.
  let z = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0]! / Math.SQRT2;
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1]! / Math.SQRT2;
    else z = 2 * z - nodes[i - 2]! / Math.SQRT2;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = Math.PI ** -0.25; let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2; p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z; z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15) break;
    }
    nodes.push(z * Math.SQRT2);
    weights.push(2 / (pp * pp) / Math.sqrt(Math.PI));
  }
  return { nodes, weights };
}

/** A coarse and a fine rule: an expectation is trusted only when both agree. */
export const RULES: readonly [Rule, Rule] = [hermiteRule(6), hermiteRule(10)];

/** Lower-triangular L with L Lᵀ = Σ; null when Σ is not positive definite. */
export function cholesky<T>(A: Arith<T>, s: Tensor<T>): Tensor<T> | null {
  const n = s.rows;
  const l: T[] = Array.from({ length: n * n }, () => A.of(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum: T = s.data[i * n + j] as T;
      for (let k = 0; k < j; k++) sum = A.sub(sum, A.mul(l[i * n + k]!, l[j * n + k]!));
      if (i === j) {
        if (A.compare(sum, A.of(0)) <= 0) return null;
        l[i * n + i] = A.pow(sum, A.of(0.5));
      } else {
        l[i * n + j] = A.div(sum, l[j * n + j]!);
      }
    }
  }
  return { rows: n, cols: n, data: l };
}
