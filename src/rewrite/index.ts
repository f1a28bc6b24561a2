/**
 * The rule engine's public face: load the rule library, turn `:=` definitions
 * into rules, prove a step (search, then replay), replay a given proof.
 *
 * Owns: the API other layers use. Must not: hold rules in code (they are data
 * in rules/*.rules) or call anything `proved` that replay did not check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONST, type Expr, type Sym } from '../expr/model.js';
import { BUILTIN } from './engine.js';
import type { Relation } from '../expr/relations.js';
import { parseLatex } from '../notation/parse.js';
import type { Facts } from './conditions.js';
import { type SearchLimits, compiledFor, rewriteEagerly, searchProof } from './search.js';
import { replayProof } from './replay.js';
import { parseRuleFile } from './rulefile.js';
import { type RuleSource, readRuleCache, writeRuleCache } from './rule-cache.js';
import { normalize } from './normalize.js';
import type { ProofContext, ProofOutcome, ProofStep, Rule, RuleRelation, RuleSet, VarRole } from './types.js';

export type { Condition, ContextLevel, Lambda, ProofContext, ProofOutcome, ProofStep, Rule, RuleRelation, RuleSet, VarRole } from './types.js';
export { RuleFileError, parseRuleFile } from './rulefile.js';
export { normalize } from './normalize.js';
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

/** The one rule implemented in code: scalar rational identities, derivatives and quadratic
 *  optima, decided by nerdamer and spot-checked (see algebra.ts). It has no pattern. */
export const ALGEBRA_RULE: Rule = {
  name: 'algebra', synonyms: ['simplify', 'simplification', 'algebra', 'rearrange', 'expand and collect', 'calculus', 'set the derivative to zero'],
  statement: '(scalar rational identities, derivatives, minimiser of a quadratic: checked by nerdamer)',
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

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Up to three rule names whose name or a synonym is closest to `text` (and reasonably close). */
function suggest(text: string, rules: readonly { readonly name: string; readonly normed: readonly string[] }[]): string[] {
  const t = normName(text);
  if (t === '') return [];
  const scored = rules.map((r) => {
    const d = Math.min(...r.normed.map((m) => (m.includes(t) || t.includes(m) ? Math.abs(m.length - t.length) / 4 : editDistance(t, m))));
    return { name: r.name, d };
  });
  const limit = Math.max(2, Math.ceil(t.length * 0.4));
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d || a.name.localeCompare(b.name)).slice(0, 3).map((s) => s.name);
}

/** `lhs := rhs` → rule `def-NAME`: unfold left to right, fold right to left. Arguments of a
 *  function definition (`L(\mu) :=`) and plain indices and sample superscripts (`\bar\alpha_t :=`,
 *  `y^{(i)} :=`) are its pattern variables. Names are unique (`def-L_C`, `def-L_S`, `def-f-2`). */
export function definitionRules(defs: readonly { lhs: Expr; rhs: Expr }[]): Rule[] {
  const taken = new Set<string>();
  return defs.map((d, i) => {
    const head: Sym | null = d.lhs.kind === 'sym' ? d.lhs : d.lhs.kind === 'call' ? d.lhs.fn : null;
    const params = d.lhs.kind === 'call' ? d.lhs.args : d.lhs.kind === 'sym' ? [...d.lhs.index, ...d.lhs.upper] : [];
    const vars = new Map<string, VarRole>();
    for (const p of params) if (p.kind === 'sym' && p.index.length === 0 && p.upper.length === 0) vars.set(p.name, 'expr');
    const base = head ? `def-${plainName(head)}` : `def-${i + 1}`;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
    taken.add(name);
    return {
      name, synonyms: [], statement: '(definition)', lhs: normalize(d.lhs), rhs: normalize(d.rhs), relation: '=' as const,
      conditions: [], file: '(definitions)', line: 0, vars,
    };
  });
}

