/**
 * The trusted kernel on its own: what it accepts and, above all, what it refuses.
 * Forged proof objects (a commuted product of matrices, an algebra step over vectors,
 * a definition standing in for another, a marginal renamed into a different one, a sign
 * certificate that does not fit) must all be rejected; genuine ones accepted.
 */
import { describe, expect, test } from 'vitest';
import { type Expr, key, sym } from '../src/expr/model.js';
import { type SymbolTable, defaultSymbols } from '../src/expr/symbols.js';
import { parseLatex } from '../src/notation/parse.js';
import {
  ALGEBRA, type Context, type ProofStep, type Rule, definitionRules, normalize, replayProof, scalarNames, signShown,
} from '../src/kernel/index.js';
import { type ProofContext, loadRules, prove } from '../src/search/index.js';

const tex = (s: string): Expr => parseLatex(s);
const library = loadRules();

/** A table where A, B, D are matrices and x, y vectors (C reads as the constant of `+ C`). */
function matrices(): SymbolTable {
  const t = defaultSymbols();
  for (const m of ['A', 'B', 'D']) t.set(m, { kind: 'matrix' });
  for (const v of ['x', 'y']) t.set(v, { kind: 'vector' });
  return t;
}

function kernelContext(symbols: SymbolTable, extra: readonly Rule[] = [], assumptions: readonly Expr[] = []): Context {
  const book = new Map<string, Rule>();
  for (const r of [...extra, ...library.rules]) if (!book.has(r.name)) book.set(r.name, r);
  return { book, facts: { symbols, assumptions, definitions: [] }, scalar: scalarNames(symbols), sides: [] };
}

const algebraStep = (result: Expr, path: number[] = []): ProofStep =>
  ({ rule: ALGEBRA, result, path, forward: true, binding: new Map(), rest: [], relation: '=', context: [], signs: [] });

describe('products of vectors and matrices keep their order', () => {
  const m = scalarNames(matrices());
  const s = scalarNames(defaultSymbols());
  test('the normal form reorders scalar factors only', () => {
    expect(key(normalize(tex('A B'), m))).not.toBe(key(normalize(tex('B A'), m)));
    expect(key(normalize(tex('a b'), s))).toBe(key(normalize(tex('b a'), s)));
    expect(key(normalize(tex('x^T x'), m))).not.toBe(key(normalize(tex('x x^T'), m)));
    // scalars float past matrices: 2 a A B is a A 2 B, but never B A
    expect(key(normalize(tex('2 a A B'), m))).toBe(key(normalize(tex('A a B 2'), m)));
  });
  test('(AB)^{-1} is not spread into A^{-1}B^{-1} (for scalars it is)', () => {
    expect(key(normalize(tex('(A B)^{-1}'), m))).not.toBe(key(normalize(tex('A^{-1} B^{-1}'), m)));
    expect(key(normalize(tex('(a b)^{-1}'), s))).toBe(key(normalize(tex('a^{-1} b^{-1}'), s)));
  });
  test('a forged algebra step that commutes a product of matrices is rejected', () => {
    const ctx = kernelContext(matrices());
    expect(replayProof(tex('A B'), '=', tex('B A'), [algebraStep(tex('B A'))], ctx)).toMatch(/scalars only/);
    expect(replayProof(tex('x^T A y'), '=', tex('y^T A x'), [algebraStep(tex('y^T A x'))], ctx)).not.toBeNull();
    const scalars = kernelContext(defaultSymbols());
    expect(replayProof(tex('a b'), '=', tex('b a'), [], scalars)).toBeNull();
  });
  test('a rule instantiated at a matrix product must match it in order', () => {
    const ctx = kernelContext(matrices());
    const distribute = library.byName('distribute')!;
    // a(b + c) = ab + ac read at (B + D)A with a := A would give AB + AD, which is false
    const step: ProofStep = {
      rule: distribute.name, result: tex('A B + A D'), path: [], forward: true,
      binding: new Map([['a', { params: [], body: sym('A') }], ['b', { params: [], body: sym('B') }], ['c', { params: [], body: sym('D') }]]),
      rest: [], relation: '=', context: [], signs: [],
    };
    expect(replayProof(tex('(B + D) A'), '=', tex('A B + A D'), [step], ctx)).toMatch(/does not match/);
    expect(replayProof(tex('A (B + D)'), '=', tex('A B + A D'), [step], ctx)).toBeNull();
  });
  test('the search does not prove AB = BA, and proves ab = ba', () => {
    const base: ProofContext = { rules: library, cited: [], definitions: [], symbols: matrices(), assumptions: [], wrt: [] };
    expect(prove(tex('A B'), '=', tex('B A'), base, 300).proved).toBe(false);
    expect(prove(tex('(A B)^{-1}'), '=', tex('A^{-1} B^{-1}'), base, 300).proved).toBe(false);
    expect(prove(tex('a b'), '=', tex('b a'), { ...base, symbols: defaultSymbols() }, 300).proved).toBe(true);
  });
});

