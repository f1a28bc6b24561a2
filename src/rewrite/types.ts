/**
 * The data of the rule engine: rules, side conditions, bindings, proof steps.
 * Plain values only; behaviour lives in match.ts, conditions.ts, search.ts, replay.ts.
 */
import type { OrderRelation } from '../expr/relations.js';
import type { Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';

export type RuleRelation = OrderRelation;

/** How a pattern variable may be instantiated. */
export type VarRole =
  | 'expr'   // any expression not mentioning the bound variables in scope
  | 'dist';  // a distribution symbol (P, \hat P, P_\theta): written P(x) or bare P

/** A side condition, checked on the instantiated rule before a step is accepted. */
export type Condition =
  | { readonly kind: 'sign'; readonly expr: Expr; readonly op: '>' | '>=' | '<' | '<=' | '!='; readonly text: string }
  | { readonly kind: 'notFree'; readonly bound: string; readonly expr: Expr; readonly text: string }
  | { readonly kind: 'distribution'; readonly dist: string; readonly text: string }
  | { readonly kind: 'convex' | 'concave'; readonly fn: string; readonly text: string }
  /** `a outcome of v`: a is a value the bound variable v takes — a sample x^{(i)} of x. */
  | { readonly kind: 'outcome'; readonly expr: Expr; readonly bound: string; readonly text: string }
  /** `a \\in \\{m, \\dots, n\\}`: a is one of the indices of a finite range. */
  | { readonly kind: 'member'; readonly expr: Expr; readonly set: Expr; readonly text: string }
  /** No vector or matrix inside (‖a‖² = a² holds for scalars only). */
  | { readonly kind: 'scalar'; readonly expr: Expr; readonly text: string }
  /** `a \le b`: the rule is a monotonicity (congruence) rule: from a rel b in the hole, conclude lhs rel rhs. */
  | { readonly kind: 'premise'; readonly lhs: Expr; readonly op: RuleRelation; readonly rhs: Expr; readonly text: string };

export interface Rule {
  readonly name: string;
  readonly synonyms: readonly string[];
  /** Bookkeeping rules writers seldom cite (distributing, splitting sums): tried with the cited ones. */
  readonly glue?: boolean;
  /** Expanding a finite sum with numeric bounds: applied eagerly, with the definitions, in the last phase. */
  readonly expand?: boolean;
  /** The LaTeX as written in the rule file. */
  readonly statement: string;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly relation: RuleRelation;
  readonly conditions: readonly Condition[];
  readonly file: string;
  readonly line: number;
  /** The pattern variables and their roles; every other free symbol is literal. */
  readonly vars: ReadonlyMap<string, VarRole>;
}

/** A pattern variable's value: `params` are the target's bound names it abstracts (f_i ↦ λi. body). */
export interface Lambda { readonly params: readonly string[]; readonly body: Expr }
export type Bindings = ReadonlyMap<string, Lambda>;

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
  readonly definitions: readonly { readonly lhs: Expr; readonly rhs: Expr }[];
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  readonly wrt: readonly string[];
}

/** One level of a monotone context an inequality step was applied under. */
export interface ContextLevel {
  /** The congruence rule (one with a premise) that carries the inequality through this node. */
  readonly rule: string;
  readonly binding: Bindings;
  /** Which of the rule's sides the node matched. */
  readonly forward: boolean;
}

/** One rule application: everything the replay checker needs to re-do it without searching. */
export interface ProofStep {
  readonly rule: string;
  /** The whole expression after the step (normalised). */
  readonly result: Expr;
  /** Child indices (model.children order) from the root to the rewritten subterm. */
  readonly path: readonly number[];
  /** true: rule lhs → rhs; false: rhs → lhs. */
  readonly forward: boolean;
  readonly binding: Bindings;
  /** Elements of an AC node left untouched beside the matched ones (a + rest, a · rest). */
  readonly rest: readonly Expr[];
  /** How the whole expression relates to its predecessor: previous `relation` result. */
  readonly relation: RuleRelation;
  /** For inequality steps: the congruence rules of each ancestor, root first. */
  readonly context: readonly ContextLevel[];
  /** An equality used right to left through the chain: the rule applied to `result` at `path`
   *  gives the previous expression (how a step found by the backward search is recorded,
   *  since normalisation may leave no redex in the previous expression). */
  readonly reversed?: boolean;
}

export type ProofOutcome =
  | { readonly proved: true; readonly steps: readonly ProofStep[] }
  | { readonly proved: false; readonly reason: string };
