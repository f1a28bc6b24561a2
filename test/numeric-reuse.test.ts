/** Values kept within a world: the same values, the same work counted, the same limits met as evaluating again. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLatex } from '../src/notation/parse.js';
import { analyzeStep, type Definition, type StepModel } from '../src/numeric/analysis.js';
import { DOUBLE, Inexact, type Arith } from '../src/numeric/arith.js';
import { EXACT } from '../src/numeric/exact.js';
import { Evaluator, OutOfWork, type Meter } from '../src/numeric/evaluate.js';
import { reuseReadings, SequenceMap, worthKeeping } from '../src/numeric/reuse.js';
import { Unsupported, worldArbitrary, WorldView, type World } from '../src/numeric/world.js';
import { entries } from '../src/numeric/tensor.js';
import { ctx } from './numeric-build.js';

const tex = (l: string) => parseLatex(l);
const define = (lhs: string, rhs: string): Definition => ({ lhs: tex(lhs), rhs: tex(rhs) });

describe('reading a step for reuse', () => {
  it('gives trees written alike one id, and any difference (a bound name, -0) another', () => {
    const [a, b, c, d] = ['\\sum_{i=1}^n \\log f(x_i) + 1', '\\sum_{i=1}^n \\log f(x_i) + 1', '\\sum_{j=1}^n \\log f(x_j) + 1', '\\sum_{i=1}^n \\log f(x_i) + 2'].map(tex);
    // (as definitions' right sides: every node of a definition may meet its values again)
    const readings = reuseReadings([], [a!, b!, c!, d!]);
    const id = (e: ReturnType<typeof tex>) => readings.get(e)?.id;
    expect(id(a!)).toBeDefined();
    expect(id(a!)).toBe(id(b!));
    expect(id(a!)).not.toBe(id(c!));
    expect(id(a!)).not.toBe(id(d!));
    const zeros = reuseReadings([], [tex('\\log(x + y) + 0 \\cdot z + w'), { kind: 'add', terms: [tex('\\log(x + y)'), { kind: 'mul', factors: [{ kind: 'num', value: -0 }, tex('z')] }, tex('w')] }]);
    expect(new Set([...zeros.values()].map((r) => r.id)).size).toBe(zeros.size);
  });
  it('names the environment keys a node can read, a superscripted use under its own key', () => {
    const e = tex('\\sum_{i=1}^n \\log(a_i + x^{(i)} + y)');
    const keys = reuseReadings([], [e]).get(e)!.keys;
    expect([...keys].sort()).toEqual(['a', 'i', 'n', 'x^()', 'y']);
  });
  it('keeps only what can meet its values again in a world', () => {
    const side = tex('\\log(a + b + c + e) + \\sum_{i=1}^n \\left(\\exp(a + b + c + e) + \\log(x_i + b + c + e)\\right) + \\exp(a + b + c + e)');
    const defined = tex('\\log(u + b + c + e)');
    const readings = reuseReadings([side], [defined]);
    const kept = (latex: string) => [...readings.keys()].some((e) => JSON.stringify(e) === JSON.stringify(tex(latex)));
    expect(kept('\\log(a + b + c + e)')).toBe(false);
    expect(kept('\\exp(a + b + c + e)')).toBe(true);
    expect(kept('\\log(x_i + b + c + e)')).toBe(false);
    expect(kept('\\log(u + b + c + e)')).toBe(true);
  });
});

describe('a sequence-keyed map', () => {
  it('keys numbers by value (-0 apart from 0) and anything else by identity', () => {
    const m = new SequenceMap<string>();
    const t = { rows: 1, cols: 1, data: [1] };
    m.set([1, 0, t], 'a');
    expect(m.get([1, 0, t])).toBe('a');
    expect(m.get([1, -0, t])).toBeUndefined();
    expect(m.get([1, 0, { ...t }])).toBeUndefined();
    m.set([1, NaN], 'b');
    expect(m.get([1, NaN])).toBe('b');
    expect(m.get([1])).toBeUndefined();
  });
  it('keeps a sequence, its prefixes and the empty sequence apart', () => {
    const m = new SequenceMap<string>();
    m.set([1, 2, 3], 'long');
    m.set([1, 2], 'short');
    m.set([], 'empty');
    m.set([1, 2, 4], 'other');
    expect([m.get([1, 2, 3]), m.get([1, 2]), m.get([]), m.get([1, 2, 4]), m.get([1]), m.get([2, 3])]).toEqual(['long', 'short', 'empty', 'other', undefined, undefined]);
    m.set([1, 2], 'again');
    expect([m.get([1, 2]), m.get([1, 2, 3])]).toEqual(['again', 'long']);
  });
});

describe('what keeping a value costs', () => {
  it('stops keeping a node no look-up ever found, and changes no value or work counted', () => {
    // a definition's nodes are worth keeping by their reading, but each use here is at another argument
    const side = tex('\\sum_{i=1}^n g(x_i) + \\sum_{i=1}^n x_i');
    const model = analyzeStep([side], ctx().symbols, [], [define('g(u)', '\\log(1 + u^2) + \\exp(u) \\cdot u')], []);
    const readings = [...model.reuse.values()];
    expect(readings.length).toBeGreaterThan(0);
    const without: StepModel = { ...model, reuse: new Map() };
    const worlds = fc.sample(worldArbitrary(model, 2), { numRuns: 300, seed: 5 });
    for (const world of worlds) {
      for (const limit of [Infinity, 200]) expect(run(DOUBLE, model, world, [side], limit)).toEqual(run(DOUBLE, without, world, [side], limit));
    }
    expect(readings.some((r) => !worthKeeping(r.record))).toBe(true);
  });
  it('keeps a node that was found', () => {
    expect(worthKeeping({ lookups: 10_000, found: 1 })).toBe(true);
    expect(worthKeeping({ lookups: 10, found: 0 })).toBe(true);
  });
});

/** Steps with much repetition: shared parts on both sides, invariant inner sums, definitions
 *  expanded at the same arguments, joints met in a changing order. */
