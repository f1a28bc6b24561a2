/**
 * Readings that decide verdicts (issue 9, items 3 and 4), through checkSource, the CLI's own
 * path: a named operator applied to a product is never cancelled like a factor; products of
 * matrices keep their order in proofs, under sums and expectations too; LaTeX's standard
 * operators make a step unverified, never an input error; conditional entropies and
 * expectations are judged under the law the file applies; a law written with and without its
 * parameters is one law only when that is the one reading. Each case failed before (checked
 * once against the previous code and rules: proved, confirmed or refuted where it must not be,
 * an error, or no rule to prove it), except where a comment says it guards what already worked.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { FileReport, StepReport } from '../src/check/report.js';

/** A generous budget: these assertions are about readings, not speed, and must not flake on a loaded machine. */
const options = { ...DEFAULT_CHECK_OPTIONS, samples: 100, stepBudgetMs: 20_000 };

const align = (...rows: string[]): string => `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n`;
async function check(text: string): Promise<FileReport> {
  return checkSource('notation.tex', text, options);
}
const steps = (r: FileReport): StepReport[] => r.derivations.flatMap((d) => d.steps);
async function only(text: string): Promise<StepReport> {
  const r = await check(text);
  expect(r.error, text).toBeNull();
  const all = steps(r);
  expect(all, text).toHaveLength(1);
  return all[0]!;
}
const accepted = (s: StepReport): boolean => s.verdict === 'proved' || s.verdict === 'confirmed';
/** The verdicts of a Markdown file's steps (`$$` blocks, one formula each). */
const markdownVerdicts = async (text: string): Promise<StepReport['verdict'][]> => steps(await checkSource('notes.md', text, options)).map((s) => s.verdict);
const MATRICES = '% assume: A \\in \\mathbb{R}^{d \\times d}, B \\in \\mathbb{R}^{d \\times d}, x_i \\in \\mathbb{R}^d\n';

describe('a named operator is never a factor', () => {
  // (\operatorname was already read as a call; \mathrm and \text were products, and Var cancelled)
  for (const op of ['\\mathrm{Var}', '\\operatorname{Var}', '\\text{Var}']) {
    it(`${op}(aX) = a\\,${op}(X) is neither proved nor confirmed (Var(aX) = a²Var(X))`, async () => {
      const step = await only(align(`${op}(aX) &= a\\,${op}(X)`));
      expect(accepted(step), step.message).toBe(false);
      expect(step.verdict).not.toBe('error');
    });
  }
  it('\\mathrm{Var}[aX] with brackets is not cancelled either', async () => {
    expect(accepted(await only(align('\\mathrm{Var}[aX] &= a\\,\\mathrm{Var}[X]')))).toBe(false);
  });
  it('the same operator on the same argument is still equal (guards what worked)', async () => {
    expect((await only(align('\\mathrm{Var}(aX) + 1 &= 1 + \\mathrm{Var}(aX)'))).verdict).toBe('proved');
  });
});

