import { describe, expect, it } from 'vitest';
import {
  add, bind, CONST, deriv, div, fn, freeNames, indicator, key, mul, neg, num, pow, prob, rel, sqrt, sub, sym, call,
  type Expr, distDomain } from '../src/expr/model.js';
import { parseLatex, UnknownCommandError } from '../src/notation/parse.js';
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

describe('symbols and scripts', () => {
  it('canonicalises accents, bold marks and Unicode; a bold symbol is never the plain one', () => {
    const abar = sym('\\bar{\\alpha}', [sym('t')]);
    for (const s of ['\\bar{\\alpha}_t', '\\overline{\\alpha}_t', '\\bar{\\alpha_t}', '\\bar\\alpha_t']) same(s, abar);
    const bx = sym('\\mathbf{x}');
    same('\\mathbf{x}_t', sym('\\mathbf{x}', [sym('t')]));
    same('\\mathbf{x_t}', sym('\\mathbf{x}', [sym('t')]));
    for (const s of ['\\boldsymbol\\mu', '\\bm{\\mu}', '\\pmb\\mu']) same(s, sym('\\boldsymbol{\\mu}'));
    for (const s of ['\\bm{x}', '\\boldsymbol x', '\\mathbfit{x}']) same(s, bx);
    same('\\vec x', sym('\\vec{x}'));
    same('\\mathbf{I}', sym('\\mathbf{I}'));
    // different symbols are never identified: nothing cancels
    same('\\mathbf x - x', add(bx, mul(num(-1), x)));
    same('\\mathbf 0', num(0));
    same('θ', sym('\\theta'));
    for (const s of ['\\hat{\\mathbf{x}}_0', '\\mathbf{\\hat x}_0']) same(s, sym('\\hat{\\mathbf{x}}', [num(0)]));
    same('\\mathcal{X}', sym('\\mathcal{X}'));
    same('\\cal X', sym('\\mathcal{X}'));
    same('\\mathbb{R}', sym('\\mathbb{R}'));
    same('\\mathbb{R}^d', sym('\\mathbb{R}^d'));
  });
  it('tells indices from labels and sample superscripts', () => {
    same('\\mu_j', sym('\\mu', [sym('j')]));
    same('x_{t-1}', sym('x', [add(sym('t'), num(-1))]));
    same('x_{DC}', sym('x_{DC}'));
    same('x_{\\text{DC}}', sym('x_{DC}'));
    same('\\ell_{\\text{unsup}}', sym('\\ell_{unsup}'));
    same('\\ell_{\\text{semi-sup}}', sym('\\ell_{semi-sup}'));
    same('x^{(i)}', sym('x', [], [sym('i')]));
    same('\\theta^{(t+1)}', sym('\\theta', [], [add(sym('t'), num(1))]));
    same('Q_i^{(t)}', sym('Q', [sym('i')], [sym('t')]));
    same('Q^{(t)}_i', sym('Q', [sym('i')], [sym('t')]));
    same('x_{1:T}', sym('x', [{ kind: 'set', elems: [], range: { from: num(1), to: sym('T') } }]));
    same('w_{ij}', sym('w', [sym('i'), sym('j')]));
  });
  it('reads ^T, ^\\top and ^\\intercal as transposes, never as a power of a variable T', () => {
    same('x^\\top', fn('transpose', x));
    same('x^{\\top}', fn('transpose', x));
    same('\\mathbf{x}^T', fn('transpose', sym('\\mathbf{x}')));
    same('\\Sigma^T', fn('transpose', sym('\\Sigma')));
    same('x^T', fn('transpose', x));   // of a scalar, the scalar itself
    same('x^\\intercal', fn('transpose', x));
    same('(A^{-1})^T', fn('transpose', pow(sym('A'), num(-1))));
    same('\\Sigma^{-1}', pow(sym('\\Sigma'), num(-1)));
  });
  it('reads norms, absolute values, determinants and traces', () => {
    for (const s of ['\\|x\\|', '\\lVert x \\rVert', '\\Vert x\\Vert', '∥x∥', '\\left\\| x \\right\\|']) same(s, fn('norm', x));
    same('\\|x\\|_2^2', pow(fn('norm', x), num(2)));
    same('|a|', fn('abs', sym('a')));
    same('|\\Sigma|', fn('det', sym('\\Sigma')));
    same('|\\boldsymbol{\\Sigma}_y|', fn('det', sym('\\boldsymbol{\\Sigma}', [y])));
    same('\\det \\Sigma', fn('det', sym('\\Sigma')));
    for (const s of ['\\text{tr}(A)', '\\operatorname{tr}(A)', '\\mathrm{tr}(A)']) same(s, fn('tr', sym('A')));
  });
  it('reads distributions over bold vectors', () => {
    const xt = sym('\\mathbf{x}', [sym('t')]);
    const previous = sym('\\mathbf{x}', [add(sym('t'), num(-1))]);
    same('q(\\mathbf{x}_t|\\mathbf{x}_{t-1})', prob(sym('q'), [xt], [previous]));
    same('p_\\theta(\\mathbf{x}_{t-1}|\\mathbf{x}_t)', prob(sym('p', [sym('\\theta')]), [previous], [xt]));
    same('Q_i^{(t)}(z^{(i)})', prob(sym('Q', [sym('i')], [sym('t')]), [sym('z', [], [sym('i')])]));
    same('\\pi(a \\mid s)', prob(sym('\\pi'), [sym('a')], [sym('s')]));
    same('\\mu_q(x, y)', call(sym('\\mu', [sym('q')]), [x, y]));
  });
  it('reads Gaussians, uniforms and multinomials', () => {
    same('\\mathcal N(x; \\mu, \\Sigma)', fn('normal', x, sym('\\mu'), sym('\\Sigma')));
    same('\\mathcal{N}(\\mu, \\sigma^2)', fn('normal', sym('\\mu'), pow(sym('\\sigma'), num(2))));
    same('\\mathcal U[1,T]', fn('uniform', num(1), sym('T')));
    same('\\text{Multinomial}(\\phi)', fn('multinomial', sym('\\phi')));
    same('z \\sim \\text{Multinomial}(\\phi)', rel('sim', sym('z'), fn('multinomial', sym('\\phi'))));
  });
  it('reads indicators and sets', () => {
    const cond = rel('=', sym('z'), sym('j'));
    for (const s of ['1\\{z = j\\}', '\\mathbb{1}\\{z = j\\}', '\\mathbf 1[z=j]', '\\mathbb 1_{z=j}', '\\mathbb{1}(z=j)']) same(s, indicator(cond));
    same('\\{1, \\dots, k\\}', { kind: 'set', elems: [], range: { from: num(1), to: sym('k') } });
    same('\\{1, 2, \\ldots, T\\}', { kind: 'set', elems: [], range: { from: num(1), to: sym('T') } });
    same('\\{a, b\\}', { kind: 'set', elems: [sym('a'), sym('b')] });
  });
  it('ignores decoration', () => {
    sameAs('\\left( a + b \\right) \\big( c \\big)', '(a+b)(c)');
    sameAs('\\displaystyle \\sum\\limits_x \\, P(x) \\quad', '\\sum_x P(x)');
    sameAs('\\color{red}{X} + {\\color{blue} Y}', 'X + Y');
    sameAs('\\underbrace{a + b}_{\\text{noise}} + c', 'a + b + c');
    sameAs('\\overbrace{a}^{\\text{top}}', 'a');
    sameAs('a \\; b \\! c \\: d ~ e', 'a b c d e');
    sameAs('\\textcolor{red}{a} + b', 'a + b');
  });
});

