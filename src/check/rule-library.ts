/**
 * The checker's view of the rule engine: load the library once per process,
 * resolve a writer's justification to rules, and run a bounded proof search
 * whose result is replayed by the trusted checker before it counts.
 *
 * Owns: the policy "only replayed proofs are proofs". Must not: search or
 * match itself (src/rewrite does).
 */
import type { Definition, Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import { toLatex } from '../notation/print.js';
import type { Relation } from '../expr/relations.js';
import type { ProofStep } from './report.js';

export interface ProofRequest {
  readonly cited: readonly unknown[];
  readonly definitions: readonly Definition[];
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  readonly wrt: readonly string[];
}

export type ProofAnswer =
  | { readonly proved: true; readonly rules: readonly string[]; readonly steps: readonly ProofStep[] }
  | { readonly proved: false; readonly reason: string };

export interface RuleLibrary {
  /** The rules a justification names (and their names), and a note for names that match no rule. */
  cite(justification: string): { rules: readonly unknown[]; names: readonly string[]; note: string };
  prove(lhs: Expr, relation: Relation, rhs: Expr, request: ProofRequest, budgetMs: number): ProofAnswer;
}

type RewriteModule = typeof import('../search/index.js');

let loading: Promise<RuleLibrary> | null = null;

/** The library, loaded on first use and shared by every file of the process (it is immutable).
 *  A broken rule file rejects: the caller reports it rather than silently proving nothing. */
export function loadRuleLibrary(): Promise<RuleLibrary> {
  loading ??= import('../search/index.js').then(fromModule);
  return loading;
}

function fromModule(rewrite: RewriteModule): RuleLibrary {
  const set = rewrite.loadRules();
  return {
    cite(justification) {
      const rules = set.cite(justification);
      if (rules.length > 0) return { rules, names: rules.map((r) => r.name), note: '' };
      const suggestions = set.suggest(justification);
      // Prose is allowed as a justification; only a near-miss of a rule name is worth a note.
      return { rules: [], names: [], note: suggestions.length ? `"${justification}" names no rule; closest: ${suggestions.join(', ')}` : '' };
    },
    prove(lhs, relation, rhs, request, budgetMs) {
      const ctx = {
        rules: set,
        cited: request.cited as Parameters<RewriteModule['prove']>[3]['cited'],
        definitions: [...request.definitions],
        symbols: request.symbols,
        assumptions: [...request.assumptions],
        wrt: [...request.wrt],
      };
      const outcome = rewrite.prove(lhs, relation, rhs, ctx, budgetMs);
      if (!outcome.proved) return { proved: false, reason: outcome.reason };
      if (!rewrite.replay(lhs, relation, rhs, outcome.steps, ctx)) {
        return { proved: false, reason: 'the search returned a proof that did not replay' };
      }
      return {
        proved: true,
        rules: outcome.steps.map((s) => s.rule),
        steps: outcome.steps.map((s) => ({ rule: s.rule, result: toLatex(s.result) })),
      };
    },
  };
}
