/**
 * A hand-made report for the renderer tests: every verdict, every relation,
 * a proof with intermediate expressions, a counterexample, a definition,
 * expected refutations (met and not), citations (used, unused, unknown), a
 * file that cannot be read, read problems, and a formula too wide for a
 * phone. Plain data.
 */
import { summarize } from '../src/check/report.js';
import type { FileReport, Report, StepReport } from '../src/check/report.js';

/** A step with neutral defaults; tests override what they are about. */
export function step(fields: Partial<StepReport> & Pick<StepReport, 'from' | 'to' | 'verdict'>): StepReport {
  return {
    line: 1, column: 1, relation: '=', rules: [], samples: 0, maxError: null, counterexample: null,
    message: '', proof: [], justification: null, citations: [], expected: null, hypotheses: [], ...fields,
  };
}

export function report(files: readonly FileReport[], seed = 7): Report {
  return { version: 1, files, summary: summarize(files), seed };
}

const KL = 'D_{KL}(P\\|Q)';
const KL_SUM = '\\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{Q(x)}';
const KL_SPLIT = '\\sum_{x \\in \\mathcal{X}} P(x) \\log P(x) - \\sum_{x \\in \\mathcal{X}} P(x) \\log Q(x)';
const WIDE = '\\frac{\\bar\\alpha_{t-1}(1-\\alpha_t)^2}{2\\sigma_q^2(1-\\bar\\alpha_t)^2}\\left\\|\\hat x_\\theta(x_t, t) - x_0\\right\\|_2^2'
  + ' + \\sum_{t=2}^{T} \\mathbb{E}_{q(x_t|x_0)}\\left[D_{KL}\\big(q(x_{t-1}|x_t,x_0)\\,\\|\\,p_\\theta(x_{t-1}|x_t)\\big)\\right]'
  + ' - \\mathbb{E}_{q(x_1|x_0)}\\left[\\log p_\\theta(x_0|x_1)\\right]';

export const KL_FILE: FileReport = {
  path: 'derivations/kl-cross-entropy.tex',
  error: null,
  problems: [],
  derivations: [{
    name: 'kl-cross-entropy',
    line: 3,
    steps: [
      step({
        line: 4, from: KL, to: KL_SUM, verdict: 'proved', rules: ['def-kl'],
        proof: [{ rule: 'def-kl', result: KL_SUM }], justification: 'definition',
        citations: [{ text: 'definition', rules: ['def-kl'], used: true, note: '' }],
      }),
      step({
        line: 5, from: KL_SUM, to: KL_SPLIT, verdict: 'proved', rules: ['log-quotient', 'sum-split'],
        proof: [
          { rule: 'log-quotient', result: '\\sum_{x \\in \\mathcal{X}} P(x) (\\log P(x) - \\log Q(x))' },
          { rule: 'sum-split', result: KL_SPLIT },
        ],
      }),
      step({
        line: 6, from: KL_SPLIT, to: 'H(P, Q) - H(P)', verdict: 'confirmed', samples: 200, maxError: 3.2e-13, justification: 'by Jensn',
        citations: [{ text: 'Jensn', rules: [], used: false, note: '"Jensn" names no rule; closest: jensen' }],
      }),
    ],
  }],
};

export const MIXED_FILE: FileReport = {
  path: 'submissions/alice <b>&</b> bob.md',
  error: null,
  problems: [{ message: 'undefined macro \\foo', line: 2, column: 9 }],
  derivations: [
    {
      name: 'square',
      line: 10,
      steps: [
        step({ line: 11, from: '(a+b)^2', to: 'a^2 + 2ab + b^2', verdict: 'proved', rules: ['binomial-square'] }),
        step({
          line: 12, from: 'a^2 + 2ab + b^2', to: 'a^2 + b^2', verdict: 'refuted',
          counterexample: { assignment: { a: 1, b: 1 }, lhs: 4, rhs: 2, seed: 7 },
          message: 'left side 4 differs from right side 2 at a = 1, b = 1',
        }),
        step({ line: 13, relation: '<=', from: 'a^2 + b^2', to: '2a^2 + 2b^2', verdict: 'confirmed', samples: 200, maxError: 0 }),
        step({
          line: 14, relation: '<', from: '2a^2 + 2b^2', to: '3a^2 + 3b^2', verdict: 'refuted',
          counterexample: { assignment: { a: 0, b: 0 }, lhs: 0, rhs: 0, seed: 7 }, message: 'not strict at a = b = 0',
        }),
      ],
    },
    {
      name: 'relations',
      line: 20,
      steps: [
        step({ line: 21, relation: ':=', from: '\\alpha_t', to: '1 - \\beta_t', verdict: 'definition', message: 'defines \\alpha_t' }),
        step({ line: 22, relation: '>=', from: '\\log \\mathbb{E}[X]', to: '\\mathbb{E}[\\log X]', verdict: 'unverified', message: 'Jensen needs X > 0; no assumption says so' }),
        step({
          line: 23, relation: '>', from: '\\mathbb{E}[\\log X]', to: '\\mathbb{E}[\\log X] - 1', verdict: 'proved', rules: ['sub-positive'],
          justification: 'Jensen', citations: [{ text: 'Jensen', rules: ['jensen'], used: false, note: '' }],
        }),
        step({ line: 24, relation: 'propto', from: 'p(\\theta|x)', to: 'p(x|\\theta)p(\\theta)', verdict: 'confirmed', samples: 50, maxError: 1e-9 }),
        step({ line: 25, relation: 'iff', from: '\\nabla_\\mu \\ell = 0', to: '\\mu = \\bar x', verdict: 'proved', rules: ['stationarity'] }),
        step({ line: 26, relation: 'implies', from: '\\mu = \\bar x', to: '\\mu^2 = \\bar x^2', verdict: 'unverified', message: 'implication not checked' }),
        step({ line: 27, relation: 'approx', from: '\\mu^2', to: '\\bar x^2', verdict: 'unverified', message: 'approximation is reported, not checked' }),
        step({ line: 28, column: 5, from: '\\frac{a}{', to: 'b', verdict: 'error', message: 'missing } at 28:5' }),
      ],
    },
    {
      name: 'planted',
      line: 30,
      steps: [
        step({
          line: 31, from: '(a-b)^2', to: 'a^2 - b^2', verdict: 'refuted', expected: 'refuted', message: 'the two sides differ',
          counterexample: { assignment: { a: 1, b: 2 }, lhs: 1, rhs: -3, seed: 7 },
        }),
        step({ line: 32, from: 'a^2 - b^2', to: '(a-b)(a+b)', verdict: 'proved', expected: 'refuted', rules: ['difference-of-squares'] }),
      ],
    },
    {
      name: 'elbo-weight',
      line: 40,
      steps: [step({ line: 41, from: 'L_t', to: WIDE, verdict: 'confirmed', samples: 200, maxError: 2.5e-12 })],
    },
  ],
};

export const BROKEN_FILE: FileReport = {
  path: 'submissions/empty.tex',
  error: { message: 'unbalanced \\begin{align}', line: 3, column: 1 },
  problems: [],
  derivations: [],
};

export const FIXTURE_REPORT: Report = report([KL_FILE, MIXED_FILE, BROKEN_FILE]);
