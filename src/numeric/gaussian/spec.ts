/**
 * What a problem context says about a linear-Gaussian process, read from its statements:
 * the standard normal noise families (`\epsilon_t \sim \mathcal N(0, I)`), the generative
 * equation (`x_t = \sqrt{1-\beta_t} x_{t-1} + \sqrt{\beta_t}\epsilon_t`), the density letters
 * of the forward process (q) and of a reverse model defined by its transitions (p, p_θ), the
 * sizes (T, d) and the bounds the assumptions put on the index t and on T.
 *
 * Owns: recognising those statements. Must not: evaluate anything, or guess a statement it
 * does not recognise — an assumption it cannot account for is kept in `unread`, and a step
 * touching it is never refuted.
 */
import { children, freeNames, key, shiftOf, sym, type Definition, type Expr, type Prob, type Sym } from '../../expr/model.js';
import { substitute } from '../../expr/subst.js';

/** `x_t = f(x_{t-1}, \epsilon_t)`: the variable's name, the index symbol, the right side. */
export interface Process { readonly name: string; readonly index: string; readonly rhs: Expr }

export interface ModelSpec {
  readonly process: Process;
  /** Names of the standard normal noise families. */
  readonly noises: ReadonlySet<string>;
  /** The forward process's density letter (q). */
  readonly forward: string;
  /** The reverse model's density letter (p, whatever its subscript), when its transitions are defined. */
  readonly reverse: string | null;
  /** The chain's length symbol (T) and the dimension symbol (d, from `\in \mathbb R^d`). */
  readonly length: string;
  readonly dimension: string | null;
  /** A noise is N(0, 1): the chain is of numbers (d = 1), not of vectors. */
  readonly scalar: boolean;
  /** Noises the generative equation writes without an index (`+ \sqrt{1-\alpha_t}\,\epsilon`, "independent
   *  of x_{t-1}"): each transition's own, so ε there is ε_t, and ε in a step the noise of its t. */
  readonly bareNoises: ReadonlySet<string>;
  /** Integer bounds on the step index and on the length, from the assumptions. */
  readonly indexBounds: { readonly lo: number; readonly hi: number | null };
  readonly lengthLow: number;
  /** The schedule: indexed coefficients of the generative equation (β_t), drawn increasing in (0, 1). */
  readonly schedule: ReadonlySet<string>;
  /** Functions the context names without defining them (x̂_θ in μ_θ's definition): learned maps, arbitrary but its own. */
  readonly learned: ReadonlySet<string>;
  /** Positive scalars (σ with `\sigma^2 > 0`) the model draws. */
  readonly positives: ReadonlySet<string>;
  readonly definitions: readonly Definition[];
  /** The file's own definitions of a point of the process (`\mathbf x_t := \sqrt{\bar\alpha_t}\mathbf x_0 + …`):
   *  where the step writes that point as the definition does, it is what the file made it. */
  readonly redefinitions: readonly Definition[];
  /** Assumptions the model does not account for. */
  readonly unread: readonly Expr[];
}

export interface Statements {
  readonly definitions: readonly Definition[];
  readonly assumptions: readonly Expr[];
  /** The definitions that come from the contexts (the problem's own statements, not the file's). */
  readonly stated: readonly Definition[];
  /** `=` rows of the contexts that are not definitions (generative equations among them). */
  readonly equations: readonly { readonly lhs: Expr; readonly rhs: Expr }[];
}

const isSym = (e: Expr): e is Sym => e.kind === 'sym';
const isStandardNormal = (e: Expr): boolean => isScalarStandardNormal(e) ||
  e.kind === 'fn' && e.name === 'normal' && e.args.length === 2 && e.args[0]!.kind === 'num' && e.args[0]!.value === 0
  && e.args[1]!.kind === 'sym' && /^(I|\\mathbf\{I\}|\\mathbb\{I\})$/.test(e.args[1]!.name);
/** N(0, 1): a noise that is a number, so the whole chain is one-dimensional. */
const isScalarStandardNormal = (e: Expr): boolean =>
  e.kind === 'fn' && e.name === 'normal' && e.args.length === 2 && e.args.every((a, i) => a.kind === 'num' && a.value === i);

/** A noise written with an accent (\bar\epsilon, \tilde\epsilon) is a fresh standard normal of the same family. */
export function noiseFamily(name: string, noises: ReadonlySet<string>): string | null {
  if (noises.has(name)) return name;
  const accent = /^\\(?:bar|tilde|hat)\{(.+)\}$/.exec(name);
  return accent && noises.has(accent[1]!) ? accent[1]! : null;
}

