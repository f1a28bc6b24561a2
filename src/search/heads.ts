/**
 * The head a node is indexed by, for finding the rules and facts that may apply to it
 * without trying them all. Owns this one function.
 */
import type { Expr } from '../expr/model.js';

/** `fn:log`, `bind:sum`, `sym:\mu`, `call:L`, a node kind; '*' for a pattern variable (fits any head). */
export function headOf(e: Expr, vars?: ReadonlyMap<string, unknown>): string {
  switch (e.kind) {
    case 'fn': return `fn:${e.name}`;
    case 'bind': return `bind:${e.op}`;
    case 'sym': return vars?.has(e.name) ? '*' : `sym:${e.name}`;
    case 'call': return vars?.has(e.fn.name) ? '*' : `call:${e.fn.name}`;
    default: return e.kind;
  }
}
