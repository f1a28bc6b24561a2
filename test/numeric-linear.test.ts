/** Vectors and matrices: the GMM algebra of problem 2 and the shapes it must respect. */
import { describe, expect, it } from 'vitest';
import { parseAssumption, parseLatex } from '../src/notation/parse.js';
import { checkRelation, type NumericResult } from '../src/numeric/index.js';
import type { Relation } from '../src/document/source.js';
import type { SymbolInfo } from '../src/expr/symbols.js';
import { ctx, fn, OPTS } from './numeric-build.js';

const kinds: Record<string, SymbolInfo> = {
  x: { kind: 'vector' }, '\\mu': { kind: 'vector' }, '\\Sigma': { kind: 'matrix' }, A: { kind: 'matrix' }, B: { kind: 'matrix' },
  I: { kind: 'matrix' }, w: { kind: 'scalar' },
};
const assume = (l: string) => parseAssumption({ latex: l, spans: [{ offset: 0, line: 1, column: 1 }] }, ctx().symbols, 'test');

function check(lhs: string, relation: Relation, rhs: string, assumptions: string[] = []): Promise<NumericResult> {
  const c = ctx({ symbols: kinds, assumptions: assumptions.map(assume) });
  return checkRelation(parseLatex(lhs, c.symbols), relation, parseLatex(rhs, c.symbols), c, OPTS);
}

describe('vectors and matrices', () => {
  it('expands a squared norm', async () => {
    expect((await check('\\|x - \\mu\\|^2', '=', 'x^T x - 2 x^T \\mu + \\mu^T \\mu')).verdict).toBe('confirmed');
    expect((await check('\\|x - \\mu\\|^2', '=', 'x^T x - x^T \\mu + \\mu^T \\mu')).verdict).toBe('refuted');
  });
  it('a quadratic form splits only for a symmetric matrix (Σ is one by convention)', async () => {
    const lhs = '(x - \\mu)^T \\Sigma^{-1} (x - \\mu)';
    const rhs = 'x^T \\Sigma^{-1} x - 2 \\mu^T \\Sigma^{-1} x + \\mu^T \\Sigma^{-1} \\mu';
    expect((await check(lhs, '=', rhs, ['\\Sigma \\succ 0'])).verdict).toBe('confirmed');
    expect((await check(lhs, '=', rhs)).verdict).toBe('confirmed');
    const general = (e: string) => e.replaceAll('\\Sigma', 'A');
    expect((await check(general(lhs), '=', general(rhs))).verdict).toBe('refuted');
    expect((await check(general(lhs), '=', general(rhs), ['A \\succ 0'])).verdict).toBe('confirmed');
  });
  it('matrix products do not commute; the identity is neutral', async () => {
    expect((await check('A B', '=', 'B A')).verdict).toBe('refuted');
    expect((await check('A I', '=', 'A')).verdict).toBe('confirmed');
    expect((await check('(A B)^T', '=', 'B^T A^T')).verdict).toBe('confirmed');
    expect((await check('(A B)^T', '=', 'A^T B^T')).verdict).toBe('refuted');
  });
  it('the log of a multivariate Gaussian density', async () => {
    const r = await check('\\log \\mathcal{N}(x; \\mu, \\Sigma)', '=',
      '-\\frac{d}{2} \\log (2\\pi) - \\frac{1}{2} \\log |\\Sigma| - \\frac{1}{2} (x - \\mu)^T \\Sigma^{-1} (x - \\mu)', ['\\Sigma \\succ 0']);
    expect(r, JSON.stringify(r)).toMatchObject({ verdict: 'confirmed' });
    const wrong = await check('\\log \\mathcal{N}(x; \\mu, \\Sigma)', '=',
      '-\\frac{d}{2} \\log (2\\pi) + \\frac{1}{2} \\log |\\Sigma| - \\frac{1}{2} (x - \\mu)^T \\Sigma^{-1} (x - \\mu)', ['\\Sigma \\succ 0']);
    expect(wrong.verdict).toBe('refuted');
  });
  it('vector-valued sides: the M-step numerator', async () => {
    const lhs = '\\sum_{i=1}^n w^{(i)} (x^{(i)} - \\mu)';
    expect((await check(lhs, '=', '\\sum_{i=1}^n w^{(i)} x^{(i)} - \\left(\\sum_{i=1}^n w^{(i)}\\right) \\mu')).verdict).toBe('confirmed');
    expect((await check(lhs, '=', '\\sum_{i=1}^n w^{(i)} x^{(i)} - \\mu')).verdict).toBe('refuted');
  });
  it('a bold function without a definition is vector-valued, a function of its arguments\' entries', async () => {
    const bold = { '\\mathbf{m}': { kind: 'vector' }, '\\mathbf{x}': { kind: 'vector' } } as const;
    const c = ctx({ symbols: bold });
    const scaled = (k: string) => checkRelation(parseLatex('\\|c(\\mathbf m_\\theta(\\mathbf x, t) - \\mathbf x)\\|^2', c.symbols), '=',
      parseLatex(`${k}\\|\\mathbf m_\\theta(\\mathbf x, t) - \\mathbf x\\|^2`, c.symbols), c, OPTS);
    expect((await scaled('c^2')).verdict).toBe('confirmed');
    expect((await scaled('c')).verdict).toBe('refuted');
  });
  it('a bold vector as the argument of a law is an outcome of an arbitrary law, unless it is also a vector value', async () => {
    const c = ctx({ symbols: { '\\mathbf{x}': { kind: 'vector' }, '\\mathbf{y}': { kind: 'vector' } } });
    const step = (l: string, r: string) => checkRelation(parseLatex(l, c.symbols), '=', parseLatex(r, c.symbols), c, OPTS);
    expect((await step('p(\\mathbf x \\mid \\mathbf y)\\,p(\\mathbf y)', 'p(\\mathbf x, \\mathbf y)')).verdict).toBe('confirmed');
    const both = await step('p(\\mathbf x)\\,\\|\\mathbf x\\|^2', 'p(\\mathbf x)\\,\\mathbf x^T\\mathbf x');
    expect(both).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/vector value and also the argument of a law/) });
  });
  it('shape errors are unverified, never guessed', async () => {
    const r = await check('x + A', '=', 'A + x');
    expect(r.verdict).toBe('unverified');
    expect((await check('x^T x', '<=', '\\|x\\|^2')).verdict).toBe('confirmed');
    expect((await check('x', '<=', '\\mu')).verdict).toBe('unverified');
  });
});

