/**
 * The canonical form replay and search both compare under. Bookkeeping only:
 * flatten + and ·, fold numbers, drop 0 from sums and 1 from products, collect like
 * terms (2a + 3a → 5a), sort the terms of a sum, and for SCALAR factors only: collect
 * like powers (a·a → a², a·a⁻¹ → 1, the "where both sides are defined" reading), sort
 * them, and spread integer powers over them ((ab)⁻¹ → a⁻¹b⁻¹). Vectors and matrices keep
 * their order and their products stay apart: AB ≠ BA and (AB)⁻¹ = B⁻¹A⁻¹ are facts about
 * the objects, so they are rules, never normal forms.
 *
 * Owns: the canonical form only. Must not: apply a named rule or anything whose truth
 * depends on a side condition. Recursion follows the tree, whose depth the parser bounds.
 */
import { type Add, type Bind, type Expr, type Mul, type Pow, children, mapChildren, num, pow, samePlainData } from '../expr/model.js';
import { type ScalarNames, isScalar } from './shape.js';
import { freshKey, key } from './key.js';

export function normalize(e: Expr, scalar: ScalarNames): Expr {
  let known = normalForms.get(scalar);
  if (!known) { known = new WeakMap(); normalForms.set(scalar, known); }
  return normalizeKnown(e, scalar, known);
}

/** Normal forms already worked out, per scalar predicate. Search, sign proving and replay
 *  normalise the same subterm objects again and again; the normal form is a function of the
 *  expression and of the predicate's answers, which are fixed (a ScalarNames reads a
 *  read-only symbol table), so a remembered answer is the answer. Entries die with their
 *  predicate or their expression. */
const normalForms = new WeakMap<ScalarNames, WeakMap<Expr, Expr>>();

function normalizeKnown(e: Expr, scalar: ScalarNames, known: WeakMap<Expr, Expr>): Expr {
  if (children(e).length === 0) return node(e, scalar);
  let out = known.get(e);
  if (out === undefined) {
    out = node(mapChildren(e, (c) => normalizeKnown(c, scalar, known)), scalar);
    known.set(e, out);
  }
  return out;
}

/** normalize(replaceAt(root, path, replacement)) for a root already in normal form, given the
 *  replacement's normal form `normalized` = normalize(replacement): only the ancestors of the
 *  path are re-normalised. (The caller may reuse one replacement's normal form at many roots.) */
export function normalizeReplacing(root: Expr, path: readonly number[], normalized: Expr, scalar: ScalarNames): Expr {
  if (path.length === 0) return normalized;
  let i = 0;
  return node(mapChildren(root, (c) => (i++ === path[0] ? normalizeReplacing(c, path.slice(1), normalized, scalar) : c)), scalar);
}

/** One node's canonical step, its children being canonical already. */
function node(e: Expr, scalar: ScalarNames): Expr {
  switch (e.kind) {
    case 'add': return unlessSame(e, normalizeAdd(e.terms, scalar));
    case 'mul': return unlessSame(e, normalizeMul(e.factors, scalar));
    case 'pow': return unlessSame(e, normalizePow(e.base, e.exp, scalar));
    case 'bind': return wholeOutcomeSpace(e);
    default: return e;
  }
}

/** `e` itself when its canonical form is the very same node rebuilt (same kind, the same child
 *  objects in the same order): a tree already canonical comes back as the same objects, whose
 *  keys are cached already. For + · ^ the kind and the children are the whole node. */
function unlessSame(e: Add | Mul | Pow, canonical: Expr): Expr {
  if (canonical.kind !== e.kind) return canonical;
  const before = children(e), after = children(canonical);
  return before.length === after.length && before.every((c, i) => c === after[i]) ? e : canonical;
}

/** `\sum_{x \in \mathcal X}` over a named set is the sum over all of x's outcomes, `\sum_x`. */
function wholeOutcomeSpace(b: Bind): Expr {
  if (b.domain.kind !== 'set' || b.domain.set.kind !== 'sym' || !(b.op === 'sum' || b.op === 'prod' || b.op === 'E')) return b;
  return { ...b, domain: { kind: 'natural' } };
}

const byKey = (a: Expr, b: Expr): number => { const ka = key(a), kb = key(b); return ka < kb ? -1 : ka > kb ? 1 : 0; };

/** `xs` sorted in place as `xs.sort(byKey)` sorts it. byKey orders elements by one string each,
 *  so every stable sort gives the one order (by key, equal keys as they came); for the few elements
 *  of most sums and products an insertion sort gives it without the work array the built-in sort
 *  allocates on every call. */
function sortByKey(xs: Expr[]): Expr[] {
  if (xs.length > 8) return xs.sort(byKey);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!, k = key(x);
    let j = i - 1;
    for (; j >= 0 && key(xs[j]!) > k; j--) xs[j + 1] = xs[j]!;
    xs[j + 1] = x;
  }
  return xs;
}

/** The elements of a + or · with nested ones of the same kind spliced in (the list itself when
 *  there are none, the common case: no copy is made). */
