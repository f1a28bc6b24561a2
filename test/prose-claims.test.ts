/**
 * What prose states, read through checkSource: a condition is not a definition, and a circle of
 * prose equations between names ("$P = Q$" … "if $Q = P$") is a hypothesis, never two definitions
 * the sampler and the kernel would read differently.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { StepReport } from '../src/check/report.js';

const options = { ...DEFAULT_CHECK_OPTIONS, samples: 60 };
/** The steps of `text` checked as a file at `path` (a problem context is named relative to it). */
const steps = async (text: string, path = 'prose.tex'): Promise<StepReport[]> => (await checkSource(path, text, options)).derivations.flatMap((d) => d.steps);

describe('directives in Markdown prose', () => {
  it('a % assume: line of its own holds for the $$ block below, as <!-- assume: --> does', async () => {
    // the line was read as prose, so a and b were drawn negative and the step refuted
    const [step] = await steps('% assume: a > 0, b > 0\n\n$$\\sqrt{a^2 b^2} = ab$$\n', 'note.md');
    expect(['proved', 'confirmed']).toContain(step!.verdict);
    const [unassumed] = await steps('a % assume: a > 0, b > 0\n\n$$\\sqrt{a^2 b^2} = ab$$\n', 'note.md');
    expect(unassumed!.verdict).toBe('refuted');
  });
});

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

  it('"when $x = 0$" is a condition: a later step about x is not proved from it, nor refuted on an x drawn freely', async () => {
    // the writer may well mean the step at that x ("the optimum is at $\lambda = t/\sigma^2$, where …")
    const [step] = await steps('The derivative vanishes when $x = 0$.\n\\begin{align*}\nx + 1 &= 1\n\\end{align*}\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/^not refuted: x is given a meaning in the prose/);
    const [at] = await steps('The optimum is at $\\lambda = t/\\sigma^2$, where\n\\[ \\frac{\\lambda^2\\sigma^2}{2} - \\lambda t = -\\frac{t^2}{2\\sigma^2} \\]\n');
    expect(at!.verdict).toBe('unverified');
  });
  it('a value the prose states as a result ("Hence $c = 2y$") gives the name that value from there on', async () => {
    const [step] = await steps('Hence $c = 2y$, and\n\n$$c - y = y$$\n');
    expect(step!.verdict).toBe('proved');
    const [wrong] = await steps('Hence $\\hat\\lambda = \\frac{1}{n}\\sum_{i=1}^n x_i$.\n$$\\frac{n}{\\hat\\lambda} = \\frac{n}{\\sum_{i=1}^n x_i}$$\n');
    expect(wrong!.verdict).toBe('refuted');
  });
  it('what holds in one case ("when $y(wx+b) < 1$", "setting $n = 1$", "i.e.") is no hypothesis: its names are not refuted on, and nothing is proved from it', async () => {
    const claim = '\n\n$$\\max(0, 1 - y(wx+b)) = 1 - y(wx + b)$$\n';
    for (const lead of ['When the margin is violated ($y(wx+b) < 1$) we get', 'On the violated side, i.e. $y(wx+b) < 1$:', 'When the constraint $y(wx+b) \\geq 1$ is violated,']) {
      const [step] = await steps(lead + claim);
      expect(step!.verdict, lead).toBe('unverified');
    }
    // an induction's base case, a choice of step size: the general claim below is not proved at that value
    const [general] = await steps('Let $n \\in \\mathbb N$. Setting $n = 1$ gives the base case. For general $n$,\n\\[ \\frac{(n+1)(n+2)}{2} = n^2 + 2n \\]\n');
    expect(general!.verdict).not.toBe('proved');
    expect(general!.verdict).not.toBe('confirmed');
    // a case stated after "when" does not reach a general claim, nor a display above it
    const [above, relu] = await steps('Let $x \\in \\mathbb R$.\n\\[ \\sqrt{x^2} = x \\]\nWhen $x > 0$ the ReLU is the identity.\n\\[ \\max\\{0, x\\} + \\max\\{0, -x\\} = x \\]\n');
    expect(above!.verdict).toBe('refuted');
    expect(relu!.verdict).not.toBe('confirmed');
  });
  it('"so $w = 0$" about a w already written is one case of it, not its definition', async () => {
    const [step] = await steps('The gradient $2w$ vanishes, so $w = 0$.\n\\[ w^2 + 1 = 1 \\]\n');
    expect(step!.verdict).not.toBe('proved');
    expect(step!.verdict).not.toBe('confirmed');
  });
  it('"Let $c_1, \\dots, c_r > 0$" is said of every c_i where the file writes no member outside the list; with c_0 written it only keeps c back', async () => {
    for (const hypothesis of ['Let $c_1, \\dots, c_r > 0$.', '% assume: c_1, \\ldots, c_{r} > 0']) {
      const [sum, wrong] = await steps(`${hypothesis}\n\\[ \\sum_{i=1}^r c_i + 1 \\ge 1 \\]\n\\[ \\sum_{i=1}^r c_i \\ge 1 \\]\n`);
      expect(sum!.verdict, hypothesis).toBe('confirmed');
      expect(wrong!.verdict, hypothesis).toBe('refuted');
      const [, outside] = await steps(`${hypothesis}\n\\[ \\sum_{i=1}^r c_i + 1 \\ge 1 \\]\n\\[ |c_0| = c_0 \\]\n`);
      expect(outside!.verdict, hypothesis).not.toBe('confirmed');
    }
    // a range is still no value: `i = 1, \dots, n` defines no i
    const [range] = await steps('For $i = 1, \\dots, n$ we have\n\\[ i + 1 = 2 \\]\n');
    expect(range!.verdict).toBe('refuted');
  });

  it('a chain of equations stated as a definition ($w_j = Q(j) = c_j + 1$) defines the name by its last form', async () => {
    // it was no item at all, so a context's w (at other parameters) stood in for the file's
    const [step] = await steps('The E-step computes, for each $j$, $w_j = Q(j) = c_j + 1$.\n$$w_j - c_j = 1$$\n');
    expect(['proved', 'confirmed']).toContain(step!.verdict);
  });
  it('"Parametrise by the precision $\\lambda = 1/s$" defines λ (a gradient in λ was judged with λ and s unrelated)', async () => {
    const claim = (rhs: string): string => `$$\\frac{d}{d\\lambda}\\left(\\tfrac12\\log\\lambda - \\tfrac12 a^2 \\lambda\\right) = ${rhs}$$\n`;
    const [right, wrong] = await steps('Parametrise by the precision $\\lambda = 1/s$, with $s > 0$.\n' + claim('\\tfrac12 s - \\tfrac12 a^2') + claim('\\tfrac12 \\lambda - \\tfrac12 a^2'));
    expect(right!.verdict).toBe('confirmed');
    expect(wrong!.verdict).toBe('refuted');
  });
  it('"Notation: … and $m_j = …$" defines what it lists', async () => {
    const [step] = await steps('Notation: $v_j$ are the weights of the points, and $m_j = v_j + 1$ counts them.\n$$m_j - v_j = 1$$\n');
    // m_j was an arbitrary number, and the step refuted
    expect(['proved', 'confirmed']).toContain(step!.verdict);
  });

  it('"as a function of $y$" names what the next display\'s ∝ is taken with respect to', async () => {
    const bayes = (v: string): string => `As a function of $${v}$ the denominator is a constant, so\n$$p(y \\mid x) \\propto p(x \\mid y)\\, p(y)$$\n`;
    expect((await steps(bayes('y')))[0]!.verdict).toBe('confirmed');
    // in x, p(y|x) / (p(x|y) p(y)) = 1/p(x) is not constant
    expect((await steps(bayes('x')))[0]!.verdict).toBe('refuted');
  });

  it('"densities in $x$" names the variable of the next display\'s ∝ too', async () => {
    const product = (v: string): string => `Product of two Gaussian densities in $${v}$:\n\\begin{align*}\n` +
      '\\mathcal N(x;\\mu_1,\\sigma_1^2)\\,\\mathcal N(x;\\mu_2,\\sigma_2^2) &\\propto \\exp\\Big(-\\frac{(x-\\mu_1)^2}{2\\sigma_1^2} - \\frac{(x-\\mu_2)^2}{2\\sigma_2^2}\\Big)\n\\end{align*}\n';
    expect((await steps(product('x')))[0]!.verdict).toBe('confirmed');
    // σ_1 is one member of σ: varying only it is not supported, and varying nothing confirmed anything (it did, though the normalising constant depends on σ_1)
    expect((await steps(product('\\sigma_1')))[0]!.verdict).toBe('unverified');
  });
});

