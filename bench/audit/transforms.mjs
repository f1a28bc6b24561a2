/**
 * The soundness audit's two moves on an expression: rewrites that keep its value (one rule of the
 * library applied where the search's own machinery finds it applicable, or a step of plain
 * algebra) and mutations that are meant to change it.
 *
 * Owns: which rewrites and mutations exist and where they apply. Must not: decide truth (a
 * mutation only counts as false once run.mjs has checked that the value really moved) or import
 * the engine — its modules come in as `engine` (see run.mjs, ENGINE_MODULES).
 */

// ---------------------------------------------------------------- shapes

/** What a symbol is in the case's table: matrices and vectors keep their order in products. */
export function shapes(engine, symbols) {
  const scalar = engine.kernel.scalarNames(symbols);
  const kindOf = (e) => (e.kind === 'sym' ? symbols.get(e.name)?.kind : undefined);
  const isScalar = (e) => engine.kernel.isScalar(e, scalar);
  const isMatrix = (e) => {
    switch (e.kind) {
      case 'sym': return kindOf(e) === 'matrix';
      case 'fn': return e.name === 'transpose' && isMatrix(e.args[0]);
      case 'pow': return isMatrix(e.base) && e.exp.kind === 'num' && Number.isInteger(e.exp.value);
      case 'add': return e.terms.every(isMatrix);
      case 'mul': return e.factors.some(isMatrix) && e.factors.every((f) => isMatrix(f) || isScalar(f));
      default: return false;
    }
  };
  /** A column vector. */
  const isVector = (e) => {
    switch (e.kind) {
      case 'sym': return kindOf(e) === 'vector';
      case 'add': return e.terms.every(isVector);
      case 'mul': {
        const last = e.factors[e.factors.length - 1];
        return isVector(last) && e.factors.slice(0, -1).every((f) => isMatrix(f) || isScalar(f));
      }
      default: return false;
    }
  };
  return { scalar, isScalar, isMatrix, isVector };
}

// ---------------------------------------------------------------- rewrites that keep the value

/**
 * Every single rewrite of `e` (normalised): each equality rule of `compiled`, in either direction,
 * at every position where `applyAt` finds a match whose side conditions hold (with certificates)
 * and the kernel replays the step as a one-step proof, and each step of plain algebra below.
 * Returns the distinct results that differ from `e`, and the rules of the applications the
 * search proposed but the kernel rejected (the search is untrusted; those build nothing).
 */
export function rewrites(engine, e, env) {
  const { kernel, model, search } = engine;
  const options = [];
  const rejected = [];
  const seen = new Set([model.key(e)]);
  const keep = (rule, result) => {
    const k = model.key(result);
    if (seen.has(k)) return;
    seen.add(k);
    options.push({ rule, result });
  };
  for (const pos of search.positions(e)) {
    for (const d of search.candidates(env.compiled, pos.node)) {
      if (d.relation !== '=') continue;
      for (const app of search.applyAt(d, pos.node, env.search)) {
        const result = kernel.normalizeReplacing(e, pos.path, app.replacement, env.shape.scalar);
        const step = {
          rule: d.rule.name, result, path: pos.path, forward: d.forward, binding: app.match.binding,
          rest: app.match.rest, relation: '=', context: [], signs: app.signs,
        };
        if (kernel.replayProof(e, '=', result, [step], env.search.kernel) === null) keep(d.rule.name, result);
        else rejected.push(d.rule.name);
      }
    }
    for (const step of ALGEBRA) {
      const replacement = step.apply(engine, pos.node, env.shape);
      if (replacement) keep(step.name, kernel.normalizeReplacing(e, pos.path, replacement, env.shape.scalar));
    }
  }
  return { options, rejected };
}

/** Steps of plain algebra, true by ring and field laws, not taken from the rule library. */
const ALGEBRA = [
  {
    // (p + q)(r + s) = pr + ps + qr + qs, the order of factors kept: it holds for matrices too.
    name: 'expand-product',
    apply: ({ model }, e) => {
      if (e.kind !== 'mul' || !e.factors.some((f) => f.kind === 'add')) return null;
      let products = [[]];
      for (const f of e.factors) {
        const choices = f.kind === 'add' ? f.terms : [f];
        products = products.flatMap((p) => choices.map((c) => [...p, c]));
      }
      return products.length > 16 ? null : model.add(...products.map((p) => model.mul(...p)));
    },
  },
  {
    // p/q + r/s = (ps + rq)/(qs) for scalars, where q and s are not zero (elsewhere neither side is defined).
    name: 'combine-fractions',
    apply: ({ model }, e, shape) => {
      if (e.kind !== 'add' || e.terms.length < 2 || !shape.isScalar(e)) return null;
      const [first, second, ...rest] = e.terms;
      const [p, q] = fraction(model, first);
      const [r, s] = fraction(model, second);
      if (q === null && s === null) return null;
      const one = model.num(1);
      const combined = model.div(model.add(model.mul(p, s ?? one), model.mul(r, q ?? one)), model.mul(q ?? one, s ?? one));
      return rest.length ? model.add(combined, ...rest) : combined;
    },
  },
  {
    // (M N)^T = N^T M^T; scalar factors stay as they are.
    name: 'transpose-product',
    apply: ({ model }, e, shape) => {
      const inner = transposed(e);
      if (!inner || inner.kind !== 'mul') return null;
      return model.mul(...[...inner.factors].reverse().map((f) => (shape.isScalar(f) ? f : model.fn('transpose', f))));
    },
  },
  {
    name: 'transpose-sum',
    apply: ({ model }, e) => {
      const inner = transposed(e);
      return inner && inner.kind === 'add' ? model.add(...inner.terms.map((t) => model.fn('transpose', t))) : null;
    },
  },
  {
    // (M N)^{-1} = N^{-1} M^{-1} for invertible square matrices (random ones are, almost surely).
    name: 'inverse-product',
    apply: ({ model }, e, shape) => {
      if (e.kind !== 'pow' || e.exp.kind !== 'num' || e.exp.value !== -1 || e.base.kind !== 'mul') return null;
      if (!e.base.factors.every(shape.isMatrix)) return null;
      return model.mul(...[...e.base.factors].reverse().map((f) => model.pow(f, model.num(-1))));
    },
  },
];

