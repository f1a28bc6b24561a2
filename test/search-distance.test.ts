/**
 * The search orders its frontier by the subterm-multiset distance, worked out for a state's
 * successors from the state itself. It must be the very number counting the successor whole
 * gives, or the search would take another path: checked on rule applications as the search
 * makes them, and on successors that share, drop or repeat the parent's subterm objects.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Expr, add, bind, children, fn, mul, num, pow, prob, sym } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { normalize, normalizeReplacing, replaceAt, scalarNames } from '../src/kernel/index.js';
import { Distance } from '../src/search/distance.js';
import { applyAt, candidates, compile, positions } from '../src/search/engine.js';
import { loadRules, searchContextFor } from '../src/search/index.js';
import type { ProofContext } from '../src/search/index.js';

const rules = loadRules();
const ctx: ProofContext = { rules, cited: [], definitions: [], symbols: defaultSymbols(), assumptions: [], wrt: [] };
const scalar = scalarNames(defaultSymbols());

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>(sym('a'), sym('b'), sym('x', [sym('i')]), num(1), num(2), prob(sym('P'), [sym('x')]), prob(sym('Q'), [sym('x')])),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => add(x, y)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => mul(x, y)),
    tie('e').map((x) => fn('log', x)),
    tie('e').map((x) => pow(x, num(2))),
    tie('e').map((x) => bind('sum', ['x'], { kind: 'natural' }, x)),
  ),
})).e;

const subterms = (e: Expr): Expr[] => [e, ...children(e).flatMap(subterms)];

describe('the distance of a successor, worked out from its parent', () => {
  test('equals the distance counted whole, for rule applications as the search makes them', () => {
    const search = searchContextFor(ctx);
    const compiled = compile(rules.rules);
    fc.assert(fc.property(exprArb, exprArb, (a, b) => {
      const parent = normalize(a, scalar);
      const toward = new Distance(normalize(b, scalar));
      const d = toward.of(parent);
      const of = toward.successorsOf(parent, d);
      for (const pos of positions(parent)) {
        for (const dir of candidates(compiled, pos.node)) {
          for (const app of applyAt(dir, pos.node, search)) {
            const child = normalizeReplacing(parent, pos.path, normalize(app.replacement, scalar), scalar);
            expect(of(child)).toBe(toward.of(child));
          }
        }
      }
    }), { seed: 29, numRuns: 150 });
  });

  test('equals the distance counted whole when subterms are dropped, repeated or swapped in', () => {
    fc.assert(fc.property(exprArb, exprArb, exprArb, fc.nat(), fc.nat(), (a, b, c, i, j) => {
      const parent = normalize(a, scalar);
      const toward = new Distance(b);
      const of = toward.successorsOf(parent, toward.of(parent));
      const places = positions(parent);
      const at = places[i % places.length]!;
      // a subterm of the parent itself (repeated), a fresh one, and a product repeating the old one
      const inner = subterms(parent)[j % subterms(parent).length]!;
      for (const replacement of [inner, c, mul(at.node, at.node), num(0)]) {
        const child = replaceAt(parent, at.path, replacement);
        expect(of(child)).toBe(toward.of(child));
        const normal = normalize(child, scalar);
        expect(of(normal)).toBe(toward.of(normal));
      }
    }), { seed: 31, numRuns: 300 });
  });
});
