/**
 * Where a function of one real variable is lowest, searched in doubles: probes
 * over many magnitudes (both signs where the domain allows) and around a
 * claimed point, every local minimum among them refined by golden section.
 * An arg-min claim is judged against these candidates; the verdict itself is
 * re-checked in a certain arithmetic by the caller, so the search may be
 * approximate but must be deterministic and bounded.
 *
 * Owns: the probe grid, local minima, refinement, and whether two points lie in
 * separate basins. Must not: evaluate expressions (it gets f) or decide verdicts.
 */
import type { Constraint } from './analysis.js';
import { inside } from './draw.js';

export interface Candidate {
  readonly x: number;
  readonly fx: number;
  /** Some probe between this point and the claimed one rises clearly above both: a separate basin. */
  readonly separated: boolean;
}

/** Golden-section steps per bracket: the bracket shrinks by 0.618^60 ≈ 3·10⁻¹³. */
const REFINE_STEPS = 60;
/** Local minima refined (the lowest first). */
const MAX_CANDIDATES = 4;
/** How far a probe must rise above both points to separate their basins (relative). */
const BARRIER = 1e-6;

function probes(c: number, domain: Constraint): number[] {
  const xs = new Set<number>([c, 0]);
  const s = Math.max(1, Math.abs(c));
  for (let k = -3; k <= 3; k++) for (const sign of [-1, 1]) xs.add(c + sign * s * 10 ** k);
  for (let i = -5; i <= 5; i++) xs.add(i);
  for (let k = -2; k <= 4; k++) for (const m of [1, 2, 5]) for (const sign of [-1, 1]) xs.add(sign * m * 10 ** k);
  return [...xs].filter((x) => Number.isFinite(x) && inside(domain, x) && (!domain.integer || Number.isInteger(x))).sort((a, b) => a - b);
}

function goldenSection(f: (x: number) => number, lo: number, hi: number): { x: number; fx: number } {
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - r * (hi - lo); let x2 = lo + r * (hi - lo);
  let f1 = f(x1); let f2 = f(x2);
  for (let k = 0; k < REFINE_STEPS; k++) {
    if (f1 <= f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - r * (hi - lo); f1 = f(x1); }
    else { lo = x1; x1 = x2; f1 = f2; x2 = lo + r * (hi - lo); f2 = f(x2); }
  }
  return f1 <= f2 ? { x: x1, fx: f1 } : { x: x2, fx: f2 };
}

/**
 * The lowest points of f found over its domain, lowest first; f is +∞ where undefined.
 * A local minimum at the edge of the probes (f still falling outward) is returned as it is.
 */
export function candidateMinima(f: (x: number) => number, c: number, domain: Constraint): Candidate[] {
  const xs = probes(c, domain);
  const fs = xs.map(f);
  const fc = f(c);
  const local: { x: number; fx: number }[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(fs[i]!)) continue;
    const left = i > 0 ? fs[i - 1]! : Infinity; const right = i < xs.length - 1 ? fs[i + 1]! : Infinity;
    if (!(fs[i]! <= left && fs[i]! <= right)) continue;
    const interior = i > 0 && i < xs.length - 1 && !domain.integer;
    const best = interior ? goldenSection(f, xs[i - 1]!, xs[i + 1]!) : { x: xs[i]!, fx: fs[i]! };
    local.push(best.fx <= fs[i]! ? best : { x: xs[i]!, fx: fs[i]! });
  }
  local.sort((a, b) => a.fx - b.fx);
  return local.slice(0, MAX_CANDIDATES).map((m) => ({ ...m, separated: separated(xs, fs, m, { x: c, fx: fc }) }));
}

function separated(xs: readonly number[], fs: readonly number[], a: { x: number; fx: number }, b: { x: number; fx: number }): boolean {
  const [lo, hi] = a.x < b.x ? [a.x, b.x] : [b.x, a.x];
  const top = Math.max(a.fx, b.fx);
  const margin = BARRIER * (1 + Math.abs(top));
  return xs.some((x, i) => x > lo && x < hi && fs[i]! > top + margin);
}
