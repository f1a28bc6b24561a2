/**
 * Cheap canonical steps applied after every rewrite, by search and replay alike:
 * flatten + and ·, fold numeric constants, drop identities (0 in sums, 1 in
 * products), collect like terms (2a + 3a → 5a) and like powers (a·a → a²),
 * spread integer powers over products ((ab)⁻¹ → a⁻¹b⁻¹),
 * and sort the arguments of + and · by key.
 *
 * Owns: the canonical form only. Must not: apply named rules (those are data in
 * rules/) or anything whose truth depends on a side condition, except the
 * standard "where both sides are defined" reading (a·a⁻¹ → 1).
 * Part of the trusted replay path, so kept small. Recursion follows the tree,
 * whose depth the parser bounds.
 */
import { type Expr, add, children, mapChildren, mul, num, pow } from '../expr/model.js';
import { key } from './keys.js';

export function normalize(e: Expr): Expr {
  return normalizeNode(children(e).length ? mapChildren(e, normalize) : e);
}

/**
 * normalize(replaceAt(root, path, replacement)) for a root already in normal form:
 * only the replacement and its ancestors are re-normalised (the search's fast path;
 * replay uses the full normalize and would reject any difference).
 */
export function normalizeReplacing(root: Expr, path: readonly number[], replacement: Expr): Expr {
  if (path.length === 0) return normalize(replacement);
  let i = 0;
  const rebuilt = mapChildren(root, (c) => (i++ === path[0] ? normalizeReplacing(c, path.slice(1), replacement) : c));
  return normalizeNode(rebuilt);
}

/** One node's canonical step, its children being canonical already. */
function normalizeNode(inner: Expr): Expr {
  switch (inner.kind) {
    case 'add': return normalizeAdd(inner.terms);
    case 'mul': return normalizeMul(inner.factors);
    case 'pow': return normalizePow(inner.base, inner.exp);
    case 'bind': return wholeOutcomeSpace(inner);
    default: return inner;
  }
}

/**
 * `\sum_{x \in \mathcal X}` over a named set is the sum over all of x's outcomes, written
 * `\sum_x` (the numeric back-end reads both the same way); an explicit set {1,…,k} stays.
 */
function wholeOutcomeSpace(b: Extract<Expr, { kind: 'bind' }>): Expr {
  if (b.domain.kind !== 'set' || b.domain.set.kind !== 'sym' || !(b.op === 'sum' || b.op === 'prod' || b.op === 'E')) return b;
  return { ...b, domain: { kind: 'natural' } };
}

const byKey = (a: Expr, b: Expr): number => { const ka = key(a), kb = key(b); return ka < kb ? -1 : ka > kb ? 1 : 0; };

/** Splits a term into numeric coefficient and the rest: 3·a·b → [3, a·b]. */
function coefficient(t: Expr): [number, Expr] {
  if (t.kind === 'num') return [t.value, num(1)];
  if (t.kind !== 'mul') return [1, t];
  const nums = t.factors.filter((f) => f.kind === 'num');
  if (nums.length === 0) return [1, t];
  const c = nums.reduce((p, f) => p * (f as { value: number }).value, 1);
  const rest = t.factors.filter((f) => f.kind !== 'num');
  return [c, rest.length === 1 ? rest[0]! : { kind: 'mul', factors: rest }];
}

function normalizeAdd(terms: readonly Expr[]): Expr {
  const flat = terms.flatMap((t) => (t.kind === 'add' ? t.terms : [t]));
  const groups = new Map<string, { coef: number; rest: Expr }>();
  for (const t of flat) {
    const [c, rest] = coefficient(t);
    const k = key(rest);
    const g = groups.get(k);
    if (g) g.coef += c; else groups.set(k, { coef: c, rest });
  }
  const out: Expr[] = [];
  for (const { coef, rest } of groups.values()) {
    if (coef === 0) continue;
    out.push(rest.kind === 'num' ? num(coef * rest.value) : coef === 1 ? rest : normalizeMul([num(coef), rest]));
  }
  if (out.length === 0) return num(0);
  if (out.length === 1) return out[0]!;
  return { kind: 'add', terms: out.sort(byKey) };
}

function normalizeMul(factors: readonly Expr[]): Expr {
  const flat = factors.flatMap((f) => (f.kind === 'mul' ? f.factors : [f]));
  let c = 1;
  const powers = new Map<string, { base: Expr; exp: number }>();
  for (const f of flat) {
    if (f.kind === 'num') { c *= f.value; continue; }
    if (f.kind === 'pow' && f.base.kind === 'num' && f.exp.kind === 'num' && Number.isInteger(f.exp.value)
      && Number.isFinite(f.base.value ** f.exp.value)) {
      c *= f.base.value ** f.exp.value;   // 7^{-1} folds into the coefficient
      continue;
    }
    const [base, exp] = f.kind === 'pow' && f.exp.kind === 'num' ? [f.base, f.exp.value] : [f, 1];
    const k = key(base);
    const g = powers.get(k);
    if (g) g.exp += exp; else powers.set(k, { base, exp });
  }
  if (c === 0) return num(0);
  const out: Expr[] = [];
  for (const { base, exp } of powers.values()) {
    if (exp === 0) continue;
    out.push(exp === 1 ? base : normalizePow(base, num(exp)));
  }
  if (c !== 1 || out.length === 0) out.push(num(c));
  if (out.length === 1) return out[0]!;
  return { kind: 'mul', factors: out.flatMap((f) => (f.kind === 'mul' ? f.factors : [f])).sort(byKey) };
}

function normalizePow(base: Expr, exp: Expr): Expr {
  if (exp.kind === 'num') {
    if (exp.value === 1) return base;
    if (exp.value === 0) return num(1);
    if (base.kind === 'num') {
      const v = base.value ** exp.value;
      if (Number.isInteger(v) && Number.isFinite(v)) return num(v);
    }
    // (a^p)^k = a^{pk} and (ab)^k = a^k b^k, for integer k
    if (base.kind === 'pow' && base.exp.kind === 'num' && Number.isInteger(exp.value)) {
      return normalizePow(base.base, num(base.exp.value * exp.value));
    }
    if (base.kind === 'mul' && Number.isInteger(exp.value)) {
      return normalizeMul(base.factors.map((f) => normalizePow(f, exp)));
    }
  }
  if (base.kind === 'num' && base.value === 1) return num(1);
  return pow(base, exp);
}

/** Re-exported constructors for callers that build then normalise. */
export const nAdd = (...t: Expr[]): Expr => normalize(add(...t));
export const nMul = (...f: Expr[]): Expr => normalize(mul(...f));