/** The model the statements define, or null when they define no generative process. */
export function readSpec(s: Statements): ModelSpec | null {
  const noises = new Set<string>();
  for (const a of s.assumptions) {
    if (a.kind === 'rel' && a.op === 'sim' && isSym(a.lhs) && isStandardNormal(a.rhs)) noises.add(a.lhs.name);
  }
  const written = s.equations.map((e) => asProcess(e.lhs, e.rhs, noises)).find((p) => p !== null) ?? null;
  if (!written) return null;
  const bareNoises = new Set([...noises].filter((n) => bareIn(written.rhs, n)));
  const process = { ...written, rhs: substitute(written.rhs, new Map([...bareNoises].map((n) => [n, sym(n, [sym(written.index)])]))) };
  const letters = transitionLetters(s.definitions, process.name);
  const forward = letters.forward ?? 'q';
  const length = rangeUpper(s.definitions, process.name) ?? 'T';
  const dimension = s.assumptions.map(dimensionOf).find((d) => d !== null) ?? null;
  const scalar = s.assumptions.some((a) => a.kind === 'rel' && a.op === 'sim' && isSym(a.lhs) && noises.has(a.lhs.name) && isScalarStandardNormal(a.rhs));
  const schedule = scheduleOf(process, noises);
  const unread: Expr[] = [];
  let lo = 1;
  let hi: number | null = null;
  let lengthLow = 1;
  const positives = new Set<string>();
  for (const a of s.assumptions) {
    const bound = integerBound(a);
    if (bound && bound.name === process.index) { if (bound.lo !== undefined) lo = Math.max(lo, bound.lo); if (bound.hi !== undefined) hi = bound.hi; continue; }
    if (bound && bound.name === length) { if (bound.lo !== undefined) lengthLow = Math.max(lengthLow, bound.lo); continue; }
    const positive = positiveSquare(a);
    if (positive) { positives.add(positive); continue; }
    if (accountedFor(a, process, noises, dimension, schedule, length)) continue;
    unread.push(a);
  }
  const learned = undefinedCalls(s);
  const redefinitions = s.definitions.filter((d) => !s.stated.includes(d) && isSym(d.lhs) && d.lhs.name === process.name && d.lhs.index.length === 1);
  return { process, noises, forward, reverse: letters.reverse, length, dimension, scalar, bareNoises, indexBounds: { lo, hi }, lengthLow, schedule, learned, positives, definitions: s.definitions, redefinitions, unread };
}

/** Heads of calls in the contexts' definitions that nothing defines (by their structural key). */
function undefinedCalls(s: Statements): Set<string> {
  const defined = new Set(s.definitions.flatMap((d) => (d.lhs.kind === 'call' ? [key(d.lhs.fn)] : [])));
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'call' && !defined.has(key(e.fn))) out.add(key(e.fn));
    children(e).forEach(walk);
  };
  s.stated.forEach((d) => walk(d.rhs));
  return out;
}

/** Does `e` write the symbol `name` without an index? */
const bareIn = (e: Expr, name: string): boolean =>
  e.kind === 'sym' && e.name === name && e.index.length === 0 || children(e).some((c) => bareIn(c, name));

/** `x_t = … x_{t-1} … \epsilon_t …` with t a symbol. */
function asProcess(lhs: Expr, rhs: Expr, noises: ReadonlySet<string>): Process | null {
  if (!isSym(lhs) || lhs.index.length !== 1 || !isSym(lhs.index[0]!) || lhs.upper.length > 0) return null;
  const index = lhs.index[0]!.name;
  const names = freeNames(rhs);
  if (!names.has(lhs.name) || ![...noises].some((n) => names.has(n))) return null;
  return { name: lhs.name, index, rhs };
}

/** Which letters have forward transitions (x_t given x_{t-1}) and reverse ones (x_{t-1} given x_t). */
function transitionLetters(defs: readonly Definition[], name: string): { forward: string | null; reverse: string | null } {
  let forward: string | null = null;
  let reverse: string | null = null;
  for (const d of defs) {
    if (d.lhs.kind !== 'prob' || d.lhs.args.length !== 1 || d.lhs.given.length !== 1) continue;
    const [a, b] = [offsetOf(d.lhs.args[0]!, name), offsetOf(d.lhs.given[0]!, name)];
    if (a === null || b === null) continue;
    if (a === b + 1) forward ??= d.lhs.dist.name;
    if (a === b - 1) reverse ??= d.lhs.dist.name;
  }
  return { forward, reverse };
}

/** x_{t+k} → k (x_t → 0, x_{t-1} → -1); null for anything else. */
function offsetOf(e: Expr, name: string): number | null {
  if (!isSym(e) || e.name !== name || e.index.length !== 1) return null;
  const i = e.index[0]!;
  // the process's own index, whatever letter it is
  return isSym(i) ? 0 : i.kind === 'add' && isSym(i.terms[0]!) ? shiftOf(i, i.terms[0].name) : null;
}