describe('a generative equation stated in the file\'s own prose', () => {
  // Without a context, x_t = … x_{t-1} … \epsilon_t in prose was only a recursive definition
  // (every step on x unverified); it is now the model, as a context's display is, so the file's
  // steps are judged in law — and a product stopping one index early is caught.
  const forward = (claim: string, product = '\\prod_{s=1}^{t}'): string => [
    `With $\\alpha_t = 1-\\beta_t$ and $\\bar\\alpha_t = ${product}\\alpha_s$, the forward process is`,
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
  // ∏_{s≤t} leaves its start to the reader: in the model, a product of schedule quantities starts
  // where the schedule does (it was unreadable, and every step on ᾱ_t unverified)
  it('ᾱ_t = ∏_{s≤t} α_s is the schedule\'s product from its start: the marginal is confirmed, the early stop refuted', async () => {
    const marginal = '\\sqrt{\\bar\\alpha_t}\\,\\mathbf x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\bar{\\boldsymbol\\epsilon}_t';
    expect((await steps(forward(marginal, '\\prod_{s\\le t}')))[0]!.verdict).toBe('confirmed');
    const early = '\\sqrt{\\prod_{s<t}\\alpha_s}\\,\\mathbf x_0 + \\sqrt{1-\\prod_{s<t}\\alpha_s}\\,\\bar{\\boldsymbol\\epsilon}_t';
    expect((await steps(forward(early, '\\prod_{s\\le t}')))[0]!.verdict).toBe('refuted');
  });
  it('a step unrolling two transitions speaks of t ≥ 2: it is confirmed, not stopped by α_0 at t = 1', async () => {
    const unroll = (noise: string): string => [
      'Let $z_t = \\sqrt{a_t}\\, z_{t-1} + \\sqrt{1-a_t}\\, \\eta_t$ where $\\eta_t \\sim \\mathcal N(0, I)$ are i.i.d., $a_t = 1 - b_t$.',
      '$$\\sqrt{a_t}\\left(\\sqrt{a_{t-1}}\\, z_{t-2} + \\sqrt{1-a_{t-1}}\\, \\eta_{t-1}\\right) + \\sqrt{1-a_t}\\, \\eta_t = \\sqrt{a_t a_{t-1}}\\, z_{t-2} + ' + noise + '$$',
    ].join('\n');
    const [right] = await steps(unroll('\\sqrt{1 - a_t a_{t-1}}\\, \\bar\\eta'));
    expect(right!.verdict).toBe('confirmed');
    // the noise's variance without the cross term: refuted, at some t ≥ 2
    const [wrong] = await steps(unroll('\\sqrt{1 - a_t}\\, \\bar\\eta'));
    expect(wrong!.verdict).toBe('refuted');
  });
  it('"where $\\epsilon_t \\sim …$ are i.i.d., $a_t = …$": the abbreviation ends no sentence, so the list goes on', async () => {
    const text = 'Let $z_t = \\sqrt{a_t}\\, z_{t-1} + \\sqrt{1-a_t}\\, \\eta_t$ where $\\eta_t \\sim \\mathcal N(0, I)$ are i.i.d., $a_t = 1 - b_t$ and $\\bar a_t = \\prod_{s=1}^{t} a_s$.\n' +
      '$$q(z_t \\mid z_0) = \\mathcal N\\left(z_t;\\ \\sqrt{\\bar a_t}\\, z_0,\\ (1 - \\bar a_t) I\\right)$$\n';
    expect((await steps(text))[0]!.verdict).toBe('confirmed');
  });
  it('a scalar chain with its noise written bare (ε ∼ N(0, 1), "independent of x_{t-1}"): each transition\'s own noise, in one dimension', async () => {
    const chain = (claim: string): string => 'For one step $x_t = \\sqrt{a_t}\\,x_{t-1} + \\sqrt{1-a_t}\\,\\epsilon$ with $\\epsilon\\sim\\mathcal N(0,1)$ independent of $x_{t-1}$,\n' +
      `\\[\n\\mathrm{Var}(x_t) = ${claim}\n\\]\n`;
    // one noise shared by every transition made the covariance singular; N(0, 1) was no noise at all
    expect((await steps(chain('a_t\\,\\mathrm{Var}(x_{t-1}) + (1-a_t)\\,\\mathrm{Var}(\\epsilon)')))[0]!.verdict).toBe('confirmed');
    expect((await steps(chain('\\sqrt{a_t}\\,\\mathrm{Var}(x_{t-1}) + (1-a_t)\\,\\mathrm{Var}(\\epsilon)')))[0]!.verdict).toBe('refuted');
  });
  it('outside a model, a sum whose start is not written is unverified and says so', async () => {
    const [step] = await steps('\\begin{align*}\n\\sum_{s \\le t} s &= \\frac{t(t+1)}{2}\n\\end{align*}\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toContain('not written');
  });
});

describe('what a weighting derivation states in prose', () => {
  // "Using $\bar a_t = a_t\bar a_{t-1}$": a recurrence with no start was a "recursive definition"
  // (unverified); σ_q² = … was a hypothesis the sampler could not draw under; SNR(t) = … after no
  // trigger word was no definition at all
  const using = 'Using $\\bar a_t = a_t\\bar a_{t-1}$ and $\\sigma_q^2 = \\frac{(1-a_t)(1-\\bar a_{t-1})}{1-\\bar a_t}$, and the signal-to-noise ratio $\\mathrm{SNR}(t) = \\bar a_t/(1-\\bar a_t)$:\n';
  const verdicts = async (...claims: string[]): Promise<string[]> => (await steps(using + claims.map((c) => `$$${c}$$\n`).join(''))).map((s) => s.verdict);
  it('a recurrence with no start holds for every sequence obeying it: a wrong unrolling is refuted', async () => {
    expect(await verdicts('\\bar a_t = a_t a_{t-1}\\bar a_{t-2}', '\\bar a_t = a_t \\bar a_{t-2}')).toEqual([expect.stringMatching(/proved|confirmed/), 'refuted']);
  });
  it('σ_q² = … defines σ_q (positive by convention) as its root', async () => {
    const [right, wrong] = await verdicts('\\frac{\\bar a_{t-1} - \\bar a_t}{\\sigma_q^2} = \\frac{\\bar a_{t-1}(1-\\bar a_t)}{1-\\bar a_{t-1}}', '\\frac{\\bar a_{t-1} - \\bar a_t}{\\sigma_q^2} = \\frac{\\bar a_{t}(1-\\bar a_t)}{1-\\bar a_{t-1}}');
    expect(['proved', 'confirmed']).toContain(right);
    expect(wrong).toBe('refuted');
  });
  it('…and so does a display row σ_q² := …', async () => {
    const row = (claim: string) => '\\begin{align*}\n\\sigma_q^2 := \\frac{1-a}{2}\n\\end{align*}\n' + `$$${claim}$$\n`;
    const [definition, right] = await steps(row('\\frac{1}{\\sigma_q^2} = \\frac{2}{1-a}'));
    expect(definition!.verdict).toBe('definition');
    expect(['proved', 'confirmed']).toContain(right!.verdict);
    expect((await steps(row('\\frac{1}{\\sigma_q^2} = \\frac{1}{1-a}')))[1]!.verdict).toBe('refuted');
  });
  it('"the ratio $\\mathrm{SNR}(t) = …$" introduces the word, with no trigger word before it', async () => {
    const [right, wrong] = await verdicts('\\mathrm{SNR}(t-1) - \\mathrm{SNR}(t) = \\frac{\\bar a_{t-1}-\\bar a_t}{(1-\\bar a_{t-1})(1-\\bar a_t)}', '\\mathrm{SNR}(t-1) - \\mathrm{SNR}(t) = \\frac{\\bar a_{t-1}-\\bar a_t}{1-\\bar a_{t-1}}');
    expect(['proved', 'confirmed']).toContain(right);
    expect(wrong).toBe('refuted');
  });
  it('…but a word that is an operator (\\operatorname{Cov}(X,Y) = 0, after no trigger word) is no definition nor a hypothesis', async () => {
    const [step] = await steps('If $X$ and $Y$ are independent then $\\operatorname{Cov}(X,Y)=0$.\n$$\\operatorname{Cov}(X,Y) = \\mathbb E[XY] - \\mathbb E[X]\\,\\mathbb E[Y]$$\n');
    expect(step!.verdict).toBe('confirmed');
  });
  it('a fresh function letter applied to its arguments (collect the terms in $F(u) = …$) is introduced too, a result after "then" is not', async () => {
    const [right, wrong] = await steps('Collect the terms that contain $u$ in $F(u) = 3u^2 + u$.\n$$\\frac{dF}{du} = 6u + 1$$\n$$\\frac{dF}{du} = 6u$$\n');
    expect(['proved', 'confirmed']).toContain(right!.verdict);
    expect(wrong!.verdict).toBe('refuted');
    // "then $G(u) = 2$" reports a result: G stays undefined, and a step on it is not judged on it
    const [after] = await steps('If $u > 0$ then $G(u) = 2$.\n$$G(u) + 1 = 3$$\n');
    expect(after!.verdict).not.toBe('proved');
    expect(after!.verdict).not.toBe('confirmed');
  });
  it('a recurrence beside a start the writer gives is not drawn as one without: ā_1 = a_1 is never refuted', async () => {
    // f_t := … f_{t-1} … beside f_0 := 1: a drawn ā_0 would contradict the start
    const [step] = await steps('Let $\\bar a_t := a_t\\bar a_{t-1}$ and $\\bar a_0 := 1$.\n$$\\bar a_1 = a_1$$\n');
    expect(step!.verdict).not.toBe('refuted');
  });
});

describe('variational bounds as writers write them', () => {
  it('the ELBO decomposition with D_KL(q(z|x) || p(z|x)) at the data point x is confirmed (it was refuted: the KL read averaged over x)', async () => {
    const [step] = await steps('\\begin{align*}\n\\log p(x) &= \\mathbb E_{q(z\\mid x)}\\left[\\log\\frac{p(x,z)}{q(z\\mid x)}\\right] + D_{KL}(q(z\\mid x) \\| p(z\\mid x))\n\\end{align*}\n');
    expect(step!.verdict).toBe('confirmed');
  });
  it('"use Bayes: $p(x) = p(x, z) / p(z \\mid x)$" is a rule of probability, not a definition of p at x: the steps after it are checked', async () => {
    const after = (term: string): string => 'Use Bayes: $p(x) = \\frac{p(x, z)}{p(z \\mid x)}$. Then\n' +
      `$$\\log p(x) = \\mathbb E_{q(z)}\\left[\\log\\frac{p(x,z)}{q(z)}\\right] + \\mathbb E_{q(z)}\\left[\\log ${term}\\right]$$\n`;
    // both were unverified: "p is defined only with other arguments"
    expect(['proved', 'confirmed']).toContain((await steps(after('\\frac{q(z)}{p(z \\mid x)}')))[0]!.verdict);
    expect((await steps(after('\\frac{p(z \\mid x)}{q(z)}')))[0]!.verdict).toBe('refuted');
  });
  it('an undefined word (\\mathrm{ELBO}) is one particular quantity: never refuted on a value drawn for it, unless it cancels', async () => {
    const found = await steps('$$\\mathbb E_{q(z)}\\left[\\log\\frac{p(x,z)}{q(z)}\\right] = \\mathrm{ELBO} - 1$$\n$$\\mathrm{ELBO} - D_{KL}(q(z) \\| p(z)) \\ge \\mathrm{ELBO}$$\n');
    expect(found[0]!.verdict).toBe('unverified');
    expect(found[0]!.message).toContain('particular quantity');
    // ELBO − D ≥ ELBO says D ≤ 0 whatever ELBO is
    expect(found[1]!.verdict).toBe('refuted');
  });
  it('the chain rule keeps the averaged conditional KL (its condition is no value of the step)', async () => {
    const [step] = await steps('\\begin{align*}\nD_{KL}(P(X,Y)\\|Q(X,Y)) &= D_{KL}(P(X)\\|Q(X)) + D_{KL}(P(Y|X)\\|Q(Y|X))\n\\end{align*}\n');
    expect(step!.verdict === 'proved' || step!.verdict === 'confirmed').toBe(true);
  });
  const blocks = (last: string): string => [
    '\\begin{align*}',
    '\\log p(x_0) &= \\mathbb E_{q(x_{1:T}\\mid x_0)}\\left[\\log\\frac{p(x_{0:T})}{p(x_{1:T}\\mid x_0)}\\right] \\\\',
    `&= \\mathbb E_{q(x_{1:T}\\mid x_0)}\\left[\\log\\frac{p(x_{0:T})}{q(x_{1:T}\\mid x_0)}\\right] ${last}`,
    '\\end{align*}',
    'Here $\\mathrm{ELBO} = \\mathbb E_{q(x_{1:T}\\mid x_0)}\\big[\\log \\frac{p(x_{0:T})}{q(x_{1:T}\\mid x_0)}\\big]$.',
  ].join('\n');
  it('x_{1:T} is one random variable and x_{0:T} the pair (x_0, x_{1:T}): the decomposition is confirmed', async () => {
    const found = await steps(blocks('+ D_{KL}(q(x_{1:T}\\mid x_0)\\|p(x_{1:T}\\mid x_0))'));
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'confirmed']);
  });
  it('a dropped KL term is refuted', async () => {
    const found = await steps(blocks(''));
    expect(found[1]!.verdict).toBe('refuted');
  });
  it('a word-name defined in the prose below the display ("Here $\\mathrm{ELBO} = …$") means that in the display', async () => {
    const text = blocks('+ D_{KL}(q(x_{1:T}\\mid x_0)\\|p(x_{1:T}\\mid x_0)) \\\\\n&\\ge \\mathrm{ELBO}');
    const found = await steps(text);
    expect(found[2]!.verdict).toBe('confirmed');
    const wrong = await steps(text.replace('&\\ge \\mathrm{ELBO}', '&\\le \\mathrm{ELBO}'));
    expect(wrong[2]!.verdict).toBe('refuted');
  });
});

describe('an identity stated in prose', () => {
  it('constrains nothing: with "Using $H(P) = -\\sum_x P(x)\\log P(x)$" the swapped KL is still refuted (it stayed undecided: high precision cannot tell an identity\'s equal sides apart)', async () => {
    const [step] = await steps('Using $H(P)=-\\sum_x P(x)\\log P(x)$:\n\\begin{align*}\nD_{KL}(P\\|Q) &= \\sum_x Q(x)\\log\\frac{Q(x)}{P(x)}\n\\end{align*}\n');
    expect(step!.verdict).toBe('refuted');
  });
});

describe('a symbol labelled by a law (\\sigma_q, \\mu_q)', () => {
  const law = 'Let $q(x \\mid y)$ be the posterior.\n';
  it('is a quantity of its own: an identity about it is confirmed (its subscript was read as a value of q and nothing was sampled)', async () => {
    const [step] = await steps(`${law}\\begin{align*}\n\\frac{1}{2}\\Big[\\frac{1}{\\sigma_q^2}(a - \\mu_q)^2\\Big] &= \\frac{(a-\\mu_q)^2}{2\\sigma_q^2} + q(x \\mid y) - q(x \\mid y)\n\\end{align*}\n`);
    expect(step!.verdict === 'confirmed' || step!.verdict === 'proved').toBe(true);
  });
  it('is a particular quantity: with no definition, a random value of it refutes nothing', async () => {
    const [step] = await steps(`${law}\\begin{align*}\n\\mu_q + q(x \\mid y) &= 2 + q(x \\mid y)\n\\end{align*}\n`);
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/quantity of a law/);
  });
});

describe('a law given by its probabilities ("with $P = (\\tfrac12, \\tfrac12)$")', () => {
  const check = (rows: string): Promise<StepReport[]> =>
    steps(`With $P = (\\tfrac12, \\tfrac12)$ and $Q = (\\tfrac14, \\tfrac34)$:\n\\begin{align*}\n${rows}\n\\end{align*}\n`);
  it('fixes the law: a divergence worked out on numbers is confirmed, a wrong one refuted', async () => {
    expect((await check('D_{KL}(P\\|Q) &= \\tfrac12 \\log 2 + \\tfrac12 \\log \\tfrac23'))[0]!.verdict).toBe('confirmed');
    expect((await check('D_{KL}(P\\|Q) &= \\tfrac12 \\log 2 + \\tfrac12 \\log \\tfrac32'))[0]!.verdict).toBe('refuted');
  });
  it('names no outcomes: a step that reads an outcome\'s value is never refuted on deriva\'s naming of them', async () => {
    const [step] = await check('\\sum_x x P(x) &= \\tfrac32');
    expect(step!.verdict).toBe('unverified');
  });
});

describe('a member of a defined family', () => {
  it('w_1 = … after w_j := … is a claim about w at j = 1, not a new name (it was reported as a definition and never checked)', async () => {
    const found = await steps('\\begin{align*}\nw_j &:= a_j + 1\n\\end{align*}\n\\begin{align*}\nw_1 &= a_1 + 2\n\\end{align*}\n');
    expect(found.at(-1)!.verdict).toBe('refuted');
  });
});

