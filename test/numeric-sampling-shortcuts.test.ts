/** Shortcuts on the sampling path (names written once per world, a family's port made once per
 *  environment): the same answers as doing the work at every use. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLatex } from '../src/notation/parse.js';
import { analyzeStep } from '../src/numeric/analysis.js';
import { DOUBLE } from '../src/numeric/arith.js';
import { Evaluator, unmetered } from '../src/numeric/evaluate.js';
import { displayName, worldArbitrary, WorldView } from '../src/numeric/world.js';
import { SequenceMap } from '../src/numeric/reuse.js';
import { ctx, P, s } from './numeric-build.js';
import { defaultSymbols } from '../src/expr/symbols.js';

describe('a distribution at a parameter value', () => {
  const model = analyzeStep([P('P', [s('x'), s('y')])], defaultSymbols(), [], [], []);
  it('keeps one joint per value, under its written name, as a fresh view builds it', () => {
    const at = (v: number) => ({ index: [v], upper: [] });
    const params = [0.5, 1 / 3, 0, -0, 0.5, 1 / 3];
    fc.assert(fc.property(worldArbitrary(model), (w) => {
      const layout = new Map();
      const view = new WorldView(model, w, DOUBLE, layout, 0, null);
      for (const v of params) {
        const fresh = new WorldView(model, w, DOUBLE, new Map(), 0, null);
        expect(view.probability('P', at(v), [['x', 'x', 1]])).toBe(fresh.probability('P', at(v), [['x', 'x', 1]]));
      }
      expect([...layout.keys()]).toEqual([displayName('P', at(0.5)), displayName('P', at(1 / 3)), displayName('P', at(0))]);
      expect(displayName('P', at(1 / 3))).not.toBe(displayName('P', at(0.5)));
    }), { numRuns: 20, seed: 9 });
  });
});

describe("a notation family's port", () => {
  it('serves each environment as a fresh evaluator does', () => {
    const kl = parseLatex('D_{KL}(P_i(x) \\| Q_i(x))');
    const model = analyzeStep([kl], ctx().symbols, [], [], []);
    const env = (i: number) => new Map([['i', i]]);
    for (const w of fc.sample(worldArbitrary(model), { numRuns: 30, seed: 3 })) {
      const fresh = (i: number) => new Evaluator(DOUBLE, new WorldView(model, w, DOUBLE, new Map(), 0, null), unmetered()).eval(kl, env(i));
      const ev = new Evaluator(DOUBLE, new WorldView(model, w, DOUBLE, new Map(), 0, null), unmetered());
      const [a, b, c] = [ev.eval(kl, env(1)), ev.eval(kl, env(2)), ev.eval(kl, env(1))];
      expect([a, b, c]).toEqual([fresh(1), fresh(2), fresh(1)]);
      expect(a).not.toBe(b);
    }
  });
});

describe('the outcomes of vector variables', () => {
  it('serve every sum over a vector of their shape, as a fresh evaluator builds them', () => {
    const sums = ['\\sum_x P(x) (1 + x_1)', '\\sum_z Q(z) (2 + z_1)', '\\sum_x P(x) \\sum_z Q(z) x_1 z_1'].map((l) => parseLatex(l));
    const assumptions = ['x \\in \\{0, 1\\}^d', 'z \\in \\{0, 1, 2\\}^d'].map((l) => parseLatex(l));
    const model = analyzeStep(sums, ctx().symbols, assumptions, [], []);
    for (const w of fc.sample(worldArbitrary(model), { numRuns: 20, seed: 4 })) {
      const fresh = (e: (typeof sums)[number]) => new Evaluator(DOUBLE, new WorldView(model, w, DOUBLE, new Map(), 0, null), unmetered()).eval(e, new Map());
      const ev = new Evaluator(DOUBLE, new WorldView(model, w, DOUBLE, new Map(), 0, null), unmetered());
      const once = sums.map((e) => ev.eval(e, new Map()));
      expect(once.every(Number.isFinite)).toBe(true);
      expect([...once, ...sums.map((e) => ev.eval(e, new Map()))]).toEqual([...sums.map(fresh), ...sums.map(fresh)]);
    }
  });
});

describe('a sequence-keyed map', () => {
  it('answers as a map of written-out sequences does, whichever keys come first at a level', () => {
    const objects = [{ rows: 1, cols: 1, data: [1] }, { rows: 1, cols: 1, data: [1] }];
    const element = fc.constantFrom<unknown>(0, -0, 1, NaN, undefined, true, false, objects[0], objects[1]);
    const name = (k: unknown): string => (typeof k === 'object' && k !== null ? `o${objects.indexOf(k as never)}` : Object.is(k, -0) ? '-0' : String(k));
    const op = fc.record({ keys: fc.array(element, { maxLength: 4 }), value: fc.integer(), write: fc.boolean() });
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const m = new SequenceMap<number>();
      const reference = new Map<string, number>();
      for (const { keys, value, write } of ops) {
        const written = keys.map(name).join(' ');
        if (write) { m.set(keys, value); reference.set(written, value); } else expect(m.get(keys)).toBe(reference.get(written));
      }
    }), { numRuns: 500, seed: 11 });
  });
});
