/**
 * The expression model: an immutable tree that every other layer reads.
 *
 * Owns: the node types, their constructors, traversal, free symbols and the
 * α-invariant structural key. Must not: know LaTeX syntax (that is src/latex),
 * numbers' meaning (src/numeric) or rules (src/rewrite).
 *
 * Normal forms chosen at construction so that rules and the numeric back-end
 * see one shape per meaning:
 *   a - b      → add(a, mul(-1, b))
 *   a / b      → mul(a, pow(b, -1))
 *   -a         → mul(-1, a)
 *   \sqrt{a}   → pow(a, 1/2)
 * Bound variables keep their names in the tree (readable, printable); the key
 * replaces them by de Bruijn indices, so α-equivalent terms have equal keys.
 */

import type { ValueRelation } from './relations.js';

/** A symbol occurrence: a name plus index expressions.
 *  Subscripts go in `index`: `\mu_j` is sym('\mu', [j]); `\bar\alpha_{t-1}` is
 *  sym('\bar{\alpha}', [t-1]); `x_i` is component i of x.
 *  Parenthesised superscripts go in `upper`: `x^{(i)}` is sym('x', [], [i]), the
 *  i-th sample of x; `\theta^{(t+1)}`, `Q_i^{(t)}` (index [i], upper [t+1]).
 *  In probability arguments the difference matters: P(x^{(i)}) is P's marginal
 *  of x evaluated at sample i, while p(x_i | y) is the marginal of component x_i.
 *  Multi-letter upright subscripts are labels and belong to the name
 *  (`x_{DC}` is sym('x_{DC}'), `\sigma_q` is sym('\sigma', [q])). */
export interface Sym {
  readonly kind: 'sym';
  readonly name: string;
  readonly index: readonly Expr[];
  readonly upper: readonly Expr[];
}
export interface Num { readonly kind: 'num'; readonly value: number }
export interface Add { readonly kind: 'add'; readonly terms: readonly Expr[] }
export interface Mul { readonly kind: 'mul'; readonly factors: readonly Expr[] }
export interface Pow { readonly kind: 'pow'; readonly base: Expr; readonly exp: Expr }

/** Built-in functions with a fixed meaning. */
export type BuiltinName =
  | 'log'        // natural log (\log, \ln)
  | 'log2'       // \log_2
  | 'exp'
  | 'abs'        // |a|
  | 'det'        // |Σ| of a matrix, \det
  | 'norm'       // \|x\|  (Euclidean / Frobenius)
  | 'tr'         // \text{tr}
  | 'transpose'  // a^T, a^\top
  | 'normal'     // \mathcal N(x; μ, Σ) (3 args, density) or \mathcal N(μ, Σ) (2 args, the law)
  | 'uniform'    // \mathcal U[a, b]
  | 'multinomial' // \text{Multinomial}(φ)
  | 'interval';  // (a, b), [a, b), …: args lo, hi, leftClosed, rightClosed (1 or 0); in assumptions `x \in (0,1)`
/** An operator a notation family declares (src/notation/families/): `KL`, `entropy`, `crossEntropy`,
 *  `variance`, `covariance`. How it is read, printed and evaluated, and its facts, live in that
 *  family's module; here it is a name like a built-in's. */
export type FamilyOperator = string & {};
export interface Fn { readonly kind: 'fn'; readonly name: BuiltinName | FamilyOperator; readonly args: readonly Expr[] }

/** Application of a user symbol that is a function (f(x), L(\mu), \ell(\theta)). */
export interface Call { readonly kind: 'call'; readonly fn: Sym; readonly args: readonly Expr[] }

/** A probability term: P(x), P(x,y), P(x|y), p(x;θ) (θ goes into dist.index),
 *  P_θ(x), \hat P(x), q(x_t | x_{t-1}, x_0). Inside KL/H arguments the args name
 *  random variables (P(X|Y)); elsewhere they are values. */
export interface Prob {
  readonly kind: 'prob';
  readonly dist: Sym;
  readonly args: readonly Expr[];
  readonly given: readonly Expr[];
  /** The random variable each argument (then each condition) refers to, fixed when written:
   *  in `\sum_y P(y)` the argument is bound but the variable is Y, and renaming the bound y
   *  to a keeps it Y — `\sum_a P_Y(a)` is not `\sum_a P(a)`, the marginal of A. */
  readonly vars: readonly string[];
}

export type BinderOp = 'sum' | 'prod' | 'E' | 'argmin' | 'argmax' | 'min' | 'max' | 'int';

