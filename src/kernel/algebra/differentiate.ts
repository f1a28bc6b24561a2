/**
 * Symbolic derivative of an expression with respect to a plain symbol.
 *
 * Owns: the differentiation rules for sums, products, powers (constant exponent, or constant
 * base), exp, log and log₂; a part free of the variable has derivative 0, but a whole body that
 * names something and never the variable (∂L/∂w, ∂(2L)/∂w) stands for something of it. Must not: guess a
 * derivative. A node that depends on the variable and has no rule here (a user function f(x), a
 * probability P(x), |x|, a sum over an index, a component x_i of x) makes the whole question
 * unsupported, never 0. The result is unsimplified; deciding `d/dv f = g` is this plus
 * equalRational.
 */
import { type Expr, type Sym, add, children, fn, key, mul, num, pow } from '../../expr/model.js';
import { freeVars } from '../../expr/subst.js';
import { type Budget, DEFAULT_BUDGET, type Meter, type Undecided, Unsupported, settle } from './budget.js';

/** A symbol that can be differentiated by: no subscript, no superscript. */
export const isPlainSymbol = (e: Expr): e is Sym => e.kind === 'sym' && e.index.length === 0 && e.upper.length === 0;

export const describe = (e: Expr): string => { const k = key(e); return k.length > 60 ? `${k.slice(0, 57)}…` : k; };

const isNumber = (e: Expr, value: number): boolean => e.kind === 'num' && e.value === value;
const sum = (terms: Expr[]): Expr => { const kept = terms.filter((t) => !isNumber(t, 0)); return kept.length ? add(...kept) : num(0); };
function product(factors: Expr[]): Expr {
  if (factors.some((f) => isNumber(f, 0))) return num(0);
  const kept = factors.filter((f) => !isNumber(f, 1));
  return kept.length ? mul(...kept) : num(1);
}

/** d e / d v. Throws Unsupported when some part has no rule, BudgetExceeded when the meter runs out. */
export function derivative(e: Expr, v: string, meter: Meter): Expr {
  // ∂L/∂w, ∂(2L)/∂w: a body that names something but never the variable depends on it only in a way
  // its written form does not show — a writer differentiates nothing that is constant (∂L/∂w = 0 was
  // proved for a loss L of w)
  const names = freeVars(e);
  if (names.size > 0 && !names.has(v)) throw new Unsupported(`${describe(e)} is differentiated with respect to ${v}, which it does not show, though it may depend on it`);
  const dependence = new Map<Expr, boolean>();
  // compositional where nothing binds (one pass over the tree); symbols and binders ask freeVars
  const depends = (x: Expr): boolean => {
    let d = dependence.get(x);
    if (d === undefined) {
      d = x.kind === 'sym' || x.kind === 'bind' ? freeVars(x).has(v) : children(x).some(depends);
      dependence.set(x, d);
    }
    return d;
  };
  const go = (x: Expr, depth: number): Expr => {
    meter.node(depth);
    if (!depends(x)) return num(0);
    const d = (y: Expr): Expr => go(y, depth + 1);
    switch (x.kind) {
      case 'sym':
        if (isPlainSymbol(x) && x.name === v) return num(1);
        break;
      case 'add': return sum(x.terms.map(d));
      case 'mul': return sum(x.factors.map((f, i) => {
        const df = d(f);
        return isNumber(df, 0) ? df : product(x.factors.map((g, j) => (i === j ? df : g)));
      }));
      case 'pow': {
        if (!depends(x.exp)) {
          const lower = x.exp.kind === 'num' && Number.isInteger(x.exp.value) ? num(x.exp.value - 1) : add(x.exp, num(-1));
          return product([x.exp, pow(x.base, lower), d(x.base)]);
        }
        if (!depends(x.base)) return product([x, fn('log', x.base), d(x.exp)]);
        break;   // f(v)^{g(v)}: needs the base positive, which is not this module's to know
      }
      case 'fn': {
        const [u] = x.args;
        if (x.args.length !== 1 || !u) break;
        if (x.name === 'exp') return product([x, d(u)]);
        if (x.name === 'log') return product([d(u), pow(u, num(-1))]);
        if (x.name === 'log2') return product([d(u), pow(mul(u, fn('log', num(2))), num(-1))]);
        break;
      }
      case 'deriv':
        if (isPlainSymbol(x.wrt)) return d(derivative(x.body, x.wrt.name, meter));
        break;
      default: break;
    }
    throw new Unsupported(`cannot differentiate ${describe(x)} with respect to ${v}`);
  };
  return go(e, 0);
}

export type Derivative = { readonly kind: 'derivative'; readonly expr: Expr } | Undecided;

/** d e / d v as an expression, or why not. */
export function differentiate(e: Expr, v: string, budget: Budget = DEFAULT_BUDGET): Derivative {
  return settle(budget, (meter) => ({ kind: 'derivative', expr: derivative(e, v, meter) }) as const);
}
