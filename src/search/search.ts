/**
 * Proof search: a bounded bidirectional breadth-first search over rewrites.
 * Untrusted — whatever it finds the kernel replays before anyone calls it proved.
 *
 * Forward from the left side: equalities anywhere, inequality rules where the
 * context is monotone (the relations compose as in Lean's calc). Backward from
 * the right side: equalities only. The two meet on equal keys; an `algebra` step
 * (the kernel's exact algebra) may close the gap between a forward node and the right side.
 * Cited rules get a first, smaller search of their own; then the whole library.
 *
 * Budgets: nodes, depth and algebra calls (a wall-clock net beside them); hitting one ends the
 * search with the reason (egg's StopReason). Performance design: rules indexed
 * by head symbol; expressions normalised after every step so equal states share
 * one key, the ancestors rebuilt around a rewrite remembered per (ancestor, new child) so states
 * that share a subterm share its rewritten form; each frontier is a key → node map.
 */
import { type Expr, size } from '../expr/model.js';
import type { OrderRelation as RuleRelation } from '../expr/relations.js';
import { ALGEBRA, type ProofStep, type Rule, key, normalize, replaceAt } from '../kernel/index.js';
import { proposeAlgebra } from './algebra.js';
import { Distance } from './distance.js';
import { matchRoot } from './match.js';
import {
  type Compiled, type Directed, applicableAt, applyAt, candidates, compile, compose, conditionsHold, headOf, monotoneContext, positions,
  satisfies, throughContext,
} from './engine.js';
import type { ProofOutcome, SearchContext } from './types.js';

export interface SearchLimits {
  /** The work budget: successors generated. Deterministic, so reports replay exactly. */
  readonly maxNodes: number;
  /** Wall-clock safety net (epoch ms); hit only when the machine is far slower than expected. */
  readonly safetyDeadline: number;
  readonly maxDepth: number;
  readonly maxAlgebraCalls: number;
}

interface Node {
  readonly expr: Expr;
  readonly key: string;
  readonly rel: RuleRelation;
  readonly parent: Node | null;
  readonly step: ProofStep | null;
  readonly depth: number;
}

interface Entry { readonly node: Node; readonly isForward: boolean }

interface Edge { readonly step: ProofStep; readonly directed: Directed }

class Stop extends Error {}

/** How much a step deeper costs against a unit of distance: keeps best-first from diving forever. */
const DEPTH_WEIGHT = 2;

/** A binary min-heap; ties keep insertion order (so equal scores expand breadth-first). */
class MinHeap<T> {
  private readonly items: { score: number; seq: number; value: T }[] = [];
  private seq = 0;
  push(score: number, value: T): void {
    const items = this.items;
    items.push({ score, seq: this.seq++, value });
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < items.length && this.less(l, m)) m = l;
        if (r < items.length && this.less(r, m)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top.value;
  }
  size(): number { return this.items.length; }
  private less(i: number, j: number): boolean {
    const a = this.items[i]!, b = this.items[j]!;
    return a.score < b.score || (a.score === b.score && a.seq < b.seq);
  }
}

/** One phase of search over a fixed rule list. */
class Search {
  private readonly forward = new Map<string, Node>();
  private readonly backward = new Map<string, Node>();
  private nodes = 0;
  private algebraCalls = 0;
  stopReason = '';

  constructor(
    private readonly compiled: Compiled,
    private readonly ctx: SearchContext,
    private readonly goal: RuleRelation,
    private readonly limits: SearchLimits,
  ) {}

