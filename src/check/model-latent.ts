/**
 * Latent-variable models: a distribution letter defined by a problem at one argument pattern
 * (`p(x^{(i)}, z^{(i)} = j;\theta) := \phi_j\,\mathcal N(x^{(i)};\mu_j,\Sigma_j)`) and used at
 * others (`p(x;\theta^{(t)})`, `p(z \mid x;\theta)`, `p(z^{(i)} = j \mid x^{(i)};\theta^{(t)})`)
 * means the marginal or conditional of its most fitting joint definition: discrete variables
 * are summed over their range, a condition divides by the marginal of what it conditions on.
 *
 * The parameter after `;` is the joint's parameter θ; θ stands for the names of the joint's right
 * side that are neither its variables nor their indices (φ, μ, Σ). `\theta^{(t)}` is θ at another
 * value: its parts carry the same script (φ^{(t)}, μ^{(t)}, Σ^{(t)}), unless the text states
 * `\theta^{(t)} = (\phi, \mu, \Sigma)`. A part at another value is a name of its own (varying φ,
 * as `+ \text{const}` with respect to φ does, leaves φ^{(t)} alone), with the kind and the
 * assumptions of the part it is a value of. A part the problem puts on a simplex (`\sum_{j=1}^k \phi_j = 1`)
 * is drawn on it at every other value too (φ^{(t)}_j as a positive vector divided by its sum), so
 * no world breaks the model's domain. A call defined over θ (`\ell(\theta)`) is expanded in place
 * when applied at another value, so that the value reaches the densities.
 *
 * Owns: building that reading from definitions and assumptions, and rewriting the expressions a
 * step is sampled with. Must not: prove (rewritten forms never reach the kernel), evaluate, or
 * rewrite what it cannot read: a density it cannot express stays as written, and the numeric
 * back-end leaves its step unverified with the reason.
 */
import { add, bind, children, freeNames, indicator, key, mapChildren, mul, pow, num, rel, sym, type Definition, type Expr, type Prob, type Sym } from '../expr/model.js';
import { definitionSlots, parameters, parameterSlots } from '../expr/definitions.js';
import type { SymbolInfo, SymbolTable } from '../expr/symbols.js';
import { toLatex } from '../notation/print.js';
import type { ConditionalLaw, ParameterTuple } from './model-laws.js';
import { applyBare, unfoldReaching, type Unfoldable } from '../numeric/unfold.js';
import { pointOf, redrawnName } from '../numeric/stationarity.js';

interface Range { readonly from: Expr; readonly to: Expr }

/** One slot of a joint definition: a variable named by its symbol, or `z = j` (the letter j takes z's value). */
interface JointSlot { readonly name: string; readonly slot: Expr; readonly letter: Sym | null }

interface Joint { readonly def: Definition; readonly slots: readonly JointSlot[] }

export interface LatentModel {
  readonly letter: string;
  readonly parameter: Sym | null;
  readonly components: ReadonlySet<string>;
  readonly joints: readonly Joint[];
  /** Discrete variables (by symbol name) and the values they range over. */
  readonly ranges: ReadonlyMap<string, Range>;
  /** Parts of the parameter that lie on a simplex over a range of indices. */
  readonly simplex: ReadonlyMap<string, Range>;
  /** Observed discrete values stated in a range whose end is a name (`\tilde z^{(i)} \in \{1, \dots, k\}`): drawn into it. */
  readonly labelled: ReadonlyMap<string, Range>;
  readonly tuples: readonly ParameterTuple[];
  /** Functions defined over the parameter (`\ell(\theta) := …`): expanded at other values. */
  readonly overParameter: ReadonlyMap<string, readonly Definition[]>;
  /** The definitions as stated (not read inside the model), for unfolding a derivative's body. */
  readonly stated: Unfoldable;
}

/** What a problem states, as the checker holds it. */
export interface ModelFacts {
  readonly definitions: readonly Definition[];
  readonly assumptions: readonly Expr[];
  readonly laws: readonly ConditionalLaw[];
  readonly tuples: readonly ParameterTuple[];
  /** Is the name an integer (the symbol table's reading)? */
  readonly integer: (name: string) => boolean;
}

const MAX_DEPTH = 60;

