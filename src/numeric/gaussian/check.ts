/**
 * Deciding a step inside a linear-Gaussian model: sample instances of the model (worlds) and
 * compare the two sides there.
 *
 * Three comparisons: values (densities, divergences, expectations — Monte Carlo with common
 * draws for the same law on both sides, in independent batches that give a confidence bound);
 * laws (a side with a noise at its top is a random vector affine in independent standard
 * normals given x_0: means and covariances compare exactly); and orderings (`\arg\min_\theta`
 * against `\arg\max_\theta`: the two objectives must order a grid of θ alike, or oppositely).
 *
 * Owns: the verdict inside the model. A Monte Carlo discrepancy refutes only far outside its
 * bound and again after a re-check with fresh, larger batches; anything the model cannot
 * evaluate is `unverified` with the missing piece named. Must not: prove, or refute a step
 * while the context states an assumption the model does not account for.
 */
import type { Relation } from '../../expr/relations.js';
import { children, definedName, key, shiftOf, type Bind, type Expr } from '../../expr/model.js';
import { toLatex } from '../../notation/print.js';
import { isTensor, type Value } from '../tensor.js';
import { Unsupported } from '../world.js';
import { covarianceOperand } from '../../notation/families/variance.js';
import { covariance, ModelEval, NeedsLinear, Unavailable, type Affine, type Scope, type StepWork } from './evaluate.js';
import { noiseFamily, type ModelSpec } from './spec.js';
import { drawWorld, subSeed, type ModelWorld } from './world.js';

export interface ModelCheckOptions {
  readonly seed: number;
  /** Instances of the model drawn. */
  readonly worlds: number;
  /** Independent Monte Carlo batches per instance, and draws of each law per batch. */
  readonly batches: number;
  readonly draws: number;
  /** Node visits allowed per instance and batch. */
  readonly work: number;
  /** Node visits allowed for the whole step, over every instance, batch and re-check: the step
   *  budget bounds the model as it bounds the sampler and the search. */
  readonly stepWork: number;
}

/** Node visits granted to a step per millisecond of its step budget. */
const STEP_WORK_PER_MS = 4_000;
/** A step's node visits for a step budget of `ms`. */
export const modelWorkFor = (ms: number): number => Math.max(1, Math.round(ms * STEP_WORK_PER_MS));

/** At the CLI's default step budget (2 s). */
export const DEFAULT_MODEL_CHECK: Omit<ModelCheckOptions, 'seed'> = { worlds: 12, batches: 8, draws: 24, work: 4_000_000, stepWork: modelWorkFor(2000) };

export interface ModelInstance { readonly assignment: Readonly<Record<string, number>>; readonly lhs: number; readonly rhs: number }

export type ModelResult =
  | { verdict: 'confirmed'; samples: number; maxError: number; note: string }
  | { verdict: 'refuted'; samples: number; maxError: number; counterexample: ModelInstance; message: string }
  | { verdict: 'unverified'; samples: number; reason: string };

/** Confirmation needs agreement within this many standard errors; refutation needs more than Z_REFUTE, twice. */
const Z_CONFIRM = 5;
const Z_REFUTE = 10;
/** A re-check draws this many times as many batches and draws, from fresh seeds. */
const RECHECK = 4;
const RELATIVE_TOLERANCE = 1e-8;
/** The widest Monte Carlo bound, relative to the sides, that may confirm. */
const PRECISION = 0.02;
const THETA_GRID = [-1.5, -0.6, 0.2, 1.1, 1.9];

const ORDERS: ReadonlySet<Relation> = new Set(['=', '<=', '>=', '<', '>']);

/** Does the step speak of the model (its variables, noises, densities, laws or covariances)? */
export function touchesModel(spec: ModelSpec, e: Expr): boolean {
  const through = new Set<string>();
  const walk = (x: Expr): boolean => {
    if (x.kind === 'sym' && (x.name === spec.process.name && x.index.length === 1 || noiseFamily(x.name, spec.noises) || spec.schedule.has(x.name))) return true;
    if (x.kind === 'prob' && (x.dist.name === spec.forward || x.dist.name === spec.reverse)) return true;
    // a name defined from the schedule (\alpha_t, \bar\alpha_t, \sigma_q^2) lives in the model too
    const name = x.kind === 'sym' ? x.name : x.kind === 'call' ? x.fn.name : null;
    if (name !== null && !through.has(name)) {
      through.add(name);
      if (spec.definitions.some((d) => definedName(d.lhs.kind === 'pow' ? d.lhs.base : d.lhs) === name && walk(d.rhs))) return true;
    }
    return children(x).some(walk);
  };
  return walk(e);
}

