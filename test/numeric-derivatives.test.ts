/**
 * Derivatives in the numeric back-end (src/numeric/derivative.ts): ∂/∂t, ∇_x, ∇_Σ at sampled
 * points. True identities are confirmed and never refuted, whatever the seed; wrong ones (a
 * factor 2, a sign, a missing transpose, a wrong power) are refuted, with certainty; what the
 * writer cannot mean for all values (an undefined objective) stays unverified.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { SymbolInfo } from '../src/expr/symbols.js';
import { parseAssumption, parseLatex } from '../src/notation/parse.js';
import { checkRelation, type NumericResult } from '../src/numeric/index.js';
import { ctx, OPTS } from './numeric-build.js';

const SHAPES: Record<string, SymbolInfo> = {
  x: { kind: 'vector' }, a: { kind: 'vector' }, '\\mu': { kind: 'vector' }, A: { kind: 'matrix' }, B: { kind: 'matrix' },
};
const assume = (latex: string) => parseAssumption({ latex, spans: [{ offset: 0, line: 1, column: 1 }] }, ctx().symbols, 'test');

interface Case { readonly lhs: string; readonly rhs: string; readonly shapes?: boolean; readonly assumptions?: readonly string[] }

function check(c: Case, seed = OPTS.seed, samples = OPTS.samples): Promise<NumericResult> {
  const context = ctx({ symbols: c.shapes ? SHAPES : {}, assumptions: (c.assumptions ?? []).map(assume) });
  return checkRelation(parseLatex(c.lhs, context.symbols), '=', parseLatex(c.rhs, context.symbols), context, { ...OPTS, seed, samples });
}

const shown = (r: NumericResult) => JSON.stringify(r);

/** j among the members 1..k the sums cover (free indices are otherwise drawn anywhere). */
const LAGRANGE_RANGE = ['j \\le 3', 'k \\ge 3'];

