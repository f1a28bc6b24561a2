/**
 * The `algebra` rule: scalar rational-function identities, derivatives and the
 * minimiser of a scalar quadratic, delegated to nerdamer (loaded lazily on first
 * use: start-up time matters).
 *
 * Owns: translating an expression's algebraic skeleton to nerdamer, and the
 * checks built on it. Must not: trust nerdamer beyond rational functions.
 * Everything that is not +, ·, integer powers, numbers and symbols becomes an
 * opaque atom (one atom per α-equivalence class, by key), so `\log a` is never
 * handed to nerdamer (its simplify gets log identities wrong). Every identity
 * nerdamer accepts is also spot-checked by exact-enough evaluation at random
 * points before it counts.
 */
import { createRequire } from 'node:module';
import { type Expr } from '../expr/model.js';
import { key } from './keys.js';
import { polynomialsEqual, toRat } from './polynomial.js';
import { freeVars } from '../expr/subst.js';

interface NerdamerExpr { toString(): string; evaluate(): NerdamerExpr; text(format: string): string; sub(v: string, e: string): NerdamerExpr }
interface Nerdamer {
  (expr: string, subs?: Record<string, string>): NerdamerExpr;
}

let cached: Nerdamer | null = null;
function nerdamer(): Nerdamer {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = require('nerdamer') as Nerdamer;
    require('nerdamer/Algebra');
    require('nerdamer/Calculus');
  }
  return cached;
}

/** Input longer than this, or with more atoms, is not sent to nerdamer (its time grows
 *  fast with size and a call cannot be interrupted: ~200 atoms took seconds). */
const MAX_SKELETON = 600;
const MAX_ATOMS = 24;
/** nerdamer's big integers and expansions cannot be interrupted: `(x+10^{800})^2` took 26 s, and
 *  its simplify factors integer coefficients by trial division (a 16-digit one took 1 s, an 18-digit
 *  one 14 s). Past these bounds on the expanded form (counted from the expression, not timed) the
 *  identity is simply not shown by algebra. */
const MAX_COEFFICIENT_DIGITS = 14;
const MAX_EXPANDED_TERMS = 400;
const SPOT_CHECKS = 4;

interface Skeleton { readonly atoms: Map<string, { name: string; expr: Expr }> }

/** nerdamer text for `e`, or null when it contains something algebra must not touch (a derivative through an opaque atom). */
function toText(e: Expr, sk: Skeleton): string | null {
  switch (e.kind) {
    case 'num': return Number.isInteger(e.value) ? `(${e.value})` : `(${fraction(e.value)})`;
    case 'add': return joinAll(e.terms, '+', sk);
    case 'mul': return joinAll(e.factors, '*', sk);
    case 'pow':
      if (e.exp.kind === 'num' && Number.isInteger(e.exp.value)) {
        const b = toText(e.base, sk);
        return b === null ? null : `(${b})^(${e.exp.value})`;
      }
      return atom(e, sk);
    case 'deriv': {
      if (e.wrt.kind !== 'sym' || e.wrt.index.length || e.wrt.upper.length) return null;
      const v = atom(e.wrt, sk);
      const body = toText(e.body, sk);
      if (body === null) return null;
      // an opaque atom that depends on the variable would be differentiated as a constant
      for (const { expr } of sk.atoms.values()) if (expr !== e.wrt && key(expr) !== key(e.wrt) && freeVars(expr).has(e.wrt.name)) return null;
      return `diff(${body},${v})`;
    }
    default: return atom(e, sk);
  }
}

function joinAll(parts: readonly Expr[], op: string, sk: Skeleton): string | null {
  const texts = parts.map((p) => toText(p, sk));
  return texts.some((t) => t === null) ? null : `(${texts.join(op)})`;
}

function atom(e: Expr, sk: Skeleton): string {
  const k = key(e);
  let a = sk.atoms.get(k);
  if (!a) { a = { name: `v${sk.atoms.size}`, expr: e }; sk.atoms.set(k, a); }
  return a.name;
}

/** Upper bounds on what expanding `e` can produce: monomials and digits per coefficient
 *  (opaque atoms count as one monomial without digits). Saturates instead of overflowing. */
function expansionBound(e: Expr): { terms: number; digits: number } {
  switch (e.kind) {
    case 'num': return { terms: 1, digits: digitsOf(e.value) };
    case 'add': case 'mul': {
      const parts = (e.kind === 'add' ? e.terms : e.factors).map(expansionBound);
      return e.kind === 'add'
        ? { terms: sum(parts.map((p) => p.terms)), digits: parts.reduce((m, p) => Math.max(m, p.digits), 0) + Math.log10(parts.length) }
        : { terms: product(parts.map((p) => p.terms)), digits: sum(parts.map((p) => p.digits)) };
    }
    case 'pow': {
      if (e.exp.kind !== 'num' || !Number.isInteger(e.exp.value)) return { terms: 1, digits: 0 };
      const base = expansionBound(e.base);
      const n = Math.abs(e.exp.value);
      // multinomial coefficients of (t terms)^n stay below t^n
      return { terms: base.terms ** n, digits: n * (base.digits + Math.log10(Math.max(1, base.terms))) };
    }
    case 'deriv': return expansionBound(e.body);
    default: return { terms: 1, digits: 0 };
  }
}
/** Digits of the integers nerdamer makes of `v` (numerator and denominator together). */
function digitsOf(v: number): number {
  if (!Number.isFinite(v)) return Infinity;
  const a = Math.abs(v);
  if (Number.isInteger(a)) return a < 10 ? 1 : Math.floor(Math.log10(a)) + 1;
  const r = toRat(a);
  if (r) return digitsOf(Number(r[0])) + digitsOf(Number(r[1]));
  // a decimal such as 3.14159 or 1e-7 is read exactly: its significant digits over a power of ten
  const [mantissa = '', exponent = '0'] = String(a).split('e');
  const [whole = '', decimals = ''] = mantissa.split('.');
  const shift = decimals.length - Number(exponent);
  return (whole + decimals).replace(/^0+/, '').length + Math.max(0, -shift) + Math.max(0, shift) + 1;
}
const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
const product = (xs: readonly number[]): number => xs.reduce((s, x) => s * x, 1);

