/**
 * Small dense linear algebra for the simulation tests (matrices of a few rows): products,
 * Cholesky, log-determinant, inverse, trace. Plain arrays in, fresh arrays out; no
 * mutation of arguments. Sizes are trusted (tests build their own matrices).
 */

export type Vec = readonly number[];
export type Mat = readonly Vec[];

export const zeros = (n: number): number[] => new Array<number>(n).fill(0);

export const identity = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

export const dot = (a: Vec, b: Vec): number => a.reduce((acc, v, i) => acc + v * b[i]!, 0);

export const addVec = (a: Vec, b: Vec): number[] => a.map((v, i) => v + b[i]!);
export const subVec = (a: Vec, b: Vec): number[] => a.map((v, i) => v - b[i]!);
export const scaleVec = (c: number, a: Vec): number[] => a.map((v) => c * v);
export const normSq = (a: Vec): number => dot(a, a);

export const addMat = (a: Mat, b: Mat): number[][] => a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
export const subMat = (a: Mat, b: Mat): number[][] => a.map((row, i) => row.map((v, j) => v - b[i]![j]!));
export const scaleMat = (c: number, a: Mat): number[][] => a.map((row) => row.map((v) => c * v));
export const transpose = (a: Mat): number[][] => a[0]!.map((_, j) => a.map((row) => row[j]!));
export const outer = (a: Vec, b: Vec): number[][] => a.map((x) => b.map((y) => x * y));
export const matVec = (a: Mat, x: Vec): number[] => a.map((row) => dot(row, x));
export const matMul = (a: Mat, b: Mat): number[][] => {
  const bt = transpose(b);
  return a.map((row) => bt.map((col) => dot(row, col)));
};
export const trace = (a: Mat): number => a.reduce((acc, row, i) => acc + row[i]!, 0);
export const maxAbs = (a: Mat): number => Math.max(...a.map((row) => Math.max(...row.map(Math.abs))));

/** Lower-triangular L with L Lᵀ = A, for symmetric positive definite A. */
export function cholesky(a: Mat): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => zeros(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('cholesky: matrix is not positive definite');
        l[i]![i] = Math.sqrt(s);
      } else {
        l[i]![j] = s / l[j]![j]!;
      }
    }
  }
  return l;
}

export const logDet = (a: Mat): number => 2 * cholesky(a).reduce((acc, row, i) => acc + Math.log(row[i]!), 0);

/** A⁻¹ for symmetric positive definite A, column by column through its Cholesky factor. */
export function inverse(a: Mat): number[][] {
  const l = cholesky(a);
  const n = a.length;
  const solve = (b: Vec): number[] => {
    const y = zeros(n);
    for (let i = 0; i < n; i++) {
      let s = b[i]!;
      for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
      y[i] = s / l[i]![i]!;
    }
    const x = zeros(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
      x[i] = s / l[i]![i]!;
    }
    return x;
  };
  return transpose(identity(n).map(solve));
}

/** A random symmetric positive definite matrix B Bᵀ + floor·I. */
export function randomSpd(normal: () => number, n: number, floor = 0.3): number[][] {
  const b = Array.from({ length: n }, () => Array.from({ length: n }, normal));
  return addMat(matMul(b, transpose(b)), scaleMat(floor, identity(n)));
}

export function randomSymmetric(normal: () => number, n: number): number[][] {
  const b = Array.from({ length: n }, () => Array.from({ length: n }, normal));
  return scaleMat(0.5, addMat(b, transpose(b)));
}