/** The latent-variable models the facts define: one per distribution letter with a joint over a discrete variable of known range. */
export function latentModels(facts: ModelFacts): LatentModel[] {
  const ranges = discreteRanges(facts);
  const simplex = simplexParts(facts.assumptions);
  const byLetter = new Map<string, Joint[]>();
  for (const def of facts.definitions) {
    const joint = jointOf(def);
    if (joint) byLetter.set((def.lhs as Prob).dist.name, [...(byLetter.get((def.lhs as Prob).dist.name) ?? []), joint]);
  }
  const models: LatentModel[] = [];
  for (const [letter, joints] of byLetter) {
    const latent = joints.some((j) => j.slots.some((s) => s.letter !== null && ranges.has(s.name)));
    if (!latent) continue;
    const parameter = joints.map((j) => parameterOf(j.def.lhs as Prob)).find((p) => p !== null) ?? null;
    const components = parameter ? componentsOf(joints, parameter) : new Set<string>();
    const overParameter = new Map<string, Definition[]>();
    if (parameter) {
      for (const d of facts.definitions) {
        if (d.lhs.kind !== 'call' || !d.lhs.args.some((a) => key(a) === key(parameter))) continue;
        overParameter.set(d.lhs.fn.name, [...(overParameter.get(d.lhs.fn.name) ?? []), d]);
      }
    }
    const ownSimplex = new Map([...simplex].filter(([name]) => components.has(name) && !facts.definitions.some((d) => d.lhs.kind === 'sym' && d.lhs.name === name)));
    const latentNames = new Set(joints.flatMap((j) => j.slots.filter((s) => s.letter !== null).map((s) => s.name)));
    const labelled = new Map([...membershipRanges(facts.assumptions)].filter(([name, r]) => !latentNames.has(name) && facts.integer(name) && (r.from.kind !== 'num' || r.to.kind !== 'num')));
    models.push({ letter, parameter, components, joints, ranges, simplex: ownSimplex, labelled, tuples: facts.tuples, overParameter, stated: definitionTable(facts.definitions) });
  }
  return models;
}

/** The expressions a step is sampled with, read inside the models (unchanged where no model applies). */
export function withinModels(models: readonly LatentModel[], e: Expr): Expr {
  let out = e;
  for (const m of models) out = intoRanges(m, normaliseSimplex(m, partsAsNames(m, rewrite(m, unfoldOnSimplex(m, out), 0))));
  return out;
}

/** A part written at another value by hand (`\phi_j^{(t)}`) is the same name the densities use there. */
function partsAsNames(m: LatentModel, e: Expr): Expr {
  const go = (x: Expr): Expr => (x.kind === 'sym' && m.components.has(x.name) && x.upper.length > 0
    ? sym(valueName(x.name, x.upper), x.index.map(go)) : mapChildren(x, go));
  return go(e);
}

/**
 * The assumptions read inside the models: a simplex constraint (`\sum_j \phi_j = 1`) holds by
 * construction once its part is drawn as a vector divided by its sum, so it is dropped; the
 * others speak of the normalised parts.
 */
export function assumptionsWithinModels(models: readonly LatentModel[], assumptions: readonly Expr[], exprs: readonly Expr[]): Expr[] {
  if (models.length === 0) return [...assumptions];
  const kept = assumptions.filter((a) => !models.some((m) => [...simplexParts([a]).keys()].some((name) => m.simplex.has(name))));
  // what is assumed of a part holds of it at every value (\phi_j > 0 gives \phi^{(t)}_j > 0)
  const copies = [...valuesOfParts(models, exprs)].flatMap(([name, part]) => kept.filter((a) => freeNames(a).has(part)).map((a) => renamePart(a, part, name)));
  return [...kept, ...copies].map((a) => models.reduce((x, m) => intoRanges(m, normaliseSimplex(m, partsAsNames(m, x))), a));
}

/** `e` with the part's own occurrences (no script of their own) renamed. */
function renamePart(e: Expr, part: string, name: string): Expr {
  const go = (x: Expr): Expr => (x.kind === 'sym' && x.name === part && x.upper.length === 0 ? sym(name, x.index.map(go)) : mapChildren(x, go));
  return go(e);
}

