/**
 * Vectors and matrices as values: small dense row-major arrays over any
 * arithmetic. A column vector is d×1, a row vector (xᵀ) 1×d; a 1×1 result
 * collapses to a number.
 *
 * Owns: shapes and linear algebra (products, transpose, inverse, determinant,
 * trace, norm). Must not: guess a meaning for mismatched shapes — those are
 * `Unsupported`, never silently broadcast.
 */
import type { Arith } from './arith.js';
import { Unsupported } from './world.js';

export interface Tensor<T> { readonly rows: number; readonly cols: number; readonly data: readonly T[] }
export type Value<T> = T | Tensor<T>;

export const isTensor = <T>(v: Value<T>): v is Tensor<T> =>
  typeof v === 'object' && v !== null && 'rows' in v && 'cols' in v && 'data' in v;

/** A number as a 1×1 tensor (for algebra that wants shapes). */
export const asTensor = <T>(v: Value<T>): Tensor<T> => (isTensor(v) ? v : { rows: 1, cols: 1, data: [v] });

/** σ as σ·I_d, a matrix as itself. */
export const asCovariance = <T>(A: Arith<T>, v: Value<T>, d: number): Tensor<T> =>
  isTensor(v) ? v : asTensor(mul(A, v, identity(A, d)));

/** 1×1 tensors are numbers. */
export const collapse = <T>(t: Tensor<T>): Value<T> => (t.rows === 1 && t.cols === 1 ? t.data[0]! : t);

const shape = <T>(t: Tensor<T>) => `${t.rows}×${t.cols}`;
const at = <T>(t: Tensor<T>, i: number, j: number): T => t.data[i * t.cols + j]!;
function build<T>(rows: number, cols: number, f: (i: number, j: number) => T): Tensor<T> {
  // a plain loop: tensors are built at every product and sum, and Array.from's callback showed in profiles
  const data: T[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data.push(f(i, j));
  return { rows, cols, data };
}

export const identity = <T>(A: Arith<T>, d: number): Tensor<T> => build(d, d, (i, j) => A.of(i === j ? 1 : 0));

export function add<T>(A: Arith<T>, x: Value<T>, y: Value<T>): Value<T> {
  // (no array of the two: every sum of every world comes here)
  const a = isTensor(x) ? collapse(x) : x;
  const b = isTensor(y) ? collapse(y) : y;
  if (!isTensor(a) && !isTensor(b)) return A.add(a, b);
  if (isTensor(a) && isTensor(b) && a.rows === b.rows && a.cols === b.cols) return build(a.rows, a.cols, (i, j) => A.add(at(a, i, j), at(b, i, j)));
  throw new Unsupported(`adding values of different shapes (${isTensor(a) ? shape(a) : 'number'} and ${isTensor(b) ? shape(b) : 'number'})`);
}

export function mul<T>(A: Arith<T>, a: Value<T>, b: Value<T>): Value<T> {
  if (!isTensor(a) && !isTensor(b)) return A.mul(a, b);
  if (!isTensor(a)) { const t = b as Tensor<T>; return collapse(build(t.rows, t.cols, (i, j) => A.mul(a, at(t, i, j)))); }
  if (!isTensor(b)) return collapse(build(a.rows, a.cols, (i, j) => A.mul(at(a, i, j), b)));
  if (a.cols !== b.rows) throw new Unsupported(`multiplying a ${shape(a)} by a ${shape(b)}`);
  return collapse(build(a.rows, b.cols, (i, j) => {
    let s = A.of(0);
    for (let k = 0; k < a.cols; k++) s = A.add(s, A.mul(at(a, i, k), at(b, k, j)));
    return s;
  }));
}

export const transpose = <T>(v: Value<T>): Value<T> => (isTensor(v) ? collapse(build(v.cols, v.rows, (i, j) => at(v, j, i))) : v);

function square<T>(t: Tensor<T>, what: string): void {
  if (t.rows !== t.cols) throw new Unsupported(`${what} of a ${shape(t)}`);
}

/**
 * The row (from c down) to pivot on in column c: a non-zero entry, the largest as a double.
 * Any non-zero pivot is correct; the size only limits rounding, so it is judged in doubles
 * and an interval arithmetic is never asked to order two equal magnitudes.
 */
function pivotRow<T>(A: Arith<T>, m: readonly (readonly T[])[], c: number): number {
  let p = c;
  for (let r = c + 1; r < m.length; r++) {
    const v = m[r]![c]!;
    if (A.isZero(v)) continue;
    if (A.isZero(m[p]![c]!) || Math.abs(A.toNumber(v)) > Math.abs(A.toNumber(m[p]![c]!))) p = r;
  }
  return p;
}

/**
 * What has been computed from one matrix in one arithmetic. Tensors are immutable and a world
 * reads each symbol's matrix once (world.ts), so a density evaluated at many points inverts its
 * covariance once; weak keys let both go with the world.
 */
interface Derived<T> { inverse?: Tensor<T>; det?: T; /** ((2π)^d |Σ|)^(-1/2) of a covariance Σ */ normalisation?: T }
const derivedByArith = new WeakMap<object, WeakMap<Tensor<unknown>, Derived<unknown>>>();

function derived<T>(A: Arith<T>, t: Tensor<T>): Derived<T> {
  let byTensor = derivedByArith.get(A);
  if (!byTensor) { byTensor = new WeakMap(); derivedByArith.set(A, byTensor); }
  let d = byTensor.get(t) as Derived<T> | undefined;
  if (!d) { d = {}; byTensor.set(t, d as Derived<unknown>); }
  return d;
}

/** Gauss–Jordan with partial pivoting; a singular matrix gives NaN entries (discarded like any undefined value). */
export function inverse<T>(A: Arith<T>, t: Tensor<T>): Tensor<T> {
  const d = derived(A, t);
  return d.inverse ??= computeInverse(A, t);
}

/** Determinant by elimination. */
export function det<T>(A: Arith<T>, t: Tensor<T>): T {
  const d = derived(A, t);
  if (!('det' in d)) d.det = computeDet(A, t);
  return d.det!;
}

// (plain loops in computeInverse and computeDet: a density evaluated in every world inverts its
// covariance there; the operations and their order are those of the textbook elimination)
function computeInverse<T>(A: Arith<T>, t: Tensor<T>): Tensor<T> {
  square(t, 'the inverse');
  const n = t.rows;
  const m: T[][] = [];
  for (let i = 0; i < n; i++) {
    const row: T[] = [];
    for (let j = 0; j < n; j++) row.push(at(t, i, j));
    for (let j = 0; j < n; j++) row.push(A.of(i === j ? 1 : 0));
    m.push(row);
  }
  for (let c = 0; c < n; c++) {
    const p = pivotRow(A, m, c);
    if (A.isZero(m[p]![c]!)) return build(n, n, () => A.of(NaN));
    [m[c], m[p]] = [m[p]!, m[c]!];
    const top = m[c]!;
    const pivot = top[c]!;
    for (let k = 0; k < top.length; k++) top[k] = A.div(top[k]!, pivot);
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r]!;
      const f = row[c]!;
      for (let k = 0; k < row.length; k++) row[k] = A.sub(row[k]!, A.mul(f, top[k]!));
    }
  }
  return build(n, n, (i, j) => m[i]![n + j]!);
}