const CASES: { readonly name: string; readonly sides: readonly string[]; readonly definitions: readonly Definition[] }[] = [
  {
    name: 'a mixture-like objective',
    sides: [
      '\\sum_{i=1}^n \\log \\sum_{j=1}^k \\frac{a_j}{\\sum_{l=1}^k a_l} \\exp(-(x_i - b_j)^2) + \\sum_{i=1}^n \\frac{f(x_i)}{\\sum_{l=1}^k a_l}',
      '\\sum_{i=1}^n \\log \\sum_{j=1}^k \\frac{a_j}{\\sum_{l=1}^k a_l} \\exp(-(x_i - b_j)^2) + \\sum_{i=1}^n f(x_i) g(x_i)',
    ],
    definitions: [define('f(u)', '\\sum_{j=1}^k a_j \\exp(-(u - b_j)^2)'), define('g(u)', '\\frac{f(u)}{\\sum_{l=1}^k a_l}')],
  },
  {
    name: 'a derivative whose body repeats its parts',
    sides: [
      '\\frac{\\partial}{\\partial \\mu} \\left(\\sum_{i=1}^n \\frac{\\sum_{j=1}^k a_j (x_i - \\mu b_j)^2}{1 + \\sum_{l=1}^k a_l^2} + \\sum_{i=1}^n \\mu f(x_i)\\right)',
      '\\sum_{i=1}^n \\frac{-2 \\sum_{j=1}^k a_j b_j (x_i - \\mu b_j)}{1 + \\sum_{l=1}^k a_l^2} + \\sum_{i=1}^n f(x_i)',
    ],
    definitions: [define('f(u)', '\\sum_{j=1}^k a_j (u - b_j)^2')],
  },
  {
    // the difference quotients that cross-check the derivative share what reads no seed: the terms of the other members
    name: 'a derivative by one member of a family the body sums over',
    sides: [
      '\\frac{\\partial}{\\partial \\mu_2} \\left(\\sum_{i=1}^n \\frac{a_2 (x_i - \\mu_2)^2}{1 + \\sum_{l=1}^k a_l^2 (x_i - \\mu_l)^2} + \\sum_{i=1}^n \\sum_{l=1}^k a_l^2 (x_i - \\mu_l)^2\\right)',
      '\\sum_{i=1}^n \\frac{2 a_2 (\\mu_2 - x_i)}{1 + \\sum_{l=1}^k a_l^2 (x_i - \\mu_l)^2} + \\sum_{i=1}^n 2 a_2^2 (\\mu_2 - x_i)',
    ],
    definitions: [],
  },
  {
    name: 'discrete joints read in different orders',
    sides: [
      '\\sum_{x} P(x) \\log \\frac{P(x)}{Q(x)} + \\sum_{y} P(y) \\sum_{x} P(x|y) \\log P(x|y)',
      '\\sum_{y} P(y) \\sum_{x} P(x|y) \\log \\frac{P(x|y)}{Q(x|y)} + \\sum_{x} P(x) \\log \\frac{P(x)}{Q(x)}',
    ],
    definitions: [],
  },
];