/**
 * A definition's right side read inside the models; a joint itself stays as written. A point
 * defined by optimising over the parameter (`\theta^{(t+1)} := \arg\max_\theta …`) is left out:
 * sampling cannot compute it (model-argmax.ts reads the steps about it), and what its objective
 * says about x and z must not make the data points outcomes of a discrete variable.
 */
export function definitionsWithinModels(models: readonly LatentModel[], defs: readonly Definition[]): Definition[] {
  if (models.length === 0) return [...defs];
  const joints = new Set(models.flatMap((m) => m.joints.map((j) => j.def)));
  const overParameter = (d: Definition): boolean => d.rhs.kind === 'bind' && ['argmax', 'argmin'].includes(d.rhs.op)
    && models.some((m) => m.parameter !== null && d.rhs.kind === 'bind' && d.rhs.vars.includes(m.parameter.name));
  const read = defs.filter((d) => !overParameter(d)).map((d) => (joints.has(d) ? d : { lhs: d.lhs, rhs: withinModels(models, d.rhs) }));
  return [...read, ...models.flatMap(redrawnParts)];
}

// ---------------------------------------------------------------- reading the model

/** `p(x, z = j; θ) := …` without conditions, every argument a variable or `variable = letter`. */
function jointOf(def: Definition): Joint | null {
  if (def.lhs.kind !== 'prob' || def.lhs.given.length > 0 || def.lhs.args.length === 0) return null;
  const slots: JointSlot[] = [];
  for (const a of def.lhs.args) {
    if (a.kind === 'sym') slots.push({ name: a.name, slot: a, letter: null });
    else if (a.kind === 'rel' && a.op === '=' && a.lhs.kind === 'sym' && a.rhs.kind === 'sym' && a.rhs.index.length + a.rhs.upper.length === 0) {
      slots.push({ name: a.lhs.name, slot: a.lhs, letter: a.rhs });
    } else return null;
  }
  return { def, slots };
}

const parameterOf = (p: Prob): Sym | null => (p.dist.index.length === 1 && p.dist.upper.length === 0 && p.dist.index[0]!.kind === 'sym' ? p.dist.index[0] as Sym : null);

/** The parameter's parts: names of the joints' right sides that are not their variables, indices or letters. */
function componentsOf(joints: readonly Joint[], parameter: Sym): Set<string> {
  const out = new Set<string>();
  for (const j of joints) {
    const local = new Set<string>([parameter.name, '\\pi']);
    for (const s of j.slots) {
      local.add(s.name);
      for (const n of freeNames(s.slot)) local.add(n);
      if (s.letter) local.add(s.letter.name);
    }
    for (const n of freeNames(j.def.rhs)) if (!local.has(n)) out.add(n);
  }
  return out;
}

/**
 * The values of discrete variables: `z \sim \text{Multinomial}(\phi)` with φ on a simplex over
 * {a, …, b} ranges over {a, …, b}; so does a variable stated `\in \{a, \dots, b\}`, and the
 * condition `z = j` of a conditional law when z has a range.
 */
function discreteRanges(facts: ModelFacts): Map<string, Range> {
  const simplex = simplexParts(facts.assumptions);
  const out = new Map<string, Range>();
  for (const a of facts.assumptions) {
    if (a.kind !== 'rel' || a.lhs.kind !== 'sym') continue;
    if (a.op === 'sim' && a.rhs.kind === 'fn' && a.rhs.name === 'multinomial' && a.rhs.args[0]?.kind === 'sym') {
      const range = simplex.get(a.rhs.args[0].name);
      if (range) out.set(a.lhs.name, range);
    }
  }
  for (const [name, range] of membershipRanges(facts.assumptions)) out.set(name, range);
  return out;
}

/** `v \in \{a, \dots, b\}`. */
function membershipRanges(assumptions: readonly Expr[]): Map<string, Range> {
  const out = new Map<string, Range>();
  for (const a of assumptions) {
    if (a.kind === 'rel' && a.op === 'in' && a.lhs.kind === 'sym' && a.rhs.kind === 'set' && a.rhs.range) out.set(a.lhs.name, a.rhs.range);
  }
  return out;
}

