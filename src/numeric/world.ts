/**
 * Worlds: one random instance of everything a step's free symbols can mean.
 *
 * A `World` is plain data drawn by fast-check (so a failing one shrinks to
 * smaller counts and outcome sets, simpler numbers and uniform distributions);
 * a `WorldView` reads values out of it for one evaluation. What the drawn pools
 * do not cover (family members past the first few, distributions at other
 * parameter values, random functions) comes from a keyed hash of the world's
 * seed, so it is the same on both sides of a step and in every re-evaluation.
 *
 * Owns: the world's shape, its arbitrary, value look-up, random joints and the
 * readable assignment of a counterexample. Must not: walk expressions (evaluate.ts).
 */
import fc from 'fast-check';
import type { Arith } from './arith.js';
import { IDENTITY_NAMES, type FreeSymbol, type StepModel } from './analysis.js';
import { countArb, countFromHash, rawFromHash, rawFromKeyHash, rawScalarArb, shapeScalar, type RawScalar, type Stage } from './draw.js';
import { continueHash, hashKey, uniformInt, uniformIntOf } from './prng.js';
import type { Tensor } from './tensor.js';

export interface World {
  readonly seed: number;
  /** Which kind of numbers this world draws (small integers, fractions, wide magnitudes). */
  readonly stage: Stage;
  readonly counts: Readonly<Record<string, number>>;
  readonly sizes: Readonly<Record<string, number>>;
  readonly scalars: Readonly<Record<string, readonly RawScalar[]>>;
  readonly outcomes: Readonly<Record<string, readonly number[]>>;
  readonly weights: Readonly<Record<string, readonly number[]>>;
  /** The values of the first outcomes of each valued variable (StepModel.valued); absent in worlds
   *  built by hand, where every value comes from the hash. */
  readonly values?: Readonly<Record<string, readonly RawScalar[]>>;
  /** Near-deterministic laws: every conditional table (and, by a coin of the seed, the first
   *  variable's too) puts almost all its mass on one outcome, with three outcomes a variable. */
  readonly peaked?: true;
  /** Laws over many outcomes (wideSize): a bound such as H(X) ≤ ln 4 holds on every law of at most four. */
  readonly wide?: true;
}

/** A vector's or matrix's entries are drawn with no constraint. */
const NO_CONSTRAINT = {};

/** Family members 1..FAMILY_POOL (and the plain symbol at slot 0) are drawn and shrinkable. */
export const FAMILY_POOL = 4;
const WEIGHT_POOL = 16;
const MAX_WEIGHT = 9;
/** How many times its block's other weights a peaked table's dominant outcome weighs, at least. */
const PEAK = 200;
/** Outcomes a variable has in a world of near-deterministic laws: with two, a law that is
 *  almost a function of another variable carries at most ln 2 of information about it; with four,
 *  a flat first law also breaks bounds that hold on three outcomes (H(P) ≤ ln 3). Past a few
 *  variables, three, so that the joint stays within MAX_JOINT_CELLS. */
const PEAKED_SIZE = 4;
const PEAKED_SIZE_MANY = 3;
const PEAKED_FEW_VARIABLES = 6;
/** Outcomes a variable has in a world of wide laws, by how many variables the step has: as many as
 *  keep the joint small (at most a few hundred cells), and two above the four the peaked worlds have. */
export function wideSize(variables: number): number {
  return variables <= 1 ? 10 : variables === 2 ? 8 : variables === 3 ? 5 : variables <= 5 ? 3 : 2;
}
/** A valued variable's outcomes whose values are drawn and shrinkable (more come from the hash). */
const VALUE_POOL = 3;
/** A joint over more cells than this is not built. */
export const MAX_JOINT_CELLS = 6561;

export type { RawScalar, Stage } from './draw.js';
export { shapeScalar } from './draw.js';

/**
 * An error that signals, not crashes: raised and caught by the thousand in one run (a world too
 * large, a construct refused, work spent), and its stack trace is never read. Capturing one at
 * every throw showed in profiles, so none is captured.
 */
export class Signal extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export class Unsupported extends Signal {
  constructor(readonly reason: string) { super(reason); this.name = 'Unsupported'; }
}

