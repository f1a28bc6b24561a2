/**
 * Side conditions of an instantiated rule, re-checked by the kernel.
 *
 * Owns: each condition kind's check, and the check of sign certificates. A sign is
 * shown by a number's value, by a hypothesis the file states (an assumption, or a
 * symbol's declared domain), or by a fact — a rule `e > 0` of rules/facts.rules,
 * property-tested like every rule — whose own sign conditions are shown in turn.
 * Must not: find certificates (the search does) or hold a mathematical fact itself:
 * what is positive is data in rules/, never an `if` here.
 */
import { type Expr, type Sym, children, freeNames } from '../expr/model.js';
import { mentionsAny } from '../expr/subst.js';
import { swapSides, type ValueRelation } from '../expr/relations.js';
import { DEFAULT_DISTRIBUTIONS } from '../expr/symbols.js';
import { definitionsByName } from './definitions.js';
import { boundTargetName, instantiate, InstantiationError } from './instantiate.js';
import { key } from './key.js';
import { normalize } from './normal.js';
import { type ScalarNames, isScalar } from './shape.js';
import type { Bindings, Condition, Facts, Rule, RuleBook, SignCert, SignOp } from './types.js';

/** What the kernel knows while checking one step. */
export interface Context {
  readonly book: RuleBook;
  readonly facts: Facts;
  readonly scalar: ScalarNames;
  /** The two sides of the step being checked: what a bare distribution letter ranges over is read from them. */
  readonly sides: readonly Expr[];
}

/** Certificates nest at most this deep (a product of many factors is a chain of them). */
const MAX_CERT_DEPTH = 64;

/** Null when every condition (premises excepted: contexts carry those) holds; else why not. */
export function failedCondition(rule: Rule, b: Bindings, signs: readonly SignCert[], ctx: Context): string | null {
  let s = 0;
  for (const c of rule.conditions) {
    if (c.kind === 'premise') continue;
    const cert = c.kind === 'sign' ? signs[s++] : undefined;
    if (c.kind === 'sign' && !cert) return `condition "${c.text}" of ${rule.name} has no certificate`;
    if (!holds(c, rule, b, cert, ctx, 0)) return `condition "${c.text}" of ${rule.name} not shown`;
  }
  return null;
}

/** The expression a sign condition speaks of: `g > 0` for a variable abstracting bound
 *  variables means its body is positive for every value of them. */
export function signSubject(c: Extract<Condition, { kind: 'sign' }>, rule: Rule, b: Bindings, scalar: ScalarNames): Expr {
  const whole = c.expr.kind === 'sym' && c.expr.index.length === 0 ? b.get(c.expr.name) : undefined;
  return normalize(whole ? whole.body : instantiate(c.expr, b, rule.vars), scalar);
}

function holds(c: Condition, rule: Rule, b: Bindings, cert: SignCert | undefined, ctx: Context, depth: number): boolean {
  try {
    switch (c.kind) {
      case 'premise': return true;
      case 'sign': return cert !== undefined && signShown(signSubject(c, rule, b, ctx.scalar), c.op, cert, ctx, depth);
      case 'notFree': {
        const operand = instantiate(c.expr, b, rule.vars);
        const target = boundTargetName(b, c.bound);
        if (target !== undefined) return !mentionsAny(operand, [target]);
        // the variable of a derivative (`x \notin a` in ∂ aᵀx/∂x) is a pattern variable, matched to
        // any expression: the operand must mention none of that expression's names, nor reach one
        // through a definition (`\eta := 1/L` makes a factor η depend on L, which its spelling hides)
        const variable = rule.vars.has(c.bound) ? b.get(c.bound) : undefined;
        if (variable === undefined) return true;
        const names = [...freeNames(variable.body)];
        return !mentionsAny(operand, names) && !reachesThroughDefinitions(operand, new Set(names), ctx.book);
      }
      case 'distribution': {
        const d = b.get(c.dist)?.body;
        return d?.kind === 'sym' && (ctx.facts.symbols.get(d.name)?.kind === 'distribution' || DEFAULT_DISTRIBUTIONS.includes(d.name));
      }
      case 'outcome': {
        // a sample x^{(i)} (or x itself) of the variable the sum runs over
        const value = instantiate(c.expr, b, rule.vars);
        const target = boundTargetName(b, c.bound);
        return target !== undefined && value.kind === 'sym' && value.name === target && value.index.length === 0;
      }
      case 'member':
        return isMember(normalize(instantiate(c.expr, b, rule.vars), ctx.scalar), normalize(instantiate(c.set, b, rule.vars), ctx.scalar), ctx);
      case 'scalar': return isScalar(instantiate(c.expr, b, rule.vars), ctx.scalar);
      case 'univariate': {
        const d = b.get(c.dist)?.body;
        return d?.kind === 'sym' && isUnivariate(ctx.sides, d.name);
      }
    }
  } catch (e) {
    if (e instanceof InstantiationError) return false;
    throw e;
  }
}

/** Does a name `e` uses have a definition in the book that mentions one of `names`, directly or
 *  through further definitions? (A definition's own parameters, `x` of `f(x) := …`, are not its names.) */
