/**
 * Simulations of the Naive-Bayes remark (SPEC 4), independent of the engine: on random binary
 * training sets, D_KL(P̂ ‖ P_θ) equals the remark's sum of divergences plus the θ-free defect
 * Σ_i H(x_i | y) − H(x | y), never the sum alone when features are dependent (two identical fair
 * features give exactly log 2); the defect is zero when P̂ makes the features conditionally
 * independent; and the per-group frequencies minimise D_KL(P̂ ‖ P_θ) — no random perturbation of
 * any one of the 2d + 1 groups does better. Deterministic by seed.
 */
import { describe, expect, it } from 'vitest';
import { seeded, uniformIn, type Rng } from './simulation/random.js';

/** A binary outcome (features, label) and the empirical distribution of a training set of them. */
type Pair = { readonly x: readonly number[]; readonly y: number };
type Empirical = ReadonlyMap<string, number>;
/** Naive-Bayes parameters: P(y = 1) and P(x_i = 1 | y = c). */
interface Params { readonly prior: number; readonly feature: readonly (readonly [number, number])[] }

const keyOf = (p: Pair): string => `${p.x.join('')}|${p.y}`;

function empirical(pairs: readonly Pair[]): Empirical {
  const m = new Map<string, number>();
  for (const p of pairs) m.set(keyOf(p), (m.get(keyOf(p)) ?? 0) + 1 / pairs.length);
  return m;
}

/** Every binary outcome in d features, with its label. */
function outcomes(d: number): Pair[] {
  const out: Pair[] = [];
  for (let cell = 0; cell < 2 ** d; cell++) {
    const x = Array.from({ length: d }, (_, i) => (cell >> i) & 1);
    for (const y of [0, 1]) out.push({ x, y });
  }
  return out;
}

const bern = (one: number, v: number): number => (v === 1 ? one : 1 - one);

function model(theta: Params, p: Pair): number {
  return bern(theta.prior, p.y) * p.x.reduce((acc, v, i) => acc * bern(theta.feature[i]![p.y]!, v), 1);
}

/** Σ over outcomes of P̂ log(P̂ / Q), with 0 log 0 = 0. */
function kl(hat: Empirical, q: (p: Pair) => number, d: number): number {
  return outcomes(d).reduce((s, p) => {
    const ph = hat.get(keyOf(p)) ?? 0;
    return ph === 0 ? s : s + ph * Math.log(ph / q(p));
  }, 0);
}

const marginalY = (hat: Empirical, d: number, y: number): number => outcomes(d).filter((p) => p.y === y).reduce((s, p) => s + (hat.get(keyOf(p)) ?? 0), 0);
const featureGivenY = (hat: Empirical, d: number, i: number, v: number, y: number): number =>
  outcomes(d).filter((p) => p.y === y && p.x[i] === v).reduce((s, p) => s + (hat.get(keyOf(p)) ?? 0), 0) / marginalY(hat, d, y);

const xlogx = (u: number): number => (u === 0 ? 0 : u * Math.log(u));

/** The remark's right side: KL of the labels plus each feature's conditional KL. */
function remark(hat: Empirical, theta: Params, d: number): number {
  let total = [0, 1].reduce((s, y) => s + xlogx(marginalY(hat, d, y)) - marginalY(hat, d, y) * Math.log(bern(theta.prior, y)), 0);
  for (let i = 0; i < d; i++) {
    for (const y of [0, 1]) {
      for (const v of [0, 1]) {
        const u = featureGivenY(hat, d, i, v, y);
        total += marginalY(hat, d, y) * (xlogx(u) - u * Math.log(bern(theta.feature[i]![y]!, v)));
      }
    }
  }
  return total;
}

/** Σ_i H(x_i | y) − H(x | y) under P̂: the θ-free term the remark leaves out. */
function defect(hat: Empirical, d: number): number {
  let joint = 0;
  for (const p of outcomes(d)) {
    const py = marginalY(hat, d, p.y);
    const ph = hat.get(keyOf(p)) ?? 0;
    if (ph > 0) joint -= ph * Math.log(ph / py);
  }
  let single = 0;
  for (let i = 0; i < d; i++) {
    for (const y of [0, 1]) for (const v of [0, 1]) single -= marginalY(hat, d, y) * xlogx(featureGivenY(hat, d, i, v, y));
  }
  return single - joint;
}