/** The upper end of an index range of the process's variable (x_{1:T} → T). */
function rangeUpper(defs: readonly Definition[], name: string): string | null {
  let found: string | null = null;
  const walk = (e: Expr): void => {
    if (isSym(e) && e.name === name && e.index.length === 1) {
      const i = e.index[0]!;
      if (i.kind === 'set' && i.range && isSym(i.range.to)) found ??= i.range.to.name;
    }
    children(e).forEach(walk);
  };
  for (const d of defs) { walk(d.lhs); walk(d.rhs); }
  return found;
}

/** `… \in \mathbb R^d` → d. */
function dimensionOf(a: Expr): string | null {
  if (a.kind !== 'rel' || a.op !== 'in') return null;
  const r = a.rhs;
  if (r.kind === 'pow' && isSym(r.base) && r.base.name === '\\mathbb{R}' && isSym(r.exp)) return r.exp.name;
  const written = isSym(r) ? /^\\mathbb\{R\}\^\{?([A-Za-z])\}?$/.exec(r.name) : null;
  return written ? written[1]! : null;
}

/** `t \geq 2`, `t > 1`, `T \geq 2`, `t \leq T`. */
function integerBound(a: Expr): { name: string; lo?: number; hi?: number } | null {
  if (a.kind !== 'rel' || !isSym(a.lhs) || a.lhs.index.length > 0 || a.rhs.kind !== 'num') return null;
  const [name, v] = [a.lhs.name, a.rhs.value];
  switch (a.op) {
    case '>=': return { name, lo: Math.ceil(v) };
    case '>': return { name, lo: Math.floor(v) + 1 };
    case '<=': return { name, hi: Math.floor(v) };
    case '<': return { name, hi: Math.ceil(v) - 1 };
    default: return null;
  }
}

/** `\sigma^2 > 0` → \sigma. */
function positiveSquare(a: Expr): string | null {
  if (a.kind !== 'rel' || a.op !== '>' || a.rhs.kind !== 'num' || a.rhs.value !== 0) return null;
  const l = a.lhs.kind === 'pow' ? a.lhs.base : a.lhs;
  return isSym(l) && l.index.length === 0 ? l.name : null;
}

/**
 * Assumptions the model satisfies by construction: the schedule's domain and order (it is
 * drawn increasing in (0, 1)), the noises' laws, any law of the data point x_0 (every density
 * and expectation is taken given it), and membership in R^d of the model's vectors.
 */
function accountedFor(a: Expr, process: Process, noises: ReadonlySet<string>, dimension: string | null, scheduleNames: ReadonlySet<string>, length: string): boolean {
  if (a.kind !== 'rel') return false;
  if (a.op === 'sim') {
    if (isSym(a.lhs) && noises.has(a.lhs.name) && isStandardNormal(a.rhs)) return true;
    return isSym(a.lhs) && a.lhs.name === process.name && a.lhs.index.length === 1 && a.lhs.index[0]!.kind === 'num' && a.lhs.index[0]!.value === 0;
  }
  if (a.op === 'in' && dimension !== null && dimensionOf(a) === dimension) return true;
  // the chain's length and the dimension are drawn as positive integers
  if (a.op === 'in' && isSym(a.lhs) && a.lhs.index.length === 0 && [length, dimension].includes(a.lhs.name) && isSym(a.rhs) && a.rhs.name === '\\mathbb{N}') return true;
  // the step's index runs over the chain: t \in \{1, \dots, T\}, as the model draws it
  if (a.op === 'in' && isSym(a.lhs) && a.lhs.name === process.index && a.rhs.kind === 'set' && a.rhs.range
      && a.rhs.range.from.kind === 'num' && a.rhs.range.from.value === 1 && isSym(a.rhs.range.to) && a.rhs.range.to.name === length) return true;
  const schedule = (e: Expr): boolean => isSym(e) && scheduleNames.has(e.name) && e.index.length === 1;
  if (a.op === 'in' && schedule(a.lhs) && a.rhs.kind === 'fn' && a.rhs.name === 'interval'
      && a.rhs.args.every((x) => x.kind === 'num') && (a.rhs.args[0] as { value: number }).value === 0 && (a.rhs.args[1] as { value: number }).value === 1) return true;
  // the schedule increases: β_{t-1} < β_t
  if ((a.op === '<' || a.op === '<=') && schedule(a.lhs) && schedule(a.rhs)) {
    const [l, r] = [offsetOf(a.lhs as Expr, (a.lhs as Sym).name), offsetOf(a.rhs, (a.rhs as Sym).name)];
    return l !== null && r !== null && l < r;
  }
  return false;
}

/** The indexed coefficients of the generative equation (β in `\sqrt{1-\beta_t}`): its schedule. */
function scheduleOf(p: Process, noises: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (isSym(e) && e.name !== p.name && !noises.has(e.name) && e.index.length === 1 && isSym(e.index[0]!) && e.index[0]!.name === p.index) out.add(e.name);
    children(e).forEach(walk);
  };
  walk(p.rhs);
  return out;
}

export const isProb = (e: Expr): e is Prob => e.kind === 'prob';
