/**
 * Notation that must not be misread (issue 9, item 3): named operators are functions, never
 * products; LaTeX's standard operators are known; conditional expectations and entropies parse;
 * capital Greek and bold letters have their conventional kinds; a bare law under an
 * expectation binds the variable its body draws; and a law written with and without its
 * parameters is one law when that is the only reading. Every `it` below failed before these
 * readings were added (checked once against the previous parser), except where a comment says
 * it guards what already worked.
 */
import { describe, expect, it } from 'vitest';
import { bind, call, distDomain, fn, key, mul, num, pow, prob, rel, sym, type Expr } from '../src/expr/model.js';
import { defaultSymbols, implicitLaw, type SymbolInfo } from '../src/expr/symbols.js';
import { parseLatex, parseMath, UnknownCommandError } from '../src/notation/parse.js';
import { STANDARD_FUNCTIONS, LIMIT_OPERATORS } from '../src/notation/notation.js';
import { symbolTableFor } from '../src/check/symbols.js';
import { InputError } from '../src/diagnostic.js';
import type { ChainLink, Derivation, MathText, Relation, SourceDocument } from '../src/document/source.js';

const same = (latex: string, expected: Expr, table?: ReadonlyMap<string, SymbolInfo>): void => {
  expect(key(table ? parseLatex(latex, new Map(table)) : parseLatex(latex)), latex).toBe(key(expected));
};
/** The formula is an InputError (never another exception) at that column, saying that. */
const expectError = (latex: string, column: number, message: string): void => {
  let caught: unknown;
  try { parseLatex(latex); } catch (e) { caught = e; }
  expect(caught, latex).toBeInstanceOf(InputError);
  expect((caught as InputError).pos, latex).toEqual({ line: 1, column });
  expect((caught as InputError).message, latex).toBe(message);
};
const X = sym('X'), Y = sym('Y'), Z = sym('Z'), x = sym('x'), y = sym('y'), a = sym('a');
const Pr = sym('\\Pr');

const text = (latex: string): MathText => ({ latex, spans: [{ offset: 0, line: 1, column: 1 }] });
const derivation = (head: string, ...links: [Relation, string][]): Derivation => ({
  name: 'd', pos: { line: 1, column: 1 }, env: 'align*', head: text(head), wrt: [],
  links: links.map(([relation, rhs]): ChainLink => ({ relation, pos: { line: 1, column: 1 }, rhs: text(rhs), justification: null })),
});
const doc = (...derivations: Derivation[]): SourceDocument => ({
  path: 'x.tex', derivations, problems: [], prose: [], expectations: [], assumptions: [],
});

describe('named operators are applied, never multiplied', () => {
  it('reads \\operatorname{Var}(aX), \\mathrm{Var}(aX), \\text{Var}(aX) as the variance of aX (the variance family)', () => {
    const overX = (body: Expr): Expr => bind('E', ['X'], distDomain(Pr, ['X']), body);
    const applied = fn('variance', overX(mul(a, X)));
    for (const s of ['\\operatorname{Var}(aX)', '\\mathrm{Var}(aX)', '\\text{Var}(aX)', '\\mathrm{Var}[aX]', '\\mathrm{Var}\\left(a X\\right)']) same(s, applied);
    same('a\\,\\mathrm{Var}(X)', mul(a, fn('variance', overX(X))));
    const overXY = (body: Expr): Expr => bind('E', ['X', 'Y'], distDomain(prob(Pr, [X, Y]), ['X', 'Y']), body);
    same('\\operatorname{Cov}[X, Y]', fn('covariance', overXY(X), overXY(Y)));
    same('\\mathrm{ELBO}(q)', call(sym('ELBO'), [sym('q')]));
    same('ELBO(\\theta)', call(sym('ELBO'), [sym('\\theta')]));
  });
  it('reads a conditional inside an operator as the conditional law: Var(X | Z) is not Var(X, Z)', () => {
    const conditional = fn('variance', bind('E', ['X'], distDomain(prob(Pr, [X], [Z]), ['X']), X));
    same('\\mathrm{Var}(X \\mid Z)', conditional);
    same('\\text{Var}(X | Z)', conditional);
    expect(key(parseLatex('\\mathrm{Var}(X \\mid Z)'))).not.toBe(key(parseLatex('\\mathrm{Var}(X, Z)')));
  });
  it('keeps the words the parser already reads (guards what worked: log, exp, det, tr, KL, E, arg min, Multinomial)', () => {
    same('\\operatorname{tr}(A)', fn('tr', sym('A')));
    same('\\mathrm{KL}(P \\| Q)', fn('KL', sym('P'), sym('Q')));
    same('\\text{Multinomial}(\\phi)', fn('multinomial', sym('\\phi')));
    same('\\mathrm{E}[X]', bind('E', ['X'], distDomain(Pr, ['X']), X));
    same('\\operatorname*{arg\\,min}_\\theta f(\\theta)', bind('argmin', ['\\theta'], { kind: 'natural' }, call(sym('f'), [sym('\\theta')])));
    same('\\text{const}', { kind: 'const' });
  });
});

