/**
 * Sparse multivariate polynomials with exact rational coefficients over numbered atoms.
 *
 * Owns: the canonical form and its arithmetic. A monomial is its own map key: the exponent of
 * atom i sits in bits 7i…7i+6 of an integer, a JS number while every atom is below 7 (49 bits,
 * exact) and a BigInt otherwise, so each monomial has exactly one key and multiplying two
 * monomials is adding two keys. That is carry-free because a monomial's total degree, hence each
 * exponent, never exceeds the degree budget, capped at 127. A polynomial is canonical once zero
 * coefficients are dropped. Must not: know what an atom stands for (rational-function.ts numbers
 * them), or run unmetered: every term operation, coefficient size and degree is charged to the
 * caller's Meter, which throws when a budget runs out.
 */
import * as Q from './rational.js';
import type { Meter } from './budget.js';

export type Monomial = number | bigint;
/** Monomial → nonzero coefficient. */
export type Poly = ReadonlyMap<Monomial, Q.Rat>;

const BITS = 7;
/** Exponents live in 7 bits; the degree budget is capped here so that no sum of keys carries. */
export const MAX_EXPONENT = 127;
const NUMBER_ATOMS = 7;

const shift = (id: number): Monomial => (id < NUMBER_ATOMS ? 2 ** (BITS * id) : 1n << BigInt(BITS * id));
const times = (a: Monomial, b: Monomial): Monomial =>
  (typeof a === 'number' && typeof b === 'number' ? a + b : BigInt(a) + BigInt(b));
function exponentOf(m: Monomial, id: number): number {
  if (typeof m === 'number') return id < NUMBER_ATOMS ? Math.floor(m / 2 ** (BITS * id)) % 128 : 0;
  return Number((m >> BigInt(BITS * id)) & 127n);
}
function degreeOf(m: Monomial): number {
  let d = 0;
  if (typeof m === 'number') for (; m > 0; m = Math.floor(m / 128)) d += m % 128;
  else for (; m > 0n; m >>= 7n) d += Number(m & 127n);
  return d;
}

export const constant = (c: Q.Rat): Poly => (Q.isZero(c) ? new Map() : new Map([[0, c]]));
export const atom = (id: number): Poly => new Map([[shift(id), Q.ONE]]);
export const isZero = (p: Poly): boolean => p.size === 0;

/** The value of a polynomial without atoms, or null. */
export function constantValue(p: Poly): Q.Rat | null {
  if (p.size === 0) return Q.ZERO;
  return p.size === 1 ? p.get(0) ?? null : null;
}

/** Adds one term into `into`: one unit of work, plus the coefficient's size. */
function accumulate(into: Map<Monomial, Q.Rat>, mono: Monomial, coef: Q.Rat, meter: Meter): void {
  meter.charge(1);
  const old = into.get(mono);
  const c = old ? meter.coefficient(Q.add(old, coef)) : coef;
  if (Q.isZero(c)) into.delete(mono); else into.set(mono, c);
  meter.terms(into.size);
}

/** Σ parts, in time linear in their terms (a long sum is not copied once per term). */
export function sum(parts: readonly Poly[], meter: Meter): Poly {
  const out = new Map<Monomial, Q.Rat>();
  for (const p of parts) for (const [m, c] of p) accumulate(out, m, c, meter);
  return out;
}

export const add = (a: Poly, b: Poly, meter: Meter): Poly => sum([a, b], meter);

export function scale(p: Poly, c: Q.Rat, meter: Meter): Poly {
  const out = new Map<Monomial, Q.Rat>();
  if (!Q.isZero(c)) for (const [m, d] of p) { meter.charge(1); out.set(m, meter.coefficient(Q.mul(d, c))); }
  return out;
}

export const sub = (a: Poly, b: Poly, meter: Meter): Poly => add(a, scale(b, Q.neg(Q.ONE), meter), meter);

/** Total degree (a product's is the sum of its factors': no cancellation in an integral domain). */
export function degree(p: Poly, meter: Meter): number {
  let d = 0;
  for (const m of p.keys()) { meter.charge(1); d = Math.max(d, degreeOf(m)); }
  return d;
}

export function mul(a: Poly, b: Poly, meter: Meter): Poly {
  if (a.size && b.size) meter.degree(degree(a, meter) + degree(b, meter));   // checked first: keys then never carry
  const out = new Map<Monomial, Q.Rat>();
  for (const [ma, ca] of a) for (const [mb, cb] of b) accumulate(out, times(ma, mb), meter.coefficient(Q.mul(ca, cb)), meter);
  return out;
}

/** p^k for k ≥ 0. The size of the result is bounded before it is computed: a constant's bits
 *  grow k-fold (10^{10^6} is refused without being built), anything else by degree. */
export function pow(p: Poly, k: number, meter: Meter): Poly {
  const c = constantValue(p);
  if (c) {
    const n = c.n < 0n ? -c.n : c.n;
    const big = n > c.d ? n : c.d;
    if (big > 1n) meter.bits(k * big.toString(16).length * 4);
    return constant(meter.coefficient(Q.pow(c, BigInt(k))));
  }
  meter.degree(k * degree(p, meter));
  // multiplying by p again and again beats squaring for sparse p: (a+…+f)^8 costs 10k term
  // products this way, 16k by squaring (the last square alone is 126²)
  let out = p;
  for (let i = 1; i < k; i++) out = mul(out, p, meter);
  return k === 0 ? constant(Q.ONE) : out;
}

/** Highest exponent of atom `id` in p (0 when it does not occur). */
export function degreeIn(p: Poly, id: number): number {
  let d = 0;
  for (const m of p.keys()) d = Math.max(d, exponentOf(m, id));
  return d;
}

/** The coefficient of id^k in p, as a polynomial in the other atoms. */
export function coefficientOf(p: Poly, id: number, k: number): Poly {
  const out = new Map<Monomial, Q.Rat>();
  for (const [m, c] of p) {
    if (exponentOf(m, id) !== k) continue;
    if (k === 0) { out.set(m, c); continue; }
    const rest = typeof m === 'number' ? m - k * 2 ** (BITS * id) : m - BigInt(k) * BigInt(shift(id));
    // canonical: a key with no atom ≥ 7 left is a number
    out.set(typeof rest === 'bigint' && rest < 1n << BigInt(BITS * NUMBER_ATOMS) ? Number(rest) : rest, c);
  }
  return out;
}
