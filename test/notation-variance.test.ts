/**
 * Variance and covariance, the notation family of src/notation/families/variance.ts, through the
 * checker (the library's checkSource, the CLI's own path): its readings are decided, proved from
 * the rules of rules/variance.rules, sampled over the sampler's discrete laws and Gaussian ones,
 * refuted when wrong, left unverified where no law is known, and printed back as written.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, renderHtml, renderLatex, type Report, type StepReport } from '../src/index.js';
import { key } from '../src/expr/model.js';
import { parseLatex } from '../src/notation/parse.js';
import { toLatex } from '../src/notation/print.js';
import { parsesWithKatex } from './render-latex-tools.js';

/** A generous budget: these assertions are about meanings, not speed, and must not flake on a loaded machine. */
const options = { samples: 100, stepBudgetMs: 20_000, seed: 3 };
const align = (...rows: string[]): string => `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n`;
const steps = (r: Report): StepReport[] => r.files.flatMap((f) => f.derivations.flatMap((d) => d.steps));

async function only(row: string, extra: Partial<typeof options> & { explain?: boolean } = {}): Promise<StepReport> {
  const r = await checkSource(align(row), { ...options, ...extra });
  expect(r.files[0]!.error, row).toBeNull();
  const all = steps(r);
  expect(all, row).toHaveLength(1);
  return all[0]!;
}
const accepted = (s: StepReport): boolean => s.verdict === 'proved' || s.verdict === 'confirmed';

describe('variance and covariance of random variables under the implicit law', () => {
  it('Var(X) = E[X^2] - E[X]^2 is proved by def-variance; E[(X - E[X])^2] is confirmed by sampling', async () => {
    const proved = await only('\\mathrm{Var}(X) &= \\mathbb{E}[X^2] - \\mathbb{E}[X]^2');
    expect(proved.verdict, proved.message).toBe('proved');
    expect(proved.rules).toContain('def-variance');
    const sampled = await only('\\operatorname{Var}(X) &= \\mathbb{E}\\big[(X - \\mathbb{E}[X])^2\\big]');
    expect(accepted(sampled), sampled.message).toBe(true);
    expect(sampled.samples).toBeGreaterThan(0);
  });

  it('Var(aX) = a^2 Var(X) holds; Var(aX) = a Var(X) is refuted with a counterexample', async () => {
    expect(accepted(await only('\\mathrm{Var}(aX) &= a^2\\mathrm{Var}(X)'))).toBe(true);
    const wrong = await only('\\mathrm{Var}(aX) &= a\\,\\mathrm{Var}(X)');
    expect(wrong.verdict, wrong.message).toBe('refuted');
    expect(wrong.counterexample).not.toBeNull();
    expect(Object.keys(wrong.counterexample!.assignment)).toContain('a');
  });

  it('Cov(X, X) = Var(X), written with brackets or parentheses', async () => {
    expect(accepted(await only('\\mathrm{Cov}(X,X) &= \\mathrm{Var}(X)'))).toBe(true);
    expect(accepted(await only('\\operatorname{Cov}[X, X] &= \\operatorname{Var}[X]'))).toBe(true);
  });

  it('Var(X + Y) = Var(X) + Var(Y) + 2 Cov(X, Y) is confirmed over the joint law; a wrong sign is refuted', async () => {
    const right = await only('\\mathrm{Var}(X+Y) &= \\mathrm{Var}(X)+\\mathrm{Var}(Y)+2\\mathrm{Cov}(X,Y)');
    expect(right.verdict, right.message).toBe('confirmed');
    for (const row of [
      '\\mathrm{Var}(X+Y) &= \\mathrm{Var}(X)+\\mathrm{Var}(Y)-2\\mathrm{Cov}(X,Y)',
      '\\mathrm{Var}(X-Y) &= \\mathrm{Var}(X)+\\mathrm{Var}(Y)+2\\mathrm{Cov}(X,Y)',
      // independence is not given: the covariance term cannot be dropped
      '\\mathrm{Var}(X+Y) &= \\mathrm{Var}(X)+\\mathrm{Var}(Y)',
    ]) expect((await only(row)).verdict, row).toBe('refuted');
  });

  it('the law of total variance holds; with a minus it is refuted', async () => {
    expect((await only('\\mathrm{Var}(X) &= \\mathbb E[\\mathrm{Var}(X \\mid Z)] + \\mathrm{Var}(\\mathbb E[X \\mid Z])')).verdict).toBe('confirmed');
    expect((await only('\\mathrm{Var}(X) &= \\mathbb E[\\mathrm{Var}(X \\mid Z)] - \\mathrm{Var}(\\mathbb E[X \\mid Z])')).verdict).toBe('refuted');
  });

  it('a variance is non-negative; E[X]^2 >= E[X^2], the reverse, is refuted', async () => {
    expect(accepted(await only('\\mathrm{Var}(X) &\\ge 0'))).toBe(true);
    expect((await only('\\mathbb{E}[X]^2 &\\ge \\mathbb{E}[X^2]')).verdict).toBe('refuted');
  });
});

