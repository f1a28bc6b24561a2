/**
 * Which conditional information measures are taken at a point. The homework's
 * `D_{KL}(P(X|Y) \| Q(X|Y))` averages over Y (Σ_y P(y) Σ_x …), and that is how the sampler reads
 * a conditional KL or entropy by default. But in `\log p(x) = \mathbb E_{q(z|x)}[…] +
 * D_{KL}(q(z|x) \| p(z|x))` the x is the data point the whole step speaks of: the KL is between
 * the two laws of z at that x. Read averaged, this true identity (the ELBO decomposition) was
 * refuted.
 *
 * The reading: a condition that is a name (x, x_0) used as a value elsewhere in the step (outside
 * every information measure) is that value — the condition becomes `x = x`, which the sampler
 * reads as "X at the step's x". A condition used only inside information measures (the chain
 * rule's D(P(Y|X) ‖ Q(Y|X))) stays averaged.
 *
 * Must not: prove or judge; only the sampler's reading changes.
 */
import { children, fn, freeNames, mapChildren, prob, rel, type Expr } from '../expr/model.js';

const MEASURES: ReadonlySet<string> = new Set(['KL', 'entropy', 'crossEntropy']);
const isMeasure = (e: Expr): boolean => e.kind === 'fn' && MEASURES.has(e.name);

/** Names free in `e` as values outside its information measures: in `P(y = c)` the y names the
 *  random variable, c is the value. */
function namesOutsideMeasures(e: Expr): Set<string> {
  const valueOf = (a: Expr): Expr => (a.kind === 'rel' && a.op === '=' ? a.rhs : a);
  const blanked = (x: Expr, depth: number): Expr => {
    if (depth > 400 || isMeasure(x)) return fn('abs');
    if (x.kind === 'prob') return mapChildren(prob(x.dist, x.args.map(valueOf), x.given.map(valueOf), x.vars), (c) => blanked(c, depth + 1));
    return mapChildren(x, (c) => blanked(c, depth + 1));
  };
  return freeNames(blanked(e, 0));
}

/** A name (x, x_0, x^{(i)}) in the condition of a law. */
const plainName = (e: Expr): string | null => (e.kind === 'sym' ? e.name : null);

/** The step's sides with each information measure's conditions that the step uses as values taken at those values. */
export function readPointwiseConditions(lhs: Expr, rhs: Expr): { lhs: Expr; rhs: Expr } {
  const values = new Set([...namesOutsideMeasures(lhs), ...namesOutsideMeasures(rhs)]);
  if (values.size === 0 || !hasMeasure(lhs) && !hasMeasure(rhs)) return { lhs, rhs };
  const atPoint = (law: Expr): Expr => {
    if (law.kind !== 'prob') return law;
    const given = law.given.map((g) => {
      const name = plainName(g);
      return name !== null && values.has(name) ? rel('=', g, g) : g;
    });
    return prob(law.dist, law.args, given, law.vars);
  };
  const rewrite = (e: Expr, depth: number): Expr => {
    if (depth > 400) return e;
    if (e.kind === 'fn' && MEASURES.has(e.name)) return fn(e.name, ...e.args.map(atPoint));
    return mapChildren(e, (c) => rewrite(c, depth + 1));
  };
  return { lhs: rewrite(lhs, 0), rhs: rewrite(rhs, 0) };
}

function hasMeasure(e: Expr, depth = 0): boolean {
  return depth < 400 && (isMeasure(e) || children(e).some((c) => hasMeasure(c, depth + 1)));
}