describe("LaTeX's standard operators are known", () => {
  it('reads every one of them without an undefined macro', () => {
    const reads = (s: string): void => {
      try { parseLatex(s); } catch (e) {
        expect(e, s).not.toBeInstanceOf(UnknownCommandError);
        throw e;
      }
    };
    for (const op of STANDARD_FUNCTIONS) reads(`${op} x + ${op}(y)`);
    for (const op of LIMIT_OPERATORS) reads(`${op}_{n \\to \\infty} a_n`);
    for (const s of ['\\Pr(X = 1)', '\\binom{n}{k}', '\\det A', '\\exp x', '\\ln x', '\\lg x', '\\max_j a_j', '\\arg\\max_\\theta f(\\theta)']) reads(s);
  });
  it('reads \\sin, \\cos … as functions applied, the operand up to the next named function', () => {
    const sin = (e: Expr) => call(sym('\\sin'), [e]);
    const cos = (e: Expr) => call(sym('\\cos'), [e]);
    same('\\sin x \\cos x', mul(sin(x), cos(x)));
    same('\\sin^2 x + \\cos^2(x)', { kind: 'add', terms: [pow(sin(x), num(2)), pow(cos(x), num(2))] });
    same('\\sin 2x', sin(mul(num(2), x)));
    same('\\sin^{-1}(x)', call(sym('\\sin^{-1}'), [x]));
    same('\\gcd(a, b)', call(sym('\\gcd'), [a, sym('b')]));
    same('\\log x \\log y', mul(fn('log', x), fn('log', y)));
  });
  it('reads limits, suprema and binomials as opaque operators on their parts', () => {
    same('\\lim_{n \\to \\infty} \\frac{1}{n}', call(sym('\\lim'), [sym('n'), sym('\\infty'), pow(sym('n'), num(-1))]));
    same('\\lim_{h \\to 0^+} f(h)', call(sym('\\lim'), [sym('h'), num(0), num(1), call(sym('f'), [sym('h')])]));
    same('\\sup_{x \\in S} f(x)', call(sym('\\sup'), [rel('in', x, sym('S')), call(sym('f'), [x])]));
    same('\\binom{n}{k}', call(sym('\\binom'), [sym('n'), sym('k')]));
    expect(key(parseLatex('\\lim_{h \\to 0^+} f(h)'))).not.toBe(key(parseLatex('\\lim_{h \\to 0} f(h)')));
  });
  it('reads \\Pr and \\mathbb P as laws, with parentheses or brackets', () => {
    same('\\Pr(X = 1)', prob(Pr, [rel('=', X, num(1))]));
    same('\\Pr[A \\mid B]', prob(Pr, [sym('A')], [sym('B')]));
    same('\\mathrm{Pr}(A)', prob(Pr, [sym('A')]));
    same('\\mathbb{P}(X = 1)', prob(sym('\\mathbb{P}'), [rel('=', X, num(1))]));
  });
});

