/**
 * Reusing a value within one world: a sub-expression evaluated again with the same values of
 * what it reads (a joint density inside the marginal of every posterior, a definition expanded
 * at the same arguments, the part both sides of a step share) has the value it had. This
 * module reads, once per step, which nodes are worth keeping, what of the environment each can
 * read, and which are written alike; and it holds the values kept, keyed by those.
 *
 * Owns: the static reading of a step's nodes (size, environment keys, structural identity) and
 * the sequence-keyed map. Must not: evaluate, or decide when a kept value may stand for an
 * evaluation (evaluate.ts does: the work it took is still counted, so budgets and verdicts do
 * not change).
 */
import type { Expr } from '../expr/model.js';
import { children } from '../expr/model.js';
import { boundKey, labelKey } from './analysis.js';

/** How a node's value can be kept: its structure (nodes written alike share it) and the
 *  environment keys its symbols are looked up under; and how keeping it has paid so far. */
export interface Reuse { readonly id: number; readonly keys: readonly string[]; readonly record: KeepRecord }

/**
 * Look-ups of a node's kept values and how many found one, over the step so far. A node that
 * many look-ups never found (one evaluation per world, whatever the reading expected) costs a
 * key, a look-up and a store at every evaluation for nothing, so it stops being kept: a kept
 * value only ever stands for an evaluation that counts the same work and gives the same value,
 * so whether a node is kept changes the time a step takes, never its report.
 */
export interface KeepRecord { lookups: number; found: number }

/** Look-ups without a single find after which a node is no longer kept. */
const UNPAID_LOOKUPS = 1000;

/** Is keeping this node's values still worth its cost? */
export const worthKeeping = (r: KeepRecord): boolean => r.found > 0 || r.lookups < UNPAID_LOOKUPS;

/** Nodes smaller than this cost less to evaluate than to look up. */
const MIN_SIZE = 6;
/** Deeper nodes are not read (their evaluation is refused long before, see evaluate.ts). */
const MAX_DEPTH = 400;

interface Reading { readonly id: number; readonly size: number; readonly keys: ReadonlySet<string> }

/**
 * The nodes of a step worth keeping: large enough, and able to meet the same values again in one
 * world — written more than once, inside a definition (expanded at every use), or inside a
 * binder whose variable they do not read (the same at every turn). Two nodes share an id exactly
 * when they are the same tree, names of bound variables included (a probability's variable is
 * named by its symbol, so renaming is not harmless here): each node is written with its
 * children as ids. `labels`: the step has valued variables, whose bound outcomes keep a label
 * beside their value (analysis.ts, labelKey).
 */
export function reuseReadings(roots: readonly Expr[], definitions: readonly Expr[], labels = false): Map<Expr, Reuse> {
  const ids = new Map<string, number>();
  const readings = new Map<Expr, Reading | null>();
  const out = new Map<Expr, Reuse>();
  const read = (e: Expr, depth: number): Reading | null => {
    const known = readings.get(e);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH) return null;
    const parts = children(e);
    const childIds = new Map<Expr, number>();
    let size = 1;
    const keys = new Set<string>();
    if (e.kind === 'sym') keys.add(boundKey(e));
    for (const c of parts) {
      const r = read(c, depth + 1);
      if (r === null) { readings.set(e, null); return null; }
      childIds.set(c, r.id);
      size += r.size;
      for (const k of r.keys) keys.add(k);
    }
    const text = JSON.stringify(e, (k, v: unknown) => {
      if (k !== '' && typeof v === 'object' && v !== null && childIds.has(v as Expr)) return { $child: childIds.get(v as Expr) };
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
      if (typeof v === 'bigint') return { $bigint: v.toString() };
      return v;
    });
    let id = ids.get(text);
    if (id === undefined) { id = ids.size; ids.set(text, id); }
    const reading = { id, size, keys };
    readings.set(e, reading);
    return reading;
  };
  const written = new Map<number, number>();
  const count = (e: Expr, depth: number): void => {
    const r = readings.get(e);
    if (!r || depth > MAX_DEPTH) return;
    written.set(r.id, (written.get(r.id) ?? 0) + 1);
    for (const c of children(e)) count(c, depth + 1);
  };
  /** `turning`: the keys of each enclosing binder's variables. */
  const choose = (e: Expr, turning: readonly (readonly string[])[], repeated: boolean, depth: number): void => {
    const r = readings.get(e);
    if (!r || depth > MAX_DEPTH) return;
    const again = repeated || written.get(r.id)! > 1 || turning.some((ks) => !ks.some((k) => r.keys.has(k)));
    // a name bound to a valued variable's outcome reads its label too (a law's argument names the outcome)
    if (again && r.size >= MIN_SIZE) out.set(e, { id: r.id, keys: labels ? [...r.keys].flatMap((k) => [k, labelKey(k)]) : [...r.keys], record: { lookups: 0, found: 0 } });
    const inner = e.kind === 'bind' ? [...turning, e.vars.flatMap((v) => [v, `${v}^()`])] : turning;
    for (const c of children(e)) choose(c, e.kind === 'bind' && c === e.body ? inner : turning, repeated, depth + 1);
  };
  for (const r of [...roots, ...definitions]) { read(r, 0); count(r, 0); }
  for (const r of roots) choose(r, [], false, 0);
  for (const r of definitions) choose(r, [], true, 0);
  return out;
}