/** `\sum_{j=a}^{b} \phi_j = 1`: φ lies on the simplex over {a, …, b}. */
function simplexParts(assumptions: readonly Expr[]): Map<string, Range> {
  const out = new Map<string, Range>();
  for (const a of assumptions) {
    if (a.kind !== 'rel' || a.op !== '=' || a.rhs.kind !== 'num' || a.rhs.value !== 1) continue;
    const s = a.lhs;
    if (s.kind !== 'bind' || s.op !== 'sum' || s.vars.length !== 1 || s.domain.kind !== 'range') continue;
    const b = s.body;
    if (b.kind === 'sym' && b.upper.length === 0 && b.index.length === 1 && key(b.index[0]!) === key(sym(s.vars[0]!))) {
      out.set(b.name, { from: s.domain.from, to: s.domain.to });
    }
  }
  return out;
}

// ---------------------------------------------------------------- rewriting

function rewrite(m: LatentModel, e: Expr, depth: number): Expr {
  if (depth > MAX_DEPTH) return e;
  const go = (x: Expr): Expr => rewrite(m, x, depth + 1);
  if (e.kind === 'bind') {
    // a binder over the parameter itself (an arg max over θ) is about θ, not at a value of it
    if (m.parameter && e.vars.includes(m.parameter.name)) return e;
    const inner = mapChildren(e, go) as typeof e;
    const range = e.op === 'sum' && e.vars.length === 1 && inner.domain.kind === 'natural' ? m.ranges.get(e.vars[0]!) : undefined;
    return range ? bind('sum', inner.vars, { kind: 'range', from: range.from, to: range.to }, inner.body) : inner;
  }
  if (e.kind === 'prob' && e.dist.name === m.letter) {
    const read = probabilityOf(m, e);
    if (read) return go(read);
  }
  if (e.kind === 'call' && m.overParameter.has(e.fn.name)) {
    const expanded = expandCall(m, e);
    if (expanded) return go(expanded);
  }
  return mapChildren(e, go);
}

/** `f(a)` where `f(\theta) := body`: the body with θ replaced by a (only when a is another value of θ). */
function expandCall(m: LatentModel, e: Extract<Expr, { kind: 'call' }>): Expr | null {
  for (const def of m.overParameter.get(e.fn.name) ?? []) {
    const lhs = def.lhs as Extract<Expr, { kind: 'call' }>;
    if (lhs.args.length !== e.args.length || key(sym(lhs.fn.name, lhs.fn.index, lhs.fn.upper)) !== key(e.fn)) continue;
    const params = parameterSlots(def).slice(definitionSlots(lhs).scripts);
    if (!params.every(Boolean)) continue;
    if (lhs.args.every((a, i) => key(a) === key(e.args[i]!))) return null;
    return lhs.args.reduce<Expr>((body, slot, i) => replaceKey(body, slot, e.args[i]!), def.rhs);
  }
  return null;
}

/** A use of the letter as the joint's marginal or conditional, or null when it cannot be read. */
function probabilityOf(m: LatentModel, u: Prob): Expr | null {
  const at = u.dist.index.length + u.dist.upper.length === 0 ? m.parameter : u.dist.upper.length === 0 && u.dist.index.length === 1 ? u.dist.index[0]! : null;
  if (m.parameter && !at) return null;
  const parts = m.parameter && at ? partsAt(m, at) : (s: Sym) => s as Expr;
  if (!parts) return null;
  const values = (args: readonly Expr[]) => args.map(assignment);
  const args = values(u.args);
  const given = values(u.given);
  if ([...args, ...given].some((a) => a === null)) return null;
  const top = jointOf_(m, [...args, ...given] as Assignment[], parts);
  if (!top || given.length === 0) return top;
  const bottom = jointOf_(m, given as Assignment[], parts);
  return bottom ? mul(top, pow(bottom, num(-1))) : null;
}

interface Assignment { readonly name: string; readonly value: Expr }

/** `x^{(i)}` names x at itself; `z^{(i)} = l` names z at l. */
function assignment(a: Expr): Assignment | null {
  if (a.kind === 'sym') return { name: a.name, value: a };
  if (a.kind === 'rel' && a.op === '=' && a.lhs.kind === 'sym') return { name: a.lhs.name, value: a.rhs };
  return null;
}

