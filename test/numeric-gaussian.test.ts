/**
 * The linear-Gaussian model back-end against the homework's diffusion model (contexts/homework3.tex):
 * its laws against simulation and the homework's closed forms, Monte Carlo that never refutes a
 * true step, what it cannot evaluate left unverified, and the diffusion derivations with their
 * planted errors through checkSource, the CLI's own path.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { StepReport } from '../src/check/report.js';
import type { Expr } from '../src/expr/model.js';
import { checkInModel, DEFAULT_MODEL_CHECK } from '../src/numeric/gaussian/index.js';
import { ModelEval } from '../src/numeric/gaussian/evaluate.js';
import { draw, klGaussian, logDensity, type Gaussian } from '../src/numeric/gaussian/joint.js';
import { drawWorld, normalStream, type ModelWorld } from '../src/numeric/gaussian/world.js';
import { diffusionModel } from './diffusion-model.js';

const { spec, parse } = diffusionModel();
const limits = { draws: 64, work: 4_000_000 };
const alphaBar = (w: ModelWorld, t: number) => w.schedule.get('\\beta')!.slice(0, t).reduce((p, b) => p * (1 - b), 1);

describe('the model read from the context', () => {
  it('finds the process, its noise, both density letters, the sizes and the learned map', () => {
    expect(spec.process.name).toBe('\\mathbf{x}');
    expect([...spec.noises]).toEqual(['\\boldsymbol{\\epsilon}']);
    expect([spec.forward, spec.reverse, spec.length, spec.dimension]).toEqual(['q', 'p', 'T', 'd']);
    expect([...spec.schedule]).toEqual(['\\beta']);
    expect(spec.learned.size).toBe(1);
    expect(spec.unread).toEqual([]);
  });

  it('draws an increasing schedule in (0, 1) and t within the assumptions (t ≥ 2)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const w = drawWorld(spec, seed, false);
      const beta = w.schedule.get('\\beta')!;
      expect(beta.length).toBe(w.T);
      beta.forEach((b, k) => { expect(b).toBeGreaterThan(0); expect(b).toBeLessThan(1); if (k > 0) expect(b).toBeGreaterThan(beta[k - 1]!); });
      expect(w.t).toBeGreaterThanOrEqual(2);
      expect(w.t).toBeLessThanOrEqual(w.T);
    }
  });
});

describe('SPEC 9: the forward marginal q(x_t|x_0) = N(√ᾱ_t x_0, (1−ᾱ_t)I)', () => {
  it('the model\'s law is the closed form exactly, at every t', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const w = drawWorld(spec, seed, false);
      const joint = new ModelEval(spec, w, 0, limits).forward();
      for (let t = 1; t <= w.T; t++) {
        const law = joint.conditional([String(t)], [], []);
        const ab = alphaBar(w, t);
        law.mean.forEach((m, i) => expect(m).toBeCloseTo(Math.sqrt(ab) * w.x0[i]!, 12));
        law.cov.forEach((row, i) => row.forEach((c, j) => expect(c).toBeCloseTo(i === j ? 1 - ab : 0, 12)));
      }
    }
  });

  it('running the chain step by step gives the closed form\'s moments', () => {
    const w = drawWorld(spec, 7, false);
    const beta = w.schedule.get('\\beta')!;
    const n = 40_000;
    const normal = normalStream(99);
    const sums = Array.from({ length: w.T + 1 }, () => ({ m: 0, v: 0 }));
    for (let r = 0; r < n; r++) {
      let x = w.x0[0]!;
      for (let t = 1; t <= w.T; t++) {
        x = Math.sqrt(1 - beta[t - 1]!) * x + Math.sqrt(beta[t - 1]!) * normal();
        sums[t]!.m += x;
        sums[t]!.v += x * x;
      }
    }
    for (let t = 1; t <= w.T; t++) {
      const ab = alphaBar(w, t);
      const mean = sums[t]!.m / n;
      const variance = sums[t]!.v / n - mean * mean;
      // five standard errors of each estimate
      expect(Math.abs(mean - Math.sqrt(ab) * w.x0[0]!)).toBeLessThan(5 * Math.sqrt((1 - ab) / n));
      expect(Math.abs(variance - (1 - ab))).toBeLessThan(5 * (1 - ab) * Math.sqrt(2 / n));
    }
  });
});

describe('SPEC 10: log p(x_0) = ELBO + D_KL(q(x_{1:T}|x_0) ‖ p(x_{1:T}|x_0)) on a linear-Gaussian reverse model', () => {
  it('holds with the ELBO by Monte Carlo and both other terms exact', () => {
    for (const seed of [3, 11, 29]) {
      const w = drawWorld(spec, seed, true);
      const ev = new ModelEval(spec, w, 0, limits);
      const scope = ev.initialScope();
      const forward = ev.forward();
      const reverse = ev.reverse(scope, 0);
      const chain = Array.from({ length: w.T }, (_, k) => String(k + 1));
      const q = forward.conditional(chain, [], []);
      const p = reverse.conditional(chain, ['0'], [w.x0]);
      const logPx0 = logDensity(reverse.conditional(['0'], [], []), w.x0);
      const joint = (xs: number[]) => logDensity(reverse.conditional(['0', ...chain], [], []), [...w.x0, ...xs]);
      const normal = normalStream(seed);
      const n = 20_000;
      let elbo = 0;
      let elbo2 = 0;
      let klByDraws = 0;
      for (let r = 0; r < n; r++) {
        const xs = draw(q, q.mean.map(() => normal()));
        const term = joint(xs) - logDensity(q, xs);
        elbo += term; elbo2 += term * term;
        klByDraws += logDensity(q, xs) - logDensity(p, xs);
      }
      elbo /= n;
      const se = Math.sqrt((elbo2 / n - elbo * elbo) / n);
      const kl = klGaussian(q, p);
      expect(Math.abs(logPx0 - (elbo + kl))).toBeLessThan(5 * se + 1e-9);
      // the closed-form divergence against sampling
      expect(Math.abs(klByDraws / n - kl)).toBeLessThan(5 * se + 1e-9);
      expect(kl).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('SPEC 11: the denoising KL term equals ᾱ_{t−1}(1−α_t)² / (2σ_q²(1−ᾱ_t)²) ‖x̂_θ − x_0‖²', () => {
  it('the model\'s posterior q(x_{t−1}|x_t, x_0) is the homework\'s (μ_q, σ_q² I)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const w = drawWorld(spec, seed, false);
      const ev = new ModelEval(spec, w, 0, limits);
      const s = ev.initialScope();
      const t = w.t;
      const xt = s.points.get(t)!;
      const law = ev.forward().conditional([String(t - 1)], [String(t)], [xt]);
      const [a, ab, abPrev] = [1 - w.schedule.get('\\beta')![t - 1]!, alphaBar(w, t), alphaBar(w, t - 1)];
      const muQ = xt.map((x, i) => (Math.sqrt(a) * (1 - abPrev) * x + Math.sqrt(abPrev) * (1 - a) * w.x0[i]!) / (1 - ab));
      const sigma2 = ((1 - a) * (1 - abPrev)) / (1 - ab);
      law.mean.forEach((m, i) => expect(m).toBeCloseTo(muQ[i]!, 10));
      law.cov.forEach((row, i) => row.forEach((c, j) => expect(c).toBeCloseTo(i === j ? sigma2 : 0, 10)));
    }
  });

  it('Monte Carlo of E_q[log q − log p_θ] matches the weighting formula', () => {
    for (const seed of [5, 17, 23]) {
      const w = drawWorld(spec, seed, false);
      const ev = new ModelEval(spec, w, 0, limits);
      const s = ev.initialScope();
      const t = w.t;
      const xt = s.points.get(t)!;
      const [a, ab, abPrev] = [1 - w.schedule.get('\\beta')![t - 1]!, alphaBar(w, t), alphaBar(w, t - 1)];
      const sigma2 = ((1 - a) * (1 - abPrev)) / (1 - ab);
      const posterior = ev.forward().conditional([String(t - 1)], [String(t)], [xt]);
      // the model's step, with the learned map the world draws (through the context's definition of μ_θ)
      const mu = ev.value(parse('\\boldsymbol\\mu_\\theta(\\mathbf x_t, t)'), s) as { data: number[] };
      const xhat = ev.value(parse('\\hat{\\mathbf x}_\\theta(\\mathbf x_t, t)'), s) as { data: number[] };
      const step: Gaussian = { mean: mu.data, cov: posterior.cov };
      const normal = normalStream(seed);
      const n = 20_000;
      let sum = 0;
      let sum2 = 0;
      for (let r = 0; r < n; r++) {
        const x = draw(posterior, posterior.mean.map(() => normal()));
        const v = logDensity(posterior, x) - logDensity(step, x);
        sum += v; sum2 += v * v;
      }
      const mean = sum / n;
      const se = Math.sqrt((sum2 / n - mean * mean) / n);
      const err2 = xhat.data.reduce((acc, v, i) => acc + (v - w.x0[i]!) ** 2, 0);
      const formula = (abPrev * (1 - a) ** 2) / (2 * sigma2 * (1 - ab) ** 2) * err2;
      expect(Math.abs(mean - formula)).toBeLessThan(5 * se + 1e-9);
    }
  });
});

describe('expectations inside the model', () => {
  const options = (seed: number) => ({ ...DEFAULT_MODEL_CHECK, seed, worlds: 3 });
  const run = (pair: readonly [string, string], seeds: number) => {
    const [lhs, rhs] = pair.map(parse) as [Expr, Expr];
    return Array.from({ length: seeds }, (_, seed) => checkInModel(spec, lhs, '=', rhs, options(seed + 1))!);
  };

  it('a quadratic form is exact: E‖x_t‖² = ᾱ_t‖x_0‖² + d(1−ᾱ_t), and ᾱ_{t−1} in its place is refuted', () => {
    const quadratic = '\\mathbb E_{q(\\mathbf x_t|\\mathbf x_0)}\\left[\\|\\mathbf x_t\\|^2\\right]';
    const right = run([quadratic, '\\bar\\alpha_t\\|\\mathbf x_0\\|^2 + d(1-\\bar\\alpha_t)'], 10);
    expect(right.map((r) => r.verdict)).toEqual(Array(10).fill('confirmed'));
    expect(right.every((r) => r.verdict === 'confirmed' && r.note.startsWith('agrees exactly'))).toBe(true);
    const wrong = run([quadratic, '\\bar\\alpha_t\\|\\mathbf x_0\\|^2 + d(1-\\bar\\alpha_{t-1})'], 10);
    expect(wrong.map((r) => r.verdict)).toEqual(Array(10).fill('refuted'));
  });

  // E exp(−½‖x‖²) for x ~ N(m, s²I) in R^d is (1+s²)^{−d/2} exp(−‖m‖²/(2(1+s²))); here s² = 1−ᾱ_t, m = √ᾱ_t x_0
  const gaussianBump = '\\mathbb E_{q(\\mathbf x_t|\\mathbf x_0)}\\left[\\exp\\left(-\\frac12\\|\\mathbf x_t\\|^2\\right)\\right]';
  const bumpValue = '(2-\\bar\\alpha_t)^{-d/2}\\exp\\left(-\\frac{\\bar\\alpha_t\\|\\mathbf x_0\\|^2}{2(2-\\bar\\alpha_t)}\\right)';

  it('Monte Carlo never refutes a true step that holds only in expectation, over 200 seeds', () => {
    const results = run([gaussianBump, bumpValue], 200);
    expect(results.filter((r) => r.verdict === 'refuted')).toEqual([]);
    expect(results.some((r) => r.verdict === 'confirmed' && r.note.includes('standard errors of Monte Carlo'))).toBe(true);
  });

  it('Monte Carlo refutes, and never confirms, the same step off by a factor 2', () => {
    const results = run([gaussianBump, `2${bumpValue}`], 20);
    expect(results.filter((r) => r.verdict === 'confirmed')).toEqual([]);
    expect(results.filter((r) => r.verdict === 'refuted').length).toBeGreaterThan(15);
  });
});

describe('what the model cannot evaluate', () => {
  it('a density that needs the data distribution q(x_0) leaves the step unverified, naming it', () => {
    const r = checkInModel(spec, parse('q(\\mathbf x_1)'), '=', parse('\\mathcal N(\\mathbf x_1; 0, \\mathbf I)'), { ...DEFAULT_MODEL_CHECK, seed: 1 });
    expect(r?.verdict).toBe('unverified');
    expect(r?.verdict === 'unverified' && r.reason).toMatch(/q\(x_0\)/);
  });

  it('a step that does not speak of the model is left to the general back-end', () => {
    expect(checkInModel(spec, parse('a + b'), '=', parse('b + a'), { ...DEFAULT_MODEL_CHECK, seed: 1 })).toBeNull();
  });
});

// ---------------------------------------------------------------- the derivations

const checkOptions = { ...DEFAULT_CHECK_OPTIONS, samples: 100 };
const steps = async (path: string, text: string): Promise<StepReport[]> => {
  const r = await checkSource(path, text, checkOptions);
  expect(r.error).toBeNull();
  return r.derivations.flatMap((d) => d.steps);
};

describe('the diffusion derivations', () => {
  for (const file of ['diffusion-forward-marginal.tex', 'diffusion-elbo.tex', 'diffusion-denoising-weight.tex']) {
    it(`${file}: every step proved, confirmed or a definition`, async () => {
      const all = await steps(`derivations/${file}`, readFileSync(`derivations/${file}`, 'utf8'));
      expect(all.length).toBeGreaterThan(5);
      expect(all.filter((s) => !['proved', 'confirmed', 'definition'].includes(s.verdict)).map((s) => `${s.line}: ${s.verdict} ${s.message}`)).toEqual([]);
    });
  }

  const wrong = readdirSync('test/fixtures/wrong').filter((f) => f.startsWith('diffusion-'));
  it('has a planted variant of each kind the issue names', () => expect(wrong.length).toBe(5));
  for (const file of wrong) {
    it(`${file}: refuted at the planted line, nothing else refuted`, async () => {
      const text = readFileSync(`test/fixtures/wrong/${file}`, 'utf8');
      const planted = Number(/^% planted: (\d+)/.exec(text)![1]);
      // checked as if it stood in derivations/, so that its `% context:` line finds the context
      const all = await steps(`derivations/${file}`, text);
      const at = all.filter((s) => s.line === planted);
      expect(at.map((s) => s.verdict), at.map((s) => s.message).join(' | ')).toContain('refuted');
      const refuted = at.find((s) => s.verdict === 'refuted')!;
      expect(Math.abs(refuted.counterexample!.lhs - refuted.counterexample!.rhs)).toBeGreaterThan(0);
      expect(all.filter((s) => s.verdict === 'refuted' && s.line !== planted).map((s) => s.line)).toEqual([]);
    });
  }
});

describe('random vectors compared in a step', () => {
  const inContext = (body: string) => `% context: ../contexts/homework3.tex#sec:diffusion\n${body}`;
  const display = (row: string) => `\\begin{align*}\n${row}\n\\end{align*}\n`;
  const verdicts = async (body: string) => (await steps('derivations/noise.tex', inContext(body))).map((s) => `${s.verdict}: ${s.message}`);
  it('a noise on both sides is one draw: its coefficients must agree, though the sides have one law', async () => {
    const [wrong] = await verdicts(display('\\mathbf x_t - \\boldsymbol\\epsilon &= \\mathbf x_t + \\boldsymbol\\epsilon'));
    expect(wrong).toMatch(/^refuted: .*same noise .*epsilon.* different coefficients/);
    // a noise on one side only is a fresh draw, and the step a claim of law (the forward marginal)
    const [marginal] = await verdicts(display('\\mathbf x_t &= \\sqrt{\\bar\\alpha_t}\\,\\mathbf x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\boldsymbol\\epsilon'));
    expect(marginal).toMatch(/^confirmed: .*equal in law/);
    // both: the shared noise ε_t agrees, the fresh parts have one covariance
    const [transition] = await verdicts(display('\\mathbf x_t &= \\sqrt{\\alpha_t}\\,\\mathbf x_{t-1} + \\sqrt{1-\\alpha_t}\\,\\boldsymbol\\epsilon_t'));
    expect(transition).toMatch(/^(proved|confirmed)/);
  });
  it('a point of the process the file defines is what the file made it, where written as defined', async () => {
    const defined = display('\\mathbf x_t &:= \\sqrt{\\bar\\alpha_t}\\,\\mathbf x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\boldsymbol\\epsilon');
    const [, right] = await verdicts(defined + display('\\mathbf x_t - \\sqrt{1-\\bar\\alpha_t}\\,\\boldsymbol\\epsilon &= \\sqrt{\\bar\\alpha_t}\\,\\mathbf x_0'));
    expect(right).toMatch(/^proved/);
    const [, wrong] = await verdicts(defined + display('\\mathbf x_t - \\sqrt{1-\\bar\\alpha_t}\\,\\boldsymbol\\epsilon &= \\mathbf x_t + \\sqrt{1-\\bar\\alpha_t}\\,\\boldsymbol\\epsilon'));
    expect(wrong).toMatch(/^refuted/);
  });
});
