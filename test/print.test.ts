import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add, bind, CONST, deriv, div, fn, indicator, key, mapChildren, mul, neg, num, pow, prob, rel, sqrt, sub, sym, call,
  type Expr, distDomain } from '../src/expr/model.js';
import { parseLatex } from '../src/notation/parse.js';
import { toLatex } from '../src/notation/print.js';

/**
 * The printer writes what the kernel's normal form sorted by key in the writer's order: a sum's
 * positive terms first and its number last, a product's numbers first. Both moves keep the
 * meaning (a sum's terms commute, and numbers commute with everything); this undoes exactly them.
 */
function writersOrderForgotten(e: Expr): Expr {
  const x = mapChildren(e, writersOrderForgotten);
  if (x.kind === 'add') return { kind: 'add', terms: [...x.terms].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
  if (x.kind === 'mul') return { kind: 'mul', factors: [...x.factors.filter((f) => f.kind === 'num'), ...x.factors.filter((f) => f.kind !== 'num')] };
  return x;
}

/** Printing then parsing gives the expression back, exactly up to the writer's order of sums and numbers. */
const roundTrips = (e: Expr): void => {
  const latex = toLatex(e);
  let back: Expr;
  try { back = parseLatex(latex); } catch (err) { throw new Error(`${latex}: ${(err as Error).message}`); }
  expect(key(writersOrderForgotten(back)), latex).toBe(key(writersOrderForgotten(e)));
};

/** Expressions the printer writes in the order they have come back with the very same key. */
const roundTripsExactly = (e: Expr): void => {
  const latex = toLatex(e);
  expect(key(parseLatex(latex)), latex).toBe(key(e));
};

/** Random expressions over names whose kind the default symbol table fixes (so the printed form is unambiguous). */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr; leaf: Expr; dist: Expr }>((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: 0, max: 12 }).map(num),
    fc.constantFrom(0.5, 2.25, -3, -1).map(num),
    fc.constantFrom('x', 'y', 'a', 'b', '\\alpha', '\\theta', '\\bar{\\alpha}', '\\hat{x}', 'x_{DC}', 'c').map((n) => sym(n)),
    // bold symbols, which are never the plain ones
    fc.constantFrom('\\mathbf{x}', '\\boldsymbol{\\mu}', '\\hat{\\mathbf{x}}', '\\vec{v}', '\\mathbf{A}').map((n) => sym(n)),
    fc.constantFrom('\\mathbf{x}', '\\boldsymbol{\\epsilon}').map((n) => sym(n, [sym('t')])),
    fc.constantFrom('i', 't', 'j').map((i) => sym('x', [sym(i)])),
    fc.constantFrom('i', 'j').map((i) => sym('\\mu', [], [sym(i)])),
    fc.constant(sym('\\beta', [sub(sym('t'), num(1))])),
    fc.constant(sym('x', [{ kind: 'set', elems: [], range: { from: num(1), to: sym('T') } }])),
  ),
  dist: fc.oneof(
    fc.constantFrom('P', 'Q', '\\hat{P}').map((n) => sym(n)),
    fc.constant(sym('P', [sym('\\theta')])),
    fc.tuple(fc.constantFrom('P', 'q'), tie('leaf'), fc.option(tie('leaf'), { nil: undefined }))
      .map(([d, a, g]) => prob(sym(d), [a], g ? [g] : [])),
  ),
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((ts) => add(...ts)),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((fs) => mul(...fs)),
    tie('e').map(neg),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, b)),
    fc.tuple(tie('e'), fc.constantFrom<Expr>(num(2), num(-1), num(0.5), sym('n'), num(-2))).map(([a, b]) => pow(a, b)),
    fc.tuple(fc.constantFrom('log', 'exp', 'abs', 'norm', 'log2', 'tr') as fc.Arbitrary<'log'>, tie('e')).map(([f, a]) => fn(f, a)),
    tie('dist').filter((d) => d.kind === 'prob'),
    fc.tuple(tie('dist'), tie('dist')).map(([a, b]) => fn('KL', a, b)),
    fc.array(tie('e'), { minLength: 1, maxLength: 2 }).map((as) => call(sym('f'), as)),
    tie('e').map((b) => bind('sum', ['i'], { kind: 'range', from: num(1), to: sym('n') }, mul(sym('x', [sym('i')]), b))),
    tie('e').map((b) => bind('E', ['x'], distDomain(sym('P'), ['x']), b)),
    tie('e').map((b) => bind('argmin', ['\\theta'], { kind: 'natural' }, b)),
    tie('e').map((b) => bind('sum', ['x', 'y'], { kind: 'natural' }, b)),
    tie('e').map((b) => bind('max', ['j'], { kind: 'set', set: { kind: 'set', elems: [], range: { from: num(1), to: sym('k') } } }, b)),
    fc.tuple(tie('leaf'), tie('leaf')).map(([a, b]) => indicator(rel('=', a, b))),
    tie('e').map((b) => deriv(sym('\\mu', [sym('j')]), b)),
    tie('e').map((b) => add(b, CONST)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => fn('normal', sym('x'), a, b)),
    tie('e').map((a) => fn('transpose', mul(sym('\\Sigma'), a))),
    // the notation of named functions, limits, words and laws no derivation names
    fc.tuple(fc.constantFrom('\\sin', '\\cos', '\\tanh', '\\sin^{-1}', 'ELBO'), tie('e')).map(([f, a]) => call(sym(f), [a])),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => call(sym('\\gcd'), [a, b])),
    fc.tuple(tie('leaf'), tie('leaf')).map(([n, k]) => call(sym('\\binom'), [n, k])),
    tie('e').map((b) => call(sym('\\lim'), [sym('n'), sym('\\infty'), b])),
    fc.tuple(tie('leaf'), fc.constantFrom(1, -1), tie('e')).map(([p, side, b]) => call(sym('\\lim'), [sym('h'), p, num(side), b])),
    tie('e').map((b) => call(sym('\\sup'), [rel('in', sym('x'), sym('S')), b])),
    tie('e').map((b) => call(sym('\\inf'), [b])),
    fc.constant(call(sym('\\mathbb{E}'), [sym('x', [sym('t')]), sym('x', [num(0)])])),
    tie('e').map((b) => bind('E', ['x'], distDomain(prob(sym('\\Pr'), [sym('x')], [sym('y')]), ['x']), b)),
    fc.constantFrom(['X'], ['X', 'Y']).map((vs) => fn('entropy', prob(sym('\\Pr'), vs.map((v) => sym(v)), [sym('Z')]))),
    // the variance family: under the law written, under the implicit law of capitals, under none (a model's)
    tie('e').map((b) => fn('variance', bind('E', ['x'], distDomain(sym('P'), ['x']), b))),
    fc.tuple(tie('e'), tie('e')).map(([f, g]) => fn('covariance', ...[f, g].map((b) => bind('E', ['x'], distDomain(sym('P'), ['x']), b)))),
    tie('leaf').map((c) => fn('variance', bind('E', ['X'], distDomain(sym('\\Pr'), ['X']), mul(c, sym('X'))))),
    fc.constant(fn('covariance', ...['X', 'Y'].map((v) => bind('E', ['X', 'Y'], distDomain(prob(sym('\\Pr'), [sym('X'), sym('Y')]), ['X', 'Y']), sym(v))))),
    fc.constant(fn('variance', bind('E', ['X'], distDomain(prob(sym('\\Pr'), [sym('X')], [sym('Z')]), ['X']), sym('X')))),
    fc.tuple(fc.constantFrom('variance', 'covariance'), tie('leaf')).map(([op, a]) => fn(op, a)),
    // expectations over the implicit law of the capitals they draw, printed without it
    tie('leaf').map((c) => bind('E', ['X'], distDomain(sym('\\Pr'), ['X']), mul(c, pow(sym('X'), num(2))))),
    fc.constant(bind('E', ['X', 'Y'], distDomain(prob(sym('\\Pr'), [sym('X'), sym('Y')]), ['X', 'Y']), mul(sym('X'), sym('Y')))),
    // entropies under a named law, and conditional laws with the placeholder \\cdot
    fc.tuple(fc.constantFrom('P', 'q', '\\hat{P}'), fc.constantFrom(['X'], ['X', 'Y']), fc.constantFrom([], ['Z']))
      .map(([law, vs, given]) => fn('entropy', prob(sym(law), vs.map((v) => sym(v)), given.map((g) => sym(g))))),
    tie('leaf').map((c) => fn('KL', prob(sym('P'), [sym('\\cdot')], [c]), prob(sym('Q'), [sym('\\cdot')], [c]))),
    fc.constant(prob(sym('\\Pr'), [rel('=', sym('X'), num(1))])),
    fc.tuple(tie('e'), fc.constantFrom('A', '\\Sigma', '\\Lambda')).map(([a, m]) => mul(a, pow(sym(m), num(-1)), sym('B'))),
  ),
})).e;

