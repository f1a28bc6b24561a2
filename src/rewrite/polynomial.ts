/**
 * Exact polynomial arithmetic over opaque atoms, for the `algebra` rule's
 * common case: both sides are polynomials (sums, products, non-negative
 * integer powers, rational numbers) in whatever atoms they contain.
 *
 * Owns: expansion to a canonical form with exact rational coefficients. Two
 * sides with equal canonical forms are equal for every value of the atoms, so
 * the answer is decisive without loading nerdamer (which costs ~0.1 s to load
 * and far more per call). Must not: guess; anything that is not a polynomial
 * (division by an expression, a fractional power) is left to nerdamer.
 */
import type { Expr } from '../expr/model.js';
import { key } from './keys.js';

/** A rational number as a pair of BigInts, denominator positive, in lowest terms. */
type Rat = readonly [bigint, bigint];
/** Monomial key ("atomKey^e·atomKey^e", atoms sorted) → coefficient. */
type Poly = Map<string, Rat>;

/** Expansion stops being worth it (and nerdamer is asked instead) past this many terms. */
const MAX_TERMS = 2000;
const MAX_EXPONENT = 32;
/** Term pairs one comparison may multiply, and the size of a coefficient: the work is counted so
 *  that no input (a wide sum to the 16th, a product of huge powers) can make one call run long. */
const MAX_PAIRS = 2_000;
const MAX_COEFFICIENT = 1n << 4096n;

const gcd = (a: bigint, b: bigint): bigint => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; };
function rat(p: bigint, q: bigint): Rat {
  if (q < 0n) { p = -p; q = -q; }
  if (p > MAX_COEFFICIENT || -p > MAX_COEFFICIENT || q > MAX_COEFFICIENT) throw new NotPolynomial();
  const g = gcd(p, q) || 1n;
  return [p / g, q / g];
}
const addRat = (a: Rat, b: Rat): Rat => rat(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
const mulRat = (a: Rat, b: Rat): Rat => rat(a[0] * b[0], a[1] * b[1]);

/** p/q for a double with a small denominator (1e-12 relative), else null. */
export function toRat(x: number): Rat | null {
  if (!Number.isFinite(x)) return null;
  for (let q = 1; q <= 10000; q++) {
    const p = Math.round(x * q);
    if (Math.abs(p / q - x) <= 1e-12 * Math.max(1, Math.abs(x)) && Number.isSafeInteger(p)) return rat(BigInt(p), BigInt(q));
  }
  return null;
}

class NotPolynomial extends Error {}

function monomialProduct(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const powers = new Map<string, number>();
  for (const part of [...a.split('·'), ...b.split('·')]) {
    const at = part.lastIndexOf('^');
    powers.set(part.slice(0, at), (powers.get(part.slice(0, at)) ?? 0) + Number(part.slice(at + 1)));
  }
  return [...powers].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, e]) => `${k}^${e}`).join('·');
}

/** Adds c·m into `out` (which the caller owns), keeping its size within bounds. */
function addTerm(out: Map<string, Rat>, m: string, c: Rat): void {
  const s = out.has(m) ? addRat(out.get(m)!, c) : c;
  if (s[0] === 0n) out.delete(m); else out.set(m, s);
  if (out.size > MAX_TERMS) throw new NotPolynomial();
}

function plus(a: Poly, b: Poly): Poly {
  const out = new Map(a);
  for (const [m, c] of b) addTerm(out, m, c);
  return out;
}

function sumOf(parts: readonly Poly[]): Poly {
  const out = new Map<string, Rat>();
  for (const p of parts) for (const [m, c] of p) addTerm(out, m, c);
  return out;
}

/** Term pairs still allowed in one comparison (owned by one `polynomialsEqual` call). */
interface Budget { pairs: number }

function times(a: Poly, b: Poly, budget: Budget): Poly {
  budget.pairs -= a.size * b.size;
  if (budget.pairs < 0) throw new NotPolynomial();
  const out = new Map<string, Rat>();
  for (const [ma, ca] of a) for (const [mb, cb] of b) addTerm(out, monomialProduct(ma, mb), mulRat(ca, cb));
  return out;
}

function expand(e: Expr, depth: number, budget: Budget): Poly {
  if (depth > 200) throw new NotPolynomial();
  switch (e.kind) {
    case 'num': {
      const r = toRat(e.value);
      if (!r) throw new NotPolynomial();
      return r[0] === 0n ? new Map() : new Map([['', r]]);
    }
    case 'add': return sumOf(e.terms.map((t) => expand(t, depth + 1, budget)));
    case 'mul': return e.factors.reduce((s, f) => times(s, expand(f, depth + 1, budget), budget), new Map([['', rat(1n, 1n)]]) as Poly);
    case 'pow': {
      if (e.base.kind === 'num' && e.exp.kind === 'num' && Number.isInteger(e.exp.value) && Math.abs(e.exp.value) <= MAX_EXPONENT) {
        const r = toRat(e.base.value);
        if (!r || r[0] === 0n) throw new NotPolynomial();
        const [p, q] = e.exp.value >= 0 ? r : [r[1], r[0]];
        const n = BigInt(Math.abs(e.exp.value));
        return new Map([['', rat(p ** n, q ** n)]]);
      }
      if (e.exp.kind === 'num' && Number.isInteger(e.exp.value) && e.exp.value >= 0 && e.exp.value <= MAX_EXPONENT) {
        const base = expand(e.base, depth + 1, budget);
        let out: Poly = new Map([['', rat(1n, 1n)]]);
        for (let k = 0; k < e.exp.value; k++) out = times(out, base, budget);
        return out;
      }
      if (e.exp.kind === 'num' && Number.isInteger(e.exp.value)) throw new NotPolynomial();   // a rational function
      return atomPoly(e);
    }
    case 'deriv': throw new NotPolynomial();
    default: return atomPoly(e);
  }
}

/** An atom: its α-invariant key names it (the separators cannot occur in a key's own text safely, so they are escaped). */
const atomPoly = (e: Expr): Poly => new Map([[`[${key(e).replace(/[·^]/g, (c) => (c === '·' ? '\\cdot' : '\\pow'))}]^1`, rat(1n, 1n)]]);

/**
 * `true` when a and b are equal polynomials in their atoms, `false` when both are polynomials
 * and differ (as polynomials in independent atoms: related atoms are nerdamer's business, and
 * `false` only means "not this way"), `null` when either is not a polynomial.
 */
export function polynomialsEqual(a: Expr, b: Expr): boolean | null {
  try {
    const budget: Budget = { pairs: MAX_PAIRS };
    const d = plus(expand(a, 0, budget), times(new Map([['', rat(-1n, 1n)]]), expand(b, 0, budget), budget));
    return d.size === 0;
  } catch (e) {
    if (e instanceof NotPolynomial) return null;
    throw e;
  }
}
