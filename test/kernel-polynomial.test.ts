/** The kernel's exact algebra on the homework's identities (no oracle: cross-multiplied polynomials). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLatex } from '../src/notation/parse.js';
import { equalRational } from '../src/kernel/algebra/index.js';

const eq = (a: string, b: string) => equalRational(parseLatex(a), parseLatex(b)).kind === 'equal';

describe('equalRational on polynomials and fractions', () => {
  it('decides polynomial identities exactly, with rational coefficients', () => {
    expect(eq('(a+b)^2 - (a-b)^2', '4ab')).toBe(true);
    expect(eq('10(-1-\\mu)^2 + 4(1-\\mu)^2', '14\\mu^2 + 12\\mu + 14')).toBe(true);
    expect(eq('\\frac{1}{3}x + \\frac{2}{3}x', 'x')).toBe(true);
    expect(eq('(a+b)^2', 'a^2 + b^2')).toBe(false);
    expect(eq('10(-1-\\mu)^2 + 4(1-\\mu)^2', '14\\mu^2 - 12\\mu + 14')).toBe(false);
  });

  it('treats anything else as an opaque atom, and decides fractions by cross-multiplying', () => {
    expect(eq('2\\log a + \\log a', '3 \\log a')).toBe(true);
    expect(eq('\\frac{a}{b} + \\frac{a}{b}', '\\frac{2a}{b}')).toBe(true);
    expect(eq('\\frac{a}{b} + \\frac{a}{b}', '\\frac{2b}{a}')).toBe(false);
  });

  it('never calls two different polynomials equal (checked by evaluation)', () => {
    const coef = fc.integer({ min: -5, max: 5 });
    const poly = fc.tuple(coef, coef, coef, coef).map(([c0, c1, c2, c3]) => `${c0} + ${c1}x + ${c2}x^2 + ${c3}xy`);
    fc.assert(fc.property(poly, poly, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (p, q, x, y) => {
      const value = (s: string) => { const [c0, c1, c2, c3] = s.match(/-?\d+/g)!.map(Number); return c0! + c1! * x + c2! * x * x + c3! * x * y; };
      if (eq(p, q)) expect(Math.abs(value(p) - value(q))).toBeLessThan(1e-9);
    }), { seed: 3, numRuns: 200 });
  });
});