/** Where a bound variable ranges. */
export type Domain =
  | { readonly kind: 'range'; readonly from: Expr; readonly to: Expr }   // \sum_{i=1}^n
  | { readonly kind: 'set'; readonly set: Expr }                         // \sum_{x\in\mathcal X}, \min_{j\in\{1..k\}}
  | { readonly kind: 'dist'; readonly dist: Expr; readonly rvs: readonly string[] }   // \mathbb E_{x\sim P}, \mathbb E_{q(x_t|x_0)}
  | { readonly kind: 'natural' };                                        // \sum_x, \arg\min_\theta: the variable's own domain

/** A binder: sums, products, expectations, arg-optimisation, min/max, integrals.
 *  `vars` are the bound names (\sum_{x,y} binds two). Inside `body`, a Sym whose
 *  name is bound refers to the binder (x^{(i)} with bound i is sym('x',[i])). */
export interface Bind {
  readonly kind: 'bind';
  readonly op: BinderOp;
  readonly vars: readonly string[];
  readonly domain: Domain;
  readonly body: Expr;
}

export type RelOp = ValueRelation;
/** A relation used as a value: the condition of an indicator, a set-membership. */
export interface Rel { readonly kind: 'rel'; readonly op: RelOp; readonly lhs: Expr; readonly rhs: Expr }
/** 1\{cond\}, \mathbb 1[cond]. */
export interface Indicator { readonly kind: 'indicator'; readonly cond: Expr }
/** ∂/∂v body, \nabla_v body. */
export interface Deriv { readonly kind: 'deriv'; readonly wrt: Expr; readonly body: Expr }
/** An explicit finite set {a, b, …} or a range set {1, …, k}. */
export interface SetLit { readonly kind: 'set'; readonly elems: readonly Expr[]; readonly range?: { readonly from: Expr; readonly to: Expr } }
/** `+ \text{const}`, `+ C`: an additive term that does not depend on the variables optimised over. */
export interface Const { readonly kind: 'const' }

export type Expr =
  | Sym | Num | Add | Mul | Pow | Fn | Call | Prob | Bind | Rel | Indicator | Deriv | SetLit | Const;

/** A `:=` definition: `\alpha_t := 1-\beta_t`, `L(\mu) := …`, `\hat P(x) := …`. */
export interface Definition { readonly lhs: Expr; readonly rhs: Expr }

/** The name a definition's left side defines (`L` of `L(\mu)`, `P` of `\hat P(x)`), or null. */
export const definedName = (lhs: Expr): string | null =>
  lhs.kind === 'sym' ? lhs.name : lhs.kind === 'call' ? lhs.fn.name : lhs.kind === 'prob' ? lhs.dist.name : null;

/**
 * The start of `\prod_{s \le t}`, `\sum_{s < t}`: the first index of the sequences the body
 * runs over, which the writer leaves to the reader. No LaTeX spells this name, so it is never
 * drawn or defined: only a back-end that knows where its sequences start (a model's schedule)
 * gives it a value; anything else leaves the step unverified.
 */
export const IMPLICIT_START = '\u27e8first index\u27e9';
export const isImplicitStart = (e: Expr): boolean => e.kind === 'sym' && e.name === IMPLICIT_START;

/** How far an index is from a variable: `t` → 0, `t - 2` → -2; null for anything else. */
export function shiftOf(index: Expr, variable: string): number | null {
  const at = (e: Expr): boolean => e.kind === 'sym' && e.name === variable && e.index.length + e.upper.length === 0;
  if (at(index)) return 0;
  return index.kind === 'add' && index.terms.length === 2 && at(index.terms[0]!) && index.terms[1]!.kind === 'num' ? index.terms[1]!.value : null;
}

// ---------------------------------------------------------------- constructors

export const num = (value: number): Num => ({ kind: 'num', value });
export const sym = (name: string, index: readonly Expr[] = [], upper: readonly Expr[] = []): Sym =>
  ({ kind: 'sym', name, index, upper });
export const pow = (base: Expr, exp: Expr): Pow => ({ kind: 'pow', base, exp });
export const fn = (name: BuiltinName | FamilyOperator, ...args: Expr[]): Fn => ({ kind: 'fn', name, args });
export const call = (f: Sym, args: readonly Expr[]): Call => ({ kind: 'call', fn: f, args });
export const prob = (dist: Sym, args: readonly Expr[], given: readonly Expr[] = [], vars?: readonly string[]): Prob =>
  ({ kind: 'prob', dist, args, given, vars: vars ?? [...args, ...given].map(randomVariable) });

/** The random variable a probability argument names as written: `x`, `x^{(i)}` and `X` name x;
 *  `\tilde x^{(i)}` (a labelled sample) names x; `X = 1` names x; `x_i` names the component x_i
 *  (its index stays with the argument). '' when the argument names none (a number). */
