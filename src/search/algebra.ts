/**
 * Proposing `algebra` steps. Where two expressions differ in one place only — inside an
 * arg min, a sum, a log — the identity is asked there (equals may replace equals
 * anywhere); a quick numeric glance turns most non-identities away before the kernel's
 * exact algebra is asked. Untrusted: the step it returns is re-decided by the kernel
 * on replay, and nothing here can make it pass.
 *
 * Owns: where to ask, and the cheap filter. Must not: decide an identity itself.
 */
import { type Expr, children } from '../expr/model.js';
import { ALGEBRA, type ProofStep, type ScalarNames, type SharedWork, algebraStepHolds, key } from '../kernel/index.js';

/** Random points the numeric glance tries before the exact algebra is asked. */
const GLANCES = 3;

/** An algebra step from `from` to `to`, or null when the kernel's algebra does not show it
 *  within the work left to the search. */
export function proposeAlgebra(from: Expr, to: Expr, scalar: ScalarNames, work: SharedWork): ProofStep | null {
  const path = differencePath(from, to);
  let [a, b] = [from, to];
  for (const i of path) [a, b] = [children(a)[i]!, children(b)[i]!];
  if (!plausible(a, b)) return null;
  if (algebraStepHolds(from, path, to, scalar, work.budget()) !== null) return null;
  return { rule: ALGEBRA, result: to, path, forward: true, binding: new Map(), rest: [], relation: '=', context: [], signs: [] };
}

/** The path to the one place where two same-shaped trees differ (the root when there are several). */
function differencePath(a: Expr, b: Expr): number[] {
  const path: number[] = [];
  for (let [x, y] = [a, b]; path.length < 64;) {
    const i = onlyDifference(x, y);
    if (i === null) break;
    path.push(i);
    [x, y] = [children(x)[i]!, children(y)[i]!];
  }
  return path;
}

/** The index of the one child in which two same-shaped nodes differ (null if not exactly one). */
function onlyDifference(a: Expr, b: Expr): number | null {
  if (a.kind !== b.kind || a.kind === 'add' || a.kind === 'mul' || a.kind === 'sym' || a.kind === 'rel' || a.kind === 'set') return null;
  if (a.kind === 'bind' && b.kind === 'bind' && (a.op !== b.op || a.vars.join() !== b.vars.join() || a.domain.kind !== b.domain.kind)) return null;
  if (a.kind === 'fn' && b.kind === 'fn' && a.name !== b.name) return null;
  const ca = children(a), cb = children(b);
  if (ca.length !== cb.length || ca.length === 0) return null;
  const diff = ca.map((c, i) => (key(c) === key(cb[i]!) ? -1 : i)).filter((i) => i >= 0);
  return diff.length === 1 ? diff[0]! : null;
}

/** Do a and b agree at a few pseudo-random values of their atoms? (Anything undefined or
 *  containing a derivative or an optimum passes: the kernel decides those.) */
function plausible(a: Expr, b: Expr): boolean {
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let n = 0; n < GLANCES; n++) {
    const values = new Map<string, number>();
    const atom = (e: Expr): number => {
      const k = key(e);
      if (!values.has(k)) values.set(k, 0.3 + 2 * rand());
      return values.get(k)!;
    };
    const va = glance(a, atom), vb = glance(b, atom);
    if (va === null || vb === null || !Number.isFinite(va) || !Number.isFinite(vb)) return true;
    if (Math.abs(va - vb) > 1e-9 * Math.max(1, Math.abs(va), Math.abs(vb))) return false;
  }
  return true;
}

/** The value of a rational skeleton with its atoms at the given values; null where the glance cannot see. */
function glance(e: Expr, atom: (e: Expr) => number): number | null {
  switch (e.kind) {
    case 'num': return e.value;
    case 'add': case 'mul': {
      let acc = e.kind === 'add' ? 0 : 1;
      for (const t of e.kind === 'add' ? e.terms : e.factors) {
        const v = glance(t, atom);
        if (v === null) return null;
        acc = e.kind === 'add' ? acc + v : acc * v;
      }
      return acc;
    }
    case 'pow': {
      if (e.exp.kind !== 'num' || !Number.isInteger(e.exp.value)) return atom(e);
      const base = glance(e.base, atom);
      return base === null ? null : base ** e.exp.value;
    }
    case 'deriv': case 'bind': return null;
    default: return atom(e);
  }
}
