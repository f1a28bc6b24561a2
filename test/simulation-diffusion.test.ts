/**
 * Simulations of the diffusion results (SPEC 9–11), independent of the engine: the end
 * result of each derivation is compared with a run or an exact computation of the
 * homework's model. Deterministic by seed; statistical comparisons use confidence bounds
 * derived from the sample size (Z standard errors), and each test also shows that a
 * wrong formula fails the same comparison.
 */
import { describe, expect, it } from 'vitest';
import { seeded, increasingSchedule, normals, uniformIn, type Rng } from './simulation/random.js';
import { dot, identity, scaleMat, subVec, normSq, type Vec } from './simulation/linalg.js';
import {
  Z, covStandardError, expectedLogDensity, klGaussian, klGaussianWith, logDensity, logDensityWith, meanStandardError,
  meanWithError, moments, type Moments,
} from './simulation/gaussian.js';
import {
  denoisingWeight, forwardGivenX0, forwardStep, forwardTo, linearReverse, muQ, posteriorByConditioning,
  reverseJoint, scheduleOf, sigmaQ2, type LinearReverse, type Schedule,
} from './simulation/diffusion.js';

/** Do the moments of n samples of x_t given x_0 fit N(meanCoef·x_0, variance·I), within Z standard errors? */
function consistentWithLaw({ mean, cov }: Moments, n: number, x0: Vec, meanCoef: number, variance: number): boolean {
  const meanOk = mean.every((m, c) => Math.abs(m - meanCoef * x0[c]!) <= Z * meanStandardError(variance, n));
  const covOk = cov.every((row, a) => row.every((v, b) =>
    Math.abs(v - (a === b ? variance : 0)) <= Z * covStandardError(variance, n, a === b)));
  return meanOk && covOk;
}

describe('SPEC 9: the forward marginal q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I)', () => {
  it('the chain, run from a fixed x_0, has the closed-form mean and covariance at every t', () => {
    const n = 12_000;
    for (const seed of [11, 12]) {
      const rng = seeded(seed);
      const T = 8;
      const d = 3;
      const s = scheduleOf(increasingSchedule(rng, T, 0.01, 0.5));
      const x0 = normals(rng, d).map((v) => 2 * v);
      let chains: number[][] = Array.from({ length: n }, () => [...x0]);
      let wrongLawsTested = 0;
      for (let t = 1; t <= T; t++) {
        chains = chains.map((x) => forwardStep(rng, s, t, x));
        const seen = moments(chains);
        const right = { meanCoef: Math.sqrt(s.alphaBar(t)), variance: 1 - s.alphaBar(t) };
        expect(consistentWithLaw(seen, n, x0, right.meanCoef, right.variance), `seed ${seed}, t = ${t}`).toBe(true);
        // The same comparison rejects the usual mistakes — a standard deviation where the
        // variance belongs, the product stopping at t − 1 — wherever they differ from the
        // right law by more than twice the bound (for large t all three laws come close).
        const wrongLaws = [
          { meanCoef: right.meanCoef, variance: Math.sqrt(right.variance) },
          { meanCoef: Math.sqrt(s.alphaBar(t - 1)), variance: 1 - s.alphaBar(t - 1) },
        ];
        for (const wrong of wrongLaws) {
          const meanGap = Math.max(...x0.map((v) => Math.abs((wrong.meanCoef - right.meanCoef) * v)));
          const varianceGap = Math.abs(wrong.variance - right.variance);
          const detectable = meanGap > 2 * Z * meanStandardError(right.variance, n)
            || varianceGap > 2 * Z * covStandardError(right.variance, n, true);
          if (!detectable) continue;
          wrongLawsTested++;
          expect(consistentWithLaw(seen, n, x0, wrong.meanCoef, wrong.variance), `wrong law, seed ${seed}, t = ${t}`).toBe(false);
        }
      }
      expect(wrongLawsTested).toBeGreaterThanOrEqual(T);
    }
  });
});

/** A random linear-Gaussian instance: scalar, T = 3, predictor x̂(x_t, t) = a_t x_t + b_t. */
function linearInstance(rng: Rng): { model: LinearReverse; x0: number } {
  const T = 3;
  const s = scheduleOf(increasingSchedule(rng, T, 0.05, 0.7));
  const a = normals(rng, T + 1).map((v) => 0.5 * v);
  const b = normals(rng, T + 1).map((v) => 0.5 * v);
  return { model: linearReverse(s, a, b, uniformIn(rng, 0.05, 0.5)), x0: 1.5 * rng.normal() };
}