/** Decides `lhs relation rhs` in the model; null when the step does not speak of the model. */
export function checkInModel(spec: ModelSpec, lhs: Expr, relation: Relation, rhs: Expr, opts: ModelCheckOptions): ModelResult | null {
  if (!touchesModel(spec, lhs) && !touchesModel(spec, rhs)) return null;
  if (!ORDERS.has(relation)) return unverified(`${relation} is not checked inside the model`, 0);
  try {
    return decide(spec, lhs, relation, rhs, opts);
  } catch (e) {
    if (e instanceof Unavailable) return unverified(`inside the model: ${e.reason}`, 0);
    if (e instanceof Unsupported) return unverified(`inside the model: ${e.reason}`, 0);
    throw e;
  }
}

/** What one instance says: agreement (exact or within the bound), a discrepancy, or no decision. */
type Finding =
  | { kind: 'agrees'; error: number; monteCarlo: boolean }
  | { kind: 'differs'; lhs: number; rhs: number; what: string }
  | { kind: 'undecided'; why: string };

/** One way of comparing the sides in an instance, for a given batch layout. */
type Compare = (ev: (batch: number) => ModelEval, batches: number) => Finding;

/**
 * The smallest index t at which every quantity the step writes at t − k exists: the process from
 * x_0, the schedule, its noises and what is defined from them from 1. A step that unrolls two
 * transitions (x_{t-2}, α_{t-1}) speaks of t ≥ 2 only; at t = 1 it has no meaning, not a counterexample.
 */
function stepIndexLow(spec: ModelSpec, sides: readonly Expr[]): number {
  const t = spec.process.index;
  let low = 0;
  const walk = (e: Expr): void => {
    if (e.kind === 'sym' && e.index.length === 1) {
      const offset = shiftOf(e.index[0]!, t);
      if (offset !== null && Number.isInteger(offset)) low = Math.max(low, (e.name === spec.process.name ? 0 : 1) - offset);
    }
    children(e).forEach(walk);
  };
  sides.forEach(walk);
  return low;
}

function decide(model: ModelSpec, lhs: Expr, relation: Relation, rhs: Expr, opts: ModelCheckOptions): ModelResult {
  const low = Math.max(model.indexBounds.lo, stepIndexLow(model, [lhs, rhs]));
  if (model.indexBounds.hi !== null && low > model.indexBounds.hi) return unverified(`inside the model: the step needs ${model.process.index} ≥ ${low}, beyond the range stated`, 0);
  const spec: ModelSpec = { ...model, indexBounds: { lo: low, hi: model.indexBounds.hi } };
  const compare = comparisonFor(spec, lhs, relation, rhs);
  const notes = new Set<string>();
  let maxError = 0;
  let monteCarlo = false;
  let samples = 0;
  let linearOnly = false;
  let undecided: string | null = null;
  const undeclared = new Set<string>();
  const step: StepWork = { spent: 0, limit: opts.stepWork };
  for (let w = 0; w < opts.worlds; w++) {
    const seed = subSeed(opts.seed, `world:${w}`);
    const run = (linear: boolean, scale: number, salt: string): Finding => {
      const world = drawWorld(spec, seed, linear);
      const limits = { draws: opts.draws * scale, work: opts.work * scale, step };
      const evals = new Map<number, ModelEval>();
      const ev = (batch: number): ModelEval => {
        let e = evals.get(batch);
        if (!e) { e = new ModelEval(spec, world, subSeed(batch, salt), limits); evals.set(batch, e); }
        return e;
      };
      const finding = compare(ev, opts.batches * scale);
      for (const e of evals.values()) { for (const n of e.notes) notes.add(n); for (const u of e.undeclared) undeclared.add(u); }
      samples += evals.size;
      return finding;
    };
    let finding: Finding;
    try {
      finding = run(linearOnly, 1, 'first');
    } catch (e) {
      if (!(e instanceof NeedsLinear) || linearOnly) throw e;
      linearOnly = true;
      finding = run(true, 1, 'first');
    }
    if (finding.kind !== 'agrees') {
      // a discrepancy or an undecided instance is looked at again with fresh, larger batches
      const again = run(linearOnly, RECHECK, 'recheck');
      if (finding.kind === 'differs' && again.kind === 'differs') {
        const world = drawWorld(spec, seed, linearOnly);
        if (undeclared.size > 0) {
          return unverified(`not refuted: ${[...undeclared].join(", ")} is no function the problem context names; drawn as an arbitrary map, it cannot show the step wrong (${again.what})`, samples);
        }
        if (spec.unread.length > 0) {
          return unverified(`not refuted: the context assumes ${spec.unread.map(show).join(', ')}, which the model does not account for (${again.what})`, samples);
        }
        return {
          verdict: 'refuted', samples, maxError: Math.abs(again.lhs - again.rhs),
          counterexample: { assignment: assignmentOf(spec, world), lhs: again.lhs, rhs: again.rhs },
          message: `inside the model (T = ${world.T}, t = ${world.t}, d = ${world.d}): ${again.what}`,
        };
      }
      if (again.kind !== 'agrees') {
        // another instance may still refute the step; this one cannot confirm it
        undecided ??= again.kind === 'undecided' ? again.why : 'Monte Carlo cannot tell (a discrepancy did not hold up on a re-check)';
        continue;
      }
      finding = again;
    }
    maxError = Math.max(maxError, finding.error);
    monteCarlo ||= finding.monteCarlo;
  }
  if (undecided !== null) return unverified(`inside the model: ${undecided}`, samples);
  if (linearOnly) notes.add('the reverse model\'s marginals need a linear-Gaussian reverse model, so the learned map was drawn affine');
  const how = monteCarlo
    ? `within ${Z_CONFIRM} standard errors of Monte Carlo (${opts.batches} batches of ${opts.draws} draws per law) in ${opts.worlds} instances of the model`
    : `exactly in ${opts.worlds} instances of the model`;
  return { verdict: 'confirmed', samples, maxError, note: [`agrees ${how}`, ...notes].join('; ') };
}

