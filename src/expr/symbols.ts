/**
 * What a symbol is. The parser asks this table whether `P(` applies a
 * distribution or multiplies; the numeric back-end asks it how to sample a
 * value. Kinds come from defaults, from definitions in the file
 * (`L(\mu) := ...` makes L a function) and from `% assume:` comments.
 *
 * Owns: the kinds and the default table. Must not: parse or evaluate.
 */
import type { Expr } from './model.js';

export type SymbolKind =
  | 'scalar'        // a real number (default for unknown single letters)
  | 'count'         // a positive integer size: n, k, r, T, d, \tilde n
  | 'index'         // bound by a sum/product over a range: i, j, t, s
  | 'variable'      // a random variable / the value it takes: x, y, z (sums over x range over its outcomes)
  | 'distribution'  // P, Q, p, q, \hat P, P_\theta, Q_i^{(t)}
  | 'function'      // f, g, L, \ell: applied to parentheses, not multiplied
  | 'set'           // \mathcal X, \mathbb R
  | 'vector'        // \mathbf x, \boldsymbol\mu
  | 'matrix'        // \Sigma, \mathbf I
  | 'parameter';    // θ, φ: what arg-min/arg-max ranges over

/** Constraints a sample must respect, from `% assume:` and the kind. */
export interface SymbolInfo {
  readonly kind: SymbolKind;
  readonly positive?: boolean;     // x > 0
  readonly nonnegative?: boolean;  // x >= 0
  readonly lower?: number;         // x >= lower (or > when strictLower)
  readonly upper?: number;
  readonly strictLower?: boolean;
  readonly strictUpper?: boolean;
  readonly integer?: boolean;
  /** The file writes the name as a value (a bound, a term, an assumption): after it, `x^T` may be
   *  the power T of x, not a transpose. Only the transposition letter T carries it. */
  readonly writtenAsValue?: boolean;
  /** Random-variable notation that names no law (`H(X)`, `H(Y \mid X)`, `\mathbb E[x \mid y]`) refers
   *  to this distribution: the one law the document applies, or `\Pr` when it applies none. */
  readonly implicitLaw?: boolean;
  /** A distribution written both bare and with one parameter list (`p(x \mid z)` beside
   *  `p(x \mid z; \theta)`): the bare applications name the parameterised law. */
  readonly parameters?: readonly Expr[];
}

export type SymbolTable = ReadonlyMap<string, SymbolInfo>;

/** The argument of a law left unnamed, `P(\cdot \mid x)`: which random variable it is, the name does not say. */
export const PLACEHOLDER = '\\cdot';

/** The law of `\Pr(X = 1)`, and the implicit law of a document that names none. */
export const PROBABILITY_LAW = '\\Pr';

/** Names that are distributions unless the file says otherwise. */
export const DEFAULT_DISTRIBUTIONS: readonly string[] = [
  'P', 'Q', 'p', 'q', '\\hat{P}', '\\hat{p}', '\\tilde{P}', '\\tilde{Q}', PROBABILITY_LAW, '\\mathbb{P}',
];
/** Names that are functions unless the file says otherwise. */
export const DEFAULT_FUNCTIONS: readonly string[] = ['f', 'g', 'h', 'L', '\\ell', '\\mathcal{L}', 'J', 'F', 'G', '\\Gamma'];
/** Names that are sizes of index sets unless the file says otherwise. */
export const DEFAULT_COUNTS: readonly string[] = ['n', 'm', 'k', 'r', 'T', 'd', 'K', 'N', '\\tilde{n}'];
/** Capital Greek letters that name matrices unless the file says otherwise (a covariance, a precision). */
export const DEFAULT_MATRICES: readonly string[] = ['\\Sigma', '\\Lambda', '\\boldsymbol{\\Sigma}', '\\boldsymbol{\\Lambda}'];

/** Conventional domains, holding unless the file says otherwise: a standard deviation is
 *  positive, a mixture weight lies in (0, 1), I is the identity (Σ and Λ: DEFAULT_MATRICES). */
export const DEFAULT_DOMAINS: ReadonlyMap<string, SymbolInfo> = new Map<string, SymbolInfo>([
  ['\\sigma', { kind: 'scalar', positive: true }],
  ['\\phi', { kind: 'scalar', lower: 0, strictLower: true, upper: 1, strictUpper: true }],
  ['I', { kind: 'matrix' }],
]);

export function defaultSymbols(): Map<string, SymbolInfo> {
  const table = new Map<string, SymbolInfo>();
  for (const n of DEFAULT_DISTRIBUTIONS) table.set(n, { kind: 'distribution' });
  for (const n of DEFAULT_FUNCTIONS) table.set(n, { kind: 'function' });
  for (const n of DEFAULT_COUNTS) table.set(n, { kind: 'count', integer: true, lower: 1 });
  for (const [n, info] of DEFAULT_DOMAINS) table.set(n, info);
  // A covariance or precision matrix is symmetric positive definite by convention.
  for (const n of DEFAULT_MATRICES) table.set(n, { kind: 'matrix', positive: true });
  table.set(PROBABILITY_LAW, { kind: 'distribution', implicitLaw: true });
  return table;
}

/** The law random-variable notation refers to (see SymbolInfo.implicitLaw), or undefined when
 *  the document applies several and none is the obvious one. */
export function implicitLaw(table: SymbolTable): string | undefined {
  for (const [name, info] of table) if (info.implicitLaw) return name;
  return undefined;
}

/** A name without its primes (`f''` → `f`): what a derivative written with primes is of. */
export const unprimed = (name: string): string => name.replace(/'+$/, '');

/** True when a symbol applied to `(` is an application rather than a product. */
export function isApplicable(table: SymbolTable, name: string): boolean {
  const k = table.get(name)?.kind;
  return k === 'distribution' || k === 'function';
}
