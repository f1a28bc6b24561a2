/**
 * Gaussian facts the simulations compare against: the log-density, the KL divergence
 * between two Gaussians (closed form), sampling through a Cholesky factor, and the
 * confidence bounds of sample moments. Formulas only; no test logic.
 */
import type { Rng } from './random.js';
import { cholesky, dot, inverse, logDet, matVec, subVec, trace, matMul, type Mat, type Vec } from './linalg.js';

/** log N(x; mean, cov), with the covariance's inverse and log-determinant computed once. */
export function logDensityWith(cov: Mat): (x: Vec, mean: Vec) => number {
  const inv = inverse(cov);
  const norm = cov.length * Math.log(2 * Math.PI) + logDet(cov);
  return (x, mean) => {
    const diff = subVec(x, mean);
    return -0.5 * (norm + dot(diff, matVec(inv, diff)));
  };
}

export const logDensity = (x: Vec, mean: Vec, cov: Mat): number => logDensityWith(cov)(x, mean);

/** D_KL(N(m0, S0) ‖ N(m1, S1)) for fixed covariances, as a function of the means. */
export function klGaussianWith(s0: Mat, s1: Mat): (m0: Vec, m1: Vec) => number {
  const s1inv = inverse(s1);
  const constant = logDet(s1) - logDet(s0) - s0.length + trace(matMul(s1inv, s0));
  return (m0, m1) => {
    const diff = subVec(m1, m0);
    return 0.5 * (constant + dot(diff, matVec(s1inv, diff)));
  };
}

export const klGaussian = (m0: Vec, s0: Mat, m1: Vec, s1: Mat): number => klGaussianWith(s0, s1)(m0, m1);

/** E[log N(Y; m, C)] for Y ~ N(meanY, covY), exactly. covY may be singular. */
export function expectedLogDensity(meanY: Vec, covY: Mat, m: Vec, c: Mat): number {
  const cinv = inverse(c);
  const diff = subVec(meanY, m);
  return -0.5 * (m.length * Math.log(2 * Math.PI) + logDet(c) + trace(matMul(cinv, covY)) + dot(diff, matVec(cinv, diff)));
}

export function sampler(rng: Rng, mean: Vec, cov: Mat): () => number[] {
  const l = cholesky(cov);
  return () => {
    const z = mean.map(() => rng.normal());
    return mean.map((m, i) => m + dot(l[i]!, z));
  };
}

/**
 * How many standard errors a sample statistic may stray before a test calls it wrong.
 * Five standard errors: a correct formula fails a single comparison with probability
 * about 6e-7, while the planted mistakes the tests guard against sit far outside.
 */
export const Z = 5;

export interface Moments {
  readonly mean: number[];
  readonly cov: number[][];
}

/** Sample mean and (unbiased) sample covariance of equally long vectors (one pass each). */
export function moments(samples: readonly Vec[]): Moments {
  const n = samples.length;
  const d = samples[0]!.length;
  const mean = new Array<number>(d).fill(0);
  for (const x of samples) for (let a = 0; a < d; a++) mean[a]! += x[a]! / n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const x of samples) {
    for (let a = 0; a < d; a++) {
      const da = x[a]! - mean[a]!;
      for (let b = 0; b < d; b++) cov[a]![b]! += da * (x[b]! - mean[b]!) / (n - 1);
    }
  }
  return { mean, cov };
}

/**
 * Standard errors of the sample moments of N draws from N(·, σ²I): the mean's is σ/√N;
 * a sample variance's is σ²√(2/(N−1)); a sample covariance's (independent coordinates)
 * is σ²/√(N−1).
 */
export const meanStandardError = (variance: number, n: number): number => Math.sqrt(variance / n);
export const covStandardError = (variance: number, n: number, diagonal: boolean): number =>
  variance * Math.sqrt((diagonal ? 2 : 1) / (n - 1));

/** Mean and standard error of a list of numbers. */
export function meanWithError(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}
