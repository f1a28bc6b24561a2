/**
 * Simulations of semi-supervised EM on the Gaussian mixture (SPEC 5–7), independent of
 * the engine: EM never decreases ℓ_semi-sup; the closed-form M-step is a stationary point
 * of the M-step objective (finite differences) that no perturbation improves; the E-step's
 * responsibilities are Bayes' rule. Deterministic by seed; every property is also shown
 * to fail for a wrong formula of the kind students write.
 */
import { describe, expect, it } from 'vitest';
import { seeded, simplexPoint, uniformIn, type Rng } from './simulation/random.js';
import { addMat, addVec, cholesky, identity, matMul, randomSymmetric, scaleMat, transpose, type Mat, type Vec } from './simulation/linalg.js';
import { Z, logDensity, meanWithError, sampler } from './simulation/gaussian.js';
import {
  classMass, eStep, mStep, mStepObjective, randomTheta, sampleData, scatter, semiSupervisedObjective, weightedMean,
  type Data, type Theta,
} from './simulation/mixture.js';

/** A seeded instance: k classes in d dimensions, unlabelled and labelled points, α > 0. */
function instance(seed: number, k: number, d: number): { rng: Rng; data: Data } {
  const rng = seeded(seed);
  const truth = randomTheta(rng, k, d);
  return { rng, data: sampleData(rng, truth, 60, 12, uniformIn(rng, 0.2, 3)) };
}

const SHAPES: ReadonlyArray<readonly [number, number]> = [[2, 2], [3, 2], [2, 3], [3, 3]];

/** Floating-point slack for comparisons of objectives of size |f|. */
const slack = (f: number): number => 1e-9 * (1 + Math.abs(f));

describe('SPEC 5: semi-supervised EM never decreases ℓ_semi-sup', () => {
  it('along 25 iterations from a random start, for several seeds and shapes', () => {
    SHAPES.forEach(([k, d], s) => {
      for (const seed of [1, 2]) {
        const { rng, data } = instance(1000 * (s + 1) + seed, k, d);
        let theta = randomTheta(rng, k, d);
        const trace = [semiSupervisedObjective(theta, data)];
        for (let iteration = 0; iteration < 25; iteration++) {
          theta = mStep(data, eStep(theta, data));
          trace.push(semiSupervisedObjective(theta, data));
        }
        for (let i = 1; i < trace.length; i++) {
          expect(trace[i]! - trace[i - 1]!, `k=${k} d=${d} seed ${seed} iteration ${i}`).toBeGreaterThanOrEqual(-slack(trace[i]!));
        }
        // Not vacuous: EM climbed well above its random start.
        expect(trace[trace.length - 1]! - trace[0]!).toBeGreaterThan(1);
      }
    });
  });

  it('a wrong M-step (α on the unlabelled terms instead of the labelled ones) does decrease it', () => {
    // From a point EM has converged to, EM's own step stays put (up to slack), while the
    // wrong step maximises another bound and moves away, losing ℓ_semi-sup: the monotonicity
    // check above would catch that M-step.
    const { rng, data } = instance(77, 3, 2);
    const shifted: Data = { ...data, alpha: 3 };
    let theta = randomTheta(rng, 3, 2);
    for (let iteration = 0; iteration < 120; iteration++) theta = mStep(shifted, eStep(theta, shifted));
    const before = semiSupervisedObjective(theta, shifted);
    const w = eStep(theta, shifted);
    // α weighting the unlabelled responsibilities and weight 1 on the labelled points.
    const swapped = mStep({ ...shifted, alpha: 1 / shifted.alpha }, w);
    expect(semiSupervisedObjective(mStep(shifted, w), shifted)).toBeGreaterThanOrEqual(before - slack(before));
    expect(semiSupervisedObjective(swapped, shifted)).toBeLessThan(before - 1e-3);
  });
});

/** Finite-difference derivative of f at 0 (central, step h). */
const derivative = (f: (eps: number) => number, h = 1e-5): number => (f(h) - f(-h)) / (2 * h);

const withMean = (theta: Theta, j: number, mean: Vec): Theta => ({ ...theta, mu: theta.mu.map((m, l) => (l === j ? mean : m)) });
const withCov = (theta: Theta, j: number, cov: Mat): Theta => ({ ...theta, sigma: theta.sigma.map((s, l) => (l === j ? cov : s)) });
const withPhi = (theta: Theta, phi: readonly number[]): Theta => ({ ...theta, phi });

