/**
 * The search rebuilds a state around a rewritten subterm one ancestor at a time and remembers
 * each ancestor's result. A remembered result must be what normalising the rebuilt state anew
 * gives, for every place and every new subterm (the same new child at another index of the same
 * parent is another result), and states that share a subterm share its rebuilt object.
 */
import { describe, expect, test } from 'vitest';
import { type Expr, samePlainData } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { normalize, normalizeReplacing, scalarNames } from '../src/kernel/index.js';
import { parseLatex } from '../src/notation/parse.js';
import { positions } from '../src/search/engine.js';
import { type ProofContext, loadRules, searchContextFor } from '../src/search/index.js';

const ctx: ProofContext = { rules: loadRules(), cited: [], definitions: [], symbols: defaultSymbols(), assumptions: [], wrt: [] };
const scalar = scalarNames(ctx.symbols);
const parsed = (latex: string): Expr => normalize(parseLatex(latex), scalar);

describe('remembered rebuilding around a rewritten subterm', () => {
  test('every place, every new subterm: the remembered result is the state normalised anew', () => {
    const search = searchContextFor(ctx);
    const state = parsed('a x + b x + \\log(a b) \\cdot (c - 2 a) + \\sum_{i=1}^n (a_i + x)^2');
    const news = [parsed('a'), parsed('2 x'), parsed('a + b'), parsed('-x'), parsed('0'), parsed('\\log(a) + \\log(b)')];
    let compared = 0;
    for (let round = 0; round < 2; round++) {   // the second round answers from what the first remembered
      for (const pos of positions(state)) {
        for (const n of news) {
          const remembered = search.rewrites.replacing(state, pos.path, n, search);
          expect(samePlainData(remembered, normalizeReplacing(state, pos.path, n, scalar))).toBe(true);
          expect(search.rewrites.replacing(state, pos.path, n, search)).toBe(remembered);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test('two states sharing a subterm share its rebuilt object; its other children are other results', () => {
    const search = searchContextFor(ctx);
    const shared = parsed('\\log(a) \\cdot \\log(b) \\cdot c');
    const left: Expr = { kind: 'fn', name: 'exp', args: [shared] };
    const right: Expr = { kind: 'fn', name: 'abs', args: [shared] };
    const y = parsed('y');
    const inLeft = search.rewrites.replacing(left, [0, 0], y, search);
    const inRight = search.rewrites.replacing(right, [0, 0], y, search);
    expect(inLeft.kind === 'fn' && inRight.kind === 'fn' && inLeft.args[0] === inRight.args[0]).toBe(true);
    for (const i of [0, 1, 2]) {
      expect(samePlainData(search.rewrites.replacing(left, [0, i], y, search), normalizeReplacing(left, [0, i], y, scalar))).toBe(true);
    }
  });
});