/** A training set where every class occurs; `copy` makes feature 1 a copy of feature 0. */
function trainingSet(rng: Rng, d: number, size: number, copy = false): Pair[] {
  const pairs: Pair[] = [];
  for (let n = 0; n < size; n++) {
    const y = n < 2 ? n : rng.uniform() < 0.5 ? 1 : 0;
    const x = Array.from({ length: d }, () => (rng.uniform() < 0.3 + 0.4 * y ? 1 : 0));
    if (copy) x[1] = x[0]!;
    pairs.push({ x, y });
  }
  return pairs;
}

const randomParams = (rng: Rng, d: number): Params => ({
  prior: uniformIn(rng, 0.05, 0.95),
  feature: Array.from({ length: d }, () => [uniformIn(rng, 0.05, 0.95), uniformIn(rng, 0.05, 0.95)] as const),
});

/** The per-group frequencies: the 2d + 1 separate arg mins. */
function frequencies(hat: Empirical, d: number): Params {
  const clamp = (u: number): number => Math.min(1 - 1e-12, Math.max(1e-12, u));
  return {
    prior: clamp(marginalY(hat, d, 1)),
    feature: Array.from({ length: d }, (_, i) => [clamp(featureGivenY(hat, d, i, 1, 0)), clamp(featureGivenY(hat, d, i, 1, 1))] as const),
  };
}

const SEEDS = [1, 2, 3, 4, 5];

describe('SPEC 4: the Naive-Bayes remark, simulated', () => {
  it('D_KL(P̂ ‖ P_θ) is the remark\'s sum plus the θ-free defect, for every θ tried', () => {
    for (const seed of SEEDS) {
      const rng = seeded(seed);
      const d = 2 + (seed % 3);
      const hat = empirical(trainingSet(rng, d, 40));
      const gap = defect(hat, d);
      for (let trial = 0; trial < 5; trial++) {
        const theta = randomParams(rng, d);
        const left = kl(hat, (p) => model(theta, p), d);
        expect(left - remark(hat, theta, d), `seed ${seed}`).toBeCloseTo(gap, 10);
      }
    }
  });

  it('the remark as an equation fails on dependent features: two identical fair features differ by log 2', () => {
    const d = 2;
    // x_2 = x_1, a fair coin within each class: H(x_1 | y) + H(x_2 | y) − H(x | y) = log 2
    const pairs: Pair[] = [0, 1].flatMap((y) => [0, 1].map((v) => ({ x: [v, v], y })));
    const hat = empirical(pairs);
    expect(defect(hat, d)).toBeCloseTo(Math.log(2), 12);
    const theta = randomParams(seeded(9), d);
    expect(kl(hat, (p) => model(theta, p), d) - remark(hat, theta, d)).toBeCloseTo(Math.log(2), 12);
    const copied = empirical(trainingSet(seeded(10), 3, 60, true));
    expect(defect(copied, 3)).toBeGreaterThan(0.05);
  });

  it('the defect vanishes when P̂ makes the features conditionally independent', () => {
    // the product of its own marginals: every combination of feature values within each class
    const d = 3;
    const pairs: Pair[] = outcomes(d);
    expect(Math.abs(defect(empirical(pairs), d))).toBeLessThan(1e-12);
  });

  it('the per-group frequencies minimise D_KL(P̂ ‖ P_θ): no perturbation of one of the 2d + 1 groups does better', () => {
    for (const seed of SEEDS) {
      const rng = seeded(100 + seed);
      const d = 2 + (seed % 3);
      const hat = empirical(trainingSet(rng, d, 50));
      const best = frequencies(hat, d);
      const at = kl(hat, (p) => model(best, p), d);
      for (let trial = 0; trial < 20; trial++) {
        const h = uniformIn(rng, -0.2, 0.2);
        const group = Math.floor(rng.uniform() * (2 * d + 1));
        const move = (u: number): number => Math.min(0.999, Math.max(0.001, u + h));
        const moved: Params = group === 0 ? { ...best, prior: move(best.prior) } : {
          ...best,
          feature: best.feature.map((f, i) => (i === Math.floor((group - 1) / 2) ? (((group - 1) % 2 === 0 ? [move(f[0]), f[1]] : [f[0], move(f[1])]) as const) : f)),
        };
        expect(kl(hat, (p) => model(moved, p), d), `seed ${seed} group ${group}`).toBeGreaterThanOrEqual(at - 1e-12);
      }
      // and a random θ is never better
      expect(kl(hat, (p) => model(randomParams(rng, d), p), d)).toBeGreaterThan(at);
    }
  });
});
