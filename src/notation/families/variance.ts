/**
 * Variance and covariance: `\operatorname{Var}(X)`, `\mathrm{Var}[aX + b]`, `\mathrm{Var}(X \mid Z)`,
 * `\mathrm{Var}_{x \sim P}[f(x)]`, `\mathrm{Cov}(X, Y)`, `\mathrm{Cov}_{x \sim P}[f(x), g(x)]`
 * (also `\text{…}` and lower-case `var`, `cov`).
 *
 * Reading: each argument becomes an expectation binder that carries the law — the one written
 * under the operator, else the document's implicit law of the random variables the arguments
 * draw (random-variables.ts) — so `\mathrm{Var}(X)` is Var of `\mathbb E_{X \sim \Pr}[X]`'s law
 * and body, and `\mathrm{Cov}(X, Y)` two expectations over the one joint law of (X, Y). Where no law
 * is written or implied (`\mathrm{Cov}[x_t]`, `\mathrm{Var}(\epsilon)`) the argument stays as written:
 * a problem's model may know its law (the linear-Gaussian back-end computes such a covariance
 * exactly, through `covarianceOperand`); nothing else evaluates it. A document that defines its
 * own `\mathrm{Var}` keeps it.
 * Meaning: Var f = E[(f − E f)²], Cov(f, g) = E[(f − E f)(g − E g)], under the law carried (the
 * sampler's discrete laws, or a Gaussian one by quadrature); a covariance of one argument is its
 * variance. Facts: Var ≥ 0 (rules/facts.rules).
 * Neither is scalar-valued in general: the covariance of a random vector is a matrix.
 *
 * Owns: that notation, its printing and its meaning. Must not: reach the parser, printer or
 * evaluator other than through their ports (family.ts).
 */
import {
  bind, call, fn, key, mul, mulAll, num, prob, sub, sym, type Bind, type Expr, type Fn,
} from '../../expr/model.js';
import { PROBABILITY_LAW } from '../../expr/symbols.js';
import type { NotationFamily, NotationPrinter, NotationReader } from './family.js';
import { drawnByConvention } from './random-variables.js';

type Operator = 'variance' | 'covariance';
const WORDS: ReadonlyMap<string, Operator> = new Map([['Var', 'variance'], ['var', 'variance'], ['Cov', 'covariance'], ['cov', 'covariance']]);
const HEADS: Readonly<Record<Operator, string>> = { variance: '\\operatorname{Var}', covariance: '\\operatorname{Cov}' };
/** How many random quantities each takes: Var one; Cov two, or one (the covariance matrix of a random vector). */
const MOST_ARGUMENTS: Readonly<Record<Operator, number>> = { variance: 1, covariance: 2 };
const isOperator = (name: string): name is Operator => name === 'variance' || name === 'covariance';
/** Names no formula can write, standing for E f and E g while the centred product is averaged. */
const MEAN_F = sym('\u0000mean of the first'), MEAN_G = sym('\u0000mean of the second');

export const variance: NotationFamily = {
  name: 'variance and covariance',
  operators: ['variance', 'covariance'],
  words: [...WORDS.keys()],
  symbols: [],
  bareWords: [],
  readWord: readOperator,
  print: printOperator,
  evaluate(e, port) {
    const head = HEADS[e.name as Operator];
    if (!isOperator(e.name) || !oneScope(e.args) || e.args.length > MOST_ARGUMENTS[e.name]) {
      return port.unsupported(`${head} under a law deriva does not know: write it (${head}_{x \\sim P}[…]), or name the random variables as capitals (X, Y)`);
    }
    // centred, E[(f − E f)(g − E g)], the means computed once: E[f²] − E[f]² would cancel catastrophically
    const [f, g = f] = e.args;
    const means = new Map([[MEAN_F.name, port.value(f!)], [MEAN_G.name, port.value(g)]]);
    return port.value(bind('E', f!.vars, f!.domain, mul(sub(f!.body, MEAN_F), sub(g.body, MEAN_G))), means);
  },
  facts: { scalarValued: [], lawArguments: [], signRules: ['variance-nonnegative'] },
};

// ---------------------------------------------------------------- reading

