/**
 * The values a random variable of the implicit law takes. Its outcomes were once the numbers
 * 0, 1, 2 that label them, so claims true only of such variables (E[X] ≥ 0, Var(X) ≤ 1,
 * E[X(X-1)(X-2)] = 0) were confirmed. Each outcome used as a number now carries a drawn value,
 * while a law's argument and a stated value set keep naming outcomes by their labels; and
 * "Let $X$ be a random variable" makes a value stated for X's law a claim about every law.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, type Report, type StepReport } from '../src/index.js';

const options = { samples: 100, stepBudgetMs: 20_000, seed: 3 };
const displays = (...rows: string[]): string => rows.map((r) => `\\[ ${r} \\]`).join('\n') + '\n';
const steps = (r: Report): StepReport[] => r.files.flatMap((f) => f.derivations.flatMap((d) => d.steps));
const checked = async (text: string): Promise<StepReport[]> => steps(await checkSource(text, options));
const accepted = (s: StepReport): boolean => s.verdict === 'proved' || s.verdict === 'confirmed';
const ANY_X = 'Let $X$ be a random variable.\n';

describe('a random variable of the implicit law takes drawn values', () => {
  it('claims true only of the values 0, 1, 2 are refuted', async () => {
    const rows = [
      '\\operatorname{Var}(X) \\le 1',
      '\\mathbb E[X^2] \\ge \\mathbb E[X]',
      '\\mathbb E[X(X-1)(X-2)] = 0',
      '\\mathbb E[e^{X}] \\ge 1',
      '\\mathbb E[X] \\ge 0',
    ];
    const found = await checked(ANY_X + displays(...rows));
    expect(found).toHaveLength(rows.length);
    for (const [k, s] of found.entries()) expect(s.verdict, `${rows[k]}: ${s.message}`).toBe('refuted');
  });

  it('a counterexample shows the values the outcomes took', async () => {
    const [s] = await checked(ANY_X + displays('\\mathbb E[X] \\ge 0'));
    expect(s!.verdict).toBe('refuted');
    expect(Object.keys(s!.counterexample!.assignment)).toContainEqual(expect.stringMatching(/^value\(x=\d\)$/));
  });

  it('identities over every law stay accepted', async () => {
    const rows = [
      '\\mathbb E[aX + b] = a\\mathbb E[X] + b',
      '\\operatorname{Var}(X) = \\mathbb E[X^2] - \\mathbb E[X]^2',
      '\\operatorname{Var}(aX) = a^2 \\operatorname{Var}(X)',
      '\\mathbb E[X^2] \\ge \\mathbb E[X]^2',
      '\\operatorname{Cov}(X, X) = \\operatorname{Var}(X)',
      '\\mathbb E[X + Y] = \\mathbb E[X] + \\mathbb E[Y]',
      '\\operatorname{Cov}(X, Y) = \\mathbb E[XY] - \\mathbb E[X]\\mathbb E[Y]',
      '\\operatorname{Var}(X) = \\mathbb E\\big[(X - \\mathbb E[X])^2\\big]',
      '\\mathbb E[e^X] \\ge e^{\\mathbb E[X]}',
    ];
    const found = await checked('Let $a, b$ be real numbers.\n' + displays(...rows));
    expect(found).toHaveLength(rows.length);
    for (const [k, s] of found.entries()) expect(accepted(s), `${rows[k]}: ${s.verdict} ${s.message}`).toBe(true);
  });

  it('sums over outcomes name them by label and weigh their values: E[X] as a sum, total expectation', async () => {
    const rows = [
      '\\mathbb E[X] = \\sum_x x \\Pr(X = x)',
      '\\mathbb E[X^2] = \\sum_x x^2 \\Pr(X = x)',
      '\\mathbb E[X] = \\sum_y \\Pr(Y = y) \\mathbb E[X \\mid Y = y]',
    ];
    const found = await checked(displays(...rows));
    for (const [k, s] of found.entries()) expect(accepted(s), `${rows[k]}: ${s.verdict} ${s.message}`).toBe(true);
  });

  it('a stated value set keeps its values', async () => {
    const found = await checked('% assume: X \\in \\{0, 1\\}\n' + displays('\\mathbb E[X^2] = \\mathbb E[X]', '\\mathbb E[X] \\ge 0'));
    for (const s of found) expect(accepted(s), s.message).toBe(true);
    const [three] = await checked('% assume: X \\in \\{0, 1, 2\\}\n' + displays('\\mathbb E[X(X-1)(X-2)] = 0'));
    expect(accepted(three!), three!.message).toBe(true);
  });

  it('without "Let $X$ be a random variable" a value stated for X\'s law is still an answer, not refuted', async () => {
    const [s] = await checked(displays('\\mathbb E[X] \\ge 0'));
    expect(s!.verdict).toBe('unverified');
    expect(s!.message).toContain('not refuted');
  });
});