describe('algebra steps are decided by the kernel itself', () => {
  const ctx = kernelContext(defaultSymbols());
  test('a rational identity, a derivative and a quadratic optimum are accepted', () => {
    expect(replayProof(tex('\\frac{a}{b} + \\frac{c}{b}'), '=', tex('\\frac{a + c}{b}'), [algebraStep(tex('\\frac{a + c}{b}'))], ctx)).toBeNull();
    expect(replayProof(tex('\\frac{\\partial}{\\partial \\mu} (\\mu - x)^2'), '=', tex('2\\mu - 2x'), [algebraStep(tex('2\\mu - 2x'))], ctx)).toBeNull();
    expect(replayProof(tex('\\arg\\min_\\mu (14\\mu^2 + 12\\mu + 14)'), '=', tex('-\\frac{3}{7}'), [algebraStep(tex('-\\frac{3}{7}'))], ctx)).toBeNull();
  });
  test('a wrong one of each is rejected', () => {
    expect(replayProof(tex('\\frac{a}{b} + \\frac{c}{b}'), '=', tex('\\frac{a + c}{2b}'), [algebraStep(tex('\\frac{a + c}{2b}'))], ctx)).not.toBeNull();
    expect(replayProof(tex('\\frac{\\partial}{\\partial \\mu} (\\mu - x)^2'), '=', tex('\\mu - x'), [algebraStep(tex('\\mu - x'))], ctx)).not.toBeNull();
    expect(replayProof(tex('\\arg\\min_\\mu (14\\mu^2 + 12\\mu + 14)'), '=', tex('\\frac{3}{7}'), [algebraStep(tex('\\frac{3}{7}'))], ctx)).not.toBeNull();
  });
  test('an algebra step may not change more than the subterm at its recorded path', () => {
    const from = tex('\\log(2a) + b');
    const to = tex('\\log(a + a) + 2b');
    expect(replayProof(from, '=', to, [algebraStep(to, [0])], ctx)).not.toBeNull();
  });
});

describe('definitions keep their scope', () => {
  test('\\mu_\\theta := … says nothing about \\mu_q', () => {
    const [def] = definitionRules([{ lhs: tex('\\mu_\\theta'), rhs: tex('\\frac{x + \\hat x_\\theta}{2}') }]);
    const ctx = kernelContext(defaultSymbols(), [def!]);
    const unfold = (use: string, result: string): ProofStep => ({
      rule: def!.name, result: tex(result), path: [], forward: true, binding: new Map(), rest: [], relation: '=', context: [], signs: [],
    });
    expect(replayProof(tex('\\mu_\\theta'), '=', tex('\\frac{x + \\hat x_\\theta}{2}'), [unfold('\\mu_\\theta', '\\frac{x + \\hat x_\\theta}{2}')], ctx)).toBeNull();
    expect(replayProof(tex('\\mu_q'), '=', tex('\\frac{x + \\hat x_\\theta}{2}'), [unfold('\\mu_q', '\\frac{x + \\hat x_\\theta}{2}')], ctx)).not.toBeNull();
  });
  test('a subscript the right side uses is a parameter: \\alpha_t := 1 - \\beta_t covers \\alpha_{t-1}', () => {
    const [def] = definitionRules([{ lhs: tex('\\alpha_t'), rhs: tex('1 - \\beta_t') }]);
    expect([...def!.vars.keys()]).toEqual(['t']);
    const [label] = definitionRules([{ lhs: tex('\\sigma_q'), rhs: tex('\\sqrt{1 - a}') }]);
    expect(label!.vars.size).toBe(0);
  });
});

