/**
 * The kernel's memoised key must be model.key exactly, whatever order nodes are keyed in
 * (it assembles a node's key from its children's cached keys), and the normal form must not
 * depend on which nodes it hands back as the same objects.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Expr, add, bind, children, fn, key as modelKey, mul, num, pow, prob, sym } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { key, normalize, scalarNames } from '../src/kernel/index.js';
import { parseLatex } from '../src/notation/parse.js';

const subterms = (e: Expr): Expr[] => [e, ...children(e).flatMap(subterms)];
const scalar = scalarNames(defaultSymbols());

/** Binders that shadow and reuse names, indexed and superscripted symbols, probabilities, sets. */
const SAMPLES = [
  '\\sum_{i=1}^n \\sum_{j=1}^k w_j^{(i)} \\log \\frac{p(x^{(i)} | z^{(i)} = j; \\mu, \\Sigma) \\phi_j}{w_j^{(i)}}',
  '\\sum_x \\Big(\\sum_x P(x)\\Big) Q(x) + \\sum_{y \\in \\mathcal Y} x_y^2',
  '\\mathbb E_{x \\sim q(x_t | x_0)}\\left[\\log \\frac{q(x_{t-1} | x_t, x_0)}{p_\\theta(x_{t-1} | x_t)}\\right]',
  '\\arg\\max_\\theta \\prod_{i=1}^{n} p(y_i | x_i; \\theta) - \\frac{1}{2}(x - \\mu)^T \\Sigma^{-1} (x - \\mu)',
  '\\frac{\\partial}{\\partial \\mu_j} \\sum_{i=1}^n 1\\{z^{(i)} = j\\} \\|x^{(i)} - \\mu_j\\|^2 + \\{1, \\ldots, k\\}',
  // keyed from the children's keys node kind by node kind: applications, relations, sets of elements
  '\\ell(\\theta) + L(\\mu, x_i) \\cdot 1\\{y_i \\ne k\\} + \\{a, b^2\\} + \\frac{\\partial}{\\partial x} f(x)',
  '\\sqrt{\\bar\\alpha_{t-1}}(1-\\alpha_t) \\cdot 3 \\cdot 2a b - 6 b a + \\frac{x}{x} + \\min_{j} \\sum_i a_{ij}',
];

/** Random trees over a few names, with binders over names that also occur free. */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>(sym('a'), sym('x'), sym('i'), sym('x', [sym('i')]), sym('w', [sym('j')], [sym('i')]), num(1), num(2), num(-1), prob(sym('P'), [sym('x')])),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => add(x, y)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([x, y, z]) => mul(x, y, z)),
    tie('e').map((x) => pow(x, num(2))),
    tie('e').map((x) => fn('log', x)),
    tie('e').map((x) => sym('y', [x])),
    fc.tuple(fc.constantFrom('x', 'i'), tie('e')).map(([v, x]) => bind('sum', [v], { kind: 'natural' }, x)),
    fc.tuple(tie('e'), tie('e')).map(([n, x]) => bind('sum', ['i'], { kind: 'range', from: num(1), to: n }, x)),
  ),
})).e;

/** Keys every subterm in the given order with the memoised key and compares each with model.key. */
function agree(e: Expr, bottomUp: boolean): void {
  const all = subterms(e);
  for (const x of bottomUp ? all.reverse() : all) expect(key(x)).toBe(modelKey(x));
}

describe('the memoised key is model.key', () => {
  test('on parsed expressions and their normal forms, keyed root first or leaves first', () => {
    for (const [i, latex] of SAMPLES.entries()) {
      agree(parseLatex(latex), i % 2 === 0);
      agree(parseLatex(latex), i % 2 === 1);
      agree(normalize(parseLatex(latex), scalar), true);
    }
  });

  test('on generated trees with binders', () => {
    fc.assert(fc.property(exprArb, fc.boolean(), (e, bottomUp) => {
      agree(e, bottomUp);
      agree(normalize(e, scalar), !bottomUp);
    }), { seed: 13, numRuns: 400 });
  });
});

describe('the normal form is the same whichever objects it reuses', () => {
  test('normalising a normal form again gives the same key, and normalising is stable on a copy', () => {
    fc.assert(fc.property(exprArb, (e) => {
      const once = normalize(e, scalar);
      const copy = structuredClone(once);
      expect(modelKey(normalize(once, scalar))).toBe(modelKey(normalize(copy, scalar)));
      expect(modelKey(normalize(e, scalar))).toBe(modelKey(once));
    }), { seed: 14, numRuns: 400 });
  });
});