describe('Gaussian laws in KL and entropy', () => {
  it('KL between scalar Gaussians with a shared variance', async () => {
    const lhs = 'D_{KL}(\\mathcal{N}(a, s^2) \\| \\mathcal{N}(b, s^2))';
    expect((await check(lhs, '=', '\\frac{(a - b)^2}{2 s^2}', ['s > 0'])).verdict).toBe('confirmed');
    expect((await check(lhs, '=', '\\frac{(a - b)^2}{s^2}', ['s > 0'])).verdict).toBe('refuted');
  });
  it('KL between isotropic vector Gaussians is a scaled squared distance', async () => {
    const lhs = 'D_{KL}(\\mathcal{N}(\\mu, \\sigma^2 I) \\| \\mathcal{N}(x, \\sigma^2 I))';
    expect((await check(lhs, '=', '\\frac{1}{2\\sigma^2} \\|\\mu - x\\|^2', ['\\sigma > 0'])).verdict).toBe('confirmed');
    expect((await check(lhs, '=', '\\frac{1}{\\sigma^2} \\|\\mu - x\\|^2', ['\\sigma > 0'])).verdict).toBe('refuted');
  });
  it('conditional densities defined as Gaussians (the denoising term)', async () => {
    const c = ctx({ symbols: kinds, assumptions: [assume('s > 0')] });
    const t = (l: string) => parseLatex(l, c.symbols);
    const defs = [
      { lhs: t('q(u | y)'), rhs: t('\\mathcal{N}(u; a y, s^2)') },
      { lhs: t('p(u | y)'), rhs: t('\\mathcal{N}(u; b y, s^2)') },
    ];
    const ok = await checkRelation(t('D_{KL}(q(u | y) \\| p(u | y))'), '=', t('\\frac{(a - b)^2 y^2}{2 s^2}'), { ...c, definitions: defs }, OPTS);
    expect(ok.verdict).toBe('confirmed');
    const bad = await checkRelation(t('D_{KL}(q(u | y) \\| p(u | y))'), '=', t('\\frac{(a - b)^2 y}{2 s^2}'), { ...c, definitions: defs }, OPTS);
    expect(bad.verdict).toBe('refuted');
  });
  it('entropy of a Gaussian (built directly: the parser reads H(\\mathcal N(…)) as a product)', async () => {
    const c = ctx({ assumptions: [assume('s > 0')] });
    const h = fn('entropy', parseLatex('\\mathcal{N}(a, s^2)'));
    expect((await checkRelation(h, '=', parseLatex('\\frac{1}{2} + \\frac{1}{2}\\log (2 \\pi s^2)'), c, OPTS)).verdict).toBe('confirmed');
    expect((await checkRelation(h, '=', parseLatex('\\frac{1}{2}\\log (2 \\pi s^2)'), c, OPTS)).verdict).toBe('refuted');
  });
});

