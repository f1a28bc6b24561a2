/**
 * The search's own data: the rule library as the checker sees it, what a proof is searched
 * under, and what a search returns. The rules and proof steps themselves are the kernel's
 * (src/kernel/types.ts): the search builds them, the kernel checks them.
 */
import type { Definition, Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import type { Context, ProofStep, Rule, SharedWork } from '../kernel/index.js';
import type { RewriteMemo } from './engine.js';
import type { SignProver } from './signs.js';

export interface RuleSet {
  readonly rules: readonly Rule[];
  byName(nameOrSynonym: string): Rule | undefined;
  /** Closest rule names for an unknown justification. */
  suggest(text: string): string[];
  /** Every rule a justification names, as a whole or by phrases inside it (may be empty). */
  cite(text: string): Rule[];
}

export interface ProofContext {
  readonly rules: RuleSet;
  /** Rules the writer cited; tried first. */
  readonly cited: readonly Rule[];
  readonly definitions: readonly Definition[];
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  readonly wrt: readonly string[];
}

/** The kernel's view of the step, the sign prover that finds certificates for it, the rule
 *  applications (and states rebuilt around them) found so far, and the algebra work its
 *  questions may still spend (the phases of one step's search share all three). */
export interface SearchContext {
  readonly kernel: Context;
  readonly signs: SignProver;
  readonly rewrites: RewriteMemo;
  readonly algebraWork: SharedWork;
}

export type ProofOutcome =
  | { readonly proved: true; readonly steps: readonly ProofStep[] }
  | { readonly proved: false; readonly reason: string };