describe('random variables survive renaming', () => {
  const ctx: ProofContext = { rules: library, cited: [], definitions: [], symbols: defaultSymbols(), assumptions: [], wrt: [] };
  test('summing out a from P(a, b) leaves the marginal of B, not of A', () => {
    expect(prove(tex('\\sum_{a,b} P(a,b)\\, h(b)'), '=', tex('\\sum_a P(a)\\, h(a)'), ctx, 1500).proved).toBe(false);
    expect(prove(tex('\\sum_{a,b} P(a,b)\\, h(b)'), '=', tex('\\sum_b P(b)\\, h(b)'), ctx, 1500).proved).toBe(true);
  });
});

describe('sign certificates', () => {
  const symbols = defaultSymbols();
  const ctx = kernelContext(symbols, [], [tex('c > 0')]);
  test('a fact with its premises shows a product positive; a wrong certificate shows nothing', () => {
    const product = normalize(tex('c P(x)'), ctx.scalar);
    const cert = {
      by: 'fact' as const, rule: 'positive-product',
      binding: new Map([['a', { params: [], body: sym('c') }], ['b', { params: [], body: tex('P(x)') }]]),
      premises: [{ by: 'assumption' as const, index: 0 }, { by: 'fact' as const, rule: 'probability-positive', binding: new Map([['P', { params: [], body: sym('P') }], ['x', { params: [], body: sym('x') }]]), premises: [] }],
    };
    expect(signShown(product, '>', cert, ctx)).toBe(true);
    expect(signShown(product, '<', cert, ctx)).toBe(false);
    // the same certificate for a product with an unknown factor: the fact's instance does not match it
    expect(signShown(normalize(tex('d P(x)'), ctx.scalar), '>', cert, ctx)).toBe(false);
    // a premise that claims the assumption for the wrong expression
    const forged = { ...cert, premises: [{ by: 'assumption' as const, index: 0 }, { by: 'assumption' as const, index: 0 }] };
    expect(signShown(product, '>', forged, ctx)).toBe(false);
  });
  test('a fact is not a rewrite step', () => {
    const step: ProofStep = {
      rule: 'kl-nonnegative', result: tex('0'), path: [], forward: true,
      binding: new Map([['P', { params: [], body: sym('P') }], ['Q', { params: [], body: sym('Q') }]]), rest: [], relation: '>=', context: [], signs: [],
    };
    expect(replayProof(tex('D_{KL}(P \\| Q)'), '>=', tex('0'), [step], ctx)).toMatch(/not a rewrite/);
  });
});

describe('a definition with a free name is not applied where that name is bound', () => {
  test('Y := P(x)/Q(x) does not fold the bound x of E_{x~P}[log P(x)/Q(x)]', () => {
    const [def] = definitionRules([{ lhs: tex('Y'), rhs: tex('\\frac{P(x)}{Q(x)}') }]);
    const ctx = kernelContext(defaultSymbols(), [def!]);
    const from = tex('\\mathbb{E}_{x \\sim P}\\left[\\log \\frac{P(x)}{Q(x)}\\right]');
    const folded = tex('\\mathbb{E}_{x \\sim P}\\left[\\log Y\\right]');
    // the fold as the search once found it: rule def-Y right to left at the ratio inside the expectation
    const step: ProofStep = {
      rule: def!.name, result: folded, path: [1, 0], forward: false, binding: new Map(), rest: [], relation: '=', context: [], signs: [],
    };
    expect(replayProof(from, '=', folded, [step], ctx)).toMatch(/bound where it is applied/);
    // outside any binder the same fold is the definition itself
    const free = { ...step, result: tex('\\log Y'), path: [0] };
    expect(replayProof(tex('\\log \\frac{P(x)}{Q(x)}'), '=', tex('\\log Y'), [free], ctx)).toBeNull();
  });
  test('the search no longer proves Jensen backwards through such a definition', () => {
    const base: ProofContext = {
      rules: library, cited: [], definitions: [{ lhs: tex('Y'), rhs: tex('\\frac{P(x)}{Q(x)}') }], symbols: defaultSymbols(), assumptions: [], wrt: [],
    };
    const l = tex('\\mathbb{E}_{x\\sim P}\\left[\\log \\frac{P(x)}{Q(x)}\\right]');
    const r = tex('\\log \\mathbb{E}_{x\\sim P}\\left[\\frac{P(x)}{Q(x)}\\right]');
    expect(prove(l, '>=', r, base, 1500).proved).toBe(false);
  });
});