interface ElboParts { logLikelihood: number; elbo: number; kl: number; reversedKl: number }

/**
 * log p(x_0), the ELBO and the KL, each by its own route: log p(x_0) from the reverse
 * model's joint; the ELBO from the factorised densities, with expectations of quadratics
 * under q; the KL by the Gaussian closed form against p(x_{1:T} | x_0) by conditioning.
 */
function elboParts(model: LinearReverse, x0: number): ElboParts {
  const s: Schedule = model.schedule;
  const T = s.steps;
  const p = reverseJoint(model);
  const q = forwardGivenX0(s, x0);
  const logLikelihood = logDensity([x0], [p.mean[0]!], [[p.cov[0]![0]!]]);

  // Under q, x_0 is fixed: full mean (x_0, m_q), covariance zero in that coordinate.
  const mean = [x0, ...q.mean];
  const cov = [Array(T + 1).fill(0), ...q.cov.map((row) => [0, ...row])];
  const expectedLogStep = (target: number, from: number, c: number, e: number, v: number): number => {
    // E[log N(x_target; c x_from + e, v)] with u = x_target − c x_from − e Gaussian under q.
    const mu = mean[target]! - c * mean[from]! - e;
    const variance = cov[target]![target]! - 2 * c * cov[target]![from]! + c * c * cov[from]![from]!;
    return -0.5 * (Math.log(2 * Math.PI * v) + (variance + mu * mu) / v);
  };
  let expectedLogP = expectedLogStep(T, T, 0, 0, 1); // p(x_T) = N(0, 1): c = 0, e = 0
  for (let t = T; t >= 1; t--) {
    const { c, e, v } = model.step(t);
    expectedLogP += expectedLogStep(t - 1, t, c, e, v);
  }
  // E_q[log q(x_{1:T} | x_0)] through the transitions: each is −½(log 2πβ_t + 1).
  let expectedLogQ = 0;
  for (let t = 1; t <= T; t++) expectedLogQ += -0.5 * (Math.log(2 * Math.PI * s.beta(t)) + 1);

  const c00 = p.cov[0]![0]!;
  const condMean = p.mean.slice(1).map((m, i) => m + p.cov[i + 1]![0]! / c00 * (x0 - p.mean[0]!));
  const condCov = p.cov.slice(1).map((row, i) => row.slice(1).map((v, j) => v - p.cov[i + 1]![0]! * p.cov[0]![j + 1]! / c00));
  return {
    logLikelihood,
    elbo: expectedLogP - expectedLogQ,
    kl: klGaussian(q.mean, q.cov, condMean, condCov),
    reversedKl: klGaussian(condMean, condCov, q.mean, q.cov),
  };
}

describe('SPEC 10: log p(x_0) = ELBO + D_KL(q(x_{1:T} | x_0) ‖ p(x_{1:T} | x_0))', () => {
  it('holds exactly on random linear-Gaussian reverse models, and the ELBO is a lower bound', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { model, x0 } = linearInstance(seeded(100 + seed));
      const { logLikelihood, elbo, kl, reversedKl } = elboParts(model, x0);
      const scale = 1 + Math.abs(logLikelihood);
      expect(Math.abs(logLikelihood - (elbo + kl)), `seed ${seed}`).toBeLessThan(1e-10 * scale);
      expect(elbo).toBeLessThan(logLikelihood);
      expect(kl).toBeGreaterThan(0);
      // The identity is sharp enough to catch the divergence taken the wrong way round.
      expect(Math.abs(logLikelihood - (elbo + reversedKl))).toBeGreaterThan(1e-6 * scale);
    }
  });

  it("the ELBO's expectation matches a Monte Carlo run of the forward chain", () => {
    const rng = seeded(150);
    const { model, x0 } = linearInstance(rng);
    const s = model.schedule;
    const T = s.steps;
    const p = reverseJoint(model);
    const q = forwardGivenX0(s, x0);
    const logP = logDensityWith(p.cov);
    const logQ = logDensityWith(q.cov);
    const ratios = Array.from({ length: 10_000 }, () => {
      const path: number[] = [x0];
      for (let t = 1; t <= T; t++) path.push(forwardStep(rng, s, t, [path[t - 1]!])[0]!);
      return logP(path, p.mean) - logQ(path.slice(1), q.mean);
    });
    const { mean, se } = meanWithError(ratios);
    const { elbo } = elboParts(model, x0);
    expect(Math.abs(mean - elbo)).toBeLessThan(Z * se);
    // Consistency of the two exact routes for E_q[log q]: through the joint's log-determinant.
    const viaJoint = expectedLogDensity(q.mean, q.cov, q.mean, q.cov);
    let viaTransitions = 0;
    for (let t = 1; t <= T; t++) viaTransitions += -0.5 * (Math.log(2 * Math.PI * s.beta(t)) + 1);
    expect(Math.abs(viaJoint - viaTransitions)).toBeLessThan(1e-10);
  });
});