describe('products of matrices keep their order in proofs', () => {
  it('(AB)^{-1} = B^{-1}A^{-1} is proved by inverse-product', async () => {
    const step = await only(MATRICES + align('(AB)^{-1} &= B^{-1}A^{-1}'));
    expect(step.verdict, step.message).toBe('proved');
    expect(step.rules).toContain('inverse-product');
  });
  it('(AB)^{-1} = A^{-1}B^{-1} with matrices is refuted, never proved (guards what worked)', async () => {
    expect((await only(MATRICES + align('(AB)^{-1} &= A^{-1}B^{-1}'))).verdict).toBe('refuted');
  });
  it('bold capitals and \\Sigma, \\Lambda are matrices without a declaration', async () => {
    expect((await only(align('(\\mathbf A \\mathbf B)^{-1} &= \\mathbf A^{-1}\\mathbf B^{-1}'))).verdict).toBe('refuted');
    expect((await only(align('(\\Sigma \\Lambda)^{-1} &= \\Sigma^{-1}\\Lambda^{-1}'))).verdict).toBe('refuted');
    expect((await only(align('\\Sigma \\Lambda &= \\Lambda \\Sigma'))).verdict).toBe('refuted');
    expect((await only(align('(\\Sigma \\Lambda)^{-1} &= \\Lambda^{-1}\\Sigma^{-1}'))).verdict).toBe('proved');
  });
  it('(AB)^T = B^T A^T is proved and (AB)^T = A^T B^T refuted', async () => {
    expect((await only(MATRICES + align('(AB)^T &= B^T A^T'))).verdict).toBe('proved');
    expect((await only(MATRICES + align('(AB)^\\top &= A^\\top B^\\top'))).verdict).toBe('refuted');
  });
  it('the trace is cyclic and linear', async () => {
    expect((await only(MATRICES + align('\\operatorname{tr}(AB) &= \\operatorname{tr}(BA)'))).verdict).toBe('proved');
    expect((await only(MATRICES + align('\\operatorname{tr}(A + 2B) &= \\operatorname{tr}(A) + 2\\operatorname{tr}(B)'))).verdict).toBe('proved');
  });
  it('under a sum: \\sum_i (A x_i)^T = \\sum_i x_i^T A^T is proved, the commuted product is not', async () => {
    expect((await only(MATRICES + align('\\sum_{i=1}^n (A x_i)^T &= \\sum_{i=1}^n x_i^T A^T'))).verdict).toBe('proved');
    expect(accepted(await only(MATRICES + align('\\sum_{i=1}^n (A x_i)^T &= \\sum_{i=1}^n A^T x_i^T')))).toBe(false);
  });
  it('under an expectation: E[(z A B)^T] = E[z B^T A^T] is proved, E[z A^T B^T] is not', async () => {
    expect((await only(MATRICES + align('\\mathbb E_{z \\sim P}[(z A B)^T] &= \\mathbb E_{z \\sim P}[z B^T A^T]'))).verdict).toBe('proved');
    expect(accepted(await only(MATRICES + align('\\mathbb E_{z \\sim P}[(z A B)^T] &= \\mathbb E_{z \\sim P}[z A^T B^T]')))).toBe(false);
  });
});

describe("LaTeX's standard operators are never an input error", () => {
  it('\\sin^2 x + \\cos^2 x = 1 is read and evaluated (confirmed), with no read problem; a slip is refuted', async () => {
    const r = await check(align('\\sin^2 x + \\cos^2 x &= 1') + align('\\sin^2 x - \\cos^2 x &= 1'));
    expect(r.problems).toEqual([]);
    expect(steps(r).map((s) => s.verdict)).toEqual(['confirmed', 'refuted']);
  });
  it('\\lim, \\sup, \\binom, \\Pr are read', async () => {
    const r = await check(align('\\lim_{n \\to \\infty} \\frac{1}{n} + \\sup_{x \\in S} f(x) &= \\sup_{x \\in S} f(x) + \\lim_{n \\to \\infty} \\frac{1}{n}')
      + align('\\binom{n}{k} &= \\binom{n}{k}') + align('\\Pr(X = 1) + \\Pr(X \\neq 1) &= \\Pr(X \\neq 1) + \\Pr(X = 1)'));
    expect(r.problems).toEqual([]);
    expect(steps(r).map((s) => s.verdict)).toEqual(['proved', 'proved', 'proved']);
  });
});

describe('conditional entropies and expectations are judged under the law the file applies', () => {
  it('H(Y | X) = H(X, Y) - H(X) (the chain rule) is accepted, H(X, Y) = H(X) + H(Y) is not', async () => {
    expect(accepted(await only(align('H(Y \\mid X) &= H(X, Y) - H(X)')))).toBe(true);
    expect(accepted(await only(align('H(X, Y) &= H(X) + H(Y)')))).toBe(false);
  });
  it('E[x | y] under the one law the file applies is that law\'s conditional mean', async () => {
    const step = await only(align('\\mathbb E[x \\mid y] &= \\sum_x x\\, p(x \\mid y)'));
    expect(step.verdict, step.message).toBe('confirmed');
  });
  it('with two laws in the file, E[x | y] and H(Y | X) are not read under either: never refuted', async () => {
    const r = await check(align('\\mathbb E[x \\mid y] &= \\sum_x x\\, q(x \\mid y)') + align('H(Y \\mid X) &= -\\sum_{x, y} p(x, y) \\log p(y \\mid x)'));
    expect(steps(r).map((s) => s.verdict)).not.toContain('refuted');
    expect(steps(r).map((s) => s.verdict)).not.toContain('error');
  });
});

