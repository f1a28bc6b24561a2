/**
 * The trusted checker. Re-does each step of a proof object without searching or matching:
 * instantiate the rule's source side with the step's binding and compare it with the
 * subterm at the step's path, re-check every side condition with its certificate,
 * instantiate the target side, splice, normalise, compare with the recorded result; for an
 * inequality, re-check each monotone context level the same way; compose the relations as
 * Lean's calc does; finally the chain must end at the right side. An `algebra` step is
 * re-decided by the kernel's own exact algebra, on scalars only.
 *
 * Owns: the verdict "this proof is valid". Must not: call the search or an oracle.
 */
import { type Expr, children, definedName, domainExprs } from '../expr/model.js';
import { capturable } from '../expr/subst.js';
import { compose, converse, establishes, isOrderRelation, throughSign, weaken } from '../expr/relations.js';
import { algebraStepHolds } from './algebra-step.js';
import { type Context, failedCondition } from './conditions.js';
import { combine, instantiate, InstantiationError, replaceAt, subtermAt } from './instantiate.js';
import { key } from './key.js';
import { normalize } from './normal.js';
import { ALGEBRA, type ContextLevel, type ProofStep, type Rule, type RuleRelation } from './types.js';
import { DEFINITIONS, definitionsByName } from './definitions.js';
import { DEFAULT_BUDGET } from './algebra/index.js';

/** Null when the proof checks; otherwise which step failed and why. */
export function replayProof(lhs: Expr, goal: RuleRelation, rhs: Expr, steps: readonly ProofStep[], ctx: Context): string | null {
  let cur = normalize(lhs, ctx.scalar);
  let rel: RuleRelation = '=';
  for (const [i, step] of steps.entries()) {
    let result: { expr: Expr; relation: RuleRelation } | string;
    try {
      result = replayStep(cur, step, ctx);
    } catch (e) {
      if (!(e instanceof InstantiationError)) throw e;
      result = e.message;
    }
    if (typeof result === 'string') return `step ${i + 1} (${step.rule}): ${result}`;
    const next: RuleRelation | null = compose(rel, result.relation);
    if (next === null) return `step ${i + 1} (${step.rule}): relation ${result.relation} does not compose with ${rel}`;
    rel = next;
    cur = result.expr;
  }
  if (key(cur) !== key(normalize(rhs, ctx.scalar))) return 'the chain does not end at the right side';
  if (!establishes(rel, goal)) return `the chain shows ${rel}, not ${goal}`;
  return null;
}

function replayStep(cur: Expr, step: ProofStep, ctx: Context): { expr: Expr; relation: RuleRelation } | string {
  const result = normalize(step.result, ctx.scalar);
  if (step.rule === ALGEBRA) return algebraStepHolds(cur, step.path, result, ctx.scalar, DEFAULT_BUDGET, definitionsByName(ctx.book)) ?? { expr: result, relation: '=' };
  const rule = ctx.book.get(step.rule);
  if (!rule) return 'unknown rule';
  if (rule.fact) return 'a fact discharges conditions; it is not a rewrite';
  if (step.reversed) {
    // the application runs from the recorded result back to the current expression
    if (rule.relation !== '=') return 'only equalities can be used right to left';
    const back = applyRecorded(result, step, rule, ctx);
    if (typeof back === 'string') return back;
    return key(back.expr) === key(cur) ? { expr: result, relation: '=' } : 'the reversed step does not lead back';
  }
  const forward = applyRecorded(cur, step, rule, ctx);
  if (typeof forward === 'string') return forward;
  return key(forward.expr) === key(result) ? forward : 'the recorded result differs from the rule applied';
}

/** Re-applies the recorded rule application to `cur`. */
function applyRecorded(cur: Expr, step: ProofStep, rule: Rule, ctx: Context): { expr: Expr; relation: RuleRelation } | string {
  if (rule.conditions.some((c) => c.kind === 'premise')) return 'a monotonicity rule cannot be a step by itself';
  const sub = subtermAt(cur, step.path);
  if (!sub) return 'no subterm at the recorded position';
  const captured = capturedLiteral(rule, cur, step.path);
  if (captured) return `the rule speaks of a free ${captured}, but ${captured} is bound where it is applied`;
  const [from, to] = step.forward ? [rule.lhs, rule.rhs] : [rule.rhs, rule.lhs];
  const source = instantiate(from, step.binding, rule.vars);
  if (step.rest.length > 0 && (rule.relation !== '=' || (sub.kind !== 'add' && sub.kind !== 'mul'))) return 'partial match only for equalities on + and ·';
  const kind = sub.kind === 'mul' ? 'mul' : 'add';
  if (key(normalize(step.rest.length ? combine(kind, [source, ...step.rest]) : source, ctx.scalar)) !== key(sub)) return 'the rule does not match the subterm';
  const failed = failedCondition(rule, step.binding, step.signs, ctx);
  if (failed) return failed;
  const target = instantiate(to, step.binding, rule.vars);
  const replacement = step.rest.length ? combine(kind, [target, ...step.rest]) : target;
  // `1/x = \frac{d}{dx}\log x` with x a number (1/2 = ∂/∂2 log 2) differentiates with respect to a constant,
  // and so does a definition unfolded in a derivative's variable (d/da with a := 2 made d/d2)
  if (rewritesDerivativeVariable(cur, step.path)) return 'the rule rewrites the variable of a derivative';
  const expr = normalize(replaceAt(cur, step.path, replacement), ctx.scalar);
  if (derivativeByConstant(expr)) return 'a derivative with respect to something that names no variable';
  const inner = step.forward ? rule.relation : converse(rule.relation);
  if (inner === '=') return { expr, relation: '=' };
  const sign = contextSign(cur, step, ctx);
  if (sign === null) return 'the inequality is not carried through its context';
  const through = throughSign(inner, sign);
  return { expr, relation: step.path.length === 0 ? through : weaken(through) };
}