describe('toLatex', () => {
  it('prints normal forms the way people write them', () => {
    expect(toLatex(sub(sym('a'), sym('b')))).toBe('a - b');
    expect(toLatex(div(sym('a'), sym('b')))).toBe('\\frac{a}{b}');
    expect(toLatex(sqrt(sym('a')))).toBe('\\sqrt{a}');
    expect(toLatex(neg(sym('a')))).toBe('-a');
    expect(toLatex(sym('x', [], [sym('i')]))).toBe('x^{(i)}');
    expect(toLatex(prob(sym('P'), [sym('x')], [sym('y')]))).toBe('P(x \\mid y)');
    expect(toLatex(sym('x_{DC}'))).toBe('x_{\\mathrm{DC}}');
  });
  it('round-trips the homework formulas', () => {
    for (const s of [
      'D_{KL}(P||Q) = \\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{Q(x)}',
      '\\arg \\max_{\\theta} \\sum_{i=1}^n \\log P_\\theta(x^{(i)})',
      '\\sum_{i=1}^n \\min_{j \\in \\{1, \\dots, k\\}} \\|x^{(i)} - \\mu^{(j)}\\|^2',
      '\\mathbb{E}_{q(\\mathbf{x}_{1:T}|\\mathbf{x}_0)} \\left[ \\log \\frac{p(\\mathbf{x}_{0:T})}{q(\\mathbf{x}_{1:T}|\\mathbf{x}_0)} \\right]',
      '\\frac{\\sqrt{\\alpha_t}(1 - \\bar{\\alpha}_{t-1})\\mathbf{x}_t + \\sqrt{\\bar{\\alpha}_{t-1}}(1 - \\alpha_t)\\mathbf{x}_0}{1 - \\bar{\\alpha}_t}',
      '\\frac{1}{n} \\sum_{i=1}^n 1\\{x^{(i)} = x\\}',
    ]) roundTripsExactly(parseLatex(s));
  });
  it('round-trips random expressions (parseLatex ∘ toLatex keeps the key)', () => {
    fc.assert(fc.property(exprArb, (e) => { roundTrips(e); }), { numRuns: Number(process.env.RT_RUNS ?? 400), seed: Number(process.env.RT_SEED ?? 7) });
  });
});
