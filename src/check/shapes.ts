/**
 * Shapes read from use: a name nothing declares is a vector or a matrix when the document uses
 * it as one. `x^{(i)} - \mu_j` with `\mu_j \in \mathbb R^d` makes x a vector (the terms of a sum,
 * and the sides of an equation, share a shape); `(x - \mu)^T` says x − μ is no number (a writer transposes vectors and
 * matrices only), so its undeclared letters are vectors, or matrices when capital;
 * `\mathcal N(x; \mu, \Sigma)` with a matrix Σ has a vector point and mean.
 *
 * Owns: these inferences, over the formulas of one document. Must not: change a name the
 * table already knows (a declaration, a default, a kind learnt otherwise wins), or guess a
 * shape where the use leaves a choice (`c\,v` beside a vector: which factor is the vector?).
 */
import { children, type Expr } from '../expr/model.js';
import type { SymbolInfo, SymbolKind } from '../expr/symbols.js';

type Shape = 'scalar' | 'vector' | 'row' | 'matrix';
type Tensorial = 'vector' | 'matrix';
type Table = Map<string, SymbolInfo>;

/** Work allowed per document: nodes visited over all passes. */
const MAX_VISITS = 200_000;
/** Passes over the formulas: each may let a shape found in one formula reach another. */
const MAX_PASSES = 4;

/** Builtins whose value is a number whatever their arguments (a norm, a determinant, a trace). */
const NUMBER_VALUED: ReadonlySet<string> = new Set(['log', 'log2', 'exp', 'abs', 'det', 'norm', 'tr']);

/** The kinds `formulas` (and `equal`, pairs of sides of one chain's `=`) reveal for names the
 *  table does not know, added to the table. */
export function learnShapesFromUse(formulas: readonly Expr[], equal: readonly (readonly [Expr, Expr])[], table: Table): void {
  const budget = { visits: 0 };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const learnt = new Map<string, Tensorial>();
    for (const f of formulas) walk(f, new Set(), table, learnt, budget);
    for (const sides of equal) shareShape(sides, new Set(), table, learnt);
    if (learnt.size === 0 || budget.visits > MAX_VISITS) return;
    for (const [name, kind] of learnt) table.set(name, { kind: kind as SymbolKind });
  }
}

function walk(e: Expr, bound: ReadonlySet<string>, table: Table, learnt: Map<string, Tensorial>, budget: { visits: number }): void {
  if (++budget.visits > MAX_VISITS) return;
  const shapeIn = (x: Expr) => shapeOf(x, bound, table);
  // the terms of a sum, and the sides of an equation, share a shape
  shareShape(e.kind === 'add' ? e.terms : e.kind === 'rel' && e.op === '=' ? [e.lhs, e.rhs] : [], bound, table, learnt);
  if (e.kind === 'fn' && e.name === 'transpose' && e.args.length === 1 && shapeIn(e.args[0]!) === undefined) {
    for (const name of undeclaredTerms(e.args[0]!, bound, table)) learnt.set(name, capital(name) ? 'matrix' : 'vector');
  }
  if (e.kind === 'fn' && e.name === 'normal' && e.args.length === 3 && shapeIn(e.args[2]!) === 'matrix') {
    for (const a of e.args.slice(0, 2)) expect(a, 'vector', bound, table, learnt);
  }
  if (e.kind === 'sym') return;   // indices are numbers
  const inner = e.kind === 'bind' ? new Set([...bound, ...e.vars]) : bound;
  for (const c of children(e)) walk(c, e.kind === 'bind' && c === e.body ? inner : bound, table, learnt, budget);
}

/** Values of one shape (terms of a sum, sides of an equation): a known vector or matrix among them gives its shape to the rest. */
function shareShape(alike: readonly Expr[], bound: ReadonlySet<string>, table: Table, learnt: Map<string, Tensorial>): void {
  const shared = alike.map((x) => shapeOf(x, bound, table)).find((s): s is Tensorial => s === 'vector' || s === 'matrix');
  if (shared) for (const t of alike) expect(t, shared, bound, table, learnt);
}

