/**
 * The trusted kernel: what must be right for `proved` to mean proved. It replays proof
 * objects against rules looked up by name, re-checks side conditions and their sign
 * certificates, keeps the canonical form both sides are compared in, and decides algebra
 * steps with its own exact arithmetic.
 *
 * Imports nothing outside src/kernel and src/expr (the import test in test/architecture
 * holds it to that): not the search, not the LaTeX reader, not the numeric back-end, not
 * nerdamer. Everything it checks arrives as data.
 */
export type {
  Bindings, Condition, ContextLevel, Facts, Lambda, ProofStep, Rule, RuleBook, RuleRelation, SignCert, SignOp, VarRole,
} from './types.js';
export { ALGEBRA } from './types.js';
export { type ScalarNames, isScalar, scalarNames } from './shape.js';
export { normalize, normalizeReplacing } from './normal.js';
export { key } from './key.js';
export {
  InstantiationError, applyLambda, boundKey, boundTargetName, combine, instantiate, isBookkeeping, replaceAt, subtermAt, variableKey,
} from './instantiate.js';
export { type Context, failedCondition, signShown, signSubject } from './conditions.js';
export { DEFINITIONS, definitionRules } from './definitions.js';
export { congruence, replayProof } from './replay.js';
export { algebraStepHolds } from './algebra-step.js';
export { type Budget, DEFAULT_BUDGET, SharedWork } from './algebra/index.js';