function readOperator(word: string, r: NotationReader): Expr | undefined {
  const op = WORDS.get(word);
  if (!op || !(r.peekChar('(') || r.peekChar('[') || r.peekChar('_'))) return undefined;
  // the document's own Var (`\mathrm{Var}(x) := …`) is its function
  const kind = r.kindOf(word);
  if (kind === 'function' || kind === 'distribution') return undefined;
  const head = HEADS[op];
  const scopes = r.readLawScripts();
  if (scopes.length > 1) r.fail(`${head} under several laws is not understood: write the one joint law, ${head}_{x, y \\sim P(x, y)}[…]`);
  if (!r.peekChar('(') && !r.peekChar('[')) r.fail(`expected the argument of ${head} in ( ) or [ ], found ${r.describeNext()}`);
  const conditional = r.conditionalHere();
  const { args, given, params } = r.readConditional(`the arguments of ${head}`, conditional?.barSeparates ?? false);
  if (params.length > 0) r.fail(`${head}(… ; …) takes no parameters after ';'`);
  if (scopes.length > 0 && given.length > 0) r.fail(`a condition inside ${head}_{…}[…] is not understood: write the conditional law under it, ${head}_{x \\sim p(x \\mid y)}[…]`);
  // another arity is some other operator of that name: an opaque call, never evaluated
  if (args.length > MOST_ARGUMENTS[op]) return call(sym(word), args);
  const laws = r.expectationsOf(args, scopes, given);
  if (laws) return fn(op, ...laws);
  if (given.length > 0) return fn(op, prob(r.implicitLaw() ?? sym(PROBABILITY_LAW), args, given));
  return fn(op, ...args);
}

// ---------------------------------------------------------------- printing

/** Expectations over one law: the same bound names and the same law. */
function oneScope(es: readonly Expr[]): es is readonly Bind[] {
  const [first] = es;
  if (first?.kind !== 'bind' || first.op !== 'E') return false;
  const scope = (b: Bind): string => `${b.vars.join(',')}|${key(bind('E', b.vars, b.domain, num(0)))}`;
  return es.every((e) => e.kind === 'bind' && e.op === 'E' && scope(e) === scope(first));
}

/** As writers put it: `\operatorname{Var}(a X)` when the law is the convention's, the law written under it otherwise. */
function printOperator(e: Fn, p: NotationPrinter): string {
  const head = HEADS[e.name as Operator] ?? `\\operatorname{${e.name}}`;
  const list = (es: readonly Expr[]): string => es.map(p.latex).join(', ');
  if (drawnByConvention(e.args, p.kindOf)) {
    const law = (e.args[0]!.domain as { dist: Expr }).dist;
    return `${head}${p.paren(p.conditional(e.args.map((b) => b.body), law.kind === 'prob' ? law.given : []))}`;
  }
  if (oneScope(e.args)) return `${head}${p.scripts(e.args[0]!.vars, e.args[0]!.domain)}\\left[${list(e.args.map((b) => b.body))}\\right]`;
  const [law] = e.args;
  if (e.args.length === 1 && law?.kind === 'prob' && law.dist.name === PROBABILITY_LAW && law.dist.index.length + law.dist.upper.length === 0) {
    return `${head}${p.paren(p.conditional(law.args, law.given))}`;
  }
  return `${head}${p.paren(list(e.args))}`;
}

/**
 * The random quantity whose covariance `e` is, when its law is left to a problem's model
 * (`\mathrm{Cov}[x_t]`, `\mathrm{Var}(\epsilon)`, a bare `\mathrm{Cov}\,v`): the linear-Gaussian
 * back-end computes it exactly. Null for anything else.
 */
export function covarianceOperand(e: Expr): Expr | null {
  if (e.kind === 'fn' && isOperator(e.name) && e.args.length === 1 && !oneScope(e.args)) return e.args[0]!;
  if (e.kind !== 'mul' || e.factors.length < 2) return null;
  const head = e.factors[0]!;
  if (head.kind !== 'sym' || WORDS.get(head.name) !== 'covariance' || head.index.length + head.upper.length > 0) return null;
  return e.factors.length === 2 ? e.factors[1]! : mulAll(e.factors.slice(1));
}

