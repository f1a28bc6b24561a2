/**
 * Static look at one step before any sampling: which free symbols need values,
 * of what sort (count, scalar, outcome of a random variable, distribution,
 * function), under which constraints, and which definitions apply.
 *
 * Owns: symbol classification and constraint extraction from assumptions.
 * Must not: evaluate or draw random numbers (that is world.ts / evaluate.ts).
 */
import { definitionSlots, parameterSlots, parameters } from '../expr/definitions.js';
import { swapSides } from '../expr/relations.js';
import type { Bind, Expr, Rel, Sym } from '../expr/model.js';
import { children, domainExprs, freeNames as namesFreeIn, key, randomVariable } from '../expr/model.js';
import { defaultSymbols, implicitLaw, type SymbolInfo, type SymbolKind, type SymbolTable } from '../expr/symbols.js';
import { takesLaws } from '../notation/families/registry.js';
import type { Arith } from './arith.js';
import type { CountUse } from './draw.js';
import { reuseReadings, type Reuse } from './reuse.js';
import { derivativeIndexBounds } from './member-range.js';
import { declaredOutcomes, MAX_VECTOR_DIMENSION, type OutcomeSet } from './outcomes.js';
import { ownArguments } from './unfold.js';
import { ELEMENTARY_FUNCTIONS } from './elementary.js';

export type { Definition } from '../expr/model.js';
import type { Definition } from '../expr/model.js';

/** Bounds a sampled scalar must respect. */
export interface Constraint {
  readonly lower?: number;
  readonly upper?: number;
  readonly strictLower?: boolean;
  readonly strictUpper?: boolean;
  readonly integer?: boolean;
  /** A finite set of allowed values (`z \in \{0, 1\}`); wins over the bounds. */
  readonly choices?: readonly number[];
}

/** How a free symbol gets its value in a world. */
export type Sort = 'count' | 'scalar' | 'outcome' | 'vector' | 'matrix' | 'unsupported';

export interface FreeSymbol {
  readonly name: string;
  readonly sort: Sort;
  /** Carries index or upper expressions somewhere: a family of values. */
  readonly family: boolean;
  readonly constraint: Constraint;
  /** For `unsupported`: the kind that cannot be sampled (vector, matrix, set …). */
  readonly kind: SymbolKind;
  /** For a count: whether it bounds a sum or product (`\sum_{i=1}^n`), alone or with others. */
  readonly use: CountUse;
  /** A matrix drawn symmetric positive definite (assumed ≻ 0, or Σ and Λ by convention). */
  readonly definite: boolean;
  /** A matrix drawn symmetric (`A = A^\top`, `A \in \mathbb S^d`, `A \text{ symmetric}`), or
   *  skew-symmetric (`A^\top = -A`, `A \text{ skew-symmetric}`). */
  readonly symmetric?: true | 'skew';
  /** For a count that is a derivative variable's index (∂/∂μ_j, the body summing μ over 1..k):
   *  it is drawn in 1..within, a count's name or a number (member-range.ts). */
  readonly within?: string | number;
  /** The family's bare name is the constant it spells: mixing weights π_k beside the Gaussian's
   *  `\sqrt{2\pi}` (the file never declares π itself). */
  readonly bareConstant?: true;
}

export interface StepModel {
  readonly free: readonly FreeSymbol[];
  readonly freeByName: ReadonlyMap<string, FreeSymbol>;
  /** binderKeys of every binder in the step and its definitions, computed once. */
  readonly binderKeys: ReadonlyMap<Bind, readonly (readonly string[])[]>;
  /** The nodes of the step and its definitions whose values a world may keep (reuse.ts), read once. */
  readonly reuse: ReadonlyMap<Expr, Reuse>;
  /** Random-variable base names (x, y, z): each gets a finite outcome set. */
  readonly variables: readonly string[];
  /** Distribution names without a definition: each gets random joints. */
  readonly distributions: readonly string[];
  /** For a bare distribution in KL/H: the variable bases it is applied to in the step. */
  readonly distVariables: ReadonlyMap<string, readonly string[]>;
  readonly functions: readonly string[];
  /** Functions without a definition whose values are vectors or matrices (`\hat{\mathbf x}_\theta(\mathbf x_t, t)`),
   *  by the symbol table's kind of their name; the others are number-valued. */
  readonly functionShapes: ReadonlyMap<string, 'vector' | 'matrix'>;
  readonly convex: ReadonlySet<string>;
  /** Functions stated positive (`f > 0`: true) or nonnegative (`f \ge 0`: false): drawn so (evaluate.ts randomFunction). */
  readonly positive: ReadonlyMap<string, boolean>;
  readonly definitions: DefinitionTable;
  readonly wrt: readonly string[];
  /** Assumption relations a world must satisfy (checked after sampling; worlds that break one are discarded). */
  readonly conditions: readonly Rel[];
  /** Hypotheses about a family of the step for every index (`\sum_j w_{ij} = 1`), which no drawn world
   *  is tested against: a counterexample may break them. */
  readonly untested: readonly Rel[];
  /** Hypotheses that tie a drawn name to one deriva does not draw, or cannot give a number (`\eta h \le 1`
   *  with h a function, applied elsewhere): no world is made to keep them, so a counterexample may break them. */
  readonly unimposed: readonly Rel[];
  /** Bounds by name, from assumptions and the symbol table, also for names that are only bound (θ of an arg max). */
  readonly constraints: ReadonlyMap<string, Constraint>;
  /** Random variables whose outcomes the assumptions state, by base name (outcomes.ts). */
  readonly outcomeSets: ReadonlyMap<string, OutcomeSet>;
  /** The law each plain symbol is stated to follow (`\mathbf x \sim p` among the assumptions). */
  readonly statedLaws: ReadonlyMap<string, Expr>;
  /** Random variables (by base name) whose outcomes are numbers drawn in the world, not their
   *  labels 0, 1, 2: those an expectation draws from the implicit law (`\mathbb E[X^2]`,
   *  `\mathrm{Var}(X)`), unless their outcomes are stated (`X \in \{0, 1\}`) or a defined law reads them. */
  readonly valued: ReadonlySet<string>;
}

export interface DefinitionTable {
  readonly syms: ReadonlyMap<string, readonly Definition[]>;
  readonly calls: ReadonlyMap<string, readonly Definition[]>;
  readonly probs: ReadonlyMap<string, readonly Definition[]>;
}

