/**
 * The data the trusted kernel checks: rules, their side conditions, bindings, and proof
 * objects (one rule application per step, with the certificates of its side conditions).
 * Plain values only; the search builds them, the kernel re-checks them.
 */
import type { Definition, Expr } from '../expr/model.js';
import type { OrderRelation } from '../expr/relations.js';
import type { SymbolTable } from '../expr/symbols.js';

export type RuleRelation = OrderRelation;

/** How a pattern variable may be instantiated. */
export type VarRole =
  | 'expr'   // any expression not mentioning the bound variables in scope
  | 'dist';  // a distribution symbol (P, \hat P, P_\theta): written P(x) or bare P

/** The sign a condition asks for: `a > 0` is { op: '>' } of a. */
export type SignOp = '>' | '>=' | '<' | '<=' | '!=';

/** A side condition, checked on the instantiated rule before a step is accepted. */
export type Condition =
  | { readonly kind: 'sign'; readonly expr: Expr; readonly op: SignOp; readonly text: string }
  | { readonly kind: 'notFree'; readonly bound: string; readonly expr: Expr; readonly text: string }
  | { readonly kind: 'distribution'; readonly dist: string; readonly text: string }
  /** `a outcome of v`: a is a value the bound variable v takes — a sample x^{(i)} of x. */
  | { readonly kind: 'outcome'; readonly expr: Expr; readonly bound: string; readonly text: string }
  /** `a \\in \\{m, \\dots, n\\}`: a is one of the indices of a finite range. */
  | { readonly kind: 'member'; readonly expr: Expr; readonly set: Expr; readonly text: string }
  /** No vector or matrix inside (‖a‖² = a² holds for scalars only). */
  | { readonly kind: 'scalar'; readonly expr: Expr; readonly text: string }
  /** `P univariate`: in the step, the distribution P is applied to one variable alone (so a bare
   *  H(P) means its entropy over that variable, not over a joint). */
  | { readonly kind: 'univariate'; readonly dist: string; readonly text: string }
  /** `a \le b`: the rule is a monotonicity (congruence) rule: from a rel b in the hole, conclude lhs rel rhs. */
  | { readonly kind: 'premise'; readonly lhs: Expr; readonly op: RuleRelation; readonly rhs: Expr; readonly text: string };

export interface Rule {
  readonly name: string;
  readonly synonyms: readonly string[];
  /** Bookkeeping rules writers seldom cite (distributing, splitting sums): tried with the cited ones. */
  readonly glue?: boolean;
  /** Expanding a finite sum with numeric bounds: applied eagerly, with the definitions, in the last phase. */
  readonly expand?: boolean;
  /** A sign fact (`e > 0`, `e \ge 0`): discharges side conditions; never a rewrite. */
  readonly fact?: boolean;
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

/**
 * Why an expression has a sign, for a `sign` side condition. The kernel re-checks it:
 * a number by its value, an assumption by its index among the hypotheses, a symbol by its
 * declared domain, a fact (a rule `e > 0` of rules/facts.rules) by instantiating it and
 * checking its own sign conditions with `premises`, in the order the fact lists them.
 */
export type SignCert =
  | { readonly by: 'number' }
  | { readonly by: 'assumption'; readonly index: number }
  | { readonly by: 'domain' }
  | { readonly by: 'fact'; readonly rule: string; readonly binding: Bindings; readonly premises: readonly SignCert[] };

/** One level of a monotone context an inequality step was applied under. */
export interface ContextLevel {
  /** The congruence rule (one with a premise) that carries the inequality through this node. */
  readonly rule: string;
  readonly binding: Bindings;
  /** Which of the rule's sides the node matched. */
  readonly forward: boolean;
  /** Certificates of the congruence rule's sign conditions, in order. */
  readonly signs: readonly SignCert[];
}

/** One rule application: everything the kernel needs to re-do it without searching. */
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
  /** Certificates of the rule's sign conditions, in the order the rule lists them. */
  readonly signs: readonly SignCert[];
  /** An equality used right to left through the chain: the rule applied to `result` at `path`
   *  gives the previous expression (how a step found by the backward search is recorded,
   *  since normalisation may leave no redex in the previous expression). */
  readonly reversed?: boolean;
}

/** What a step is checked under: the symbol table, the hypotheses, the definitions. */
export interface Facts {
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  readonly definitions: readonly Definition[];
}

/** Rules by name: the library, its facts, and the derivation's definitions. */
export type RuleBook = ReadonlyMap<string, Rule>;

/** The name of the one rule decided by the kernel's own algebra, not by a pattern. */
export const ALGEBRA = 'algebra';