describe('SPEC 11: the denoising term is ᾱ_{t−1}(1−α_t)² / (2σ_q²(1−ᾱ_t)²) · ‖x̂_θ − x_0‖²', () => {
  /** A random smooth predictor x̂(x, t) = A_t x + ½ tanh(W_t x + b_t) in two dimensions. */
  function smoothPredictor(rng: Rng, T: number): (x: Vec, t: number) => number[] {
    const mats = Array.from({ length: T + 1 }, () => [normals(rng, 2), normals(rng, 2)]);
    const ws = Array.from({ length: T + 1 }, () => [normals(rng, 2), normals(rng, 2)]);
    const bs = Array.from({ length: T + 1 }, () => normals(rng, 2));
    return (x, t) => mats[t]!.map((row, r) => dot(row, x) + 0.5 * Math.tanh(dot(ws[t]![r]!, x) + bs[t]![r]!));
  }

  /**
   * E over x_t ~ N(√ᾱ_t x_0, (1−ᾱ_t) I) of the weighting formula, by a tensor trapezoid rule
   * in standardised coordinates on [−7, 7]² (step 0.2): for a Gaussian weight times a function
   * analytic near the real axis its error is orders below the Monte Carlo error.
   */
  function expectedWeighted(s: Schedule, t: number, x0: Vec, predict: (x: Vec, t: number) => number[], weight: number): number {
    const sd = Math.sqrt(1 - s.alphaBar(t));
    const h = 0.2;
    let total = 0;
    let mass = 0;
    for (let i = -35; i <= 35; i++) {
      for (let j = -35; j <= 35; j++) {
        const z = [i * h, j * h];
        const density = Math.exp(-0.5 * (z[0]! ** 2 + z[1]! ** 2));
        const xt = x0.map((v, c) => Math.sqrt(s.alphaBar(t)) * v + sd * z[c]!);
        total += density * weight * normSq(subVec(predict(xt, t), x0));
        mass += density;
      }
    }
    return total / mass;
  }

  it('a Monte Carlo estimate of E_q[D_KL(q(x_{t−1}|x_t,x_0) ‖ p_θ(x_{t−1}|x_t))] matches the formula', () => {
    for (const seed of [21, 22]) {
      const rng = seeded(seed);
      const T = 8;
      const s = scheduleOf(increasingSchedule(rng, T, 0.02, 0.5));
      const predict = smoothPredictor(rng, T);
      const x0 = normals(rng, 2);
      for (const t of [2, 5]) {
        // KL per sample: the true posterior (by conditioning) against the model's step, both
        // Gaussian, by the closed form. x_t comes from running the chain, not from SPEC 9.
        const postVariance = posteriorByConditioning(s, t, x0, x0).variance; // free of x_t and x_0
        const kl = klGaussianWith(scaleMat(postVariance, identity(2)), scaleMat(sigmaQ2(s, t), identity(2)));
        const kls = Array.from({ length: 3000 }, () => {
          const xt = forwardTo(rng, s, t, x0);
          return kl(posteriorByConditioning(s, t, x0, xt).mean, muQ(s, t, xt, predict(xt, t)));
        });
        const { mean, se } = meanWithError(kls);
        const formula = expectedWeighted(s, t, x0, predict, denoisingWeight(s, t));
        expect(Math.abs(mean - formula), `seed ${seed}, t = ${t}`).toBeLessThan(Z * se);
        // Without the ½ the weight doubles, far outside the bound.
        expect(Math.abs(mean - 2 * formula)).toBeGreaterThan(Z * se);
      }
    }
  });

  it("the homework's posterior mean and variance are the forward process's posterior", () => {
    const rng = seeded(30);
    const s = scheduleOf(increasingSchedule(rng, 10));
    for (let t = 2; t <= 10; t++) {
      const x0 = normals(rng, 3);
      const xt = normals(rng, 3);
      const post = posteriorByConditioning(s, t, x0, xt);
      const given = muQ(s, t, xt, x0);
      post.mean.forEach((m, c) => expect(m).toBeCloseTo(given[c]!, 12));
      expect(post.variance).toBeCloseTo(sigmaQ2(s, t), 12);
    }
  });
});