describe('conditional expectations and entropies', () => {
  it('reads E[x | y] as the expectation of x under the law of x given y', () => {
    const conditional = bind('E', ['x'], distDomain(prob(Pr, [x], [y]), ['x']), x);
    same('\\mathbb E[x \\mid y]', conditional);
    same('\\mathbb{E}[x | y]', conditional);
    same('\\mathbb E\\left[x \\,\\middle|\\, y\\right]', conditional);
  });
  it('keeps E[f | y] opaque when the variable drawn is not clear', () => {
    same('\\mathbb E[x_t \\mid x_0]', call(sym('\\mathbb{E}'), [sym('x', [sym('t')]), sym('x', [num(0)])]));
    same('\\mathbb E[a x + b \\mid y]', call(sym('\\mathbb{E}'), [{ kind: 'add', terms: [mul(a, x), sym('b')] }, y]));
  });
  it('reads E[X]^2 as the square of the expectation, not the expectation of the square', () => {
    same('\\mathbb E[X]^2', pow(bind('E', ['X'], distDomain(Pr, ['X']), X), num(2)));
    expect(key(parseLatex('\\mathbb E[X]^2'))).not.toBe(key(parseLatex('\\mathbb E[X^2]')));
  });
  it('reads H(Y | X), H(X, Y) and H(X) as entropies of the conditional, joint and marginal law', () => {
    same('H(Y \\mid X)', fn('entropy', prob(Pr, [Y], [X])));
    same('H(Y | X)', fn('entropy', prob(Pr, [Y], [X])));
    same('H(X, Y)', fn('entropy', prob(Pr, [X, Y])));
    same('H(X)', fn('entropy', prob(Pr, [X])));
    same('H(\\hat P(x_j \\mid y))', fn('entropy', prob(sym('\\hat{P}'), [sym('x', [sym('j')])], [y])));
  });
  it('reads H_P(X | Y), H_{\\hat P}(x | y) and H_P(X, Y) as entropies under the law in the subscript', () => {
    same('H_P(X \\mid Y)', fn('entropy', prob(sym('P'), [X], [Y])));
    same('H_P(X|Y)', fn('entropy', prob(sym('P'), [X], [Y])));
    same('H_{\\hat P}(x \\mid y)', fn('entropy', prob(sym('\\hat{P}'), [x], [y])));
    same('H_P(X, Y)', fn('entropy', prob(sym('P'), [X, Y])));
    // a subscript that is no law leaves H_t an ordinary symbol
    same('H_t(x)', mul(sym('H', [sym('t')]), x));
  });
  it('reads H defined as a function as that function, except of laws (its definition of H(P) is the entropy\'s)', () => {
    const table = new Map(defaultSymbols()).set('H', { kind: 'function' });
    same('H(\\theta)', call(sym('H'), [sym('\\theta')]), table);
    same('H(Y \\mid X)', call(sym('H'), [prob(Pr, [Y], [X])]), table);
    same('H(P)', fn('entropy', sym('P')), table);
    same('H(P, Q)', fn('crossEntropy', sym('P'), sym('Q')), table);
    same('H_P(x)', call(sym('H', [sym('P')]), [x]), table);
  });
  it('reads the placeholder of a conditional law: D_{KL}(P(\\cdot | x) \\| Q(\\cdot | x))', () => {
    const dot = sym('\\cdot');
    const kl = fn('KL', prob(sym('P'), [dot], [x]), prob(sym('Q'), [dot], [x]));
    same('D_{KL}(P(\\cdot|x) \\| Q(\\cdot|x))', kl);
    same('D_{\\mathrm{KL}}(P(\\cdot \\mid x) \\| Q(\\cdot \\mid x))', kl);
    same('a \\cdot b', mul(a, sym('b')));   // elsewhere \\cdot multiplies
    // only as a law's argument: a condition on \\cdot is unreadable, and said so where it stands
    expectError('P(x \\mid \\cdot)', 10, "expected an expression, found '\\cdot'");
  });
  it('keeps H(P) and H(P, Q) of distributions (guards what worked: the rules of information.rules read them)', () => {
    same('H(P)', fn('entropy', sym('P')));
    same('H(P, Q)', fn('crossEntropy', sym('P'), sym('Q')));
    same('H(a + b)', mul(sym('H'), { kind: 'add', terms: [a, sym('b')] }));
  });
  it('binds the variable a bare law draws: E_{\\sim P}(f(x)) and E_P[f(x)] are E over x', () => {
    const overX = bind('E', ['x'], distDomain(sym('P'), ['x']), call(sym('f'), [x]));
    same('E_{\\sim P}(f(x))', overX);
    same('\\mathbb E_{\\sim P}[f(x)]', overX);
    same('\\mathbb E_P[f(x)]', overX);
    same('\\mathbb E_{x \\sim P}[f(x)]', overX);
  });
});

