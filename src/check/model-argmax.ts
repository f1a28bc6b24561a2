/**
 * Maximisers defined by the problem: `\theta^{(t+1)} := \arg\max_\theta G(\theta)`. Sampling cannot
 * draw such a point (it is not arbitrary, and deriva does not compute it), so a step that mentions
 * it is read in one of two ways: `G(\theta^{(t+1)}) \geq G(\theta')` is true by the arg max itself
 * (argmax dominance) once both sides are shown to be the objective at the two points; any other
 * step holds for the maximiser when it holds for every value (sampling it arbitrary confirms),
 * but a counterexample at an arbitrary value says nothing about the maximiser.
 *
 * Owns: finding maximisers, and the two sides a dominance step must equal. Must not: sample or
 * decide (the checker does, through the numeric back-end).
 */
import { children, key, type Definition, type Expr, type Sym } from '../expr/model.js';
import type { Relation } from '../expr/relations.js';
import { replaceKey } from './model-latent.js';

export interface Maximiser {
  readonly point: Sym;
  readonly variable: string;
  readonly objective: Expr;
}

/** `s := \arg\max_v G` definitions (one bound variable). */
export function maximisers(defs: readonly Definition[]): Maximiser[] {
  return defs.flatMap((d) => (d.lhs.kind === 'sym' && d.rhs.kind === 'bind' && d.rhs.op === 'argmax' && d.rhs.vars.length === 1
    ? [{ point: d.lhs, variable: d.rhs.vars[0]!, objective: d.rhs.body }] : []));
}

/** Does `e` mention the maximiser's point (anywhere, a density's parameter included)? */
export function mentions(e: Expr, m: Maximiser): boolean {
  const k = key(m.point);
  const walk = (x: Expr): boolean => key(x) === k || children(x).some(walk);
  return walk(e);
}

/** What a dominance step must be: the high side is G at the maximiser, the low side G at another point of the same variable. */
export interface DominanceReading { readonly high: Expr; readonly low: Expr; readonly objectiveHigh: Expr; readonly objectiveLow: Expr; readonly other: Sym }

/** The readings of `lhs ≥ rhs` (or `≤`) as argmax dominance: one per other value of the variable the low side uses. */
export function dominanceReadings(m: Maximiser, relation: Relation, lhs: Expr, rhs: Expr): DominanceReading[] {
  if (relation !== '>=' && relation !== '<=') return [];
  const [high, low] = relation === '>=' ? [lhs, rhs] : [rhs, lhs];
  if (!mentions(high, m) || mentions(low, m)) return [];
  const variable: Sym = { kind: 'sym', name: m.variable, index: [], upper: [] };
  const others = new Map<string, Sym>([[key(variable), variable]]);
  const walk = (x: Expr): void => {
    if (x.kind === 'sym' && x.name === m.variable && key(x) !== key(m.point)) others.set(key(x), x);
    children(x).forEach(walk);
  };
  walk(low);
  const at = (point: Expr): Expr => replaceKey(m.objective, variable, point);
  return [...others.values()].map((other) => ({ high, low, objectiveHigh: at(m.point), objectiveLow: at(other), other }));
}