/** The comparison a step calls for. */
function comparisonFor(spec: ModelSpec, lhs: Expr, relation: Relation, rhs: Expr): Compare {
  const opt = (e: Expr): e is Bind => e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax') && e.vars.length === 1;
  if (opt(lhs) || opt(rhs)) {
    if (!(opt(lhs) && opt(rhs)) || relation !== '=') throw new Unavailable('an arg min / arg max compares only with another over the same variable');
    return orderings(lhs, rhs);
  }
  const noisy = (e: Expr): boolean => topLevelNoise(spec, e);
  if (noisy(lhs) || noisy(rhs)) {
    if (relation !== '=') throw new Unavailable('an order between random vectors is not checked');
    return laws(lhs, rhs);
  }
  return values(lhs, relation, rhs);
}

/** A noise symbol outside any density, expectation, divergence or covariance. */
function topLevelNoise(spec: ModelSpec, e: Expr): boolean {
  if (e.kind === 'sym') return noiseFamily(e.name, spec.noises) !== null;
  if (e.kind === 'prob' || e.kind === 'bind' || (e.kind === 'fn' && e.name === 'KL')) return false;
  if (covarianceOperand(e)) return false;
  return children(e).some((c) => topLevelNoise(spec, c));
}

/**
 * Both sides as random vectors given x_0, exactly. A noise both sides share is the same draw on
 * both: its coefficients must agree (`x_t - ε = x_t + ε` is false, though its sides have one law).
 * A noise on one side only is a fresh standard normal, and there the claim is one of law: the
 * means, and the covariances the fresh noises add, must agree.
 */