describe('the law notation without a law refers to', () => {
  it('is \\Pr when the document applies none, the one it applies, and none when it applies several', () => {
    expect(implicitLaw(defaultSymbols())).toBe('\\Pr');
    const one = symbolTableFor(doc(derivation('p(x, y)', ['=', 'p(x) p(y \\mid x)'])));
    expect(implicitLaw(one)).toBe('p');
    same('H(Y \\mid X)', fn('entropy', prob(sym('p'), [Y], [X])), one);
    same('\\mathbb E[x \\mid y]', bind('E', ['x'], distDomain(prob(sym('p'), [x], [y]), ['x']), x), one);
    const two = symbolTableFor(doc(derivation('\\sum_x P(x)', ['=', '\\sum_x Q(x)'])));
    expect(implicitLaw(two)).toBeUndefined();
    same('H(Y \\mid X)', call(sym('H'), [prob(Pr, [Y], [X])]), two);
    same('\\mathbb E[x \\mid y]', call(sym('\\mathbb{E}'), [x, y]), two);
  });
});

describe('a law written with and without its parameters', () => {
  const parsed = (table: ReadonlyMap<string, SymbolInfo>, latex: string): string => key(parseMath(text(latex), new Map(table), 'x.tex'));
  it('is one law: p(x | z) beside p(x | z; \\theta) is p_\\theta', () => {
    const t = symbolTableFor(doc(derivation('\\log p(x; \\theta)', ['=', '\\log \\sum_z p(x \\mid z) p(z)'])));
    expect(t.get('p')?.parameters?.map(key)).toEqual(['\\theta']);
    expect(parsed(t, 'p(x \\mid z)')).toBe(key(prob(sym('p', [sym('\\theta')]), [x], [sym('z')])));
    expect(parsed(t, 'p_\\theta(x \\mid z)')).toBe(parsed(t, 'p(x \\mid z)'));
    expect(parsed(t, 'D_{KL}(q \\| p)')).toBe(key(fn('KL', sym('q'), sym('p', [sym('\\theta')]))));
  });
  // The conservative side: these held before (nothing was merged) and must keep holding.
  it('stays two laws when one formula holds both (the data law P and the model P_\\theta)', () => {
    const t = symbolTableFor(doc(derivation('\\sum_x P(x) \\log P_\\theta(x)', ['=', '\\sum_x P(x) \\log P(x)'])));
    expect(t.get('P')?.parameters).toBeUndefined();
    expect(parsed(t, 'P(x)')).toBe(key(prob(sym('P'), [x])));
  });
  it('stays apart with two parameter lists (iterates) or with a family index (Q_i)', () => {
    const iterates = symbolTableFor(doc(derivation('p(x; \\theta^{(t)})', ['=', 'p(x)'], ['<=', 'p(x; \\theta^{(t+1)})'])));
    expect(iterates.get('p')?.parameters).toBeUndefined();
    const family = symbolTableFor(doc(derivation('\\sum_z Q_i(z)', ['=', '\\sum_z Q(z)'])));
    expect(family.get('Q')?.parameters).toBeUndefined();
  });
});