/** The density of the variables `at` from the joint that covers them with the fewest others, those summed out. */
function jointOf_(m: LatentModel, at: readonly Assignment[], parts: (s: Sym) => Expr): Expr | null {
  const names = at.map((a) => a.name);
  if (new Set(names).size !== names.length) return null;
  const fits = m.joints
    .filter((j) => names.every((n) => j.slots.some((s) => s.name === n)))
    .map((j) => ({ j, extra: j.slots.filter((s) => !names.includes(s.name)) }))
    .filter(({ extra }) => extra.every((s) => s.letter !== null && m.ranges.has(s.name)))
    .sort((a, b) => a.extra.length - b.extra.length);
  const best = fits[0];
  if (!best) return null;
  let body = mapParts(m, best.j.def.rhs, parts);
  const used = new Set(at.flatMap((a) => [...freeNames(a.value)]));
  const summed: { name: string; range: Range }[] = [];
  for (const s of best.j.slots) {
    const given = at.find((a) => a.name === s.name);
    if (given) {
      body = s.letter ? replaceKey(body, s.letter, given.value) : replaceKey(body, s.slot, given.value);
      continue;
    }
    const fresh = freshName(s.letter!.name, new Set([...used, ...freeNames(body)].filter((n) => n !== s.letter!.name)));
    body = replaceKey(body, s.letter!, sym(fresh));
    summed.push({ name: fresh, range: m.ranges.get(s.name)! });
  }
  return summed.reduceRight<Expr>((inner, s) => bind('sum', [s.name], { kind: 'range', from: s.range.from, to: s.range.to }, inner), body);
}

function freshName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  while (taken.has(name)) name += "'";
  return name;
}

/** How the parameter's parts read at the value `at` of θ, or null when the value cannot be read. */
function partsAt(m: LatentModel, at: Expr): ((s: Sym) => Expr) | null {
  const theta = m.parameter!;
  const same = (s: Sym): Expr => s;
  if (key(at) === key(theta)) return same;
  if (at.kind !== 'sym') return null;
  const stated = m.tuples.find((t) => key(t.name) === key(at));
  if (stated) {
    const names = new Set(stated.parts.map((p) => p.name));
    if (names.size !== m.components.size || ![...m.components].every((c) => names.has(c))) return null;
    const scripts = stated.parts.map((p) => (p.index.length === 0 ? key(sym('', [], p.upper)) : null));
    if (scripts.some((s) => s === null) || new Set(scripts).size !== 1) return null;
    const upper = stated.parts[0]!.upper;
    return upper.length === 0 ? same : (s) => sym(valueName(s.name, upper), s.index);
  }
  if (at.name === theta.name && key(sym('', at.index)) === key(sym('', theta.index)) && at.upper.length > 0) {
    return (s) => sym(valueName(s.name, at.upper), s.index);
  }
  return null;
}

/** The name of a part at another value of the parameter: `\phi^{(t)}` (the script joins the name). */
const valueName = (name: string, upper: readonly Expr[]): string => `${name}^{(${upper.map(toLatex).join(', ')})}`;

/** The part a name of that form is a value of, or null. */
const partOf = (name: string): string | null => /^(.+)\^\{\(.*\)\}$/.exec(name)?.[1] ?? null;

/** Names of parts at other values used in `exprs`, each with the part it is a value of. */
function valuesOfParts(models: readonly LatentModel[], exprs: readonly Expr[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'sym') {
      const part = partOf(x.name);
      if (part && models.some((m) => m.components.has(part))) out.set(x.name, part);
    }
    for (const c of children(x)) walk(c);
  };
  exprs.forEach(walk);
  return out;
}

/** The symbol table with each part at another value read like the part (a vector, a matrix, positive). */
export function symbolsWithinModels(models: readonly LatentModel[], symbols: SymbolTable, exprs: readonly Expr[]): SymbolTable {
  const values = valuesOfParts(models, exprs);
  if (values.size === 0) return symbols;
  const table = new Map<string, SymbolInfo>(symbols);
  for (const [name, part] of values) {
    const info = symbols.get(part);
    if (info) table.set(name, info);
  }
  return table;
}

/** The parts of θ in `e` (names without a script of their own) read by `parts`. */
function mapParts(m: LatentModel, e: Expr, parts: (s: Sym) => Expr): Expr {
  const go = (x: Expr): Expr => {
    if (x.kind === 'sym' && m.components.has(x.name) && x.upper.length === 0) return parts(sym(x.name, x.index.map(go), []));
    return mapChildren(x, go);
  };
  return go(e);
}