export function randomVariable(arg: Expr): string {
  const s = arg.kind === 'rel' && arg.op === '=' ? arg.lhs : arg;
  if (s.kind !== 'sym') return '';
  if (/^[A-Z]$/.test(s.name)) return s.name.toLowerCase();
  const accent = /^\\(?:tilde|hat|bar)\{([a-zA-Z])\}$/.exec(s.name);
  if (accent && s.upper.length > 0) return accent[1]!.toLowerCase();
  return s.name;
}
/** `x \sim P` under an expectation: the law, and the random variables the bound names draw —
 *  fixed when written, like a probability's (`\mathbb E_{b\sim P}` is over the variable B even
 *  after the bound b is renamed). */
export const distDomain = (dist: Expr, vars: readonly string[]): Domain =>
  ({ kind: 'dist', dist, rvs: vars.map((v) => randomVariable(sym(v))) });
export const bind = (op: BinderOp, vars: readonly string[], domain: Domain, body: Expr): Bind => ({ kind: 'bind', op, vars, domain, body });
export const rel = (op: RelOp, lhs: Expr, rhs: Expr): Rel => ({ kind: 'rel', op, lhs, rhs });
export const indicator = (cond: Expr): Indicator => ({ kind: 'indicator', cond });
export const deriv = (wrt: Expr, body: Expr): Deriv => ({ kind: 'deriv', wrt, body });
export const CONST: Const = { kind: 'const' };

/** n-ary sum; flattens nested sums, drops nothing else (simplification is a rule's job). */
export const add = (...terms: Expr[]): Expr => addAll(terms);
/** n-ary product; flattens nested products. */
export const mul = (...factors: Expr[]): Expr => mulAll(factors);
/** `add` of an array: a sum of any width (spreading 100,000 terms into a call overflows the stack). */
export function addAll(terms: readonly Expr[]): Expr {
  const flat = terms.flatMap((t) => (t.kind === 'add' ? t.terms : [t]));
  return flat.length === 1 ? flat[0]! : { kind: 'add', terms: flat };
}
/** `mul` of an array, of any width. */
export function mulAll(factors: readonly Expr[]): Expr {
  const flat = factors.flatMap((f) => (f.kind === 'mul' ? f.factors : [f]));
  return flat.length === 1 ? flat[0]! : { kind: 'mul', factors: flat };
}
export const neg = (a: Expr): Expr => mul(num(-1), a);
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));
export const div = (a: Expr, b: Expr): Expr => mul(a, pow(b, num(-1)));
export const sqrt = (a: Expr): Expr => pow(a, num(0.5));

// ---------------------------------------------------------------- traversal

/** The direct sub-expressions, in a fixed order. Domains' expressions come first for binders. */
/** Are two immutable values the same plain data, field for field (numbers by Object.is, so -0 is
 *  not 0)? Unlike `key`, bound names count: it tells a tree from its α-variant. A shared child is the
 *  same object, which settles it at once. */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && samePlainData(ra[k], rb[k]));
}

export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    // the node's own list when it is the whole answer (most symbols have no upper): the list is
    // read-only, so handing it out copies nothing for nothing
    case 'sym': return e.upper.length === 0 ? e.index : e.index.length === 0 ? e.upper : [...e.index, ...e.upper];
    case 'num': case 'const': return [];
    case 'add': return e.terms;
    case 'mul': return e.factors;
    case 'pow': return [e.base, e.exp];
    case 'fn': return e.args;
    case 'call': return [e.fn, ...e.args];
    case 'prob': return [e.dist, ...e.args, ...e.given];
    case 'bind': return [...domainExprs(e.domain), e.body];
    case 'rel': return [e.lhs, e.rhs];
    case 'indicator': return [e.cond];
    case 'deriv': return [e.wrt, e.body];
    case 'set': return e.range ? [e.range.from, e.range.to] : e.elems;
  }
}

export function domainExprs(d: Domain): readonly Expr[] {
  switch (d.kind) {
    case 'range': return [d.from, d.to];
    case 'set': return [d.set];
    case 'dist': return [d.dist];
    case 'natural': return [];
  }
}

/** Rebuilds `e` with each child replaced by `f(child)`; returns `e` itself when nothing changed. */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  const kids = children(e);
  if (kids.length === 0) return e;
  const mapped = kids.map(f);
  if (mapped.every((m, i) => m === kids[i])) return e;
  let i = 0;
  const next = () => mapped[i++]!;
  const nextN = (n: number) => { const out = mapped.slice(i, i + n); i += n; return out; };
  switch (e.kind) {
    case 'sym': { const ix = nextN(e.index.length); return sym(e.name, ix, nextN(e.upper.length)); }
    case 'num': case 'const': return e;
    case 'add': return { kind: 'add', terms: mapped };
    case 'mul': return { kind: 'mul', factors: mapped };
    case 'pow': return pow(next(), next());
    case 'fn': return { kind: 'fn', name: e.name, args: mapped };
    case 'call': { const f = next() as Sym; return call(f, nextN(e.args.length)); }
    case 'prob': { const d = next() as Sym; const a = nextN(e.args.length); return prob(d, a, nextN(e.given.length), e.vars); }
    case 'bind': {
      const dom = rebuildDomain(e.domain, nextN(domainExprs(e.domain).length));
      return bind(e.op, e.vars, dom, next());
    }
    case 'rel': return rel(e.op, next(), next());
    case 'indicator': return indicator(next());
    case 'deriv': return deriv(next(), next());
    case 'set': return e.range
      ? { kind: 'set', elems: e.elems, range: { from: next(), to: next() } }
      : { kind: 'set', elems: mapped };
  }
}

