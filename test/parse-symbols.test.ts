import { describe, expect, it } from 'vitest';
import { key } from '../src/expr/model.js';
import { parseAssumption, parseMath } from '../src/notation/parse.js';
import { symbolTableFor } from '../src/check/symbols.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import type { ChainLink, Derivation, MathText, Relation, SourceDocument } from '../src/document/source.js';

const text = (latex: string, line = 1): MathText => ({ latex, spans: [{ offset: 0, line, column: 1 }] });
const derivation = (head: string, ...links: [Relation, string][]): Derivation => ({
  name: 'd', pos: { line: 1, column: 1 }, env: 'align*', head: text(head), wrt: [],
  links: links.map(([relation, rhs]): ChainLink => ({ relation, pos: { line: 1, column: 1 }, rhs: text(rhs), justification: null })),
});
const doc = (derivations: Derivation[], assumptions: string[] = []): SourceDocument => ({
  path: 'x.tex', derivations, problems: [], prose: [], expectations: [], contexts: [],
  assumptions: assumptions.map((a) => ({ text: text(a), pos: { line: 1, column: 1 } })),
});
const assumption = (s: string) => key(parseAssumption(text(s), defaultSymbols(), 'x.tex'));

describe('symbolTableFor', () => {
  it('learns functions and distributions from definitions', () => {
    const t = symbolTableFor(doc([
      derivation('R(\\mu)', [':=', '\\mu^2']),
      derivation('\\tilde{q}(x)', [':=', '\\frac{1}{2}']),
      derivation('\\ell_{\\text{sup}}(\\theta)', ['=', '\\theta']),
      derivation('a(b)', ['=', 'ab']),
    ]));
    expect(t.get('R')?.kind).toBe('function');
    expect(t.get('\\tilde{q}')?.kind).toBe('distribution');
    expect(t.get('\\ell_{sup}')?.kind).toBe('function');
    expect(t.get('a')).toBeUndefined();
  });
  it('uses what it learned when the checker parses: R(x) applies, a(b) multiplies', () => {
    const t = symbolTableFor(doc([derivation('R(\\mu)', [':=', '\\mu^2'])]));
    expect(parseMath(text('R(x+1)'), t, 'x.tex').kind).toBe('call');
    expect(parseMath(text('a(x+1)'), t, 'x.tex').kind).toBe('mul');
  });
  it('learns counts from sum bounds and vectors/matrices from bold marks', () => {
    const t = symbolTableFor(doc([derivation('\\sum_{i=1}^{M} \\mathbf{v}_i', ['=', '\\boldsymbol{\\Sigma} \\mathbf{w}'])]));
    expect(t.get('M')?.kind).toBe('count');
    expect(t.get('\\mathbf{v}')?.kind).toBe('vector');
    expect(t.get('\\mathbf{w}')?.kind).toBe('vector');
    expect(t.get('\\boldsymbol{\\Sigma}')?.kind).toBe('matrix');
    // the plain letters are other symbols, and learn nothing from the bold ones
    expect(t.get('v')).toBeUndefined();
  });
  it('learns shapes from use for names nothing declares', () => {
    // a term of a sum with a declared vector is a vector; so is the other side of an equation with one
    const sum = symbolTableFor(doc([derivation('(y - \\mu)^T A (y - \\mu)', ['=', 'c\\,e']), derivation('u', ['=', '2 y'])], ['\\mu \\in \\mathbb{R}^d']));
    expect(sum.get('y')?.kind).toBe('vector');
    expect(sum.get('u')?.kind).toBe('vector');
    // c and e could each be the vector: neither is guessed
    expect(sum.get('c')).toBeUndefined();
    expect(sum.get('e')).toBeUndefined();
    // a transposed sum of undeclared letters is no number: lower case vectors, capitals matrices
    const transposed = symbolTableFor(doc([derivation('(a - b)^T (a - b) + \\operatorname{tr}(B^T B)', ['=', 's'])]));
    expect([transposed.get('a')?.kind, transposed.get('b')?.kind, transposed.get('B')?.kind]).toEqual(['vector', 'vector', 'matrix']);
    // the point and mean of a Gaussian density with a covariance matrix are vectors
    const density = symbolTableFor(doc([derivation('\\log \\mathcal{N}(v; \\nu, \\Sigma)', ['=', 'r'])]));
    expect([density.get('v')?.kind, density.get('\\nu')?.kind]).toEqual(['vector', 'vector']);
    // a declaration wins over the use
    const declared = symbolTableFor(doc([derivation('(y - \\mu)^T (y - \\mu)', ['=', 's'])], ['y \\in \\mathbb{R}']));
    expect(declared.get('y')?.kind).toBe('scalar');
  });
  it('refines bounds and kinds from assumptions', () => {
    const t = symbolTableFor(doc([], ['n \\geq 1', '\\beta_t \\in (0,1)', '\\Sigma_j \\succ 0', '\\mu_j \\in \\mathbb{R}^d',
      'c > 0', '0 \\leq w \\leq 1', 'm \\in \\mathbb N']));
    expect(t.get('n')).toMatchObject({ kind: 'count', lower: 1 });
    expect(t.get('\\beta')).toMatchObject({ lower: 0, upper: 1, strictLower: true, strictUpper: true, positive: true });
    expect(t.get('\\Sigma')?.kind).toBe('matrix');
    expect(t.get('\\mu')?.kind).toBe('vector');
    expect(t.get('c')).toMatchObject({ positive: true, lower: 0, strictLower: true });
    expect(t.get('w')).toMatchObject({ lower: 0, upper: 1, strictLower: false, strictUpper: false, nonnegative: true });
    expect(t.get('m')).toMatchObject({ kind: 'count', integer: true, lower: 1 });
  });
  it('ignores text it cannot read instead of failing', () => {
    const t = symbolTableFor(doc([derivation('\\frac{a}{', ['=', '\\foo'])], ['x >', '\\text{hello world}']));
    expect(t.get('P')?.kind).toBe('distribution');
  });
});

describe('parseAssumption', () => {
  it('reads bounds, intervals, matrix orders, number sets and properties', () => {
    expect(assumption('n \\geq 1')).toBe('(>= n 1)');
    expect(assumption('\\beta_t \\in (0,1)')).toBe('(in \\beta_[t] (interval 0 1 0 0))');
    expect(assumption('\\beta_t \\in [0,1)')).toBe('(in \\beta_[t] (interval 0 1 1 0))');
    expect(assumption('0 < \\beta_t \\leq 1')).toBe('(in \\beta_[t] (interval 0 1 0 1))');
    expect(assumption('\\Sigma_j \\succ 0')).toBe('(> \\Sigma_[j] 0)');
    expect(assumption('\\mu_j \\in \\mathbb{R}^d')).toBe('(in \\mu_[j] \\mathbb{R}^d)');
    expect(assumption('\\Sigma_j \\in \\mathbb{S}_+^d')).toBe('(in \\Sigma_[j] \\mathbb{S}_+^d)');
    expect(assumption('f \\text{ convex}')).toBe('(* f convex)');
  });
  it('rejects what is not an assumption, with the position', () => {
    expect(() => assumption('x')).toThrow(/should be a relation/);
    expect(() => assumption('0 < x > 1')).toThrow(/chains/);
  });
});
