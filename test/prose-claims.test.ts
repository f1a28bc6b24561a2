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

describe('a generative equation stated in the file\'s own prose', () => {
  // Without a context, x_t = … x_{t-1} … \epsilon_t in prose was only a recursive definition
  // (every step on x unverified); it is now the model, as a context's display is, so the file's
  // steps are judged in law — and a product stopping one index early is caught.
  const forward = (claim: string): string => [
    'With $\\alpha_t = 1-\\beta_t$ and $\\bar\\alpha_t = \\prod_{s=1}^{t}\\alpha_s$, the forward process is',
    '$\\mathbf x_t = \\sqrt{\\alpha_t}\\,\\mathbf x_{t-1} + \\sqrt{1-\\alpha_t}\\,\\boldsymbol\\epsilon_t$ with',
    '$\\boldsymbol\\epsilon_t\\sim\\mathcal N(\\mathbf 0,\\mathbf I)$ independent of each other and of $\\mathbf x_0$.',
    '\\begin{equation}',
    `\\mathbf x_t = ${claim},\\qquad \\bar{\\boldsymbol\\epsilon}_t\\sim\\mathcal N(\\mathbf 0,\\mathbf I). \\tag{$\\ast$}`,
    '\\end{equation}',
  ].join('\n');
  it('the closed-form marginal is confirmed, with no read problem from the \\tag in the clause', async () => {
    const report = await checkSource('prose.tex', forward('\\sqrt{\\bar\\alpha_t}\\,\\mathbf x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\bar{\\boldsymbol\\epsilon}_t'), options);
    expect(report.problems).toEqual([]);
    const [step] = report.derivations.flatMap((d) => d.steps);
    expect(step!.verdict).toBe('confirmed');
  });
  it('the product stopping at t - 1 is refuted', async () => {
    const [step] = await steps(forward('\\sqrt{\\prod_{s=1}^{t-1}\\alpha_s}\\,\\mathbf x_0 + \\sqrt{1-\\prod_{s=1}^{t-1}\\alpha_s}\\,\\bar{\\boldsymbol\\epsilon}_t'));
    expect(step!.verdict).toBe('refuted');
  });
});
