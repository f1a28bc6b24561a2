/**
 * The sign prover's questions are a counted budget that follows the step budget: a question can
 * cost a millisecond (facts matched against a long product), so a small step budget grants few,
 * and a step ends on its counted budgets rather than on the wall-clock net (found by fuzzing).
 */
import { describe, expect, test } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { parseLatex } from '../src/notation/parse.js';
import { type ProofContext, loadRules, searchContextFor } from '../src/search/index.js';
import { SignProver } from '../src/search/signs.js';

const ctx: ProofContext = { rules: loadRules(), cited: [], definitions: [], symbols: defaultSymbols(), assumptions: [], wrt: [] };

describe('sign questions', () => {
  test('a sign found through a chain of facts needs more questions than a budget of one grants', () => {
    const kernel = searchContextFor(ctx).kernel;
    const e = parseLatex('\\exp(a) \\exp(b) + \\exp(c)');
    expect(new SignProver(kernel).prove(e, '>')).not.toBeNull();
    expect(new SignProver(kernel, 1).prove(e, '>')).toBeNull();
  });

  test('at a small step budget, a step that asks about a long quotient ends on its counted search budget', async () => {
    // a fuzzed derivation: the quotient P(x)/entropy(x) sends the rules' sign conditions through
    // many facts; with 1,000 questions at a 100 ms step budget the wall-clock net stopped the search
    const text = [
      '% assume: P(x) > 0, Q(x) > 0',
      '\\begin{align*}',
      'D &= \\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{entropy(x)} \\\\',
      '  &= \\sum_{x \\in \\mathcal{X}} P(x) \\log P(x) - \\sum_{x \\in \\mathcal{X}} P(x) \\log Q(x) && \\text{(log of a quotient)}',
      '\\end{align*}',
    ].join('\n');
    const options = { ...DEFAULT_CHECK_OPTIONS, seed: 1, samples: 20, stepBudgetMs: 100 };
    const step = (await checkSource('quotient.tex', text, options)).derivations[0]!.steps.find((s) => s.line === 4)!;
    expect(step.verdict).toBe('unverified');
    expect(step.message).toMatch(/search budget \(\d+ nodes\) exhausted/);
    expect(step.message).not.toMatch(/safety net/);
  }, 60_000);
});