/** `X` names the variable x; accents on samples (`\tilde{x}^{(i)}`) name the same variable. */
export function variableBase(s: Sym): string {
  let base = bases.get(s);
  if (base === undefined) { base = randomVariable(s); bases.set(s, base); }
  return base;
}

/** Read once per symbol node (two pattern matches): probabilities read their variables in every world. */
const bases = new WeakMap<Sym, string>();

/**
 * How a binder's variable is referred to in its body. `\sum_{z^{(i)}}` binds `z` and its
 * body says `z^{(i)}` (the parser keeps only the name), while in `\sum_x 1\{x^{(i)} = x\}`
 * the `x^{(i)}` is a sample, not the bound x. So: when the body never uses the bare
 * name, its superscripted uses are the bound variable; otherwise they are free samples.
 */
export function bindsSuperscripted(name: string, body: Expr): boolean {
  let plain = false; let upper = false;
  const walk = (x: Expr, depth: number) => {
    if (depth > 400 || plain) return;
    if (x.kind === 'sym' && x.name === name) { if (x.upper.length > 0) upper = true; else plain = true; }
    for (const c of children(x)) walk(c, depth + 1);
  };
  walk(body, 0);
  return upper && !plain;
}

/** The key under which a bound name is looked up: superscripted uses have their own key. */
export const boundKey = (s: Sym): string => (s.upper.length > 0 ? upperKey(s) : s.name);

/** The key under which a name bound to an outcome of a valued variable keeps the outcome's label
 *  (the name's own key holds the outcome's value); no formula can write it. */
export const labelKey = (key: string): string => `\u0000label ${key}`;

/**
 * The variables whose outcomes carry drawn values (StepModel.valued): the bases expectations over
 * the implicit law draw, in the step and the definitions it reaches, except those whose outcomes
 * the assumptions state or a defined law reads (its formula takes the label as the value).
 */