/** Each true identity, then its wrong variants (what is wrong with it). */
const IDENTITIES: readonly { readonly name: string; readonly truth: Case; readonly wrong: readonly [string, Case][] }[] = [
  {
    name: 'a power',
    truth: { lhs: '\\frac{d}{dt} t^3', rhs: '3 t^2' },
    wrong: [['a factor 2', { lhs: '\\frac{d}{dt} t^3', rhs: '6 t^2' }], ['a wrong power', { lhs: '\\frac{d}{dt} t^3', rhs: '3 t^3' }]],
  },
  {
    // \frac{dy}{dt}: d leads the numerator too (it read as the product d·y/(d·t))
    name: 'a power, the body in the numerator',
    truth: { lhs: '\\frac{d t^3}{dt}', rhs: '3 t^2' },
    wrong: [['a factor 2', { lhs: '\\frac{d t^3}{dt}', rhs: '6 t^2' }]],
  },
  {
    name: 'a logarithm',
    truth: { lhs: '\\frac{\\partial}{\\partial t} \\log t', rhs: '\\frac{1}{t}', assumptions: ['t > 0'] },
    wrong: [['a sign', { lhs: '\\frac{\\partial}{\\partial t} \\log t', rhs: '-\\frac{1}{t}', assumptions: ['t > 0'] }]],
  },
  {
    name: 'the chain rule through a root and an exponential',
    truth: { lhs: '\\frac{\\partial}{\\partial t} \\sqrt{1 + e^{2t}}', rhs: '\\frac{e^{2t}}{\\sqrt{1 + e^{2t}}}' },
    wrong: [['a missing inner factor', { lhs: '\\frac{\\partial}{\\partial t} \\sqrt{1 + e^{2t}}', rhs: '\\frac{e^{2t}}{2\\sqrt{1 + e^{2t}}}' }]],
  },
  {
    name: 'a second derivative',
    truth: { lhs: '\\frac{\\partial}{\\partial t} \\frac{\\partial}{\\partial t} t^4', rhs: '12 t^2' },
    wrong: [['the first derivative', { lhs: '\\frac{\\partial}{\\partial t} \\frac{\\partial}{\\partial t} t^4', rhs: '4 t^3' }]],
  },
  {
    name: 'a derivative with respect to a variance',
    truth: {
      lhs: '\\nabla_{\\sigma^2} \\left(-\\frac{1}{2} \\log \\sigma^2 - \\frac{u^2}{2 \\sigma^2}\\right)',
      rhs: '-\\frac{1}{2 \\sigma^2} + \\frac{u^2}{2 \\sigma^4}',
    },
    wrong: [['the derivative in σ instead', {
      lhs: '\\nabla_{\\sigma^2} \\left(-\\frac{1}{2} \\log \\sigma^2 - \\frac{u^2}{2 \\sigma^2}\\right)',
      rhs: '-\\frac{1}{\\sigma} + \\frac{u^2}{\\sigma^3}',
    }]],
  },
  {
    name: 'a quadratic form in a vector',
    truth: { lhs: '\\frac{\\partial}{\\partial x} x^T A x', rhs: '(A + A^T) x', shapes: true },
    wrong: [['a missing transpose (A is not symmetric)', { lhs: '\\frac{\\partial}{\\partial x} x^T A x', rhs: '2 A x', shapes: true }]],
  },
  {
    name: 'a linear form',
    truth: { lhs: '\\nabla_{x} a^T x', rhs: 'a', shapes: true },
    wrong: [['a sign', { lhs: '\\nabla_{x} a^T x', rhs: '-a', shapes: true }]],
  },
  {
    name: 'the Mahalanobis distance in its mean',
    truth: { lhs: '\\nabla_{\\mu} (x - \\mu)^T \\Sigma^{-1} (x - \\mu)', rhs: '-2 \\Sigma^{-1} (x - \\mu)', shapes: true },
    wrong: [
      ['a sign', { lhs: '\\nabla_{\\mu} (x - \\mu)^T \\Sigma^{-1} (x - \\mu)', rhs: '2 \\Sigma^{-1} (x - \\mu)', shapes: true }],
      ['a factor 2', { lhs: '\\nabla_{\\mu} (x - \\mu)^T \\Sigma^{-1} (x - \\mu)', rhs: '-\\Sigma^{-1} (x - \\mu)', shapes: true }],
    ],
  },
  {
    name: 'the log of a Gaussian density in its mean',
    truth: { lhs: '\\nabla_{\\mu} \\log \\mathcal{N}(x; \\mu, \\Sigma)', rhs: '\\Sigma^{-1} (x - \\mu)', shapes: true },
    wrong: [['Σ for Σ^{-1}', { lhs: '\\nabla_{\\mu} \\log \\mathcal{N}(x; \\mu, \\Sigma)', rhs: '\\Sigma (x - \\mu)', shapes: true }]],
  },
  {
    name: 'a log-determinant',
    truth: { lhs: '\\nabla_{\\Sigma} \\log |\\Sigma|', rhs: '\\Sigma^{-1}', shapes: true },
    wrong: [
      ['a factor 2 (the symmetric-entries convention)', { lhs: '\\nabla_{\\Sigma} \\log |\\Sigma|', rhs: '2 \\Sigma^{-1}', shapes: true }],
      ['Σ for Σ^{-1}', { lhs: '\\nabla_{\\Sigma} \\log |\\Sigma|', rhs: '\\Sigma', shapes: true }],
    ],
  },
  {
    name: 'a quadratic form in the inverse covariance',
    truth: { lhs: '\\nabla_{\\Sigma} a^T \\Sigma^{-1} a', rhs: '-\\Sigma^{-1} a a^T \\Sigma^{-1}', shapes: true },
    wrong: [
      ['a sign', { lhs: '\\nabla_{\\Sigma} a^T \\Sigma^{-1} a', rhs: '\\Sigma^{-1} a a^T \\Sigma^{-1}', shapes: true }],
      ['a missing factor Σ^{-1}', { lhs: '\\nabla_{\\Sigma} a^T \\Sigma^{-1} a', rhs: '-\\Sigma^{-1} a a^T', shapes: true }],
    ],
  },
  {
    name: 'the log of a Gaussian density in its covariance',
    truth: {
      lhs: '\\nabla_{\\Sigma} \\log \\mathcal{N}(x; \\mu, \\Sigma)',
      rhs: '-\\frac{1}{2} \\Sigma^{-1} + \\frac{1}{2} \\Sigma^{-1} (x - \\mu)(x - \\mu)^T \\Sigma^{-1}', shapes: true,
    },
    wrong: [['a missing ½', {
      lhs: '\\nabla_{\\Sigma} \\log \\mathcal{N}(x; \\mu, \\Sigma)',
      rhs: '-\\Sigma^{-1} + \\Sigma^{-1} (x - \\mu)(x - \\mu)^T \\Sigma^{-1}', shapes: true,
    }]],
  },
  {
    name: 'a trace in a general matrix',
    truth: { lhs: '\\nabla_{A} \\text{tr}(A B)', rhs: 'B^T', shapes: true },
    wrong: [['a missing transpose', { lhs: '\\nabla_{A} \\text{tr}(A B)', rhs: 'B', shapes: true }]],
  },
  {
    name: 'a derivative with respect to the precision Σ^{-1}',
    truth: { lhs: '\\nabla_{\\Sigma^{-1}} \\log |\\Sigma|', rhs: '-\\Sigma', shapes: true },
    wrong: [['a sign', { lhs: '\\nabla_{\\Sigma^{-1}} \\log |\\Sigma|', rhs: '\\Sigma', shapes: true }]],
  },
  {
    name: 'a Lagrangian in one member of a family',
    truth: {
      lhs: '\\frac{\\partial}{\\partial \\phi_j} \\left[\\sum_{l=1}^k c_l \\log \\phi_l + \\lambda \\left(1 - \\sum_{l=1}^k \\phi_l\\right)\\right]',
      rhs: '\\frac{c_j}{\\phi_j} - \\lambda', assumptions: LAGRANGE_RANGE,
    },
    wrong: [
      ['a sign of the multiplier', {
        lhs: '\\frac{\\partial}{\\partial \\phi_j} \\left[\\sum_{l=1}^k c_l \\log \\phi_l + \\lambda \\left(1 - \\sum_{l=1}^k \\phi_l\\right)\\right]',
        rhs: '\\frac{c_j}{\\phi_j} + \\lambda', assumptions: LAGRANGE_RANGE,
      }],
      ['a missing weight', {
        lhs: '\\frac{\\partial}{\\partial \\phi_j} \\left[\\sum_{l=1}^k c_l \\log \\phi_l + \\lambda \\left(1 - \\sum_{l=1}^k \\phi_l\\right)\\right]',
        rhs: '\\frac{1}{\\phi_j} - \\lambda', assumptions: LAGRANGE_RANGE,
      }],
    ],
  },
];

