/**
 * Which expressions are scalars. Scalars commute; vectors and matrices do not, so the
 * normal form may reorder a product's scalar factors only, and the exact algebra (which is
 * commutative) may only be used on scalar expressions.
 *
 * Owns: the one conservative test. Anything not known to be a scalar counts as not one:
 * that can only keep two equal expressions apart (a proof is missed), never merge two
 * different ones. Must not: guess a shape from how a name looks (the symbol table says).
 */
import type { Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';

/** Is the symbol (or function) of this name scalar-valued? */
export type ScalarNames = (name: string) => boolean;

const NON_SCALAR_KINDS: ReadonlySet<string> = new Set(['vector', 'matrix', 'set']);

/** Scalars by the symbol table; `unknown` names (a rule's pattern variables) are not scalars. */
export function scalarNames(table: SymbolTable, unknown: ReadonlySet<string> = new Set()): ScalarNames {
  return (name) => !unknown.has(name) && !NON_SCALAR_KINDS.has(table.get(name)?.kind ?? 'scalar');
}

/** Built-ins whose value is a number whatever their arguments are (‖A‖, det A, tr A). */
const SCALAR_VALUED: ReadonlySet<string> = new Set(['log', 'log2', 'exp', 'abs', 'det', 'norm', 'tr', 'KL', 'entropy', 'crossEntropy']);

export function isScalar(e: Expr, scalar: ScalarNames): boolean {
  const all = (xs: readonly Expr[]): boolean => xs.every((x) => isScalar(x, scalar));
  switch (e.kind) {
    case 'num': case 'const': case 'prob': case 'indicator': case 'rel': return true;
    case 'sym': return scalar(e.name);
    case 'call': return scalar(e.fn.name);
    case 'add': return all(e.terms);
    case 'mul': return all(e.factors);
    case 'pow': return isScalar(e.base, scalar);
    case 'fn':
      if (SCALAR_VALUED.has(e.name)) return true;
      if (e.name === 'transpose') return all(e.args);
      return e.name === 'normal' && e.args.length === 3;   // a density's value; the law N(μ, Σ) is no number
    case 'bind':
      return (e.op === 'sum' || e.op === 'prod' || e.op === 'E' || e.op === 'int' || e.op === 'min' || e.op === 'max') && isScalar(e.body, scalar);
    case 'deriv': return isScalar(e.wrt, scalar) && isScalar(e.body, scalar);
    case 'set': return false;
  }
}