describe('binders', () => {
  const n = sym('n');
  it('reads every way to write a sum', () => {
    sameAs('\\sum\\limits_x P(x)', '\\sum_x P(x)');
    sameAs('\\sum\\nolimits_x P(x)', '\\sum_x P(x)');
    sameAs('\\sum^T_{t=1} a_t', '\\sum_{t=1}^T a_t');
    sameAs('\\sum_{x,y}^{} P(x,y)', '\\sum_{x,y} P(x,y)');
    same('\\sum_{x,y} P(x,y)', bind('sum', ['x', 'y'], natural, prob(P, [x, y])));
    same('\\sum_{z^{(i)}} Q(z^{(i)})', bind('sum', ['z'], natural, prob(Q, [sym('z')])));   // the sample's values, bound as plain z
    same('\\prod_{s=1}^t \\alpha_s', bind('prod', ['s'], range(num(1), sym('t')), sym('\\alpha', [sym('s')])));
  });
  it('ends a sum body at the next + or - and keeps a leading factor outside', () => {
    same('\\sum_i a_i + b', add(bind('sum', ['i'], natural, sym('a', [sym('i')])), sym('b')));
    same('c \\sum_i a_i b_i', mul(sym('c'), bind('sum', ['i'], natural, mul(sym('a', [sym('i')]), sym('b', [sym('i')])))));
  });
  it('reads expectations', () => {
    same('\\mathbb{E}_{x\\sim P}[f(x)]', bind('E', ['x'], distDomain(P, ['x']), call(sym('f'), [x])));
    // A bare law binds the one variable its body draws (before: nothing, leaving x free).
    same('E_{\\sim P}[f(x)]', bind('E', ['x'], distDomain(P, ['x']), call(sym('f'), [x])));
    same('\\mathbb E_{p(x)}[x]', bind('E', ['x'], distDomain(prob(sym('p'), [x]), ['x']), x));
    // A capital random variable is drawn from the implicit law (\Pr when the formula names none); a plain x names no law.
    same('E[f(X)]', bind('E', ['X'], distDomain(sym('\\Pr'), ['X']), call(sym('f'), [sym('X')])));
    same('E[f(x)]', bind('E', [], natural, call(sym('f'), [x])));
    // Conditioned names are not bound: x_0 stays free in the body.
    const q = prob(sym('q'), [sym('x', [sym('t')])], [sym('x', [num(0)])]);
    same('\\mathbb{E}_{q(x_t|x_0)}[x_0]', bind('E', [], distDomain(q, []), sym('x', [num(0)])));
    same('\\mathbb{E}_{t\\sim\\mathcal U[1,T],\\, q(x_t|x_0)} [t]',
      bind('E', ['t'], distDomain(fn('uniform', num(1), sym('T')), ['t']), bind('E', [], distDomain(q, []), sym('t'))));
  });
  it('reads arg min / arg max and min / max', () => {
    const body = call(sym('f'), [sym('\\theta')]);
    const argmin = bind('argmin', ['\\theta'], natural, body);
    for (const s of ['\\arg\\min_\\theta f(\\theta)', '\\arg \\min_{\\theta} f(\\theta)', '\\operatorname*{arg\\,min}_\\theta f(\\theta)',
      '\\mathop{\\rm arg\\,min}\\limits_\\theta f(\\theta)', '\\argmin_\\theta f(\\theta)', '\\arg_\\theta \\min f(\\theta)']) same(s, argmin);
    same('\\arg\\max_\\theta f(\\theta)', bind('argmax', ['\\theta'], natural, body));
    same('\\min_{j} a_j', bind('min', ['j'], natural, sym('a', [sym('j')])));
    same('\\min_{j\\in\\{1,\\dots,k\\}} a_j',
      bind('min', ['j'], { kind: 'set', set: { kind: 'set', elems: [], range: { from: num(1), to: sym('k') } } }, sym('a', [sym('j')])));
    same('\\max_x f(x)', bind('max', ['x'], natural, call(sym('f'), [x])));
  });
  it('reads integrals', () => {
    const body = pow(x, num(2));
    same('\\int_0^1 x^2 \\, dx', bind('int', ['x'], range(num(0), num(1)), body));
    same('\\int_0^1 x^2 \\,\\mathrm d x', bind('int', ['x'], range(num(0), num(1)), body));
    same('\\int_0^1 x^2 \\,\\mathrm{d}x', bind('int', ['x'], range(num(0), num(1)), body));
    same('\\int f(x) dx', bind('int', ['x'], natural, call(sym('f'), [x])));
  });
  it('binds exactly the names written under the binder', () => {
    same('\\sum_{i=1}^n x^{(i)} y', bind('sum', ['i'], range(num(1), n), mul(sym('x', [], [sym('i')]), y)));
    expect(key(parseLatex('\\sum_i a_i'))).toBe(key(parseLatex('\\sum_j a_j')));
    expect(key(parseLatex('\\sum_i a_i'))).not.toBe(key(parseLatex('\\sum_i a_j')));
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
    errorAt('P(x', 2, /never closed/);
    errorAt('(a + b', 7, /expected '\)' to close the '\(' at column 1, found the end/);
  });
});

describe('samples are never bound variables', () => {
  it('\\sum_{z^{(i)}} binds z and its body uses plain z', () => {
    const e = parseLatex('\\sum_{z^{(i)}} Q_i(z^{(i)})');
    expect(e.kind === 'bind' && e.vars).toEqual(['z']);
    expect(key(e)).toBe(key(parseLatex('\\sum_{z} Q_i(z)')));
    // another letter is another random variable: Q_i's marginal of w, not of z
    expect(key(e)).not.toBe(key(parseLatex('\\sum_{w} Q_i(w)')));
  });

  it('x^{(i)} under \\sum_x stays the free sample: renaming the bound x does not touch it', () => {
    const a = parseLatex('\\sum_x 1\\{x^{(i)} = x\\} f(x)');
    const b = parseLatex('\\sum_y 1\\{x^{(i)} = y\\} f(y)');
    const c = parseLatex('\\sum_y 1\\{y^{(i)} = y\\} f(y)');
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
    expect(freeNames(a).has('x')).toBe(true);
  });
});
