/**
 * The `algebra` step, re-decided by the kernel: at the recorded position the expression
 * changes into an equal one by exact algebra — a rational-function identity (cross-
 * multiplied polynomials over BigInt rationals, opaque atoms for everything else),
 * derivatives recomputed symbolically first, or the minimiser of a scalar quadratic.
 *
 * Owns: what an algebra step may claim. Only scalars: the algebra is commutative, and
 * AB = BA is false for matrices. Must not: ask an oracle (the search may have proposed the
 * step; this decides it again).
 */
import { type Expr, mapChildren } from '../expr/model.js';
import { freeVars } from '../expr/subst.js';
import { type Budget, DEFAULT_BUDGET, differentiate, equalRational, quadraticOptimum } from './algebra/index.js';
import { replaceAt, subtermAt } from './instantiate.js';
import { key } from './key.js';
import { normalize } from './normal.js';
import { type ScalarNames, isScalar } from './shape.js';

/** Null when `cur` becomes `result` by algebra at `path`; otherwise why not. A proof's replay
 *  decides under the default budget; a search asking whether to propose the step may pass less. */
export function algebraStepHolds(cur: Expr, path: readonly number[], result: Expr, scalar: ScalarNames, budget: Budget = DEFAULT_BUDGET,
                                 defined: { has(name: string): boolean } = new Set<string>()): string | null {
  const a = subtermAt(cur, path);
  const b = subtermAt(result, path);
  if (!a || !b) return 'no subterm at the recorded position';
  if (key(normalize(replaceAt(cur, path, b), scalar)) !== key(result)) return 'the step changes more than the subterm at its position';
  if (a.kind === 'bind' && (a.op === 'argmin' || a.op === 'argmax') && a.vars.length === 1 && a.domain.kind === 'natural') {
    if (!isScalar(a.body, scalar) || !isScalar(b, scalar)) return 'an optimum of a non-scalar objective';
    const o = quadraticOptimum(a.op, a.vars[0]!, a.body, b, budget);
    return o.kind === 'yes' ? null : `not the ${a.op === 'argmin' ? 'minimiser' : 'maximiser'}: ${o.reason}`;
  }
  if (!isScalar(a, scalar) || !isScalar(b, scalar)) return 'algebra applies to scalars only (vectors and matrices do not commute)';
  const [da, db] = [withDerivatives(a, budget, defined), withDerivatives(b, budget, defined)];
  if (typeof da === 'string') return da;
  if (typeof db === 'string') return db;
  const eq = equalRational(da, db, budget);
  switch (eq.kind) {
    case 'equal': return null;
    case 'notShown': return 'not an algebraic identity';
    default: return `${eq.kind === 'budget' ? 'the algebra budget ran out' : 'cannot be decided by algebra'}: ${eq.reason}`;
  }
}

/** Every ∂/∂v replaced by the derivative computed here; a string says why one cannot be. A body
 *  that uses a defined name (`L := (y - wx)^2`) depends on v through it: unfolded first, or not decided. */
function withDerivatives(e: Expr, budget: Budget, defined: { has(name: string): boolean }): Expr | string {
  let failure: string | null = null;
  const go = (x: Expr): Expr => {
    if (failure !== null) return x;
    const inner = mapChildren(x, go);
    if (inner.kind !== 'deriv') return inner;
    const v = inner.wrt;
    if (v.kind !== 'sym' || v.index.length + v.upper.length > 0) { failure = 'a derivative with respect to something that is not a plain symbol'; return inner; }
    const through = [...freeVars(inner.body)].find((n) => defined.has(n));
    if (through !== undefined) { failure = `the derivative's body uses ${through}, which a definition gives: unfold it first`; return inner; }
    const d = differentiate(inner.body, v.name, budget);
    if (d.kind !== 'derivative') { failure = `cannot differentiate: ${d.reason}`; return inner; }
    return d.expr;
  };
  const out = go(e);
  return failure ?? out;
}
