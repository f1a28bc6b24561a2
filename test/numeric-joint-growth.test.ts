/**
 * A joint met again with more variables is extended, not rebuilt, and a marginal sums only the cells
 * it asks for: every probability is the same, to the last bit (or exactly), as when the joint is
 * built at once over all its variables and every cell is scanned.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { worldArbitrary, WorldView, EMPTY_TUPLE, type World } from '../src/numeric/world.js';
import { analyzeStep } from '../src/numeric/analysis.js';
import { DOUBLE, type Arith } from '../src/numeric/arith.js';
import { EXACT } from '../src/numeric/exact.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { P, s } from './numeric-build.js';

const VARS = ['x', 'y', 'z', 'w'];
const model = analyzeStep([P('P', VARS.map((v) => s(v)))], defaultSymbols(), [], [], []);
type Ask = (readonly [string, string, number])[];

/** Every question over the variables: each asks an outcome (0..2, or -1 for none) of each, in a given order. */
function questions(order: readonly string[]): Ask[] {
  let out: Ask[] = [[]];
  for (const v of order) out = out.flatMap((q) => [-1, 0, 1, 2].map((o) => (o === -1 ? q : [...q, [v, v, o] as const])));
  return out;
}

/** The joint grown one variable at a time (a marginal asked before each growth), then asked everything. */
function grown<T>(A: Arith<T>, w: World, order: readonly string[]): T[] {
  const view = new WorldView(model, w, A, new Map(), 0, null);
  for (let k = 1; k <= order.length; k++) view.probability('P', EMPTY_TUPLE, order.slice(0, k).map((v) => [v, v, 0] as const));
  return questions(order).map((q) => view.probability('P', EMPTY_TUPLE, q));
}

/** The joint met at once over all its variables, then asked everything. */
function atOnce<T>(A: Arith<T>, w: World, order: readonly string[]): T[] {
  const view = new WorldView(model, w, A, new Map(), 0, null);
  view.probability('P', EMPTY_TUPLE, order.map((v) => [v, v, 0] as const));
  return questions(order).map((q) => view.probability('P', EMPTY_TUPLE, q));
}

/** The sum over every cell matching a full question, by brute force from the cells themselves. */
function scanned(w: World, order: readonly string[]): number[] {
  const view = new WorldView(model, w, DOUBLE, new Map(), 0, null);
  const sizes = order.map((v) => view.size(v));
  const cell = (outs: readonly number[]) => view.probability('P', EMPTY_TUPLE, order.map((v, j) => [v, v, outs[j]!] as const));
  let cells: number[][] = [[]];
  for (const m of sizes) cells = cells.flatMap((c) => Array.from({ length: m }, (_, o) => [...c, o]));
  return questions(order).map((q) => {
    let total = 0;
    for (const c of cells) if (q.every(([v, , o]) => c[order.indexOf(v)] === o)) total += cell(c);
    return total;
  });
}

describe('joints grown and asked in parts', () => {
  it('give every probability a joint built at once gives, in doubles to the bit and exactly in rationals', () => {
    fc.assert(fc.property(worldArbitrary(model), fc.shuffledSubarray(VARS, { minLength: 1 }), (w, order) => {
      const doubles = grown(DOUBLE, w, order);
      expect(doubles.every((v, i) => Object.is(v, atOnce(DOUBLE, w, order)[i]))).toBe(true);
      expect(doubles).toEqual(scanned(w, order));
      const exact = grown(EXACT, w, order); const exactAtOnce = atOnce(EXACT, w, order);
      expect(exact.every((v, i) => EXACT.compare(v, exactAtOnce[i]!) === 0)).toBe(true);
    }), { numRuns: 40, seed: 11 });
  });

  it('an assignment that asks two outcomes of one variable, or one outside its set, has probability 0', () => {
    fc.assert(fc.property(worldArbitrary(model), (w) => {
      const view = new WorldView(model, w, DOUBLE, new Map(), 0, null);
      expect(view.probability('P', EMPTY_TUPLE, [['x', 'x', 0], ['x', 'x', 1]])).toBe(0);
      expect(view.probability('P', EMPTY_TUPLE, [['x', 'x', 7]])).toBe(0);
      expect(view.probability('P', EMPTY_TUPLE, [['x', 'x', 0.5]])).toBe(0);
      expect(view.probability('P', EMPTY_TUPLE, [['x', 'x', 1], ['x', 'x', 1]])).toBe(view.probability('P', EMPTY_TUPLE, [['x', 'x', 1]]));
    }), { numRuns: 20, seed: 11 });
  });
});

describe('a joint over many one-outcome variables', () => {
  it('answers each question as a fresh joint does: questions whose codes pass 2^53 are not remembered under one code', () => {
    const ones = Array.from({ length: 60 }, (_, i) => `u${i}`);
    fc.assert(fc.property(worldArbitrary(model), (w) => {
      const world: World = { ...w, sizes: { ...w.sizes, ...Object.fromEntries(ones.map((u) => [u, 1])) } };
      const ask = (o: number): Ask => [...ones.map((u) => [u, u, 0] as const), ['x', 'x', o] as const];
      const view = new WorldView(model, world, DOUBLE, new Map(), 0, null);
      const outcomes = Array.from({ length: view.size('x') }, (_, o) => o);
      const asked = outcomes.map((o) => view.probability('P', EMPTY_TUPLE, ask(o)));
      const fresh = outcomes.map((o) => new WorldView(model, world, DOUBLE, new Map(), 0, null).probability('P', EMPTY_TUPLE, ask(o)));
      expect(asked).toEqual(fresh);
      expect(asked.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }), { numRuns: 20, seed: 12 });
  });
});
