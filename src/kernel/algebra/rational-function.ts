/**
 * Rational functions of opaque atoms, and the equality question the kernel asks of them.
 *
 * Owns: reading an expression as numerator/denominator polynomials, and `equalRational`.
 * Everything that is not +, ·, a number or a power with a constant rational exponent is an
 * atom, numbered by its α-invariant key (`\log a`, `\sqrt{\alpha}` = α^{1/2}, P(x), Σ…); a power
 * with exponent p/q is (b^{1/q})^p, so √α and 1/√α share one atom. Derivatives (`deriv` nodes
 * by a plain symbol) are worked out first.
 *
 * Convention: an identity of rational functions holds where both sides are defined, the
 * standard reading (a·a⁻¹ = 1, (x²−1)/(x−1) = x+1). Sides are compared by cross-multiplying,
 * p₁·q₂ − p₂·q₁ = 0, as polynomials whose atoms are independent variables. A zero difference
 * proves the identity for any values of the atoms, related or not: `equal` is sound. A nonzero
 * difference only says the atoms would have to be related (`\log a` and `\log b` may be), so that
 * outcome is `notShown`, never a refutation. Must not: decide anything any other way.
 */
import { type Expr, key, num, pow } from '../../expr/model.js';
import * as Q from './rational.js';
import * as P from './polynomial.js';
import { type Budget, BudgetExceeded, DEFAULT_BUDGET, type Meter, type Undecided, Unsupported, settle } from './budget.js';
import { derivative, describe, isPlainSymbol } from './differentiate.js';

export interface RationalFunction { readonly num: P.Poly; readonly den: P.Poly }

/** Atoms numbered in order of first appearance; one table per question, so both sides share numbers. */
export class Atoms {
  private readonly ids = new Map<string, number>();
  readonly exprs: Expr[] = [];
  id(e: Expr): number {
    const k = key(e);
    let id = this.ids.get(k);
    if (id === undefined) { id = this.exprs.length; this.ids.set(k, id); this.exprs.push(e); }
    return id;
  }
}

export interface Algebra { readonly meter: Meter; readonly atoms: Atoms }
export const newAlgebra = (meter: Meter): Algebra => ({ meter, atoms: new Atoms() });

const ONE: P.Poly = P.constant(Q.ONE);
const polynomial = (p: P.Poly): RationalFunction => ({ num: p, den: ONE });

function samePoly(a: P.Poly, b: P.Poly): boolean {
  if (a.size !== b.size) return false;
  for (const [m, c] of a) { const d = b.get(m); if (!d || !Q.equals(c, d)) return false; }
  return true;
}

/** A constant denominator moves into the numerator: it keeps later products small. */
function normalised(f: RationalFunction, meter: Meter): RationalFunction {
  const c = P.constantValue(f.den);
  return c && !Q.equals(c, Q.ONE) ? polynomial(P.scale(f.num, Q.div(Q.ONE, c), meter)) : f;
}

/** Σ parts: numerators over one denominator are summed first (the common case: a sum of
 *  polynomials, or of fractions over one denominator), then the groups are cross-multiplied. */
function total(parts: readonly RationalFunction[], meter: Meter): RationalFunction {
  const groups: { den: P.Poly; nums: P.Poly[] }[] = [];
  for (const f of parts) {
    if (P.isZero(f.num)) continue;
    const group = groups.find((g) => { meter.charge(1); return samePoly(g.den, f.den); });
    if (group) group.nums.push(f.num); else groups.push({ den: f.den, nums: [f.num] });
  }
  const sums = groups.map((g): RationalFunction => ({ num: P.sum(g.nums, meter), den: g.den }));
  if (sums.length === 0) return polynomial(new Map());
  return sums.reduce((a, b) => ({
    num: P.add(P.mul(a.num, b.den, meter), P.mul(b.num, a.den, meter), meter),
    den: P.mul(a.den, b.den, meter),
  }));
}

