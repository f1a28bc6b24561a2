/**
 * How far a search state is from the other side: the size of the difference between the
 * multisets of their subterm keys (two expressions that share more subterms are closer).
 * Best-first search orders its frontier by it.
 *
 * Owns: the distance and the way it is worked out. Must not: decide anything a proof
 * depends on — it orders the search, so it must be exact (the same number however it is
 * computed), or the search would take another path.
 *
 * Performance design: a successor is its parent with one subterm rewritten, and shares every
 * untouched subterm object with it. So the successors of a state are measured from the
 * state's own multiset: each successor's walk stops at subterm objects of the parent, the
 * parent's walk stops at the objects the successor kept, and only the few subtrees on either
 * side that the two do not share in equal numbers are counted whole.
 */
import { type Expr, children } from '../expr/model.js';
import { key } from '../kernel/index.js';

type Bag = Map<string, number>;

const add = (bag: Bag, k: string, n: number): void => { bag.set(k, (bag.get(k) ?? 0) + n); };

/** Adds n for the key of every subterm of e (e included). */
function count(e: Expr, bag: Bag, n: number): void {
  add(bag, key(e), n);
  for (const c of children(e)) count(c, bag, n);
}

/** Σ |a(k) − b(k)| over every key of either. */
function bagDistance(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let d = 0;
  for (const [k, n] of a) d += Math.abs(n - (b.get(k) ?? 0));
  for (const [k, n] of b) if (!a.has(k)) d += n;
  return d;
}

/** Distances to one fixed side. */
export class Distance {
  private readonly target: Bag = new Map();

  constructor(side: Expr) { count(side, this.target, 1); }

  /** The distance of e, counted whole. */
  of(e: Expr): number {
    const bag: Bag = new Map();
    count(e, bag, 1);
    return bagDistance(bag, this.target);
  }

  /** The distances of successors of `parent` (whose distance is `parentDistance`). */
  successorsOf(parent: Expr, parentDistance: number): (successor: Expr) => number {
    const bag: Bag = new Map();
    const objects = new Set<Expr>();
    const walk = (x: Expr): void => {
      add(bag, key(x), 1);
      objects.add(x);
      for (const c of children(x)) walk(c);
    };
    walk(parent);
    return (successor) => parentDistance + this.change(bag, this.delta(parent, objects, successor));
  }

  /** The successor's multiset minus the parent's, as key → count (zero entries possible). */
  private delta(parent: Expr, objects: ReadonlySet<Expr>, successor: Expr): Bag {
    const delta: Bag = new Map();
    // the successor's own nodes, stopping at subterm objects it shares with the parent
    const kept = new Map<Expr, number>();
    const walkSuccessor = (x: Expr): void => {
      if (objects.has(x)) { kept.set(x, (kept.get(x) ?? 0) + 1); return; }
      add(delta, key(x), 1);
      for (const c of children(x)) walkSuccessor(c);
    };
    walkSuccessor(successor);
    // the parent's nodes, stopping at the objects the successor kept
    const left = new Map<Expr, number>();
    const walkParent = (x: Expr): void => {
      if (kept.has(x)) { left.set(x, (left.get(x) ?? 0) + 1); return; }
      add(delta, key(x), -1);
      for (const c of children(x)) walkParent(c);
    };
    walkParent(parent);
    // a kept object occurring a different number of times on the two sides counts whole
    for (const [x, n] of kept) {
      const diff = n - (left.get(x) ?? 0);
      if (diff !== 0) count(x, delta, diff);
    }
    return delta;
  }

  /** How much the distance changes when `bag` changes by `delta`. */
  private change(bag: ReadonlyMap<string, number>, delta: ReadonlyMap<string, number>): number {
    let d = 0;
    for (const [k, n] of delta) {
      if (n === 0) continue;
      const before = bag.get(k) ?? 0;
      const t = this.target.get(k) ?? 0;
      d += Math.abs(before + n - t) - Math.abs(before - t);
    }
    return d;
  }
}
