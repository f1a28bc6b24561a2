/**
 * Arg min / arg max claims whose objective does not depend on the variable optimised over —
 * the one place deriva declines to judge an optimisation it would otherwise judge vacuously.
 *
 * `\arg\min_\theta D_{KL}(\hat P(y) \| p(y))` mentions no θ: read literally every θ minimises
 * it, so any two such objectives have "the same" arg min, and a rule like argmin-shift (drop a
 * term free of θ) proves steps the writer never claimed. The writer means that p depends on θ
 * without saying how. Until it is said (p_\theta, p(y; \theta), a definition, or a parameter
 * tuple `\theta = (\phi, \mu)` naming θ's parts), such a step is unverified, never proved,
 * confirmed or refuted.
 *
 * Must not: read a verdict, sample, or prove.
 */
import { children, definedName, freeNames, type Bind, type Definition, type Expr } from '../expr/model.js';
import { toLatex } from '../notation/print.js';
import type { ParameterTuple } from './model-laws.js';

export interface DependenceFacts {
  readonly definitions: readonly Definition[];
  readonly tuples: readonly ParameterTuple[];
}

/** Why the step's optimisation cannot be judged (naming the variable), or null when every one depends on it. */
export function vacuousOptimum(sides: readonly Expr[], facts: DependenceFacts): string | null {
  const optima = sides.flatMap((side) => optimaIn(side));
  if (optima.length === 0) return null;
  const reach = dependenceOf(facts);
  for (const optimum of optima) {
    for (const v of optimum.vars) {
      const targets = new Set([v, ...partsOf(v, facts.tuples)]);
      if (!reaches(freeNames(optimum.body), targets, reach)) {
        const word = optimum.op === 'argmin' ? 'arg min' : 'arg max';
        return `the objective of the ${word} over ${toLatex({ kind: 'sym', name: v, index: [], upper: [] })} does not depend on it as written: ` +
          `say how it does (a subscript or argument such as p_{${v}} or p(x; ${v}), a definition, or ${v}'s parts)`;
      }
    }
  }
  return null;
}

function optimaIn(e: Expr, out: Bind[] = [], depth = 0): Bind[] {
  if (depth > 400) return out;
  if (e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax')) out.push(e);
  for (const c of children(e)) optimaIn(c, out, depth + 1);
  return out;
}

const partsOf = (name: string, tuples: readonly ParameterTuple[]): string[] =>
  tuples.filter((t) => t.name.name === name).flatMap((t) => t.parts.map((p) => p.name));

/** Each defined name → the names its definitions use. */
function dependenceOf(facts: DependenceFacts): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  for (const d of facts.definitions) {
    const head = definedName(d.lhs);
    if (head === null) continue;
    const used = reach.get(head) ?? new Set<string>();
    for (const n of freeNames(d.rhs)) used.add(n);
    reach.set(head, used);
  }
  return reach;
}

/** Does any of `names`, or a name defined through them (transitively), lie in `targets`? */
function reaches(names: ReadonlySet<string>, targets: ReadonlySet<string>, reach: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const n = queue.pop()!;
    if (targets.has(n)) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of reach.get(n) ?? []) queue.push(m);
  }
  return false;
}
