/**
 * A law given by its probabilities: "with $P = (\tfrac12, \tfrac12)$ and $Q = (\tfrac14, \tfrac34)$"
 * (a sanity check on numbers, as writers do after a general derivation). Read as the definition
 * `P(x) := \tfrac12 1\{x = 0\} + \tfrac12 1\{x = 1\}` over outcomes 0, 1, … — which outcome carries
 * which number does not change a divergence or an entropy, the quantities such checks compute.
 *
 * Only a distribution letter equated to a tuple of at least two nonnegative numbers summing to 1
 * is read; anything else is left to the other readings. Must not: judge anything.
 */
import { InputError } from '../diagnostic.js';
import { addAll, children as childrenOf, indicator, mul, num, prob, rel, sym, type Definition, type Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import type { MathText } from '../diagnostic.js';
import { parseMath } from '../notation/parse.js';

const TUPLE = /^\s*([^=]+?)\s*=\s*(?:\\left|\\big|\\Big)?\(\s*([\s\S]*?)\s*(?:\\right|\\big|\\Big)?\)\s*$/;

/** The definition a probability vector states, or null when the text is not one. */
export function readProbabilityVector(text: MathText, symbols: SymbolTable, path: string): Definition | null {
  const m = TUPLE.exec(text.latex);
  if (!m) return null;
  const parse = (latex: string): Expr | null => {
    try {
      return parseMath({ latex, spans: [] }, symbols, path);
    } catch (e) {
      if (e instanceof InputError) return null;
      throw e;
    }
  };
  const name = parse(m[1]!);
  if (name?.kind !== 'sym' || symbols.get(name.name)?.kind !== 'distribution') return null;
  const entries = topLevelCommaPieces(m[2]!).map(parse);
  if (entries.length < 2 || entries.some((e) => e === null)) return null;
  const values = (entries as Expr[]).map(constantValue);
  if (values.some((v) => v === null || v < 0) || Math.abs(values.reduce((a, b) => a! + b!, 0)! - 1) > 1e-12) return null;
  const outcome = sym('x');
  const rhs = addAll((entries as Expr[]).map((p, k) => mul(p, indicator(rel('=', outcome, num(k))))));
  return { lhs: prob(name, [outcome]), rhs };
}

/** The value of a constant (numbers, sums, products, integer powers), or null. */
function constantValue(e: Expr): number | null {
  switch (e.kind) {
    case 'num': return e.value;
    case 'add': return sumOf(e.terms.map(constantValue));
    case 'mul': return e.factors.map(constantValue).reduce<number | null>((a, b) => (a === null || b === null ? null : a * b), 1);
    case 'pow': {
      const [b, x] = [constantValue(e.base), constantValue(e.exp)];
      return b === null || x === null || !Number.isInteger(x) || (b === 0 && x < 0) ? null : b ** x;
    }
    default: return null;
  }
}

const sumOf = (vs: readonly (number | null)[]): number | null => vs.reduce<number | null>((a, b) => (a === null || b === null ? null : a + b), 0);

/** Pieces of `a, b, c` at commas outside braces and brackets. */
function topLevelCommaPieces(latex: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i]!;
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { pieces.push(latex.slice(start, i)); start = i + 1; }
  }
  pieces.push(latex.slice(start));
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Does the step read only probabilities (and numbers), never an outcome's own value? Then which
 * outcome carries which probability cannot matter, and the vector's reading is the writer's. A
 * step like `\sum_x x P(x)` depends on the outcomes' names, which a vector does not give.
 */
export function readsOnlyProbabilities(e: Expr, isNameOfLawOrSet: (name: string) => boolean, depth = 0): boolean {
  if (depth > 400) return false;
  switch (e.kind) {
    case 'prob': return true;
    case 'sym': return isNameOfLawOrSet(e.name) && e.index.length === 0 && e.upper.length === 0;
    case 'bind': return readsOnlyProbabilities(e.body, isNameOfLawOrSet, depth + 1);
    default: return childrenOf(e).every((c) => readsOnlyProbabilities(c, isNameOfLawOrSet, depth + 1));
  }
}
