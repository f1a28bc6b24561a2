/**
 * Seeded randomness for the simulation tests: a 32-bit PRNG (mulberry32), uniform and
 * standard normal draws (Box–Muller), and random parameters in the homework's domains.
 * Everything is a function of the seed, so every simulation replays exactly; there is
 * no global state. Not for the product: the engine has its own seeded sampler.
 */

export interface Rng {
  /** Uniform on (0, 1), never exactly 0. */
  readonly uniform: () => number;
  /** Standard normal. */
  readonly normal: () => number;
}

export function seeded(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (((z ^ (z >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  // Box–Muller yields normals in pairs; the spare is kept in this closure, not globally.
  let spare = Number.NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { uniform: next, normal };
}

export const uniformIn = (rng: Rng, low: number, high: number): number => low + (high - low) * rng.uniform();

export const normals = (rng: Rng, count: number): number[] => Array.from({ length: count }, () => rng.normal());

/** A point of the open simplex: normalised exponential draws (a flat Dirichlet). */
export function simplexPoint(rng: Rng, k: number): number[] {
  const draws = Array.from({ length: k }, () => -Math.log(rng.uniform()));
  const total = draws.reduce((a, b) => a + b, 0);
  return draws.map((v) => v / total);
}

/** A strictly increasing noise schedule β_1 < … < β_T inside [low, high] ⊂ (0, 1). */
export function increasingSchedule(rng: Rng, steps: number, low = 0.02, high = 0.6): number[] {
  const gaps = Array.from({ length: steps }, () => 0.1 + rng.uniform());
  const total = gaps.reduce((a, b) => a + b, 0) + 0.1 + rng.uniform();
  let acc = 0;
  return gaps.map((g) => {
    acc += g;
    return low + (high - low) * (acc / total);
  });
}