/** The largest finite-difference directional derivative of the M-step objective over the directions probed. */
function largestSlope(theta: Theta, data: Data, w: readonly Vec[], rng: Rng): { mean: number; cov: number; phi: number } {
  const f = (t: Theta): number => mStepObjective(t, data, w);
  const { k, d } = data;
  let mean = 0;
  let cov = 0;
  let phi = 0;
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < d; c++) {
      const e = identity(d)[c]!;
      mean = Math.max(mean, Math.abs(derivative((h) => f(withMean(theta, j, addVec(theta.mu[j]!, e.map((v) => h * v)))))));
    }
    for (let probe = 0; probe < 3; probe++) {
      // Σ_j ranges over symmetric matrices: probe along symmetric directions.
      const e = randomSymmetric(rng.normal, d);
      cov = Math.max(cov, Math.abs(derivative((h) => f(withCov(theta, j, addMat(theta.sigma[j]!, scaleMat(h, e)))))));
    }
  }
  // φ lives on the simplex: probe along its tangent directions e_a − e_b.
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const moved = (h: number): number[] => theta.phi.map((p, l) => p + (l === a ? h : l === b ? -h : 0));
      phi = Math.max(phi, Math.abs(derivative((h) => f(withPhi(theta, moved(h))))));
    }
  }
  return { mean, cov, phi };
}

/** An M-step at a seeded instance: responsibilities from a random θ, the closed form, its objective. */
function mStepAt(seed: number, k: number, d: number): { rng: Rng; data: Data; w: number[][]; best: Theta; f: number } {
  const { rng, data } = instance(seed, k, d);
  const w = eStep(randomTheta(rng, k, d), data);
  const best = mStep(data, w);
  return { rng, data, w, best, f: mStepObjective(best, data, w) };
}

describe('SPEC 7: the closed-form M-step maximises the M-step objective', () => {
  it('its gradient vanishes (finite differences, φ along the simplex) where a random point’s does not', () => {
    SHAPES.forEach(([k, d], s) => {
      const { rng, data, w, best, f } = mStepAt(2000 + s, k, d);
      // Central differences with h = 1e-5 carry an error near 1e-10·|f|/h plus h² terms.
      const tolerance = 1e-7 * (1 + Math.abs(f));
      const at = largestSlope(best, data, w, rng);
      expect(at.mean, `k=${k} d=${d}`).toBeLessThan(tolerance);
      expect(at.cov).toBeLessThan(tolerance);
      expect(at.phi).toBeLessThan(tolerance);
      const away = largestSlope(randomTheta(rng, k, d), data, w, rng);
      expect(Math.min(away.mean, away.cov, away.phi)).toBeGreaterThan(1000 * tolerance);
      // The multiplier: every ∂F/∂φ_j equals λ = n + α ñ at the optimum.
      for (let j = 0; j < k; j++) {
        const partial = derivative((h) => mStepObjective(withPhi(best, best.phi.map((p, l) => (l === j ? p + h : p))), data, w));
        expect(Math.abs(partial - (data.x.length + data.alpha * data.xt.length))).toBeLessThan(tolerance);
      }
    });
  });

  it('no random perturbation of μ, Σ or φ increases the objective', () => {
    SHAPES.forEach(([k, d], s) => {
      const { rng, data, w, best, f } = mStepAt(3000 + s, k, d);
      for (let trial = 0; trial < 60; trial++) {
        const size = [1e-3, 1e-2, 1e-1, 0.5][trial % 4]!;
        // Σ_j → L(I + size·S)(I + size·S)ᵀLᵀ stays positive definite; φ mixes with a random
        // point of the simplex and stays on it.
        const bend = (cov: Mat): Mat => {
          const l = cholesky(cov);
          const m = addMat(identity(d), scaleMat(size, randomSymmetric(rng.normal, d)));
          const lm = matMul(l, m);
          return matMul(lm, transpose(lm));
        };
        const u = simplexPoint(rng, k);
        const perturbed: Theta = {
          phi: best.phi.map((p, j) => (1 - size) * p + size * u[j]!),
          mu: best.mu.map((m) => m.map((v) => v + size * rng.normal())),
          sigma: best.sigma.map(bend),
        };
        expect(mStepObjective(perturbed, data, w), `k=${k} d=${d} trial ${trial}`).toBeLessThanOrEqual(f + slack(f));
      }
    });
  });

  it('the wrong updates students write are not stationary', () => {
    const { rng, data, w, best, f } = mStepAt(4000, 3, 2);
    const tolerance = 1e-7 * (1 + Math.abs(f));
    const mass = classMass(data, w);
    // α weighting the unlabelled points instead of the labelled ones, in μ_j.
    const alphaOnUnlabelled = withMean(best, 0, weightedMean(data, 0, (i) => data.alpha * w[i]![0]!, 1));
    expect(largestSlope(alphaOnUnlabelled, data, w, rng).mean).toBeGreaterThan(1000 * tolerance);
    // Σ_j divided by Σ_i w_j^{(i)} alone, forgetting the labelled mass α ñ_j.
    const unlabelledMass = w.reduce((acc, row) => acc + row[0]!, 0);
    const wrongCov = withCov(best, 0, scaleMat(1 / unlabelledMass, scatter(data, w, 0, best.mu[0]!)));
    expect(mass[0]).toBeGreaterThan(unlabelledMass);
    expect(largestSlope(wrongCov, data, w, rng).cov).toBeGreaterThan(1000 * tolerance);
    // φ from the unlabelled responsibilities alone (on the simplex, but not the optimum).
    const wrongPhi = withPhi(best, Array.from({ length: 3 }, (_, j) => w.reduce((acc, row) => acc + row[j]!, 0) / data.x.length));
    expect(largestSlope(wrongPhi, data, w, rng).phi).toBeGreaterThan(1000 * tolerance);
  });
});