describe('a hypothesis shared by a list of names', () => {
  it('"For $a, b > 0$" makes both positive: a true step about them is not refuted', async () => {
    // only b was positive, so √(a²b²) = ab was refuted at a = -1
    const found = await steps('For $a, b > 0$,\n\\begin{align*}\n\\sqrt{a^2 b^2} &= ab \\\\\n\\log\\frac{a^2}{b} &= 2\\log a - \\log b\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual([expect.stringMatching(/^(proved|confirmed)$/), 'proved']);
  });

  it('"$s, t \\ge 0$" shares its order too', async () => {
    const found = await steps('Let $s, t \\ge 0$.\n$$\\sqrt{s^2} = s$$\n$$|t| = t$$\n');
    expect(found.map((s) => s.verdict)).not.toContain('refuted');
  });

  it('a name before another item\'s own relation does not take the last item\'s: in "$x, y \\in \\mathbb R, z > 0$" x is not positive', async () => {
    const [step] = await steps('Let $x, y \\in \\mathbb{R}, z > 0$.\n$$\\sqrt{x^2} = x$$\n');
    expect(step!.verdict).toBe('refuted');
  });
});

describe('why a step about noise is not refuted', () => {
  const step = '\\begin{align*}\nx_2 &= \\sqrt{\\alpha_2}\\, x_1 + \\sqrt{1-\\alpha_2}\\,\\epsilon_2\n\\end{align*}\n';

  it('outside a context, it sends the writer to one', async () => {
    const [found] = await steps(step);
    expect(found!.verdict).toBe('unverified');
    expect(found!.message).toMatch(/\\epsilon is a random quantity.*check it inside a problem context, --context/);
  });

  it('inside one, it says the context gives no law here and why the model did not decide (it sent the writer to --context)', async () => {
    const [found] = await steps(`% context: ../contexts/homework3.tex#sec:diffusion\n${step}`, 'derivations/noise.tex');
    expect(found.verdict).toBe('unverified');
    expect(found.message).toMatch(/the problem context in force does not give it a law here/);
    expect(found.message).toMatch(/inside the model: x_\{2\} has no meaning in the model/);
    expect(found.message).not.toMatch(/--context/);
  });
});

describe('an equation in prose that no word announces', () => {
  it('"The uniform distribution $u_k = 1/K$ gives" makes u particular: a value drawn for it at random refutes nothing', async () => {
    // u was drawn as an arbitrary distribution, and H(u) = log K was refuted at K = 1 with H(u) = 1
    const [step] = await steps('The uniform distribution $u_k = 1/K$ gives\n$$H(u) = -\\sum_{k=1}^K \\frac1K \\log \\frac1K$$\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/u is given a meaning in the prose that deriva does not read as a definition/);
  });

  it('a result the prose announces ("we get $x = 3$") still leaves a wrong step about x refuted', async () => {
    const [step] = await steps('Solving, we get $x = 3$.\n$$x^2 = x + x$$\n');
    expect(step!.verdict).toBe('refuted');
  });
});

describe('hypotheses that make a conventional letter a number', () => {
  it('"Suppose $0 < p < 1$" makes p a number, not the law p names by convention', async () => {
    // p had "no numeric value here", so every step of a binomial likelihood was unverified
    const found = await steps('Suppose $0 < p < 1$.\n$$\\frac{k}{p} - \\frac{n-k}{1-p} = \\frac{k(1-p) - (n-k)p}{p(1-p)}$$\n$$\\frac{k}{p} - \\frac{n-k}{1-p} = \\frac{k - np}{p}$$\n');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'refuted']);
  });

  it('"$|r| < 1$" keeps r between -1 and 1, as a real even though r is a count by convention', async () => {
    // every world was excluded; taking r as a count in (-1, 1) would have drawn only 0 and confirmed √(r²) = r
    const found = await steps('For $|r| < 1$,\n$$\\sqrt{(1-r)^2} = 1 - r$$\n$$\\sqrt{r^2} = r$$\n');
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'refuted']);
  });
});

describe('a step that names the outcomes it is about', () => {
  const bayes = '$$p(y = 1 \\mid x) = \\frac{p(x \\mid y = 1) p(y = 1)}{p(x \\mid y = 1) p(y = 1) + p(x \\mid y = 0) p(y = 0)}$$\n';

  it('is not refuted in a world where the variable has more outcomes than it names (a binary label)', async () => {
    // refuted with |y| = 3: Bayes' rule for a label the writer treats as binary
    const [step] = await steps(bayes);
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/names only the outcomes y = 0, 1, and it fails where y has 3.*y \\in \\\{0, 1\\\}/);
  });

  it('is confirmed once the outcomes are stated, and a wrong step about them is still refuted', async () => {
    const found = await steps(`Let $y \\in \\{0, 1\\}$.\n${bayes}$$p(y = 1 \\mid x) = \\frac{p(x \\mid y = 1) p(y = 1)}{p(x \\mid y = 0) p(y = 0)}$$\n`);
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'refuted']);
    const [unstated] = await steps('$$p(y = 1 \\mid x) = \\frac{p(x \\mid y = 1) p(y = 1)}{p(x \\mid y = 0) p(y = 0)}$$\n');
    expect(unstated!.verdict).toBe('refuted');
  });
});

describe('a random variable introduced with its moments ("with $\\mathbb E[X] = \\mu$")', () => {
  const moments = 'Let $X$ be a random variable with $\\mathbb E[X] = \\mu$ and $\\operatorname{Var}(X) = \\sigma^2$.\n';
  it('names the moments: the steps that use them are proved, a slip is refuted', async () => {
    const found = await steps(moments + '\\begin{align*}\n\\mathbb E[X^2] &= \\sigma^2 + \\mu^2 \\\\\n\\operatorname{Var}(aX + b) &= a^2 \\sigma^2 \\\\\n\\operatorname{Var}(aX + b) &= a \\sigma^2\n\\end{align*}\n');
    // μ and σ were "given a meaning deriva does not read", and the first two were unverified
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'proved', 'refuted']);
  });
  it('"\\operatorname{Var}(X) = s" gives the variance a name, it does not make Var the file\'s function', async () => {
    // Var(t) := s for every t refuted Var(aX + b) = a^2 s with the left side s
    const [step] = await steps('Let $X$ be a random variable with $\\operatorname{Var}(X) = s$.\n$$\\operatorname{Var}(aX + b) = a^2 s$$\n');
    expect(step!.verdict).toBe('proved');
  });
  it('"a random variable with the standard normal distribution" is a law in words: not an arbitrary one', async () => {
    const [step] = await steps('Let $X$ be a random variable with the standard normal distribution.\n$$\\mathbb E[X^2] = 1$$\n');
    expect(step!.verdict).not.toBe('refuted');
  });
});

describe('definitions and hypotheses in % assume: lines', () => {
  const claims = '\\begin{align*}\n\\mathbb E[X^2] - 2\\mu\\mathbb E[X] + \\mu^2 &= \\mathbb E[X^2] - \\mu^2 \\\\\n\\mathbb E[X^2] - 2\\mu\\mathbb E[X] + \\mu^2 &= \\mathbb E[X^2] + \\mu^2\n\\end{align*}\n';
  it('"% assume: \\mu := \\mathbb E[X]" defines μ (in any spelling of :=)', async () => {
    for (const spelling of [':=', '\\coloneqq', '\\coloneq', '\\triangleq']) {
      const found = await steps(`% assume: \\mu ${spelling} \\mathbb E[X], a > 0\n` + claims);
      // it was "assumption not understood", and both steps were refuted with μ drawn freely
      expect(found.map((s) => s.verdict), spelling).toEqual(['proved', 'refuted']);
    }
  });
  it('an assumption deriva cannot read leaves what it mentions particular: nothing is refuted on it, and the reason names the line', async () => {
    const report = await checkSource('assume.tex', '% assume: \\mu \\mathrel{\\widehat=} \\mathbb E[X]\n' + claims, options);
    const found = report.derivations.flatMap((d) => d.steps);
    expect(report.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('assumption not understood'));
    expect(found.map((s) => s.verdict)).toEqual(['unverified', 'unverified']);
    expect(found[0]!.message).toContain('in an assumption deriva could not read (line 1)');
  });
});

describe('a chain of orders stated in prose', () => {
  it('"Let $0 < x < y$" holds: |x - y| = y - x is confirmed (the chain was dropped, and the step refuted at x = 1, y = 0)', async () => {
    const [step] = await steps('Let $0 < x < y$.\n\\[ |x - y| = y - x \\]\n');
    expect(step!.verdict).toBe('confirmed');
  });
  it('…and so does a descending one, "Let $y > 0 > x$"', async () => {
    const [step] = await steps('Let $y > 0 > x$.\n\\[ |x - y| = y - x \\]\n');
    expect(step!.verdict).toBe('confirmed');
  });
  it('"Let $1 \\le m \\le n$ be integers" bounds the sum: the count of terms is not refuted at m > n', async () => {
    const [step] = await steps('Let $1 \\le m \\le n$ be integers.\n\\[ \\sum_{k=m}^{n} k = \\frac{(n-m+1)(n+m)}{2} \\]\n');
    expect(step!.verdict).toBe('confirmed');
  });
});

describe('a number stated for a law at a point', () => {
  it('"p(x) = 0.21" after Bayes\' rule is unverified (it was refuted with p drawn as an arbitrary law)', async () => {
    const [, step] = await steps('$$p(y \\mid x) = \\frac{p(x \\mid y)\\,p(y)}{p(x)}$$\n\n$$p(x) = 0.21$$\n', 'bayes.md');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toContain('states a number for the law p');
  });
  it('a measure of a random variable is no point: H(X) = 5 is still refuted for any X', async () => {
    const [step] = await steps('Let $p(x) > 0$ and let $X$ be a random variable.\n$$H(X) = 5$$\n', 'entropy.md');
    expect(step!.verdict).toBe('refuted');
    // of an X nothing is said of, it states a value of X's law, as \mathbb E[X] = 0 does: held back
    const [unsaid] = await steps('Let $p(x) > 0$.\n$$H(X) = 5$$\n', 'entropy.md');
    expect(unsaid!.verdict).toBe('unverified');
  });
  it('a sum over every outcome is no point: \\sum_x Q(x) + \\sum_x P(x) = 1 - 1 is still refuted', async () => {
    const [step] = await steps('\\[ \\sum_x Q(x) + \\sum_x P(x) = 1 - 1 \\]\n');
    expect(step!.verdict).toBe('refuted');
  });
});

describe('an order that reaches the step through another name', () => {
  it('"% assume: a > 0, b > a" makes b positive: |b| = b is confirmed (b > a was dropped, a not being in the step)', async () => {
    const [step] = await steps('% assume: a > 0, b > a\n\\[ |b| = b \\]\n');
    expect(step!.verdict).toBe('confirmed');
  });
  it('an order on the index a sum of the step runs over ("$i \\le n$") draws no value for it', async () => {
    const [step] = await steps('For the points ($i \\le n$):\n\\[ \\sum_{i=1}^{n} (x_i + 1) = n + \\sum_{i=1}^{n} x_i \\]\n');
    expect(step!.verdict).toBe('proved');
    expect(step!.message).not.toContain('excluded');
  });
});