/** A readable rule-name fragment for a symbol: `\mathcal{L}_C` → `L_C`. */
function plainName(s: Sym): string {
  const clean = (n: string) => n.replace(/\\[a-zA-Z]+\{([^}]*)\}/g, '$1').replace(/[\\{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-');
  const label = s.index.filter((x) => x.kind === 'sym' && x.index.length === 0).map((x) => clean((x as Sym).name));
  const sample = s.upper.length > 0 && s.upper.every((x) => x.kind === 'num') ? `^(${s.upper.map((x) => (x as { value: number }).value).join(',')})` : '';
  return clean(s.name) + (label.length && s.index.length === label.length && areLabels(label) ? `_${label.join('')}` : '') + sample;
}
const areLabels = (labels: readonly string[]): boolean => labels.every((l) => /^[A-Z]/.test(l));

const RULE_RELATIONS: readonly string[] = ['=', '<=', '>=', '<', '>'];

/** Rules available to a step: first the cited ones, the definitions and the glue rules; then the whole library. */
function ruleLists(ctx: ProofContext): { cited: Rule[]; all: Rule[] } {
  const defs = definitionRules(ctx.definitions);
  const glue = ctx.rules.rules.filter((r) => r.glue && !ctx.cited.includes(r));
  const cited = [...ctx.cited, ...defs, ...glue];
  return { cited, all: [...cited, ...ctx.rules.rules.filter((r) => !ctx.cited.includes(r) && !r.glue)] };
}

const factsOf = (ctx: ProofContext): Facts => ({ symbols: ctx.symbols, assumptions: ctx.assumptions, definitions: ctx.definitions });

/** Searches for a proof and replays it; only a replayed proof comes back as proved.
 *  Phases, each with a share of the budget: the cited rules with definitions and glue
 *  (when something is cited); the whole library; and last — when there is anything to
 *  unfold — both sides with every `:=` definition unfolded and finite sums expanded, then the
 *  whole library between them. */
export function prove(lhs: Expr, relation: Relation, rhs: Expr, ctx: ProofContext, budgetMs: number): ProofOutcome {
  if (!RULE_RELATIONS.includes(relation)) return { proved: false, reason: `relation ${relation} is not proved by rules` };
  const goal = relation as RuleRelation;
  const { cited, all } = ruleLists(ctx);
  const facts = factsOf(ctx);
  // The budget is work, not time: the same input gets the same answer on a loaded machine
  // or in a parallel worker (reports replay byte for byte). Wall time is only a safety net.
  const safetyDeadline = Date.now() + budgetMs * SAFETY_FACTOR;
  // the eager pass is cheap and tells whether the last phase has anything to work on
  const eager = [...definitionRules(ctx.definitions), ...ctx.rules.rules.filter((r) => r.expand)];
  const left = rewriteEagerly(lhs, eager, facts, safetyDeadline);
  const right = rewriteEagerly(rhs, eager, facts, safetyDeadline);
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
    const outcome = phase.unfold ? between(left, goal, rhs, right, phase.rules, facts, limits) : searchProof(lhs, goal, rhs, phase.rules, facts, limits);
    if (!outcome.proved) { reasons.push(outcome.reason); continue; }
    const failure = replayProof(lhs, goal, rhs, outcome.steps, compiledFor(all), facts);
    if (failure === null) return outcome;
    reasons.push(`a found proof failed replay: ${failure}`);
  }
  return { proved: false, reason: reasons[reasons.length - 1] ?? 'no proof found' };
}

/** Search nodes granted per millisecond of step budget (about what one core expands). */
const NODES_PER_MS = 1;
/** The wall-clock safety net, as a multiple of the step budget. */
const SAFETY_FACTOR = 3;

const limitsFor = (ms: number, safetyDeadline: number): SearchLimits => ({
  maxNodes: Math.max(20, Math.round(ms * NODES_PER_MS)), safetyDeadline, maxDepth: 8, maxAlgebraCalls: 40,
});

type Eager = { expr: Expr; steps: ProofStep[] };

/** Searches between the eagerly unfolded sides and stitches the chain together
 *  (the right side's eager steps are used right to left, recorded reversed). */
function between(
  left: Eager, goal: RuleRelation, rhs: Expr, right: Eager, rules: readonly Rule[], facts: Facts, limits: SearchLimits,
): ProofOutcome {
  const middle = searchProof(left.expr, goal, right.expr, rules, facts, limits);
  if (!middle.proved) return middle;
  const back = right.steps.map((st, i) => ({ ...st, result: i === 0 ? normalize(rhs) : right.steps[i - 1]!.result, reversed: true })).reverse();
  return { proved: true, steps: [...left.steps, ...middle.steps, ...back] };
}

/** The trusted checker: true when every step re-applies and the chain ends at `rhs` with a relation that proves `relation`. */
export function replay(lhs: Expr, relation: Relation, rhs: Expr, steps: readonly ProofStep[], ctx: ProofContext): boolean {
  if (!RULE_RELATIONS.includes(relation)) return false;
  return replayProof(lhs, relation as RuleRelation, rhs, steps, compiledFor(ruleLists(ctx).all), factsOf(ctx)) === null;
}

/** Why `replay` rejects a proof (null when it accepts): for messages and tests. */
export function replayFailure(lhs: Expr, relation: Relation, rhs: Expr, steps: readonly ProofStep[], ctx: ProofContext): string | null {
  if (!RULE_RELATIONS.includes(relation)) return `relation ${relation} is not proved by rules`;
  return replayProof(lhs, relation as RuleRelation, rhs, steps, compiledFor(ruleLists(ctx).all), factsOf(ctx));
}