describe('notation the sampler cannot give the writer\'s meaning is never refuted', () => {
  it('D_KL(P(\\cdot | x) || Q(\\cdot | x)) as a sum over y is unverified, not refuted (the placeholder is no variable of its own)', async () => {
    const step = await only(align('D_{KL}(P(\\cdot \\mid x) \\| Q(\\cdot \\mid x)) &= \\sum_y P(y \\mid x) \\log \\frac{P(y \\mid x)}{Q(y \\mid x)}'));
    expect(step.verdict, step.message).toBe('unverified');
    expect(step.message).toMatch(/left unnamed/);
  });
});

describe('bold symbols are not the plain ones', () => {
  it('\\mathbf x - x = 0 is not accepted, \\mathbf x - \\boldsymbol x = 0 is (one bold symbol however spelled)', async () => {
    expect(accepted(await only(align('\\mathbf x - x &= 0')))).toBe(false);
    expect((await only(align('\\mathbf x - \\boldsymbol x &= 0'))).verdict).toBe('proved');
  });
});

describe('a law written with and without its parameters', () => {
  it('p(x | z) beside p(x | z; \\theta) names the same model: the step is not refuted as two laws', async () => {
    const step = await only(align('\\sum_z p(z; \\theta)\\, p(x \\mid z; \\theta) &= \\sum_z p(z)\\, p(x \\mid z)'));
    expect(step.verdict, step.message).toBe('proved');
  });
  it('the data law P beside the model P_\\theta in one formula stays two laws (Gibbs: not equal; guards what worked)', async () => {
    const step = await only(align('\\sum_x P(x) \\log P_\\theta(x) &= \\sum_x P(x) \\log P(x)'));
    expect(accepted(step), step.message).toBe(false);
  });
});

describe('random variables survive a detour through a bare law', () => {
  // D_KL(P(y) || Q(y)) → Σ_x … → D_KL(P || Q) → D_KL(P(x) || Q(x)) was proved (def-kl-marginal,
  // def-kl twice): "P univariate" held because each application had one argument, though P was
  // applied to y and to x — a joint over both.
  it('D_KL(P(y) || Q(y)) = D_KL(P(x) || Q(x)) is not proved (the marginals of Y and of X)', async () => {
    const step = await only(align('D_{KL}(P(y)\\|Q(y)) &= D_{KL}(P(x)\\|Q(x))'));
    expect(step.verdict).not.toBe('proved');
    expect(step.verdict).not.toBe('confirmed');
  });
  it('D_KL(P || Q) = \\sum_x P(x) \\log(P(x)/Q(x)) is still proved by def-kl (guards what worked)', async () => {
    const step = await only(align('D_{KL}(P\\|Q) &= \\sum_x P(x)\\log\\frac{P(x)}{Q(x)}'));
    expect(step.verdict).toBe('proved');
  });
});

