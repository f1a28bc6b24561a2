/**
 * The Naive-Bayes remark through checkSource, the CLI's own path: the remark as the homework
 * writes it is refuted (an expected refutation, with a counterexample whose sides differ), the
 * corrected statement and the arg-min decomposition are proved or confirmed, and the errors one
 * could plant in them are refuted at their line. Beneath it, vector random variables: x ∈ {0,1}^d
 * is the vector of its components, summed over whole, read by component, and passed whole to a
 * model defined over it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plant } from './plant.js';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { FileReport, StepReport } from '../src/check/report.js';

const options = { ...DEFAULT_CHECK_OPTIONS, samples: 100 };
const ACCEPTED = ['proved', 'confirmed'];
const FILE = 'naive-bayes-remark.tex';
const source = readFileSync(new URL(`../derivations/${FILE}`, import.meta.url), 'utf8');

function steps(report: FileReport): StepReport[] {
  expect(report.error).toBeNull();
  return report.derivations.flatMap((d) => d.steps);
}

const show = (ss: readonly StepReport[]): string => ss.map((s) => `${s.line}: ${s.verdict} ${s.message}`).join(' | ');

function expectRefutedAt(all: readonly StepReport[], line: number): void {
  const planted = all.filter((s) => s.line === line);
  expect(planted.length, `a step on line ${line}`).toBeGreaterThan(0);
  const refuted = planted.find((s) => s.verdict === 'refuted');
  expect(refuted, show(planted)).toBeDefined();
  const cx = refuted!.counterexample!;
  expect(Math.abs(cx.lhs - cx.rhs)).toBeGreaterThan(1e-9 * Math.max(1, Math.abs(cx.lhs), Math.abs(cx.rhs)));
  for (const s of planted) expect(ACCEPTED).not.toContain(s.verdict);
}

describe('the Naive-Bayes remark (SPEC 4)', () => {
  it('the remark as written is refuted as expected; everything else is proved or confirmed', async () => {
    const report = await checkSource(`derivations/${FILE}`, source, options);
    expect(report.problems.map((p) => p.message)).toEqual([]);
    const all = steps(report);
    const expected = all.filter((s) => s.expected === 'refuted');
    expect(expected).toHaveLength(1);
    expect(expected[0]!.verdict, show(expected)).toBe('refuted');
    expect(expected[0]!.from).toMatch(/D_\{KL\}\(\\hat P\\\|P_\\theta\)/);
    const cx = expected[0]!.counterexample!;
    expect(Math.abs(cx.lhs - cx.rhs)).toBeGreaterThan(1e-6);
    const open = all.filter((s) => s.expected === null && s.verdict !== 'definition' && !ACCEPTED.includes(s.verdict));
    expect(open, show(open)).toEqual([]);
    // the decomposition and the corrected statement are among the accepted steps
    expect(all.some((s) => s.to.includes('\\text{const}') && ACCEPTED.includes(s.verdict))).toBe(true);
    expect(all.some((s) => s.from.startsWith('\\arg\\min_\\theta') && ACCEPTED.includes(s.verdict))).toBe(true);
  }, 120_000);

  const variants = [
    { name: 'the decomposition without the joint entropy', before: String.raw`  &= \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) + \sum_{i=1}^d H_{\hat P}(x_i|y) - H_{\hat P}(x|y)
\end{align*}`, after: String.raw`  &= \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) + \sum_{i=1}^d H_{\hat P}(x_i|y)
\end{align*}` },
    { name: 'the prior dropped into the constant', before: String.raw`  &= D_{KL}(\hat P(y)\|p_\theta(y)) + \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) + \text{const}`,
      after: String.raw`  &= \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) + \text{const}` },
    { name: 'the prior dropped from the arg min', before: String.raw`  &= \arg\min_\theta \left( D_{KL}(\hat P(y)\|p_\theta(y)) + \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) \right)`,
      after: String.raw`  &= \arg\min_\theta \left( \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) \right)` },
    { name: 'the conditional divergences without the label weights', before: String.raw`\sum_{c\in\{0,1\}} \hat P(y = c)\,
       D_{KL}`, after: String.raw`\sum_{c\in\{0,1\}}
       D_{KL}` },
    { name: 'the prior problem solved by the other label', before: String.raw`\arg\min_s b(\hat P(y = 1), s) &= \hat P(y = 1)`,
      after: String.raw`\arg\min_s b(\hat P(y = 1), s) &= \hat P(y = 0)` },
  ];

  for (const v of variants) {
    it(`a planted error is refuted at its line: ${v.name}`, async () => {
      const { text, line } = plant(source, v.before, v.after);
      expectRefutedAt(steps(await checkSource(`derivations/${FILE}`, text, options)), line);
    }, 120_000);
  }
});

describe('vector random variables: x ∈ {0,1}^d', () => {
  const check = async (body: string): Promise<StepReport[]> => {
    const report = await checkSource('derivations/vector.tex', `% context: ../contexts/homework3.tex#sec:naive-bayes\n${body}`, options);
    expect(report.problems.map((p) => p.message)).toEqual([]);
    return steps(report).filter((s) => s.verdict !== 'definition');
  };
  const one = async (step: string): Promise<StepReport> => {
    const [s] = await check(`\\begin{align*}\n${step}\n\\end{align*}\n`);
    return s!;
  };

  it('a sum over x runs over the whole product set {0,1}^d', async () => {
    const right = await one(String.raw`\sum_{x} \hat P(x|y) &= 1`);
    expect(ACCEPTED, right.message).toContain(right.verdict);
    const wrong = await one(String.raw`\sum_{x} \hat P(x|y) &= \hat P(y)`);
    expect(wrong.verdict, wrong.message).toBe('refuted');
  });

  it('a component of x is a variable of the joint: summing the others out gives its marginal', async () => {
    // (a free i is no instance where it exceeds d: those worlds are skipped, never judged)
    const right = await one(String.raw`\sum_{i=1}^d \sum_{x} 1\{x_i = 1\}\,\hat P(x|y) &= \sum_{i=1}^d \hat P(x_i = 1|y)`);
    expect(ACCEPTED, right.message).toContain(right.verdict);
    const wrong = await one(String.raw`\sum_{i=1}^d \sum_{x} 1\{x_i = 1\}\,\hat P(x|y) &= \sum_{i=1}^d \hat P(x_i = 0|y)`);
    expect(wrong.verdict, wrong.message).toBe('refuted');
  });

  it('a model defined over the vector takes it whole: its marginal in y is the prior', async () => {
    const right = await one(String.raw`\sum_{x} P_\theta(x, y) &= p_\theta(y)`);
    expect(ACCEPTED, right.message).toContain(right.verdict);
    const wrong = await one(String.raw`\sum_{x} P_\theta(x, y) &= \hat P(y)`);
    expect(wrong.verdict, wrong.message).toBe('refuted');
  });

  it('a sum whose body names x only by a component is ambiguous (\\sum_{x_i} reads as \\sum_x): never judged', async () => {
    const s = await one(String.raw`\sum_{x_i} \hat P(x_i|y) &= 1`);
    expect(s.verdict, s.message).toBe('unverified');
    expect(s.message).toMatch(/only its components/);
  });

  it('what the remark leaves out is the entropy difference, for every θ', async () => {
    const s = await one(String.raw`D_{KL}(\hat P\|P_\theta) - D_{KL}(\hat P(y)\|p_\theta(y)) - \sum_{i=1}^d D_{KL}(\hat P(x_i|y)\|p_\theta(x_i|y)) &= \sum_{i=1}^d H_{\hat P}(x_i|y) - H_{\hat P}(x|y)`);
    expect(ACCEPTED, s.message).toContain(s.verdict);
  });
});