describe('expectations under Gaussian laws (quadrature, refused when unresolved)', () => {
  it('moments of a scalar Gaussian', async () => {
    const lhs = '\\mathbb{E}_{z \\sim \\mathcal{N}(a, s^2)}[z^2]';
    expect((await check(lhs, '=', 'a^2 + s^2', ['s > 0'])).verdict).toBe('confirmed');
    expect((await check(lhs, '=', 'a^2', ['s > 0'])).verdict).toBe('refuted');
  });
  it('a vector quadratic form has expectation d', async () => {
    const lhs = '\\mathbb{E}_{x \\sim \\mathcal{N}(\\mu, \\Sigma)}[(x - \\mu)^T \\Sigma^{-1} (x - \\mu)]';
    const r = await check(lhs, '=', 'd', ['\\Sigma \\succ 0']);
    expect(r, JSON.stringify(r)).toMatchObject({ verdict: 'confirmed' });
    expect((await check(lhs, '=', 'd + 1', ['\\Sigma \\succ 0'])).verdict).toBe('refuted');
  });
  it('an expectation written without a law is over the one symbol stated to follow a law, and may be a matrix', async () => {
    const c = ctx({ symbols: kinds, assumptions: [assume('x \\sim p'), assume('\\Sigma \\succ 0')],
      definitions: [{ lhs: parseLatex('p'), rhs: parseLatex('\\mathcal{N}(\\mu, \\Sigma)', ctx({ symbols: kinds }).symbols) },
        { lhs: parseLatex('u'), rhs: parseLatex('x - \\mu', ctx({ symbols: kinds }).symbols) }] });
    const second = (rhs: string) => checkRelation(parseLatex('\\mathbb{E}[u u^T]', c.symbols), '=', parseLatex(rhs, c.symbols), c, OPTS);
    expect((await second('\\Sigma')).verdict).toBe('confirmed');
    expect((await second('\\Sigma + \\mu \\mu^T')).verdict).toBe('refuted');
    // a name of unknown status beside the drawn one might be random too: no law is guessed
    const other = await checkRelation(parseLatex('\\mathbb{E}[u^T u\\, w]', c.symbols), '=', parseLatex('w\\, \\operatorname{tr}(\\Sigma)', c.symbols), c, OPTS);
    expect(other).toMatchObject({ verdict: 'unverified', reason: expect.stringMatching(/expectation without a distribution/) });
  });
  it('bodies the rules cannot resolve are never refuted', async () => {
    const kink = await check('\\mathbb{E}_{z \\sim \\mathcal{N}(0, s^2)}[|z|]', '=', 's \\sqrt{2 / \\pi}', ['s > 0']);
    expect(kink.verdict).not.toBe('refuted');
    const exp = await check('\\mathbb{E}_{z \\sim \\mathcal{N}(a, s^2)}[\\exp(z)]', '=', '\\exp(a + s^2 / 2)', ['s > 0']);
    expect(exp.verdict).not.toBe('refuted');
  });
});
