/**
 * `\arg\min_v body = value` (and arg max) for a body that is a quadratic in v.
 *
 * Owns: the convexity argument, exactly: the body is a polynomial of degree exactly 2 in v (its
 * other atoms free of v, any denominator free of v), the coefficient of v² is a number, positive
 * for arg min and negative for arg max, and the derivative vanishes at `value`. Must not: accept
 * a symbolic leading coefficient (its sign is a fact this module cannot know) or anything else.
 */
import { type Expr, sym } from '../../expr/model.js';
import { freeVars } from '../../expr/subst.js';
import * as Q from './rational.js';
import * as P from './polynomial.js';
import { type Budget, DEFAULT_BUDGET, settle } from './budget.js';
import { describe } from './differentiate.js';
import { newAlgebra, toRational } from './rational-function.js';

export type Optimum = { readonly kind: 'yes' } | { readonly kind: 'no'; readonly reason: string };

const no = (reason: string): Optimum => ({ kind: 'no', reason });

export function quadraticOptimum(op: 'argmin' | 'argmax', v: string, body: Expr, value: Expr, budget: Budget = DEFAULT_BUDGET): Optimum {
  if (freeVars(value).has(v)) return no(`the claimed optimum depends on ${v}`);
  const outcome = settle(budget, (meter): Optimum => {
    const alg = newAlgebra(meter);
    const f = toRational(body, alg);
    const x = alg.atoms.id(sym(v));
    const tangled = alg.atoms.exprs.find((a, id) => id !== x && freeVars(a).has(v));
    if (tangled) return no(`${describe(tangled)} depends on ${v}: the body is not a polynomial in ${v}`);
    if (P.degreeIn(f.den, x) > 0) return no(`the body divides by an expression in ${v}`);
    const degree = P.degreeIn(f.num, x);
    if (degree !== 2) return no(`the body has degree ${degree} in ${v}, not 2`);
    const [square, linear] = [P.coefficientOf(f.num, x, 2), P.coefficientOf(f.num, x, 1)];
    const lead = P.constantValue(square), den = P.constantValue(f.den);
    if (!lead || !den) return no(`the coefficient of ${v}^2 is not a number`);
    const curvature = Q.sign(lead) * Q.sign(den);
    if (op === 'argmin' ? curvature < 0 : curvature > 0) return no(`the quadratic in ${v} opens the wrong way for ${op}`);
    // d/dv body = (2·square·v + linear)/den vanishes at value = n/d  ⇔  2·square·n + linear·d = 0
    const at = toRational(value, alg);
    const slope = P.add(P.scale(P.mul(square, at.num, meter), Q.rat(2n), meter), P.mul(linear, at.den, meter), meter);
    return P.isZero(slope) ? { kind: 'yes' } : no(`the derivative in ${v} does not vanish at the claimed optimum`);
  });
  return outcome.kind === 'unknown' || outcome.kind === 'budget' ? no(outcome.reason) : outcome;
}