function flattened(xs: readonly Expr[], kind: 'add' | 'mul'): readonly Expr[] {
  if (!xs.some((x) => x.kind === kind)) return xs;
  const out: Expr[] = [];
  for (const x of xs) {
    if (x.kind === 'add' && kind === 'add') out.push(...x.terms);
    else if (x.kind === 'mul' && kind === 'mul') out.push(...x.factors);
    else out.push(x);
  }
  return out;
}

/** Splits a term into numeric coefficient and the rest: 3·a·b → [3, a·b]. */
function coefficient(t: Expr): [number, Expr] {
  if (t.kind === 'num') return [t.value, num(1)];
  if (t.kind !== 'mul' || !t.factors.some((f) => f.kind === 'num')) return [1, t];
  const nums = t.factors.filter((f) => f.kind === 'num');
  const rest = t.factors.filter((f) => f.kind !== 'num');
  return [nums.reduce((p, f) => p * (f as { value: number }).value, 1), rest.length === 1 ? rest[0]! : { kind: 'mul', factors: rest }];
}

/** `before` (the one element a group was made of) when `canonical`, the group's canonical form,
 *  is the same plain data: re-normalising a canonical + or · then keeps its objects, whose keys
 *  are cached, rather than building equal copies (3·a and b^{-1} are rebuilt from their parts). */
const unlessRebuilt = (before: Expr | null, canonical: Expr): Expr =>
  before !== null && before !== canonical && samePlainData(before, canonical) ? before : canonical;

function normalizeAdd(terms: readonly Expr[], scalar: ScalarNames): Expr {
  const groups = new Map<string, { coef: number; rest: Expr; alone: Expr | null }>();
  for (const t of flattened(terms, 'add')) {
    const [c, rest] = coefficient(t);
    // a product split off its coefficient is a temporary node: key it without caching
    const k = rest.kind === 'mul' && rest !== t ? freshKey(rest) : key(rest);
    const g = groups.get(k);
    if (g) { g.coef += c; g.alone = null; } else groups.set(k, { coef: c, rest, alone: t });
  }
  const out: Expr[] = [];
  for (const { coef, rest, alone } of groups.values()) {
    if (coef === 0) continue;
    out.push(rest.kind === 'num' ? num(coef * rest.value) : coef === 1 ? rest : unlessRebuilt(alone, normalizeMul([num(coef), rest], scalar)));
  }
  if (out.length === 0) return num(0);
  return out.length === 1 ? out[0]! : { kind: 'add', terms: sortByKey(out) };
}

const integerPowerOfNumber = (f: Expr): number | null =>
  f.kind === 'pow' && f.base.kind === 'num' && f.exp.kind === 'num' && Number.isInteger(f.exp.value) && Number.isFinite(f.base.value ** f.exp.value)
    ? f.base.value ** f.exp.value : null;

function normalizeMul(factors: readonly Expr[], scalar: ScalarNames): Expr {
  let c = 1;
  const powers = new Map<string, { base: Expr; exp: number; alone: Expr | null }>();
  const ordered: Expr[] = [];   // non-scalar factors, in the writer's order
  for (const f of flattened(factors, 'mul')) {
    if (f.kind === 'num') { c *= f.value; continue; }
    const folded = integerPowerOfNumber(f);
    if (folded !== null) { c *= folded; continue; }   // 7^{-1} folds into the coefficient
    if (!isScalar(f, scalar)) { ordered.push(f); continue; }
    const [base, exp] = f.kind === 'pow' && f.exp.kind === 'num' ? [f.base, f.exp.value] : [f, 1];
    const k = key(base);
    const g = powers.get(k);
    if (g) { g.exp += exp; g.alone = null; } else powers.set(k, { base, exp, alone: f });
  }
  if (c === 0) return num(0);
  const out: Expr[] = [];
  for (const { base, exp, alone } of powers.values()) if (exp !== 0) out.push(exp === 1 ? base : unlessRebuilt(alone, normalizePow(base, num(exp), scalar)));
  const scalars = [...flattened(out, 'mul')];
  if (c !== 1 || (scalars.length === 0 && ordered.length === 0)) scalars.push(num(c));
  const all = [...sortByKey(scalars), ...ordered];
  return all.length === 1 ? all[0]! : { kind: 'mul', factors: all };
}

function normalizePow(base: Expr, exp: Expr, scalar: ScalarNames): Expr {
  if (exp.kind === 'num') {
    if (exp.value === 1) return base;
    if (exp.value === 0 && isScalar(base, scalar)) return num(1);
    if (base.kind === 'num') {
      const v = base.value ** exp.value;
      if (Number.isInteger(v) && Number.isFinite(v)) return num(v);
    }
    // (a^p)^k = a^{pk} for integer k; (ab)^k = a^k b^k only when a and b commute (scalars)
    if (base.kind === 'pow' && base.exp.kind === 'num' && Number.isInteger(exp.value)) {
      return normalizePow(base.base, num(base.exp.value * exp.value), scalar);
    }
    if (base.kind === 'mul' && Number.isInteger(exp.value) && isScalar(base, scalar)) {
      return normalizeMul(base.factors.map((f) => normalizePow(f, exp, scalar)), scalar);
    }
  }
  if (base.kind === 'num' && base.value === 1) return num(1);
  return pow(base, exp);
}
