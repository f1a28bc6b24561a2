/**
 * Robustness of the engine on generated expressions: prove never throws, ends
 * near its budget, and whatever it calls proved replays and is not refuted by
 * the numeric back-end (an unsound rule application would show up here).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Expr, add, bind, div, fn, mul, neg, num, pow, prob, sym } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { checkRelation } from '../src/numeric/index.js';
import { type ProofContext, loadRules, prove, replay, searchContextFor } from '../src/search/index.js';
import { applyAt, candidates, compile, monotoneContext, positions, throughContext } from '../src/search/engine.js';
import { normalize as normalizeIn, replaceAt, scalarNames } from '../src/kernel/index.js';

const rules = loadRules();
const ctx: ProofContext = { rules, cited: [], definitions: [], symbols: defaultSymbols(), assumptions: [], wrt: [] };

/** Small expressions over a, b, probabilities of x and sums over x: the shapes the rules are about. */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>(sym('a'), sym('b'), num(1), num(2), num(0), prob(sym('P'), [sym('x')]), prob(sym('Q'), [sym('x')])),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => add(x, y)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => mul(x, y)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => div(x, y)),
    tie('e').map((x) => neg(x)),
    tie('e').map((x) => fn('log', x)),
    tie('e').map((x) => fn('exp', x)),
    tie('e').map((x) => pow(x, num(2))),
    tie('e').map((x) => bind('sum', ['x'], { kind: 'natural' }, x)),
  ),
})).e;

const normalize = (e: Expr): Expr => normalizeIn(e, scalarNames(ctx.symbols));

describe('prove on generated expressions', () => {
  test('never throws, and every proof replays and survives sampling', async () => {
    await fc.assert(fc.asyncProperty(exprArb, exprArb, fc.constantFrom('=', '<=', '>=') as fc.Arbitrary<'=' | '<=' | '>='>, async (l, r, rel) => {
      const out = prove(l, rel, r, ctx, 40);
      if (!out.proved) return;
      expect(replay(l, rel, r, out.steps, ctx)).toBe(true);
      const numeric = await checkRelation(l, rel, r, { symbols: ctx.symbols, assumptions: [], definitions: [], wrt: [] }, { seed: 3, samples: 40, budgetMs: 500 });
      expect(numeric.verdict).not.toBe('refuted');
    }), { numRuns: 150, seed: 11 });
  });
});

describe('single rewrites of generated expressions', () => {
  const compiled = compile(rules.rules);
  const facts = searchContextFor(ctx);
  /** Every equality rewrite the engine would take from `e`, at any position. */
  const rewrites = (e: Expr): Expr[] => positions(normalize(e)).flatMap((pos) =>
    candidates(compiled, pos.node).filter((d) => d.relation === '=')
      .flatMap((d) => applyAt(d, pos.node, facts).map((app) => normalize(replaceAt(normalize(e), pos.path, app.replacement)))));

  test('every equality rewrite the engine takes is numerically an equality', async () => {
    let checked = 0;
    await fc.assert(fc.asyncProperty(exprArb, fc.nat(), async (e, pick) => {
      const options = rewrites(e);
      if (options.length === 0) return;
      const after = options[pick % options.length]!;
      const numeric = await checkRelation(e, '=', after, { symbols: ctx.symbols, assumptions: [], definitions: [], wrt: [] }, { seed: 5, samples: 40, budgetMs: 500 });
      if (numeric.verdict === 'refuted') throw new Error(`unsound rewrite: ${JSON.stringify(e)} → ${JSON.stringify(after)}: ${numeric.message}`);
      if (numeric.verdict === 'confirmed') checked++;
    }), { numRuns: 200, seed: 13 });
    expect(checked).toBeGreaterThan(50);
  });
});

describe('inequality rewrites under monotone contexts', () => {
  const compiled = compile(rules.rules);
  const facts = searchContextFor(ctx);
  const jensenShaped: fc.Arbitrary<Expr> = fc.tuple(exprArb, fc.constantFrom(1, -1, 2), fc.boolean()).map(([g, c, shift]) => {
    // c · Σ_x P(x) log(Q(x)·e^{g}) (+ a): Jensen applies inside a context that may flip it
    const inner = bind('sum', ['x'], { kind: 'natural' }, mul(prob(sym('P'), [sym('x')]), fn('log', mul(prob(sym('Q'), [sym('x')]), fn('exp', g)))));
    const scaled = mul(num(c), inner);
    return shift ? add(scaled, sym('a')) : scaled;
  });

  test('the relation the engine derives for an inequality step holds numerically', async () => {
    let checked = 0;
    await fc.assert(fc.asyncProperty(jensenShaped, async (e) => {
      const root = normalize(e);
      for (const pos of positions(root)) {
        for (const d of candidates(compiled, pos.node).filter((x) => x.relation !== '=')) {
          for (const app of applyAt(d, pos.node, facts)) {
            const context = monotoneContext(root, pos.path, compiled, facts);
            if (!context) continue;
            const relation = throughContext(d.relation, context.sign, context.levels.length);
            const after = normalize(replaceAt(root, pos.path, app.replacement));
            const numeric = await checkRelation(root, relation, after, { symbols: ctx.symbols, assumptions: [], definitions: [], wrt: [] }, { seed: 9, samples: 40, budgetMs: 500 });
            if (numeric.verdict === 'refuted') throw new Error(`unsound ${d.rule.name} under context: ${numeric.message}`);
            if (numeric.verdict === 'confirmed') checked++;
          }
        }
      }
    }), { numRuns: 30, seed: 17 });
    expect(checked).toBeGreaterThan(10);
  });
});
