/**
 * What a sampled number looks like. A run goes through three stages: small
 * integers first, then simple fractions, then wide magnitudes (10^-6 … 10^6,
 * both signs where the constraint allows), so the first counterexample found —
 * and the one shrinking ends on — is as simple as the step allows, while a claim
 * that only fails for large or tiny values (`x^2 \le 50x`) still fails.
 *
 * Every drawn value is a rational with a short reading (denominator at most
 * 10^6), so the exact re-check reads the very value the doubles saw.
 *
 * Owns: the raw draws (shrinkable fast-check arbitraries and their keyed-hash
 * twins), shaping a draw onto a constraint, and count ranges. Must not: know
 * about expressions or worlds (world.ts reads values through these functions).
 */
import fc from 'fast-check';
import type { Constraint } from './analysis.js';
import { continueHash, hashKey, uniformInt, uniformIntOf } from './prng.js';

/** 0: small integers; 1: and simple fractions; 2: and wide magnitudes. */
export type Stage = 0 | 1 | 2;
export const STAGES: readonly Stage[] = [0, 1, 2];

/** [style, a, b, e]: style 0 is the integer a, 1 the fraction a/b, 2 the wide number a·10^e. */
export type RawScalar = readonly [number, number, number, number];

const SMALL = 6;
const NUMERATOR = 12;
const DENOMINATOR = 12;
const MANTISSA = 99;
const [MIN_EXP, MAX_EXP] = [-6, 4];

const smallArb = fc.integer({ min: -SMALL, max: SMALL }).map((a): RawScalar => [0, a, 1, 0]);
const fractionArb = fc.tuple(fc.integer({ min: -NUMERATOR, max: NUMERATOR }), fc.integer({ min: 2, max: DENOMINATOR }))
  .map(([a, b]): RawScalar => [1, a, b, 0]);
const wideArb = fc.tuple(fc.integer({ min: -MANTISSA, max: MANTISSA }), fc.integer({ min: MIN_EXP, max: MAX_EXP }))
  .map(([a, e]): RawScalar => [2, a, 1, e]);

const RAW_ARBS: Readonly<Record<Stage, fc.Arbitrary<RawScalar>>> = {
  0: smallArb,
  1: fc.oneof({ arbitrary: smallArb, weight: 1 }, { arbitrary: fractionArb, weight: 3 }),
  2: fc.oneof({ arbitrary: smallArb, weight: 1 }, { arbitrary: fractionArb, weight: 1 }, { arbitrary: wideArb, weight: 3 }),
};

/** The shrinkable draw of one scalar at a stage. */
export const rawScalarArb = (stage: Stage): fc.Arbitrary<RawScalar> => RAW_ARBS[stage];

/** The same kind of draw from a keyed hash (family members past the pool, matrix entries). */
export function rawFromHash(seed: number, key: string, stage: Stage): RawScalar {
  return rawFromKeyHash(hashKey(seed, key), stage);
}

/** The same from the key's hash (prng.ts): each part hashes `key#s`, `key#a`, … from it. */
export function rawFromKeyHash(h: number, stage: Stage): RawScalar {
  const int = (part: string, lo: number, hi: number) => uniformIntOf(continueHash(h, part), lo, hi);
  const pick = int('#s', 0, 4);
  const style = stage === 0 ? 0 : stage === 1 ? (pick === 0 ? 0 : 1) : pick === 0 ? 0 : pick === 1 ? 1 : 2;
  const a = style === 0 ? int('#a', -SMALL, SMALL)
    : style === 1 ? int('#a', -NUMERATOR, NUMERATOR) : int('#a', -MANTISSA, MANTISSA);
  return [style, a, int('#b', 2, DENOMINATOR), int('#e', MIN_EXP, MAX_EXP)];
}

/** a·10^e, computed so that the double is the correctly rounded rational. */
const scaled = (a: number, e: number): number => (e >= 0 ? a * 10 ** e : a / 10 ** -e);

/** The value of a draw with no constraint. */
function plain([style, a, b, e]: RawScalar): number {
  return style === 0 ? a : style === 1 ? a / b : scaled(a, e);
}

/** A non-negative distance from a bound (0 only for small integers). */
function magnitude([style, a, b, e]: RawScalar): number {
  const m = Math.abs(a);
  return style === 0 ? m : style === 1 ? (m + 1) / b : scaled(Math.max(1, m), e);
}

/** A point of [0, 1]: quarters, fractions, or within 10^-6 … 10^-1 of either end. */
function fraction([style, a, b, e]: RawScalar): number {
  const m = Math.abs(a);
  if (style === 0) return (m % 5) / 4;
  if (style === 1) return ((m % (b - 1)) + 1) / b;
  const t = (1 + (m % 9)) / 10 ** (1 + ((e - MIN_EXP) % 6));
  return m % 2 === 0 ? t : 1 - t;
}

/** Lowest and highest allowed integer (±∞ when unbounded), honouring strictness. */
function integerBounds(c: Constraint): [number, number] {
  const lo = c.lower === undefined ? -Infinity : c.strictLower ? Math.floor(c.lower) + 1 : Math.ceil(c.lower);
  const hi = c.upper === undefined ? Infinity : c.strictUpper ? Math.ceil(c.upper) - 1 : Math.floor(c.upper);
  return [lo, hi];
}

