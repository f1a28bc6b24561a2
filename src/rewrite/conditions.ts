/**
 * Side conditions of rules, discharged on an instantiated rule.
 *
 * Owns: the sign analysis (what is provably > 0, ≥ 0, < 0, ≠ 0, from the
 * symbol table, the assumptions and the structure of the term), and the check of
 * every condition kind. Must not: search or guess — a condition that cannot be
 * discharged fails, and the step stays unproved.
 *
 * Structural facts used (each a fact of the homework's setting, see rules/README.md):
 * probabilities P(x) are > 0 (the homework assumes P(x) > 0 for all x), exp and
 * Gaussian densities are > 0, counts are ≥ 1, squares, norms, |·|, indicators,
 * entropies and KL divergences are ≥ 0, and sums, products and expectations
 * over a non-empty domain keep the sign of their body.
 */
import { swapSides } from '../expr/relations.js';
import { type Expr } from '../expr/model.js';
import { key } from './keys.js';
import { DEFAULT_DISTRIBUTIONS, type SymbolTable } from '../expr/symbols.js';
import { freeVars, mentionsAny } from '../expr/subst.js';
import { boundTargetName, instantiate } from './match.js';
import { normalize } from './normalize.js';
import type { Bindings, Condition, Rule } from './types.js';

/** Possible signs as a bit set: which of negative, zero, positive the value may take. */
export type SignMask = number;
const N = 1, Z = 2, P = 4;
export const ANY: SignMask = N | Z | P;

export interface Facts {
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  /** The derivation's `:=` definitions: `y^{(i)} := \\arg\\min_{j \\in \\{1..k\\}} …` shows y^{(i)} ∈ {1..k}. */
  readonly definitions?: readonly { readonly lhs: Expr; readonly rhs: Expr }[];
}

const NUM_MASK = (v: number): SignMask => (v > 0 ? P : v < 0 ? N : Z);

function mulMask(a: SignMask, b: SignMask): SignMask {
  let out = 0;
  for (const x of [N, Z, P]) for (const y of [N, Z, P]) {
    if (!(a & x) || !(b & y)) continue;
    out |= x === Z || y === Z ? Z : x === y ? P : N;
  }
  return out;
}

function addMask(masks: readonly SignMask[]): SignMask {
  let out = 0;
  if (masks.some((m) => m & P)) out |= P;
  if (masks.some((m) => m & N)) out |= N;
  if (masks.every((m) => m & Z) || (out & P && out & N)) out |= Z;
  return out;
}

function powMask(base: SignMask, exp: Expr, facts: Facts, depth: number): SignMask {
  if (exp.kind === 'num' && Number.isInteger(exp.value)) {
    const even = exp.value % 2 === 0;
    let m = even ? ((base & (N | P)) ? P : 0) | (base & Z) : base;
    if (exp.value < 0) m &= ~Z;   // where defined, a negative power is non-zero
    return m;
  }
  if (base === P) return P;
  const e = signOf(exp, facts, depth + 1);
  // a non-integer power is defined for base ≥ 0 only
  return (base & P ? P : 0) | (base & Z && e === P ? Z : 0);
}

/** Which signs `e` may take, as far as can be shown. Depth-bounded (unknown beyond the bound). */
export function signOf(e: Expr, facts: Facts, depth = 0): SignMask {
  if (depth > 200) return ANY;
  const assumed = fromAssumptions(e, facts.assumptions);
  const go = (x: Expr): SignMask => signOf(x, facts, depth + 1);
  return assumed & structural();

  function structural(): SignMask {
    switch (e.kind) {
      case 'num': return NUM_MASK(e.value);
      case 'sym': return symMask(e.name, facts.symbols);
      case 'mul': return e.factors.map(go).reduce(mulMask, P);
      case 'add': return addMask(e.terms.map(go));
      case 'pow': return powMask(go(e.base), e.exp, facts, depth);
      case 'prob': return P;
      case 'indicator': return Z | P;
      case 'fn': switch (e.name) {
        case 'exp': case 'normal': return P;
        case 'abs': case 'norm': return (go(e.args[0]!) & (N | P)) ? (go(e.args[0]!) & Z ? Z | P : P) : Z;
        case 'entropy': case 'KL': case 'crossEntropy': return Z | P;
        default: return ANY;
      }
      case 'bind': switch (e.op) {
        case 'sum': case 'E': case 'int': case 'min': case 'max': return keepSign(go(e.body));
        case 'prod': { const m = go(e.body); return m === P ? P : m & N ? ANY : Z | P; }
        default: return ANY;
      }
      default: return ANY;
    }
  }
}

/** A sum/expectation over a non-empty domain keeps a definite sign of its body. */
const keepSign = (m: SignMask): SignMask => (m === P || m === N || m === Z ? m : m === (Z | P) || m === (Z | N) ? m : ANY);

function symMask(name: string, symbols: SymbolTable): SignMask {
  const info = symbols.get(name);
  if (!info) return ANY;
  if (info.positive || info.kind === 'count') return P;
  if (info.lower !== undefined && (info.lower > 0 || (info.lower === 0 && info.strictLower))) return P;
  if (info.nonnegative || (info.lower !== undefined && info.lower >= 0)) return Z | P;
  if (info.upper !== undefined && (info.upper < 0 || (info.upper === 0 && info.strictUpper))) return N;
  return ANY;
}

