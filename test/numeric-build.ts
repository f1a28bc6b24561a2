/** Test helpers for the numeric back-end: short constructors and a default context. */
import { add, bind, div, fn, mul, num, pow, prob, sub, sym, type Expr, type Sym } from '../src/expr/model.js';
import { defaultSymbols, type SymbolInfo } from '../src/expr/symbols.js';
import type { Definition, NumericContext, NumericOptions } from '../src/numeric/index.js';

export const s = (name: string, index: Expr[] = [], upper: Expr[] = []): Sym => sym(name, index, upper);
export const n = num;
export const P = (dist: Sym | string, args: Expr[], given: Expr[] = []) => prob(typeof dist === 'string' ? s(dist) : dist, args, given);
export const log = (a: Expr) => fn('log', a);
export const sumOver = (v: string, body: Expr) => bind('sum', [v], { kind: 'natural' }, body);
export const sumRange = (v: string, from: Expr, to: Expr, body: Expr) => bind('sum', [v], { kind: 'range', from, to }, body);
export const prodRange = (v: string, from: Expr, to: Expr, body: Expr) => bind('prod', [v], { kind: 'range', from, to }, body);
export const KL = (a: Expr, b: Expr) => fn('KL', a, b);
export { add, mul, sub, div, pow, fn, bind };

export function ctx(extra: {
  symbols?: Record<string, SymbolInfo>; assumptions?: Expr[]; definitions?: Definition[]; wrt?: string[];
} = {}): NumericContext {
  const symbols = defaultSymbols();
  for (const [k, v] of Object.entries(extra.symbols ?? {})) symbols.set(k, v);
  return { symbols, assumptions: extra.assumptions ?? [], definitions: extra.definitions ?? [], wrt: extra.wrt ?? [] };
}

export const OPTS: NumericOptions = { seed: 7, samples: 200, budgetMs: 5000 };
