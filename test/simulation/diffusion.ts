/**
 * The homework's diffusion model as plain functions for the simulation tests: the noise
 * schedule and its products, one forward step, the posterior q(x_{t−1} | x_t, x_0)
 * obtained by Gaussian conditioning (not from the homework's formula, so tests can
 * compare the two), the homework's μ_q, σ_q² and weight, and a one-dimensional
 * linear-Gaussian reverse model whose every density is exact. Indices follow the
 * homework: t = 1..T, and ᾱ_0 = 1.
 */
import type { Rng } from './random.js';
import { addVec, scaleVec, identity, zeros, matMul, transpose, type Vec } from './linalg.js';

export interface Schedule {
  readonly steps: number;
  /** β_t, α_t and ᾱ_t at index t (index 0 unused for β and α; ᾱ_0 = 1). */
  readonly beta: (t: number) => number;
  readonly alpha: (t: number) => number;
  readonly alphaBar: (t: number) => number;
}

export function scheduleOf(betas: readonly number[]): Schedule {
  const bars = betas.reduce<number[]>((acc, b) => [...acc, acc[acc.length - 1]! * (1 - b)], [1]);
  return {
    steps: betas.length,
    beta: (t) => betas[t - 1]!,
    alpha: (t) => 1 - betas[t - 1]!,
    alphaBar: (t) => bars[t]!,
  };
}

/** x_t = √(1−β_t) x_{t−1} + √β_t ε_t. */
export function forwardStep(rng: Rng, s: Schedule, t: number, previous: Vec): number[] {
  const keep = Math.sqrt(1 - s.beta(t));
  const noise = Math.sqrt(s.beta(t));
  return previous.map((v) => keep * v + noise * rng.normal());
}

/** Run the chain from x_0 for t steps. */
export function forwardTo(rng: Rng, s: Schedule, t: number, x0: Vec): number[] {
  let x = [...x0];
  for (let step = 1; step <= t; step++) x = forwardStep(rng, s, step, x);
  return x;
}

/**
 * q(x_{t−1} | x_t, x_0) from the model alone: x_{t−1} | x_0 ~ N(√ᾱ_{t−1} x_0, (1−ᾱ_{t−1}) I)
 * and x_t | x_{t−1} ~ N(√α_t x_{t−1}, β_t I); combine the two Gaussian factors in x_{t−1}.
 */
export function posteriorByConditioning(s: Schedule, t: number, x0: Vec, xt: Vec): { mean: number[]; variance: number } {
  const priorVariance = 1 - s.alphaBar(t - 1);
  const precision = 1 / priorVariance + s.alpha(t) / s.beta(t);
  const mean = x0.map((v, c) =>
    (Math.sqrt(s.alphaBar(t - 1)) * v / priorVariance + Math.sqrt(s.alpha(t)) * xt[c]! / s.beta(t)) / precision);
  return { mean, variance: 1 / precision };
}

/** The homework's σ_q² (t ≥ 2). */
export const sigmaQ2 = (s: Schedule, t: number): number =>
  (1 - s.alpha(t)) * (1 - s.alphaBar(t - 1)) / (1 - s.alphaBar(t));

/** The homework's μ_q(x_t, x_0); with x̂ in place of x_0 it is μ_θ(x_t, t). */
export const muQ = (s: Schedule, t: number, xt: Vec, x0: Vec): number[] =>
  scaleVec(1 / (1 - s.alphaBar(t)), addVec(
    scaleVec(Math.sqrt(s.alpha(t)) * (1 - s.alphaBar(t - 1)), xt),
    scaleVec(Math.sqrt(s.alphaBar(t - 1)) * (1 - s.alpha(t)), x0)));

/** The weight of SPEC 11: ᾱ_{t−1}(1−α_t)² / (2σ_q²(1−ᾱ_t)²). */
export const denoisingWeight = (s: Schedule, t: number): number =>
  s.alphaBar(t - 1) * (1 - s.alpha(t)) ** 2 / (2 * sigmaQ2(s, t) * (1 - s.alphaBar(t)) ** 2);

/**
 * A scalar reverse model with a linear predictor x̂(x_t, t) = a_t x_t + b_t: p(x_T) = N(0, 1),
 * p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_q²) for t ≥ 2 and N(x̂(x_1, 1), σ_dec²) at t = 1.
 * Each step is x_{t−1} = c_t x_t + e_t + √v_t ξ.
 */
export interface LinearReverse {
  readonly schedule: Schedule;
  readonly step: (t: number) => { c: number; e: number; v: number };
}

export function linearReverse(s: Schedule, a: readonly number[], b: readonly number[], decoderVariance: number): LinearReverse {
  const step = (t: number): { c: number; e: number; v: number } => {
    if (t === 1) return { c: a[1]!, e: b[1]!, v: decoderVariance };
    const k = Math.sqrt(s.alphaBar(t - 1)) * (1 - s.alpha(t)) / (1 - s.alphaBar(t));
    const c = (Math.sqrt(s.alpha(t)) * (1 - s.alphaBar(t - 1)) / (1 - s.alphaBar(t))) + k * a[t]!;
    return { c, e: k * b[t]!, v: sigmaQ2(s, t) };
  };
  return { schedule: s, step };
}

/** Mean and covariance of (x_0, …, x_T) under the reverse model, by composing its steps. */
export function reverseJoint(model: LinearReverse): { mean: number[]; cov: number[][] } {
  const T = model.schedule.steps;
  // x_t = row_t · ξ + const_t, with ξ ∈ R^{T+1} standard normal.
  const rows: number[][] = Array.from({ length: T + 1 }, () => zeros(T + 1));
  const consts = zeros(T + 1);
  rows[T] = identity(T + 1)[T]!;
  for (let t = T; t >= 1; t--) {
    const { c, e, v } = model.step(t);
    rows[t - 1] = addVec(scaleVec(c, rows[t]!), scaleVec(Math.sqrt(v), identity(T + 1)[t - 1]!));
    consts[t - 1] = c * consts[t]! + e;
  }
  return { mean: consts, cov: matMul(rows, transpose(rows)) };
}

/** Mean and covariance of (x_1, …, x_T) given x_0 under the forward process. */
export function forwardGivenX0(s: Schedule, x0: number): { mean: number[]; cov: number[][] } {
  const T = s.steps;
  const rows: number[][] = [];
  const mean: number[] = [];
  let row = zeros(T);
  let m = x0;
  for (let t = 1; t <= T; t++) {
    row = scaleVec(Math.sqrt(s.alpha(t)), row);
    row[t - 1] = Math.sqrt(s.beta(t));
    m *= Math.sqrt(s.alpha(t));
    rows.push(row);
    mean.push(m);
  }
  return { mean, cov: matMul(rows, transpose(rows)) };
}