describe('a hypothesis for every index of a family', () => {
  it('"% assume: \\sum_j w_{ij} = 1" is not silently dropped: a step it makes true is unverified, not refuted', async () => {
    const [step] = await steps('% assume: \\sum_{j=1}^K w_{ij} = 1\n\\[ \\sum_{i=1}^n\\sum_{j=1}^K w_{ij} = n \\]\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toContain('holds for every index');
  });
  it('a bound on every member (c_i > 0) is no such hypothesis: a wrong step about c is still refuted', async () => {
    const [step] = await steps('% assume: c_i > 0\n\\[ \\sum_{i=1}^r c_i(x_i - \\mu) = \\sum_{i=1}^r c_i x_i - r\\mu \\]\n');
    expect(step!.verdict).toBe('refuted');
  });
});

describe('names as the file uses them', () => {
  it('a function heading a display (R(θ) = …) is one when the file never writes R but applied', async () => {
    const [defined, expanded] = await steps('\\begin{align*}\nR(\\theta) &= (y - \\theta x)^2 \\\\\n&= y^2 - 2\\theta x y + \\theta^2 x^2\n\\end{align*}\n');
    expect(defined!.verdict).toBe('definition');
    expect(expanded!.verdict).toBe('proved');
    // R written as a value elsewhere: R(θ) stays R times θ
    const [product] = await steps('Let $R = 2$.\n\\[ R(\\theta) = 2\\theta + 1 \\]\n');
    expect(product!.verdict).toBe('refuted');
  });
  it("f'(w) of a function the file defines is its derivative: a claim, checked, never a new name", async () => {
    const [right] = await steps("Let $\\sigma(z) = \\frac{1}{1+e^{-z}}$.\n\n$$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$$\n", 'prime.md');
    expect(right!.verdict).toBe('proved');
    const [wrong] = await steps("Let $\\sigma(z) = \\frac{1}{1+e^{-z}}$.\n\n$$\\sigma'(z) = e^{z}$$\n", 'prime.md');
    expect(wrong!.verdict).toBe('refuted');
    // a primed name nothing defines is applied, not multiplied: no claim about R' times θ
    const [unknown] = await steps("$$\\tfrac{1}{2}R'(\\theta) = -x(y - \\theta x)$$\n", 'prime.md');
    expect(unknown!.verdict).toBe('unverified');
  });
  it('s^2 = … heading a display introduces s, as the nonnegative root', async () => {
    const [defined, use, wrong] = await steps('\\[ s^2 = \\frac{1}{n-1}\\sum_{i=1}^n (x_i-\\bar x)^2 \\]\n\\[ (n-1)s^2 = \\sum_{i=1}^n (x_i-\\bar x)^2 \\]\n\\[ (n-1)s^2 = \\sum_{i=1}^n x_i^2 \\]\n');
    expect(defined!.verdict).toBe('definition');
    expect(use!.verdict).toBe('proved');
    expect(wrong!.verdict).toBe('refuted');
  });
  it('1/τ_n² = … (a posterior precision) and 1/h = … introduce the fresh name from the reciprocal', async () => {
    // the right side was compared with an arbitrary τ_n and refuted
    const [precision, root, wrongRoot] = await steps('% assume: \\sigma > 0, \\tau > 0, n \\ge 1\n\\[ \\frac{1}{\\tau_n^2} = \\frac{1}{\\tau^2} + \\frac{n}{\\sigma^2} \\]\n\\[ \\tau_n = \\frac{\\tau\\sigma}{\\sqrt{\\sigma^2 + n\\tau^2}} \\]\n\\[ \\tau_n = \\frac{\\tau\\sigma}{\\sigma^2 + n\\tau^2} \\]\n');
    expect(precision!.verdict).toBe('definition');
    expect(['proved', 'confirmed']).toContain(root!.verdict);
    expect(wrongRoot!.verdict).toBe('refuted');
    const [harmonic, solved, wrong] = await steps('\\[ \\frac{1}{h} = \\frac{1}{a} + \\frac{1}{b} \\]\n\\[ h = \\frac{ab}{a+b} \\]\n\\[ h = a + b \\]\n');
    expect(harmonic!.verdict).toBe('definition');
    expect(solved!.verdict).toBe('proved');
    expect(wrong!.verdict).toBe('refuted');
    // a name the file has written before is not introduced: the reciprocal is a claim about it
    const [, reciprocal] = await steps('% assume: h > 0\n\\[ h \\ge 0 \\]\n\\[ \\frac{1}{h} = 2 \\]\n');
    expect(reciprocal!.verdict).toBe('refuted');
  });
  it('a function letter by convention that the file only writes as a value (L, G, F_t) is a number', async () => {
    const [right, wrong] = await steps('% assume: L > 0, \\eta > 0\n\\[ 1 - \\frac{L\\eta}{2} \\ge 1 - \\frac{L\\eta}{2} - \\eta \\]\n\\[ 1 - \\frac{L\\eta}{2} \\ge 1 \\]\n');
    expect(right!.verdict).toBe('confirmed');
    expect(wrong!.verdict).toBe('refuted');
    const [telescope] = await steps('\\[ \\sum_{t=0}^{T-1} (F_t - F_{t+1}) = F_0 - F_T \\]\n');
    expect(['proved', 'confirmed']).toContain(telescope!.verdict);
    // differentiated, it stays a function
    const [gradient] = await steps('\\[ \\nabla_\\theta L = 0 \\]\n');
    expect(gradient!.verdict).not.toBe('refuted');
  });
  it('an ε an order compares is a number of the analysis, not a noise', async () => {
    const [step] = await steps('% assume: \\varepsilon > 0, \\sigma \\ge \\varepsilon\n\\[ \\frac{\\sigma^2}{\\varepsilon^2} \\ge 2 \\]\n');
    expect(step!.verdict).toBe('refuted');
  });
  it('an interval with a symbolic end bounds the name by it (x ∈ (0, b], η ∈ (0, 1/β])', async () => {
    const [below, above] = await steps('% assume: x \\in [a, b]\n\\[ x \\le b \\]\n\\[ x \\ge b \\]\n');
    expect(below!.verdict).toBe('confirmed');
    expect(above!.verdict).toBe('refuted');
    const [step] = await steps('Let $\\eta \\in (0, 1/\\beta]$ and $\\beta > 0$.\n\\[ \\beta\\eta \\le 1 \\]\n');
    expect(step!.verdict).toBe('confirmed');
  });
  it('independence written X \\perp Y keeps X and Y from being drawn dependent', async () => {
    const [step] = await steps('Suppose $X \\perp Y$.\n\\[ \\operatorname{Var}(X+Y) = \\operatorname{Var}(X) + \\operatorname{Var}(Y) \\]\n');
    expect(step!.verdict).toBe('unverified');
  });
});

describe('prose around a display', () => {
  it('a "where" after \\end{align*} applies to the display above it', async () => {
    const [step] = await steps('\\begin{align*}\nc - y &= y\n\\end{align*}\nwhere $c = 2y$.\n');
    expect(step!.verdict).toBe('proved');
  });
  it('an undefined law conditioned at a point a Gaussian density takes (a posterior, p(μ|x)) is a density nothing defines', async () => {
    const [step] = await steps('Put a prior $\\mu\\sim\\mathcal N(0,1)$.\n% wrt: \\mu\n\\[ \\log p(\\mu\\mid x) = \\sum_{i=1}^n \\log\\mathcal N(x_i;\\mu,1) + \\log\\mathcal N(\\mu;0,1) + C \\]\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/density of a continuous \\mu/);
    // a law the file defines is no such density: a slip about it is refuted
    const [defined] = await steps('Let $p(x) = \\mathcal N(x; 0, 1)$.\n\\[ \\log p(x) = \\log \\mathcal N(x; 0, 2) \\]\n');
    expect(defined!.verdict).toBe('refuted');
  });
  it('"$P$ and $Q$ be probability distributions on $\\mathcal X$" leaves them arbitrary, as deriva draws them', async () => {
    const [step] = await steps('% context: ../contexts/homework3.tex#sec:kl-mle\n\\begin{align*}\nD_{KL}(P\\|Q) &= \\sum_x P(x)\\log\\frac{Q(x)}{P(x)}\n\\end{align*}\n', 'derivations/kl.tex');
    expect(step!.verdict).toBe('refuted');
    const [local] = await steps('Let $P$ and $Q$ be probability distributions on $\\mathcal X$.\n\\[ \\sum_x Q(x) \\log P(x) = \\sum_x P(x) \\log Q(x) \\]\n');
    expect(local!.verdict).toBe('refuted');
  });
});

describe('a condition the prose sets, and the display that solves it', () => {
  it('"Setting $\\partial E/\\partial a = 0$ (and solving for $a$) gives $$a = …$$" checks that the value solves it', async () => {
    const objective = 'Let $E(a) = \\sum_{i=1}^n (y_i - a)^2$.\n';
    const [right] = await steps(`${objective}Setting $\\frac{\\partial E}{\\partial a} = 0$ and solving for $a$ gives\n\\[ a = \\frac{1}{n}\\sum_{i=1}^n y_i \\]\n`);
    expect(right!.verdict).toBe('confirmed');
    const [wrong] = await steps(`${objective}Setting $\\frac{\\partial E}{\\partial a} = 0$ gives\n\\[ a = \\frac{1}{n+1}\\sum_{i=1}^n y_i \\]\n`);
    expect(wrong!.verdict).toBe('refuted');
    expect(wrong!.message).toMatch(/does not solve/);
    // a rearrangement of the condition holds where it does: no counterexample at values that break it
    const [rearranged] = await steps(`${objective}Setting $\\frac{\\partial E}{\\partial a} = 0$ gives\n\\[ \\sum_{i=1}^n y_i = na \\]\n`);
    expect(rearranged!.verdict).toBe('unverified');
  });
  it('"Solving $\\exp(-t^2/(2\\sigma^2)) = \\delta$ for $t$" makes t = … a solution, though t was used before', async () => {
    const [, solved] = await steps('% assume: \\sigma > 0, t > 0, 0 < \\delta < 1\n\\[ e^{-t}e^{t} = 1 \\]\nSolving $\\exp(-t^2/(2\\sigma^2)) = \\delta$ for $t$,\n\\[ t = \\sigma\\sqrt{2\\log(1/\\delta)} \\]\n');
    expect(solved!.verdict).toBe('proved');
  });
  it("a condition in words (\"setting the derivative to zero gives\") keeps the solution from being refuted as an identity", async () => {
    const [, solution] = await steps('\\[ \\frac{d\\ell}{d\\mu} = \\sum_{i=1}^n (x_i - \\mu) \\]\nSetting the derivative with respect to $\\mu$ to zero gives\n\\[ \\mu = \\frac{1}{n}\\sum_{i=1}^n x_i \\]\n');
    expect(solution!.verdict).toBe('unverified');
    expect(solution!.message).toMatch(/condition in words/);
  });
  it("J'(w) = 0 for a J the prose defines is the derivative's condition", async () => {
    const [step] = await steps("Let $J(w) = (y - wx)^2 + \\lambda w^2$. Setting $J'(w) = 0$:\n\n$$w = \\frac{xy}{x^2 + \\lambda}$$\n", 'ridge.md');
    expect(step!.verdict).toBe('confirmed');
    const [wrong] = await steps("Let $J(w) = (y - wx)^2 + \\lambda w^2$. Setting $J'(w) = 0$:\n\n$$w = \\frac{xy}{x^2 + 2\\lambda}$$\n", 'ridge.md');
    expect(wrong!.verdict).toBe('refuted');
  });
});

describe('readings an adversarial reader tried', () => {
  it('∂L/∂w of a name written alone, defined or not, is never 0 by algebra', async () => {
    const [, zero, twice] = await steps('\\[ L = (y - wx)^2 \\]\n\\[ \\frac{\\partial L}{\\partial w} = 0 \\]\n\\[ \\frac{\\partial L}{\\partial w} = 2\\,\\frac{\\partial L}{\\partial w} \\]\n');
    expect(zero!.verdict).not.toBe('proved');
    expect(twice!.verdict).not.toBe('proved');
    // nor by a rule whose side condition reads "w is not written in 2L"
    const [scaled] = await steps('Let $L$ be the loss of $w$.\n$$\\frac{\\partial (2L)}{\\partial w} = 0$$\n', 'scaled.md');
    expect(scaled!.verdict).not.toBe('proved');
    expect(scaled!.verdict).not.toBe('confirmed');
    const [bare] = await steps('\\[ \\nabla_\\theta J = 2\\nabla_\\theta J \\]\n');
    expect(bare!.verdict).not.toBe('proved');
    expect(bare!.verdict).not.toBe('confirmed');
  });
  it("a primed name the prose defines itself (\"the perturbed map $g'(x) = x^2 + \\delta$\") is that function, not a derivative", async () => {
    const [, step] = await steps("Let $\\delta > 0$.\n\\[ g(x) = x^2 \\]\nConsider the perturbed map $g'(x) = x^2 + \\delta$. Then\n\\[ g'(x) - g(x) = \\delta \\]\n");
    expect(step!.verdict).toBe('proved');
  });
  it('every row of a display under a condition the prose sets holds where it does: none is refuted on values that break it', async () => {
    const [first, second] = await steps("Let $L(w) = (w - 3)^2 + 1$.\nSetting $L'(w) = 0$:\n\\begin{align*}\nL'(w) &= 2(w - 3) \\\\\n&= 0\n\\end{align*}\n");
    expect(first!.verdict).toBe('proved');
    expect(second!.verdict).toBe('unverified');
    // a row that shares no name with the condition is refuted as any step is
    const [, numbers] = await steps('Let $E(a) = (a-1)^2$. Setting $\\frac{dE}{da}=0$ gives $$a = 2 = 3$$\n', 'numbers.md');
    expect(numbers!.verdict).toBe('refuted');
  });
  it('an expectation heading a display inside the model is a claim, never a definition', async () => {
    const [step] = await steps('% context: ../contexts/homework3.tex#sec:diffusion\n\\[ \\mathbb E[\\mathbf x_t \\mid \\mathbf x_0] = \\bar\\alpha_t\\,\\mathbf x_0 \\]\n', 'derivations/mean.tex');
    expect(step!.verdict).not.toBe('definition');
    expect(step!.verdict).not.toBe('proved');
    expect(step!.verdict).not.toBe('confirmed');
  });
  it('z^2 = … for a fresh z leaves its sign open: neither the square nor the signed z after it is refuted', async () => {
    const [square, signed] = await steps('\\[ z^2 = \\frac{n(\\bar x - \\mu)^2}{\\sigma^2} \\]\n\\[ z = \\frac{\\sqrt n(\\bar x - \\mu)}{\\sigma} \\]\n');
    expect(square!.verdict).toBe('unverified');
    expect(signed!.verdict).toBe('unverified');
  });
  it('"so $\\eta = \\ln(1-p) < 0$" defines η; its sign remark follows', async () => {
    const [step] = await steps('Let $0 < p < 1$, so $\\eta = \\ln(1-p) < 0$.\n\n$$\\frac{e^\\eta}{1-e^\\eta} = \\frac{1-p}{p}$$\n', 'eta.md');
    expect(step!.verdict).toBe('confirmed');
  });
  it('a list of Unicode Greek names shares its relation (Let $α, β > 0$)', async () => {
    const [step] = await steps('Let $α, β > 0$.\n\n$$|α| = α$$\n', 'greek.md');
    expect(step!.verdict).toBe('confirmed');
  });
  it('"Hence $\\mathbf z = A^{-1}b$" defines the bold name as it does a plain one', async () => {
    const [step] = await steps('% assume: A \\in \\mathbb R^{d\\times d}, b \\in \\mathbb R^d\nHence $\\mathbf z = A^{-1}b$.\n\\[ b^\\top \\mathbf z = b^\\top A^{-1}b \\]\n');
    expect(step!.verdict).toBe('proved');
  });
});

describe('more readings from new writing', () => {
  it('a fresh scripted name beside its bare letter (\\tau_n beside \\tau) is introduced, not a member claimed equal', async () => {
    const [step] = await steps('Let $\\sigma, \\tau > 0$.\n\n$$\\tau_n = \\frac{1}{\\sigma^{-2} + \\tau^{-2}}$$\n', 'posterior.md');
    expect(step!.verdict).toBe('definition');
    // a recurrence still is a claim: x_t written from x_{t-1}
    const [recurrence] = await steps('\\[ x_t = 2 x_{t-1} \\]\n');
    expect(recurrence!.verdict).not.toBe('definition');
  });
  it('a factor after a product\'s terms that does not use its index is refused: θ or θ^n?', async () => {
    const report = await checkSource('prior.md', 'Let $0 < \\theta < 1$.\n\n$$\\prod_{i=1}^n \\theta^{x_i} \\cdot \\theta = \\theta^{1 + \\sum_{i=1}^n x_i}$$\n', options);
    const [step] = report.derivations.flatMap((d) => d.steps);
    expect(step!.verdict).toBe('error');
    expect(step!.message).toMatch(/reads two ways/);
    // a factor before the terms, or one in parentheses, reads one way
    const [before] = await steps('Let $0 < \\theta < 1$.\n\n$$\\theta \\prod_{i=1}^n \\theta^{x_i} = \\theta^{1 + \\sum_{i=1}^n x_i}$$\n', 'prior.md');
    expect(before!.verdict).toBe('confirmed');
    // inside one fraction every factor is the term's: the Poisson likelihood is read, and checked
    const [poisson, slip] = await steps('% assume: \\lambda > 0\n\\[ \\prod_{i=1}^3 \\frac{\\lambda^{x_i} e^{-\\lambda}}{x_i} = \\frac{\\lambda^{x_1+x_2+x_3} e^{-3\\lambda}}{x_1x_2x_3} \\]\n\\[ \\prod_{i=1}^3 \\frac{\\lambda^{x_i} e^{-\\lambda}}{x_i} = \\frac{\\lambda^{x_1+x_2+x_3} e^{-\\lambda}}{x_1x_2x_3} \\]\n');
    expect(['proved', 'confirmed']).toContain(poisson!.verdict);
    expect(slip!.verdict).toBe('refuted');
  });
  it('a matrix stated symmetric is drawn symmetric, however it is said', async () => {
    for (const said of ['% assume: A \\in \\mathbb R^{d\\times d}, x \\in \\mathbb R^d, A = A^\\top\n', '% assume: A \\in \\mathbb S^d, x \\in \\mathbb R^d\n', 'Let $A \\in \\mathbb R^{d\\times d}$ be symmetric and $x \\in \\mathbb R^d$.\n']) {
      const [right, wrong] = await steps(`${said}\\[ (A + A^\\top)x = 2Ax \\]\n\\[ (A + A^\\top)x = 3Ax \\]\n`);
      expect(right!.verdict, said).toBe('confirmed');
      expect(wrong!.verdict, said).toBe('refuted');
    }
    // not stated: A^T ≠ A
    const [plain] = await steps('% assume: A \\in \\mathbb R^{d\\times d}, x \\in \\mathbb R^d\n\\[ (A + A^\\top)x = 2Ax \\]\n');
    expect(plain!.verdict).toBe('refuted');
  });
  it("x'μ for declared vectors is a transpose, as statisticians write it", async () => {
    const [right, wrong] = await steps("% assume: x \\in \\mathbb R^d, \\mu \\in \\mathbb R^d\n\\[ x'\\mu = \\mu'x \\]\n\\[ x'\\mu = 2\\mu'x \\]\n");
    expect(right!.verdict).toBe('confirmed');
    expect(wrong!.verdict).toBe('refuted');
  });
});

describe('factorials', () => {
  it('n! is read and sampled over whole numbers; a fraction\'s factorial is undecided, never refuted', async () => {
    const [right, wrong, ratio, fraction] = await steps('% assume: n \\in \\mathbb N\n\\[ (n+1)! = (n+1)\\, n! \\]\n\\[ (n+1)! = n \\cdot n! \\]\n\\[ \\frac{n!}{(n-1)!} = n \\]\n\\[ x! = x\\,(x-1)! \\]\n');
    expect(right!.verdict).toBe('confirmed');
    expect(wrong!.verdict).toBe('refuted');
    expect(ratio!.verdict).toBe('confirmed');
    expect(fraction!.verdict).toBe('unverified');
  });
});

describe('a second adversarial pass', () => {
  it('π applied to names and never written alone is a function, not 3.14… times its argument', async () => {
    const [step] = await steps('Let $\\pi$ be a policy.\n\\begin{align*}\n2\\pi(a) &= \\pi(2a)\n\\end{align*}\n');
    expect(step!.verdict).not.toBe('proved');
    expect(step!.verdict).not.toBe('confirmed');
    const [gaussian] = await steps('% assume: \\sigma > 0\n\\[ \\frac{1}{\\sqrt{2\\pi}\\sigma} = \\frac{1}{\\sigma\\sqrt{2\\pi}} \\]\n');
    expect(gaussian!.verdict).toBe('proved');
  });
  it('"Solving $x^2 = 4$ for $x$" makes x = 3 a claimed solution (refuted), never a definition', async () => {
    const [step] = await steps('Solving $x^2 = 4$ for $x$ gives\n\\begin{align*}\nx &= 3\n\\end{align*}\n');
    expect(step!.verdict).toBe('refuted');
  });
  it('under a condition, a value the display gives for another name is no definition', async () => {
    const [, other] = await steps('Let $E(a, b) = (a - 1)^2 + (b - 2)^2$. Setting $\\frac{\\partial E}{\\partial a} = 0$ gives\n\\begin{align*}\na &= 1 \\\\\nb &= 5\n\\end{align*}\n');
    expect(other!.verdict).toBe('unverified');
  });
  it("an iterate w' given in prose is that vector, not w transposed", async () => {
    const [step] = await steps("Let $w, g \\in \\mathbb R^d$. Then $w' = w - g$ and\n\\begin{align*}\n\\|w'\\|^2 &= \\|w\\|^2 - 2 w^\\top g + \\|g\\|^2\n\\end{align*}\n");
    expect(step!.verdict).not.toBe('refuted');
  });
});

describe('a skew-symmetric matrix', () => {
  it('is drawn skew-symmetric however it is said: x^T A x = 0 holds, A^T = A would be refuted', async () => {
    for (const said of ['% assume: A \\in \\mathbb R^{d\\times d}, x \\in \\mathbb R^d, A^\\top = -A\n', 'Let $A \\in \\mathbb R^{d\\times d}$ be skew-symmetric and $x \\in \\mathbb R^d$.\n']) {
      const [zero, one] = await steps(`${said}\\[ x^\\top A x = 0 \\]\n\\[ x^\\top A x = 1 \\]\n`);
      expect(zero!.verdict, said).toBe('confirmed');
      expect(one!.verdict, said).toBe('refuted');
    }
  });
});

describe('readings from a third round of new writing', () => {
  it('two equations set apart by \\qquad are two statements, not one product', async () => {
    const found = await steps('$$a + a = 2a \\qquad b + b = 2b$$\n\n$$a + a = 2a \\quad\\text{and}\\quad b + b = 3b$$\n', 'two.md');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'proved', 'proved', 'refuted']);
  });
  it('a remark set off by spacing (\\qquad \\text{since } y = a) is the row\'s justification, not a step', async () => {
    const found = await steps('% assume: a > 0, b > 0\n\\begin{align*}\nx &= a b + a \\qquad \\text{since } y = a \\\\\n&= a(b + 1)\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['definition', 'proved']);
    const remark = await steps('\\begin{align*}\nx &= a + a \\qquad \\text{Common mistake: } x = a. \\\\\n&= 2a\n\\end{align*}\n');
    expect(remark.map((s) => s.verdict)).toEqual(['definition', 'proved']);
    // a result is a claim, not a remark: "\qquad \text{hence } x = 3a" is checked
    const [hence] = await steps('\\begin{align*}\nx &= a + a \\qquad \\text{hence } x = 3a\n\\end{align*}\n');
    expect(hence!.verdict).toBe('refuted');
    // a clause keeps its meaning: "for" still limits the row
    const [clause] = await steps('\\begin{align*}\n\\sum_{i=1}^n 1 &= n \\quad \\text{for } n \\ge 1\n\\end{align*}\n');
    expect(['proved', 'confirmed']).toContain(clause!.verdict);
  });
  it('a posterior mean stated against a value is about a law nothing fixes: held back, unless the variables are any', async () => {
    const [posterior] = await steps('The posterior is $\\mathrm{Beta}(\\alpha + s, \\beta + n - s)$, so\n\n$$\\mathbb E[\\theta \\mid s] = \\frac{\\alpha + s}{\\alpha + \\beta + n}$$\n', 'beta.md');
    expect(posterior!.verdict).toBe('unverified');
    // "Let $X$ and $Y$ be random variables": any law, of both; the false claim is refuted
    const [any] = await steps('Let $X$ and $Y$ be random variables.\n\n$$\\mathbb E[X \\mid Y] = 2Y + c$$\n', 'any.md');
    expect(any!.verdict).toBe('refuted');
    // both sides drawing: the law of total variance with a minus is still refuted
    const [total] = await steps('$$\\operatorname{Var}(X) = \\mathbb E[\\operatorname{Var}(X \\mid Y)] - \\operatorname{Var}(\\mathbb E[X \\mid Y])$$\n', 'tv.md');
    expect(total!.verdict).toBe('refuted');
  });
  it('a law\'s value at its random variables against a number or a formula is held back (H(X) under a stated law, P(R | A)P(A))', async () => {
    const [entropy] = await steps('Let $X\\sim\\mathrm{Bernoulli}(p)$.\n% assume: 0 < p < 1\n\\[ H(X) = -p\\log p-(1-p)\\log(1-p) \\]\n');
    expect(entropy!.verdict).toBe('unverified');
    const [bayes] = await steps('$P(R\\mid A) = 3/5$, $P(A)=1/2$, $P(R) = 2/5$.\n\n$$\\frac{P(R\\mid A)\\,P(A)}{P(R)} = \\frac{\\frac35\\cdot\\frac12}{\\frac25}$$\n', 'urn.md');
    expect(bayes!.verdict).toBe('unverified');
    // an identity over any law is still checked: Bayes' rule with the wrong conditional is refuted
    const [rule] = await steps('$$P(R\\mid A) = \\frac{P(A \\mid R)P(A)}{P(R)}$$\n', 'rule.md');
    expect(rule!.verdict).toBe('refuted');
  });
  it('variables said to form a Markov chain are not drawn arbitrary: data processing is not refuted', async () => {
    const [step] = await steps('Let $X\\to Y\\to Z$ be a Markov chain.\n\\[ H(X\\mid Z) \\ge H(X\\mid Y) \\]\n');
    expect(step!.verdict).toBe('unverified');
    const [plain] = await steps('\\[ H(X\\mid Z) \\ge H(X\\mid Y) \\]\n');
    expect(plain!.verdict).toBe('refuted');
  });
  it('laws are also drawn over many outcomes: H(X) ≤ ln 4 and H(X | Y) ≤ ln 3 are refuted for any X and Y', async () => {
    const found = await steps('Let $X$ and $Y$ be random variables.\n\\[ H(X) \\le \\log 4 \\]\n\\[ H(X\\mid Y) \\le \\log 3 \\]\n\\[ H(X \\mid Y) \\le H(X) \\]\n');
    expect(found.map((s) => s.verdict)).toEqual(['refuted', 'refuted', 'confirmed']);
  });
});

describe('notation met in the third round', () => {
  it('second and third derivatives, mixed partials and ∂/∂σ² are read and checked', async () => {
    const found = await steps('% assume: \\theta > 0, \\theta < 1\n\\[ \\frac{d^2}{d\\theta^2} \\left( x\\log\\theta + (n-x)\\log(1-\\theta) \\right) = -\\frac{x}{\\theta^2} - \\frac{n-x}{(1-\\theta)^2} \\]\n\\[ \\frac{d^2}{d\\theta^2} \\left( x\\log\\theta + (n-x)\\log(1-\\theta) \\right) = -\\frac{x}{\\theta^2} + \\frac{n-x}{(1-\\theta)^2} \\]\n\\[ \\frac{\\partial^2}{\\partial x \\partial y} (x^2 y^3) = 6 x y^2 \\]\n\\[ \\frac{\\partial^{2} (x^2 y^3)}{\\partial x^{2}} = 2y^2 \\]\n\\[ \\frac{d^3}{dx^3} x^4 = 24x \\]\n\\[ \\frac{\\partial}{\\partial \\sigma^2} \\left(\\frac{a}{\\sigma^2}\\right) = -\\frac{a}{\\sigma^2} \\]\n');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'refuted', 'proved', 'refuted', 'proved', 'refuted']);
    const [mismatch] = await steps('\\[ \\frac{\\partial^2 f}{\\partial x} = 0 \\]\n');
    expect(mismatch!.verdict).toBe('error');
  });
  it('a Gaussian density written with Bishop\'s bar, and \\exp\\{…\\} with braces, are read', async () => {
    const found = await steps('% assume: s > 0\n\\[ \\mathcal N(x \\mid \\mu, s^2) = \\frac{1}{\\sqrt{2\\pi} s} \\exp\\left\\{-\\frac{(x-\\mu)^2}{2s^2}\\right\\} \\]\n\\[ \\mathcal N(x | \\mu, s^2) = \\frac{1}{\\sqrt{2\\pi} s} \\exp\\{-\\frac{(x-\\mu)^2}{s^2}\\} \\]\n');
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'refuted']);
  });
  it('\\boxed{…} keeps what it holds, a relation too', async () => {
    const found = await steps('\\begin{align*}\nx + x &= \\boxed{2x} \\\\\n&= \\boxed{3x}\n\\end{align*}\n\\[ \\boxed{y + y = 2y} \\]\n');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'refuted', 'proved']);
  });
  it('a Markdown $$ block holding a whole \\begin{align} (MathJax style) is read row by row', async () => {
    const found = await steps('$$\\begin{align}\n(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n&= a^2 + b^2\n\\end{align}$$\n', 'answer.md');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'refuted']);
  });
  it('a square the context defines (σ_q² in the diffusion model) is a claim about it, not a new name', async () => {
    const context = '% context: ../contexts/homework3.tex#sec:diffusion\n% assume: t \\geq 2\n';
    const [wrong] = await steps(`${context}\\begin{align*}\n\\sigma_q^2 &= \\frac{\\beta_t(1-\\bar\\alpha_t)}{1-\\bar\\alpha_{t-1}}\n\\end{align*}\n`, 'derivations/sq.tex');
    expect(wrong!.verdict).toBe('refuted');
    const [right] = await steps(`${context}\\begin{align*}\n\\sigma_q^2 &= \\frac{\\beta_t(1-\\bar\\alpha_{t-1})}{1-\\bar\\alpha_t}\n\\end{align*}\n`, 'derivations/sq.tex');
    expect(['proved', 'confirmed']).toContain(right!.verdict);
  });
  it('a chain of orders (0 < μ ≤ L) writes L as a value: L is a number, and the chain holds', async () => {
    // read as text, the chain failed to parse: L stayed a function and its hypotheses were dropped
    const [step, wrong] = await steps('Let $0 < \\mu \\le L$ and $0 < \\eta \\le 1/L$.\n\\[ 1 - \\eta\\mu \\ge 0 \\]\n\\[ \\eta L \\le 1 \\]\n\\[ \\eta L \\ge 2 \\]\n');
    expect(step!.verdict).not.toBe('refuted');
    expect(wrong!.verdict).not.toBe('refuted');
  });
  it('a hypothesis tying the step\'s names to one deriva cannot draw (h, applied elsewhere) keeps a counterexample back', async () => {
    const [step] = await steps('% assume: \\mu > 0, \\mu \\le h, \\eta > 0, \\eta h \\le 1\n\\[ (1 - \\eta \\mu)^2 x^2 \\le (1 - \\eta\\mu)\\, x^2 \\]\n\\[ h(x) = x^2 \\]\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/hypothesis .* speaks of h/);
  });
  it('"the responsibilities satisfy $\\sum_j w_{ij} = 1$" states a hypothesis: a step resting on it is not refuted', async () => {
    const [step] = await steps('The responsibilities satisfy $\\sum_{j=1}^k w_{ij} = 1$.\n\\begin{align*}\n\\sum_{i=1}^n \\sum_{j=1}^k w_{ij} &= \\sum_{i=1}^n 1\n\\end{align*}\n');
    expect(step!.verdict).toBe('unverified');
  });
});

