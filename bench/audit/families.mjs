/**
 * The soundness audit's starting points: random expressions of five families, each with the
 * `% assume:` lines that give its symbols their kinds and domains.
 *
 * Owns: what a starting expression may look like. Shapes the rule library talks about (logs of
 * products, sums of sums, joints, KL terms, products of matrices) come up often, so that rule
 * applications are found; anything else is fair game too. Must not: rewrite, mutate or judge
 * (transforms.mjs and run.mjs do), or import the engine — the model's constructors come in as
 * a parameter, so the same code drives src/ under vitest and dist/ under `npm run audit`.
 */
import fc from 'fast-check';

/** The families, in report order. */
export const FAMILIES = ['scalars', 'sums', 'distributions', 'information', 'vectors/matrices'];

/** Starting points stay small: a rewrite or two of a small expression is already a telling step. */
const MAX_START_NODES = 40;

/** Every family's arbitrary of starting points, built over the model's constructors `m`. */
export function familyArbitraries(m) {
  const start = (family, arb, assume) => arb.filter((expr) => m.size(expr) <= MAX_START_NODES).map((expr) => ({ family, assume, expr }));
  return {
    scalars: start('scalars', scalars(m), ['a > 0', 'b > 0', 'c > 0']),
    sums: start('sums', sums(m), ['x_i > 0', 'y_i > 0', 'w_j > 0', 'c > 0', 'a > 0']),
    distributions: start('distributions', distributions(m), ['c > 0']),
    information: start('information', information(m), ['c > 0']),
    'vectors/matrices': start('vectors/matrices', matrices(m), [
      'A \\in \\mathbb{R}^{d\\times d}', 'B \\in \\mathbb{R}^{d\\times d}', 'C \\in \\mathbb{R}^{d\\times d}',
      'x \\in \\mathbb{R}^d', 'y \\in \\mathbb{R}^d',
    ]),
  };
}

const pair = (arb) => fc.tuple(arb, arb);

// ---------------------------------------------------------------- scalars