/** This world is too large to evaluate (counts that make a sum too long): it is skipped like an
 *  undefined value, while an `Unsupported` construct stops the whole step. */
export class TooLarge extends Unsupported {
  constructor(reason: string) { super(reason); this.name = 'TooLarge'; }
}

// ---------------------------------------------------------------- drawing

const recordOf = <T>(names: readonly string[], arb: (name: string) => fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> =>
  names.length === 0 ? fc.constant({}) : fc.record(Object.fromEntries(names.map((n) => [n, arb(n)])));

const poolLength = (f: FreeSymbol) => (f.family ? FAMILY_POOL + 1 : 1);

/** The arbitrary of worlds for a step at a stage: every drawn part shrinks toward the simplest instance.
 *  Peaked worlds draw their numbers as the stage does and their laws near-deterministic. */
export function worldArbitrary(model: StepModel, stage: Stage = 2, peaked = false, wide = false): fc.Arbitrary<World> {
  const bySort = (s: FreeSymbol['sort']) => model.free.filter((f) => f.sort === s);
  const find = new Map(model.free.map((f) => [f.name, f]));
  return fc.record({
    seed: fc.integer(),
    stage: fc.constant(stage),
    counts: recordOf(bySort('count').map((f) => f.name), (n) => countArb(find.get(n)!.constraint, find.get(n)!.use, stage)),
    sizes: recordOf(model.variables, () => (wide ? fc.constant(wideSize(model.variables.length))
      : peaked ? fc.constant(model.variables.length <= PEAKED_FEW_VARIABLES ? PEAKED_SIZE : PEAKED_SIZE_MANY) : fc.integer({ min: 2, max: 3 }))),
    scalars: recordOf(bySort('scalar').map((f) => f.name), (n) => {
      const len = poolLength(find.get(n)!);
      return fc.array(rawScalarArb(stage), { minLength: len, maxLength: len });
    }),
    outcomes: recordOf(bySort('outcome').map((f) => f.name), (n) => {
      const len = poolLength(find.get(n)!);
      return fc.array(fc.nat(2), { minLength: len, maxLength: len });
    }),
    weights: recordOf(model.distributions, () =>
      fc.array(fc.integer({ min: 1, max: MAX_WEIGHT }), { minLength: WEIGHT_POOL, maxLength: WEIGHT_POOL })),
    // (only where the step has valued variables: the worlds of every other step are drawn as before)
    ...(model.valued.size > 0 ? { values: recordOf([...model.valued].sort(), () => fc.array(rawScalarArb(stage), { minLength: VALUE_POOL, maxLength: VALUE_POOL })) } : {}),
    ...(peaked ? { peaked: fc.constant(true as const) } : {}),
    ...(wide ? { wide: fc.constant(true as const) } : {}),
  });
}

// ---------------------------------------------------------------- reading

/** Variables of each distribution instance, in the order first met; shared by every
 *  evaluation of one world so that all of them see the same joints. */
export interface JointLayout { readonly vars: string[]; readonly bases: string[]; readonly sizes: number[] }
export type Layout = Map<string, JointLayout>;

/** Index values of a family member, e.g. `\alpha_{2}`, `x^{(1)}`, `Q_{1}^{(3)}`. */
export interface Tuple { readonly index: readonly number[]; readonly upper: readonly number[] }
export const EMPTY_TUPLE: Tuple = { index: [], upper: [] };

const tupleKey = (t: Tuple) => `${t.index.join(',')}|${t.upper.join(',')}`;
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
export const displayName = (name: string, t: Tuple): string =>
  t.index.length + t.upper.length === 0 ? name : name + (t.index.length ? `_{${t.index.map(fmt).join(',')}}` : '') + (t.upper.length ? `^{(${t.upper.map(fmt).join(',')})}` : '');

/** Slot of a family member in a drawn pool, or -1 when it comes from the hash. */
function poolSlot(t: Tuple): number {
  const n = t.index.length + t.upper.length;
  if (n === 0) return 0;
  const v = t.index.length === 1 ? t.index[0]! : t.upper[0]!;
  return n === 1 && Number.isInteger(v) && v >= 1 && v <= FAMILY_POOL ? v : -1;
}

/** Outcomes of each variable in a joint's cell number (first variable most significant). */
function decodeCell(cell: number, sizes: readonly number[]): number[] {
  const outs: number[] = new Array(sizes.length);
  let rest = cell;
  for (let j = sizes.length - 1; j >= 0; j--) { outs[j] = rest % sizes[j]!; rest = Math.floor(rest / sizes[j]!); }
  return outs;
}

/** A question no cell answers: an inconsistent assignment, or an outcome outside a variable's set. */
const NO_CELL = -1;
/** A question whose code would not be exact: answered, never remembered. */
const UNCODED = -2;

/**
 * One number per question asked of a joint (what each variable must be, -1 for anything): the
 * outcomes in mixed radix, each variable's digit one more than its outcome. Building a key string
 * at every probability of every world showed in profiles.
 */
function questionCode(want: readonly number[], sizes: readonly number[]): number {
  let code = 0;
  let exact = true;
  for (let j = 0; j < want.length; j++) {
    const w = want[j]!; const m = sizes[j]!;
    if (w !== -1 && !(Number.isInteger(w) && w >= 0 && w < m)) return NO_CELL;
    code = code * (m + 1) + w + 1;
    // many one-outcome variables keep the table small but not the code: past 2^53 two questions could share one
    if (code > Number.MAX_SAFE_INTEGER) exact = false;
  }
  return exact ? code : UNCODED;
}

/** The sum of the cells matching `want` (every outcome in range), in increasing cell order as a scan
 *  of every cell would add them: only the free variables' outcomes are run through. */
function sumMatching<T>(A: Arith<T>, table: readonly T[], want: readonly number[], sizes: readonly number[]): T {
  const free: number[] = [];
  let fixed = 0; let stride = 1;
  const strides: number[] = new Array(sizes.length);
  for (let j = sizes.length - 1; j >= 0; j--) {
    strides[j] = stride;
    if (want[j] === -1) free.push(j); else fixed += want[j]! * stride;
    stride *= sizes[j]!;
  }
  free.reverse();
  const digit: number[] = free.map(() => 0);
  let total = A.of(0);
  for (let cell = fixed; ;) {
    total = A.add(total, table[cell]!);
    // the next matching cell: the last free variable moves fastest
    let k = free.length - 1;
    while (k >= 0 && ++digit[k]! === sizes[free[k]!]!) { cell -= (sizes[free[k]!]! - 1) * strides[free[k]!]!; digit[k] = 0; k--; }
    if (k < 0) return total;
    cell += strides[free[k]!]!;
  }
}

interface JointCache<T> {
  /** The outcome counts of the variables the joint was built over. */
  readonly sizes: readonly number[];
  readonly table: readonly T[];
  /** Marginal queries already answered, by `questionCode`. */
  readonly memo: Map<number, T>;
}

export class WorldView<T> {
  private readonly free: ReadonlyMap<string, FreeSymbol>;
  private readonly joints = new Map<string, JointCache<T>>();
  /** Vectors and matrices already read, by hash key: a symbol's tensor is a pure function of the
   *  world and its key, and rebuilding it (hashing every entry) at each use dominated sampling. */
  private readonly tensors = new Map<string, Tensor<T>>();
  private readonly plainTensors = new Map<string, Tensor<T>>();
  /** …and members with one script (μ_k, x^{(i)}), by name and the script's value (a Map tells -0
   *  from 0 no more than the hash key does), found without building a key string. */
  private readonly lowerMembers = new Map<string, Map<number, Tensor<T>>>();
  private readonly upperMembers = new Map<string, Map<number, Tensor<T>>>();
  /** Names of distribution instances with one script (p_θ at θ's value), by name and the script's
   *  value: writing the value (toPrecision for a fraction) at every probability showed in profiles. */
  private readonly lowerInstances = new Map<string, Map<number, string>>();
  private readonly upperInstances = new Map<string, Map<number, string>>();
  /** The values of valued variables' outcomes read so far, by base name, in outcome order. */
  private readonly outcomeValues = new Map<string, number[]>();

  constructor(
    readonly model: StepModel,
    readonly world: World,
    readonly A: Arith<T>,
    readonly layout: Layout,
    /** 0 normally; k > 0 re-draws the symbols in `model.wrt` (k-th alternative). */
    readonly variant: number,
    /** When set, every value read is noted here under a readable name. */
    readonly record: Map<string, number> | null,
  ) {
    this.free = model.freeByName;
  }

  freeSymbol(name: string): FreeSymbol | undefined { return this.free.get(name); }

  /** Callers test `this.record` first, so no label is built while sampling (only for a counterexample). */
  private note(label: string, v: number): void { if (this.record && !this.record.has(label)) this.record.set(label, v); }

  private varies(name: string): boolean { return this.variant > 0 && this.model.wrt.includes(name); }

  private hashKey(name: string, t: Tuple): string {
    return `${name}|${tupleKey(t)}|${this.varies(name) ? this.variant : 0}`;
  }

  count(f: FreeSymbol, t: Tuple): number {
    const drawn = this.world.counts[f.name];
    const raw = poolSlot(t) === 0 && drawn !== undefined && !this.varies(f.name) ? drawn
      : countFromHash(f.constraint, f.use, this.world.stage, this.world.seed, this.hashKey(f.name, t));
    const v = f.within !== undefined && poolSlot(t) === 0 ? this.inRange(raw, f.within) : raw;
    if (this.record) this.note(displayName(f.name, t), v);
    return v;
  }

  /** A drawn count folded into 1..bound (a derivative variable's index, member-range.ts). */
  private inRange(raw: number, bound: string | number): number {
    const of = typeof bound === 'number' ? null : this.free.get(bound);
    const top = typeof bound === 'number' ? bound : of && of.sort === 'count' && of.within === undefined ? this.count(of, EMPTY_TUPLE) : null;
    return top === null || top < 1 ? raw : 1 + ((((raw - 1) % top) + top) % top);
  }

  scalar(f: FreeSymbol, t: Tuple): number {
    const pool = this.world.scalars[f.name];
    const slot = poolSlot(t);
    const raw = pool && slot >= 0 && slot < pool.length && !this.varies(f.name) ? pool[slot]! : rawFromHash(this.world.seed, this.hashKey(f.name, t), this.world.stage);
    const v = shapeScalar(f.constraint, raw);
    if (this.record) this.note(displayName(f.name, t) + (this.varies(f.name) ? ` (alt ${this.variant})` : ''), v);
    return v;
  }

  /** The dimension every vector and matrix of this world shares: the step's d (at most 3), else 2 or 3. */
  dimension(): number {
    const d = this.free.get('d');
    return d && d.sort === 'count' ? this.count(d, EMPTY_TUPLE) : uniformInt(this.world.seed, 'dim', 2, 3);
  }

  /** A random vector (d×1) or matrix (d×d); a positive definite one (assumed ≻ 0, or Σ and Λ by convention) is B Bᵀ + I/2;
   *  `I` is the identity. */
  tensor(f: FreeSymbol, t: Tuple): Tensor<T> {
    const scripts = t.index.length + t.upper.length;
    if (scripts === 1) {
      const byName = t.index.length === 1 ? this.lowerMembers : this.upperMembers;
      let members = byName.get(f.name);
      if (!members) { members = new Map(); byName.set(f.name, members); }
      const script = t.index.length === 1 ? t.index[0]! : t.upper[0]!;
      const known = members.get(script);
      if (known) return known;
      const drawn = this.drawTensor(f, t, this.hashKey(f.name, t));
      members.set(script, drawn);
      return drawn;
    }
    // a symbol without scripts is keyed by its name alone (one view has one variant): building
    // the hash key at each use showed in profiles
    const plain = scripts === 0;
    const key = plain ? f.name : this.hashKey(f.name, t);
    const cache = plain ? this.plainTensors : this.tensors;
    const known = cache.get(key);
    // (a cached tensor was noted in `record` when it was first read)
    if (known) return known;
    const drawn = this.drawTensor(f, t, plain ? this.hashKey(f.name, t) : key);
    cache.set(key, drawn);
    return drawn;
  }

  private drawTensor(f: FreeSymbol, t: Tuple, key: string): Tensor<T> {
    const A = this.A;
    const d = this.dimension();
    if (f.sort === 'matrix' && IDENTITY_NAMES.has(f.name)) return { rows: d, cols: d, data: Array.from({ length: d * d }, (_, k) => A.of(k % (d + 1) === 0 ? 1 : 0)) };
    const cols = f.sort === 'matrix' ? d : 1;
    // Entries stay small integers and fractions: wide magnitudes only make matrices ill-conditioned.
    const stage = Math.min(this.world.stage, 1) as Stage;
    const entryKeys = hashKey(this.world.seed, `${key}|`);
    // (plain loops: every world draws every vector and matrix it reads)
    let data: T[] = [];
    for (let k = 0; k < d * cols; k++) data.push(A.of(shapeScalar(NO_CONSTRAINT, rawFromKeyHash(continueHash(entryKeys, String(k)), stage))));
    if (f.sort === 'matrix' && f.definite) {
      // B Bᵀ + I/2, computed in A so that an exact re-check sees an exactly symmetric positive definite matrix
      const b = data;
      data = [];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let s = A.div(A.of(i === j ? 1 : 0), A.of(2));
          for (let m = 0; m < d; m++) s = A.add(s, A.mul(b[i * d + m]!, b[j * d + m]!));
          data.push(s);
        }
      }
    }
    else if (f.sort === 'matrix' && f.symmetric) {
      // (B + Bᵀ)/2, exactly symmetric in A; (B − Bᵀ)/2 for a skew-symmetric one
      const b = data;
      const skew = f.symmetric === 'skew';
      data = [];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const [x, y] = [b[i * d + j]!, b[j * d + i]!];
          data.push(A.div(skew ? A.sub(x, y) : A.add(x, y), A.of(2)));
        }
      }
    }
    if (this.record) {
      const label = displayName(f.name, t);
      data.forEach((v, k) => this.note(`${label}[${f.sort === 'vector' ? k + 1 : `${Math.floor(k / d) + 1},${(k % d) + 1}`}]`, A.toNumber(v)));
    }
    return { rows: d, cols, data };
  }

  /** Number of outcomes of a random variable (by base name: x, y; components x_i share x's). */
  size(base: string): number {
    const m = this.model.outcomeSets.get(base)?.size ?? this.world.sizes[base]
      ?? (this.world.wide ? wideSize(this.model.variables.length) : this.world.peaked ? PEAKED_SIZE : uniformInt(this.world.seed, `size|${base}`, 2, 3));
    if (this.record) this.note(`|${base}|`, m);
    return m;
  }

  /** The outcome a free variable symbol takes (x, x^{(i)}, \tilde z^{(i)}): 0..m-1. */
  outcome(f: FreeSymbol, t: Tuple, base: string): number {
    const pool = this.world.outcomes[f.name];
    const slot = poolSlot(t);
    const raw = pool && slot >= 0 && slot < pool.length && !this.varies(f.name) ? pool[slot]! : uniformInt(this.world.seed, this.hashKey(f.name, t), 0, 2);
    const v = raw % this.size(base);
    if (this.record) this.note(displayName(f.name, t), v);
    return v;
  }

  /**
   * The number a variable's outcome `label` is, where it is used as a number. A valued variable's
   * outcomes (StepModel.valued) are drawn like free scalars at the world's stage, each distinct
   * from the outcomes before it (a value met already becomes one past the largest so far, so the
   * simplest world gives 0, 1, 2): a law over them is a law over those values. Any other
   * variable's outcome is its label.
   */
  outcomeValue(base: string, label: number): number {
    if (!this.model.valued.has(base)) return label;
    if (!Number.isInteger(label) || label < 0 || label >= this.size(base)) return NaN;
    let values = this.outcomeValues.get(base);
    if (!values) { values = []; this.outcomeValues.set(base, values); }
    for (let k = values.length; k <= label; k++) {
      const pool = this.world.values?.[base];
      const raw = pool && k < pool.length ? pool[k]! : rawFromHash(this.world.seed, `value|${base}|${k}`, this.world.stage);
      let v = shapeScalar(NO_CONSTRAINT, raw);
      if (values.includes(v)) v = Math.max(...values) + 1;
      values.push(v);
      if (this.record) this.note(`value(${base}=${k})`, v);
    }
    return values[label]!;
  }

  /** A random smooth function's coefficients: the same for one name in one world. */
  coefficient(name: string, t: Tuple, which: string, lo: number, hi: number): number {
    // thousandths of the span: a rational the exact re-check reads as it is
    return lo + ((hi - lo) * uniformInt(this.world.seed, `fn|${this.hashKey(name, t)}|${which}`, 0, 1000)) / 1000;
  }

  noteValue(label: string, v: number): void { this.note(label, v); }

  /** How many variables the joints have met so far: a probability read before a joint grows may
   *  differ in its last bits from one read after (the marginal is then a sum over more cells). */
  jointVariables(): number {
    let n = 0;
    for (const lay of this.layout.values()) n += lay.vars.length;
    return n;
  }

  /**
   * P(assignment) under the joint of distribution `name` at parameter tuple `t`.
   * The joint is a chain P(v1) P(v2|v1) … over its variables in the order first met,
   * with random positive conditional tables, so meeting a new variable later
   * leaves every earlier marginal unchanged.
   */
  probability(name: string, t: Tuple, assignment: readonly (readonly [string, string, number])[]): T {
    const A = this.A;
    const instance = this.instanceName(name, t);
    let lay = this.layout.get(instance);
    if (!lay) { lay = { vars: [], bases: [], sizes: [] }; this.layout.set(instance, lay); }
    // (plain loops: every probability of every world comes here)
    const at: number[] = [];
    for (let i = 0; i < assignment.length; i++) {
      const [key, base] = assignment[i]!;
      let j = lay.vars.indexOf(key);
      if (j < 0) { j = lay.vars.length; lay.vars.push(key); lay.bases.push(base); lay.sizes.push(this.size(base)); }
      at.push(j);
    }
    const joint = this.joint(name, t, instance, lay);
    // the outcome asked of each variable, -1 for none (a value given as -1 counts as none too)
    const want: number[] = [];
    for (let j = 0; j < lay.vars.length; j++) want.push(-1);
    let consistent = true;
    for (let i = 0; i < assignment.length; i++) {
      const j = at[i]!; const value = assignment[i]![2];
      if (want[j] !== -1 && want[j] !== value) consistent = false;
      want[j] = value;
    }
    const question = consistent ? questionCode(want, joint.sizes) : NO_CELL;
    const memo = joint.memo.get(question);
    if (memo !== undefined) return memo;
    const total = question === NO_CELL ? A.of(0) : sumMatching(A, joint.table, want, joint.sizes);
    if (question !== UNCODED) joint.memo.set(question, total);
    return total;
  }

  /** `displayName(name, t)`, remembered for members with one script. */
  private instanceName(name: string, t: Tuple): string {
    const scripts = t.index.length + t.upper.length;
    if (scripts !== 1) return displayName(name, t);
    const byName = t.index.length === 1 ? this.lowerInstances : this.upperInstances;
    let members = byName.get(name);
    if (!members) { members = new Map(); byName.set(name, members); }
    // (a Map identifies -0 with 0 and NaN with NaN, as the written name does)
    const script = t.index.length === 1 ? t.index[0]! : t.upper[0]!;
    let instance = members.get(script);
    if (instance === undefined) { instance = displayName(name, t); members.set(script, instance); }
    return instance;
  }

  private joint(name: string, t: Tuple, instance: string, lay: JointLayout): JointCache<T> {
    const cached = this.joints.get(instance);
    if (cached && cached.sizes.length === lay.vars.length) return cached;
    const cells = lay.sizes.reduce((a, b) => a * b, 1);
    // (a peaked or wide world's larger outcome sets only skip the world: the step was judged on the others)
    if (cells > MAX_JOINT_CELLS) throw new (this.world.peaked || this.world.wide ? TooLarge : Unsupported)(`joint of ${instance} over ${lay.vars.length} variables is too large`);
    const pool = poolSlot(t) === 0 && !this.varies(name) ? this.world.weights[name] : undefined;
    // a weight is hashed once per build (every cell's chain reads the weights of its parents' block again),
    // its key's common prefix once for all (prng.ts continueHash)
    const hashed = hashKey(this.world.seed, `w|${this.hashKey(name, t)}|`);
    const weights: number[] = [];
    const weight = (pos: number): number => {
      let w = weights[pos];
      if (w === undefined) {
        w = pool && pos < pool.length ? pool[pos]! : uniformIntOf(continueHash(hashed, String(pos)), 1, MAX_WEIGHT);
        weights[pos] = w;
      }
      return w;
    };
    // in a peaked world, a block's dominant outcome (-1: a flat block), hashed once per block
    const peakedRoot = this.world.peaked === true && uniformIntOf(continueHash(hashed, 'root'), 0, 1) === 1;
    const dominants: number[] = [];
    const dominant = (base: number, m: number): number => {
      if (!this.world.peaked || (base === 0 && !peakedRoot)) return -1;
      return (dominants[base] ??= uniformIntOf(continueHash(hashed, `d${base}`), 0, m - 1));
    };
    const blockWeight = (base: number, o: number, m: number): number =>
      (o === dominant(base, m) ? PEAK * MAX_WEIGHT : 1) * weight(base + o);
    const A = this.A;
    // A joint met again with more variables extends the one built before: a cell's chain is its
    // prefix cell's chain times the new variables' factors, the same products in the same order as
    // a build from scratch (the variables first met are the most significant).
    const sizes = lay.sizes;
    const from = cached ? cached.sizes.length : 0;
    const prefixes: readonly T[] = cached ? cached.table : [A.of(1)];
    let offsetFrom = 0; let blockFrom = 1;
    for (let j = 0; j < from; j++) { blockFrom *= sizes[j]!; offsetFrom += blockFrom; }
    const table: T[] = [];
    // the new variables' outcomes, counted up in place (the last fastest, as decodeCell reads a cell)
    const outs: number[] = [];
    for (let j = from; j < sizes.length; j++) outs.push(0);
    const perPrefix = cells / prefixes.length;
    for (let prefix = 0; prefix < prefixes.length; prefix++) {
      for (let k = 0; k < perPrefix; k++) {
        // (past the last outcomes the count rolls over to all zeros, for the next prefix)
        if (prefix + k > 0) for (let i = outs.length - 1; i >= 0 && ++outs[i]! === sizes[from + i]!; i--) outs[i] = 0;
        let p: T = prefixes[prefix]!;
        let offset = offsetFrom; let parents = prefix; let block = blockFrom;
        for (let i = 0; i < outs.length; i++) {
          const m = sizes[from + i]!;
          const base = offset + parents * m;
          let sum = 0;
          for (let o = 0; o < m; o++) sum += blockWeight(base, o, m);
          p = A.mul(p, A.div(A.of(blockWeight(base, outs[i]!, m)), A.of(sum)));
          block *= m;
          offset += block;
          parents = parents * m + outs[i]!;
        }
        table.push(p);
      }
    }
    const built = { sizes: [...lay.sizes], table, memo: new Map<number, T>() };
    this.joints.set(instance, built);
    return built;
  }

  /** Do two (unparameterised) distributions agree on every joint outcome of the variables either was used with? */
  sameJoint(p: string, q: string): boolean {
    const vars = new Map<string, string>();
    for (const name of [p, q]) {
      const lay = this.layout.get(name);
      lay?.vars.forEach((v, j) => vars.set(v, lay.bases[j]!));
    }
    let assignments: (readonly [string, string, number])[][] = [[]];
    for (const [key, base] of vars) {
      const m = this.size(base);
      assignments = assignments.flatMap((a) => Array.from({ length: m }, (_, o) => [...a, [key, base, o] as const]));
      if (assignments.length > MAX_JOINT_CELLS) return false;
    }
    const A = this.A;
    return assignments.every((a) => {
      const x = A.toNumber(this.probability(p, EMPTY_TUPLE, a)); const y = A.toNumber(this.probability(q, EMPTY_TUPLE, a));
      return Math.abs(x - y) <= 1e-12;
    });
  }

  /** Every joint built so far, entry by entry: `P(x=0,y=1)`. */
  noteJoints(): void {
    if (!this.record) return;
    for (const [instance, lay] of this.layout) {
      const cached = this.joints.get(instance);
      if (!cached) continue;
      cached.table.forEach((p, cell) => {
        const outs = decodeCell(cell, cached.sizes);
        const label = `${instance}(${lay.vars.map((v, j) => `${v}=${outs[j]}`).join(',')})`;
        this.note(label, this.A.toNumber(p));
      });
    }
  }
}
