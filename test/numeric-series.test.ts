/**
 * A sum or product with no end is a series: no finite number of sampled terms adds it up, so it
 * is not evaluated. It used to be taken as empty (0 for a sum), and a true series was refuted
 * "with certainty". A run that is empty because a bound is infinite the other way still has no turn.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';

const steps = async (text: string) =>
  (await checkSource('series.tex', text, { ...DEFAULT_CHECK_OPTIONS, samples: 60 })).derivations.flatMap((d) => d.steps);

describe('a series', () => {
  it('is not evaluated, so a true one is not refuted', async () => {
    const found = await steps('$$\\sum_{t=1}^{\\infty} 2^{-t} = 1$$\n$$\\prod_{t=1}^{\\infty} 1 = 1$$\n$$\\sum_{t=0}^{\\infty} x^t = \\frac{1}{1-x}$$\n');
    for (const step of found) {
      expect(step.verdict).not.toBe('refuted');
      expect(step.message).toMatch(/with no end \(a series\) is not evaluated numerically/);
    }
  });

  it('a run from infinity upward is still empty', async () => {
    const [step] = await steps('$$\\sum_{t=\\infty}^{3} t = 0$$\n');
    expect(step!.verdict).toBe('confirmed');
  });
});