const times = (a: RationalFunction, b: RationalFunction, meter: Meter): RationalFunction =>
  normalised({ num: P.mul(a.num, b.num, meter), den: P.mul(a.den, b.den, meter) }, meter);

function power(f: RationalFunction, k: number, what: Expr, meter: Meter): RationalFunction {
  if (k < 0 && P.isZero(f.num)) throw new Unsupported(`division by zero: ${describe(what)} is identically 0`);
  const [top, bottom] = k < 0 ? [f.den, f.num] : [f.num, f.den];
  const n = Math.abs(k);
  return normalised({ num: P.pow(top, n, meter), den: P.pow(bottom, n, meter) }, meter);
}

/** Only numbers and arithmetic on them: an exponent that may be read as a rational. */
const isNumeric = (e: Expr): boolean =>
  e.kind === 'num' || (e.kind === 'add' && e.terms.every(isNumeric)) || (e.kind === 'mul' && e.factors.every(isNumeric))
  || (e.kind === 'pow' && isNumeric(e.base) && isNumeric(e.exp));

function constantExponent(e: Expr, alg: Algebra, depth: number): Q.Rat | null {
  if (!isNumeric(e)) return null;
  const f = toRational(e, alg, depth);
  const n = P.constantValue(f.num), d = P.constantValue(f.den);
  return n && d ? Q.div(n, d) : null;
}

/** `e` as numerator/denominator over `alg`'s atoms. Throws Unsupported or BudgetExceeded. */
export function toRational(e: Expr, alg: Algebra, depth = 0): RationalFunction {
  const { meter, atoms } = alg;
  meter.node(depth);
  const atom = (x: Expr): RationalFunction => polynomial(P.atom(atoms.id(x)));
  switch (e.kind) {
    case 'num': {
      if (!Number.isFinite(e.value)) throw new Unsupported(`the number ${e.value} is not finite`);
      const r = Q.fromNumber(e.value);
      return r ? polynomial(P.constant(r)) : atom(e);   // a double with no exact reading stays an unknown constant
    }
    case 'add': return total(e.terms.map((t) => toRational(t, alg, depth + 1)), meter);
    case 'mul': return e.factors.reduce((s, f) => times(s, toRational(f, alg, depth + 1), meter), polynomial(ONE));
    case 'pow': {
      const k = constantExponent(e.exp, alg, depth + 1);
      if (!k) return atom(e);
      const p = Number(k.n);
      if (!Q.isInteger(k)) {
        // b^{p/q} as (b^{1/q})^p, unless p is so large that the whole power is better left an atom
        if (Math.abs(p) > meter.budget.maxDegree) return atom(e);
        return power(atom(pow(e.base, num(1 / Number(k.d)))), p, e.base, meter);
      }
      if (!Number.isSafeInteger(p)) throw new BudgetExceeded('budget: an exponent beyond 2^53');
      return power(toRational(e.base, alg, depth + 1), p, e.base, meter);
    }
    case 'deriv':
      if (!isPlainSymbol(e.wrt)) throw new Unsupported(`a derivative with respect to ${describe(e.wrt)}, not a plain symbol`);
      return toRational(derivative(e.body, e.wrt.name, meter), alg, depth + 1);
    default: return atom(e);
  }
}

export type Equality = { readonly kind: 'equal' } | { readonly kind: 'notShown' } | Undecided;

/** Are a and b equal as rational functions of their atoms (where both are defined)? */
export function equalRational(a: Expr, b: Expr, budget: Budget = DEFAULT_BUDGET): Equality {
  if (key(a) === key(b)) return { kind: 'equal' };
  return settle(budget, (meter): Equality => {
    const alg = newAlgebra(meter);
    const x = toRational(a, alg), y = toRational(b, alg);
    const same = samePoly(x.den, y.den)
      ? samePoly(x.num, y.num)
      : P.isZero(P.sub(P.mul(x.num, y.den, meter), P.mul(y.num, x.den, meter), meter));
    return same ? { kind: 'equal' } : { kind: 'notShown' };
  });
}