/** Intersection of what the assumptions (e > 0, 0 < e, e ≥ c with c ≥ 0 …) say about `e`. */
function fromAssumptions(e: Expr, assumptions: readonly Expr[]): SignMask {
  let m = ANY;
  const k = key(e);
  for (const a of assumptions) {
    if (a.kind !== 'rel') continue;
    if (key(a.lhs) === k && a.rhs.kind === 'num') m &= relMask(a.op, a.rhs.value);
    else if (key(a.rhs) === k && a.lhs.kind === 'num') m &= relMask(swapSides(a.op), a.lhs.value);
  }
  return m;
}


/** Signs allowed by `e op c`. */
function relMask(op: string, c: number): SignMask {
  switch (op) {
    case '>': return c >= 0 ? P : ANY;
    case '>=': return c > 0 ? P : c === 0 ? Z | P : ANY;
    case '<': return c <= 0 ? N : ANY;
    case '<=': return c < 0 ? N : c === 0 ? Z | N : ANY;
    case '!=': return c === 0 ? N | P : ANY;
    case '=': return NUM_MASK(c);
    default: return ANY;
  }
}

const REQUIRED: Record<string, SignMask> = { '>': P, '>=': Z | P, '<': N, '<=': Z | N, '!=': N | P };

/** Null when every condition (premises excepted: the search handles those) holds; else why not. */
export function failedCondition(rule: Rule, binding: Bindings, facts: Facts): string | null {
  for (const c of rule.conditions) {
    if (!holds(c, rule, binding, facts)) return `condition "${c.text}" of ${rule.name} not shown`;
  }
  return null;
}

function holds(c: Condition, rule: Rule, b: Bindings, facts: Facts): boolean {
  try {
    switch (c.kind) {
      case 'premise': return true;
      case 'sign': {
        // `g > 0` for a variable abstracting bound variables means: positive for every value of them
        const whole = c.expr.kind === 'sym' && c.expr.index.length === 0 ? b.get(c.expr.name) : undefined;
        const m = signOf(normalize(whole ? whole.body : instantiate(c.expr, b, rule.vars)), facts);
        return m !== 0 && (m & ~REQUIRED[c.op]!) === 0;
      }
      case 'notFree': {
        const target = boundTargetName(b, c.bound);
        return target === undefined || !mentionsAny(instantiate(c.expr, b, rule.vars), [target]);
      }
      case 'distribution': {
        const d = b.get(c.dist)?.body;
        return d?.kind === 'sym' && (facts.symbols.get(d.name)?.kind === 'distribution' || DEFAULT_DISTRIBUTIONS.includes(d.name));
      }
      case 'outcome': {
        // a sample x^{(i)} (or x itself) of the variable the sum runs over
        const value = instantiate(c.expr, b, rule.vars);
        const target = boundTargetName(b, c.bound);
        return target !== undefined && value.kind === 'sym' && value.name === target && value.index.length === 0;
      }
      case 'member': return isMember(normalize(instantiate(c.expr, b, rule.vars)), normalize(instantiate(c.set, b, rule.vars)), facts);
      case 'scalar': {
        const names = freeVars(instantiate(c.expr, b, rule.vars));
        return [...names].every((n) => !/^\\(mathbf|boldsymbol|bm)\b/.test(n)
          && facts.symbols.get(n)?.kind !== 'vector' && facts.symbols.get(n)?.kind !== 'matrix');
      }
      case 'convex': case 'concave': {
        const lam = b.get(c.fn);
        return lam !== undefined && lam.params.length === 1 && curvature(lam.body, lam.params[0]!) === c.kind;
      }
    }
  } catch {
    return false;
  }
}

/** Is `v` one of the integers of the range set `set`: a number inside it, or defined as an arg-optimum over it? */
function isMember(v: Expr, set: Expr, facts: Facts): boolean {
  if (set.kind !== 'set' || !set.range) return false;
  const { from, to } = set.range;
  if (v.kind === 'num') {
    return Number.isInteger(v.value) && from.kind === 'num' && v.value >= from.value
      && (to.kind === 'num' ? v.value <= to.value : key(v) === key(from) && signOf(to, facts) === P && from.value <= 1);
  }
  const def = facts.definitions?.find((d) => key(d.lhs) === key(v));
  const r = def?.rhs;
  return r?.kind === 'bind' && (r.op === 'argmin' || r.op === 'argmax') && r.domain.kind === 'set' && key(r.domain.set) === key(set);
}

/** Curvature of a one-variable body in `v`, for the few shapes Jensen is used with. */
function curvature(body: Expr, v: string): 'convex' | 'concave' | null {
  const isV = (x: Expr) => x.kind === 'sym' && x.name === v && x.index.length === 0;
  if (body.kind === 'fn' && body.name === 'log' && isV(body.args[0]!)) return 'concave';
  if (body.kind === 'fn' && body.name === 'exp' && isV(body.args[0]!)) return 'convex';
  if (body.kind === 'pow' && isV(body.base) && body.exp.kind === 'num' && body.exp.value === 2) return 'convex';
  if (body.kind === 'mul' && body.factors.length === 2 && body.factors[0]!.kind === 'num' && body.factors[0]!.value < 0) {
    const inner = curvature(body.factors[1]!, v);
    return inner === 'convex' ? 'concave' : inner === 'concave' ? 'convex' : null;
  }
  return null;
}
