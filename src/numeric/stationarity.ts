/**
 * First-order conditions: `\nabla_\mu J(\mu) = 0`, `\frac{\partial}{\partial \phi_j} \mathcal L = 0`.
 * Written as a step, such an equation speaks of a particular point (the maximiser, a stationary
 * point), not of every value of the variable, so a sampled point where the derivative is not zero
 * is no counterexample to what the writer claimed. It is checkable only where the file fixes the
 * point: the variable defined (`\mu := …`), or an expression in its place (what `⇒ μ = …` leaves
 * after substituting the solution). Anywhere else a refutation becomes `unverified`, with the way
 * to make the step checkable. A derivative that is zero for every value is still confirmed.
 *
 *
 * A condition checked at its claimed solution (`\nabla_{\mu_j} F(\theta) = 0 \implies \mu_j = v`)
 * has the solution put in place of the variable, except as the variable of a derivative: there it
 * is the point the derivative is taken at, written `\frac{\partial}{\partial (\mu_j = v)}` (a
 * relation as the variable, which no document can write). Substituting v for μ_j there would
 * differentiate with respect to v, which F(θ) — reaching μ_j only through its definition — does
 * not mention. derivative.ts reads that form: μ_j moves, from v.
 *
 * A name made by the model back-end for a drawn value re-expressed by a definition (a part drawn
 * on a simplex and read as its normalised form, see `redrawnName`) is defined, yet fixes no point.
 *
 * Owns: telling a first-order condition about an unfixed point from an identity, and the
 * derivative-at-a-point form. Must not: sample, or change any verdict other than a refutation
 * (index.ts applies it).
 */
import { key, mapChildren, rel, type Expr, type Sym } from '../expr/model.js';
import type { Relation } from '../expr/relations.js';
import type { StepModel } from './analysis.js';

/** The name of a drawn value re-expressed by a definition (never a name a document can write). */
export const redrawnName = (name: string): string => `${name}\u0000`;
const isRedrawn = (name: string): boolean => name.endsWith('\u0000');

/** `e` with `value` in place of `variable`; a derivative with respect to the variable is taken at the value. */
export function atSolution(e: Expr, variable: Expr, value: Expr): Expr {
  const k = key(variable);
  const name = variable.kind === 'sym' ? variable.name : '';
  const go = (x: Expr): Expr => {
    if (key(x) === k) return value;
    // (with respect to a power of it, Σ^{-1}, the point is still the variable's own value; the
    // solution may carry a superscript the variable has not: μ_j^{(t+1)} is the μ_j solving it)
    const differentiated = x.kind === 'deriv' && (solves(x.wrt, variable) || (x.wrt.kind === 'pow' && solves(x.wrt.base, variable)));
    if (x.kind === 'deriv' && differentiated) return { kind: 'deriv', wrt: rel('=', x.wrt, value), body: x.body };
    if (x.kind === 'bind' && x.vars.includes(name)) return x;
    return mapChildren(x, go);
  };
  return go(e);
}

/** Is `solution` the variable `wrt` itself, or it named with a superscript of its own (μ_j^{(t+1)} for μ_j)? */
function solves(wrt: Expr, solution: Expr): boolean {
  if (key(wrt) === key(solution)) return true;
  return wrt.kind === 'sym' && solution.kind === 'sym' && wrt.name === solution.name && wrt.upper.length === 0 && solution.upper.length > 0
    && key({ ...wrt, upper: [] }) === key({ ...solution, upper: [] });
}

/** The variable and the point of a derivative taken at a point (`atSolution`), or null. */
export function pointOf(wrt: Expr): { variable: Expr; at: Expr } | null {
  return wrt.kind === 'rel' && wrt.op === '=' ? { variable: wrt.lhs, at: wrt.rhs } : null;
}

/** Why a refutation of `lhs relation rhs` would not refute the writer's claim, or null when it would. */
export function unfixedStationaryPoint(lhs: Expr, relation: Relation, rhs: Expr, model: StepModel): string | null {
  if (relation !== '=') return null;
  const derivative = isZero(rhs) ? derivativeIn(lhs) : isZero(lhs) ? derivativeIn(rhs) : null;
  if (derivative === null) return null;
  const variable = derivative.wrt.kind === 'pow' ? derivative.wrt.base : derivative.wrt;
  // an expression in the variable's place, a point given, or a defined variable: the point is fixed
  if (variable.kind !== 'sym') return null;
  const drawn = isRedrawn(variable.name);
  if (!drawn && (model.definitions.syms.has(variable.name) || !model.freeByName.has(variable.name))) return null;
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

const shown = (s: Sym): string => {
  const name = isRedrawn(s.name) ? s.name.slice(0, -1) : s.name;
  return s.index.length + s.upper.length === 0 ? name : `${name}_{…}`;
};
