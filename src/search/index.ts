/**
 * The prover's public face: load the rule library, prove a step (search, then the
 * kernel's replay), replay a given proof, resolve a justification to rules.
 *
 * Owns: the API other layers use and the order of the search phases. Must not: hold
 * rules in code (they are data in rules/*.rules) or call anything `proved` that the
 * kernel did not replay.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONST, definedName, freeNames, type Definition, type Expr } from '../expr/model.js';
import { type OrderRelation as RuleRelation, type Relation, isOrderRelation } from '../expr/relations.js';
import {
  ALGEBRA, type Context, type ProofStep, type Rule, definitionRules, normalize, replayProof, scalarNames, SharedWork,
} from '../kernel/index.js';
import { parseLatex } from '../notation/parse.js';
import { BUILTIN, RewriteMemo } from './engine.js';
import { type SearchLimits, rewriteEagerly, searchProof } from './search.js';
import { MAX_QUESTIONS, SignProver } from './signs.js';
import { parseRuleFile } from './rulefile.js';
import { type RuleSource, readRuleCache, writeRuleCache } from './rule-cache.js';
import type { ProofContext, ProofOutcome, RuleSet, SearchContext } from './types.js';

export type { Condition, ContextLevel, Lambda, ProofStep, Rule, RuleRelation, VarRole } from '../kernel/index.js';
export type { ProofContext, ProofOutcome, RuleSet } from './types.js';
export { RuleFileError, parseRuleFile } from './rulefile.js';
export { BUILTIN } from './engine.js';

/** The package's rules/ folder, found relative to this module (works from src/ and dist/). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** Reads every `*.rules` file of `dir` (sorted by name). Bad files throw RuleFileError (file:line:column). */
export function loadRules(dir: string = DEFAULT_RULES_DIR): RuleSet {
  const sources = readRuleSources(dir);
  return makeRuleSet(readRuleCache(dir, sources) ?? parseRuleSources(dir, sources).flat());
}

/** Snapshots the parsed library of `dir` for later loadRules (run by `npm run build`; see rule-cache.ts). */
export function buildRuleCache(dir: string = DEFAULT_RULES_DIR): boolean {
  const sources = readRuleSources(dir);
  return writeRuleCache(dir, sources, parseRuleSources(dir, sources));
}

