/** Worlds: drawn values respect constraints; joints are distributions; reads are stable. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shapeScalar, worldArbitrary, WorldView, EMPTY_TUPLE, type RawScalar } from '../src/numeric/world.js';
import { rawScalarArb } from '../src/numeric/draw.js';
import { analyzeStep, type Constraint } from '../src/numeric/analysis.js';
import { DOUBLE } from '../src/numeric/arith.js';
import { continueHash, hashKey } from '../src/numeric/prng.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { P, s } from './numeric-build.js';

const raw: fc.Arbitrary<RawScalar> = rawScalarArb(2);
const bound = fc.option(fc.integer({ min: -20, max: 20 }).map((v) => v / 4), { nil: undefined });
const constraint: fc.Arbitrary<Constraint> = fc.record({
  lower: bound, upper: bound, strictLower: fc.boolean(), strictUpper: fc.boolean(), integer: fc.boolean(),
});

describe('shapeScalar', () => {
  it('stays inside every satisfiable constraint (or says NaN when none can be met)', () => {
    fc.assert(fc.property(constraint, raw, (c, r) => {
      const v = shapeScalar(c, r);
      if (Number.isNaN(v)) {
        // Only when the constraint admits no value of the requested sort.
        const lo = c.lower ?? -Infinity; const hi = c.upper ?? Infinity;
        const empty = lo > hi || (lo === hi && (c.strictLower || c.strictUpper)) ||
          (c.integer === true && Math.floor(c.upper ?? Infinity) < Math.ceil(c.lower ?? -Infinity));
        return empty || (c.integer === true);
      }
      if (c.lower !== undefined) expect(c.strictLower ? v > c.lower : v >= c.lower).toBe(true);
      if (c.upper !== undefined) expect(c.strictUpper ? v < c.upper : v <= c.upper).toBe(true);
      if (c.integer) expect(Number.isInteger(v)).toBe(true);
      return true;
    }), { numRuns: 3000, seed: 5 });
  });
  it('draws finite sets from their elements', () => {
    fc.assert(fc.property(raw, (r) => [0, 1].includes(shapeScalar({ choices: [0, 1] }, r))), { numRuns: 200, seed: 5 });
  });
});

describe('random joints', () => {
  const model = analyzeStep([P('P', [s('x'), s('y')]), P('Q', [s('x')], [s('z')])], defaultSymbols(), [], [], []);
  it('are strictly positive and sum to one, and marginals agree with the joint whatever order variables are met in', () => {
    fc.assert(fc.property(worldArbitrary(model), (w) => {
      const view = new WorldView(model, w, DOUBLE, new Map(), 0, null);
      const mx = view.size('x'); const my = view.size('y');
      let total = 0;
      for (let a = 0; a < mx; a++) {
        // Marginal of x asked first, then the joint: adding y later must not change P(x).
        const px = view.probability('P', EMPTY_TUPLE, [['x', 'x', a]]);
        let sum = 0;
        for (let b = 0; b < my; b++) {
          const p = view.probability('P', EMPTY_TUPLE, [['x', 'x', a], ['y', 'y', b]]);
          expect(p).toBeGreaterThan(0);
          sum += p;
        }
        expect(Math.abs(sum - px)).toBeLessThan(1e-12);
        total += sum;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    }), { numRuns: 100, seed: 9 });
  });
});

describe('keyed hashes', () => {
  it('continue a key: hashing a prefix once gives every longer key its own hash', () => {
    fc.assert(fc.property(fc.integer(), fc.string(), fc.string(), (seed, prefix, suffix) =>
      continueHash(hashKey(seed, prefix), suffix) === hashKey(seed, prefix + suffix)), { numRuns: 500, seed: 13 });
  });
  it('give a matrix once per world (the same object at each use), its entries drawn apart', () => {
    const model = analyzeStep([s('\\Sigma')], defaultSymbols(), [], [], []);
    const f = model.freeByName.get('\\Sigma')!;
    fc.assert(fc.property(worldArbitrary(model), (w) => {
      const view = new WorldView(model, w, DOUBLE, new Map(), 0, null);
      const m = view.tensor(f, EMPTY_TUPLE);
      expect(view.tensor(f, EMPTY_TUPLE)).toBe(m);
      expect(new Set(m.data).size).toBeGreaterThan(1);
    }), { numRuns: 50, seed: 13 });
  });
});
