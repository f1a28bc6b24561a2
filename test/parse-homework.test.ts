import { renameApart } from '../src/expr/subst.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { key, type Expr } from '../src/expr/model.js';
import { readDocument } from '../src/document/document.js';
import { parseLatex, parseMath } from '../src/notation/parse.js';
import { symbolTableFor } from '../src/check/symbols.js';

/** Every side of every display of problems 1 and 3, split at the relations as the document reader does. */
const PROBLEM_1_AND_3 = [
  'D_{KL}(P||Q)', '\\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{Q(x)}',
  'H(P)', '- \\sum_{x \\in \\mathcal{X}} P(x) \\log P(x).',
  'H(P, Q)', '- \\sum_{x \\in \\mathcal{X}} P(x) \\log Q(x).',
  '\\sum_{x \\in \\mathcal{X}} P(x) \\log P(x) - \\sum_{x \\in \\mathcal{X}} P(x) \\log Q(x)', 'H(P, Q) - H(P).',
  '\\forall P, Q. \\quad D_{KL}(P||Q)', '0', 'P', 'Q.',
  'D_{KL}(P(X|Y)\\|Q(X|Y))', '\\sum_y P(y) \\left( \\sum_x P(x|y) \\log \\frac{P(x|y)}{Q(x|y)} \\right)',
  'D_{KL}(P(X,Y)\\|Q(X,Y))', 'D_{KL}(P(X)\\|Q(X)) + D_{KL}(P(Y|X)\\|Q(Y|X)).',
  '\\arg \\min_{\\theta} D_{KL}(\\hat{P}\\|P_\\theta)', '\\arg \\max_{\\theta} \\sum_{i=1}^n \\log P_\\theta(x^{(i)})',
  'D_{KL}(\\hat{P}\\|P_\\theta)', 'D_{KL}(\\hat{P}(y)\\|p(y)) + \\sum_{i=1}^d D_{KL}(\\hat{P}(x_i|y)\\|p(x_i|y))',
  // inline formulas of problem 1 that state definitions
  '\\frac{1}{n} \\sum_{i=1}^n 1\\{x^{(i)} = x\\}', 'p(y) \\prod_{i=1}^d p(x_i|y)', 'E[f(X)]', 'f(E[X])', '-\\log x', '\\log_2 K',
  // problem 3
  'L(\\mu)', '\\sum_{i=1}^n \\min_{j \\in \\{1, \\dots, k\\}} \\|x^{(i)} - \\mu^{(j)}\\|^2',
  '\\arg \\min_j \\|x^{(i)} - \\mu^{(j)}\\|^2', 'x_{DC}', '10',
  // problem 3 answers as a student writes them
  'L_C(\\mu)', '\\sum_{i=1}^r c^{(i)} \\|x^{(i)} - \\mu^{(y^{(i)})}\\|^2',
  '\\sum_{i=1}^r c^{(i)} \\left( \\|x^{(i)} - \\mu^{(y^{(i)})}\\|^2 + \\|\\mu^{(y^{(i)})} - x_{DC}\\|^2 \\right)',
  '10(\\mu+1)^2 + 4(\\mu-1)^2', '-\\frac{3}{7}', '10(\\mu+1)^2 + 4(\\mu-1)^2 + 14(\\mu - 10)^2', '\\frac{67}{14}',
];

describe('homework 3', () => {
  it('parses every display side of problems 1 and 3', () => {
    for (const s of PROBLEM_1_AND_3) {
      let e: Expr | undefined;
      expect(() => { e = parseLatex(s); }, s).not.toThrow();
      expect(e, s).toBeDefined();
    }
  });
  it('reads the KL definitions of problem 1 the same whichever bar is written', () => {
    expect(key(parseLatex('D_{KL}(P||Q)'))).toBe(key(parseLatex('D_{KL}(P\\|Q)')));
    expect(key(parseLatex('D_{KL}(P||Q)'))).not.toBe(key(parseLatex('D_{KL}(Q\\|P)')));
    // the same random variable whatever the bound letter; a different letter names a different variable
    const h = parseLatex('\\sum_{x \\in \\mathcal{X}} P(x) \\log P(x)');
    expect(h.kind === 'bind' && key(renameApart(h, new Set(['x'])))).toBe(key(h));
    expect(key(h)).not.toBe(key(parseLatex('\\sum_{y \\in \\mathcal{X}} P(y) \\log P(y)')));
  });
  it('parses every side of every derivation the document reader finds in the homework', () => {
    const doc = readDocument('homework3.md', readFileSync(new URL('./fixtures/homework3.md', import.meta.url), 'utf8'));
    const table = symbolTableFor(doc);
    const sides = doc.derivations.flatMap((d) => [d.head, ...d.links.map((l) => l.rhs)]);
    expect(sides.length).toBeGreaterThan(50);
    const failures = sides.flatMap((t) => {
      try { parseMath(t, table, 'homework3.md'); return []; } catch (e) { return [`${t.latex}: ${(e as Error).message}`]; }
    });
    expect(failures).toEqual([]);
  });
});