describe('bold symbols', () => {
  it('are never the plain symbol: \\mathbf x - x does not cancel, \\boldsymbol\\mu is not \\mu', () => {
    expect(key(parseLatex('\\mathbf x'))).not.toBe(key(parseLatex('x')));
    expect(key(parseLatex('\\boldsymbol\\mu_j'))).not.toBe(key(parseLatex('\\mu_j')));
    expect(key(parseLatex('\\vec v'))).not.toBe(key(parseLatex('\\mathbf v')));
    same('\\mathbf x - x', { kind: 'add', terms: [sym('\\mathbf{x}'), mul(num(-1), x)] });
  });
  it('are one symbol however the bold is spelled', () => {
    for (const s of ['\\mathbf{x}_t', '\\mathbf x_t', '\\bm{x}_t', '\\boldsymbol{x}_t', '\\mathbf{x_t}']) same(s, sym('\\mathbf{x}', [sym('t')]));
    for (const s of ['\\boldsymbol\\Sigma', '\\bm\\Sigma', '\\boldsymbol{\\Sigma}']) same(s, sym('\\boldsymbol{\\Sigma}'));
  });
  it('give an error with a position when nothing bold follows (guards what worked)', () => {
    expectError('a + \\mathbf{}', 13, 'expected a symbol, found the end of the formula');
    expectError('a + \\mathbf{2}', 5, '\\mathbf{2} is not a symbol');
  });
});

describe('kinds by convention', () => {
  it('makes \\Sigma and \\Lambda positive definite matrices unless the file says otherwise', () => {
    expect(defaultSymbols().get('\\Sigma')).toMatchObject({ kind: 'matrix', positive: true });
    expect(defaultSymbols().get('\\Lambda')?.kind).toBe('matrix');
    expect(defaultSymbols().get('\\boldsymbol{\\Sigma}')).toMatchObject({ kind: 'matrix', positive: true });
    const scalar = symbolTableFor({ ...doc(), assumptions: [{ text: text('\\Lambda \\in \\mathbb{R}'), pos: { line: 1, column: 1 } }] });
    expect(scalar.get('\\Lambda')?.kind).toBe('scalar');
  });
  it('makes bold capitals matrices and bold lower case vectors (guards what worked), unless declared scalar', () => {
    const t = symbolTableFor({ ...doc(derivation('\\mathbf{A} \\mathbf{x}', ['=', '\\mathbf{b}'])),
      assumptions: [{ text: text('\\mathbf b \\in \\mathbb{R}'), pos: { line: 1, column: 1 } }] });
    expect(t.get('\\mathbf{A}')?.kind).toBe('matrix');
    expect(t.get('\\mathbf{x}')?.kind).toBe('vector');
    expect(t.get('\\mathbf{b}')?.kind).toBe('scalar');
    expect(t.get('A')?.kind).toBeUndefined();
  });
});

describe('a starred name', () => {
  it('reads \\mu^\\star and \\mu^{\\star} as the name \\mu^* reads as (it was an undefined macro)', () => {
    const starred = parseLatex('\\mu^*_j');
    for (const latex of ['\\mu^\\star_j', '\\mu^{\\star}_j', '\\mu^{*}_j', '\\mu_j^\\star']) same(latex, starred);
  });
  it('leaves \\star between operands undefined: there it is a convolution, never a product', () => {
    expectError('f \\star g', 3, 'undefined macro \\star');
  });
});

