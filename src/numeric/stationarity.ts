/**
 * First-order conditions: `\nabla_\mu J(\mu) = 0`, `\frac{\partial}{\partial \phi_j} \mathcal L = 0`.
 * Written as a step, such an equation speaks of a particular point (the maximiser, a stationary
 * point), not of every value of the variable, so a sampled point where the derivative is not zero
 * is no counterexample to what the writer claimed. It is checkable only where the file fixes the
 * point: the variable defined (`\mu := …`), or an expression in its place (what `⇒ μ = …` leaves
 * after substituting the solution). Anywhere else a refutation becomes `unverified`, with the way
 * to make the step checkable. A derivative that is zero for every value is still confirmed.
 *
 * Owns: telling a first-order condition about an unfixed point from an identity.
 * Must not: sample, or change any verdict other than a refutation (index.ts applies it).
 */
import type { Expr, Sym } from '../expr/model.js';
import type { Relation } from '../expr/relations.js';
import type { StepModel } from './analysis.js';

/** Why a refutation of `lhs relation rhs` would not refute the writer's claim, or null when it would. */
export function unfixedStationaryPoint(lhs: Expr, relation: Relation, rhs: Expr, model: StepModel): string | null {
  if (relation !== '=') return null;
  const derivative = isZero(rhs) ? derivativeIn(lhs) : isZero(lhs) ? derivativeIn(rhs) : null;
  if (derivative === null) return null;
  const variable = derivative.wrt.kind === 'pow' ? derivative.wrt.base : derivative.wrt;
  // an expression in the variable's place, or a defined variable: the point is fixed
  if (variable.kind !== 'sym' || model.definitions.syms.has(variable.name) || !model.freeByName.has(variable.name)) return null;
  const name = shown(variable);
  return `a first-order condition: the derivative is zero at particular values of ${name} (a stationary point), `
    + `not at every ${name}, and nothing in the file fixes ${name}; define the point (${name} := …) or state the solution (… \\implies ${name} = …) to check it`;
}

const isZero = (e: Expr): boolean => e.kind === 'num' && e.value === 0;

/** The derivative a side is, up to a constant factor or sign (`-2 \nabla_\mu J`), or null. */
function derivativeIn(e: Expr): Extract<Expr, { kind: 'deriv' }> | null {
  if (e.kind === 'deriv') return e;
  if (e.kind === 'mul') {
    const rest = e.factors.filter((f) => f.kind !== 'num');
    return rest.length === 1 ? derivativeIn(rest[0]!) : null;
  }
  return null;
}

const shown = (s: Sym): string => (s.index.length + s.upper.length === 0 ? s.name : `${s.name}_{…}`);
