/**
 * Exact rationals over BigInt, and the reading of an expression's number (a JS double) as one.
 *
 * Owns: normalised rationals (lowest terms, denominator > 0) and `fromNumber`. Must not:
 * approximate. A double that is not read exactly is refused (null), never rounded to
 * something nearby.
 */

/** n/d in lowest terms, d > 0. */
export interface Rat { readonly n: bigint; readonly d: bigint }

const abs = (a: bigint): bigint => (a < 0n ? -a : a);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a); b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rat(n: bigint, d: bigint = 1n): Rat {
  if (d === 0n) throw new RangeError('a rational with denominator 0');
  if (d < 0n) { n = -n; d = -d; }
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO = rat(0n);
export const ONE = rat(1n);

export const isZero = (a: Rat): boolean => a.n === 0n;
export const equals = (a: Rat, b: Rat): boolean => a.n === b.n && a.d === b.d;
export const sign = (a: Rat): number => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0);
export const neg = (a: Rat): Rat => ({ n: -a.n, d: a.d });
export const add = (a: Rat, b: Rat): Rat =>
  (a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d));
export const mul = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);
/** a / b; throws RangeError when b is 0. */
export const div = (a: Rat, b: Rat): Rat => rat(a.n * b.d, a.d * b.n);
/** a^k for an integer k (BigInt exponent: callers bound k before asking). */
export function pow(a: Rat, k: bigint): Rat {
  return k >= 0n ? rat(a.n ** k, a.d ** k) : rat(a.d ** -k, a.n ** -k);
}
export const isInteger = (a: Rat): boolean => a.d === 1n;

/** Denominators above this are never read from a double (six decimal places, or 1/999999). */
const MAX_DENOMINATOR = 1_000_000;

/**
 * The rational a double stands for, or null.
 *
 * Numbers reach the tree from LaTeX literals (`3`, `0.5`, `2.25`) and from folding (`1/3` →
 * 0.3333333333333333, `\sqrt[3]{}` → exponent 1/3, constants multiplied by the normaliser), so
 * a double is the value of some intended rational after a few correctly rounded operations.
 * Accepted:
 *  - integers up to 2^53 in magnitude, exactly (beyond that a double is itself a rounding);
 *  - otherwise p/q with q ≤ S(x), when |x − p/q| ≤ |x|·2^-48 (about 16 units in the last place:
 *    the error of a short chain of roundings). S(x) ≤ 10^6 is chosen with S² < 2^47/|x|, so two
 *    distinct fractions with denominators ≤ S lie more than twice that tolerance apart: at most
 *    one can be meant, and it is not a guess. By Legendre's theorem such a p/q is a convergent
 *    of x's continued fraction, so scanning the convergents finds it.
 * Refused: a literal with more than six decimal places (0.1234567), a non-integer whose
 * magnitude leaves no room for a fraction (S(x) < 2), non-finite values.
 */
export function fromNumber(x: number): Rat | null {
  if (!Number.isFinite(x)) return null;
  if (Number.isInteger(x)) return Number.isSafeInteger(x) ? rat(BigInt(x)) : null;
  const limit = BigInt(Math.min(MAX_DENOMINATOR, Math.floor(Math.sqrt(2 ** 47 / Math.abs(x))) - 1));
  // |x| exactly, as p / 2^k (doubling a double never rounds)
  let scaled = Math.abs(x), k = 0n;
  while (!Number.isInteger(scaled)) { scaled *= 2; k++; }
  const p = BigInt(scaled), q = 1n << k;
  let [num, den] = [p, q];
  let [h0, h1, k0, k1] = [0n, 1n, 1n, 0n];   // convergents h/k, two back and one back
  while (den !== 0n) {
    const a = num / den;
    [num, den] = [den, num - a * den];
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > limit) return null;
    if (abs(p * k1 - h1 * q) * 2n ** 48n <= p * k1) return rat(x < 0 ? -h1 : h1, k1);
  }
  return null;
}
