/**
 * The model back-end's work over a whole step is bounded by the step budget, as the sampler's
 * and the search's are: every instance, batch and re-check charges one allowance, and a step that
 * spends it is unverified and says so. (Before, only each instance's own work was bounded, so a
 * step ran the same work at `--budget 100` as at the default, in fuzzing up to ~1 s.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { Expr } from '../src/expr/model.js';
import { checkInModel, DEFAULT_MODEL_CHECK, modelWorkFor } from '../src/numeric/gaussian/index.js';
import { diffusionModel } from './diffusion-model.js';

const { spec, parse } = diffusionModel();
const quadratic = ['\\mathbb E_{q(\\mathbf x_t|\\mathbf x_0)}\\left[\\|\\mathbf x_t\\|^2\\right]', '\\bar\\alpha_t\\|\\mathbf x_0\\|^2 + d(1-\\bar\\alpha_t)'] as const;
const [lhs, rhs] = quadratic.map(parse) as [Expr, Expr];
const inModel = (stepWork: number, worlds = DEFAULT_MODEL_CHECK.worlds) =>
  checkInModel(spec, lhs, '=', rhs, { ...DEFAULT_MODEL_CHECK, seed: 1, worlds, stepWork })!;

/** The least allowance that confirms, by bisection: the charge is counted work, so it is exact. */
function leastConfirming(worlds: number): number {
  let [spent, enough] = [0, DEFAULT_MODEL_CHECK.stepWork];
  while (enough - spent > 1) {
    const mid = Math.floor((spent + enough) / 2);
    if (inModel(mid, worlds).verdict === 'confirmed') enough = mid; else spent = mid;
  }
  return enough;
}

describe("the model's work over a step", () => {
  it('is granted in proportion to the step budget', () => {
    expect(modelWorkFor(100) * 20).toBe(modelWorkFor(2000));
    expect(DEFAULT_MODEL_CHECK.stepWork).toBe(modelWorkFor(DEFAULT_CHECK_OPTIONS.stepBudgetMs));
  });

  it('a step that spends it is unverified, naming the budget; one allowance for all instances', () => {
    expect(inModel(DEFAULT_MODEL_CHECK.stepWork).verdict).toBe('confirmed');
    const enough = leastConfirming(DEFAULT_MODEL_CHECK.worlds);
    const short = inModel(enough - 1);
    expect(short.verdict).toBe('unverified');
    expect(short.verdict === 'unverified' && short.reason).toMatch(/the step's work budget \(\d+ node visits over all instances\) is spent/);
    // the instances draw on one allowance: twelve need more than the first alone
    expect(enough).toBeGreaterThan(leastConfirming(1));
  });

  it('through checkSource: a small --budget stops the costliest diffusion step in the model, saying which budget', async () => {
    const path = 'derivations/diffusion-denoising-weight.tex';
    const text = readFileSync(path, 'utf8');
    const small = await checkSource(path, text, { ...DEFAULT_CHECK_OPTIONS, stepBudgetMs: 100 });
    const stopped = small.derivations.flatMap((d) => d.steps).filter((s) => s.message.includes("the step's work budget"));
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((s) => s.verdict === 'unverified')).toBe(true);
    const full = await checkSource(path, text, DEFAULT_CHECK_OPTIONS);
    const again = full.derivations.flatMap((d) => d.steps).filter((s) => stopped.some((t) => t.line === s.line));
    expect(again.map((s) => s.verdict)).toEqual(stopped.map(() => 'confirmed'));
  }, 120_000);
});
