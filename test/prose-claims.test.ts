/**
 * What prose states, read through checkSource: a condition is not a definition, and a circle of
 * prose equations between names ("$P = Q$" … "if $Q = P$") is a hypothesis, never two definitions
 * the sampler and the kernel would read differently.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { StepReport } from '../src/check/report.js';

const options = { ...DEFAULT_CHECK_OPTIONS, samples: 60 };
const steps = async (text: string): Promise<StepReport[]> => (await checkSource('prose.tex', text, options)).derivations.flatMap((d) => d.steps);

describe('prose that is not a definition', () => {
  it('"with equality only at $t = 1$" states when a bound is tight, it does not set t', async () => {
    const [step] = await steps('We use $\\log t \\le t - 1$ for $t > 0$, with equality only at $t = 1$.\n\\begin{align*}\nt^2 &= t\n\\end{align*}\n');
    expect(step!.verdict).not.toBe('proved');
    expect(step!.verdict).not.toBe('confirmed');
  });

  it('a circle of prose equations is a hypothesis: the kernel and the sampler agree', async () => {
    const found = await steps([
      'Then the bound is tight, i.e. $P = Q$. Conversely, if $Q = P$ then',
      '\\begin{align*}\n\\sum_x P(x)\\log\\frac{P(x)}{P(x)} &= 0\n\\end{align*}\n',
    ].join('\n'));
    expect(found.map((s) => s.message)).not.toContainEqual(expect.stringContaining('internal disagreement'));
    expect(found[0]!.verdict).toBe('proved');
  });

  it('"when $x = 0$" is a condition: a later step about x is not proved from it', async () => {
    const [step] = await steps('The derivative vanishes when $x = 0$.\n\\begin{align*}\nx + 1 &= 1\n\\end{align*}\n');
    expect(step!.verdict).toBe('refuted');
  });

  it('"as a function of $y$" names what the next display\'s ∝ is taken with respect to', async () => {
    const bayes = (v: string): string => `As a function of $${v}$ the denominator is a constant, so\n$$p(y \\mid x) \\propto p(x \\mid y)\\, p(y)$$\n`;
    expect((await steps(bayes('y')))[0]!.verdict).toBe('confirmed');
    // in x, p(y|x) / (p(x|y) p(y)) = 1/p(x) is not constant
    expect((await steps(bayes('x')))[0]!.verdict).toBe('refuted');
  });
});
