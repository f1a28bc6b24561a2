/**
 * The small trusted checker. Re-does each step of a proof without searching or
 * matching: instantiate the rule's source side with the step's binding and
 * compare it with the subterm at the step's path, re-check every side condition,
 * instantiate the target side, splice, normalise, compare with the recorded
 * result; for inequality steps re-check each monotone context level the same way;
 * compose the relations like Lean's calc; finally the chain must end at the right side.
 *
 * Owns: the verdict "this proof is valid". Trusted base: this file, normalize.ts,
 * instantiate/substitute, the sign analysis, and nerdamer for the `algebra` step.
 * Must not: call the matcher or the search.
 */
import { type Expr, children } from '../expr/model.js';
import { key } from './keys.js';
import type { Facts } from './conditions.js';
import { failedCondition } from './conditions.js';
import { type Compiled, checkLevel, compose, converse, rebuild, replaceAt, satisfies, subtermAt, throughContext } from './engine.js';
import { combine, instantiate } from './match.js';
import { normalize } from './normalize.js';
import { algebraStep } from './search.js';
import type { ProofStep, Rule, RuleRelation } from './types.js';

/** Null when the proof checks; otherwise which step failed and why. */
export function replayProof(
  lhs: Expr, goal: RuleRelation, rhs: Expr, steps: readonly ProofStep[], compiled: Compiled, facts: Facts,
): string | null {
  let cur = normalize(lhs);
  let rel: RuleRelation = '=';
  for (const [i, step] of steps.entries()) {
    const result = replayStep(cur, step, compiled, facts);
    if (typeof result === 'string') return `step ${i + 1} (${step.rule}): ${result}`;
    const next: RuleRelation | null = compose(rel, result.relation);
    if (next === null) return `step ${i + 1} (${step.rule}): relation ${result.relation} does not compose with ${rel}`;
    rel = next;
    cur = result.expr;
  }
  if (key(cur) !== key(normalize(rhs))) return 'the chain does not end at the right side';
  if (!satisfies(rel, goal)) return `the chain shows ${rel}, not ${goal}`;
  return null;
}

function replayStep(cur: Expr, step: ProofStep, compiled: Compiled, facts: Facts): { expr: Expr; relation: RuleRelation } | string {
  if (step.rule === 'algebra') {
    return algebraStep(cur, step.result) ? { expr: normalize(step.result), relation: '=' } : 'not an algebraic identity';
  }
  const rule = compiled.byName.get(step.rule);
  if (!rule) return 'unknown rule';
  if (step.reversed) {
    // the application runs from the recorded result back to the current expression
    if (rule.relation !== '=') return 'only equalities can be used right to left';
    const back = applyRecorded(normalize(step.result), step, rule, compiled, facts);
    if (typeof back === 'string') return back;
    return key(back.expr) === key(cur) ? { expr: normalize(step.result), relation: '=' } : 'the reversed step does not lead back';
  }
  return applyRecorded(cur, step, rule, compiled, facts);
}

/** Re-applies the recorded rule application to `cur`. */
function applyRecorded(cur: Expr, step: ProofStep, rule: Rule, compiled: Compiled, facts: Facts): { expr: Expr; relation: RuleRelation } | string {
  if (rule.conditions.some((c) => c.kind === 'premise')) return 'a monotonicity rule cannot be a step by itself';
  const sub = subtermAt(cur, step.path);
  if (!sub) return 'no subterm at the recorded position';
  const from = step.forward ? rule.lhs : rule.rhs;
  const to = step.forward ? rule.rhs : rule.lhs;
  let source: Expr;
  try {
    source = instantiate(from, step.binding, rule.vars);
  } catch (e) {
    return (e as Error).message;
  }
  if (step.rest.length > 0 && (rule.relation !== '=' || (sub.kind !== 'add' && sub.kind !== 'mul'))) return 'partial match only for equalities on + and ·';
  const whole = step.rest.length ? combine(sub.kind === 'mul' ? 'mul' : 'add', [source, ...step.rest]) : source;
  if (key(normalize(whole)) !== key(sub)) return 'the rule does not match the subterm';
  const failed = failedCondition(rule, step.binding, facts);
  if (failed) return failed;
  const replacement = rebuild({ rule, forward: step.forward, from, to, relation: rule.relation }, step.binding, step.rest, sub);
  if (!replacement) return 'cannot instantiate the rule';
  const expr = normalize(replaceAt(cur, step.path, replacement));
  if (!step.reversed && key(expr) !== key(step.result)) return 'the recorded result differs from the rule applied';
  const inner = step.forward ? rule.relation : converse(rule.relation);
  if (inner === '=') return { expr, relation: '=' };
  const sign = contextSign(cur, step, compiled, facts);
  if (sign === null) return 'the inequality is not carried through its context';
  return { expr, relation: throughContext(inner, sign, step.path.length) };
}

/** Re-checks every context level of an inequality step; the overall sign, or null. */
function contextSign(root: Expr, step: ProofStep, compiled: Compiled, facts: Facts): 1 | -1 | null {
  if (step.context.length !== step.path.length) return null;
  let sign: 1 | -1 = 1;
  let node = root;
  for (const [d, i] of step.path.entries()) {
    const child = children(node)[i];
    if (!child) return null;
    const s = checkLevel(node, child, step.context[d]!, compiled, facts);
    if (s === null) return null;
    sign = (sign * s) as 1 | -1;
    node = child;
  }
  return sign;
}