describe('derivatives at sampled points', () => {
  for (const { name, truth, wrong } of IDENTITIES) {
    it(`${name}: confirmed; ${wrong.map(([what]) => what).join(', ')}: refuted with certainty`, async () => {
      const ok = await check(truth);
      expect(ok.verdict, shown(ok)).toBe('confirmed');
      for (const [what, c] of wrong) {
        const r = await check(c);
        expect(r.verdict, `${what}: ${shown(r)}`).toBe('refuted');
        if (r.verdict === 'refuted') expect(r.message).toMatch(/certain in (exact rational|\d+-digit interval) arithmetic/);
      }
    });
  }

  it('a true derivative identity is never refuted, whatever the seed', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.nat(IDENTITIES.length - 1), async (seed, k) => {
      const r = await check(IDENTITIES[k]!.truth, seed, 60);
      expect(r.verdict, `${IDENTITIES[k]!.name} at seed ${seed}: ${shown(r)}`).toBe('confirmed');
    }), { numRuns: 40, seed: 11 });
  });

  it('a kink is skipped, not judged: d|t|/dt is t/|t| wherever it exists', async () => {
    expect((await check({ lhs: '\\frac{d}{dt} |t|', rhs: '\\frac{t}{|t|}' })).verdict).toBe('confirmed');
    expect((await check({ lhs: '\\frac{d}{dt} |t|', rhs: '1' })).verdict).toBe('refuted');
  });

  it('a gradient claimed off by an antisymmetric part is never refuted (Σ is symmetric)', async () => {
    // ∂ tr(AΣ^{-1})/∂Σ: −Σ^{-1}AᵀΣ^{-1} entry by entry, −Σ^{-1}AΣ^{-1} for another extension off the
    // symmetric matrices; only the symmetric part is determined, so neither is refuted nor confirmed
    for (const rhs of ['-\\Sigma^{-1} A^T \\Sigma^{-1}', '-\\Sigma^{-1} A \\Sigma^{-1}']) {
      const r = await check({ lhs: '\\nabla_{\\Sigma} \\text{tr}(A \\Sigma^{-1})', rhs, shapes: true });
      expect(r.verdict, shown(r)).toBe('unverified');
      if (r.verdict === 'unverified') expect(r.reason).toMatch(/antisymmetric/);
    }
    const sign = await check({ lhs: '\\nabla_{\\Sigma} \\text{tr}(A \\Sigma^{-1})', rhs: '\\Sigma^{-1} A \\Sigma^{-1}', shapes: true });
    expect(sign.verdict).toBe('refuted');
    // inside a larger expression the undetermined part could decide: never refuted there
    const inside = await check({ lhs: '\\text{tr}(B \\nabla_{\\Sigma} \\text{tr}(A \\Sigma^{-1}))', rhs: '-\\text{tr}(B \\Sigma^{-1} A^T \\Sigma^{-1})', shapes: true });
    expect(inside, shown(inside)).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/inside a larger expression/) });
    // scaled by a number it is still at the top of the side
    const scaled = await check({ lhs: '-\\frac{1}{2} \\nabla_{\\Sigma} \\log |\\Sigma|', rhs: '-\\frac{1}{2} \\Sigma^{-1}', shapes: true });
    expect(scaled.verdict, shown(scaled)).toBe('confirmed');
    const scaledWrong = await check({ lhs: '-\\frac{1}{2} \\nabla_{\\Sigma} \\log |\\Sigma|', rhs: '\\frac{1}{2} \\Sigma^{-1}', shapes: true });
    expect(scaledWrong.verdict, shown(scaledWrong)).toBe('refuted');
  });

  it('a gradient set to 0 is compared with the zero vector', async () => {
    expect((await check({ lhs: '\\nabla_{x} a^T a', rhs: '0', shapes: true })).verdict).toBe('confirmed');
    const stationary = await check({ lhs: '\\nabla_{x} (x - a)^T (x - a)', rhs: '0', shapes: true });
    expect(stationary).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/first-order condition.*in entry \d of the \d×1 result/) });
  });

  it('a derivative set to 0 at a free variable is a first-order condition, never refuted as an identity', async () => {
    for (const lhs of ['\\frac{d}{dt} (t - 3)^2', '-2 \\frac{d}{dt} (t - 3)^2']) {
      const r = await check({ lhs, rhs: '0' });
      expect(r, lhs).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/first-order condition.*define the point \(t :=/) });
    }
    // the same derivative claimed equal to something else is an identity, and refuted when false
    expect((await check({ lhs: '\\frac{d}{dt} (t - 3)^2', rhs: '2 t' })).verdict).toBe('refuted');
  });

  it('a derivative set to 0 at a defined point is checked there, and refuted at a wrong one', async () => {
    const context = ctx({ symbols: { '\\mu': { kind: 'vector' }, x: { kind: 'vector' } }, assumptions: [assume('w^{(i)} > 0')] });
    const t = (l: string) => parseLatex(l, context.symbols);
    const objective = { lhs: t('J(\\mu)'), rhs: t('\\sum_{i=1}^n w^{(i)} (x^{(i)} - \\mu)^T (x^{(i)} - \\mu)') };
    const at = (point: string) => checkRelation(t('\\nabla_{\\hat{\\mu}} J(\\hat{\\mu})'), '=', t('0'),
      { ...context, definitions: [objective, { lhs: t('\\hat{\\mu}'), rhs: t(point) }] }, OPTS);
    const right = await at('\\frac{\\sum_{i=1}^n w^{(i)} x^{(i)}}{\\sum_{i=1}^n w^{(i)}}');
    expect(right.verdict, shown(right)).toBe('confirmed');
    const wrong = await at('\\frac{\\sum_{i=1}^n x^{(i)}}{n}');
    expect(wrong.verdict, shown(wrong)).toBe('refuted');
  });

  it('what it cannot evaluate it names: a Jacobian, a variable used as an index', async () => {
    const jacobian = await check({ lhs: '\\nabla_{x} A x', rhs: 'A', shapes: true });
    expect(jacobian).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/Jacobian/) });
    const bound = await check({ lhs: '\\frac{\\partial}{\\partial n} \\sum_{i=1}^n i', rhs: '1' });
    expect(bound).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/count/) });
    const mixed = await check({ lhs: '\\frac{\\partial}{\\partial \\mu_j} \\sum_{l=1}^k (\\mu_l - \\mu)^2', rhs: '0' });
    expect(mixed).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/beside the variable/) });
  });
});