  run(lhs: Expr, rhs: Expr): ProofStep[] | null {
    const l: Node = { expr: lhs, key: key(lhs), rel: '=', parent: null, step: null, depth: 0 };
    const r: Node = { expr: rhs, key: key(rhs), rel: '=', parent: null, step: null, depth: 0 };
    this.forward.set(l.key, l);
    this.backward.set(r.key, r);
    if (l.key === r.key && satisfies('=', this.goal)) return [];
    // Two orders over the same nodes, taken in turn: best-first toward the other side
    // (finds long chains of small moves) and breadth-first (finds short proofs the
    // distance misjudges). Each node is expanded once, whichever order reaches it first.
    const toward = { forward: new Distance(rhs), backward: new Distance(lhs) };
    const best = new MinHeap<Entry>();
    const fifo: Entry[] = [];
    let fifoHead = 0;
    const expanded = new Set<Node>();
    const distances = new Map<Node, number>();
    const push = (node: Node, isForward: boolean, d: number): void => {
      distances.set(node, d);
      best.push(d + DEPTH_WEIGHT * node.depth, { node, isForward });
      fifo.push({ node, isForward });
    };
    push(l, true, toward.forward.of(lhs));
    push(r, false, toward.backward.of(rhs));
    try {
      const closed = this.close(l, r);
      if (closed) return closed;
      for (let turn = 0; ; turn++) {
        const item = turn % 2 === 0 ? best.pop() : fifo[fifoHead++];
        if (!item) { if (best.size() === 0 && fifoHead >= fifo.length) break; continue; }
        const { node, isForward } = item;
        if (expanded.has(node) || node.depth >= this.limits.maxDepth) continue;
        expanded.add(node);
        const next: Node[] = [];
        const found = this.expand(node, isForward, next, isForward ? r : l);
        if (found) return found;
        if (next.length === 0) continue;
        const distance = (isForward ? toward.forward : toward.backward).successorsOf(node.expr, distances.get(node)!);
        for (const n of next) push(n, isForward, distance(n.expr));
      }
      this.stopReason = `search space exhausted (depth ≤ ${this.limits.maxDepth}) after ${this.nodes} nodes`;
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    return null;
  }

  private tick(): void {
    if (this.nodes > this.limits.maxNodes) {
      this.stopReason = `search budget (${this.limits.maxNodes} nodes) exhausted`;
      throw new Stop();
    }
    if (Date.now() > this.limits.safetyDeadline) {
      // a last resort the counted budget should have made unnecessary: the report must say that
      // this verdict, unlike every other, depends on the machine's speed
      this.stopReason = `stopped by the wall-clock safety net after ${this.nodes} of ${this.limits.maxNodes} counted search nodes; this result may differ on another machine (please report the step)`;
      throw new Stop();
    }
  }

  /** Every single-step successor of `n`; returns a proof as soon as the frontiers meet. */
  private expand(n: Node, isForward: boolean, next: Node[], otherRoot: Node): ProofStep[] | null {
    let found: ProofStep[] | null = null;
    eachSuccessor(n.expr, this.compiled, this.ctx, isForward, this.goal, n.rel, () => this.tick(), (edge) => {
      this.nodes++;
      const rel = isForward ? compose(n.rel, edge.step.relation) : '=';
      if (rel === null) return false;
      const own = isForward ? this.forward : this.backward;
      const k = key(edge.step.result);
      if (own.has(k)) return false;
      const child: Node = { expr: edge.step.result, key: k, rel, parent: n, step: edge.step, depth: n.depth + 1 };
      own.set(k, child);
      next.push(child);
      found = isForward ? this.meet(child, this.backward.get(k)) : this.meet(this.forward.get(k), child);
      found ??= isForward ? this.close(child, otherRoot) : this.close(otherRoot, child);
      return found !== null;
    });
    return found;
  }

  private meet(f: Node | undefined, b: Node | undefined): ProofStep[] | null {
    if (!f || !b || !satisfies(f.rel, this.goal)) return null;
    return [...chain(f), ...reverseChain(b)];
  }

  /** Closes the gap between a forward node and a backward node in one step: a closing rule, or `algebra`. */
  private close(f: Node, b: Node): ProofStep[] | null {
    const head = headOf(f.expr);
    for (const d of this.compiled.closing) {
      const rel = compose(f.rel, d.relation);
      if (rel === null || !satisfies(rel, this.goal)) continue;
      // a source side with another head has no match at the root (as for the indexed rewrites)
      const from = headOf(d.from, d.rule.vars);
      if (from !== '*' && from !== head) continue;
      for (const m of matchRoot(d.from, f.expr, d.rule.vars, false)) {
        for (const m2 of matchRoot(d.to, b.expr, d.rule.vars, false, m.binding)) {
          const signs = conditionsHold(d.rule, m2.binding, this.ctx);
          if (!signs) continue;
          const tail = reverseChain(b);
          const step: ProofStep = {
            rule: d.rule.name, result: b.expr, path: [], forward: d.forward, binding: m2.binding, rest: [], relation: d.relation, context: [], signs,
          };
          return [...chain(f), step, ...tail];
        }
      }
    }
    return this.closeByAlgebra(f, b);
  }

  private closeByAlgebra(f: Node, b: Node): ProofStep[] | null {
    if (!satisfies(f.rel, this.goal) || this.algebraCalls >= this.limits.maxAlgebraCalls) return null;
    if (!algebraic(f.expr) || !algebraic(b.expr)) return null;
    this.algebraCalls++;
    const step = proposeAlgebra(f.expr, b.expr, this.ctx.kernel.scalar, this.ctx.algebraWork);
    if (!step) return null;
    return [...chain(f), step, ...reverseChain(b)];
  }
}

/** Worth asking the algebra: some arithmetic, a derivative or an arg-optimum. */
function algebraic(e: Expr): boolean {
  return e.kind === 'add' || e.kind === 'mul' || e.kind === 'pow' || e.kind === 'num' || e.kind === 'deriv'
    || (e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax'));
}

function chain(n: Node): ProofStep[] {
  const out: ProofStep[] = [];
  for (let cur: Node | null = n; cur && cur.step; cur = cur.parent) out.push(cur.step);
  return out.reverse();
}

/**
 * Turns the backward chain rhs = B0 ← B1 ← … ← Bk into forward steps Bk → … → B0.
 * Each is recorded `reversed`: the same rule application, read from its result back.
 */
function reverseChain(b: Node): ProofStep[] {
  const out: ProofStep[] = [];
  for (let cur: Node | null = b; cur && cur.step && cur.parent; cur = cur.parent) {
    out.push({ ...cur.step, result: cur.parent.expr, reversed: true });
  }
  return out;
}

/** Hands each successor step of `e` to `visit`, in order, until `visit` returns true (then returns
 *  true). Backward search and '=' goals use equalities only. (A callback rather than a generator:
 *  a generator allocates a result object per step and costs a resumption each.) */
function eachSuccessor(
  e: Expr, compiled: Compiled, ctx: SearchContext, isForward: boolean, goal: RuleRelation, sofar: RuleRelation, tick: () => void,
  visit: (edge: Edge) => boolean,
): boolean {
  for (const pos of positions(e)) {
    for (const d of candidates(compiled, pos.node)) {
      tick();
      if (d.relation !== '=' && (!isForward || goal === '=')) continue;
      if (!applicableAt(d.rule, pos)) continue;
      for (const { app, normalized } of ctx.rewrites.at(d, pos.node, ctx)) {
        let relation: RuleRelation = '=';
        let context: ProofStep['context'] = [];
        if (d.relation !== '=') {
          const mono = monotoneContext(e, pos.path, compiled, ctx);
          if (!mono) continue;
          relation = throughContext(d.relation, mono.sign, mono.levels.length);
          const total = compose(sofar, relation);
          if (total === null || !(satisfies(total, goal) || compose(total, goal) !== null)) continue;
          context = mono.levels;
        }
        const result = ctx.rewrites.replacing(e, pos.path, normalized(), ctx);
        const stop = visit({
          directed: d,
          step: {
            rule: d.rule.name, result, path: pos.path, forward: d.forward, binding: app.match.binding,
            rest: app.match.rest, relation, context, signs: app.signs,
          },
        });
        if (stop) return true;
      }
    }
  }
  return false;
}

const compiledCache = new WeakMap<readonly Rule[], Compiled>();
export function compiledFor(rules: readonly Rule[]): Compiled {
  let c = compiledCache.get(rules);
  if (!c) { c = compile(rules); compiledCache.set(rules, c); }
  return c;
}

/** Runs the search over `rules`; the outcome is not yet replayed. */
export function searchProof(
  lhs: Expr, goal: RuleRelation, rhs: Expr, rules: readonly Rule[], ctx: SearchContext, limits: SearchLimits,
): ProofOutcome {
  const s = new Search(compiledFor(rules), ctx, goal, limits);
  const steps = s.run(normalize(lhs, ctx.kernel.scalar), normalize(rhs, ctx.kernel.scalar));
  return steps ? { proved: true, steps } : { proved: false, reason: s.stopReason || 'no proof found' };
}

/** Bound on the eager rewrites of one side (definitions of data can be many). */
const MAX_EAGER_STEPS = 60;
/** Bound on the size (expression nodes) an eager rewrite may reach. */
const MAX_EAGER_SIZE = 4000;

/**
 * Applies `rules` left to right, first match first, until none applies (or the bound):
 * the deterministic "unfold every definition, expand every finite sum" pass.
 * Returns the steps taken; each is an ordinary recorded application.
 */
export function rewriteEagerly(e: Expr, rules: readonly Rule[], ctx: SearchContext): { expr: Expr; steps: ProofStep[] } {
  const directed: Directed[] = rules.map((rule) => ({ rule, forward: true, from: rule.lhs, to: rule.rhs, relation: rule.relation }));
  // a rule whose left side has a head other than the subterm's cannot match there ('*' fits any);
  // the rules that may, in their order, are listed once per head
  const heads = directed.map((d) => headOf(d.from, d.rule.vars));
  const byHead = new Map<string, Directed[]>();
  const fitting = (head: string): readonly Directed[] => {
    let ds = byHead.get(head);
    if (!ds) { ds = directed.filter((_, i) => heads[i] === '*' || heads[i] === head); byHead.set(head, ds); }
    return ds;
  };
  let cur = normalize(e, ctx.kernel.scalar);
  const steps: ProofStep[] = [];
  const seen = new Set([key(cur)]);
  outer: while (steps.length < MAX_EAGER_STEPS) {
    for (const pos of positions(cur)) {
      for (const d of fitting(headOf(pos.node))) {
        if (!applicableAt(d.rule, pos)) continue;
        for (const app of applyAt(d, pos.node, ctx)) {
          const result = normalize(replaceAt(cur, pos.path, app.replacement), ctx.kernel.scalar);
          // unfolding that only grows (definitions in terms of one another) stops while normalising is cheap
          if (size(result) > MAX_EAGER_SIZE) break outer;
          const k = key(result);
          if (seen.has(k)) continue;   // a definition that refers to itself must not loop
          seen.add(k);
          steps.push({
            rule: d.rule.name, result, path: pos.path, forward: true, binding: app.match.binding,
            rest: app.match.rest, relation: '=', context: [], signs: app.signs,
          });
          cur = result;
          continue outer;
        }
      }
    }
    break;
  }
  return { expr: cur, steps };
}
