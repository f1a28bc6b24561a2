import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/diagnostic.js';
import { key } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { parseLatex, parseMath, UnknownCommandError } from '../src/notation/parse.js';
import type { MathText } from '../src/document/source.js';

/** Parses, and says how it ended: a tree, or an InputError. Anything else (a crash) fails the test. */
const outcome = (latex: string): 'ok' | 'input-error' => {
  try {
    parseLatex(latex);
    return 'ok';
  } catch (e) {
    if (e instanceof InputError) return 'input-error';
    throw new Error(`${JSON.stringify(latex)} crashed: ${(e as Error).stack}`);
  }
};

const REAL = [
  'D_{KL}(P||Q) = \\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{Q(x)}',
  '\\arg \\max_{\\theta} \\left[ \\sum_{i=1}^n \\left( \\sum_{z^{(i)}} Q_i^{(t)}(z^{(i)}) \\log \\frac{p(x^{(i)}, z^{(i)}; \\theta)}{Q_i^{(t)}(z^{(i)})} \\right) + \\alpha \\left( \\sum_{i=1}^{\\tilde{n}} \\log p(\\tilde{x}^{(i)}, \\tilde{z}^{(i)}; \\theta) \\right) \\right]',
  '\\sum_{i=1}^n \\min_{j \\in \\{1, \\dots, k\\}} \\|x^{(i)} - \\mu^{(j)}\\|^2',
  '\\mathbb{E}_{t \\sim \\mathcal{U}[1, T], q(\\mathbf{x}_t|\\mathbf{x}_0)} \\frac{\\bar{\\alpha}_{t-1}(1 - \\alpha_t)^2}{2\\sigma_q^2(1 - \\bar{\\alpha}_t)^2} [\\|\\hat{\\mathbf{x}}_\\theta(\\mathbf{x}_t, t) - \\mathbf{x}_0\\|_2^2]',
  '\\frac{1}{2} \\left[ \\log \\frac{|\\boldsymbol{\\Sigma}_y|}{|\\boldsymbol{\\Sigma}_x|} - d + \\text{tr}(\\boldsymbol{\\Sigma}_y^{-1} \\boldsymbol{\\Sigma}_x) + (\\boldsymbol{\\mu}_y - \\boldsymbol{\\mu}_x)^T \\boldsymbol{\\Sigma}_y^{-1} (\\boldsymbol{\\mu}_y - \\boldsymbol{\\mu}_x) \\right]',
  '\\frac{1}{n} \\sum_{i=1}^n 1\\{x^{(i)} = x\\} + \\int_0^1 e^{-x^2} \\,\\mathrm d x',
];
const PIECES = ['\\frac', '\\sum', '_', '^', '{', '}', '(', ')', '[', ']', '|', '\\|', '\\{', '\\}', ',', ';', '=', '+', '-',
  'x', 'P', 'E', 'H', 'e', '1', '2', '\\log', '\\mathbb', '\\mathbf', '\\hat', '\\sqrt', '\\left', '\\right', '\\int', 'd',
  '\\text', 'KL', 'D_{KL}', '\\mid', '\\cdot', '\\dots', '\\arg', '\\min', '\\partial', '\\nabla', '\\in', '\\sim', '.', ' ',
  '\\alpha', '\\foo', '&', '\\\\', '%', '\\', 'θ', '∥', '\\underbrace', '\\operatorname*', '\\color', '\\forall'];

describe('robustness', () => {
  it('refuses deep nesting with an InputError instead of overflowing the stack', () => {
    for (const deep of [
      '('.repeat(5_000) + 'x' + ')'.repeat(5_000),
      '{'.repeat(5_000) + 'x' + '}'.repeat(5_000),
      '\\sqrt'.repeat(5_000) + ' x',
      '\\hat'.repeat(5_000) + ' x',
      'x^{'.repeat(2_000) + '2' + '}'.repeat(2_000),
      '\\frac{'.repeat(2_000) + '1}{2}'.repeat(2_000),
      '\\sum_i '.repeat(5_000) + 'x',
      '\\log '.repeat(5_000) + 'x',
      '|'.repeat(5_000),
    ]) {
      let caught: unknown;
      try { parseLatex(deep); } catch (e) { caught = e; }
      expect(caught, deep.slice(0, 30)).toBeInstanceOf(InputError);
    }
  });
  it('reads long flat input in linear time', () => {
    const long = Array.from({ length: 5_000 }, (_, i) => `x_{${i}}`).join(' + ');
    const start = performance.now();
    expect(outcome(long)).toBe('ok');
    expect(outcome('- '.repeat(20_000) + 'x')).toBe('ok');
    expect(performance.now() - start).toBeLessThan(5_000);
  });
  it('never crashes on random token soup', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (parts) => { outcome(parts.join('')); }), { numRuns: 1500, seed: 11 });
  });
  it('never crashes on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'binary' }), (s) => { outcome(s); }), { numRuns: 300, seed: 12 });
  });
  it('never crashes on mutations of real formulas', () => {
    const mutation = fc.tuple(fc.constantFrom(...REAL), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 4 }))
      .map(([src, edits]) => edits.reduce((s, [at, kind, piece]) => {
        const i = at % (s.length + 1);
        if (kind === 0) return s.slice(0, i) + s.slice(i + 1);               // delete a character
        if (kind === 1) return s.slice(0, i) + piece + s.slice(i);           // insert a piece
        if (kind === 2) return s.slice(0, i) + piece + s.slice(i + piece.length); // overwrite
        return s.slice(i) + s.slice(0, i);                                  // rotate
      }, src));
    fc.assert(fc.property(mutation, (s) => { outcome(s); }), { numRuns: 1500, seed: 13 });
  });
  it('parses the real formulas themselves', () => {
    for (const s of REAL) expect(outcome(s), s).toBe('ok');
  });
});

describe('positions', () => {
  /** A formula split over two source lines: offsets 0–10 from 7:10, then 8:3 on. */
  const text = (latex: string, second: number): MathText => ({ latex, spans: [{ offset: 0, line: 7, column: 10 }, { offset: second, line: 8, column: 3 }] });
  const failure = (t: MathText): InputError => {
    try { parseMath(t, defaultSymbols(), 'f.tex'); } catch (e) { if (e instanceof InputError) return e; throw e; }
    throw new Error('expected an InputError');
  };
  it('maps an error offset through the spans to the file position', () => {
    expect(failure(text('a + b + \\foo c', 8)).pos).toEqual({ line: 8, column: 3 });
    expect(failure(text('a + \\foo + b', 8)).pos).toEqual({ line: 7, column: 14 });
    expect(failure(text('\\frac{a}{b} + (c', 12)).pos).toEqual({ line: 8, column: 7 });
  });
  it('names the undefined command', () => {
    const e = failure(text('a + b + \\KL c', 8));
    expect(e).toBeInstanceOf(UnknownCommandError);
    expect((e as UnknownCommandError).command).toBe('\\KL');
    expect(e.message).toContain('\\KL');
  });
  it('gives the same tree whatever the spans', () => {
    const t = text('\\sum_x P(x) \\log P(x)', 5);
    expect(key(parseMath(t, defaultSymbols(), 'f.tex'))).toBe(key(parseLatex(t.latex)));
  });
});
