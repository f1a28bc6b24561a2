/**
 * Deterministic pseudo-randomness keyed by strings, for the parts of a world
 * that are not drawn by fast-check (family members past the shrinkable pool,
 * distribution weights of other instances, random functions' coefficients).
 *
 * Owns: hashing a (seed, key) pair to uniform numbers. Must not: keep state —
 * the same (seed, key) always gives the same number, whatever was asked before,
 * so that two evaluations of one world see one world.
 */

/** FNV-1a over the key, mixed with the seed; a 32-bit unsigned integer. */
export function hashKey(seed: number, key: string): number {
  return continueHash((0x811c9dc5 ^ (seed | 0)) >>> 0, key);
}

/** hashKey(seed, key + suffix) from h = hashKey(seed, key): the hash reads the key left to right,
 *  so many keys sharing a prefix (a matrix's entries) hash the prefix once. */
export function continueHash(h: number, suffix: string): number {
  for (let i = 0; i < suffix.length; i++) {
    h ^= suffix.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32's output function: a well-mixed uniform number in [0, 1). */
function mix(a: number): number {
  let t = (a + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A uniform number in [0, 1) determined by seed and key. */
export const uniform = (seed: number, key: string): number => mix(hashKey(seed, key));

/** A uniform integer in [lo, hi] determined by seed and key. */
export const uniformInt = (seed: number, key: string, lo: number, hi: number): number => uniformIntOf(hashKey(seed, key), lo, hi);

/** The same from the key's hash. */
export const uniformIntOf = (h: number, lo: number, hi: number): number => lo + Math.floor(mix(h) * (hi - lo + 1));