describe('an adversarial pass over the third round', () => {
  it('a hypothesis denied or supposed for the argument ("does not satisfy", "were to") is none', async () => {
    const [denied] = await steps('Suppose $x$ does not satisfy $x > 1$.\n\\begin{align*}\n\\sqrt{(x-1)^2} &= x - 1\n\\end{align*}\n');
    expect(['proved', 'confirmed']).not.toContain(denied!.verdict);
    const [supposed] = await steps('If $t$ were to satisfy $t > 5$, we would get a contradiction.\n\\begin{align*}\n\\sqrt{(t-5)^2} &= t - 5\n\\end{align*}\n');
    expect(['proved', 'confirmed']).not.toContain(supposed!.verdict);
  });
  it('a hypothesis stated below a display does not reach it', async () => {
    const [above, below] = await steps('\\[ |x - 1| = x - 1 \\]\nFor $x > 3$:\n\\[ |x-3| = x-3 \\]\n');
    expect(above!.verdict).toBe('refuted');
    expect(below!.verdict).toBe('confirmed');
  });
  it('random variables listed and tied at once ("with $Y = 2X$") are not any law', async () => {
    for (const tie of ['with $Y = 2X$', 'where $Y = 2X$']) {
      const [step] = await steps(`Let $X$ and $Y$ be random variables, ${tie}.\n\\begin{align*}\n\\operatorname{Var}(Y) &= 4\\operatorname{Var}(X)\n\\end{align*}\n`);
      expect(step!.verdict, tie).not.toBe('refuted');
    }
  });
  it('a Markov chain written X - Y - Z or with \\leftrightarrow describes its variables too', async () => {
    const [dash] = await steps('Let $X, Y, Z$ be random variables with $X - Y - Z$ a Markov chain.\n\\begin{align*}\nH(X \\mid Y) &= H(X \\mid Y, Z)\n\\end{align*}\n');
    expect(dash!.verdict).toBe('unverified');
    const [arrows] = await steps('Assume $X \\leftrightarrow Y \\leftrightarrow Z$.\n\\begin{align*}\nH(Z \\mid Y) &= H(Z \\mid X, Y)\n\\end{align*}\n');
    expect(arrows!.verdict).toBe('unverified');
  });
  it('no split at \\quad\\text{or}\\quad nor at an arrow deriva does not read, and the next row continues the first statement', async () => {
    const alternatives = await steps('The roots of $y^2 = 4$ are\n\\[ y = 2 \\quad\\text{or}\\quad y = -2. \\]\n');
    for (const s of alternatives) expect(s.verdict).not.toBe('refuted');
    const converse = await steps('\\begin{align*}\nx^2 - 1 &= 0 \\quad\\Leftarrow\\quad x = 1\n\\end{align*}\n');
    for (const s of converse) expect(s.verdict).not.toBe('refuted');
    const aligned = await steps('\\begin{align*}\n(a+1)^2 &= a^2 + 2a + 1 \\qquad (a-1)^2 = a^2 - 2a + 1 \\\\\n&= a(a+2) + 1\n\\end{align*}\n');
    expect(aligned.map((s) => s.verdict)).toEqual(['proved', 'proved', 'proved']);
  });
  it('a text leading into a result is no remark: the claim after it is reported, never skipped', async () => {
    const found = await steps('\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2 \\qquad \\text{In particular } (a-b)^2 = a^2 + b^2\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toContain('error');
    // after a reason, a statement set off by more spacing is a statement of its own
    const after = await steps('\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2 \\qquad \\text{by expanding} \\qquad (a-b)^2 = a^2 + b^2\n\\end{align*}\n');
    expect(after.map((s) => s.verdict)).toEqual(['proved', 'refuted']);
  });
  it('a premise in the justification (\\text{since } ab = 0) keeps a counterexample that breaks it back', async () => {
    const [step] = await steps('\\begin{align*}\n(a+b)^2 &= a^2 + b^2 \\qquad \\text{since } ab = 0\n\\end{align*}\n');
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toMatch(/justification states/);
  });
  it('a function stated nonnegative (f ≥ 0) is drawn so; an order between two functions (f ≤ g) is held back', async () => {
    const [root] = await steps('Let $f \\ge 0$.\n\\begin{align*}\n\\sqrt{f(x)^2} &= f(x)\n\\end{align*}\n');
    expect(root!.verdict).toBe('confirmed');
    const [wrong] = await steps('Let $f > 0$.\n\\[ f(x) + 1 \\le 1 \\]\n');
    expect(wrong!.verdict).toBe('refuted');
    const [between] = await steps('% assume: f \\le g\n\\begin{align*}\nf(x) &\\le g(x)\n\\end{align*}\n');
    expect(between!.verdict).toBe('unverified');
  });
  it('a count letter bounded where no whole number lies (m ∈ (0, 1)) is a real', async () => {
    const [momentum] = await steps('Let the momentum be $m \\in (0,1)$.\n\\[ m^t - m^{t+1} = 0 \\]\n');
    expect(momentum!.verdict).toBe('refuted');
    const [ratio] = await steps('% assume: 0 < r < 1\n\\[ r^2 < r \\]\n');
    expect(ratio!.verdict).toBe('confirmed');
  });
  it('the kernel differentiates only with respect to a variable, and never unfolds that variable\'s definition in the body', async () => {
    // 1/a = ∂/∂2 log 2, then a := 2 read backwards, made 1/a = 0 a replayed proof
    const [, step] = await steps('\\[ a := 2 \\]\n\\begin{align*}\n\\frac{1}{a} &= 0\n\\end{align*}\n');
    expect(step!.verdict).toBe('refuted');
    // a definition of a function of the variable holds at every value: it still unfolds inside the derivative
    const [, derivative] = await steps('\\[ g(x) := x^3 \\]\n\\begin{align*}\n\\frac{d}{dx} g(x) &= 3x^2\n\\end{align*}\n');
    expect(derivative!.verdict).toBe('proved');
  });
  it('a definition (:=) of something that is not a name is an error, not a claim taken on trust', async () => {
    const [definition, step] = await steps('% assume: a > 0, b > 0\n\\begin{align*} \\log(a+b) &:= \\log a + \\log b \\end{align*}\n\\begin{align*} \\log(a+b) + 1 &= \\log a + \\log b + 1 \\end{align*}\n');
    expect(definition!.verdict).toBe('error');
    expect(step!.verdict).toBe('refuted');
  });
  it('σ_q written plain, whose square the context defines, is a claim about its root', async () => {
    const context = '% context: ../contexts/homework3.tex#sec:diffusion\n% assume: t \\geq 2\n';
    const [negative] = await steps(`${context}\\begin{align*}\n\\sigma_q &= -\\sqrt{\\frac{\\beta_t (1 - \\bar\\alpha_{t-1})}{1 - \\bar\\alpha_t}}\n\\end{align*}\n`, 'derivations/sq.tex');
    expect(negative!.verdict).toBe('refuted');
  });
});

describe('a student\'s implication chains', () => {
  it('an estimate\'s accent names the solution: 2μ = 6 ⇒ \\hat\\mu = 3 solves for μ', async () => {
    const [right] = await steps('\\[ 2\\mu = 6 \\Rightarrow \\hat\\mu = 3 \\]\n');
    expect(right!.verdict).toBe('proved');
    const [wrong] = await steps('\\[ 2\\mu = 6 \\Rightarrow \\hat\\mu = 4 \\]\n');
    expect(wrong!.verdict).toBe('refuted');
    const [tilde] = await steps('\\[ n\\mu = s \\implies \\tilde\\mu = \\frac{s}{n} \\]\n');
    expect(tilde!.verdict).toBe('proved');
  });
  it('a derivative\'s chain ending in = 0 sets a condition; "subject to" states a constraint, not an identity', async () => {
    const [, expanded, condition] = await steps('\\[ \\mathcal L(x,y,\\lambda) = xy - \\lambda(x + 2y - 8) \\]\n\\[ \\frac{\\partial\\mathcal L}{\\partial x} = y - \\lambda = 0 \\]\n');
    expect(['proved', 'confirmed']).toContain(expanded!.verdict);
    expect(condition!.verdict).toBe('unverified');
    const [constrained] = await steps('Minimise $x^2 + y^2$ subject to $x + y = 4$.\n\n$$\\frac{(x+y)^2}{2} = \\frac{16}{2}$$\n', 'min.md');
    expect(constrained!.verdict).not.toBe('refuted');
  });
});

describe('a second adversarial pass', () => {
  it('the kernel never rewrites a derivative\'s variable: d/da ∫_0^a … with a := 2 is not proved 0', async () => {
    const [, step] = await steps('\\[ a := 2 \\]\n\\begin{align*}\n\\frac{d}{da} \\int_0^a e^{-t^2}\\,dt &= 0\n\\end{align*}\n');
    expect(['proved', 'confirmed']).not.toContain(step!.verdict);
    const [, square] = await steps('\\[ a := 2 \\]\n\\begin{align*}\n\\frac{d}{da} a^2 &= 0\n\\end{align*}\n');
    expect(square!.verdict).toBe('refuted');
  });
  it('a count letter in a short numeric interval (0 < r ≤ 1, n ∈ (1/2, 3/2), r ∈ [1/2, 1]) is a real', async () => {
    for (const [hyp, claim] of [['Let $0 < r \\le 1$.', 'r^2 &= r'], ['Let $n \\in (1/2, 3/2)$.', 'n^2 &= n'], ['Let $r \\in [1/2, 1]$.', '2r &= 2']]) {
      const [step] = await steps(`${hyp}\n\\begin{align*}\n${claim}\n\\end{align*}\n`);
      expect(step!.verdict, hyp).toBe('refuted');
    }
  });
  it('"Without assuming $x > 0$", "Don’t assume $x > 0$": no hypothesis', async () => {
    for (const lead of ['Without assuming $x > 0$, we compute:', 'Don’t assume $x > 0$.']) {
      const [step] = await steps(`${lead}\n\\begin{align*}\n\\sqrt{x^2} &= x\n\\end{align*}\n`);
      expect(['proved', 'confirmed'], lead).not.toContain(step!.verdict);
    }
  });
  it('an order on names set beside a row (\\qquad x \\ge 1) is the row\'s condition, not a statement', async () => {
    const found = await steps('\\begin{align*}\n\\sqrt{(x-1)^2} &= x - 1 \\qquad x \\ge 1\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['confirmed']);
    expect(found[0]!.message).toMatch(/under the row's premise x \\ge 1/);
  });
  it('a statement after a reason and a comma is a statement of its own, reported', async () => {
    const found = await steps('\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2 \\qquad \\text{(typo fixed)}\\; (a-b)^2 = a^2 + b^2\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'refuted']);
  });
  it('a Gaussian expectation whose integrand does not fall off (e^{z²/2 - 50}: infinite) is not confirmed', async () => {
    const [step] = await steps('\\begin{align*}\n\\mathbb E_{z\\sim\\mathcal N(0,1)}[1 + e^{z^2/2 - 50}] &= 1\n\\end{align*}\n');
    expect(['proved', 'confirmed']).not.toContain(step!.verdict);
  });
});

describe('conditions written beside a row or after a display', () => {
  it('a row is checked under its premise, in any of the usual spellings; a world the sampler draws keeps it', async () => {
    for (const row of [
      '\\log(xy) &= \\log x + \\log y \\qquad x, y > 0',
      '\\sqrt{x^2} &= x \\qquad (x \\geqslant 0)',
      '\\sqrt{x^2} &= x \\quad \\text{(since } x \\ge 0\\text{)}',
      '\\sqrt{x^2 y^2} &= xy \\quad \\text{since } x, y > 0',
      '\\sqrt{x^2} &= x \\quad \\because x \\geq 0',
    ]) {
      const found = await steps(`\\begin{align*}\n${row}\n\\end{align*}\n`);
      expect(found.map((s) => s.verdict), row).toEqual([expect.stringMatching(/^(proved|confirmed)$/)]);
      expect(found[0]!.hypotheses.join(), row).toMatch(/x/);
      expect(found[0]!.citations, row).toEqual([]);
    }
    // a step false under its premise is refuted there, at a value that keeps it
    const [wrong] = await steps('\\begin{align*}\n\\sqrt{x^2} &= -x \\qquad (x \\ge 0)\n\\end{align*}\n');
    expect(wrong!.verdict).toBe('refuted');
    expect(wrong!.counterexample!.assignment['x']).toBeGreaterThan(0);
    const [sum] = await steps('\\begin{align*}\n(a+b)^2 &= a^2 + b^2 \\quad \\text{since } a, b > 0\n\\end{align*}\n');
    expect(sum!.verdict).toBe('refuted');
    // a premise that is an equation, or words, is only held: no hypothesis is read from it
    const [equation] = await steps('\\begin{align*}\n(a+b)^2 &= a^2 + b^2 \\qquad \\text{since } ab = 0\n\\end{align*}\n');
    expect(equation!.verdict).toBe('unverified');
  });

  it('a condition written right after a display is said of it ("for all $x \\ge 1$.", "valid whenever …")', async () => {
    for (const after of ['for all $x \\ge 1$.', 'is valid whenever $x \\ge 1$.', 'which holds if $x \\ge 1$.', 'provided $x \\ge 1$.']) {
      const [step] = await steps(`The identity\n\\[ |x - 1| = x - 1 \\]\n${after}\n`);
      expect(step!.verdict, after).toBe('confirmed');
    }
    // a false step under it is still refuted
    const [wrong] = await steps('\\[ (x - 1)^2 = x^2 - 1 \\]\nfor all $x \\ge 1$.\n');
    expect(wrong!.verdict).toBe('refuted');
    // "unless", "does not hold for": the display is not claimed there, and no hypothesis is read either
    for (const after of ['unless $x < 1$.', 'which does not hold for $x < 1$.']) {
      const [step] = await steps(`\\[ |x - 1| = x - 1 \\]\n${after}\n`);
      expect(step!.verdict, after).toBe('unverified');
    }
  });
});

describe('a name made arbitrary again', () => {
  it('"Now let $x$ be an arbitrary real number", "for every real $x$": a hypothesis stated before on x no longer holds', async () => {
    for (const reset of ['Now let $x$ be an arbitrary real number. Then', 'For every real $x$ we have', 'For arbitrary $x \\in \\mathbb{R}$,']) {
      const [before, after] = await steps(`Let $x > 0$.\n\\[ \\sqrt{x^2} = x \\]\n${reset}\n\\[ \\sqrt{x^2} = x \\]\n`);
      expect(before!.verdict, reset).toBe('confirmed');
      expect(after!.verdict, reset).toBe('refuted');
      expect(after!.hypotheses, reset).toEqual([]);
    }
    // a % assume: line too; and a hypothesis on another name stays
    const [, , wrong, other] = await steps('% assume: x > 0, y > 0\n\\[ \\sqrt{x^2} = x \\]\nFor every real $x$,\n\\[ \\sqrt{x^2} = |x| \\]\n\\[ \\sqrt{x^2} = x \\]\n\\[ \\sqrt{y^2} = y \\]\n');
    expect(wrong!.verdict).toBe('refuted');
    expect(other!.verdict).toBe('confirmed');
  });
});

describe('a display after "We solve for $x$"', () => {
  it('its rows are the equation and its rearrangements, not identities: none is refuted', async () => {
    const found = await steps('We solve for $x$:\n\\begin{align*}\n2x + 3 &= 7 \\\\\n2x &= 4 \\\\\nx &= 2\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['unverified', 'unverified', 'unverified']);
    expect(found[0]!.message).toMatch(/solve for/);
  });
});

describe('what a hypothesis says of functions', () => {
  it('a function stated nonnegative may be zero: f ≥ 0 does not give f(x) > 0 (it was confirmed)', async () => {
    const [strict] = await steps('Let $f \\ge 0$.\n\\[ f(x) > 0 \\]\n');
    expect(strict!.verdict).toBe('refuted');
    const [root, sum] = await steps('Let $f \\ge 0$.\n\\[ \\sqrt{f(x)^2} = f(x) \\]\n\\[ f(x) + f(y) \\ge 0 \\]\n');
    expect([root!.verdict, sum!.verdict]).toEqual(['confirmed', 'confirmed']);
    const [positive] = await steps('Let $f > 0$.\n\\[ f(x) > 0 \\]\n');
    expect(positive!.verdict).toBe('confirmed');
  });
  it('an order between applications (f(x) ≤ g(x), 0 < f(x) < 1) holds in each world at the point it draws', async () => {
    const [order] = await steps('Suppose $f(x) \\le g(x)$ for all $x$.\n\\begin{align*}\nf(x) - g(x) &\\le 0\n\\end{align*}\n');
    expect(order!.verdict).toBe('confirmed');
    const [unit] = await steps('Let $0 < f(x) < 1$.\n\\[ \\log f(x) < 0 \\]\n');
    expect(unit!.verdict).toBe('confirmed');
    // a step false under them is still refuted
    const [wrong] = await steps('Let $0 < f(x) < 1$.\n\\[ \\log f(x) < -1 \\]\n');
    expect(wrong!.verdict).toBe('refuted');
    const [other] = await steps('Suppose $f(x) \\le g(x)$ for all $x$.\n\\begin{align*}\nf(x) &\\le g(y)\n\\end{align*}\n');
    expect(other!.verdict).toBe('refuted');
  });
});

describe('a first adversarial pass over conditions and columns', () => {
  it('a condition after a display holds for that display only; "or", "for some", denials in other words state none', async () => {
    const [first, later] = await steps('\\[ e^{x} \\le 1 + x + x^2 \\]\nis valid whenever $x \\le 1$.\n\\[ e^{x} \\le 1 + x + x^2 \\]\n');
    expect(first!.verdict).toBe('confirmed');
    expect(later!.verdict).toBe('refuted');
    // a case split: the second case is not read under the first one's condition
    const [positive, negative] = await steps('\\[ |x| = x \\]\nfor $x \\ge 0$. For negative $x$ instead,\n\\[ |x| = -x. \\]\n');
    expect([positive!.verdict, negative!.verdict]).toEqual(['confirmed', 'confirmed']);
    for (const after of ['which holds if $x \\ge 0$ or $x \\le -1$.', 'for some $x > 0$.', 'for at least one $x > 0$.']) {
      const [step] = await steps(`\\[ \\sqrt{x^2} = x \\]\n${after}\n`);
      expect(['proved', 'confirmed'], after).not.toContain(step!.verdict);
    }
    for (const after of ['is false for $x > 0$.', 'except for $x > 0$.', 'holds for no $x > 0$.', 'breaks down for $x > 0$.', 'other than for $x > 0$.']) {
      const [, step] = await steps(`\\[ \\sqrt{x^2} = -x \\]\n${after}\n\\[ \\sqrt{x^2} = x \\]\n`);
      expect(step!.verdict, after).toBe('refuted');
    }
  });

  it('a condition in a row (\\text{for } x \\ge 0, && a \\ge 0, &\\qquad& x < 0, a cases column) is the row\'s premise, never the file\'s', async () => {
    const [row, later] = await steps('\\[ |x| = x \\quad \\text{for } x \\ge 0 \\]\n\\[ \\sqrt{x^2} = x \\]\n');
    expect(row!.verdict).toBe('confirmed');
    expect(later!.verdict).toBe('refuted');
    for (const display of [
      '\\begin{align*}\n\\sqrt{a^2} &= a && a \\geq 0\n\\end{align*}',
      '\\begin{alignat*}{2}\n|a| &= -a &\\qquad& a < 0\n\\end{alignat*}',
      '\\begin{align*}\n\\sqrt{a^2} &= -a, & a &< 0, \\\\\n\\sqrt{a^2} &= a, & a &\\ge 0.\n\\end{align*}',
      '\\[ |a| = a \\quad \\text{valid whenever } a \\ge 0 \\]',
      '\\[ |a| = a, \\quad a \\geq 0 \\]',
      '\\[ \\sqrt{λ^2} = λ \\qquad λ ≥ 0 \\]',
      '\\begin{align*}\nb &= \\sqrt{a^2} = a \\qquad a \\ge 0 \\\\\n&= |a|\n\\end{align*}',
    ]) {
      const found = await steps(`${display}\n`);
      expect(found.filter((s) => s.verdict !== 'definition').map((s) => s.verdict), display).toEqual(found.filter((s) => s.verdict !== 'definition').map(() => 'confirmed'));
    }
    // "unless" holds a refutation back; an order between two names beside a row is held, not assumed
    const [unless] = await steps('\\begin{align*}\n\\sqrt{x^2} &= -x && \\text{unless } x > 0\n\\end{align*}\n');
    expect(unless!.verdict).toBe('unverified');
    const [between] = await steps('\\[ \\sqrt{(x-y)^2} = x - y \\qquad x \\ge y \\]\n');
    expect(between!.verdict).toBe('unverified');
  });

  it('alignat\'s columns inside a statement: an aligned term and a conclusion set apart are read with the row', async () => {
    const found = await steps('\\begin{alignat*}{2}\nf &= x^2 &&+ 2x + 1 \\\\\n  &= (x+1)^2 &&\n\\end{alignat*}\n% assume: \\sigma > 0\n\\begin{alignat*}{2}\ng &= \\lambda\\sigma^2 - t = 0 &\\quad&\\Rightarrow \\lambda = \\frac{t}{\\sigma^2}\n\\end{alignat*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['definition', 'proved', 'definition', 'proved']);
  });

  it('columns are read row by row: a row may use what another column defined above it', async () => {
    const found = await steps('\\begin{align*}\nu &= a + b & v &= a - b \\\\\nu + v &= 2a\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['definition', 'definition', 'proved']);
  });

  it('a remark in a column of its own (& \\text{since } x &\\ge 0) is the row\'s justification, not a step', async () => {
    const found = await steps('\\begin{align*}\na &= \\sqrt{x^2} & \\text{since } x &\\ge 0 \\\\\n  &= x - x\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['definition', 'refuted']);
  });

  it('an upright d makes a derivative: \\frac{\\mathrm{d}}{\\mathrm{d}x}, \\mathrm d, \\operatorname{d}, second order', async () => {
    const found = await steps('\\[ \\frac{\\mathrm{d}}{\\mathrm{d}x} x^2 = 2x \\]\n\\[ \\frac{\\mathrm d}{\\mathrm d t} e^{t^2} = 2t e^{t^2} \\]\n\\[ \\frac{\\mathrm{d}^2}{\\mathrm{d}x^2} x^3 = 6x \\]\n\\[ \\frac{\\text{d}}{\\text{d}x} x^2 = 3x \\]\n');
    expect(found.map((s) => s.verdict)).toEqual(['proved', 'proved', 'proved', 'refuted']);
  });

  it('a standard function\'s formula on a first row is a claim (\\cosh x = … is not its definition); a comment is no prose', async () => {
    const [formula, value] = await steps('\\begin{align*}\n\\cosh x &= \\frac{e^{x} - e^{-x}}{2} \\\\\n\\cosh 1 &\\le \\frac{e}{2}\n\\end{align*}\n');
    // (\cosh is evaluated: the first row, sinh's formula, is refuted, and so is cosh 1 ≤ e/2)
    expect([formula!.verdict, value!.verdict]).toEqual(['refuted', 'refuted']);
    // "% assume:" in the line above made "the case $q = p$" a definition, and q - p = p - q was proved
    const [step] = await steps('% assume: 0 < q < 1\nUnlike the case $q = p$, here\n\\[ q - p = p - q \\]\n');
    expect(['proved', 'confirmed']).not.toContain(step!.verdict);
  });
});

describe('names a hypothesis bounds', () => {
  it('a starred solution (\\lambda^\\star, \\mu^*) names the unknown; k ∈ {1, …, n} keeps k in range; x > π compares with the constant', async () => {
    const [star, wrong] = await steps('\\[ 2\\mu = 6 \\Rightarrow \\mu^* = 3 \\]\n\\[ 2\\mu = 6 \\Rightarrow \\mu^\\star = 4 \\]\n');
    expect([star!.verdict, wrong!.verdict]).toEqual(['proved', 'refuted']);
    const [index] = await steps('Fix $k \\in \\{1, \\dots, n\\}$.\n\\[ \\log\\sum_{i=1}^n e^{x_i} \\ge x_k \\]\n');
    expect(index!.verdict).toBe('confirmed');
    const [pi] = await steps('Let $x > \\pi$.\n\\[ |x - 3| = x - 3 \\]\n');
    expect(pi!.verdict).toBe('confirmed');
    const [declared] = await steps('% assume: 0 < \\pi < 1\n\\[ \\pi^2 < \\pi \\]\n');
    expect(declared!.verdict).toBe('confirmed');
  });
});

describe('regressions the writers\' files showed before landing', () => {
  it('"and when $a < b$," leads into the display after it, not back into the one before', async () => {
    const [general, when] = await steps('Let $a, b \\in \\mathbb R$. In general we have\n\\[ |a - b| = b - a \\]\nand when $a < b$,\n\\[ |a - b| \\geq 0 \\]\n');
    expect([general!.verdict, when!.verdict]).toEqual(['refuted', 'confirmed']);
  });
  it('a comment\'s words ("% KEY: … step3 FALSE") are no denial of the span after it', async () => {
    const found = await steps('% KEY: Bernoulli; step1 TRUE; step3 FALSE\nLet $X$ be a random variable taking values in $\\{0, 1\\}$, with $p = P(X=1)$.\n\\begin{align*}\n\\mathbb E[X^2] &= \\mathbb E[X]\n\\end{align*}\n');
    expect(found[0]!.verdict).not.toBe('refuted');
  });
  it('a premise that is no order of names against numbers (x \\in \\mathbb R_{\\ge 0}) is held, not assumed', async () => {
    const [step] = await steps('\\begin{align*}\n\\sqrt{x^2} &= x \\qquad \\text{since } x \\in \\mathbb R_{\\ge 0}\n\\end{align*}\n');
    expect(step!.verdict).toBe('unverified');
  });
});

describe('a second adversarial pass over conditions', () => {
  it('a condition after a display in other words ("holds only for", "assuming", "given that", "(for …)", "for positive $x$") is said of it alone', async () => {
    for (const after of ['holds only for $x \\ge 0$.', 'assuming $x \\ge 0$.', 'given that $x \\ge 0$.', '(for $x \\ge 0$).', 'is standard, but holds only for $x \\ge 0$.', 'for positive $x$.']) {
      const [display, later] = await steps(`\\[ |x| = x \\]\n${after}\n\\[ \\sqrt{x^2} = x \\]\n`);
      expect([display!.verdict, later!.verdict], after).toEqual(['confirmed', 'refuted']);
    }
  });
  it('conditions listed together after a display ("for $x \\ge 0$ and for $x < 0$", "as well as") assume none of them', async () => {
    for (const after of ['for $x \\ge 0$ and for $x < 0$.', 'which holds if $x \\ge 1$, and also if $x \\le -1$.', 'for $x \\ge 0$ as well as for $x < 0$.']) {
      const [step] = await steps(`\\[ \\sqrt{x^2} = x \\]\n${after}\n`);
      expect(['proved', 'confirmed'], after).not.toContain(step!.verdict);
    }
  });
  it('a sign in words in an aside or by contrast assumes nothing; "for every real $x$" in passing ends nothing', async () => {
    for (const aside of ['(For negative $x$, see Exercise 3.)', 'For negative $x$ this would fail, but that case does not arise.']) {
      const [step] = await steps(`Let $x > 0$.\n${aside}\n\\[ |x| = -x \\]\n`);
      expect(step!.verdict, aside).toBe('refuted');
    }
    const [passing] = await steps('Let $x > 0$. Recall that $e^{x} > 0$ for every real $x$.\n\\[ \\sqrt{x^2} = x \\]\n');
    expect(passing!.verdict).toBe('confirmed');
  });
  it('\\iffalse … \\fi is compiled out: a hypothesis inside it assumes nothing', async () => {
    const [step] = await steps('\\iffalse\nLet $x > 0$.\n\\fi\n\\[ \\sqrt{x^2} = x \\]\n');
    expect(step!.verdict).toBe('refuted');
  });
  it('a premise that bounds an expression of names (x - y > 0, -x \\ge 0, |x| \\ge 1) is assumed, not split off as a claim', async () => {
    for (const [row, premise] of [['\\sqrt{(x-y)^2} &= x - y', 'x - y > 0'], ['\\sqrt{x^2} &= -x', '-x \\ge 0'], ['\\sqrt{x^2} &= x', 'x + 1 > 1']]) {
      const found = await steps(`\\begin{align*}\n${row} \\qquad ${premise}\n\\end{align*}\n`);
      expect(found.map((s) => s.verdict), premise).toEqual(['confirmed']);
    }
  });
});

describe('trigonometric and hyperbolic functions', () => {
  it('are evaluated as themselves: identities confirmed, slips refuted, derivatives checked', async () => {
    const found = await steps('\\[ \\sin^2 x + \\cos^2 x = 1 \\]\n\\[ \\tan x = \\frac{\\sin x}{\\cos x} \\]\n\\[ \\sin(2x) = 2\\sin x \\]\n\\[ \\cosh 1 \\le \\frac{e}{2} \\]\n\\[ \\frac{d}{dx} \\sin x = \\cos x \\]\n\\[ \\frac{d}{dx} \\tan x = \\sin x \\]\n');
    expect(found.map((s) => s.verdict)).toEqual(['confirmed', 'confirmed', 'refuted', 'refuted', 'confirmed', 'refuted']);
  });
});

describe('a third adversarial pass and two more writers', () => {
  it('alignat terms set after spacing or an empty group (&&{}+ 1, &&\\;+ 1, &&/ 2) stay in the row', async () => {
    for (const term of ['&&{}+ 1', '&&\\;+ 1', '&&\\quad + 1']) {
      const found = await steps(`\\begin{alignat*}{2}\nf &= x^2 ${term} \\\\\n  &= x^2\n\\end{alignat*}\n`);
      expect(found.map((s) => s.verdict), term).toEqual(['definition', 'refuted']);
    }
  });
  it('a denied, conditional or restricted hypothesis is no hypothesis of every world', async () => {
    for (const lead of ['If $x > 0$, then $y > 0$.', 'Assume $x > 0$ is impossible here.', 'Let $x \\ne 0$ (if $x > 0$, replace $x$ by $-x$).', 'Let $x > 0$ if $y > 0$.']) {
      const [step] = await steps(`${lead}\n\\[ |x| = x \\]\n`);
      expect(['proved', 'confirmed'], lead).not.toContain(step!.verdict);
    }
    const [restricted] = await steps('Let $f \\ge 0$ on $[0, 1]$.\n\\[ |f(-2)| = f(-2) \\]\n');
    expect(['proved', 'confirmed']).not.toContain(restricted!.verdict);
  });
  it('cases replace one another: "Case 1: $x \\ge 0$", "WLOG $x \\ge 0$", "If $x \\le 0$ then $$…$$", "For $x \\le 0$: $$…$$"', async () => {
    const [first, second] = await steps('Case 1: $x \\ge 0$.\n\\[ \\sqrt{x^2} = x \\]\nCase 2: $x < 0$.\n\\[ \\sqrt{x^2} = -x \\]\n');
    expect([first!.verdict, second!.verdict]).toEqual(['confirmed', 'confirmed']);
    const [wlog] = await steps('WLOG $a \\ge b \\ge 0$. Then\n\n$$(a-b)^2(a+b) \\ge 0$$\n', 'wlog.md');
    expect(wlog!.verdict).toBe('confirmed');
    const [, wrong] = await steps('For $x \\ge 0$: $$\\sqrt{x^2} = x$$ For $x \\le 0$: $$x^2 = 0$$\n', 'cases.md');
    expect(wrong!.verdict).toBe('refuted');
  });
  it('in Markdown a condition after a $$ block, past the blank line, is said of the block; "be arbitrary" ends what was assumed', async () => {
    const [block] = await steps('$$\\sqrt{x^2} = x$$\n\nwhich holds for all $x \\ge 0$.\n', 'after.md');
    expect(block!.verdict).toBe('confirmed');
    const [reset] = await steps('Let $x > 0$.\n\nNow let $x \\in \\mathbb{R}$ be arbitrary.\n\n$$|x| = x$$\n', 'reset.md');
    expect(reset!.verdict).toBe('refuted');
  });
  it('\\Gamma applied is a function, never a product; a definition deriva cannot read still gives its name a meaning', async () => {
    const [gamma] = await steps('\\[ \\Gamma(2x) = 2\\Gamma(x) \\]\n');
    expect(['proved', 'confirmed']).not.toContain(gamma!.verdict);
    const [, use] = await steps('\\[ f(x) := \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases} \\]\n\\[ f(x) = |x| \\]\n');
    expect(use!.verdict).not.toBe('refuted');
  });
  it('a premise with a quotient or a factor (x/2 \\ge 1, 2(x-1) \\ge 0) is the row\'s premise', async () => {
    for (const premise of ['x/2 \\ge 1', '2(x-1) \\ge 0']) {
      const found = await steps(`\\begin{align*}\na &= \\sqrt{x^2} \\\\\n  &= x \\qquad ${premise}\n\\end{align*}\n`);
      expect(found.map((s) => s.verdict), premise).toEqual(['definition', 'confirmed']);
    }
  });
});

describe('a hypothesis on a numbered member', () => {
  it('bounds that member, not the bare name: "Let $t_0 > 0$" says nothing of t', async () => {
    const [bare] = await steps('Let $t_0 > 0$.\n\\[ \\sqrt{t^2} = t \\]\n');
    expect(bare!.verdict).toBe('refuted');
    const [member, unit] = await steps('Let $t_0 > 0$ and $p_1 \\in (0,1)$.\n\\[ \\sqrt{t_0^2} = t_0 \\]\n\\[ \\log p_1 < 0 \\]\n');
    expect([member!.verdict, unit!.verdict]).toEqual(['confirmed', 'confirmed']);
    const [product] = await steps('% assume: x_1 > 0, x_2 > 0\n\\[ \\log(x_1 x_2) = \\log x_1 + \\log x_2 \\]\n');
    expect(product!.verdict).toBe('proved');
  });
});

describe('a fourth adversarial pass', () => {
  it('a case holds until the next case; "If … then \\[ … \\]" and "For …: $$…$$" for the display they open; WLOG narrows', async () => {
    const [, second] = await steps('Case 1: $x \\ge 0$ and $y \\ge 0$.\n\\[ |y| = y \\]\nCase 2: $x < 0$.\n\\[ |y| = y \\]\n');
    expect(second!.verdict).toBe('refuted');
    const [, after] = await steps('Let $x > 1$.\nIf $x \\le 0$ then \\[ |x| = -x \\]\n\\[ |x - 1| = 1 - x \\]\n');
    expect(after!.verdict).toBe('refuted');
    const [narrowed] = await steps('Let $x < 5$.\nWLOG $x \\ge y$.\n\\[ |x - 5| = 5 - x \\]\n');
    expect(narrowed!.verdict).toBe('confirmed');
  });
  it('a premise that opens with a minus (&& -1 \\le x) is a premise, not a term', async () => {
    const found = await steps('\\begin{align*}\n\\sqrt{(x+1)^2} &= x + 1 && -1 \\le x\n\\end{align*}\n');
    expect(found.map((s) => s.verdict)).toEqual(['confirmed']);
  });
  it('a name taken afresh ("Fix an arbitrary $x$", "Then for all $x \\in \\mathbb R$,") loses what was assumed of it', async () => {
    for (const fresh of ['Fix an arbitrary $x \\in \\mathbb{R}$.', 'Pick any real $x$.', 'Then for all $x \\in \\mathbb{R}$,']) {
      const [step] = await steps(`Let $x > 0$.\n${fresh}\n\\[ |x| = x \\]\n`);
      expect(step!.verdict, fresh).toBe('refuted');
    }
  });
  it('a concessive or restricted hypothesis ("Even if", "in the first case", "almost everywhere") is not assumed; \\sin^{-1} x = … is a claim', async () => {
    for (const lead of ['Even if $x > 0$, the next step needs care.', 'Let $x > 0$ in the first case.', 'Let $x > 0$ almost everywhere.']) {
      const [step] = await steps(`${lead}\n\\[ |x| = x \\]\n`);
      expect(['proved', 'confirmed'], lead).not.toContain(step!.verdict);
    }
    const [inverse] = await steps('\\[ \\sin^{-1} x = \\frac{1}{\\sin x} \\]\n');
    expect(inverse!.verdict).not.toBe('definition');
  });
});

describe('an index range after a hypothesis', () => {
  it('"$p_x > 0$ for $x = 1, \\dots, n$" says of which members it holds: it is assumed, not held as a restriction', async () => {
    const [step] = await steps('Let $p_x > 0$ for $x = 1,\\dots,n$, where $\\sum_{x=1}^n p_x = 1$.\n\\[ -\\sum_{x=1}^n p_x\\log p_x = \\sum_{x=1}^n p_x\\log\\tfrac{1}{p_x} \\]\n');
    expect(step!.verdict).toBe('proved');
  });
});