/** Does the path enter a derivative's variable (its first child)? */
function rewritesDerivativeVariable(root: Expr, path: readonly number[]): boolean {
  let node = root;
  for (const i of path) {
    if (node.kind === 'deriv' && i === 0) return true;
    const next = children(node)[i];
    if (!next) return false;
    node = next;
  }
  return false;
}

/** Does `e` hold a derivative whose variable names nothing (a number)? */
function derivativeByConstant(e: Expr, depth = 0): boolean {
  if (depth > 400) return false;
  if (e.kind === 'deriv' && capturable(e.wrt).size === 0) return true;
  return children(e).some((c) => derivativeByConstant(c, depth + 1));
}

/**
 * A rule's own free names (its literals: a definition's `x` in `Y := P(x)/Q(x)`) mean the
 * free symbol; under a binder of the same name (or inside a derivative with respect to it) the
 * subterm's `x` is another variable, and rewriting it there would capture (E_{x∼P}[log Y] is not
 * E_{x∼P}[log P(x)/Q(x)]; with a := 2, ∂/∂a log a is not ∂/∂a log 2). Pattern
 * variables take their values from the subterm itself, so only literals are checked.
 */
function capturedLiteral(rule: Rule, root: Expr, path: readonly number[]): string | undefined {
  const bound = new Set<string>();
  const varying = new Set<string>();
  let node = root;
  for (const i of path) {
    if (node.kind === 'bind' && i === domainExprs(node.domain).length) node.vars.forEach((v) => bound.add(v));
    // a derivative's variable varies in its body: `a := 2` unfolded inside ∂/∂a (log a) made it ∂/∂a log 2 = 0
    // (a definition of something else in terms of it, q(x_t \mid x_0) := …, holds at every value: it may unfold)
    if (node.kind === 'deriv' && i === 1) capturable(node.wrt).forEach((v) => varying.add(v));
    const next = children(node)[i];
    if (!next) return undefined;
    node = next;
  }
  const defined = rule.file === DEFINITIONS ? definedName(rule.lhs) : null;
  if (defined !== null && varying.has(defined)) return defined;
  if (bound.size === 0) return undefined;
  return [...capturable(rule.lhs), ...capturable(rule.rhs)].find((n) => bound.has(n) && !rule.vars.has(n));
}

/** Re-checks every context level of an inequality step; the overall sign, or null. */
function contextSign(root: Expr, step: ProofStep, ctx: Context): 1 | -1 | null {
  if (step.context.length !== step.path.length) return null;
  let sign: 1 | -1 = 1;
  let node = root;
  for (const [d, i] of step.path.entries()) {
    const child = children(node)[i];
    if (!child) return null;
    const s = checkLevel(node, child, step.context[d]!, ctx);
    if (s === null) return null;
    sign = (sign * s) as 1 | -1;
    node = child;
  }
  return sign;
}

/** The premise of a monotonicity rule: `c a \le c b if a \le b, c > 0` carries `a ≤ b` in the hole a. */
export function congruence(rule: Rule): { hole: string; other: string; sign: 1 | -1 } | null {
  const premise = rule.conditions.find((c) => c.kind === 'premise');
  if (!premise || premise.kind !== 'premise') return null;
  const name = (e: Expr): string => (e.kind === 'call' ? e.fn.name : e.kind === 'sym' ? e.name : '');
  const rising = (r: string): boolean => r === '<=' || r === '<';
  if (!isOrderRelation(premise.op)) return null;
  return { hole: name(premise.lhs), other: name(premise.rhs), sign: rising(premise.op) === rising(rule.relation) ? 1 : -1 };
}

/** One context level: the congruence rule's side, instantiated, is the node, and its hole is the child. */
function checkLevel(node: Expr, child: Expr, level: ContextLevel, ctx: Context): 1 | -1 | null {
  const rule = ctx.book.get(level.rule);
  const g = rule && congruence(rule);
  if (!rule || !g) return null;
  const hole = level.binding.get(level.forward ? g.hole : g.other);
  if (!hole || key(hole.body) !== key(child)) return null;
  if (failedCondition(rule, level.binding, level.signs, ctx) !== null) return null;
  const side = instantiate(level.forward ? rule.lhs : rule.rhs, level.binding, rule.vars);
  return key(normalize(side, ctx.scalar)) === key(node) ? g.sign : null;
}
