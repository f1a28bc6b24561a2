/**
 * A proof search's algebra questions share one allowance of work, in proportion to the search's
 * budget: each question could spend the default 200,000 units and a phase could ask 40, so a
 * small step budget still bought the default's algebra (found by fuzzing: a 64th power of a sum,
 * re-expanded by every question, took five times a 100 ms step budget). The kernel's replay of a
 * found proof still decides under the default budget.
 */
import { describe, expect, test } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import { DEFAULT_BUDGET, SharedWork, equalRational } from '../src/kernel/algebra/index.js';
import { parseLatex } from '../src/notation/parse.js';

const power = parseLatex('(a+b+c)^{6}');
const expanded = parseLatex('(a^2+2ab+b^2+2ac+2bc+c^2)^{3}');

/** The least shared work under which the question is still answered (the work is counted, so exact). */
function leastWork(): number {
  let [lo, hi] = [0, DEFAULT_BUDGET.maxWork];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (equalRational(power, expanded, new SharedWork(mid).budget()).kind === 'equal') hi = mid; else lo = mid + 1;
  }
  return lo;
}

describe('shared algebra work', () => {
  test('a question spends from the shared work, and fails once less is left than it needs', () => {
    expect(equalRational(power, expanded).kind).toBe('equal');
    const need = leastWork();
    expect(need).toBeGreaterThan(100);
    expect(equalRational(power, expanded, new SharedWork(need - 1).budget()).kind).toBe('budget');

    // answered under exactly `need`, the question spends exactly that
    const half = Math.floor(need / 2);
    const shared = new SharedWork(need + half);
    expect(equalRational(power, expanded, shared.budget()).kind).toBe('equal');
    expect(shared.remaining).toBe(half);
    // the second question gets only what the first left, though its own budget is the default
    expect(equalRational(power, expanded, shared.budget()).kind).toBe('budget');
    expect(shared.remaining).toBe(0);
    expect(equalRational(power, expanded, shared.budget()).kind).toBe('budget');
  });

  // (g stays a function the sampler cannot draw, as the file differentiates it: only the search decides)
  const text = [
    '\\[ \\nabla_a g = 0 \\]',
    '\\begin{align}',
    '\\frac{\\prod_{s=1}^{t} H_{t+1}}{g} &= (a+x^{(t)}+H)^{64}',
    '\\end{align}',
  ].join('\n');
  const check = async (stepBudgetMs: number) =>
    (await checkSource('power.tex', text, { ...DEFAULT_CHECK_OPTIONS, samples: 20, stepBudgetMs })).derivations[1]!.steps[0]!;

  test('a search whose algebra expands a huge power stops on its share of work, in proportion to the step budget', async () => {
    const small = await check(100);
    expect(small.verdict).toBe('unverified');
    expect(small.message).toMatch(/the search's algebra work \(120000 units\) was spent/);
    expect(small.message).not.toMatch(/safety net/);
    expect((await check(200)).message).toMatch(/the search's algebra work \(240000 units\) was spent/);
  }, 60_000);
});