/** `e` must have shape `s`: its undeclared terms (`x`, `-x`, `2x` in a sum) take it. */
function expect(e: Expr, s: Tensorial, bound: ReadonlySet<string>, table: Table, learnt: Map<string, Tensorial>): void {
  for (const name of undeclaredTerms(e, bound, table)) if (!learnt.has(name)) learnt.set(name, s);
}

/** The undeclared names standing as terms of `e` (alone or times numbers), through nested sums. */
function undeclaredTerms(e: Expr, bound: ReadonlySet<string>, table: Table): string[] {
  if (e.kind === 'add') return e.terms.flatMap((t) => undeclaredTerms(t, bound, table));
  if (e.kind === 'mul') {
    const others = e.factors.filter((f) => f.kind !== 'num');
    return others.length === 1 ? undeclaredTerms(others[0]!, bound, table) : [];
  }
  return e.kind === 'sym' && !bound.has(e.name) && !table.has(e.name) ? [e.name] : [];
}

/** A shape certain from what the table says, or undefined when some part is unknown or the shapes clash. */
function shapeOf(e: Expr, bound: ReadonlySet<string>, table: Table, depth = 0): Shape | undefined {
  if (depth > 200) return undefined;
  const of = (x: Expr) => shapeOf(x, bound, table, depth + 1);
  switch (e.kind) {
    case 'num': case 'prob': case 'indicator': return 'scalar';
    case 'sym': {
      if (bound.has(e.name)) return undefined;
      const kind = table.get(e.name)?.kind;
      if (kind === 'vector' || kind === 'matrix') return kind;
      return kind === undefined || kind === 'function' || kind === 'distribution' || kind === 'set' ? undefined : 'scalar';
    }
    case 'add': {
      const shapes = e.terms.map(of);
      return shapes.find((s) => s !== undefined && s !== 'scalar') ?? (shapes.every((s) => s === 'scalar') ? 'scalar' : undefined);
    }
    case 'mul': {
      let acc: Shape | undefined = 'scalar';
      for (const f of e.factors) acc = acc === undefined ? undefined : product(acc, of(f));
      return acc;
    }
    case 'pow': {
      const base = of(e.base);
      if (base === 'scalar' || (base === 'matrix' && e.exp.kind === 'num')) return base;
      return undefined;
    }
    case 'fn': {
      if (NUMBER_VALUED.has(e.name) || (e.name === 'normal' && e.args.length === 3)) return 'scalar';
      if (e.name !== 'transpose' || e.args.length !== 1) return undefined;
      const s = of(e.args[0]!);
      return s === 'vector' ? 'row' : s === 'row' ? 'vector' : s;
    }
    case 'bind': return e.op === 'sum' || e.op === 'E' ? shapeOf(e.body, new Set([...bound, ...e.vars]), table, depth + 1) : undefined;
    default: return undefined;
  }
}

/** The shape of a product of two shapes, or undefined when it is unknown or undefined (a vector times a vector). */
function product(a: Shape, b: Shape | undefined): Shape | undefined {
  if (b === undefined) return undefined;
  if (a === 'scalar') return b;
  if (b === 'scalar') return a;
  const table: Readonly<Record<string, Shape>> = {
    'vector,row': 'matrix', 'row,vector': 'scalar', 'matrix,vector': 'vector', 'row,matrix': 'row', 'matrix,matrix': 'matrix',
  };
  return table[`${a},${b}`];
}

/** `X`, `\Sigma`, `\mathbf{X}`, `\tilde{A}`: a capital letter under any accents and typefaces. */
function capital(name: string): boolean {
  const letter = name.replace(/\\(mathbf|boldsymbol|bm|mathrm|tilde|hat|bar|check|breve|vec)\{/g, '').replace(/[{}]/g, '');
  return /^\\?[A-Z]/.test(letter);
}