function reachesThroughDefinitions(e: Expr, names: ReadonlySet<string>, book: RuleBook): boolean {
  const seen = new Set<string>();
  const pending = [...freeNames(e)];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const rule of definitionsByName(book).get(name) ?? []) {
      const parameters = new Set([...rule.vars.keys(), ...(rule.lhs.kind === 'call' ? rule.lhs.args.flatMap((a) => [...freeNames(a)]) : [])]);
      for (const used of freeNames(rule.rhs)) {
        if (parameters.has(used)) continue;
        if (names.has(used)) return true;
        pending.push(used);
      }
    }
  }
  return false;
}

/** Does `op` (of e compared with 0) follow from knowing `have` (e have 0)? */
function implied(have: ValueRelation, op: SignOp): boolean {
  if (have === op) return true;
  switch (op) {
    case '>=': return have === '>' || have === '=';
    case '<=': return have === '<' || have === '=';
    case '!=': return have === '>' || have === '<';
    default: return false;
  }
}

/** Re-checks a sign certificate for `e op 0`. */
export function signShown(e: Expr, op: SignOp, cert: SignCert, ctx: Context, depth = 0): boolean {
  if (depth > MAX_CERT_DEPTH) return false;
  switch (cert.by) {
    case 'number':
      return e.kind === 'num' && Number.isFinite(e.value) && implied(e.value > 0 ? '>' : e.value < 0 ? '<' : '=', op);
    case 'assumption': {
      const a = ctx.facts.assumptions[cert.index];
      if (a?.kind !== 'rel') return false;
      const k = key(e);
      const zeroRight = a.rhs.kind === 'num' && a.rhs.value === 0 && key(normalize(a.lhs, ctx.scalar)) === k;
      const zeroLeft = a.lhs.kind === 'num' && a.lhs.value === 0 && key(normalize(a.rhs, ctx.scalar)) === k;
      return (zeroRight && implied(a.op, op)) || (zeroLeft && implied(swapSides(a.op), op));
    }
    case 'domain':
      return e.kind === 'sym' && e.index.length + e.upper.length === 0 && domainSign(e, op, ctx);
    case 'fact': return factShown(e, op, cert, ctx, depth);
  }
}

/** A symbol's declared domain: a count is ≥ 1; declared bounds (`% assume: x > 0`, `n \in \mathbb N`). */
function domainSign(s: Sym, op: SignOp, ctx: Context): boolean {
  const info = ctx.facts.symbols.get(s.name);
  if (!info) return false;
  const lowerPositive = info.positive || info.kind === 'count' || (info.lower !== undefined && (info.lower > 0 || (info.lower === 0 && !!info.strictLower)));
  const lowerNonNegative = lowerPositive || info.nonnegative || (info.lower !== undefined && info.lower >= 0);
  const upperNegative = info.upper !== undefined && (info.upper < 0 || (info.upper === 0 && !!info.strictUpper));
  const upperNonPositive = upperNegative || (info.upper !== undefined && info.upper <= 0);
  switch (op) {
    case '>': return lowerPositive;
    case '>=': return lowerNonNegative;
    case '<': return upperNegative;
    case '<=': return upperNonPositive;
    case '!=': return lowerPositive || upperNegative;
  }
}

function factShown(e: Expr, op: SignOp, cert: Extract<SignCert, { by: 'fact' }>, ctx: Context, depth: number): boolean {
  const fact = ctx.book.get(cert.rule);
  if (!fact?.fact || fact.rhs.kind !== 'num' || fact.rhs.value !== 0 || !implied(fact.relation, op)) return false;
  if (key(normalize(instantiate(fact.lhs, cert.binding, fact.vars), ctx.scalar)) !== key(e)) return false;
  let s = 0;
  for (const c of fact.conditions) {
    const premise = c.kind === 'sign' ? cert.premises[s++] : undefined;
    if (c.kind === 'sign' && premise === undefined) return false;
    if (!holds(c, fact, cert.binding, premise, ctx, depth + 1)) return false;
  }
  return true;
}

/** Every application of distribution `name` in `e` names one variable and conditions on nothing. */
/** Is the law `name` over one random variable in the step: every application of it has one
 *  argument and no condition, and all name the same variable — `\hat P(y)` beside `\hat P(x)`
 *  is a joint over x and y, and reading it as one univariate law would let `D(\hat P \| p)`
 *  stand for the KL of either marginal. */
function isUnivariate(sides: readonly Expr[], name: string): boolean {
  const variables = new Set<string>();
  const visit = (e: Expr): boolean => {
    if (e.kind === 'prob' && e.dist.name === name) {
      if (e.args.length !== 1 || e.given.length > 0) return false;
      variables.add(e.vars[0] ?? '');
    }
    return children(e).every(visit);
  };
  return sides.every(visit) && variables.size <= 1;
}

/** Is `v` one of the integers of the range set `set`: a number inside it, or defined as an arg-optimum over it? */
function isMember(v: Expr, set: Expr, ctx: Context): boolean {
  if (set.kind !== 'set' || !set.range) return false;
  const { from, to } = set.range;
  if (v.kind === 'num') {
    if (!Number.isInteger(v.value) || from.kind !== 'num' || v.value < from.value) return false;
    if (to.kind === 'num') return v.value <= to.value;
    // {1, …, k} with k a count holds 1
    return key(v) === key(from) && from.value <= 1 && to.kind === 'sym' && domainSign(to, '>', ctx);
  }
  const def = ctx.facts.definitions.find((d) => key(d.lhs) === key(v));
  const r = def?.rhs;
  return r?.kind === 'bind' && (r.op === 'argmin' || r.op === 'argmax') && r.domain.kind === 'set' && key(r.domain.set) === key(set);
}
