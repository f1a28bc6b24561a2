/**
 * Replays inside one instance of the linear-Gaussian model: a point-free subexpression met again
 * under the same names returns the value its first computation gave and charges the work that
 * computation counted, so values and the point where a work budget ends are as without replays;
 * anything that reads a point is computed again.
 */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../src/expr/model.js';
import { ModelEval, Unavailable, type Scope } from '../src/numeric/gaussian/evaluate.js';
import { drawWorld } from '../src/numeric/gaussian/world.js';
import { diffusionModel } from './diffusion-model.js';

const { spec, parse } = diffusionModel();

/** The mean's coefficient of x̂_θ: point-free, read through the definitions of ᾱ and α. */
const COEFFICIENT = parse('\\frac{\\sqrt{\\bar\\alpha_{t-1}}(1-\\alpha_t)}{1-\\bar\\alpha_t}');

/** Evaluates `e` `times` times in a fresh instance with this work budget: the last value, or the reason it stopped. */
function evaluate(seed: number, work: number, e: Expr, times: number, scope?: (ev: ModelEval) => Scope): number | string {
  const ev = new ModelEval(spec, drawWorld(spec, seed, false), 0, { draws: 8, work });
  const s = scope ? scope(ev) : ev.initialScope();
  try {
    let v: unknown;
    for (let i = 0; i < times; i++) v = ev.value(e, s);
    return v as number;
  } catch (err) {
    if (err instanceof Unavailable) return err.reason;
    throw err;
  }
}

/** The least work budget under which `times` evaluations of `e` finish. */
function workNeeded(seed: number, e: Expr, times: number): number {
  let [lo, hi] = [0, 100_000];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (typeof evaluate(seed, mid, e, times) === 'number') hi = mid; else lo = mid;
  }
  return hi;
}

describe('replaying point-free values inside one instance', () => {
  it('gives the value a fresh instance computes, bit for bit', () => {
    expect(spec.process.name).toBe('\\mathbf{x}');
    for (let seed = 1; seed <= 10; seed++) {
      const once = evaluate(seed, 1_000_000, COEFFICIENT, 1);
      expect(typeof once).toBe('number');
      expect(Object.is(evaluate(seed, 1_000_000, COEFFICIENT, 5), once)).toBe(true);
    }
  });

  it('charges every replay the work of the computation it stands for, so a budget ends where it did', () => {
    for (const seed of [2, 7]) {
      const [one, two, three] = [1, 2, 3].map((n) => workNeeded(seed, COEFFICIENT, n)) as [number, number, number];
      // the first use fills the memo of ᾱ; from the second on each use counts the same visits
      expect(two - one).toBeGreaterThan(0);
      expect(three - two).toBe(two - one);
      expect(evaluate(seed, three - 1, COEFFICIENT, 3)).toBe('the work budget of one instance is spent');
    }
  });

  it('keeps apart the same definition called at other indices (μ_θ at t and at t − 1, in one instance)', () => {
    const calls = ['\\boldsymbol\\mu_\\theta(\\mathbf x_t, t)', '\\boldsymbol\\mu_\\theta(\\mathbf x_{t-1}, t-1)'].map(parse);
    for (let seed = 1; seed <= 6; seed++) {
      const ev = new ModelEval(spec, drawWorld(spec, seed, false), 0, { draws: 8, work: 1_000_000 });
      const s = ev.initialScope();
      const together = [...calls, ...calls].map((c) => ev.value(c, s));
      const apart = [...calls, ...calls].map((c) => evaluate(seed, 1_000_000, c, 1));
      expect(together).toEqual(apart);
      expect(together[0]).not.toEqual(together[1]);
    }
  });

  it('computes again what reads a point through a definition (μ_θ written bare reads x_t)', () => {
    const scaledMean = parse('2\\boldsymbol\\mu_\\theta');
    const at = (x: number[]) => (ev: ModelEval): Scope => {
      const s = ev.initialScope();
      return { names: s.names, points: new Map(s.points).set(ev.world.t, x) };
    };
    const ev = new ModelEval(spec, drawWorld(spec, 3, false), 0, { draws: 8, work: 1_000_000 });
    const s = ev.initialScope();
    const d = ev.world.d;
    const [x1, x2] = [Array.from({ length: d }, () => 0.5), Array.from({ length: d }, () => -1.5)];
    // one instance, one map of names, two points: the second value must follow the point
    const first = ev.value(scaledMean, { names: s.names, points: new Map(s.points).set(ev.world.t, x1) });
    const second = ev.value(scaledMean, { names: s.names, points: new Map(s.points).set(ev.world.t, x2) });
    expect(second).not.toEqual(first);
    expect(first).toEqual(evaluate(3, 1_000_000, scaledMean, 1, at(x1)));
    expect(second).toEqual(evaluate(3, 1_000_000, scaledMean, 1, at(x2)));
  });
});