/** Can nerdamer be handed `e` without risking a call that runs for seconds? */
export function affordable(e: Expr): boolean {
  const { terms, digits } = expansionBound(e);
  return terms <= MAX_EXPANDED_TERMS && digits <= MAX_COEFFICIENT_DIGITS;
}

/** p/q for a float with a small denominator; the decimal itself otherwise. */
function fraction(x: number): string {
  const r = toRat(x);
  return r ? `${r[0]}/${r[1]}` : String(x);
}

function simplifiesToZero(text: string): boolean {
  if (text.length > MAX_SKELETON) return false;
  try {
    return nerdamer()(`simplify(${text})`).toString() === '0' || nerdamer()(`expand(${text})`).toString() === '0';
  } catch {
    return false;
  }
}

/** Evaluates a derivative-free skeleton with the atoms at given values; NaN when undefined. */
function evaluate(e: Expr, values: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'num': return e.value;
    case 'add': return e.terms.reduce((s, t) => s + evaluate(t, values), 0);
    case 'mul': return e.factors.reduce((s, t) => s * evaluate(t, values), 1);
    case 'pow':
      if (e.exp.kind === 'num' && Number.isInteger(e.exp.value)) return evaluate(e.base, values) ** e.exp.value;
      return values.get(key(e)) ?? NaN;
    default: return values.get(key(e)) ?? NaN;
  }
}

const hasDeriv = (e: Expr): boolean => e.kind === 'deriv' || (e.kind !== 'sym' && childrenOf(e).some(hasDeriv));
const childrenOf = (e: Expr): readonly Expr[] =>
  e.kind === 'add' ? e.terms : e.kind === 'mul' ? e.factors : e.kind === 'pow' ? [e.base, e.exp] : [];

/** Do a and b agree at a few pseudo-random points (deterministic: seeded by the atoms' order)? */
function spotCheck(a: Expr, b: Expr, sk: Skeleton): boolean {
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let n = 0; n < SPOT_CHECKS; n++) {
    const values = new Map<string, number>();
    for (const k of sk.atoms.keys()) values.set(k, 0.3 + 2 * rand());
    const va = evaluate(a, values), vb = evaluate(b, values);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (Math.abs(va - vb) > 1e-9 * Math.max(1, Math.abs(va), Math.abs(vb))) return false;
  }
  return true;
}

/** True when a and b are equal as rational functions of their atoms (derivatives allowed). */
export function algebraEqual(a: Expr, b: Expr): boolean {
  if (key(a) === key(b)) return true;
  // Polynomials in opaque atoms are decided exactly here; only rational functions and
  // derivatives need nerdamer.
  const polynomial = polynomialsEqual(a, b);
  if (polynomial !== null) return polynomial;
  const sk: Skeleton = { atoms: new Map() };
  const ta = toText(a, sk), tb = toText(b, sk);
  if (ta === null || tb === null) return false;
  if (ta === tb) return true;
  if (sk.atoms.size > MAX_ATOMS || !affordable(a) || !affordable(b)) return false;
  const derivatives = hasDeriv(a) || hasDeriv(b);
  // numbers first: most candidate pairs differ, and evaluating is far cheaper than nerdamer
  if (!derivatives && !spotCheck(a, b, sk)) return false;
  return simplifiesToZero(`(${ta})-(${tb})`);
}

/**
 * `\arg\min_v body = value` (or argmax) for a scalar quadratic body: the
 * stationarity equation holds at `value`, and the second derivative is a
 * positive (negative for argmax) constant — the convexity argument.
 */
export function quadraticOptimum(body: Expr, v: string, value: Expr, op: 'argmin' | 'argmax'): boolean {
  if (freeVars(value).has(v) || !affordable(body) || !affordable(value)) return false;
  const sk: Skeleton = { atoms: new Map() };
  const tb = toText(body, sk);
  const tv = toText(value, sk);
  if (tb === null || tv === null) return false;
  const varAtom = [...sk.atoms.values()].find((a) => a.expr.kind === 'sym' && a.expr.name === v && a.expr.index.length === 0);
  if (!varAtom) return false;
  // every other atom must be constant in v
  for (const a of sk.atoms.values()) if (a !== varAtom && freeVars(a.expr).has(v)) return false;
  try {
    const n = nerdamer();
    const second = n(`diff(diff(${tb},${varAtom.name}),${varAtom.name})`);
    const curvature = Number(second.evaluate().text('decimals'));
    if (!Number.isFinite(curvature) || (op === 'argmin' ? curvature <= 0 : curvature >= 0)) return false;
    if (n(`diff(${second.toString()},${varAtom.name})`).toString() !== '0') return false;   // quadratic
    // differentiate first, then substitute (nerdamer(expr, subs) would substitute before differentiating)
    const slope = n(n(`diff(${tb},${varAtom.name})`).toString()).sub(varAtom.name, tv);
    return n(`simplify(${slope.toString()})`).toString() === '0';
  } catch {
    return false;
  }
}