/** lo + offset, wrapped back into [lo, hi]. */
const within = (lo: number, hi: number, offset: number): number => (lo + offset <= hi ? lo + offset : lo + (offset % (hi - lo + 1)));

function integerRaw(c: Constraint, raw: RawScalar): number {
  const [style, a, b, e] = raw;
  const [lo, hi] = integerBounds(c);
  if (hi < lo) return NaN;
  const m = Math.abs(a);
  const offset = style === 0 ? m : style === 1 ? (m * b) % 100 : Math.max(1, m) * 10 ** Math.max(0, e);
  if (lo === -Infinity && hi === Infinity) return a < 0 ? -offset : offset;
  return lo !== -Infinity ? within(lo, hi, offset) : -within(-hi, -lo, offset);
}

export const inside = (c: Constraint, v: number): boolean =>
  (c.lower === undefined || (c.strictLower ? v > c.lower : v >= c.lower)) &&
  (c.upper === undefined || (c.strictUpper ? v < c.upper : v <= c.upper));

/** Maps a raw draw onto the constraint; NaN only when the constraint admits nothing. */
export function shapeScalar(c: Constraint, raw: RawScalar): number {
  const v = shapeRaw(c, raw);
  if (Number.isNaN(v) || inside(c, v)) return v;
  // A draw that rounding pushed onto an open end (lower + 10^-6 on a large bound): a plain interior point.
  if (c.lower !== undefined && c.upper !== undefined) return (c.lower + c.upper) / 2;
  return c.lower !== undefined ? c.lower + 1 : c.upper! - 1;
}

function shapeRaw(c: Constraint, raw: RawScalar): number {
  if (c.choices && c.choices.length > 0) return c.choices[Math.abs(raw[1]) % c.choices.length]!;
  if (c.integer) return integerRaw(c, raw);
  const { lower, upper } = c;
  if (lower !== undefined && upper !== undefined) {
    const w = upper - lower;
    if (!(w > 0)) return w === 0 && !c.strictLower && !c.strictUpper ? lower : NaN;
    let frac = fraction(raw);
    if ((frac === 0 && c.strictLower) || (frac === 1 && c.strictUpper)) frac = 0.5;
    return lower + w * frac;
  }
  const offset = (strict: boolean | undefined) => {
    const o = magnitude(raw);
    return o === 0 && strict ? 1 : o;
  };
  if (lower !== undefined) return lower + offset(c.strictLower);
  if (upper !== undefined) return upper - offset(c.strictUpper);
  return plain(raw);
}

// ---------------------------------------------------------------- counts

/**
 * What a count does in its step: `value` (used only as a number: it reaches 10^6 at the last
 * stage), `bound` (the one count bounding sums: up to a couple of dozen) or `bounds` (one of
 * several counts bounding sums, which nest and multiply: kept small).
 */
export type CountUse = 'value' | 'bound' | 'bounds';

/** How far above its lowest value a count goes, per use and stage. */
const SPAN: Readonly<Record<CountUse, Readonly<Record<Stage, number>>>> = {
  value: { 0: 9, 1: 99, 2: 99 },
  bound: { 0: 3, 1: 9, 2: 23 },
  bounds: { 0: 3, 1: 4, 2: 6 },
};

/** Lowest and highest value of a count (a positive integer); the highest may be ∞. */
export function countRange(c: Constraint): [number, number] {
  const lo = Math.max(1, c.lower === undefined ? 1 : c.strictLower ? Math.floor(c.lower) + 1 : Math.ceil(c.lower));
  const hi = c.upper === undefined ? Infinity : c.strictUpper ? Math.ceil(c.upper) - 1 : Math.floor(c.upper);
  return [lo, Math.max(lo, hi)];
}

/** A count's draw at a stage, shrinking toward its lowest value. */
export function countArb(c: Constraint, use: CountUse, stage: Stage): fc.Arbitrary<number> {
  const [lo, hi] = countRange(c);
  const near = fc.integer({ min: lo, max: Math.min(hi, lo + SPAN[use][stage]) });
  if (use !== 'value' || stage < 2) return near;
  const far = fc.tuple(fc.integer({ min: 1, max: MANTISSA }), fc.integer({ min: 1, max: MAX_EXP }))
    .map(([m, e]) => within(lo, hi, m * 10 ** e));
  return fc.oneof({ arbitrary: near, weight: 1 }, { arbitrary: far, weight: 1 });
}

/** The same draw from a keyed hash (counts of family members past the pool). */
export function countFromHash(c: Constraint, use: CountUse, stage: Stage, seed: number, key: string): number {
  const [lo, hi] = countRange(c);
  if (use === 'value' && stage === 2 && uniformInt(seed, key + '#far', 0, 1) === 1) {
    return within(lo, hi, uniformInt(seed, key + '#m', 1, MANTISSA) * 10 ** uniformInt(seed, key + '#e', 1, MAX_EXP));
  }
  return uniformInt(seed, key, lo, Math.min(hi, lo + SPAN[use][stage]));
}
