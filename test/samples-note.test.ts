/** A confirmation that rests on fewer samples than asked says why, next to the count. */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';

describe('fewer samples than asked', () => {
  it('names the reason the instances were set aside', async () => {
    const report = await checkSource('few.tex', '\\begin{align*}\n\\log(y^2) &= 2\\log(y)\n\\end{align*}\n', { ...DEFAULT_CHECK_OPTIONS, samples: 100 });
    const [step] = report.derivations.flatMap((d) => d.steps);
    expect(step!.verdict).toBe('confirmed');
    expect(step!.samples).toBeLessThan(100);
    expect(step!.samplesNote).toMatch(/set aside: log of a non-positive number/);
  });

  it('says nothing when every sample counted', async () => {
    const report = await checkSource('all.tex', '% assume: a > 0\n\\begin{align*}\n\\log(a^2) &= 2\\log(a)\n\\end{align*}\n', { ...DEFAULT_CHECK_OPTIONS, samples: 50, prove: false });
    const [step] = report.derivations.flatMap((d) => d.steps);
    expect(step!.verdict).toBe('confirmed');
    expect(step!.samplesNote).toBeUndefined();
  });
});