function laws(lhs: Expr, rhs: Expr): Compare {
  return (ev) => {
    const e = ev(0);
    const s = e.initialScope();
    const [a, b] = [e.affine(lhs, s), e.affine(rhs, s)].map(withoutVanishing) as [Affine, Affine];
    if (a.mean.length !== b.mean.length) throw new Unavailable('the sides are vectors of different sizes');
    const d = a.mean.length;
    const shared = [...a.coef.keys()].filter((k) => b.coef.has(k));
    const only = (x: Affine, y: Affine): Affine => ({ mean: x.mean, coef: new Map([...x.coef].filter(([k]) => !y.coef.has(k))) });
    const [ca, cb] = [covariance(only(a, b)).data, covariance(only(b, a)).data];
    const fresh = shared.length < a.coef.size || shared.length < b.coef.size;
    const numbers = [...a.mean, ...b.mean, ...ca, ...cb, ...shared.flatMap((k) => [...a.coef.get(k)!.flat(), ...b.coef.get(k)!.flat()])];
    const tol = RELATIVE_TOLERANCE * (1 + Math.max(...numbers.map(Math.abs)));
    const meanAt = a.mean.findIndex((v, i) => Math.abs(v - b.mean[i]!) > tol);
    if (meanAt >= 0) return { kind: 'differs', lhs: a.mean[meanAt]!, rhs: b.mean[meanAt]!, what: `the means given x_0 differ (component ${meanAt + 1}: ${fmt(a.mean[meanAt]!)} against ${fmt(b.mean[meanAt]!)})` };
    let error = Math.max(0, ...a.mean.map((v, i) => Math.abs(v - b.mean[i]!)));
    for (const k of shared) {
      const [x, y] = [a.coef.get(k)!.flat(), b.coef.get(k)!.flat()];
      const at = x.findIndex((v, i) => Math.abs(v - y[i]!) > tol);
      if (at >= 0) {
        return { kind: 'differs', lhs: x[at]!, rhs: y[at]!, what: `the same noise ${noiseName(k)} has different coefficients on the two sides (entry ${Math.floor(at / d) + 1},${(at % d) + 1}: ${fmt(x[at]!)} against ${fmt(y[at]!)})` };
      }
      error = Math.max(error, ...x.map((v, i) => Math.abs(v - y[i]!)));
    }
    const covAt = ca.findIndex((v, i) => Math.abs(v - cb[i]!) > tol);
    if (covAt >= 0) {
      const what = shared.length > 0 ? 'the covariances the noises of one side only add' : 'the covariances given x_0';
      return { kind: 'differs', lhs: ca[covAt]!, rhs: cb[covAt]!, what: `${what} differ (entry ${Math.floor(covAt / d) + 1},${(covAt % d) + 1}: ${fmt(ca[covAt]!)} against ${fmt(cb[covAt]!)})` };
    }
    error = Math.max(error, ...ca.map((v, i) => Math.abs(v - cb[i]!)));
    e.notes.add(!fresh ? 'equal as affine functions of the same noises given x_0'
      : shared.length > 0 ? 'equal in law given x_0 and the noises both sides share (a noise on one side only is a fresh standard normal)'
      : 'equal in law given x_0 (a noise on one side only is a fresh standard normal): means and covariances agree');
    return { kind: 'agrees', error, monteCarlo: false };
  };
}

/** The affine vector without noises whose coefficients are all zero (`ε - ε`). */
function withoutVanishing(a: Affine): Affine {
  return { mean: a.mean, coef: new Map([...a.coef].filter(([, c]) => c.some((r) => r.some((v) => v !== 0)))) };
}

/** A noise's key (`\boldsymbol\epsilon@3`) as the reader wrote it: the name, and its index's value if any. */
function noiseName(key: string): string {
  const at = key.lastIndexOf('@');
  const [name, index] = [key.slice(0, at), key.slice(at + 1)];
  return index === '' ? name : `${name}_{${index}}`;
}

/** Values at the instance's points: exact, or Monte Carlo over batches with a confidence bound. */
function values(lhs: Expr, relation: Relation, rhs: Expr): Compare {
  return (ev, batches) => {
    const sides = (batch: number): [number[], number[]] => {
      const e = ev(batch);
      const s = e.initialScope();
      return [entriesOf(e.value(lhs, s)), entriesOf(e.value(rhs, s))];
    };
    const first = sides(0);
    if (first[0].length !== first[1].length) throw new Unavailable(`the sides have different shapes (${first[0].length} and ${first[1].length} entries)`);
    if (!ev(0).usedMonteCarlo) return judge([first], relation, false);
    // two batches that agree on every draw to rounding: the sides are equal draw by draw, no bound needed
    const second = sides(1);
    if (relation === '=' && [first, second].every(([l, r]) => l.every((v, i) => Math.abs(v - r[i]!) <= RELATIVE_TOLERANCE * (1 + Math.abs(v) + Math.abs(r[i]!))))) {
      ev(0).notes.add('the sides agree on every Monte Carlo draw (the same draws on both sides)');
      return judge([first, second], relation, false);
    }
    return judge([first, second, ...Array.from({ length: batches - 2 }, (_, b) => sides(b + 2))], relation, true);
  };
}