// ---------------------------------------------------------------- derivatives on a simplex

/**
 * A derivative with respect to a part drawn on a simplex (`\frac{\partial \mathcal L(\phi, \lambda)}{\partial \phi_j}`)
 * treats the part as free — that is what a Lagrangian is for — at a point on the simplex. The
 * part's normalised form, written in place of every φ, would move the whole vector when φ_j moves;
 * so inside such a derivative φ is read as ψ, defined as the normalised φ (`redrawnParts`): the
 * derivative moves ψ_j alone, from its value on the simplex. Definitions that reach φ from the
 * body are first unfolded (as stated, before the model's reading), so that no φ stays behind a
 * definition where ψ_j would not move it; if one does, the derivative is left as written (and
 * the numeric back-end says why it cannot take it).
 */
function unfoldOnSimplex(m: LatentModel, e: Expr): Expr {
  if (m.simplex.size === 0) return e;
  const go = (x: Expr, bound: ReadonlySet<string>, depth: number): Expr => {
    if (depth > MAX_DEPTH * 4) return x;
    const part = x.kind === 'deriv' ? simplexVariable(m, x.wrt) : null;
    if (x.kind === 'deriv' && part !== null) {
      const applied = applyBare(x.body, part, m.stated.calls);
      return { kind: 'deriv', wrt: x.wrt, body: unfoldReaching(applied, new Set([part]), m.stated, (n) => bound.has(n)) };
    }
    if (x.kind === 'bind') {
      const inner = new Set([...bound, ...x.vars]);
      return mapChildren(x, (c) => go(c, c === x.body ? inner : bound, depth + 1));
    }
    return mapChildren(x, (c) => go(c, bound, depth + 1));
  };
  return go(e, new Set(), 0);
}

/** The simplex part a derivative is taken with respect to (φ_j, a power of it, or φ_j at a point), or null. */
function simplexVariable(m: LatentModel, wrt: Expr): string | null {
  const variable = pointOf(wrt)?.variable ?? wrt;
  const base = variable.kind === 'pow' ? variable.base : variable;
  return base.kind === 'sym' && base.upper.length === 0 && m.simplex.has(base.name) ? base.name : null;
}

/** The definitions of the parts read inside such derivatives: ψ_l := φ_l / Σ_m φ_m. */
function redrawnParts(m: LatentModel): Definition[] {
  return [...m.simplex].map(([name, range]) => {
    // a single letter, so that the definition's subscript is a parameter (expr/definitions.ts)
    const taken = new Set([...freeNames(range.from), ...freeNames(range.to)]);
    const l = [...'lmpqrsuv'].find((c) => !taken.has(c)) ?? 'l';
    const total = bind('sum', [l + "'"], { kind: 'range', from: range.from, to: range.to }, sym(name, [sym(l + "'")]));
    return { lhs: sym(redrawnName(name), [sym(l)]), rhs: mul(sym(name, [sym(l)]), pow(total, num(-1))) };
  });
}

/** Does `e` still reach, through a definition as stated, the part `name` (so ψ could not stand for it)? */
function reachesPart(m: LatentModel, e: Expr, name: string): boolean {
  const seen = new Set<Definition>();
  const queue: Expr[] = [e];
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const x = queue.pop()!;
    if (x.kind === 'sym' || x.kind === 'call') {
      const head = x.kind === 'sym' ? x : x.fn;
      for (const def of (x.kind === 'sym' ? m.stated.syms : m.stated.calls).get(head.name) ?? []) {
        if (seen.has(def)) continue;
        seen.add(def);
        const params = new Set(parameters(def).map((p) => p.name));
        if (freeNames(def.rhs).has(name) && !params.has(name)) return true;
        queue.push(def.rhs);
      }
    }
    queue.push(...children(x));
  }
  return queue.length > 0;
}