const transposed = (e) => (e.kind === 'fn' && e.name === 'transpose' ? e.args[0] : null);

/** A term as numerator and denominator (null when it has none). */
function fraction(model, t) {
  if (t.kind === 'pow' && t.exp.kind === 'num' && t.exp.value === -1) return [model.num(1), t.base];
  if (t.kind !== 'mul') return [t, null];
  const inverses = t.factors.filter((f) => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value === -1);
  if (inverses.length !== 1) return [t, null];
  const rest = t.factors.filter((f) => f !== inverses[0]);
  return [rest.length ? model.mul(...rest) : model.num(1), inverses[0].base];
}

// ---------------------------------------------------------------- mutations meant to change the value

/** The mutation kinds, in report order. */
export const MUTATIONS = [
  'flip-sign', 'scale', 'swap-kl', 'swap-conditional', 'commute-product', 'swap-bilinear', 'shift-index', 'shift-bound', 'drop-term',
];

/**
 * Every way of applying mutation `kind` to `e`: a list of new expressions (empty when the kind
 * does not apply). `factor` is the scale mutation's factor (2 or ½).
 */
export function mutationsOf(engine, kind, e, shape, factor) {
  const { kernel, model, search } = engine;
  const at = (pos, replacement) => kernel.replaceAt(e, pos.path, replacement);
  const all = search.positions(e);
  /** The whole side and each of its top-level terms: a sign or factor there changes the sum. */
  const terms = [all[0], ...(e.kind === 'add' ? all.filter((p) => p.path.length === 1) : [])];
  switch (kind) {
    case 'flip-sign': return terms.map((p) => at(p, model.neg(p.node)));
    case 'scale': return terms.map((p) => at(p, model.mul(model.num(factor), p.node)));
    case 'swap-kl': return all.filter(({ node: n }) => n.kind === 'fn' && (n.name === 'KL' || n.name === 'crossEntropy'))
      .map((p) => at(p, model.fn(p.node.name, p.node.args[1], p.node.args[0])));
    case 'swap-conditional': return all.filter(({ node: n }) => n.kind === 'prob' && n.given.length > 0 && n.args.length > 0)
      .map((p) => at(p, swapConditional(model, p.node)));
    case 'commute-product': return all.filter((p) => p.node.kind === 'mul').flatMap((p) => p.node.factors.slice(1)
      .map((f, k) => [p.node.factors[k], f, k])
      .filter(([l, r]) => shape.isMatrix(l) && shape.isMatrix(r) && model.key(l) !== model.key(r))
      .map(([l, r, k]) => at(p, model.mul(...p.node.factors.slice(0, k), r, l, ...p.node.factors.slice(k + 2)))));
    case 'swap-bilinear': return all.filter((p) => bilinear(p.node, shape))
      .map((p) => {
        const fs = p.node.factors;
        const [u, v] = [fs[0].args[0], fs[fs.length - 1]];
        return at(p, model.mul(model.fn('transpose', v), ...fs.slice(1, -1), u));
      });
    case 'shift-index': return all.filter(({ node: n }) => n.kind === 'sym' && n.index.length === 1 && n.index[0].kind === 'sym')
      .map((p) => at(p, model.sym(p.node.name, [model.sub(p.node.index[0], model.num(1))], p.node.upper)));
    case 'shift-bound': return all.filter(({ node: n }) => n.kind === 'bind' && n.domain.kind === 'range')
      .map((p) => at(p, model.bind(p.node.op, p.node.vars, { ...p.node.domain, to: model.sub(p.node.domain.to, model.num(1)) }, p.node.body)));
    case 'drop-term': return all.filter((p) => p.node.kind === 'add')
      .flatMap((p) => p.node.terms.map((_, k) => at(p, model.add(...p.node.terms.filter((__, j) => j !== k)))));
    default: throw new Error(`unknown mutation ${kind}`);
  }
}

/** P(x | y) → P(y | x): arguments and conditions trade places, each keeping its random variable. */
function swapConditional(model, p) {
  const vars = [...p.vars.slice(p.args.length), ...p.vars.slice(0, p.args.length)];
  return model.prob(p.dist, p.given, p.args, vars);
}

/** u^T … v with column vectors u and v: the bilinear form whose sides can be swapped. */
function bilinear(e, shape) {
  if (e.kind !== 'mul' || e.factors.length < 2) return false;
  const first = e.factors[0];
  const last = e.factors[e.factors.length - 1];
  return first.kind === 'fn' && first.name === 'transpose' && shape.isVector(first.args[0]) && shape.isVector(last);
}