function readRuleSources(dir: string): RuleSource[] {
  return readdirSync(dir).filter((f) => f.endsWith('.rules')).sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

function parseRuleSources(dir: string, sources: readonly RuleSource[]): Rule[][] {
  return sources.map((s) => parseRuleFile(s.text, join(dir, s.name), (latex) => parseLatex(latex)));
}

/** The one rule decided by the kernel's own exact algebra rather than a pattern: scalar
 *  rational-function identities, derivatives and the minimiser of a scalar quadratic. */
export const ALGEBRA_RULE: Rule = {
  name: ALGEBRA, synonyms: ['simplify', 'simplification', 'algebra', 'rearrange', 'expand and collect', 'calculus', 'set the derivative to zero'],
  statement: '(scalar rational identities, derivatives, minimiser of a quadratic: decided exactly by the kernel)',
  lhs: CONST, rhs: CONST, relation: '=', conditions: [], file: BUILTIN, line: 0, vars: new Map(),
};

/** A RuleSet over given rules plus `algebra` (names must be unique; later duplicates are ignored by byName). */
export function makeRuleSet(given: readonly Rule[]): RuleSet {
  const rules = given.some((r) => r.name === ALGEBRA_RULE.name) ? given : [...given, ALGEBRA_RULE];
  const index = new Map<string, Rule>();
  // each rule's normalised name and synonyms, computed once (suggest runs on every uncited justification)
  const names = rules.map((r) => ({ name: r.name, normed: [r.name, ...r.synonyms].map(normName) }));
  rules.forEach((r, i) => {
    for (const n of names[i]!.normed) if (!index.has(n)) index.set(n, r);
  });
  return {
    rules,
    byName: (text) => index.get(normName(text)),
    suggest: (text) => suggest(text, names),
    cite: (text) => cite(text, index),
  };
}

/** Justification text → comparable form: "by Jensen's inequality" → "jensen inequality". */
export function normName(text: string): string {
  return text.toLowerCase()
    .replace(/\\text\{([^}]*)\}/g, '$1')
    .replace(/[’`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/^\W*(by|using|from|via)\s+/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Every rule a justification names: the whole text, or names and synonyms occurring in it as phrases
 *  ("definitions of entropy and cross entropy" names both). Citing only orders the search; it proves nothing. */
function cite(text: string, index: ReadonlyMap<string, Rule>): Rule[] {
  const whole = index.get(normName(text));
  if (whole) return [whole];
  const padded = ` ${normName(text)} `;
  const found = [...index.entries()].filter(([n]) => n.length >= 4 && padded.includes(` ${n} `));
  found.sort((a, b) => b[0].length - a[0].length);
  return [...new Set(found.map(([, r]) => r))];
}

/** The edit distance of a and b when it is at most `atMost`; otherwise some number above `atMost`
 *  (a row's least entry never decreases further down, so once it passes `atMost` so does the answer). */
function editDistance(a: string, b: string, atMost: number): number {
  if (Math.abs(a.length - b.length) > atMost) return atMost + 1;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      least = Math.min(least, prev[j]!);
      diag = tmp;
    }
    if (least > atMost) return atMost + 1;
  }
  return prev[b.length]!;
}

/** Up to three rule names whose name or a synonym is closest to `text` (and reasonably close). */
function suggest(text: string, rules: readonly { readonly name: string; readonly normed: readonly string[] }[]): string[] {
  const t = normName(text);
  if (t === '') return [];
  const limit = Math.max(2, Math.ceil(t.length * 0.4));
  // a distance beyond the limit is dropped, so it need not be worked out exactly
  const scored = rules.map((r) => {
    const d = Math.min(...r.normed.map((m) => (m.includes(t) || t.includes(m) ? Math.abs(m.length - t.length) / 4 : editDistance(t, m, limit))));
    return { name: r.name, d };
  });
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).slice(0, 3).map((s) => s.name);
}

/** Rules available to a step: first the cited ones, the definitions and the glue rules; then the whole library. */
function ruleLists(ctx: ProofContext): { cited: Rule[]; all: Rule[] } {
  const defs = definitionRules(ctx.definitions);
  const glue = ctx.rules.rules.filter((r) => r.glue && !ctx.cited.includes(r));
  const cited = [...ctx.cited, ...defs, ...glue];
  return { cited, all: [...cited, ...ctx.rules.rules.filter((r) => !ctx.cited.includes(r) && !r.glue)] };
}

/** What the kernel checks a step under: every rule by name (library, facts, definitions), the hypotheses, the shapes. */
function kernelContext(ctx: ProofContext, all: readonly Rule[], sides: readonly Expr[]): Context {
  const book = new Map<string, Rule>();
  for (const r of all) if (!book.has(r.name)) book.set(r.name, r);   // the first of a name wins (cited and definitions come first)
  return {
    book,
    facts: { symbols: ctx.symbols, assumptions: ctx.assumptions, definitions: ctx.definitions },
    scalar: scalarNames(ctx.symbols),
    sides,
  };
}

/** The search's view of a step: the kernel's context over every rule available to it, and a sign prover. */
export const searchContextFor = (ctx: ProofContext, sides: readonly Expr[] = []): SearchContext => searchContext(ctx, ruleLists(ctx).all, sides);

function searchContext(ctx: ProofContext, all: readonly Rule[], sides: readonly Expr[], signQuestions = MAX_QUESTIONS, algebraWork = MAX_ALGEBRA_WORK): SearchContext {
  const kernel = kernelContext(ctx, all, sides);
  return { kernel, signs: new SignProver(kernel, signQuestions), rewrites: new RewriteMemo(), algebraWork: new SharedWork(algebraWork) };
}

/** Searches for a proof and replays it; only a replayed proof comes back as proved.
 *  Phases, each with a share of the budget: the cited rules with definitions and glue
 *  (when something is cited); the whole library; and last — when there is anything to
 *  unfold — both sides with every `:=` definition unfolded and finite sums expanded, then the
 *  whole library between them. */
export function prove(lhs: Expr, relation: Relation, rhs: Expr, ctx: ProofContext, budgetMs: number): ProofOutcome {
  if (!isOrderRelation(relation)) return { proved: false, reason: `relation ${relation} is not proved by rules` };
  const goal = relation;
  const { cited, all } = ruleLists(ctx);
  const search = searchContext(ctx, all, [lhs, rhs], signQuestionsFor(budgetMs), algebraWorkFor(budgetMs));
  // The budget is work, not time: the same input gets the same answer on a loaded machine
  // or in a parallel worker (reports replay byte for byte). Wall time is only a safety net.
  const safetyDeadline = Date.now() + budgetMs * SAFETY_FACTOR;
  // the eager pass is cheap and tells whether the last phase has anything to work on
  // a recursive definition (\bar\alpha_t := \alpha_t\bar\alpha_{t-1}) unfolds without end: the search may use it, the eager pass must not
  const eager = [...definitionRules(ctx.definitions.filter((d) => !isRecursive(d))), ...ctx.rules.rules.filter((r) => r.expand)];
  const left = rewriteEagerly(lhs, eager, search);
  const right = rewriteEagerly(rhs, eager, search);
  const unfolds = left.steps.length > 0 || right.steps.length > 0;
  const phases: { rules: readonly Rule[]; share: number; unfold: boolean }[] = [
    // a glance first: do the unfolded sides meet by algebra alone? Data steps (`L_C(\mu)` with
    // its records defined) close there at once, and the glance costs next to nothing otherwise
    ...(unfolds ? [{ rules: [], share: 0.02, unfold: true }] : []),
    ...(ctx.cited.length > 0 ? [{ rules: cited, share: 0.3, unfold: false }] : []),
    { rules: all, share: ctx.cited.length > 0 ? 0.4 : 0.6, unfold: false },
    ...(unfolds ? [{ rules: all, share: 0.4, unfold: true }] : []),
  ];
  const total = phases.reduce((s, p) => s + p.share, 0);
  const reasons: string[] = [];
  for (const phase of phases) {
    const limits = limitsFor((budgetMs * phase.share) / total, safetyDeadline);
    const outcome = phase.unfold ? between(left, goal, rhs, right, phase.rules, search, limits) : searchProof(lhs, goal, rhs, phase.rules, search, limits);
    if (!outcome.proved) { reasons.push(outcome.reason); continue; }
    const failure = replayProof(lhs, goal, rhs, outcome.steps, search.kernel);
    if (failure === null) return outcome;
    reasons.push(`a found proof failed replay: ${failure}`);
  }
  const reason = reasons[reasons.length - 1] ?? 'no proof found';
  const algebraSpent = search.algebraWork.remaining === 0 ? `; the search's algebra work (${search.algebraWork.total} units) was spent` : '';
  return { proved: false, reason: reason + algebraSpent };
}

function isRecursive(d: Definition): boolean {
  const head = definedName(d.lhs);
  return head !== null && freeNames(d.rhs).has(head);
}

/** Search nodes granted per millisecond of step budget (about what one core expands). */
const NODES_PER_MS = 1;
/** The wall-clock safety net, as a multiple of the step budget: far above what the counted budget
 *  takes on a loaded machine, so it fires only on a pathological node, and says so (search.ts). */
const SAFETY_FACTOR = 10;

/** Search nodes (and sign questions) a budget of `ms` grants. */
const nodesFor = (ms: number): number => Math.max(20, Math.round(ms * NODES_PER_MS));

/** Sign questions are granted as search nodes are, up to MAX_QUESTIONS (which the default step
 *  budget reaches). A question can cost a millisecond (matching facts against a long product), so a
 *  small budget must grant few of them, or the sign prover outlives the budget uncounted. */
const signQuestionsFor = (budgetMs: number): number => Math.min(MAX_QUESTIONS, nodesFor(budgetMs));

/** Algebra work (kernel/algebra/budget.ts units, about 0.15 µs each) granted per millisecond of a
 *  search's budget, shared by all its algebra questions. Each question may spend DEFAULT_BUDGET's
 *  200,000 units, and a phase may ask 40: without a shared cap a small budget still bought the
 *  default's algebra (a 64th power of a sum, re-expanded by each question, took 5× the budget). At
 *  the default step budget the cap is 2.4M units; no step of derivations/ or the identity corpus
 *  spends more than ~12,000. */
const ALGEBRA_WORK_PER_MS = 2000;
/** What a search context made without a budget may spend (as much as the default step's search). */
const MAX_ALGEBRA_WORK = 2_400_000;

function algebraWorkFor(ms: number): number { return Math.round(ms * ALGEBRA_WORK_PER_MS); }

const limitsFor = (ms: number, safetyDeadline: number): SearchLimits => ({
  maxNodes: nodesFor(ms), safetyDeadline, maxDepth: 8, maxAlgebraCalls: 40,
});

type Eager = { expr: Expr; steps: ProofStep[] };

/** Searches between the eagerly unfolded sides and stitches the chain together
 *  (the right side's eager steps are used right to left, recorded reversed). */
function between(
  left: Eager, goal: RuleRelation, rhs: Expr, right: Eager, rules: readonly Rule[], search: SearchContext, limits: SearchLimits,
): ProofOutcome {
  const middle = searchProof(left.expr, goal, right.expr, rules, search, limits);
  if (!middle.proved) return middle;
  const back = right.steps.map((st, i) => ({ ...st, result: i === 0 ? normalize(rhs, search.kernel.scalar) : right.steps[i - 1]!.result, reversed: true })).reverse();
  return { proved: true, steps: [...left.steps, ...middle.steps, ...back] };
}

/** Why the kernel rejects a proof of `lhs relation rhs` (null when it accepts). */
export function replayFailure(lhs: Expr, relation: Relation, rhs: Expr, steps: readonly ProofStep[], ctx: ProofContext): string | null {
  if (!isOrderRelation(relation)) return `relation ${relation} is not proved by rules`;
  return replayProof(lhs, relation, rhs, steps, kernelContext(ctx, ruleLists(ctx).all, [lhs, rhs]));
}

/** The kernel's verdict on a proof: true when every step re-applies and the chain ends at `rhs`. */
export const replay = (lhs: Expr, relation: Relation, rhs: Expr, steps: readonly ProofStep[], ctx: ProofContext): boolean =>
  replayFailure(lhs, relation, rhs, steps, ctx) === null;