interface Run { readonly values: readonly number[] | string; readonly spent: number }

/** Evaluates the sides in one world under a work limit: the values (or the signal that stopped them) and the work counted. */
function run<T>(A: Arith<T>, model: StepModel, world: World, sides: readonly ReturnType<typeof tex>[], limit: number): Run {
  const meter: Meter = { spent: 0, limit };
  const ev = new Evaluator(A, new WorldView(model, world, A, new Map(), 0, null), meter);
  try {
    const values = sides.flatMap((e) => entries(ev.value(e, new Map())).map((v) => A.toNumber(v)));
    return { values, spent: meter.spent };
  } catch (e) {
    if (e instanceof OutOfWork || e instanceof Unsupported || e instanceof Inexact) return { values: e.name, spent: meter.spent };
    throw e;
  }
}

/** DOUBLE, counting the operations it performs. */
function counting(): { A: Arith<number>; count: () => number } {
  let n = 0;
  const A = Object.fromEntries(Object.entries(DOUBLE).map(([k, v]) => [k, typeof v === 'function' ? (...xs: unknown[]) => { n++; return (v as (...a: unknown[]) => unknown)(...xs); } : v])) as unknown as Arith<number>;
  return { A, count: () => n };
}

describe('keeping values within a world', () => {
  it('evaluates a part met again with the same values once', () => {
    const c = CASES[0]!;
    const sides = c.sides.map(tex);
    const model = analyzeStep(sides, ctx().symbols, [], c.definitions, []);
    const world = fc.sample(worldArbitrary(model, 1), { numRuns: 1, seed: 3 })[0]!;
    const [kept, again] = [model, { ...model, reuse: new Map() }].map((m) => {
      const { A, count } = counting();
      run(A, m, world, sides, Infinity);
      return count();
    });
    expect(kept!).toBeLessThan(again! / 2);
  });

  for (const c of CASES) {
    it(`changes no value, no work counted and no limit met (${c.name})`, () => {
      const sides = c.sides.map(tex);
      const model = analyzeStep(sides, ctx().symbols, [], c.definitions, []);
      expect(model.reuse.size).toBeGreaterThan(0);
      const without: StepModel = { ...model, reuse: new Map() };
      let evaluated = 0;
      fc.assert(fc.property(worldArbitrary(model, 1), fc.double({ min: 0, max: 1, noNaN: true }), (world, cut) => {
        for (const A of [DOUBLE, EXACT] as Arith<unknown>[]) {
          const full = run(A, without, world, sides, Infinity);
          expect(run(A, model, world, sides, Infinity)).toEqual(full);
          // a limit somewhere inside the evaluation is met at the same point with or without kept values
          const limit = Math.floor(full.spent * cut);
          expect(run(A, model, world, sides, limit)).toEqual(run(A, without, world, sides, limit));
          if (typeof full.values !== 'string') evaluated++;
        }
      }), { numRuns: 60, seed: 11 });
      expect(evaluated).toBeGreaterThan(20);
    });
  }
});