describe('variance under a written law', () => {
  it('Var_{x ~ P}[f(x)] unfolds by def-variance', async () => {
    const s = await only('\\mathrm{Var}_{x\\sim P}[f(x)] &= \\mathbb{E}_{x\\sim P}[f(x)^2] - \\mathbb{E}_{x\\sim P}[f(x)]^2');
    expect(s.verdict, s.message).toBe('proved');
  });
  it('under a Gaussian law (by quadrature): Var[2x + 1] = 4σ² is confirmed, Var[x] = σ refuted', async () => {
    const right = await only('\\operatorname{Var}_{x\\sim \\mathcal N(\\mu, \\sigma^2)}[2x + 1] &= 4\\sigma^2');
    expect(right.verdict, right.message).toBe('confirmed');
    expect((await only('\\operatorname{Var}_{x\\sim \\mathcal N(\\mu, \\sigma^2)}[x] &= \\sigma')).verdict).toBe('refuted');
  });
});

describe('where no law is known', () => {
  it('Var(x_t) = 1 is unverified, never refuted, and says which law is missing', async () => {
    const s = await only('\\mathrm{Var}(x_t) &= 1');
    expect(s.verdict).toBe('unverified');
    expect(s.message).toContain('law');
  });
  it('a random variable the writer gives a law of its own, or treats as a value too, is never refuted on the sampler\'s law', async () => {
    const cases = [
      '% assume: X \\sim \\mathcal N(0, 1)\n' + align('\\mathrm{Var}(X) &= 1'),
      '% assume: X \\sim \\mathcal N(0, 1)\n' + align('\\mathbb{E}[X] &= 0'),
      'Let $X \\sim \\mathcal N(0, 1)$ and $Y \\sim \\mathcal N(0, 1)$ be independent.\n' + align('\\mathrm{Var}(X + Y) &= \\mathrm{Var}(X) + \\mathrm{Var}(Y)'),
      'Let $X$ and $Y$ be independent random variables.\n' + align('\\mathrm{Var}(X + Y) &= \\mathrm{Var}(X) + \\mathrm{Var}(Y)'),
      align('\\mathbb{E}[A] &= A'),
      // a value of X's law, which nothing fixes: an answer, not an identity
      align('\\mathbb{E}[X] &= 1'),
      align('\\mathrm{Var}(X) &= 2'),
    ];
    for (const text of cases) {
      const [s] = steps(await checkSource(text, options));
      expect(s!.verdict, text).toBe('unverified');
      expect(s!.message, text).toContain('not refuted');
    }
  });
  it('a document that defines its own Var keeps it', async () => {
    const r = await checkSource(align('\\mathrm{Var}(u) &:= u^2') + align('\\mathrm{Var}(3) &= 9'), options);
    const [definition, step] = steps(r);
    expect(definition!.verdict).toBe('definition');
    expect(accepted(step!), step!.message).toBe(true);
  });
});

describe('printing back', () => {
  const writtenAs: readonly [string, string][] = [
    ['\\mathrm{Var}(aX)', '\\operatorname{Var}(a X)'],
    ['\\text{Cov}[X, Y]', '\\operatorname{Cov}(X, Y)'],
    ['\\mathrm{Var}(X \\mid Z)', '\\operatorname{Var}(X \\mid Z)'],
    ['\\mathrm{Var}_{x\\sim P}[f(x)]', '\\operatorname{Var}_{x \\sim P}\\left[f(x)\\right]'],
    ['\\mathrm{Cov}[x_t]', '\\operatorname{Cov}(x_{t})'],
    ['\\mathbb{E}[X^2]', '\\mathbb{E}\\left[X^{2}\\right]'],
  ];
  it('prints each reading as writers put it, in LaTeX that reads back the same and that KaTeX typesets', () => {
    for (const [written, printed] of writtenAs) {
      const e = parseLatex(written);
      expect(toLatex(e), written).toBe(printed);
      expect(key(parseLatex(printed)), printed).toBe(key(e));
      parsesWithKatex(printed);
    }
  });
  it('--explain shows the proof in the family notation; the LaTeX and HTML reports render it', async () => {
    const text = align('\\mathrm{Var}(aX) &= a^2\\mathrm{Var}(X)', '&= a^2\\,\\mathbb{E}[X^2] - a^2\\,\\mathbb{E}[X]^2');
    const r = await checkSource(text, { ...options, explain: true });
    const [first] = steps(r);
    expect(first!.proof.map((p) => p.result)).toContain('a^{2} \\operatorname{Var}(X)');
    for (const p of first!.proof) parsesWithKatex(p.result);
    expect(await renderLatex(r)).toContain('\\mathrm{Var}(aX)');
    const html = await renderHtml(r);
    expect(html).toContain('class="katex"');
    expect(html).not.toContain('katex-error');
  });
});