function valuedVariables(roots: readonly Expr[], law: string | undefined, stated: ReadonlyMap<string, OutcomeSet>, read: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (law === undefined) return out;
  const walk = (e: Expr, depth: number): void => {
    if (depth > 400) return;
    if (e.kind === 'bind' && e.op === 'E' && e.domain.kind === 'dist') {
      const d = e.domain.dist;
      const name = d.kind === 'sym' ? d.name : d.kind === 'prob' ? d.dist.name : undefined;
      if (name === law) for (const v of e.domain.rvs) if (v !== '' && !stated.has(v) && !read.has(v)) out.add(v);
    }
    for (const c of children(e)) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/** Built once per symbol node: every use of a superscripted name in every world looks it up. */
const upperKeys = new WeakMap<Sym, string>();
function upperKey(s: Sym): string {
  let k = upperKeys.get(s);
  if (k === undefined) { k = `${s.name}^()`; upperKeys.set(s, k); }
  return k;
}

/** Env keys a binder variable is bound under. */
export const binderKeys = (name: string, body: Expr): string[] =>
  bindsSuperscripted(name, body) ? [name, `${name}^()`] : [name];

function collectBinderKeys(roots: readonly Expr[]): Map<Bind, string[][]> {
  const out = new Map<Bind, string[][]>();
  const walk = (e: Expr, depth: number) => {
    if (depth > 400) return;
    if (e.kind === 'bind') out.set(e, e.vars.map((v) => binderKeys(v, e.body)));
    for (const c of children(e)) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/** Euler's number, as a bare letter (`e^{x}` reads as exp). */
const EULER = 'e';

/** Names with a fixed numeric meaning (unless the step defines or binds them), in any arithmetic. */
type Constant = <T>(A: Arith<T>) => T;
export const CONSTANTS: ReadonlyMap<string, Constant> = new Map<string, Constant>([
  ['\\pi', (A) => A.pi()],
  ['\\infty', (A) => A.of(Infinity)],
  [EULER, (A) => A.exp(A.of(1))],
]);

/** Is `name` one of the CONSTANTS here? Euler's e and π are, written alone, unless the file declares
 *  them (`0 < \pi < 1`, a mixing weight); e also unless the step writes it with scripts (`e_i`).
 *  `assumedBare`: the names the assumptions write with no scripts. */
function constantHere(name: string, table: SymbolTable, u: Usage, assumedBare: ReadonlySet<string>): boolean {
  // π: declared only by an assumption on π itself (`\pi_1 > 0` declares a member, and the table
  // keeps no apart entry for it); with members written, the family is drawn and its bare name stays π
  if (CONSTANT_BESIDE_FAMILY.has(name)) return !u.family.has(name) && !assumedBare.has(name);
  return CONSTANTS.has(name) && !(DECLARABLE_CONSTANTS.has(name) && (table.has(name) || u.family.has(name)));
}

/** Constants whose family of scripted members (π_k) leaves the bare letter the constant. */
const CONSTANT_BESIDE_FAMILY: ReadonlySet<string> = new Set(['\\pi']);

/** The names the expressions write with no scripts. */
function bareNames(es: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expr, depth: number): void => {
    if (e.kind === 'sym' && e.index.length + e.upper.length === 0) out.add(e.name);
    if (depth < 100) for (const c of children(e)) walk(c, depth + 1);
  };
  for (const e of es) walk(e, 0);
  return out;
}

/** Constants whose letters writers also use as variables. */
const DECLARABLE_CONSTANTS: ReadonlySet<string> = new Set([EULER, '\\pi']);

/** Matrix names that mean the identity. */
export const IDENTITY_NAMES: ReadonlySet<string> = new Set(['I', '\\mathbf{I}', '\\mathbb{I}']);
/** Covariance and precision matrices, in any typeface: symmetric positive definite unless declared otherwise. */
const CONVENTIONALLY_DEFINITE = /\\(Sigma|Lambda)\b/;
const PROBABILITY: Constraint = { lower: 0, upper: 1 };

const COUNT_KINDS: ReadonlySet<SymbolKind> = new Set(['count', 'index']);
const SCALAR_KINDS: ReadonlySet<SymbolKind> = new Set(['scalar', 'parameter']);

/** `q(z) := \mathcal N(z; \mu, \sigma^2)` as the law `q := \mathcal N(\mu, \sigma^2)`, or null. */
function densityAsLaw(d: Definition): Definition | null {
  const { lhs, rhs } = d;
  if (lhs.kind !== 'prob' || lhs.args.length !== 1 || lhs.given.length > 0 || lhs.args[0]!.kind !== 'sym') return null;
  if (rhs.kind !== 'fn' || rhs.name !== 'normal' || rhs.args.length !== 3 || key(rhs.args[0]!) !== key(lhs.args[0]!)) return null;
  if ([rhs.args[1]!, rhs.args[2]!].some((a) => namesFreeIn(a).has((lhs.args[0] as Sym).name))) return null;
  return { lhs: lhs.dist, rhs: { kind: 'fn', name: 'normal', args: [rhs.args[1]!, rhs.args[2]!] } };
}

export function buildDefinitionTable(defs: readonly Definition[]): DefinitionTable {
  const syms = new Map<string, Definition[]>();
  const calls = new Map<string, Definition[]>();
  const probs = new Map<string, Definition[]>();
  const put = (m: Map<string, Definition[]>, name: string, d: Definition) => m.set(name, [...(m.get(name) ?? []), d]);
  for (const d of defs) {
    if (d.lhs.kind === 'sym') put(syms, d.lhs.name, d);
    else if (d.lhs.kind === 'call') put(calls, d.lhs.fn.name, d);
    else if (d.lhs.kind === 'prob') {
      put(probs, d.lhs.dist.name, d);
      // `q(z) := \mathcal N(z; \mu, \sigma^2)`, a density at its own variable, is the law q = N(μ, σ²)
      const law = densityAsLaw(d);
      if (law) put(syms, d.lhs.dist.name, law);
    }
  }
  return { syms, calls, probs };
}

/** Env keys a definition binds: its parameters (see boundKey: `z^{(i)}` binds the superscripted uses of z). */
export const definitionParams = (def: Definition): string[] => parameters(def).map(boundKey);

/** A definition's left side read as slots (expr/definitions.ts), with which of them are parameters
 *  and the names its right side uses. */
export interface DefinitionShape {
  readonly slots: readonly Expr[];
  readonly given: number;
  readonly params: readonly boolean[];
  /** How many of the slots are the head's subscripts and superscripts. */
  readonly scripts: number;
  readonly parameterNames: ReadonlySet<string>;
  readonly rhsNames: ReadonlySet<string>;
  /** Per slot that is no parameter: the number it is (`x^{(1)} := -1`), else null. */
  readonly slotConstants: readonly (number | null)[];
  /** Per slot: its structural key, which a use must share when the slot is a label. */
  readonly slotKeys: readonly string[];
  /** The slots an expansion binds, with the environment key of each: the parameters, and a label
   *  the right side also reads (P_\theta(x) := … p_\theta(x) …: θ means there what it means at the use). */
  readonly bindings: readonly (readonly [slot: number, key: string])[];
}

/** Read once per definition (definitions are immutable): uses are matched and expanded in every world. */
const shapes = new WeakMap<Definition, DefinitionShape>();

export function definitionShape(def: Definition): DefinitionShape {
  let shape = shapes.get(def);
  if (!shape) {
    const { slots, given, scripts } = definitionSlots(def.lhs);
    const params = parameterSlots(def);
    const rhsNames = namesFreeIn(def.rhs);
    const bindings = slots.flatMap((slot, i): [number, string][] => {
      const label = !params[i] && i < scripts && slot.kind === 'sym' && slot.index.length + slot.upper.length === 0 && rhsNames.has(slot.name);
      return params[i] || label ? [[i, boundKey(slot as Sym)]] : [];
    });
    shape = {
      slots, given, scripts, params, parameterNames: new Set(parameters(def).map((p) => p.name)), rhsNames,
      slotConstants: slots.map((slot, i) => (params[i] ? null : constantValue(slot))),
      slotKeys: slots.map(keyOf), bindings,
    };
    shapes.set(def, shape);
  }
  return shape;
}

/** Structural keys (expr/model.ts `key`) of the nodes uses are matched by, built once per node. */
const keys = new WeakMap<Expr, string>();

export function keyOf(e: Expr): string {
  let k = keys.get(e);
  if (k === undefined) { k = key(e); keys.set(e, k); }
  return k;
}

interface Usage {
  readonly family: Set<string>;
  readonly seen: Set<string>;
  readonly dists: Set<string>;
  readonly fns: Set<string>;
  readonly vars: Set<string>;
  readonly distVars: Map<string, Set<string>>;
  /** Names met in a range bound or a family index: integers when nothing else is known. */
  readonly integral: Set<string>;
  /** Names met in the bounds of a range a binder runs over. */
  readonly bounding: Set<string>;
  /** Names used as a value somewhere, not only as a label in an index (`q` of `\mu_q`). */
  readonly values: Set<string>;
  /** Names used somewhere without any script (`\tilde n` beside `\tilde n_j`). */
  readonly bare: Set<string>;
  /** Names used somewhere other than as the argument of a law (`p(x)`): as a value. */
  readonly outsideLaws: Set<string>;
}

function namesIn(e: Expr, out: Set<string>, depth = 0): void {
  if (depth > 400) return;
  if (e.kind === 'sym') out.add(e.name);
  for (const c of children(e)) namesIn(c, out, depth + 1);
}

/** Walks an expression recording how each free name is used. */
function collectUsage(e: Expr, u: Usage, bound: ReadonlySet<string>, defs: DefinitionTable, depth: number, inIndex = false, inLaw = false): void {
  if (depth > 400) return;
  const go = (x: Expr, b: ReadonlySet<string> = bound) => collectUsage(x, u, b, defs, depth + 1, inIndex, inLaw);
  const noteVariable = (arg: Expr, dist: string | null, variable: string | undefined) => {
    const s = arg.kind === 'rel' && arg.op === '=' ? arg.lhs : arg;
    if (s.kind !== 'sym') return;
    const base = variable || variableBase(s);
    u.vars.add(base);
    if (dist !== null && s.index.length === 0) {
      const set = u.distVars.get(dist) ?? new Set<string>();
      set.add(base);
      u.distVars.set(dist, set);
    }
  };
  switch (e.kind) {
    case 'sym':
      for (const ix of [...e.index, ...e.upper]) namesIn(ix, u.integral);
      if (!bound.has(boundKey(e))) {
        u.seen.add(e.name);
        if (!inIndex) u.values.add(e.name);
        if (!inLaw) u.outsideLaws.add(e.name);
        if (e.index.length > 0 || e.upper.length > 0) u.family.add(e.name);
        else u.bare.add(e.name);
      }
      for (const ix of [...e.index, ...e.upper]) collectUsage(ix, u, bound, defs, depth + 1, true);
      return;
    case 'prob':
      if (!bound.has(e.dist.name)) u.dists.add(e.dist.name);
      // a distribution defined as a Gaussian law takes real values, not outcomes of a discrete variable
      if (!gaussianLawOf(e.dist.name, defs)) [...e.args, ...e.given].forEach((a, k) => noteVariable(a, e.dist.name, e.vars[k]));
      break;
    case 'call':
      // (`\sin x`, `\cosh x` are evaluated as themselves: no random function is drawn for them)
      if (!bound.has(e.fn.name) && !(ELEMENTARY_FUNCTIONS.has(e.fn.name) && e.args.length === 1 && !defs.calls.has(e.fn.name))) u.fns.add(e.fn.name);
      for (const c of [...e.fn.index, ...e.fn.upper]) collectUsage(c, u, bound, defs, depth + 1, true);
      for (const c of e.args) go(c);
      return;
    case 'deriv':
      // a function written bare or at its own parameters is unfolded there (derivative.ts): the
      // names its right side reads through those parameters (φ_j of \mathcal J(\phi, \mu)) are the step's
      for (const rhs of ownDefinitionsIn(e.body, defs)) go(rhs);
      break;
    case 'fn':
      if (takesLaws(e.name)) {
        for (const a of e.args) {
          if (a.kind === 'sym') { u.dists.add(a.name); for (const c of [...a.index, ...a.upper]) go(c); }
          else go(a);
        }
        return;
      }
      break;
    case 'bind': {
      const range = e.domain.kind === 'range' ? e.domain : e.domain.kind === 'set' && e.domain.set.kind === 'set' ? e.domain.set.range : undefined;
      if (range) for (const x of [range.from, range.to]) { namesIn(x, u.integral); namesIn(x, u.bounding); }
      for (const d of domainExprs(e.domain)) go(d);
      if (e.domain.kind === 'dist') {
        const d = e.domain.dist;
        if (d.kind === 'sym') u.dists.add(d.name);
        for (const v of e.vars) u.vars.add(variableBase({ kind: 'sym', name: v, index: [], upper: [] }));
      }
      go(e.body, new Set([...bound, ...e.vars.flatMap((v) => binderKeys(v, e.body))]));
      return;
    }
    default: break;
  }
  if (e.kind === 'prob') {
    // The distribution symbol itself is not a value; its index (θ, t) is.
    for (const c of [...e.dist.index, ...e.dist.upper]) go(c);
    for (const c of [...e.args, ...e.given]) collectUsage(c, u, bound, defs, depth + 1, inIndex, true);
    return;
  }
  for (const c of children(e)) go(c);
}

/** `p := \mathcal N(\mu, \sigma^2)` (or "Let $p = \mathcal N(…)$"): the law a distribution symbol is defined as. */
export function gaussianLawOf(name: string, defs: DefinitionTable): Definition | undefined {
  return defs.syms.get(name)?.find((d) => d.lhs.kind === 'sym' && d.lhs.index.length + d.lhs.upper.length === 0
    && d.rhs.kind === 'fn' && d.rhs.name === 'normal' && d.rhs.args.length === 2);
}

/** Definitions reachable from the step, following names used in their right sides. */
/** Right sides of functions written bare (defined over names) or applied at their own parameters in `e`. */
function ownDefinitionsIn(e: Expr, defs: DefinitionTable): Expr[] {
  const out: Expr[] = [];
  const walk = (x: Expr, depth: number): void => {
    if (depth > 400) return;
    if (x.kind === 'sym' && ownArguments(x, defs.calls) !== null) out.push(defs.calls.get(x.name)![0]!.rhs);
    if (x.kind === 'call') {
      const def = defs.calls.get(x.fn.name)?.find((d) => d.lhs.kind === 'call' && d.lhs.args.length === x.args.length && d.lhs.args.every((a, i) => key(a) === key(x.args[i]!)));
      if (def) out.push(def.rhs);
      return;
    }
    for (const c of children(x)) walk(c, depth + 1);
  };
  walk(e, 0);
  return out;
}

function reachableDefinitions(roots: readonly Expr[], defs: DefinitionTable): Definition[] {
  const out: Definition[] = [];
  const visited = new Set<Definition>();
  const queue = [...roots];
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const e = queue.pop()!;
    const names = new Set<string>();
    const walk = (x: Expr, depth: number) => {
      if (depth > 400) return;
      if (x.kind === 'sym') names.add(x.name);
      if (x.kind === 'call') names.add(x.fn.name);
      if (x.kind === 'prob') names.add(x.dist.name);
      for (const c of children(x)) walk(c, depth + 1);
    };
    walk(e, 0);
    for (const n of names) {
      for (const d of [...(defs.syms.get(n) ?? []), ...(defs.calls.get(n) ?? []), ...(defs.probs.get(n) ?? [])]) {
        if (visited.has(d)) continue;
        visited.add(d);
        out.push(d);
        queue.push(d.rhs);
      }
    }
  }
  return out;
}

export function analyzeStep(sides: readonly Expr[], symbols: SymbolTable, stated: readonly Expr[],
                            definitions: readonly Definition[], wrt: readonly string[]): StepModel {
  const assumptions = withRangeOrders(stated, sides);
  const table = new Map<string, SymbolInfo>(defaultSymbols());
  for (const [k, v] of symbols) table.set(k, v);
  const defs = buildDefinitionTable(definitions);
  const u: Usage = { family: new Set(), seen: new Set(), dists: new Set(), fns: new Set(), vars: new Set(), distVars: new Map(), integral: new Set(), bounding: new Set(), values: new Set(), bare: new Set(), outsideLaws: new Set() };
  for (const s of sides) collectUsage(s, u, new Set(), defs, 0);
  const reached = reachableDefinitions(sides, defs);
  for (const d of reached) collectUsage(d.rhs, u, new Set(definitionParams(d)), defs, 0);
  // `b > a` with `a > 0` speaks of the step's b through a: the names an order links to the step are drawn too
  const bound = boundIn([...sides, ...reached.map((d) => d.rhs)]);
  for (const a of linkedOrders(assumptions, u.seen, bound)) collectUsage(a, u, new Set(), defs, 0);
  // the variable a law is defined at (`\hat P(x) := …`): its samples x^{(i)} are outcomes of it
  const lawVariables = new Set(reached.flatMap((d) => (d.lhs.kind === 'prob' ? d.lhs.args.map((a) => (a.kind === 'sym' ? variableBase(a) : '')) : [])));
  // a vector variable the step uses needs its dimension (`x \in \{0, 1\}^d`), written or not
  const outcomeSets = declaredOutcomes(assumptions);
  for (const [base, o] of outcomeSets) if (o.dimension && u.vars.has(base)) collectUsage(o.dimension, u, new Set(), defs, 0);
  const constraints = constraintsFromAssumptions(assumptions);
  // A name with a definition for every use needs no drawn value.
  // (a definition of \tilde n_j does not give the bare \tilde n a value)
  const isDefined = (n: string) => (defs.syms.get(n) ?? []).some((d) => parameterSlots(d).every(Boolean) && (!u.bare.has(n) || parameterSlots(d).length === 0));
  // (an assumption declares a letter it bounds alone, `0 < \pi < 1`; `x > \pi` compares x with the constant)
  const assumedBare = bareNames(assumptions.filter((a) => namesFreeIn(a).size === 1));
  const free: FreeSymbol[] = [];
  for (const name of [...u.seen].sort()) {
    if (isDefined(name) || u.dists.has(name) || u.fns.has(name) || constantHere(name, table, u, assumedBare)) continue;
    const info = table.get(name);
    const kind: SymbolKind = info?.kind ?? (u.integral.has(name) ? 'index' : 'scalar');
    const asVar = variableBase({ kind: 'sym', name, index: [], upper: u.family.has(name) ? [{ kind: 'num', value: 0 }] : [] });
    let constraint = mergeConstraint(infoConstraint(info), constraints.get(name));
    // a vector (bold x) with no outcomes listed (`x \in \{0, 1\}^d`) is a point of R^d
    const continuous = (kind === 'vector' || kind === 'matrix') && !outcomeSets.has(asVar) && !outcomeSets.has(name);
    let sort: Sort;
    const samplesOfLawVariable = u.family.has(name) && !u.bare.has(name) && lawVariables.has(name) && !continuous;
    if (u.vars.has(name) || u.vars.has(asVar) || kind === 'variable' || samplesOfLawVariable) {
      // a law's argument is read as an outcome of an arbitrary discrete law (what holds for every
      // law holds for it); a vector also used as a value elsewhere (μ_q(x_t) := … x_t) cannot be both
      sort = continuous && u.outsideLaws.has(name) ? 'unsupported' : 'outcome';
    }
    else if (COUNT_KINDS.has(kind)) sort = 'count';
    else if (SCALAR_KINDS.has(kind)) sort = 'scalar';
    else if (kind === 'vector' || kind === 'matrix') sort = kind;
    else if (kind === 'distribution' && !u.family.has(name) && u.values.has(name)) {
      // a distribution letter used as a number (`p^2 \\le p`, a Bernoulli parameter) is a probability
      sort = 'scalar';
      constraint = mergeConstraint(constraint, PROBABILITY);
    } else sort = 'unsupported';
    // (an assumption on the members, `\pi_1 > 0`, declares them, not the bare π)
    const bareConstant = CONSTANT_BESIDE_FAMILY.has(name) && u.family.has(name) && !assumedBare.has(name);
    free.push({ name, sort, family: u.family.has(name), constraint, kind, use: 'value', definite: false, ...(bareConstant ? { bareConstant } : {}) });
  }
  // the dimension of a vector of outcomes stays small: a joint over its components has size^d cells
  const dimensions = new Set([...outcomeSets.values()].flatMap((o) => (o.dimension?.kind === 'sym' ? [o.dimension.name] : [])));
  const tensors = free.some((f) => f.sort === 'vector' || f.sort === 'matrix' || IDENTITY_NAMES.has(f.name));
  const bounds = free.filter((f) => f.sort === 'count' && u.bounding.has(f.name)).length;
  const symmetricNames = statedSymmetric(assumptions);
  for (const [k, f] of free.entries()) {
    // An undeclared I (in any typeface) is the identity of the step's dimension.
    const identity = IDENTITY_NAMES.has(f.name) && (f.sort === 'matrix' || !table.has(f.name));
    const sort = identity ? 'matrix' : f.sort;
    // Vectors and matrices are d-dimensional: at least 2 (in one dimension every product commutes
    // and a vector passes for a number), and small enough for quadrature and inverses.
    const shaped = tensors && f.name === 'd' && f.sort === 'count' ? mergeConstraint(f.constraint, { lower: 2, upper: 3 }) : f.constraint;
    const constraint = dimensions.has(f.name) && f.sort === 'count' ? mergeConstraint(shaped, { upper: MAX_VECTOR_DIMENSION }) : shaped;
    const definite = sort === 'matrix' && !identity && (constraint.lower === 0 || CONVENTIONALLY_DEFINITE.test(f.name));
    const use: CountUse = !u.bounding.has(f.name) ? 'value' : bounds > 1 ? 'bounds' : 'bound';
    const symmetric = sort === 'matrix' && !definite && !identity ? symmetricNames.get(f.name) : undefined;
    free[k] = { ...f, sort, constraint, definite, use, ...(symmetric ? { symmetric } : {}) };
  }
  const withinBounds = derivativeIndexBounds(sides, defs);
  for (const [k, f] of free.entries()) {
    const within = withinBounds.get(f.name);
    if (f.sort !== 'count' || f.use !== 'value' || within === undefined) continue;
    if (within.kind === 'num') free[k] = { ...f, within: within.value };
    else if (within.kind === 'sym' && within.name !== f.name && free.some((g) => g.name === within.name && g.sort === 'count')) free[k] = { ...f, within: within.name };
  }
  const roots = [...sides, ...definitions.map((d) => d.rhs), ...assumptions];
  const binderKeys = collectBinderKeys(roots);
  const distVariables = new Map<string, string[]>();
  for (const [d, vs] of u.distVars) distVariables.set(d, [...vs].sort());
  const freeNames = new Set(free.map((f) => f.name));
  const valued = valuedVariables([...sides, ...reached.map((d) => d.rhs)], implicitLaw(symbols) ?? implicitLaw(table), outcomeSets, lawVariables);
  // (a constant, π or e, has its value in every world)
  const sampled = (n: string): boolean => freeNames.has(n) || u.dists.has(n) || defs.syms.has(n) || (CONSTANTS.has(n) && constantHere(n, table, u, assumedBare));
  return {
    free,
    freeByName: new Map(free.map((f) => [f.name, f])),
    binderKeys,
    reuse: reuseReadings([...sides, ...assumptions], definitions.map((d) => d.rhs), valued.size > 0),
    variables: [...u.vars].sort(),
    distributions: [...u.dists].filter((d) => !defs.probs.has(d)).sort(),
    distVariables,
    functions: [...u.fns].filter((f) => !defs.calls.has(f)).sort(),
    functionShapes: new Map([...u.fns].flatMap((f) => {
      const kind = table.get(f)?.kind;
      return !defs.calls.has(f) && (kind === 'vector' || kind === 'matrix') ? [[f, kind] as const] : [];
    })),
    convex: convexNames(assumptions),
    positive: statedSigns(assumptions, u.fns),
    definitions: defs,
    wrt,
    constraints: boundDomains(roots, table, constraints),
    // (`f(x) \le g(x)` for all x: each world keeps it at the point it draws, with the functions it draws)
    conditions: evaluableConditions(assumptions, (n) => sampled(n) || u.fns.has(n)),
    untested: hypothesesForEveryIndex(assumptions, sampled),
    unimposed: plainOrders(assumptions).filter((a) => unimposed(a, sampled, bound, u.fns, table)),
    outcomeSets,
    statedLaws: new Map(assumptions.flatMap((a) => (a.kind === 'rel' && a.op === 'sim' && a.lhs.kind === 'sym' && a.lhs.index.length + a.lhs.upper.length === 0
      ? [[a.lhs.name, a.rhs] as const] : []))),
    valued,
  };
}

/** Bounds by name from assumptions, plus the symbol table's for every bound variable (σ of an arg min is positive). */
function boundDomains(roots: readonly Expr[], table: SymbolTable, fromAssumptions: ReadonlyMap<string, Constraint>): Map<string, Constraint> {
  const out = new Map(fromAssumptions);
  for (const b of collectBinderKeys(roots).keys()) {
    for (const v of b.vars) out.set(v, mergeConstraint(infoConstraint(table.get(v)), fromAssumptions.get(v)));
  }
  return out;
}

function infoConstraint(info: SymbolInfo | undefined): Constraint {
  if (!info) return {};
  const c: { -readonly [K in keyof Constraint]: Constraint[K] } = {};
  if (info.lower !== undefined) { c.lower = info.lower; c.strictLower = info.strictLower ?? false; }
  if (info.upper !== undefined) { c.upper = info.upper; c.strictUpper = info.strictUpper ?? false; }
  if (info.positive) tighten(c, 0, true, 'lower');
  if (info.nonnegative) tighten(c, 0, false, 'lower');
  if (info.integer) c.integer = true;
  return c;
}

type MutableConstraint = { -readonly [K in keyof Constraint]: Constraint[K] };

/** Raise a lower bound (or lower an upper bound) only if the new one is tighter. */
function tighten(c: MutableConstraint, value: number, strict: boolean, side: 'lower' | 'upper'): void {
  if (side === 'lower') {
    if (c.lower === undefined || value > c.lower || (value === c.lower && strict)) { c.lower = value; c.strictLower = strict; }
  } else if (c.upper === undefined || value < c.upper || (value === c.upper && strict)) { c.upper = value; c.strictUpper = strict; }
}

export function mergeConstraint(a: Constraint, b: Constraint | undefined): Constraint {
  if (!b) return a;
  const c: MutableConstraint = { ...a };
  if (b.lower !== undefined) tighten(c, b.lower, b.strictLower ?? false, 'lower');
  if (b.upper !== undefined) tighten(c, b.upper, b.strictUpper ?? false, 'upper');
  if (b.integer) c.integer = true;
  if (b.choices) c.choices = b.choices;
  return c;
}

/** A closed numeric expression's value (num, -a, a/b, sums and products of those), else null. */
export function constantValue(e: Expr, depth = 0): number | null {
  if (depth > 50) return null;
  switch (e.kind) {
    case 'num': return e.value;
    case 'sym': return e.name === '\\infty' && e.index.length === 0 ? Infinity : null;
    case 'add': case 'mul': {
      const parts = (e.kind === 'add' ? e.terms : e.factors).map((t) => constantValue(t, depth + 1));
      if (parts.some((p) => p === null)) return null;
      return (parts as number[]).reduce((s, p) => (e.kind === 'add' ? s + p : s * p), e.kind === 'add' ? 0 : 1);
    }
    case 'pow': {
      const b = constantValue(e.base, depth + 1); const x = constantValue(e.exp, depth + 1);
      return b === null || x === null ? null : Math.pow(b, x);
    }
    default: return null;
  }
}

const SET_CONSTRAINTS: Readonly<Record<string, Constraint>> = {
  '\\mathbb{N}': { integer: true, lower: 1 },
  '\\mathbb{Z}': { integer: true },
  '\\mathbb{Z}_+': { integer: true, lower: 1 },
  '\\mathbb{R}_+': { lower: 0, strictLower: true },
  '\\mathbb{R}^+': { lower: 0, strictLower: true },
  '\\mathbb{R}_{>0}': { lower: 0, strictLower: true },
  '\\mathbb{R}_{\\geq 0}': { lower: 0 },
};

/** Bounds per symbol name from assumption relations: `x > 0`, `1 \leq n`, `\beta_t \in (0,1)`, `n \in \mathbb N`. */
export function constraintsFromAssumptions(assumptions: readonly Expr[]): Map<string, Constraint> {
  const out = new Map<string, Constraint>();
  const add = (name: string, c: Constraint) => out.set(name, mergeConstraint(out.get(name) ?? {}, c));
  for (const a of assumptions) {
    if (a.kind !== 'rel') continue;
    if (a.op === 'in' && a.lhs.kind === 'sym' && !numberedMember(a.lhs)) {
      const c = setConstraint(a.rhs);
      if (c) add(a.lhs.name, c);
      continue;
    }
    let op: string = a.op; let s = a.lhs; let v = constantValue(a.rhs);
    if (s.kind !== 'sym') { s = a.rhs; v = constantValue(a.lhs); op = swapSides(a.op); }
    // (`t_0 > 0` bounds one member, not t: a world keeps it as a condition, evaluableConditions)
    if (s.kind !== 'sym' || v === null || numberedMember(s)) continue;
    if (op === '>' || op === '>=') add(s.name, { lower: v, strictLower: op === '>' });
    if (op === '<' || op === '<=') add(s.name, { upper: v, strictUpper: op === '<' });
  }
  return out;
}

/** `k \in \{1, \dots, n\}` with a bound that is a name says also `1 \le k` and `k \le n`, orders the sampler
 *  keeps (as when written so): read as a range it bounded nothing, and k was drawn past n. */
function withRangeOrders(assumptions: readonly Expr[], sides: readonly Expr[]): readonly Expr[] {
  const orders = assumptions.flatMap((a): Expr[] => {
    if (a.kind !== 'rel' || a.op !== 'in' || a.lhs.kind !== 'sym' || a.rhs.kind !== 'set' || !a.rhs.range) return [];
    // (a random variable's values, `y \in \{1, \dots, k\}` for the y of p(y \mid x), are its outcomes, drawn apart)
    if (sides.some((side) => inProbability(side, (a.lhs as Sym).name, 0))) return [];
    const { from, to } = a.rhs.range;
    if (constantValue(from) !== null && constantValue(to) !== null) return [];
    return [{ kind: 'rel', op: '<=', lhs: from, rhs: a.lhs }, { kind: 'rel', op: '<=', lhs: a.lhs, rhs: to }];
  });
  return orders.length === 0 ? assumptions : [...assumptions, ...orders];
}

/** A member written with a number for its index (`t_0`, `x_{1}`): one member, not the family or the bare name. */
export const numberedMember = (s: Sym): boolean => s.index.length > 0 && s.index.every((ix) => ix.kind === 'num');

/** Does `name` stand inside a probability or density (`p(y \mid x)`) in `e`? */
function inProbability(e: Expr, name: string, depth: number): boolean {
  if (e.kind === 'prob') return namesFreeIn(e).has(name);
  return depth < 100 && children(e).some((c) => inProbability(c, name, depth + 1));
}

/** A number set, an interval `(a, b]`, a range set `\{1, …, k\}` or a finite set literal on the right of `\in`. */
function setConstraint(set: Expr): Constraint | null {
  if (set.kind === 'sym') return SET_CONSTRAINTS[set.name] ?? null;
  if (set.kind === 'fn' && set.name === 'interval' && set.args.length === 4) {
    const [lo, hi, leftClosed, rightClosed] = set.args.map((x) => constantValue(x));
    const c: MutableConstraint = {};
    if (lo !== null && lo !== undefined && Number.isFinite(lo)) { c.lower = lo; c.strictLower = leftClosed !== 1; }
    if (hi !== null && hi !== undefined && Number.isFinite(hi)) { c.upper = hi; c.strictUpper = rightClosed !== 1; }
    return c;
  }
  if (set.kind === 'set' && set.range) {
    const lo = constantValue(set.range.from); const hi = constantValue(set.range.to);
    return lo === null || hi === null ? null : { lower: lo, upper: hi, integer: true };
  }
  if (set.kind === 'set') {
    const values = set.elems.map((x) => constantValue(x));
    return values.length > 0 && values.every((v) => v !== null) ? { choices: values as number[] } : null;
  }
  return null;
}

/** Matrices an assumption states symmetric: `A = A^\top` (either way round), `A \in \mathbb S^d`,
 *  `A \text{ symmetric}`. */
function statedSymmetric(assumptions: readonly Expr[]): Map<string, true | 'skew'> {
  const out = new Map<string, true | 'skew'>();
  const transposeOf = (e: Expr, name: string): boolean => e.kind === 'fn' && e.name === 'transpose' && e.args[0]?.kind === 'sym' && e.args[0].name === name;
  const negated = (e: Expr): Expr | null => (e.kind === 'mul' && e.factors.length === 2 && e.factors[0]!.kind === 'num' && e.factors[0]!.value === -1 ? e.factors[1]! : null);
  for (const a of assumptions) {
    if (a.kind === 'rel' && a.op === '=') {
      for (const [x, y] of [[a.lhs, a.rhs], [a.rhs, a.lhs]] as const) {
        if (x.kind === 'sym' && transposeOf(y, x.name)) out.set(x.name, true);
        // `A^\top = -A`, `A = -A^\top`
        const minus = negated(x);
        if (minus?.kind === 'sym' && transposeOf(y, minus.name)) out.set(minus.name, 'skew');
        if (x.kind === 'sym' && minus === null && negated(y) !== null && transposeOf(negated(y)!, x.name)) out.set(x.name, 'skew');
      }
    }
    if (a.kind === 'rel' && a.op === 'in' && a.lhs.kind === 'sym' && /^\\mathbb\{S\}/.test(setName(a.rhs))) out.set(a.lhs.name, true);
    if (a.kind === 'mul' && a.factors.some((f) => f.kind === 'sym' && /symmetric/i.test(f.name))) {
      const skew = a.factors.some((f) => f.kind === 'sym' && /skew/i.test(f.name));
      for (const f of a.factors) if (f.kind === 'sym' && !/symmetric|skew/i.test(f.name)) out.set(f.name, skew ? 'skew' : true);
    }
  }
  return out;
}
const setName = (e: Expr): string => (e.kind === 'sym' ? e.name : e.kind === 'pow' && e.base.kind === 'sym' ? e.base.name : '');

/** Functions an assumption calls convex: any assumption mentioning both the name and `convex`. */
/** The function the step applies that `a` states positive (`f > 0`, `f \ge 0`, `0 < f`, `0 \le f`), or null. */
function signedFunction(a: Expr, functions: ReadonlySet<string>): { readonly name: string; readonly strict: boolean } | null {
  if (a.kind !== 'rel') return null;
  const [name, zero, op] = a.lhs.kind === 'sym' ? [a.lhs, a.rhs, a.op] : [a.rhs, a.lhs, swapSides(a.op)];
  if (name.kind !== 'sym' || name.index.length + name.upper.length > 0 || !functions.has(name.name)) return null;
  return zero.kind === 'num' && zero.value === 0 && (op === '>' || op === '>=') ? { name: name.name, strict: op === '>' } : null;
}

/** Each function an assumption signs, and whether strictly (`f > 0` and `f \ge 0` together: strictly). */
function statedSigns(assumptions: readonly Expr[], functions: ReadonlySet<string>): Map<string, boolean> {
  const signs = new Map<string, boolean>();
  for (const a of assumptions) {
    const signed = signedFunction(a, functions);
    if (signed) signs.set(signed.name, signed.strict || signs.get(signed.name) === true);
  }
  return signs;
}

/**
 * Does a plain hypothesis tie a drawn name to one no world gives a value (a name not drawn, a function
 * letter), or order a function the step applies other than by a sign the sampler keeps (signedFunction)?
 * (`i \le n` in the prose speaks of the index a sum of the step runs over, as for linkedOrders.)
 */
function unimposed(a: Rel, sampled: (n: string) => boolean, bound: ReadonlySet<string>, functions: ReadonlySet<string>, table: ReadonlyMap<string, SymbolInfo>): boolean {
  const names = [...namesFreeIn(a)];
  if (names.some((n) => bound.has(n)) || signedFunction(a, functions) !== null) return false;
  return (names.some(sampled) && names.some((n) => !sampled(n) || table.get(n)?.kind === 'function')) || names.some((n) => functions.has(n));
}

function convexNames(assumptions: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  for (const a of assumptions) {
    const names: string[] = [];
    const walk = (x: Expr, depth: number) => {
      if (depth > 100) return;
      if (x.kind === 'sym') names.push(x.name);
      if (x.kind === 'call') names.push(x.fn.name);
      for (const c of children(x)) walk(c, depth + 1);
    };
    walk(a, 0);
    if (names.some((n) => /convex/i.test(n))) for (const n of names) if (!/convex/i.test(n)) out.add(n);
  }
  return out;
}

/** Plain orders and equations over bare names (`b > a`, `d = a c`) linked to the step's names, directly
 *  or through one another: testing a world against them needs their other names drawn as well. */
/** Relations between plain names and numbers (`\mu \le h`, `\eta h \le 1`): no law, no application,
 *  no name with scripts (`p_i > 0` speaks of a family for every index: the sampler keeps those apart). */
function plainOrders(assumptions: readonly Expr[]): Rel[] {
  const plain = (e: Expr): boolean => (e.kind === 'sym' ? e.index.length + e.upper.length === 0 : e.kind === 'num' || e.kind === 'add' || e.kind === 'mul' || e.kind === 'pow') && children(e).every(plain);
  return assumptions.filter((a): a is Rel => a.kind === 'rel' && a.op !== 'in' && a.op !== 'sim' && plain(a.lhs) && plain(a.rhs));
}

function linkedOrders(assumptions: readonly Expr[], names: ReadonlySet<string>, bound: ReadonlySet<string>): Rel[] {
  const candidates = plainOrders(assumptions);
  const known = new Set(names);
  const linked = new Set<Rel>();
  for (let grew = true; grew;) {
    grew = false;
    for (const a of candidates) {
      if (linked.has(a)) continue;
      const own = [...namesFreeIn(a)];
      // (`i \le n` in the prose speaks of the index a sum of the step runs over, not of a value)
      if (!own.some((n) => known.has(n)) || own.every((n) => known.has(n)) || own.some((n) => bound.has(n))) continue;
      linked.add(a);
      for (const n of own) known.add(n);
      grew = true;
    }
  }
  return [...linked];
}

/** Relations that index a family of the step by a name no world draws (`\sum_j w_{ij} = 1`: for
 *  every i), so evaluableConditions cannot test them. Laws and bounds on a name are read elsewhere. */
function hypothesesForEveryIndex(assumptions: readonly Expr[], sampled: (name: string) => boolean): Rel[] {
  const indexesByUndrawn = (e: Expr, depth: number): boolean => {
    if (depth > 100 || e.kind === 'prob' || e.kind === 'call') return false;
    if (e.kind === 'sym' && sampled(e.name) && [...e.index, ...e.upper].some((ix) => [...namesFreeIn(ix)].some((n) => !sampled(n)))) return true;
    return children(e).some((c) => indexesByUndrawn(c, depth + 1));
  };
  // only a total stated for every index (`\sum_j w_{ij} = 1`): a model's own relations (the E-step's
  // w = φN / Σ φN) are read as the model, and a refutation beside them stands; a bound on every
  // member (`c_i > 0`) is a constraint (constraintsFromAssumptions)
  const total = (a: Rel): boolean => (a.lhs.kind === 'bind' && constantValue(a.rhs) !== null) || (a.rhs.kind === 'bind' && constantValue(a.lhs) !== null);
  return assumptions.filter((a): a is Rel => a.kind === 'rel' && a.op !== 'in' && a.op !== 'sim' && total(a) && indexesByUndrawn(a, 0)
    && [...namesFreeIn(a)].some((n) => !sampled(n)));
}

/** The variables the binders of these expressions bind. */
function boundIn(roots: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  const stack = [...roots];
  for (let steps = 0; stack.length > 0 && steps < 100_000; steps++) {
    const e = stack.pop()!;
    if (e.kind === 'bind') for (const v of e.vars) out.add(v);
    stack.push(...children(e));
  }
  return out;
}

/** The assumptions a world can be tested against: relations over this step's sampled
 *  symbols only. `P(x) > 0` (x a random variable, not a value) or `n \geq 1` in a step
 *  without n say nothing about a world; testing them per world would only throw. */
function evaluableConditions(assumptions: readonly Expr[], sampled: (name: string) => boolean): Rel[] {
  // (a name in an interval is drawn inside it; an application in one, `0 < f(x) < 1`, and a numbered member, `p_1 \in (0, 1)`, are tested)
  return assumptions.filter((a): a is Rel =>
    a.kind === 'rel' && (a.op !== 'in' || a.lhs.kind === 'call' || (a.lhs.kind === 'sym' && numberedMember(a.lhs))) && a.op !== 'sim' && [...namesFreeIn(a)].every(sampled));
}