describe('SPEC 6: the E-step is Bayes’ rule', () => {
  it('each point’s responsibilities sum to 1 and equal φ_j N(x; μ_j, Σ_j) / Σ_l φ_l N(x; μ_l, Σ_l)', () => {
    SHAPES.forEach(([k, d], s) => {
      const { rng, data } = instance(5000 + s, k, d);
      const theta = randomTheta(rng, k, d);
      const w = eStep(theta, data);
      data.x.forEach((x, i) => {
        const joint = theta.phi.map((p, j) => p * Math.exp(logDensity(x, theta.mu[j]!, theta.sigma[j]!)));
        const total = joint.reduce((a, b) => a + b, 0);
        expect(Math.abs(w[i]!.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        w[i]!.forEach((v, j) => expect(Math.abs(v - joint[j]! / total)).toBeLessThan(1e-12));
      });
    });
  });

  it('is calibrated: on data drawn from θ, E[(1{z = j} − w_j(x)) g(x)] = 0, which the E-step without φ_j fails', () => {
    // The posterior is the conditional expectation of 1{z = j} given x, so the residual is
    // orthogonal to every function of x; check g(x) = 1 and the coordinates of x.
    const rng = seeded(6000);
    const k = 3;
    const d = 2;
    const theta: Theta = { ...randomTheta(rng, k, d, 1.5), phi: [0.6, 0.3, 0.1] };
    const draw = theta.mu.map((m, j) => sampler(rng, m, theta.sigma[j]!));
    const points: { x: number[]; z: number }[] = Array.from({ length: 6000 }, () => {
      const z = rng.uniform() < 0.6 ? 0 : rng.uniform() < 0.75 ? 1 : 2;
      return { x: draw[z]!(), z };
    });
    const data: Data = { k, d, x: points.map((p) => p.x), xt: [], zt: [], alpha: 1 };
    const residualsOff = (w: readonly Vec[]): boolean[] => {
      const tests = [(x: Vec) => 1, (x: Vec) => x[0]!, (x: Vec) => x[1]!];
      return tests.flatMap((g) => Array.from({ length: k }, (_, j) => {
        const { mean, se } = meanWithError(points.map((p, i) => ((p.z === j ? 1 : 0) - w[i]![j]!) * g(p.x)));
        return Math.abs(mean) > Z * se;
      }));
    };
    expect(residualsOff(eStep(theta, data)).some((off) => off)).toBe(false);
    const withoutPhi = eStep(withPhi(theta, Array(k).fill(1 / k)), data);
    expect(residualsOff(withoutPhi).some((off) => off)).toBe(true);
  });
});
