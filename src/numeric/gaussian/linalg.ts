/**
 * Dense linear algebra in doubles for the linear-Gaussian model: vectors are number[],
 * matrices number[][] (row-major), all small (a chain of at most a few steps in a few
 * dimensions).
 *
 * Owns: the operations Gaussian conditioning and divergences need (products, Cholesky,
 * solves, log-determinants, inverses). Must not: know expressions or models; a matrix that
 * is not positive definite is reported by `null`, never patched.
 */

export type Vec = readonly number[];
export type Mat = readonly (readonly number[])[];

export const zeros = (n: number): number[] => new Array<number>(n).fill(0);
export const eye = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
export const scaled = (m: Mat, c: number): number[][] => m.map((r) => r.map((v) => v * c));
export const addMat = (a: Mat, b: Mat): number[][] => a.map((r, i) => r.map((v, j) => v + b[i]![j]!));
// (plain loops from here on: these run at every quadrature point; sums run in index order, from 0)
export function addVec(a: Vec, b: Vec): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}
export function subVec(a: Vec, b: Vec): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}
export function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
export const transposeMat = (m: Mat): number[][] => (m.length === 0 ? [] : m[0]!.map((_, j) => m.map((r) => r[j]!)));
export const matVec = (m: Mat, v: Vec): number[] => m.map((r) => dot(r, v));
export function matMul(a: Mat, b: Mat): number[][] {
  const cols = b[0]?.length ?? 0;
  return a.map((r) => {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < r.length; k++) s += r[k]! * b[k]![j]!;
      row[j] = s;
    }
    return row;
  });
}
/** Rows and columns `rows` × `cols` of m. */
export const block = (m: Mat, rows: readonly number[], cols: readonly number[]): number[][] => rows.map((i) => cols.map((j) => m[i]![j]!));
export const pick = (v: Vec, at: readonly number[]): number[] => at.map((i) => v[i]!);

/** Lower-triangular L with L Lᵀ = m, or null when m is not (numerically) positive definite. */
export const cholesky = (m: Mat): number[][] | null => factor(m, (s) => (s > 0 ? Math.sqrt(s) : null));

/** The same for a positive semi-definite m (a degenerate law): a zero pivot gives a zero column. */
export const choleskySemidefinite = (m: Mat): number[][] => factor(m, (s) => Math.sqrt(Math.max(s, 0)))!;

/** Cholesky's recurrence; `pivot` turns each diagonal remainder into L's entry, or null to give up. */
function factor(m: Mat, pivot: (remainder: number) => number | null): number[][] | null {
  const n = m.length;
  const L = Array.from({ length: n }, () => zeros(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        const d = pivot(s);
        if (d === null) return null;
        L[i]![i] = d;
      } else L[i]![j] = L[j]![j]! > 0 ? s / L[j]![j]! : 0;
    }
  }
  return L;
}

/** x with L Lᵀ x = b, for a Cholesky factor L. */
export function cholSolve(L: Mat, b: Vec): number[] {
  const n = L.length;
  const y = zeros(n);
  for (let i = 0; i < n; i++) { let s = b[i]!; for (let k = 0; k < i; k++) s -= L[i]![k]! * y[k]!; y[i] = s / L[i]![i]!; }
  const x = zeros(n);
  for (let i = n - 1; i >= 0; i--) { let s = y[i]!; for (let k = i + 1; k < n; k++) s -= L[k]![i]! * x[k]!; x[i] = s / L[i]![i]!; }
  return x;
}

/** m⁻¹ b column by column (b a matrix), for a Cholesky factor of m. */
export const cholSolveMat = (L: Mat, b: Mat): number[][] => transposeMat(transposeMat(b).map((col) => cholSolve(L, col)));

export const logDetChol = (L: Mat): number => 2 * L.reduce((s, r, i) => s + Math.log(r[i]!), 0);

/** The largest absolute entry (a scale for tolerances). */
export const maxAbs = (xs: Iterable<number>): number => { let m = 0; for (const x of xs) m = Math.max(m, Math.abs(x)); return m; };
