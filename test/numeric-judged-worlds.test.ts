/** Worlds a glance judged, taken by the full sampling of the same step: the report is the one a fresh run gives. */
import { describe, expect, it } from 'vitest';
import { checkRelation, judgedWorlds, type NumericContext, type NumericOptions } from '../src/numeric/index.js';
import type { Expr } from '../src/expr/model.js';
import type { Relation } from '../src/expr/relations.js';
import { add, ctx, KL, log, mul, n, OPTS, P, pow, s, sumOver } from './numeric-build.js';

const a = s('a'); const b = s('b'); const x = s('x');

/** The full run after a glance (sharing judged worlds) next to a fresh full run. */
async function glanceThenFull(lhs: Expr, relation: Relation, rhs: Expr, opts: NumericOptions, glance = 20) {
  const context = ctx();
  const judged = judgedWorlds(lhs, relation, rhs, context, opts);
  await checkRelation(lhs, relation, rhs, context, { ...opts, samples: glance, judged });
  const kept = judged.size;
  const resumed = await checkRelation(lhs, relation, rhs, context, { ...opts, judged });
  const fresh = await checkRelation(lhs, relation, rhs, ctx(), opts);
  return { kept, resumed: JSON.stringify(resumed), fresh: JSON.stringify(fresh), verdict: fresh.verdict };
}

describe('judged worlds taken from a glance', () => {
  const steps: [string, Expr, Relation, Expr][] = [
    ['a true identity', pow(add(a, b), n(2)), '=', add(pow(a, n(2)), mul(n(2), a, b), pow(b, n(2)))],
    ['a false identity', pow(add(a, b), n(2)), '=', add(pow(a, n(2)), pow(b, n(2)))],
    ['a step with undefined values', log(pow(a, n(2))), '=', mul(n(2), log(a))],
    ['a marginal', sumOver('x', P('P', [x, s('y')])), '=', P('P', [s('y')])],
    ['a refutation that needs intervals', KL(s('Q'), s('P')), '=', KL(s('P'), s('Q'))],
    ['an inequality', KL(s('P'), s('Q')), '>=', n(0)],
  ];
  for (const [name, lhs, relation, rhs] of steps) {
    it(`${name}: the same report as a fresh run`, async () => {
      const r = await glanceThenFull(lhs, relation, rhs, OPTS);
      expect(r.kept).toBeGreaterThan(0);
      expect(r.resumed).toBe(r.fresh);
    });
  }

  it('budgets that run out part way give the same reports (a world whose work no longer fits is evaluated again)', async () => {
    // budgets on a fine scale: some run out among the glance's worlds of a later stage in the full run
    const lhs = sumOver('x', P('P', [x, s('y')])); const rhs = P('P', [s('y')]);
    for (let work = 200; work <= 40_000; work = Math.ceil(work * 1.05)) {
      const r = await glanceThenFull(lhs, '=', rhs, { seed: 3, samples: 200, work });
      expect(r.resumed, `work ${work}`).toBe(r.fresh);
    }
  });

  it('worlds of another step, seed or budget are not taken', async () => {
    const lhs = pow(add(a, b), n(2));
    const wrong = add(pow(a, n(2)), pow(b, n(2)));
    const context = ctx();
    const judged = judgedWorlds(lhs, '=', wrong, context, OPTS);
    await checkRelation(lhs, '=', wrong, context, { ...OPTS, samples: 20, judged });
    const kept = judged.size;
    const right = add(pow(a, n(2)), mul(n(2), a, b), pow(b, n(2)));
    // another right side, seed, budget or context object
    const others: [Expr, NumericOptions, NumericContext][] = [
      [right, OPTS, context], [wrong, { ...OPTS, seed: 8 }, context], [wrong, { ...OPTS, budgetMs: 100 }, context], [wrong, OPTS, ctx()],
    ];
    for (const [rhs, opts, c] of others) {
      const withMemo = await checkRelation(lhs, '=', rhs, c, { ...opts, judged });
      expect(JSON.stringify(withMemo)).toBe(JSON.stringify(await checkRelation(lhs, '=', rhs, c, opts)));
    }
    expect(judged.size).toBe(kept);
  });
});
