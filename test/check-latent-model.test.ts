/**
 * Latent-variable models through checkSource, the CLI's own path: conditional laws are read (not
 * refused), a distribution letter defined by its joint is evaluated at other argument patterns as
 * the joint's marginal or conditional (a wrong marginal is refuted), the E-step weights sum to one
 * by the model and not as an identity over arbitrary values, the EM and GMM derivations have no
 * refuted step, and their planted errors are refuted at their line or, where the truth rests on
 * the maximiser deriva does not compute, never accepted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plant } from './plant.js';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { FileReport, StepReport } from '../src/check/report.js';
import { readConditionalLaw, readParameterTuple } from '../src/check/model-laws.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { key } from '../src/expr/model.js';
import { parseLatex } from '../src/notation/parse.js';
import { InputError } from '../src/diagnostic.js';

const options = { ...DEFAULT_CHECK_OPTIONS, samples: 100 };
const ACCEPTED = ['proved', 'confirmed'];

function steps(report: FileReport): StepReport[] {
  expect(report.error).toBeNull();
  return report.derivations.flatMap((d) => d.steps);
}

const atLine = (all: readonly StepReport[], line: number): StepReport[] => all.filter((s) => s.line === line);
const show = (ss: readonly StepReport[]): string => ss.map((s) => `${s.line}: ${s.verdict} ${s.message}`).join(' | ');

describe('conditional laws', () => {
  const text = (latex: string) => ({ latex, spans: [{ offset: 0, line: 3, column: 5 }] });

  it('reads the variable, the condition and the law separately', () => {
    const law = readConditionalLaw(text('x^{(i)} \\mid z^{(i)} = j \\sim \\mathcal N(\\mu_j, \\Sigma_j)'), defaultSymbols(), 'ctx.tex');
    expect(law).not.toBeNull();
    expect(key(law!.variable)).toBe(key(parseLatex('x^{(i)}')));
    expect(key(law!.condition)).toBe(key(parseLatex('z^{(i)} = j')));
    expect(key(law!.law)).toBe(key(parseLatex('\\mathcal N(\\mu_j, \\Sigma_j)')));
  });

  it('leaves a law without a condition to the assumption reader', () => {
    expect(readConditionalLaw(text('z^{(i)} \\sim \\text{Multinomial}(\\phi)'), defaultSymbols(), 'ctx.tex')).toBeNull();
    expect(readConditionalLaw(text('p(x \\mid y) > 0'), defaultSymbols(), 'ctx.tex')).toBeNull();
  });

  it('reports an unreadable piece at its own place', () => {
    let caught: unknown;
    try {
      readConditionalLaw(text('x \\mid z = \\sim \\mathcal N(0, 1)'), defaultSymbols(), 'ctx.tex');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).pos.line).toBe(3);
    expect((caught as InputError).pos.column).toBeGreaterThanOrEqual(5 + 'x \\mid '.length);
  });

  it('reads a parameter written as a tuple of names, and nothing else as one', () => {
    const tuple = readParameterTuple(text('\\theta^{(t)} = (\\phi, \\mu, \\Sigma)'), defaultSymbols(), 'f.tex');
    expect(tuple?.parts.map((p) => p.name)).toEqual(['\\phi', '\\mu', '\\Sigma']);
    expect(readParameterTuple(text('\\theta = (a + b, c)'), defaultSymbols(), 'f.tex')).toBeNull();
  });

  it('the homework context reads without problems, its laws included', async () => {
    const report = await checkSource('derivations/laws.tex',
      '% context: ../contexts/homework3.tex#sec:semi-supervised-em\n\\begin{align*}\nw_j^{(i)} &= w_j^{(i)}\n\\end{align*}\n', options);
    expect(report.problems.map((p) => p.message)).toEqual([]);
  });
});

/** A mixture of k scalar Gaussians, stated in the file itself. */
const MIXTURE = `% assume: \\sum_{j=1}^k \\phi_j = 1, \\phi_j > 0, v_j > 0
% assume: z \\sim \\text{Multinomial}(\\phi)
% assume: x \\mid z = j \\sim \\mathcal N(\\mu_j, v_j)
\\begin{align*}
p(z = j;\\theta) &:= \\phi_j \\\\
p(x, z = j;\\theta) &:= \\phi_j\\,\\mathcal N(x;\\mu_j,v_j)
\\end{align*}
`;

