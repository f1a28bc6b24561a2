import { describe, expect, it } from 'vitest';
import {
  add, bind, CONST, deriv, div, fn, indicator, key, mul, neg, num, pow, prob, rel, sqrt, sub, sym, call,
  type Expr,
} from '../src/expr/model.js';
import { parseLatex, UnknownCommandError } from '../src/latex/parse.js';
import { InputError } from '../src/diagnostic.js';

const x = sym('x'), y = sym('y'), P = sym('P'), Q = sym('Q');
const same = (latex: string, expected: Expr): void => {
  expect(key(parseLatex(latex)), latex).toBe(key(expected));
};
const sameAs = (a: string, b: string): void => {
  expect(key(parseLatex(a)), `${a}  vs  ${b}`).toBe(key(parseLatex(b)));
};
const errorAt = (latex: string, column: number, message?: RegExp): InputError => {
  let caught: unknown;
  try { parseLatex(latex); } catch (e) { caught = e; }
  expect(caught, latex).toBeInstanceOf(InputError);
  const err = caught as InputError;
  expect(err.pos, `${latex}: ${err.message}`).toEqual({ line: 1, column });
  if (message) expect(err.message).toMatch(message);
  return err;
};
const natural = { kind: 'natural' } as const;
const overX = { kind: 'set', set: sym('\\mathcal{X}') } as const;
const range = (from: Expr, to: Expr) => ({ kind: 'range', from, to }) as const;

describe('arithmetic normal forms', () => {
  it('reads numbers, sums, differences, negation', () => {
    same('1 + 2.5', add(num(1), num(2.5)));
    same('a - b', sub(sym('a'), sym('b')));
    same('-a', neg(sym('a')));
    same('-2', num(-2));
    same('a - 2b', add(sym('a'), mul(num(-2), sym('b'))));
  });
  it('reads products written every way', () => {
    same('2x', mul(num(2), x));
    same('a \\cdot b', mul(sym('a'), sym('b')));
    same('a \\times b', mul(sym('a'), sym('b')));
    same('c^{(i)}\\|x\\|^2', mul(sym('c', [], [sym('i')]), pow(fn('norm', x), num(2))));
  });
  it('reads fractions and roots', () => {
    same('\\frac{a}{b}', div(sym('a'), sym('b')));
    same('\\tfrac{a}{b}', div(sym('a'), sym('b')));
    same('\\dfrac ab', div(sym('a'), sym('b')));
    same('a/b', div(sym('a'), sym('b')));
    same('\\frac12', pow(num(2), num(-1)));
    same('\\frac{1}{n}', pow(sym('n'), num(-1)));
    same('\\sqrt{a}', sqrt(sym('a')));
    same('\\sqrt[3]{a}', pow(sym('a'), num(1 / 3)));
    same('\\sqrt{1-\\beta_t}', sqrt(sub(num(1), sym('\\beta', [sym('t')]))));
  });
  it('reads powers and TeX single-character scripts', () => {
    same('a^b', pow(sym('a'), sym('b')));
    same('a^{b+1}', pow(sym('a'), add(sym('b'), num(1))));
    same('x^{-1}', pow(x, num(-1)));
    same('x^12', mul(pow(x, num(1)), num(2)));
  });
  it('multiplies a symbol with a parenthesis unless the symbol is applicable', () => {
    same('a(b+c)', mul(sym('a'), add(sym('b'), sym('c'))));
    same('f(b+c)', call(sym('f'), [add(sym('b'), sym('c'))]));
    same('P(x)', prob(P, [x]));
  });
});