function computeDet<T>(A: Arith<T>, t: Tensor<T>): T {
  square(t, 'the determinant');
  const n = t.rows;
  const m: T[][] = [];
  for (let i = 0; i < n; i++) {
    const row: T[] = [];
    for (let j = 0; j < n; j++) row.push(at(t, i, j));
    m.push(row);
  }
  let d = A.of(1);
  for (let c = 0; c < n; c++) {
    const p = pivotRow(A, m, c);
    if (A.isZero(m[p]![c]!)) return A.of(0);
    if (p !== c) { [m[c], m[p]] = [m[p]!, m[c]!]; d = A.neg(d); }
    const top = m[c]!;
    d = A.mul(d, top[c]!);
    for (let r = c + 1; r < n; r++) {
      const row = m[r]!;
      const f = A.div(row[c]!, top[c]!);
      for (let k = 0; k < row.length; k++) row[k] = A.sub(row[k]!, A.mul(f, top[k]!));
    }
  }
  return d;
}

/** (M + Mᵀ)/2 of a square matrix; anything else as it is. */
export const symmetricPart = <T>(A: Arith<T>, v: Value<T>): Value<T> =>
  (isTensor(v) && v.rows === v.cols ? build(v.rows, v.cols, (i, j) => A.div(A.add(at(v, i, j), at(v, j, i)), A.of(2))) : v);

export function trace<T>(A: Arith<T>, t: Tensor<T>): T {
  square(t, 'the trace');
  let s = A.of(0);
  for (let i = 0; i < t.rows; i++) s = A.add(s, at(t, i, i));
  return s;
}

/** Euclidean (vectors) or Frobenius (matrices) norm. */
export function norm<T>(A: Arith<T>, t: Tensor<T>): T {
  let s = A.of(0);
  for (const v of t.data) s = A.add(s, A.mul(v, v));
  return A.pow(s, A.of(0.5));
}

/** Multivariate normal density N(x; μ, Σ); a number Σ means Σ·I. */
export function normalDensity<T>(A: Arith<T>, x: Tensor<T>, mu: Tensor<T>, sigma: Value<T>): T {
  const d = x.rows;
  const cov = asCovariance(A, sigma, d);
  const z = add(A, x, mul(A, A.of(-1), mu));
  const q = mul(A, mul(A, transpose(z), inverse(A, cov)), z);
  if (isTensor(q)) throw new Unsupported('a Gaussian whose mean and point have different shapes');
  // (1×1 results are collapsed by mul, so q is a number here, and cov is d×d: the constant
  // depends on cov alone and is computed once per covariance.)
  const norming = derived(A, cov).normalisation ??= A.pow(A.mul(A.pow(A.mul(A.of(2), A.pi()), A.of(d)), det(A, cov)), A.of(-0.5));
  return A.mul(norming, A.exp(A.mul(A.of(-0.5), q)));
}

/** Element-wise map of a value's numbers (for comparisons and finiteness checks). */
export const entries = <T>(v: Value<T>): readonly T[] => (isTensor(v) ? v.data : [v]);