describe('an arg min whose objective does not depend on its variable', () => {
  // Both sides θ-free: literally every θ minimises both, so argmin-shift "proved" the step and
  // sampling confirmed it, while the writer means that p depends on θ.
  it('arg min over θ of θ-free objectives is unverified and says what is missing', async () => {
    const step = await only(align('\\arg\\min_\\theta D_{KL}(\\hat P(y)\\|p(y)) &= \\arg\\min_\\theta D_{KL}(\\hat P(x)\\|p(x))'));
    expect(step.verdict).toBe('unverified');
    expect(step.message).toMatch(/does not depend on it as written/);
  });
  it('with the dependence written (p_\\theta), the arg-min shift is proved (guards what worked)', async () => {
    const step = await only(align('\\arg\\min_\\theta \\left(D_{KL}(\\hat P(y)\\|p_\\theta(y)) + H(\\hat P)\\right) &= \\arg\\min_\\theta D_{KL}(\\hat P(y)\\|p_\\theta(y))'));
    expect(step.verdict).toBe('proved');
  });
  it('a dependence through a definition counts: L := (\\mu - 1)^2 makes arg min over \\mu of L + c judged', async () => {
    const r = await check(`Let $L := (\\mu - 1)^2$.\n${align('\\arg\\min_\\mu (L + 3) &= \\arg\\min_\\mu L')}`);
    const all = steps(r);
    expect(all.at(-1)!.verdict).toBe('proved');
  });
});

describe('a logarithm followed by an explicit product', () => {
  it('\\log p \\cdot a = \\log p + \\log a is refuted (the argument ran on through \\cdot, and it was proved by log-product)', async () => {
    const step = await only('Let $0 < p < 1$ and $a > 0$.\n' + align('\\log p \\cdot a &= \\log p + \\log a'));
    expect(step.verdict).toBe('refuted');
  });
  it('the Bernoulli log-likelihood with \\log p \\sum_i x_i is proved (it was refuted: \\log(p \\sum_i x_i))', async () => {
    const step = await only('Let $0 < p < 1$.\n' + align('\\sum_{i=1}^{n} x_i \\log p &= \\log p \\sum_{i=1}^{n} x_i'));
    expect(step.verdict).toBe('proved');
  });
});

describe('a superscript T', () => {
  it('is the power T in a file that writes T as a value: r^{T} = r is refuted (it was proved, transpose-scalar)', async () => {
    expect((await only('% assume: T \\geq 2\n\\[ r^{T} = r \\]\n')).verdict).toBe('refuted');
    // the geometric series with a symbolic bound was refuted: the left side summed r^t, the right read r^T as r
    expect((await only('\\[ \\sum_{t=0}^{T-1} r^{t} = \\frac{1-r^{T}}{1-r} \\]\n')).verdict).toBe('confirmed');
  });
  it('stays a transpose of a vector there, and wherever T is no value', async () => {
    expect((await only('% assume: \\mathbf x \\in \\mathbb R^d\n' + align('\\mathbf x^T \\mathbf x &= \\|\\mathbf x\\|^2'))).verdict).toBe('confirmed');
    const both = await check('% assume: \\mathbf x \\in \\mathbb R^d, T \\geq 1\n' + align('(\\mathbf x^T \\mathbf x)^2 &= \\mathbf x^T \\mathbf x \\, \\mathbf x^T \\mathbf x'));
    // read as the power T of a vector, it was an error
    expect(steps(both).every(accepted)).toBe(true);
  });
});

describe('a bare e', () => {
  it('is Euler\'s number: \\ln e = 1 and \\ln(a/e) = \\ln a - 1 hold (they were refuted with e drawn as 1), e = 3 is refuted', async () => {
    const found = steps(await check('Let $a > 0$.\n' + align('\\ln e &= 1', '\\ln\\left(\\frac{a}{e}\\right) &= \\ln a - 1', 'e \\cdot e^{x} &= e^{x+1}', 'e &= 3')));
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'confirmed', 'confirmed', 'refuted']);
  });
  it('π too is a name like any other where the file declares it: a mixing weight 0 < π < 1 (|1 - π| = 1 - π was refuted with π = 3.14…)', async () => {
    expect((await only('% assume: 0 < \\pi < 1\n' + align('\\sqrt{(1-\\pi)^2} &= 1 - \\pi'))).verdict).toBe('confirmed');
    expect((await only(align('\\pi &> 3'))).verdict).toBe('confirmed');
  });
  it('π stays the constant beside mixing weights π_k (the Gaussian\'s \\sqrt{2\\pi} was drawn as a number), unless π itself is declared', async () => {
    const density = '\\pi_1\\,\\mathcal N(x;\\mu,\\sigma^2) &= \\frac{\\pi_1}{\\sqrt{2\\pi}\\,\\sigma}\\exp\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)';
    expect((await only('% assume: \\sigma > 0, \\pi_1 > 0\n' + align(density))).verdict).toBe('confirmed');
    expect((await only('% assume: \\pi_1 > 0\n' + align('\\sqrt{2\\pi} &> 2'))).verdict).toBe('confirmed');
    expect((await only('% assume: 0 < \\pi < 1\n' + align('\\pi + \\pi_1 &> 3 + \\pi_1'))).verdict).toBe('refuted');
  });
  it('is a name like any other where the file declares it or writes it with scripts', async () => {
    const declared = await only('% assume: e > 0\n' + align('\\ln e &= 1'));
    expect(declared.verdict).toBe('refuted');
    const scripted = await only(align('e_1 + e &= e + e_1'));
    expect(scripted.verdict).toBe('proved');
  });
});