function rebuildDomain(d: Domain, exprs: readonly Expr[]): Domain {
  switch (d.kind) {
    case 'range': return { kind: 'range', from: exprs[0]!, to: exprs[1]! };
    case 'set': return { kind: 'set', set: exprs[0]! };
    case 'dist': return { kind: 'dist', dist: exprs[0]!, rvs: d.rvs };
    case 'natural': return d;
  }
}

/** Does this occurrence denote the variable a binder of its name binds? A superscripted
 *  `x^{(i)}` is the i-th sample of x, never the bound x (the parser turns the body of
 *  `\sum_{z^{(i)}}` into uses of plain z), so it is always free. */
export const refersToBinder = (s: Sym): boolean => s.upper.length === 0;

/** Names of the symbols that occur free (not bound by an enclosing binder). */
export function freeNames(e: Expr, bound: ReadonlySet<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const walk = (x: Expr, b: ReadonlySet<string>): void => {
    if (x.kind === 'sym' && !(b.has(x.name) && refersToBinder(x)) && x.name !== IMPLICIT_START) out.add(x.name);
    if (x.kind === 'bind') {
      for (const d of domainExprs(x.domain)) walk(d, b);
      walk(x.body, new Set([...b, ...x.vars]));
      return;
    }
    for (const c of children(x)) walk(c, b);
  };
  walk(e, bound);
  return out;
}

/** True when `name` occurs free in `e`. */
export const occursFree = (name: string, e: Expr): boolean => freeNames(e).has(name);

/**
 * A structural key: equal keys ⇔ equal trees up to renaming of bound variables.
 * Bound names print as de Bruijn-style `#depth.k`, so `\sum_x P(x)` and
 * `\sum_y P(y)` share a key. Pure and cheap enough to use as a hash.
 */
export function key(e: Expr): string {
  const scopes: string[][] = [];
  const ref = (name: string): string => {
    for (let d = scopes.length - 1; d >= 0; d--) {
      const k = scopes[d]!.indexOf(name);
      if (k >= 0) return `#${scopes.length - 1 - d}.${k}`;
    }
    return name;
  };
  const go = (x: Expr): string => {
    switch (x.kind) {
      case 'num': return String(x.value);
      case 'const': return 'const';
      case 'sym': {
        const ix = x.index.length ? `_[${x.index.map(go).join(',')}]` : '';
        const up = x.upper.length ? `^[${x.upper.map(go).join(',')}]` : '';
        return (refersToBinder(x) ? ref(x.name) : x.name) + ix + up;
      }
      case 'add': return `(+ ${x.terms.map(go).join(' ')})`;
      case 'mul': return `(* ${x.factors.map(go).join(' ')})`;
      case 'pow': return `(^ ${go(x.base)} ${go(x.exp)})`;
      case 'fn': return `(${x.name} ${x.args.map(go).join(' ')})`;
      case 'call': return `(call ${go(x.fn)} ${x.args.map(go).join(' ')})`;
      case 'prob': return `(P ${go(x.dist)} [${x.vars.join(',')}] ${x.args.map(go).join(' ')} | ${x.given.map(go).join(' ')})`;
      case 'bind': {
        const rvs = x.domain.kind === 'dist' ? `[${x.domain.rvs.join(',')}]` : '';
        const dom = `${x.domain.kind}${rvs}:${domainExprs(x.domain).map(go).join(',')}`;
        scopes.push([...x.vars]);
        const body = go(x.body);
        scopes.pop();
        return `(${x.op}/${x.vars.length} ${dom} ${body})`;
      }
      case 'rel': return `(${x.op} ${go(x.lhs)} ${go(x.rhs)})`;
      case 'indicator': return `(1 ${go(x.cond)})`;
      case 'deriv': return `(d ${go(x.wrt)} ${go(x.body)})`;
      case 'set': return x.range ? `{${go(x.range.from)}..${go(x.range.to)}}` : `{${x.elems.map(go).join(',')}}`;
    }
  };
  return go(e);
}

export const equal = (a: Expr, b: Expr): boolean => key(a) === key(b);

/** Number of nodes; used for search budgets and for bounding input size. */
export function size(e: Expr): number {
  let n = 1;
  for (const c of children(e)) n += size(c);
  return n;
}
