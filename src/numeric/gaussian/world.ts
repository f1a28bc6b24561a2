/**
 * One random instance of a linear-Gaussian model: the chain's length T, the index t, the
 * dimension d, an increasing schedule in (0, 1), a data point x_0, the parameter θ, the
 * positive scalars the context names, and random smooth learned maps (x̂_θ(x, t)).
 *
 * Owns: drawing those, deterministically from a seed (the same seed, the same world). Must
 * not: keep state between draws, or evaluate expressions.
 */
import { hashKey, uniform, uniformInt } from '../prng.js';
import type { ModelSpec } from './spec.js';

export interface ModelWorld {
  readonly seed: number;
  readonly T: number;
  readonly t: number;
  readonly d: number;
  /** schedule name → its values at indices 1..T (entry k-1 for index k). */
  readonly schedule: ReadonlyMap<string, readonly number[]>;
  readonly x0: readonly number[];
  readonly theta: number;
  readonly positives: ReadonlyMap<string, number>;
  /** Learned maps are affine in x (so that the reverse model is linear-Gaussian). */
  readonly linear: boolean;
}

/** The longest chain drawn: long enough for any index pattern, small enough to be exact and fast. */
const MAX_LENGTH = 6;
const MAX_DIMENSION = 3;

/** A standard normal number determined by seed and key (Box–Muller on two keyed uniforms). */
export function gaussianAt(seed: number, key: string): number {
  const u = Math.max(uniform(seed, `${key}:u`), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform(seed, `${key}:v`));
}

export function drawWorld(spec: ModelSpec, seed: number, linear: boolean): ModelWorld {
  const T = uniformInt(seed, 'T', Math.max(spec.lengthLow, spec.indexBounds.lo, 2), Math.max(MAX_LENGTH, spec.lengthLow));
  const t = uniformInt(seed, 't', spec.indexBounds.lo, Math.min(T, spec.indexBounds.hi ?? T));
  const d = spec.scalar ? 1 : uniformInt(seed, 'd', 1, MAX_DIMENSION);
  const schedule = new Map([...spec.schedule].map((name) => [name, increasing(seed, name, T)] as const));
  const spread = 0.5 + 2.5 * uniform(seed, 'x0-scale');
  const x0 = Array.from({ length: d }, (_, i) => spread * gaussianAt(seed, `x0:${i}`));
  const positives = new Map([...spec.positives].map((name) => [name, 0.2 + 1.8 * uniform(seed, `pos:${name}`)] as const));
  return { seed, T, t, d, schedule, x0, theta: 2 * uniform(seed, 'theta') - 1, positives, linear };
}

/** T values strictly increasing in (0, 1), kept away from the ends so that conditioning stays well-posed. */
function increasing(seed: number, name: string, T: number): number[] {
  const raw = Array.from({ length: T }, (_, k) => 0.01 + 0.9 * uniform(seed, `${name}:${k}`)).sort((a, b) => a - b);
  // ties are measure-zero but keep the order strict anyway
  return raw.map((v, k) => v + k * 1e-6);
}

/** The coefficients of one learned map at one step (see learnedMap). */
export interface MapCoefficients {
  readonly A: readonly (readonly number[])[];
  readonly B: readonly (readonly number[])[];
  readonly W: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly e: readonly number[];
  readonly c: readonly number[];
}

/** Coefficients of the map `name` at step k, from the seed (every evaluation in one world sees one map). */
export function mapCoefficients(w: ModelWorld, name: string, k: number): MapCoefficients {
  const g = (what: string, i: number, j = 0): number => gaussianAt(w.seed, `${name}|${k}|${what}|${i}|${j}`);
  const square = (what: string, f: (i: number, j: number, v: number) => number) =>
    Array.from({ length: w.d }, (_, i) => Array.from({ length: w.d }, (_, j) => f(i, j, g(what, i, j))));
  const column = (what: string) => Array.from({ length: w.d }, (_, i) => g(what, i));
  return {
    A: square('A', (i, j, v) => (i === j ? 0.8 : 0) + 0.3 * v),
    B: square('B', (_i, _j, v) => 0.5 * v),
    W: square('W', (_i, _j, v) => 0.6 * v),
    b: column('b'), e: column('e'), c: column('c'),
  };
}

/**
 * A learned map R^d → R^d with parameter θ: (A + θB)x + b + θe, plus a smooth nonlinear part
 * 0.8·tanh(Wx + c) unless the world is linear.
 */
export function learnedMap(w: ModelWorld, m: MapCoefficients, theta: number, x: readonly number[]): number[] {
  return m.b.map((bi, i) => {
    let v = bi + theta * m.e[i]!;
    let inner = m.c[i]!;
    for (let j = 0; j < x.length; j++) {
      v += (m.A[i]![j]! + theta * m.B[i]![j]!) * x[j]!;
      inner += m.W[i]![j]! * x[j]!;
    }
    return w.linear ? v : v + 0.8 * Math.tanh(inner);
  });
}

/** A stream of standard normal numbers from one seed (mulberry32 and Box–Muller); its state is its own. */
export function normalStream(seed: number): () => number {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(Math.max(next(), 1e-300))) * Math.cos(2 * Math.PI * next());
}

/** A seed for one part of a world (a batch of draws, a law's draws). */
export const subSeed = (seed: number, key: string): number => hashKey(seed, key);
