/**
 * Sampling glances at a step before the proof search: a proved step is cross-checked on the
 * glance's worlds alone, a certain counterexample among them stands, and every other step is
 * sampled in full, exactly as without a search.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../src/check/index.js';

async function stepOf(row: string, options: Partial<CheckOptions> = {}) {
  const source = `% assume: a > 0\n\\begin{align*}\n${row}\n\\end{align*}\n`;
  const report = await checkSource('glance.tex', source, { ...DEFAULT_CHECK_OPTIONS, ...options });
  return report.derivations[0]!.steps[0]!;
}

describe('the glance before the proof search', () => {
  it('cross-checks a proved step on a few worlds, not the full count', async () => {
    const proved = await stepOf('(a+b)^2 &= a^2 + 2ab + b^2');
    expect(proved.verdict).toBe('proved');
    expect(proved.samples).toBeGreaterThan(0);
    expect(proved.samples).toBeLessThan(DEFAULT_CHECK_OPTIONS.samples);
  });

  it('samples a step the rules do not prove in full, as sampling alone would', async () => {
    const row = '\\sqrt{a^2+2a+1} &= a+1';
    const searched = await stepOf(row);
    const sampledOnly = await stepOf(row, { prove: false });
    expect(searched.verdict).toBe('confirmed');
    expect([searched.samples, searched.maxError]).toEqual([sampledOnly.samples, sampledOnly.maxError]);
    expect(searched.samples).toBe(DEFAULT_CHECK_OPTIONS.samples);
  });

  it('refutes a false step on the glance when a world in it fails with certainty', async () => {
    const refuted = await stepOf('(a+b)^2 &= a^2 + b^2');
    expect(refuted.verdict).toBe('refuted');
    expect(refuted.samples).toBeLessThan(DEFAULT_CHECK_OPTIONS.samples);
    const { lhs, rhs } = refuted.counterexample!;
    expect(lhs).not.toBe(rhs);
  });

  it('samples in full when asked for no more worlds than the glance', async () => {
    const proved = await stepOf('(a+b)^2 &= a^2 + 2ab + b^2', { samples: 8 });
    expect(proved.verdict).toBe('proved');
    expect(proved.samples).toBe(8);
  });
});