describe('a power after a logarithm\'s parentheses', () => {
  it('is refused: \\log(x)^{k} is the log of the power to some writers and the power of the log to others', () => {
    // read as (\log x)^k, \log\left(\prod_i p_i\right)^{1/n} = \frac1n \sum_i \log p_i was refuted
    const message = '\\log(x)^{k} reads two ways: write \\log\\left(x^{k}\\right) for the logarithm of the power, or (\\log x)^{k} or \\log^{k} x for the power of the logarithm';
    expectError('\\log(a)^2', 8, message);
    expectError('\\log\\left(\\prod_{i=1}^n p_i\\right)^{1/n}', 35, message);
  });
  it('reads the unambiguous spellings as before', () => {
    same('(\\log a)^2', pow(fn('log', a), num(2)));
    same('\\log^2 a', pow(fn('log', a), num(2)));
    same('\\log\\left(a^2\\right)', fn('log', pow(a, num(2))));
    same('\\log a^2', fn('log', pow(a, num(2))));
  });
});

describe('where a logarithm\'s unparenthesised argument ends', () => {
  const x = sym('x'), p = sym('p');
  it('at an explicit product: \\log x \\cdot 3 is (\\log x)·3 (it was \\log(3x), and \\log p \\cdot a = \\log p + \\log a was proved)', () => {
    same('\\log x \\cdot 3', mul(fn('log', x), num(3)));
    same('\\ln x \\times a', mul(fn('log', x), a));
  });
  it('…except between two fractions, the factor of one a derivation multiplies in', () => {
    same('\\log\\frac{a}{x}\\cdot\\frac{x}{p}', fn('log', mul(a, pow(x, num(-1)), x, pow(p, num(-1)))));
  });
  it('at a sum after anything but a coefficient: \\log p \\sum_i x_i is (\\log p)·Σ, \\log \\frac1n \\sum_i x_i the log of the mean', () => {
    const sum = parseLatex('\\sum_{i=1}^n x_i');
    same('\\log p \\sum_{i=1}^n x_i', mul(fn('log', p), sum));
    same('\\log\\frac{a}{p} \\sum_{i=1}^n x_i', mul(fn('log', mul(a, pow(p, num(-1)))), sum));
    same('\\log \\frac{1}{n} \\sum_{i=1}^n x_i', fn('log', mul(pow(sym('n'), num(-1)), sum)));
  });
  it('reads juxtaposed factors as before: \\log 2\\pi\\sigma^2 is one argument', () => {
    same('\\log 2\\pi\\sigma^2', fn('log', mul(num(2), sym('\\pi'), pow(sym('\\sigma'), num(2)))));
  });
});

describe('mutual information', () => {
  it('I(X;Y) is refused until a family reads it (as a law I with a parameter, I(X;Y) = I(Y;X) was refuted and I(X;Y) <= 1 confirmed)', () => {
    expect(() => parseLatex('I(X;Y) = I(Y;X)')).toThrow('mutual information I(X;Y) is not read yet');
    // the identity matrix applied to nothing and a law I(x) stay as they were
    expect(() => parseLatex('I(x) + 1')).not.toThrow();
  });
});

describe('a norm\'s label after its power', () => {
  it('\\|x\\|^2_2 reads as \\|x\\|_2^2 (it was "a subscript here has no symbol to attach to")', () => {
    expect(key(parseLatex('\\|x\\|^2_2'))).toBe(key(parseLatex('\\|x\\|_2^2')));
    expect(() => parseLatex('\\|x\\|^2_1')).toThrow('only the Euclidean norm');
  });
});

describe('a symbol\'s subscript after its power', () => {
  it('x^2_i reads as x_i^2, and \\sigma^2_{q} as \\sigma_{q}^2 (it was "a subscript here has no symbol to attach to")', () => {
    expect(key(parseLatex('x^2_i'))).toBe(key(parseLatex('x_i^2')));
    expect(key(parseLatex('\\sigma^2_{q}'))).toBe(key(parseLatex('\\sigma_{q}^2')));
    // a power of anything else still has no symbol to give the subscript to
    expect(() => parseLatex('(a+b)^2_i')).toThrow('a subscript here has no symbol to attach to');
  });
});