/** Positive scalars (a, b, c > 0) and arbitrary ones (u is unconstrained): logs get positive arguments. */
function scalars(m) {
  const { add, div, fn, mul, neg, num, pow, sqrt, sub, sym } = m;
  const [a, b, c, u] = ['a', 'b', 'c', 'u'].map((n) => sym(n));
  return fc.letrec((tie) => ({
    pos: fc.oneof({ depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(a, b, c, num(2), num(3), num(0.5)),
      pair(tie('pos')).map(([x, y]) => mul(x, y)),
      pair(tie('pos')).map(([x, y]) => div(x, y)),
      pair(tie('pos')).map(([x, y]) => add(x, y)),
      tie('pos').map((x) => pow(x, num(2))),
      tie('pos').map(sqrt),
      tie('any').map((x) => fn('exp', x)),
    ),
    any: fc.oneof({ depthSize: 'small', maxDepth: 4 },
      tie('pos'),
      fc.constant(u),
      tie('any').map(neg),
      pair(tie('any')).map(([x, y]) => add(x, y)),
      pair(tie('any')).map(([x, y]) => sub(x, y)),
      pair(tie('any')).map(([x, y]) => mul(x, y)),
      tie('pos').map((x) => fn('log', x)),
      pair(tie('pos')).map(([x, y]) => fn('log', mul(x, y))),
      pair(tie('pos')).map(([x, y]) => fn('log', div(x, y))),
      pair(tie('pos')).map(([x, y]) => fn('log', add(x, y))),
      fc.tuple(tie('pos'), fc.constantFrom(2, 3, 0.5)).map(([x, k]) => fn('log', pow(x, num(k)))),
      tie('any').map((x) => fn('log', fn('exp', x))),
      tie('pos').map((x) => fn('exp', fn('log', x))),
      pair(tie('any')).map(([x, y]) => fn('exp', add(x, y))),
      pair(tie('any')).map(([x, y]) => pow(add(x, y), num(2))),
      fc.tuple(tie('any'), tie('any'), tie('any')).map(([x, y, z]) => mul(x, add(y, z))),
      pair(tie('any')).map(([x, y]) => neg(add(x, y))),
      pair(tie('pos')).map(([x, y]) => add(div(x, y), div(y, x))),
      fc.constant(fn('log', num(1))),
      fc.constant(fn('exp', num(0))),
    ),
  })).any;
}

// ---------------------------------------------------------------- sums and products

/** Finite sums over i (and j) of indexed positives x_i, y_i, w_j and constants; bounds symbolic or small. */
function sums(m) {
  const { add, bind, fn, indicator, mul, num, pow, rel, sub, sym } = m;
  const [i, j] = [sym('i'), sym('j')];
  const [xi, yi, xj, yj, wj] = [sym('x', [i]), sym('y', [i]), sym('x', [j]), sym('y', [j]), sym('w', [j])];
  const [a, c] = [sym('a'), sym('c')];
  const range = (from, to) => ({ kind: 'range', from, to });
  const bounds = fc.tuple(fc.constantFrom(num(1), num(1), num(1), num(2)), fc.constantFrom(sym('n'), sym('n'), sym('m'), num(1), num(2), num(3)));
  const bodyOf = (own, other) => fc.letrec((tie) => ({
    body: fc.oneof({ depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(own[0], own[1], c, a, mul(own[0], other)),
      fc.tuple(fc.constantFrom(c, a), tie('body')).map(([k, x]) => mul(k, x)),
      pair(tie('body')).map(([x, y]) => add(x, y)),
      pair(tie('body')).map(([x, y]) => sub(x, y)),
      fc.constant(pow(own[0], num(2))),
      fc.constant(fn('log', own[0])),
      fc.constant(mul(own[0], own[1])),
    ),
  })).body;
  const single = fc.tuple(bounds, bodyOf([xi, yi], c)).map(([[lo, hi], body]) => bind('sum', ['i'], range(lo, hi), body));
  const nested = fc.tuple(bounds, bounds, bodyOf([xi, yi], yj)).map(([[lo, hi], [lo2, hi2], body]) =>
    bind('sum', ['i'], range(lo, hi), bind('sum', ['j'], range(lo2, hi2), add(body, mul(xj, wj)))));
  const logProduct = bounds.map(([lo, hi]) => fn('log', bind('prod', ['i'], range(lo, hi), xi)));
  const picked = fc.constantFrom(num(1), num(2)).map((at) =>
    bind('sum', ['j'], range(num(1), num(3)), mul(indicator(rel('=', at, j)), wj)));
  const constant = fc.constantFrom(c, a, mul(a, c)).map((k) => bind('sum', ['i'], range(num(1), sym('n')), k));
  const one = fc.oneof(single, single, nested, logProduct, picked, constant);
  return fc.oneof(
    one,
    pair(one).map(([x, y]) => add(x, y)),
    pair(one).map(([x, y]) => sub(x, y)),
    fc.tuple(fc.constantFrom(a, c, num(2)), one).map(([k, x]) => mul(k, x)),
  );
}

// ---------------------------------------------------------------- distributions

/** P, Q over outcomes x, y: joints, marginals, conditionals, sums over outcomes and expectations. */
function distributions(m) {
  const { add, bind, distDomain, div, fn, mul, prob, sym } = m;
  const [x, y, c] = [sym('x'), sym('y'), sym('c')];
  const natural = { kind: 'natural' };
  const sum = (v, body) => bind('sum', [v], natural, body);
  const dist = fc.constantFrom(sym('P'), sym('Q'));
  const withDist = (f) => dist.map(f);
  const free = fc.oneof(
    withDist((P) => prob(P, [x, y])),
    withDist((P) => mul(prob(P, [x]), prob(P, [y], [x]))),
    withDist((P) => prob(P, [y], [x])),
    withDist((P) => prob(P, [x], [y])),
    withDist((P) => sum('y', prob(P, [x, y]))),
    withDist((P) => sum('x', prob(P, [x, y]))),
    withDist((P) => div(mul(prob(P, [x], [y]), prob(P, [y])), prob(P, [x]))),
  );
  const closed = fc.oneof(
    withDist((P) => sum('x', prob(P, [x]))),
    withDist((P) => sum('y', prob(P, [y], [x]))),
    withDist((P) => bind('sum', ['x', 'y'], natural, prob(P, [x, y]))),
    fc.tuple(dist, dist).map(([P, Q]) => sum('x', mul(prob(P, [x]), sum('y', mul(prob(P, [y], [x]), fn('log', prob(Q, [x, y]))))))),
    fc.tuple(dist, dist).map(([P, Q]) => bind('E', ['x'], distDomain(P, ['x']), fn('log', prob(Q, [x])))),
    fc.tuple(dist, dist).map(([P, Q]) => bind('E', ['x'], distDomain(P, ['x']), add(mul(c, fn('log', prob(Q, [x]))), c))),
    dist.map((P) => bind('E', ['x'], distDomain(P, ['x']), c)),
    fc.tuple(dist, dist).map(([P, Q]) => sum('x', mul(prob(P, [x]), fn('log', prob(Q, [x]))))),
  );
  const term = fc.oneof(free, closed);
  return fc.oneof(
    term,
    pair(term).map(([s, t]) => add(s, t)),
    pair(term).map(([s, t]) => mul(s, t)),
    term.map((t) => mul(c, t)),
    term.map((t) => fn('log', t)),
  );
}

// ---------------------------------------------------------------- information measures

/** KL divergences (plain, marginal, joint, conditional), entropies and cross-entropies of P, Q. */
function information(m) {
  const { add, bind, div, fn, mul, neg, prob, sub, sym } = m;
  const [P, Q, X, Y, x, c] = [sym('P'), sym('Q'), sym('X'), sym('Y'), sym('x'), sym('c')];
  const dists = fc.constantFrom([P, Q], [Q, P]);
  const measure = fc.oneof(
    dists.map(([p, q]) => fn('KL', p, q)),
    dists.map(([p, q]) => fn('crossEntropy', p, q)),
    fc.constantFrom(P, Q).map((p) => fn('entropy', p)),
    dists.map(([p, q]) => fn('KL', prob(p, [X]), prob(q, [X]))),
    dists.map(([p, q]) => fn('KL', prob(p, [X, Y]), prob(q, [X, Y]))),
    dists.map(([p, q]) => fn('KL', prob(p, [X], [Y]), prob(q, [X], [Y]))),
    dists.map(([p, q]) => bind('sum', ['x'], { kind: 'natural' }, mul(prob(p, [x]), fn('log', div(prob(p, [x]), prob(q, [x])))))),
    fc.constantFrom(P, Q).map((p) => neg(bind('sum', ['x'], { kind: 'natural' }, mul(prob(p, [x]), fn('log', prob(p, [x])))))),
  );
  return fc.oneof(
    measure,
    pair(measure).map(([s, t]) => add(s, t)),
    pair(measure).map(([s, t]) => sub(s, t)),
    measure.map((t) => mul(c, t)),
    fc.tuple(measure, measure, measure).map(([s, t, u]) => add(s, sub(t, u))),
  );
}

// ---------------------------------------------------------------- vectors and matrices

/** Square matrices A, B, C, vectors x, y, scalars a, b: products (order matters), sums, transposes, inverses. */
function matrices(m) {
  const { add, fn, mul, neg, num, pow, sym } = m;
  const [A, B, C, x, y, a, b] = ['A', 'B', 'C', 'x', 'y', 'a', 'b'].map((n) => sym(n));
  const T = (e) => fn('transpose', e);
  const scalar = fc.constantFrom(a, b, num(2));
  const tree = fc.letrec((tie) => ({
    matrix: fc.oneof({ depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(A, B, C),
      pair(tie('matrix')).map(([p, q]) => mul(p, q)),
      pair(tie('matrix')).map(([p, q]) => add(p, q)),
      fc.tuple(scalar, tie('matrix')).map(([k, p]) => mul(k, p)),
      tie('matrix').map(T),
      tie('matrix').map((p) => neg(p)),
      fc.tuple(tie('matrix'), tie('matrix'), tie('matrix')).map(([p, q, r]) => mul(p, add(q, r))),
      fc.tuple(tie('matrix'), tie('matrix'), tie('matrix')).map(([p, q, r]) => mul(add(p, q), r)),
      pair(tie('matrix')).map(([p, q]) => pow(add(p, q), num(2))),
      pair(tie('matrix')).map(([p, q]) => T(mul(p, q))),
      fc.constantFrom(A, B).map((p) => pow(p, num(-1))),
      pair(fc.constantFrom(A, B, C)).map(([p, q]) => pow(mul(p, q), num(-1))),
    ),
    vector: fc.oneof({ depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(x, y),
      fc.tuple(tie('matrix'), tie('vector')).map(([p, v]) => mul(p, v)),
      pair(tie('vector')).map(([v, w]) => add(v, w)),
      fc.tuple(scalar, tie('vector')).map(([k, v]) => mul(k, v)),
    ),
    number: fc.oneof(
      fc.tuple(tie('matrix')).map(([p]) => mul(T(x), p, y)),
      fc.tuple(tie('vector'), tie('matrix')).map(([v, p]) => mul(T(v), p, y)),
      pair(tie('vector')).map(([v, w]) => mul(T(v), w)),
      tie('vector').map((v) => pow(fn('norm', v), num(2))),
      fc.tuple(scalar, tie('matrix')).map(([k, p]) => mul(k, T(x), p, x)),
    ),
  }));
  return fc.oneof(tree.matrix, tree.vector, tree.number);
}