describe('problem 1 notation: probability, KL, entropy', () => {
  it('reads distributions applied to values', () => {
    same('P(x,y)', prob(P, [x, y]));
    same('P(x|y)', prob(P, [x], [y]));
    same('P(x \\mid y)', prob(P, [x], [y]));
    same('P(y|x,z)', prob(P, [y], [x, sym('z')]));
    same('p(x;\\theta)', prob(sym('p', [sym('\\theta')]), [x]));
    same('P_\\theta(x)', prob(sym('P', [sym('\\theta')]), [x]));
    same('\\hat P(x)', prob(sym('\\hat{P}'), [x]));
    same('\\hat{P}(x)', prob(sym('\\hat{P}'), [x]));
    same('P(X|Y)', prob(P, [sym('X')], [sym('Y')]));
  });
  it('reads every spelling of the KL divergence', () => {
    const kl = fn('KL', P, Q);
    for (const s of ['D_{KL}(P\\|Q)', 'D_{\\text{KL}}(P\\|Q)', 'D_{\\mathrm{KL}}(P\\|Q)', '\\mathrm{KL}(P\\|Q)',
      '\\operatorname{KL}(P\\|Q)', 'KL(P||Q)', 'D_{KL}(P||Q)', 'D_{KL}(P \\parallel Q)', 'D_{KL}(P ∥ Q)',
      'D_{KL}\\left(P \\,\\middle\\|\\, Q\\right)', 'D_{KL}(P\\lVert Q)']) same(s, kl);
    same('D_{KL}(P(X|Y)\\|Q(X|Y))', fn('KL', prob(P, [sym('X')], [sym('Y')]), prob(Q, [sym('X')], [sym('Y')])));
    same('D_{KL}(\\hat P \\| P_\\theta)', fn('KL', sym('\\hat{P}'), sym('P', [sym('\\theta')])));
  });
  it('reads entropy only when its arguments are distributions', () => {
    same('H(P)', fn('entropy', P));
    same('H(P, Q)', fn('crossEntropy', P, Q));
    same('H(a+b)', mul(sym('H'), add(sym('a'), sym('b'))));
  });
  it('reads the definitions of problem 1', () => {
    same('\\sum_{x \\in \\mathcal{X}} P(x) \\log \\frac{P(x)}{Q(x)}',
      bind('sum', ['x'], overX, mul(prob(P, [x]), fn('log', div(prob(P, [x]), prob(Q, [x]))))));
    same('- \\sum_{x \\in \\mathcal{X}} P(x) \\log P(x).',
      neg(bind('sum', ['x'], overX, mul(prob(P, [x]), fn('log', prob(P, [x]))))));
    same('\\sum_{x \\in \\mathcal{X}} P(x) \\log P(x) - \\sum_{x \\in \\mathcal{X}} P(x) \\log Q(x)',
      sub(bind('sum', ['x'], overX, mul(prob(P, [x]), fn('log', prob(P, [x])))),
        bind('sum', ['x'], overX, mul(prob(P, [x]), fn('log', prob(Q, [x]))))));
    same('\\frac{1}{n} \\sum_{i=1}^n 1\\{x^{(i)} = x\\}',
      mul(pow(sym('n'), num(-1)), bind('sum', ['i'], range(num(1), sym('n')), indicator(rel('=', sym('x', [], [sym('i')]), x)))));
    same('\\arg \\min_{\\theta} D_{KL}(\\hat{P}\\|P_\\theta)',
      bind('argmin', ['\\theta'], natural, fn('KL', sym('\\hat{P}'), sym('P', [sym('\\theta')]))));
    same('\\arg \\max_{\\theta} \\sum_{i=1}^n \\log P_\\theta(x^{(i)})',
      bind('argmax', ['\\theta'], natural, bind('sum', ['i'], range(num(1), sym('n')),
        fn('log', prob(sym('P', [sym('\\theta')]), [sym('x', [], [sym('i')])])))));
  });
  it('takes a parenthesised group as the body of a sum', () => {
    same('\\sum_y P(y) \\left( \\sum_x P(x|y) \\log \\frac{P(x|y)}{Q(x|y)} \\right)',
      bind('sum', ['y'], natural, mul(prob(P, [y]), bind('sum', ['x'], natural,
        mul(prob(P, [x], [y]), fn('log', div(prob(P, [x], [y]), prob(Q, [x], [y]))))))));
  });
  it('reads logarithms the way TeX writers mean them', () => {
    same('\\log(a)b', mul(fn('log', sym('a')), sym('b')));
    same('\\log 2x', fn('log', mul(num(2), x)));
    same('\\ln x + 1', add(fn('log', x), num(1)));
    same('log x', fn('log', x));
    same('\\log_2 K', fn('log2', sym('K')));
    same('\\exp(x)', fn('exp', x));
    same('e^{x}', fn('exp', x));
  });
  it('reads + const and a lone + C as an additive constant', () => {
    same('x + \\text{const}', add(x, CONST));
    same('x + \\text{constant}', add(x, CONST));
    same('x + C', add(x, CONST));
    same('C x + C', add(mul(sym('C'), x), sym('C')));
  });
  it('reads derivatives', () => {
    same('\\frac{\\partial}{\\partial \\mu_j} f', deriv(sym('\\mu', [sym('j')]), sym('f')));
    same('\\frac{\\partial f}{\\partial\\mu}', deriv(sym('\\mu'), sym('f')));
    same('\\nabla_\\mu f', deriv(sym('\\mu'), sym('f')));
  });
});

describe('errors', () => {
  it('names undefined commands', () => {
    let caught: unknown;
    try { parseLatex('a + \\foo{b}'); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(UnknownCommandError);
    expect((caught as UnknownCommandError).command).toBe('\\foo');
    expect((caught as UnknownCommandError).pos).toEqual({ line: 1, column: 5 });
  });
  it('reports unbalanced braces, dangling operators and missing arguments with a column', () => {
    errorAt('\\frac{a}{b', 9, /never closed/);
    errorAt('a + ', 5, /expected a term/);
    errorAt('a }', 3, /'}' without/);
    errorAt('\\frac{a}', 9, /denominator/);
    errorAt('P(x', 4, /expected '\)'/);
  });
});