/** `e` with the part's free occurrences renamed (its scripts kept). */
function renamed(e: Expr, from: string, to: string): Expr {
  const go = (x: Expr, bound: ReadonlySet<string>): Expr => {
    if (x.kind === 'sym' && x.name === from && !(bound.has(from) && x.upper.length === 0)) return sym(to, x.index.map((i) => go(i, bound)), x.upper.map((u) => go(u, bound)));
    if (x.kind === 'bind') {
      const inner = new Set([...bound, ...x.vars]);
      return mapChildren(x, (c) => go(c, c === x.body ? inner : bound));
    }
    return mapChildren(x, (c) => go(c, bound));
  };
  return go(e, new Set());
}

/** Every `φ_e` (at any value, `φ^{(s)}_e`) of a simplex part φ, as a positive vector divided by its sum;
 *  inside a derivative with respect to φ, ψ_e (see `unfoldOnSimplex`). */
function normaliseSimplex(m: LatentModel, e: Expr): Expr {
  if (m.simplex.size === 0) return e;
  const go = (x: Expr): Expr => {
    const part = x.kind === 'deriv' ? simplexVariable(m, x.wrt) : null;
    if (x.kind === 'deriv' && part !== null && !reachesPart(m, x.body, part)) {
      const redrawn = redrawnName(part);
      const variable = pointOf(x.wrt);
      const wrt = variable ? rel('=', renamed(variable.variable, part, redrawn), go(variable.at)) : renamed(x.wrt, part, redrawn);
      return { kind: 'deriv', wrt, body: go(renamed(x.body, part, redrawn)) };
    }
    if (x.kind === 'sym' && x.index.length === 1) {
      const range = m.simplex.get(partOf(x.name) ?? x.name);
      if (range) {
        const l = freshName('l', new Set([...freeNames(x)]));
        const total = bind('sum', [l], { kind: 'range', from: range.from, to: range.to }, sym(x.name, [sym(l)], x.upper));
        return mul(x, pow(total, num(-1)));
      }
    }
    return mapChildren(x, go);
  };
  return go(e);
}

/**
 * Every value of a labelled variable stated in {a, …, b} with a named end, read into that range:
 * an integer r drawn for it becomes r when a ≤ r ≤ b, else the nearer end — a map onto the range,
 * so every world keeps the statement and every value in the range is still met.
 */
function intoRanges(m: LatentModel, e: Expr): Expr {
  if (m.labelled.size === 0) return e;
  // a bound variable of that name (\sum_{j=1}^k …) is not the labelled value
  const go = (x: Expr, bound: ReadonlySet<string>): Expr => {
    const range = x.kind === 'sym' && !(bound.has(x.name) && x.upper.length === 0) ? m.labelled.get(x.name) : undefined;
    if (x.kind === 'sym' && range) {
      const c = freshName('c', new Set([...freeNames(x), ...freeNames(range.from), ...freeNames(range.to)]));
      const inside = bind('sum', [c], { kind: 'range', from: range.from, to: range.to }, mul(sym(c), indicator(rel('=', x, sym(c)))));
      return add(inside, mul(range.to, indicator(rel('>', x, range.to))), mul(range.from, indicator(rel('<', x, range.from))));
    }
    if (x.kind === 'bind') {
      const inner = new Set([...bound, ...x.vars]);
      return mapChildren(x, (c) => go(c, c === x.body ? inner : bound));
    }
    return mapChildren(x, (c) => go(c, bound));
  };
  return go(e, new Set());
}

/** `e` with every occurrence of `target` (by structural key) replaced by `value`; a binder of the target's name shields its body. */
export function replaceKey(e: Expr, target: Expr, value: Expr): Expr {
  const k = key(target);
  const name = target.kind === 'sym' ? target.name : '';
  const go = (x: Expr): Expr => {
    if (key(x) === k) return value;
    if (x.kind === 'bind' && x.vars.includes(name) && target.kind === 'sym' && target.upper.length === 0) return x;
    return mapChildren(x, go);
  };
  return go(e);
}

/** Definitions by the kind and name of what they define (as the numeric back-end indexes them). */
function definitionTable(defs: readonly Definition[]): Unfoldable {
  const syms = new Map<string, Definition[]>();
  const calls = new Map<string, Definition[]>();
  for (const d of defs) {
    const [table, name] = d.lhs.kind === 'sym' ? [syms, d.lhs.name] : d.lhs.kind === 'call' ? [calls, d.lhs.fn.name] : [null, ''];
    table?.set(name, [...(table.get(name) ?? []), d]);
  }
  return { syms, calls };
}