describe('numbers x_i beside the vector \\mathbf x', () => {
  it('may be its components: never refuted as unrelated numbers (\\mathbf a^T \\mathbf b = \\sum_i a_i b_i was refuted)', async () => {
    const step = await only('% assume: \\mathbf a, \\mathbf b \\in \\mathbb R^d\n' + align('\\mathbf a^T \\mathbf b &= \\sum_{i=1}^{d} a_i b_i'));
    expect(step.verdict).toBe('unverified');
    expect(step.message).toContain('may be its components');
  });
});

describe('an expectation under a bare law whose variable the body leaves open', () => {
  it('\\mathbb E_q[\\log p(x, z)] averages over the variable the step applies q to (it held z fixed and refuted the ELBO\'s two forms)', async () => {
    expect(await markdownVerdicts('$$\\mathbb{E}_q[\\log p(x,z)] = \\sum_z q(z)\\log p(x,z)$$\n\n$$\\mathbb{E}_{q}[\\log p(x,z)] - \\mathbb{E}_{q}[\\log q(z)] = \\mathbb{E}_q\\left[\\log \\frac{p(x,z)}{q(z)}\\right]$$\n\n$$\\mathbb{E}_q[\\log p(x,z)] = \\sum_z q(z)\\log p(x,z) + 1$$\n'))
      .toEqual(['confirmed', 'confirmed', 'refuted']);
  });
});

describe('a law written as a Gaussian density', () => {
  it('"Let $q(z) = \\mathcal N(z; \\mu, \\sigma^2)$" makes q that law: E_q[z^2] = μ^2 + σ^2 is confirmed (it was summed over two outcomes and refuted)', async () => {
    const found = steps(await check('Let $\\sigma > 0$ and $q(z)=\\mathcal N(z;\\mu,\\sigma^2)$.\n' + align('\\mathbb{E}_q[z^2] &= \\mu^2+\\sigma^2', '\\mathbb{E}_q[z^2] &= \\mu^2')));
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'refuted']);
  });
  it('an undefined p(x) beside a Gaussian density of x is a density nothing defines: unverified, not refuted as a law of two outcomes', async () => {
    const step = await only('% assume: \\phi_l > 0, \\sigma_l > 0\n' + align('\\log p(x) &= \\log\\sum_{l=1}^{K}\\phi_l\\,\\mathcal{N}(x;\\mu_l,\\sigma_l^2)'));
    expect(step.verdict).toBe('unverified');
    expect(step.message).toContain('density of a continuous x');
  });
});

describe('a divergence whose second law has conditions of its own', () => {
  it('D_{KL}(p(y|x) || p(y)) compares with the marginal (it compared p(y|x) with itself and was 0)', async () => {
    expect(await markdownVerdicts('$$\\sum_{y} p(y\\mid x)\\log\\frac{p(y\\mid x)}{p(y)} = D_{KL}(p(y \\mid x)\\,\\|\\,p(y))$$\n\n$$D_{KL}(p(y \\mid x)\\,\\|\\,p(y)) = \\sum_{y} p(y\\mid x)\\log\\frac{p(y)}{p(y\\mid x)}$$\n'))
      .toEqual(['confirmed', 'refuted']);
  });
});