// ---------------------------------------------------------------- through the checker

async function verdicts(document: string): Promise<{ line: number; verdict: string; message: string }[]> {
  const report = await checkSource('derivatives.tex', document, { ...DEFAULT_CHECK_OPTIONS });
  expect(report.error).toBeNull();
  return report.derivations.flatMap((d) => d.steps.map((s) => ({ line: s.line, verdict: s.verdict, message: s.message ?? '' })));
}

const ONE_DI = String.raw`
\begin{align*}
r &:= 2 \\ x^{(1)} &:= -1 \\ c^{(1)} &:= 10 \\ x^{(2)} &:= 1 \\ c^{(2)} &:= 4
\end{align*}
\[ L_C(\mu) := \sum_{i=1}^r c^{(i)} (x^{(i)} - \mu)^2 \]
`;

describe('derivative steps in a document', () => {
  it('the store-cluster derivative of a defined objective is confirmed', async () => {
    const steps = await verdicts(`${ONE_DI}
\\[ \\frac{\\partial L_C}{\\partial \\mu} = 20(\\mu+1) + 8(\\mu-1) \\]
\\[ \\frac{d}{d\\mu} L_C(\\mu) = 28\\mu + 12 \\]
\\[ \\frac{d}{d\\mu} L_C(\\mu) = 0 \\implies \\mu = -\\frac{3}{7} \\]
`);
    // (the kernel's exact algebra may prove the second)
    for (const step of steps.slice(-3)) expect(step.verdict, JSON.stringify(step)).toMatch(/^(confirmed|proved)$/);
  });

  it('a name differentiated without its arguments is its defined function at its own arguments; with no definition, a function never sampled as a constant', async () => {
    // no definition: a function the file says nothing about, so no value to differentiate
    const bare = await check({ lhs: '\\frac{\\partial \\mathcal{J}}{\\partial t}', rhs: '2 t' });
    expect(bare).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/without arguments/) });
    // defined over named arguments, one of them the variable: the function at those arguments
    const steps = await verdicts(String.raw`
\[ \mathcal{J}(a, b) := a^2 b \]
\[ \frac{\partial \mathcal{J}}{\partial a} = 2 a b \]
\[ \frac{\partial}{\partial a} \left[\mathcal{J} + \lambda a\right] = 2 a b + \lambda \]
\[ \frac{\partial}{\partial a} \mathcal{J}(a, b) = 2 a b \]
\[ \frac{\partial \mathcal{J}}{\partial a} = a b \]
\[ \frac{\partial \mathcal{J}}{\partial c} = 1 \]
`);
    expect(steps.slice(0, 4).map((s) => s.verdict), JSON.stringify(steps)).toEqual(['definition', 'confirmed', 'confirmed', expect.stringMatching(/^(confirmed|proved)$/)]);
    expect(steps[4]!.verdict, JSON.stringify(steps[4])).toBe('refuted');
    // with respect to something that is none of its arguments, the bare name is still no value
    expect(steps[5]!.verdict, JSON.stringify(steps[5])).toBe('unverified');
  });

  // An objective over labelled points (u_{s^{(i)}}) written bare under ∂/∂u_j: its index j is one
  // of the members the objective sums over (no assumption j ≤ k needed), and a count of the labels
  // stated only in words is a particular quantity, never drawn freely to refute a correct solution.
  const LABELLED = String.raw`\[ G(u) := \sum_{l=1}^{k} c_l (u_l - b_l)^2 + \sum_{i=1}^{r} (u_{s^{(i)}} - y^{(i)})^2 \]`;

  it('a bare objective differentiated by a member of its argument: a correct gradient is confirmed, a wrong one refuted', async () => {
    const steps = await verdicts(String.raw`
${LABELLED}
\[ \frac{\partial G}{\partial u_j} = 2 c_j (u_j - b_j) + 2 \sum_{i=1}^{r} 1\{s^{(i)} = j\} (u_j - y^{(i)}) \]
\[ \frac{\partial G}{\partial u_j} = c_j (u_j - b_j) + 2 \sum_{i=1}^{r} 1\{s^{(i)} = j\} (u_j - y^{(i)}) \]
\[ \frac{\partial G}{\partial u_j} = 2 c_j (u_j - b_j) + 2 \sum_{i=1}^{r} (u_j - y^{(i)}) \]
`);
    expect(steps.map((s) => s.verdict), JSON.stringify(steps)).toEqual(['definition', 'confirmed', 'refuted', 'refuted']);
  });

  it('a stationary solution of a bare objective: a count described only in words is never drawn freely; defined, the solution is decided', async () => {
    const spoken = await verdicts(String.raw`
Each point $i$ carries a label $s^{(i)}$, and $m_j$ is the number of points with label $j$.
${LABELLED}
\[ \frac{\partial G}{\partial u_j} = 0 \implies u_j = \frac{c_j b_j + \sum_{i=1}^{r} 1\{s^{(i)} = j\} y^{(i)}}{c_j + m_j} \]
\[ \frac{\partial G}{\partial u_j} = 2 (c_j + m_j) u_j - 2 c_j b_j - 2 \sum_{i=1}^{r} 1\{s^{(i)} = j\} y^{(i)} \]
`);
    expect(spoken.map((s) => s.verdict), JSON.stringify(spoken)).toEqual(['definition', 'unverified', 'unverified']);
    for (const step of spoken.slice(1)) expect(step.message).toMatch(/m_\{…\}.*particular quantity/);
    const defined = await verdicts(String.raw`
${LABELLED}
\[ m_j := \sum_{i=1}^{r} 1\{s^{(i)} = j\} \]
\[ \frac{\partial G}{\partial u_j} = 0 \implies u_j = \frac{c_j b_j + \sum_{i=1}^{r} 1\{s^{(i)} = j\} y^{(i)}}{c_j + m_j} \]
\[ \frac{\partial G}{\partial u_j} = 0 \implies u_j = \frac{b_j + \sum_{i=1}^{r} 1\{s^{(i)} = j\} y^{(i)}}{c_j + m_j} \]
`);
    expect(defined.map((s) => s.verdict), JSON.stringify(defined)).toEqual(['definition', 'definition', 'confirmed', 'refuted']);
  });

  it('a definition that reaches the variable is unfolded: F(θ) written over μ_j, a Lagrangian in a member of its vector argument', async () => {
    const steps = await verdicts(String.raw`
% assume: j \in \mathbb{N}
% assume: j \le 3
% assume: k \ge 3
\[ F(\theta) := \sum_{l=1}^k c_l (\mu_l - a_l)^2 \]
\[ \frac{\partial F(\theta)}{\partial \mu_j} = 2 c_j (\mu_j - a_j) \]
\[ \frac{\partial F(\theta)}{\partial \mu_j} = c_j (\mu_j - a_j) \]
\[ \mathcal{L}(\phi, \lambda) := \sum_{l=1}^k c_l \log \phi_l - \lambda\left(\sum_{l=1}^k \phi_l - 1\right) \]
\[ \frac{\partial \mathcal{L}(\phi, \lambda)}{\partial \phi_j} = \frac{c_j}{\phi_j} - \lambda \]
\[ \frac{\partial \mathcal{L}(\phi, \lambda)}{\partial \phi_j} = \frac{c_j}{\phi_j} + \lambda \]
`);
    expect(steps.map((s) => s.verdict), JSON.stringify(steps)).toEqual(['definition', 'confirmed', 'refuted', 'definition', 'confirmed', 'refuted']);
  });

  it('a condition checked at its solution takes the derivative there, through the definition', async () => {
    const steps = await verdicts(String.raw`
% assume: j \in \mathbb{N}
% assume: j \le 3
% assume: k \ge 3
% assume: c_l > 0
\[ F(\theta) := \sum_{l=1}^k c_l (\mu_l - a_l)^2 \]
\[ \frac{\partial F(\theta)}{\partial \mu_j} = 0 \implies \mu_j = a_j \]
\[ \frac{\partial F(\theta)}{\partial \mu_j} = 0 \implies \mu_j^{(t+1)} = a_j \]
\[ \frac{\partial F(\theta)}{\partial \mu_j} = 0 \implies \mu_j = 2 a_j \]
\[ \frac{\partial F(\theta)}{\partial \mu_j} = 0 \implies \mu_j = a_j + b_j \]
`);
    expect(steps.slice(0, 4).map((s) => s.verdict), JSON.stringify(steps)).toEqual(['definition', 'confirmed', 'confirmed', 'refuted']);
    // b_j: a quantity the condition never reaches, so a particular one deriva does not know
    expect(steps[4]).toMatchObject({ verdict: 'unverified', message: expect.stringMatching(/the condition it solves does not/) });
  });

  it('a product whose factors do not chain is read in the grouping where it is defined', async () => {
    const steps = await verdicts(String.raw`
% assume: \Sigma \succ 0, a \in \mathbb{R}^d
\[ \Sigma^{-1} a^T a = (a^T a) \Sigma^{-1} \]
\[ \text{tr}\left(\Sigma^{-1} a a^T\right) = \text{tr}\left(\Sigma^{-1} a^T a\right) \]
`);
    expect(steps[0]!.verdict, JSON.stringify(steps[0])).toMatch(/^(confirmed|proved)$/);
    expect(steps[1]!.verdict, JSON.stringify(steps[1])).toBe('refuted');
  });

  it('the derivative of an undefined objective stays unverified (it means a particular function)', async () => {
    const steps = await verdicts(String.raw`
\[ \frac{\partial}{\partial \mu} \ell(\mu) = 2\mu \]
\[ \frac{\partial J}{\partial \mu} = 2\mu \]
`);
    expect(steps.map((s) => s.verdict)).toEqual(['unverified', 'unverified']);
    // sampled as any smooth function, ℓ disagrees; the claims policy keeps that from being a refutation
    expect(steps[0]!.message).toMatch(/has no definition/);
  });

  it('stationarity of a defined objective: the right value solves it (scalars and vectors)', async () => {
    const steps = await verdicts(String.raw`
% assume: w^{(i)} > 0
\[ J(m) := \sum_{i=1}^n w^{(i)} (y^{(i)} - m)^2 \]
\[ \frac{\partial}{\partial m} J(m) = 0 \implies m = \frac{\sum_{i=1}^n w^{(i)} y^{(i)}}{\sum_{i=1}^n w^{(i)}} \]
\[ \frac{\partial}{\partial m} J(m) = 0 \implies m = \frac{\sum_{i=1}^n y^{(i)}}{n} \]

% assume: \mu \in \mathbb{R}^d, x^{(i)} \in \mathbb{R}^d
\[ K(\mu) := \sum_{i=1}^n w^{(i)} (x^{(i)} - \mu)^T (x^{(i)} - \mu) \]
\[ \nabla_{\mu} K(\mu) = 0 \implies \mu = \frac{\sum_{i=1}^n w^{(i)} x^{(i)}}{\sum_{i=1}^n w^{(i)}} \]
\[ \nabla_{\mu} K(\mu) = 0 \implies \mu = \frac{\sum_{i=1}^n x^{(i)}}{\sum_{i=1}^n w^{(i)}} \]
\[ \nabla_{\mu} K(\mu) = -2 \sum_{i=1}^n w^{(i)} (x^{(i)} - \mu) \]
`);
    const [, right, missingWeight, , vectorRight, vectorMissingWeight, gradient] = steps;
    expect(right!.verdict, JSON.stringify(right)).toBe('confirmed');
    expect(vectorRight!.verdict, JSON.stringify(vectorRight)).toBe('confirmed');
    expect(gradient!.verdict, JSON.stringify(gradient)).toBe('confirmed');
    // A value that does not solve the condition is refuted (a first-order condition's 0 is no data
    // substituted by hand).
    for (const wrong of [missingWeight!, vectorMissingWeight!]) expect(wrong.verdict, JSON.stringify(wrong)).toBe('refuted');
  });

  it('a first-order condition in a document: unverified with the reason where the point is free, checked where it is defined', async () => {
    const steps = await verdicts(String.raw`
% assume: w^{(i)} > 0
\[ J(s) := \sum_{i=1}^n w^{(i)} (y^{(i)} - s)^2 \]
\[ \frac{\partial}{\partial s} J(s) = 0 \]
\[ \hat{s} := \frac{\sum_{i=1}^n w^{(i)} y^{(i)}}{\sum_{i=1}^n w^{(i)}} \]
\[ \frac{\partial}{\partial \hat{s}} J(\hat{s}) = 0 \]
`);
    const [, free, , defined] = steps;
    expect(free, JSON.stringify(free)).toMatchObject({ verdict: 'unverified', message: expect.stringMatching(/first-order condition/) });
    // (the kernel's algebra may prove it)
    expect(defined!.verdict, JSON.stringify(defined)).toMatch(/^(confirmed|proved)$/);
  });

  it('a wrong stationary point is refuted by the back-end: the condition at the value', async () => {
    const context = ctx({ symbols: { '\\mu': { kind: 'vector' }, x: { kind: 'vector' } }, assumptions: [assume('w^{(i)} > 0')] });
    const t = (l: string) => parseLatex(l, context.symbols);
    const definitions = [{ lhs: t('J(\\mu)'), rhs: t('\\sum_{i=1}^n w^{(i)} (x^{(i)} - \\mu)^T (x^{(i)} - \\mu)') }];
    const at = (value: string) => checkRelation(t(`\\nabla_{${value}} J(${value})`), '=', t('0'), { ...context, definitions }, OPTS);
    expect((await at('\\frac{\\sum_{i=1}^n w^{(i)} x^{(i)}}{\\sum_{i=1}^n w^{(i)}}')).verdict).toBe('confirmed');
    expect((await at('\\frac{\\sum_{i=1}^n x^{(i)}}{\\sum_{i=1}^n w^{(i)}}')).verdict).toBe('refuted');
    expect((await at('\\frac{\\sum_{i=1}^n w^{(i)} x^{(i)}}{n}')).verdict).toBe('refuted');
  });

  it('a Lagrangian step in the mixing weights', async () => {
    const steps = await verdicts(String.raw`
% assume: j \in \mathbb{N}
% assume: j \le 3
% assume: k \ge 3
\[ \frac{\partial}{\partial \phi_j} \Big[\sum_{l=1}^k c_l \log \phi_l + \lambda \Big(1 - \sum_{l=1}^k \phi_l\Big)\Big] = \frac{c_j}{\phi_j} - \lambda \]
\[ \frac{\partial}{\partial \phi_j} \Big[\sum_{l=1}^k c_l \log \phi_l + \lambda \Big(1 - \sum_{l=1}^k \phi_l\Big)\Big] = \frac{c_j}{\phi_j} + \lambda \]
`);
    expect(steps.map((s) => s.verdict), JSON.stringify(steps)).toEqual(['confirmed', 'refuted']);
  });
});