async function mixtureStep(step: string, mixture = MIXTURE): Promise<StepReport> {
  const report = await checkSource('mixture.tex', `${mixture}\\begin{align*}\n${step}\n\\end{align*}\n`, options);
  expect(report.problems).toEqual([]);
  const all = steps(report).filter((s) => s.verdict !== 'definition');
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('marginals and conditionals from a joint definition', () => {
  it('the marginal sums the discrete variable out', async () => {
    const s = await mixtureStep('p(x;\\theta) &= \\sum_{j=1}^k \\phi_j\\,\\mathcal N(x;\\mu_j,v_j)');
    expect(ACCEPTED, s.message).toContain(s.verdict);
  });

  it('a law stated with \\vert (x \\vert z = j \\sim …) is the law stated with \\mid', async () => {
    const vert = MIXTURE.replace('x \\mid z', 'x \\vert z');
    expect(vert).not.toBe(MIXTURE);
    const s = await mixtureStep('p(x;\\theta) &= \\sum_{j=1}^k \\phi_j\\,\\mathcal N(x;\\mu_j,v_j)', vert);
    expect(ACCEPTED, s.message).toContain(s.verdict);
    const wrong = await mixtureStep('p(x;\\theta) &= \\sum_{j=1}^k \\mathcal N(x;\\mu_j,v_j)', vert);
    expect(wrong.verdict, wrong.message).toBe('refuted');
  });

  it('a marginal without the weights is refuted', async () => {
    const s = await mixtureStep('p(x;\\theta) &= \\sum_{j=1}^k \\mathcal N(x;\\mu_j,v_j)');
    expect(s.verdict, s.message).toBe('refuted');
  });

  it('the posterior is the joint over the marginal, and sums to one over the classes', async () => {
    const posterior = await mixtureStep('p(z = j \\mid x;\\theta) &= \\frac{\\phi_j\\,\\mathcal N(x;\\mu_j,v_j)}{\\sum_{l=1}^k \\phi_l\\,\\mathcal N(x;\\mu_l,v_l)}');
    expect(ACCEPTED, posterior.message).toContain(posterior.verdict);
    const total = await mixtureStep('\\sum_{j=1}^k p(z = j \\mid x;\\theta) &= 1');
    expect(ACCEPTED, total.message).toContain(total.verdict);
  });

  it('a posterior without the prior weight is refuted', async () => {
    const s = await mixtureStep('p(z = j \\mid x;\\theta) &= \\frac{\\mathcal N(x;\\mu_j,v_j)}{\\sum_{l=1}^k \\mathcal N(x;\\mu_l,v_l)}');
    expect(s.verdict, s.message).toBe('refuted');
  });

  it('theta^(t) is theta at another value: its parts carry the script', async () => {
    const at = await mixtureStep('p(x;\\theta^{(t)}) &= \\sum_{j=1}^k \\phi_j^{(t)}\\,\\mathcal N(x;\\mu_j^{(t)},v_j^{(t)})');
    expect(ACCEPTED, at.message).toContain(at.verdict);
    const other = await mixtureStep('p(x;\\theta^{(t)}) &= \\sum_{j=1}^k \\phi_j\\,\\mathcal N(x;\\mu_j,v_j)');
    expect(other.verdict, other.message).toBe('refuted');
  });

  it('the weights at another value stay on the simplex', async () => {
    const s = await mixtureStep('\\sum_{j=1}^k p(z = j;\\theta^{(t)}) &= 1');
    expect(ACCEPTED, s.message).toContain(s.verdict);
  });
});

describe('the E-step weights inside the homework model', () => {
  const inModel = (step: string) => checkSource('derivations/weights.tex',
    `% context: ../contexts/homework3.tex#sec:semi-supervised-em\n\\begin{align*}\n${step}\n\\end{align*}\n`, options);

  it('sum to one over the classes by the model', async () => {
    const [s] = steps(await inModel('\\sum_{j=1}^k w_j^{(i)} &= 1'));
    expect(ACCEPTED, s!.message).toContain(s!.verdict);
  });

  it('do not sum to one over the points', async () => {
    const [s] = steps(await inModel('\\sum_{i=1}^n w_j^{(i)} &= 1'));
    expect(s!.verdict, s!.message).toBe('refuted');
  });

  it('are not an identity over arbitrary values', async () => {
    const report = await checkSource('weights.tex', '\\begin{align*}\n\\sum_{j=1}^k w_j^{(i)} &= 1\n\\end{align*}\n', options);
    const [s] = steps(report);
    expect(ACCEPTED).not.toContain(s!.verdict);
  });
});

const source = (name: string) => readFileSync(new URL(`../derivations/${name}`, import.meta.url), 'utf8');

const FILES = ['em-semisup-monotone.tex', 'gmm-semisup-estep.tex', 'gmm-semisup-mstep.tex'];

describe('the EM and GMM derivations', () => {
  for (const file of FILES) {
    it(`${file}: nothing refuted, no read problem`, async () => {
      const report = await checkSource(`derivations/${file}`, source(file), options);
      expect(report.problems.map((p) => p.message)).toEqual([]);
      const refuted = steps(report).filter((s) => s.verdict === 'refuted' || s.verdict === 'error');
      expect(refuted, show(refuted)).toEqual([]);
    }, 240_000); // a whole-file check (the M-step's is the longest: about 25 s on an idle core)
  }

  it('EM monotonicity, the E-step and the M-step: every step proved or confirmed', async () => {
    for (const file of FILES) {
      const open = steps(await checkSource(`derivations/${file}`, source(file), options))
        .filter((s) => s.verdict !== 'definition' && !ACCEPTED.includes(s.verdict));
      expect(open, `${file}: ${show(open)}`).toEqual([]);
    }
  }, 480_000); // three whole-file checks

  it('the M-step row is confirmed by the arg max', async () => {
    const all = steps(await checkSource('derivations/em-semisup-monotone.tex', source('em-semisup-monotone.tex'), options));
    const mstep = all.find((s) => s.justification?.includes('M-step'));
    expect(mstep?.verdict, mstep?.message).toBe('confirmed');
    expect(mstep?.message).toMatch(/arg max/);
  });
});

describe('planted errors', () => {
  it('the E-step without the mixing weights is refuted at its line', async () => {
    const { text, line } = plant(source('gmm-semisup-estep.tex'),
      '&= \\frac{\\phi_j\\,\\mathcal N(x^{(i)};\\mu_j,\\Sigma_j)}{\\sum_{l=1}^k \\phi_l\\,\\mathcal N(x^{(i)};\\mu_l,\\Sigma_l)}',
      '&= \\frac{\\mathcal N(x^{(i)};\\mu_j,\\Sigma_j)}{\\sum_{l=1}^k \\mathcal N(x^{(i)};\\mu_l,\\Sigma_l)}');
    const planted = atLine(steps(await checkSource('derivations/gmm-semisup-estep.tex', text, options)), line);
    expect(planted.some((s) => s.verdict === 'refuted'), show(planted)).toBe(true);
    const cx = planted.find((s) => s.verdict === 'refuted')!.counterexample!;
    expect(Math.abs(cx.lhs - cx.rhs)).toBeGreaterThan(1e-9);
  });

  it('the multiplier without the weight of the labelled data is refuted, with it confirmed', async () => {
    const row = (rhs: string) => checkSource('derivations/multiplier.tex',
      `% context: ../contexts/homework3.tex#sec:semi-supervised-em\n\\begin{align*}\n\\sum_{i=1}^n \\sum_{j=1}^k w_j^{(i)} + \\alpha\\sum_{j=1}^k \\tilde n_j &= ${rhs}\n\\end{align*}\n`, options);
    const [wrong] = steps(await row('n + \\tilde n'));
    expect(wrong!.verdict, wrong!.message).toBe('refuted');
    const [right] = steps(await row('n + \\alpha\\tilde n'));
    expect(ACCEPTED, right!.message).toContain(right!.verdict);
  });

  // Each planted M-step error is refuted at its line: an update that does not make the gradient
  // vanish at the point it names (the derivative taken there, F unfolded), a product that is
  // another matrix, a multiplier or a normalisation that the model's counts contradict.
  const MSTEP_VARIANTS = [
    { name: 'α weighting the unlabelled terms of μ_j', before: String.raw`  &\Rightarrow \mu_j = \frac{\sum_{i=1}^n w_j^{(i)} x^{(i)} + \alpha\sum_{i=1}^{\tilde n} 1\{\tilde z^{(i)} = j\}\,\tilde x^{(i)}}
                             {\sum_{i=1}^n w_j^{(i)} + \alpha\tilde n_j}`, after: String.raw`  &\Rightarrow \mu_j = \frac{\alpha\sum_{i=1}^n w_j^{(i)} x^{(i)} + \sum_{i=1}^{\tilde n} 1\{\tilde z^{(i)} = j\}\,\tilde x^{(i)}}
                             {\alpha\sum_{i=1}^n w_j^{(i)} + \tilde n_j}` },
    { name: 'a missing transpose in the quadratic form as a trace', before: String.raw`  &= \text{tr}\left(\Sigma_j^{-1}(x^{(i)}-\mu_j)(x^{(i)}-\mu_j)^T\right)`,
      after: String.raw`  &= \text{tr}\left(\Sigma_j^{-1}(x^{(i)}-\mu_j)^T(x^{(i)}-\mu_j)\right)` },
    { name: 'Σ_j^{-1} commuted past S_j', before: String.raw`  &= \frac12\,\Sigma_j^{-1}\left(S_j - \left(\sum_{i=1}^n w_j^{(i)} + \alpha\tilde n_j\right)\Sigma_j\right)\Sigma_j^{-1}`,
      after: String.raw`  &= \frac12\left(S_j - \left(\sum_{i=1}^n w_j^{(i)} + \alpha\tilde n_j\right)\Sigma_j\right)\Sigma_j^{-1}\Sigma_j^{-1}` },
    // planted from the row's relation, so that the line reported is the wrong step's
    { name: 'Σ_j normalised by n', before: String.raw`  &\Rightarrow \Sigma_j = \frac{\sum_{i=1}^n w_j^{(i)}(x^{(i)}-\mu_j)(x^{(i)}-\mu_j)^T
       + \alpha\sum_{i=1}^{\tilde n} 1\{\tilde z^{(i)} = j\}(\tilde x^{(i)}-\mu_j)(\tilde x^{(i)}-\mu_j)^T}
      {\sum_{i=1}^n w_j^{(i)} + \alpha\tilde n_j}`, after: String.raw`  &\Rightarrow \Sigma_j = \frac{\sum_{i=1}^n w_j^{(i)}(x^{(i)}-\mu_j)(x^{(i)}-\mu_j)^T
       + \alpha\sum_{i=1}^{\tilde n} 1\{\tilde z^{(i)} = j\}(\tilde x^{(i)}-\mu_j)(\tilde x^{(i)}-\mu_j)^T}
      {n}` },
    { name: 'φ_j normalised by n instead of n + αñ', before: String.raw`  &\Rightarrow \phi_j = \frac{\sum_{i=1}^n w_j^{(i)} + \alpha\tilde n_j}{n + \alpha\tilde n}`,
      after: String.raw`  &\Rightarrow \phi_j = \frac{\sum_{i=1}^n w_j^{(i)} + \alpha\tilde n_j}{n}` },
    { name: 'the multiplier without α', before: String.raw`  &= n + \alpha\tilde n && \text{(each point's`, after: String.raw`  &= n + \tilde n && \text{(each point's` },
  ];
  for (const v of MSTEP_VARIANTS) {
    it(`the M-step with a planted error is refuted at its line: ${v.name}`, async () => {
      const { text, line } = plant(source('gmm-semisup-mstep.tex'), v.before, v.after);
      const planted = atLine(steps(await checkSource('derivations/gmm-semisup-mstep.tex', text, options)), line);
      const refuted = planted.find((s) => s.verdict === 'refuted');
      expect(refuted, show(planted)).toBeDefined();
      const cx = refuted!.counterexample!;
      expect(Math.abs(cx.lhs - cx.rhs)).toBeGreaterThan(1e-9 * Math.max(1, Math.abs(cx.lhs), Math.abs(cx.rhs)));
      for (const s of planted) expect(ACCEPTED).not.toContain(s.verdict);
    }, 240_000); // a whole-file check of the M-step derivation
  }

  // The maximiser is not computed: a claim whose truth would rest on its value is never accepted,
  // and never refuted at an arbitrary value of it either.
  it('Jensen written as an equality, and the M-step the wrong way round, are not accepted', async () => {
    for (const [before, after] of [
      ['  &\\geq \\sum_{i=1}^n \\sum_{z^{(i)}} Q_i^{(t)}(z^{(i)})\\log\\frac{p(x^{(i)}, z^{(i)};\\theta^{(t+1)})', '  &= \\sum_{i=1}^n \\sum_{z^{(i)}} Q_i^{(t)}(z^{(i)})\\log\\frac{p(x^{(i)}, z^{(i)};\\theta^{(t+1)})'],
      ['  &\\geq \\sum_{i=1}^n \\sum_{z^{(i)}} Q_i^{(t)}(z^{(i)})\\log\\frac{p(x^{(i)}, z^{(i)};\\theta^{(t)})', '  &\\leq \\sum_{i=1}^n \\sum_{z^{(i)}} Q_i^{(t)}(z^{(i)})\\log\\frac{p(x^{(i)}, z^{(i)};\\theta^{(t)})'],
    ] as const) {
      const { text, line } = plant(source('em-semisup-monotone.tex'), before, after);
      const planted = atLine(steps(await checkSource('derivations/em-semisup-monotone.tex', text, options)), line);
      expect(planted.length).toBeGreaterThan(0);
      for (const s of planted) expect(ACCEPTED, `${line}: ${s.verdict} ${s.message}`).not.toContain(s.verdict);
    }
  }, 240_000); // two whole-file checks of the monotonicity derivation (about 12 s each on an idle core)
});