/** Orderings of a θ grid: `\arg\min_\theta F = \arg\max_\theta G` holds when F and −G order it alike. */
function orderings(lhs: Bind, rhs: Bind): Compare {
  const theta = lhs.vars[0]!;
  if (rhs.vars[0] !== theta) throw new Unavailable('the two sides optimise over different variables');
  const sign = lhs.op === rhs.op ? 1 : -1;
  return (ev, batches) => {
    const pairs: [number, number][] = [];
    for (let i = 0; i < THETA_GRID.length; i++) for (let j = i + 1; j < THETA_GRID.length; j++) pairs.push([i, j]);
    const at = (batch: number): [number[], number[]] => {
      const e = ev(batch);
      const s = e.initialScope();
      const objective = (body: Expr, v: number) => numberOf(e.value(body, withTheta(s, theta, v)));
      const F = THETA_GRID.map((v) => objective(lhs.body, v));
      const G = THETA_GRID.map((v) => sign * objective(rhs.body, v));
      return [pairs.map(([i, j]) => F[i]! - F[j]!), pairs.map(([i, j]) => G[i]! - G[j]!)];
    };
    const first = at(0);
    const second = ev(0).usedMonteCarlo ? at(1) : null;
    // one objective an increasing affine function of the other on every draw (the same draws for every θ and
    // both sides), with one slope for all batches: then so are their expectations, and they order θ alike
    const slope = scaleBetween(first);
    const affine = (r: [number[], number[]]) => slope !== null && slope > 0 && r[0].every((v, i) => Math.abs(r[1][i]! - slope * v) <= RELATIVE_TOLERANCE * (1 + Math.abs(v) + Math.abs(r[1][i]!)));
    if (second && affine(first) && affine(second)) {
      ev(0).notes.add('on every Monte Carlo draw one objective is an increasing affine function of the other (the same draws for every θ and both sides), so they order θ alike');
      return { kind: 'agrees', error: 0, monteCarlo: false };
    }
    const runs = second ? [first, second] : [first];
    for (let b = 2; second && b < batches; b++) runs.push(at(b));
    const stats = (side: 0 | 1) => pairs.map((_, p) => meanAndError(runs.map((r) => r[side][p]!)));
    const [f, g] = [stats(0), stats(1)];
    const name = show({ kind: 'sym', name: theta, index: [], upper: [] });
    // does an arg min / arg max prefer the first of two points whose objectives differ by `diff` (first minus second)?
    const preferred = (op: string, diff: number) => (op === 'argmax' ? diff > 0 : diff < 0);
    const tolOf = (a: Stat, b: Stat) => RELATIVE_TOLERANCE * (1 + Math.abs(a.mean) + Math.abs(b.mean));
    const sure = (x: Stat, z: number, tol: number) => Math.abs(x.mean) > tol + z * x.se;
    // a pair both objectives order surely, and differently, refutes; look for one before deciding anything else
    for (let p = 0; p < pairs.length; p++) {
      const [a, b] = [f[p]!, g[p]!];
      const tol = tolOf(a, b);
      if (sure(a, Z_REFUTE, tol) && sure(b, Z_REFUTE, tol) && Math.sign(a.mean) !== Math.sign(b.mean)) {
        const [i, j] = pairs[p]!;
        return {
          kind: 'differs', lhs: a.mean, rhs: b.mean,
          what: `of ${name} = ${THETA_GRID[i]} and ${name} = ${THETA_GRID[j]}, the left side's objective prefers ${name} = ${THETA_GRID[preferred(lhs.op, a.mean) ? i : j]} (by ${fmt(Math.abs(a.mean))}), the right side's ${name} = ${THETA_GRID[preferred(rhs.op, sign * b.mean) ? i : j]} (by ${fmt(Math.abs(b.mean))})`,
        };
      }
    }
    for (let p = 0; p < pairs.length; p++) {
      const [a, b] = [f[p]!, g[p]!];
      const tol = tolOf(a, b);
      const tied = (x: Stat) => Math.abs(x.mean) <= tol && x.se <= tol;
      const agree = (tied(a) && tied(b)) || (sure(a, Z_CONFIRM, tol) && sure(b, Z_CONFIRM, tol) && Math.sign(a.mean) === Math.sign(b.mean));
      if (!agree) return { kind: 'undecided', why: 'Monte Carlo cannot tell how the two objectives order θ' };
    }
    return { kind: 'agrees', error: 0, monteCarlo: runs.length > 1 };
  };
}