/** -0 as a key apart from 0 (a Map identifies them; 1/x does not). */
const NEGATIVE_ZERO = Symbol('-0');
const keyOf = (k: unknown): unknown => (k === 0 && Object.is(k, -0) ? NEGATIVE_ZERO : k);

/**
 * A level of the map: longer sequences go on through the first key met here (`firstKey`, `first`)
 * or the others (`next`); sequences ending here keep their value by the first last element met
 * (`lastKey`, `lastValue`) or the others (`last`). Most levels only ever see one key (a name no
 * binder binds reads undefined at every use): a map for each cost a map per miss.
 */
interface Level {
  firstKey: unknown; first: Level | null; next: Map<unknown, Level> | null;
  lastKey: unknown; hasLast: boolean; lastValue: unknown; last: Map<unknown, unknown> | null;
}
const level = (): Level => ({ firstKey: undefined, first: null, next: null, lastKey: undefined, hasLast: false, lastValue: undefined, last: null });

/** The same key as a Map finds it (NaN is NaN; -0 is apart already, see `keyOf`). */
const sameKey = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

/**
 * A map keyed by sequences: numbers by value, anything else (tensors, exact numbers) by identity.
 * A sequence's last element keys its value in its parent level, so a new value costs no new map
 * when its prefix was met before (most misses in a world: the same node at other values).
 */
export class SequenceMap<V> {
  private readonly root: Level = level();
  /** The value of the empty sequence. */
  private empty: V | undefined;

  get(keys: readonly unknown[]): V | undefined {
    // (plain loops: this runs at every kept node of every world)
    const n = keys.length;
    if (n === 0) return this.empty;
    let node: Level | null | undefined = this.root;
    for (let i = 0; i < n - 1; i++) {
      const k = keyOf(keys[i]);
      node = node.first !== null && sameKey(node.firstKey, k) ? node.first : node.next?.get(k);
      if (!node) return undefined;
    }
    const k = keyOf(keys[n - 1]);
    if (node.hasLast && sameKey(node.lastKey, k)) return node.lastValue as V;
    return node.last?.get(k) as V | undefined;
  }

  set(keys: readonly unknown[], value: V): void {
    const n = keys.length;
    if (n === 0) { this.empty = value; return; }
    let node = this.root;
    for (let i = 0; i < n - 1; i++) {
      const k = keyOf(keys[i]);
      if (node.first === null) { node.firstKey = k; node.first = level(); node = node.first; continue; }
      if (sameKey(node.firstKey, k)) { node = node.first; continue; }
      node.next ??= new Map();
      let next = node.next.get(k);
      if (!next) { next = level(); node.next.set(k, next); }
      node = next;
    }
    const k = keyOf(keys[n - 1]);
    if (!node.hasLast) { node.hasLast = true; node.lastKey = k; node.lastValue = value; return; }
    if (sameKey(node.lastKey, k)) { node.lastValue = value; return; }
    (node.last ??= new Map()).set(k, value);
  }
}

/**
 * Kept values that evaluations of one body in one world, arithmetic and environment may share when
 * they differ only in the value of their newest seed (a derivative's difference quotients at
 * several points, derivative.ts): evaluate.ts puts there only values that read no seed.
 */
export type SharedValues = SequenceMap<unknown>;
export const sharedValues = (): SharedValues => new SequenceMap();