describe('a factorial', () => {
  it('reads n! and (n+1)! as the factorial of the operand, and a != b not as one', () => {
    expect(key(parseLatex('(n+1)!'))).toBe(key(fn('factorial', parseLatex('n+1'))));
    expect(key(parseLatex('k!\\,(m-k)!'))).toBe(key(mul(fn('factorial', sym('k')), fn('factorial', parseLatex('m-k')))));
  });
});

describe('lists and signs as writers write them', () => {
  it('reads \\max\\{0, 1 - m\\} as \\max(0, 1 - m), and refuses a set that is no list', () => {
    expect(key(parseLatex('\\max\\{0, 1 - m\\}'))).toBe(key(parseLatex('\\max(0, 1 - m)')));
    expect(key(parseLatex('\\min\\{a, b, c\\}'))).toBe(key(parseLatex('\\min(a, b, c)')));
    expect(() => parseLatex('\\max\\{1, \\dots, n\\}')).toThrow(/list of values/);
  });
  it('reads a sum whose body starts with a minus sign as the sum of the negated body', () => {
    expect(key(parseLatex('\\sum_{i=1}^{n} -2x_i(y_i - w x_i)'))).toBe(key(parseLatex('\\sum_{i=1}^{n} (-1) \\cdot 2x_i(y_i - w x_i)')));
  });
});

describe('the spellings of a bar', () => {
  it('\\vert is |, \\lvert x \\rvert is |x|, \\lVert x \\rVert is \\|x\\| (they were "found \'|\'" and "undefined macro |")', () => {
    expect(key(parseLatex('p(x \\vert y) = \\frac{p(x, y)}{p(y)}'))).toBe(key(parseLatex('p(x | y) = \\frac{p(x, y)}{p(y)}')));
    expect(key(parseLatex('\\lvert x \\rvert^2'))).toBe(key(parseLatex('|x|^2')));
    expect(key(parseLatex('\\left\\lvert a b \\right\\rvert'))).toBe(key(parseLatex('|a b|')));
    expect(key(parseLatex('\\vert \\Sigma \\vert'))).toBe(key(parseLatex('|\\Sigma|')));
    expect(key(parseLatex('\\lVert x \\rVert_2^2'))).toBe(key(parseLatex('\\|x\\|_2^2')));
    // the other spellings of a character read as it too
    expect(key(parseLatex('a \\ast b'))).toBe(key(parseLatex('a * b')));
    expect(key(parseLatex('f\\lparen x \\rparen'))).toBe(key(parseLatex('f(x)')));
  });
});

describe('evaluation bars and brackets', () => {
  it('a bar with scripts is an evaluation bar, not read yet, said at the bar (it was "expected an expression, found \'_\'")', () => {
    expectError('\\left. (x^2 + 1) \\right|_{x=2}', 24, 'an evaluation bar (F\\big|_{x=a}, F\\big|_a^b) is not read yet: write the expression with the value put in for the variable');
    expect(() => parseLatex('\\frac{d}{dy} y^2 \\bigg|_{y=3}')).toThrow('an evaluation bar');
    expect(() => parseLatex('\\frac{x^3}{3} \\Big|^1_0')).toThrow('an evaluation bar');
    // an absolute value is still one
    expect(key(parseLatex('|x - 1|^2'))).toBe(key(pow(fn('abs', parseLatex('x - 1')), num(2))));
  });

  it('[x^2]_0^1 evaluates between limits: its 0 is no subscript of x (it was read as x_0^2, and a true step refuted)', () => {
    expect(() => parseLatex('\\left[ x^2 \\right]_0^1')).toThrow('a subscript on a bracket');
    expect(() => parseLatex('[x^2]^1_0')).toThrow('a subscript on a bracket');
    expect(() => parseLatex('(x^2)_i')).toThrow('a subscript here has no symbol to attach to');
    // a power and its symbol's subscript written after it, and a bracket's power, read as before
    expect(key(parseLatex('x^2_i'))).toBe(key(parseLatex('x_i^2')));
    expect(key(parseLatex('[a + b]^2'))).toBe(key(parseLatex('(a + b)^2')));
  });
});