/** The ratio of the right differences to the left ones, read at the largest left difference (null when all vanish). */
function scaleBetween([f, g]: [number[], number[]]): number | null {
  let at = -1;
  for (let i = 0; i < f.length; i++) if (at < 0 || Math.abs(f[i]!) > Math.abs(f[at]!)) at = i;
  return at < 0 || f[at] === 0 ? null : g[at]! / f[at]!;
}

/** The verdict of batches of (lhs, rhs) entries under a relation. */
function judge(runs: readonly [number[], number[]][], relation: Relation, monteCarlo: boolean): Finding {
  const n = runs[0]![0].length;
  let error = 0;
  for (let i = 0; i < n; i++) {
    const l = meanAndError(runs.map((r) => r[0][i]!));
    const r = meanAndError(runs.map((x) => x[1][i]!));
    const diff = meanAndError(runs.map((x) => x[0][i]! - x[1][i]!));
    if (!Number.isFinite(l.mean) || !Number.isFinite(r.mean)) return { kind: 'undecided', why: 'a side is not finite in an instance of the model' };
    const tol = RELATIVE_TOLERANCE * (1 + Math.abs(l.mean) + Math.abs(r.mean));
    // how far the claim is from holding: > 0 means it fails by that much
    const miss = missBy(relation, diff.mean);
    const at = n > 1 ? ` (entry ${i + 1})` : '';
    if (miss > tol + Z_REFUTE * diff.se) return { kind: 'differs', lhs: l.mean, rhs: r.mean, what: `${fmt(l.mean)} ${relationWord(relation)} ${fmt(r.mean)} fails${at}${monteCarlo ? ` by ${fmt(miss / Math.max(diff.se, 1e-300))} standard errors of Monte Carlo` : ''}` };
    // Monte Carlo confirms only where it is precise: a bound wider than a small share of the values could hide an error
    const imprecise = monteCarlo && Z_CONFIRM * diff.se > PRECISION * (Math.abs(l.mean) + Math.abs(r.mean) + tol);
    if (miss > tol + Z_CONFIRM * diff.se || imprecise || (isStrict(relation) && miss > -tol)) return { kind: 'undecided', why: `${monteCarlo ? 'Monte Carlo cannot tell whether ' : ''}${fmt(l.mean)} ${relationWord(relation)} ${fmt(r.mean)}${at}` };
    error = Math.max(error, relation === '=' ? Math.abs(diff.mean) : 0);
  }
  return { kind: 'agrees', error, monteCarlo };
}

function missBy(relation: Relation, diff: number): number {
  switch (relation) {
    case '=': return Math.abs(diff);
    case '<=': case '<': return diff;
    case '>=': case '>': return -diff;
    default: return Infinity;
  }
}
const isStrict = (r: Relation): boolean => r === '<' || r === '>';
const relationWord = (r: Relation): string => (r === '=' ? '=' : r === '<=' ? '≤' : r === '>=' ? '≥' : r);

interface Stat { readonly mean: number; readonly se: number }

function meanAndError(xs: readonly number[]): Stat {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, se: 0 };
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

const entriesOf = (v: Value<number>): number[] => (isTensor(v) ? [...v.data] : [v]);
function numberOf(v: Value<number>): number {
  if (isTensor(v)) { if (v.data.length === 1) return v.data[0]!; throw new Unavailable('an objective that is not a number'); }
  return v;
}
const withTheta = (s: Scope, name: string, v: number): Scope => ({ names: new Map(s.names).set(name, v), points: s.points });

function assignmentOf(spec: ModelSpec, w: ModelWorld): Record<string, number> {
  const out: Record<string, number> = { [spec.length]: w.T, [spec.process.index]: w.t, [spec.dimension ?? 'd']: w.d, '\\theta': w.theta };
  for (const [name, values] of w.schedule) values.forEach((v, k) => { out[`${name}_${k + 1}`] = v; });
  w.x0.forEach((v, i) => { out[`${spec.process.name}_{0,${i + 1}}`] = v; });
  for (const [name, v] of w.positives) out[name] = v;
  return out;
}

const unverified = (reason: string, samples: number): ModelResult => ({ verdict: 'unverified', samples, reason });
const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(6));
function show(e: Expr): string { try { return toLatex(e); } catch { return key(e); } }
