/**
 * The semi-supervised Gaussian mixture of the homework, as plain functions for the
 * simulation tests: data drawn from the model, the objectives ℓ_semi-sup and the M-step
 * objective F, the E-step (in the log domain) and the closed-form M-step that
 * derivations/ derives. The tests compare these against each other and against finite
 * differences; nothing here asserts.
 */
import type { Rng } from './random.js';
import { simplexPoint } from './random.js';
import { addMat, dot, inverse, logDet, matVec, outer, randomSpd, scaleMat, scaleVec, subVec, addVec, zeros, type Mat, type Vec } from './linalg.js';
import { sampler } from './gaussian.js';

export interface Theta {
  readonly phi: readonly number[];
  readonly mu: readonly Vec[];
  readonly sigma: readonly Mat[];
}

export interface Data {
  readonly k: number;
  readonly d: number;
  /** Unlabelled points x^{(i)}. */
  readonly x: readonly Vec[];
  /** Labelled points x̃^{(i)} and their classes z̃^{(i)} ∈ {0, …, k−1}. */
  readonly xt: readonly Vec[];
  readonly zt: readonly number[];
  /** The weight α of the labelled terms. */
  readonly alpha: number;
}

export function randomTheta(rng: Rng, k: number, d: number, spread = 3): Theta {
  return {
    phi: simplexPoint(rng, k).map((p) => 0.5 / k + 0.5 * p),
    mu: Array.from({ length: k }, () => Array.from({ length: d }, () => spread * rng.normal())),
    sigma: Array.from({ length: k }, () => randomSpd(rng.normal, d)),
  };
}

export function sampleData(rng: Rng, truth: Theta, n: number, labelled: number, alpha: number): Data {
  const k = truth.phi.length;
  const d = truth.mu[0]!.length;
  const draw = truth.mu.map((m, j) => sampler(rng, m, truth.sigma[j]!));
  const pick = (): number => {
    let u = rng.uniform();
    for (let j = 0; j < k - 1; j++) {
      u -= truth.phi[j]!;
      if (u < 0) return j;
    }
    return k - 1;
  };
  const x = Array.from({ length: n }, () => draw[pick()]!());
  // Every class is labelled at least once, the rest drawn from the prior.
  const zt = Array.from({ length: labelled }, (_, i) => (i < k ? i : pick()));
  return { k, d, x, xt: zt.map((j) => draw[j]!()), zt, alpha };
}

/** log φ_j + log N(x; μ_j, Σ_j) for every j, with each Σ_j's inverse and log-determinant computed once. */
export function logJointFor(theta: Theta): (x: Vec) => number[] {
  const inv = theta.sigma.map((s) => inverse(s));
  const norm = theta.sigma.map((s) => -0.5 * (s.length * Math.log(2 * Math.PI) + logDet(s)));
  return (x) => theta.mu.map((m, j) => {
    const diff = subVec(x, m);
    return Math.log(theta.phi[j]!) + norm[j]! - 0.5 * dot(diff, matVec(inv[j]!, diff));
  });
}

export const logSumExp = (values: readonly number[]): number => {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((acc, v) => acc + Math.exp(v - top), 0));
};

/** ℓ_semi-sup(θ) = Σ_i log Σ_j p(x^{(i)}, z = j; θ) + α Σ_i log p(x̃^{(i)}, z̃^{(i)}; θ). */
export function semiSupervisedObjective(theta: Theta, data: Data): number {
  const logJoint = logJointFor(theta);
  const unsup = data.x.reduce((acc, x) => acc + logSumExp(logJoint(x)), 0);
  const sup = data.xt.reduce((acc, x, i) => acc + logJoint(x)[data.zt[i]!]!, 0);
  return unsup + data.alpha * sup;
}

/** E-step: w_j^{(i)} = p(z^{(i)} = j | x^{(i)}; θ), computed in the log domain. */
export function eStep(theta: Theta, data: Data): number[][] {
  const logJoint = logJointFor(theta);
  return data.x.map((x) => {
    const lj = logJoint(x);
    const total = logSumExp(lj);
    return lj.map((v) => Math.exp(v - total));
  });
}

/** The M-step objective: Σ_i Σ_j w log(p(x, z = j; θ)/w) + α Σ_i log p(x̃, z̃; θ). */
export function mStepObjective(theta: Theta, data: Data, w: readonly Vec[]): number {
  const logJoint = logJointFor(theta);
  const unlabelled = data.x.reduce((acc, x, i) => {
    const lj = logJoint(x);
    return acc + lj.reduce((s, v, j) => s + w[i]![j]! * (v - Math.log(w[i]![j]!)), 0);
  }, 0);
  const labelled = data.xt.reduce((acc, x, i) => acc + logJoint(x)[data.zt[i]!]!, 0);
  return unlabelled + data.alpha * labelled;
}

/** The class masses Σ_i w_j^{(i)} + α ñ_j. */
export function classMass(data: Data, w: readonly Vec[]): number[] {
  return Array.from({ length: data.k }, (_, j) =>
    w.reduce((acc, row) => acc + row[j]!, 0) + data.alpha * data.zt.filter((z) => z === j).length);
}

/** μ_j as the weighted mean, given the weights of the unlabelled and of the labelled points. */
export function weightedMean(data: Data, j: number, unlabelledWeight: (i: number) => number, labelledWeight: number): number[] {
  let sum = zeros(data.d);
  let mass = 0;
  data.x.forEach((x, i) => {
    sum = addVec(sum, scaleVec(unlabelledWeight(i), x));
    mass += unlabelledWeight(i);
  });
  data.xt.forEach((x, i) => {
    if (data.zt[i] !== j) return;
    sum = addVec(sum, scaleVec(labelledWeight, x));
    mass += labelledWeight;
  });
  return scaleVec(1 / mass, sum);
}

/** The weighted scatter S_j around a given mean. */
export function scatter(data: Data, w: readonly Vec[], j: number, mean: Vec): number[][] {
  const spread = (x: Vec): number[][] => outer(subVec(x, mean), subVec(x, mean));
  const unlabelled = data.x.map((x, i) => scaleMat(w[i]![j]!, spread(x)));
  const labelled = data.xt.filter((_, i) => data.zt[i] === j).map((x) => scaleMat(data.alpha, spread(x)));
  return [...unlabelled, ...labelled].reduce((acc, m) => addMat(acc, m), Array.from({ length: data.d }, () => zeros(data.d)));
}

/** The closed-form semi-supervised M-step. */
export function mStep(data: Data, w: readonly Vec[]): Theta {
  const mass = classMass(data, w);
  const total = data.x.length + data.alpha * data.xt.length;
  const mu = Array.from({ length: data.k }, (_, j) => weightedMean(data, j, (i) => w[i]![j]!, data.alpha));
  return {
    phi: mass.map((m) => m / total),
    mu,
    sigma: mu.map((m, j) => scaleMat(1 / mass[j]!, scatter(data, w, j, m))),
  };
}
