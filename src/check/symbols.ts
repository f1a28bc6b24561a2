/**
 * What each symbol of a document is: the default table refined by what the
 * document itself says.
 *
 * Owns: learning kinds and bounds from a SourceDocument — definitions
 * (`L(\mu) :=` makes L a function, `\hat P(x) :=` a distribution), binder
 * bounds (`\sum_{i=1}^n` makes n a count), bold marks (`\mathbf x` a vector,
 * `\boldsymbol\Sigma` a matrix) and assumptions (`n \geq 1`, `\beta_t \in (0,1)`,
 * `\Sigma_j \succ 0`, `\mu_j \in \mathbb R^d`), shapes shown by use (check/shapes.ts), and the laws the document applies: the one
 * random-variable notation refers to (`H(X)`, `\mathbb E[x \mid y]` — see SymbolInfo.implicitLaw),
 * and a law written both bare and with one parameter list (`p(x \mid z)` beside
 * `p(x \mid z; \theta)`, SymbolInfo.parameters). Must not: check steps, or
 * fail on unreadable text (the checker reports parse errors; here they only
 * mean nothing is learned from that text).
 *
 * Order matters and is fixed: applicable symbols first (they change how the
 * rest parses), then what parsing reveals, then assumptions (most specific).
 * Both readings of laws are conservative: with two candidates, neither is taken.
 */
import { swapSides } from '../expr/relations.js';
import { InputError } from '../diagnostic.js';
import { children, freeNames, key, type Expr, type Sym } from '../expr/model.js';
import { DEFAULT_FUNCTIONS, defaultSymbols, implicitLaw, isApplicable, PROBABILITY_LAW, type SymbolInfo, type SymbolKind } from '../expr/symbols.js';
import { LETTER_COMMANDS } from '../notation/notation.js';
import { familyOfSymbol, familyOfWord, takesLaws } from '../notation/families/registry.js';
import { definitionHead, locateIn, parseAssumptions, parseWithHints } from '../notation/parse.js';
import type { SourceDocument } from '../document/source.js';
import type { MathText } from '../diagnostic.js';
import { learnShapesFromUse } from './shapes.js';
import { constantValue, numberedMember } from '../numeric/analysis.js';

type Table = Map<string, SymbolInfo>;

/** Defaults (or `base`) plus the kinds and bounds this document reveals. */
export function symbolTableFor(doc: SourceDocument, base?: Map<string, SymbolInfo>): Map<string, SymbolInfo> {
  const table: Table = new Map(base ?? defaultSymbols());
  const before = new Map(table);
  learnDefinitions(doc, table);
  valuesByUse(doc, table, before);
  constantApplied(doc, table);
  const laws: LawUses = { applied: new Set(), bare: new Set(), parameterised: new Map(), mixed: new Set() };
  const equal: (readonly [Expr, Expr])[] = [];
  const formulas: Expr[] = [];
  for (const d of doc.derivations) {
    const sides = [d.head, ...d.links.map((l) => l.rhs)].map((text) => learnFromParse(text, table, laws));
    for (const side of sides) if (side) formulas.push(side);
    // the sides of `a = b` in a chain are one value, of one shape
    d.links.forEach((l, k) => { if (l.relation === '=' && sides[k] && sides[k + 1]) equal.push([sides[k]!, sides[k + 1]!]); });
  }
  const prose = doc.prose.flatMap((p) => learnFromParse(p.text, table, laws) ?? []);
  designateImplicitLaw(table, laws.applied);
  learnParameters(table, laws);
  // a hypothesis the prose states after a display holds from there on (check/index.ts learns it in
  // place): it must not give the symbol a domain for the displays above it (`\[ |x - 1| = x - 1 \]`
  // then "For $x > 3$:" confirmed the first step)
  const first = doc.derivations[0]?.pos;
  // (…nor one said of a display or a case only, "For $x \ge 0$: \[ … \]": it holds there, not for the file)
  const early = (p: { from: { line: number; column: number }; until?: unknown }) => p.until === undefined && (first === undefined || p.from.line < first.line || (p.from.line === first.line && p.from.column < first.column));
  // (nor one on a name the prose later makes any real again, "Now let $x$ be an arbitrary real number")
  const reset = namesMadeArbitrary(doc, table);
  const assumed = [...doc.assumptions, ...doc.prose.filter((p) => p.kind === 'assumption' && early(p))].flatMap((a) => learnAssumption(a.text, table, doc.path, false, reset));
  // …though what it says of a letter's kind holds throughout (`0 < p < 1` below: p is a number, not a law)
  for (const p of doc.prose) if (p.kind === 'assumption' && !early(p)) assumed.push(...learnAssumption(p.text, table, doc.path, true));
  // a letter that is a count by convention (r, m, k, n) bounded as a real is (`m \in (0, 1)`, `0 < r \le 1`):
  // drawn as a count, only 1 was left and `m^t - m^{t+1} = 0`, `r^2 = r` were confirmed
  for (const [name, info] of table) if (info.kind === 'count' && info.integer !== false && !holdsWholeNumber(info)) table.set(name, { ...info, kind: 'scalar', integer: false });
  // read as a transpose, a superscript T leaves no name behind: any T the parses show was written as a value
  if ([...formulas, ...prose, ...assumed].some((e) => freeNames(e).has('T'))) table.set('T', { kind: 'count', integer: true, ...table.get('T'), writtenAsValue: true });
  // last: what the use shows fills in only names nothing above declared
  learnShapesFromUse([...equal.flat(), ...prose], equal, table);
  return table;
}

// ---------------------------------------------------------------- definitions

/** Distribution letters: a defined `P…(x)` / `q…(x)` is a distribution, any other defined `f(x)` a function. */
const DISTRIBUTION_LETTER = /^(\\(hat|tilde|bar)\{)?[PpQq]\}?($|[_^'])/;

function learnDefinitions(doc: SourceDocument, table: Table): void {
  for (const p of doc.prose) {
    if (p.kind !== 'definition') continue;
    const head = definitionHead(leftOfDefinition(p.text.latex));
    // an equation stated in passing about an operator (`\operatorname{Cov}(X,Y) = 0`), or one giving its
    // value (`\operatorname{Var}(X) = \sigma^2`, the right side free of X), does not make it the file's function
    if (head && familyOfWord(/\{([A-Za-z]+)\}$/.exec(head.name)?.[1] ?? head.name) && (p.onlyIfNew || !formulaInArguments(p.text.latex))) continue;
    if (head && !isApplicable(table, head.name) && head.plainArgs) {
      table.set(head.name, { ...table.get(head.name), kind: DISTRIBUTION_LETTER.test(head.name) ? 'distribution' : 'function' });
    }
  }
  const appliedOnly = new Set<string>();
  for (const d of doc.derivations) {
    d.links.forEach((link, k) => {
      const lhs = k === 0 ? d.head : d.links[k - 1]!.rhs;
      const head = definitionHead(lhs.latex);
      if (!head || isApplicable(table, head.name)) return;
      // `H(P) := …`, `H_P(X|Y) := …` state what a notation's measure of laws is: H stays the entropy
      // (`H(\theta) := \theta^2 + 1` is the file's own function)
      const ofLaws = head.conditional || head.args.every((a) => a.kind === 'sym' && (table.get(a.name)?.kind === 'distribution' || DISTRIBUTION_LETTER.test(a.name)));
      if (ofLaws && familyOfSymbol(head.name) && !DISTRIBUTION_LETTER.test(head.name)) return;
      const defines = link.relation === ':=';
      // `\ell_{\text{sup}}(\theta) &= …` heading a display names a function as surely as :=. An indexed head
      // (`\mu_q(x_t, x_0) = …`) is not enough: the table has one kind for every \mu_j.
      const namesQuantity = k === 0 && link.relation === '=' && head.marked && !head.indexed && head.plainArgs;
      // `R(\theta) = (y - \theta x)^2` heading a display, its right side over the argument and free of R:
      // a function, if the file never writes R but applied (else R(θ) is a product, R times θ)
      const notation = familyOfSymbol(head.name) || familyOfWord(/\{([A-Za-z]+)\}$/.exec(head.name)?.[1] ?? head.name);
      if (!defines && !namesQuantity && !notation && k === 0 && link.relation === '=' && !head.indexed && head.plainArgs
          && formulaInArguments(`${lhs.latex} = ${link.rhs.latex}`) && !mentionsName(link.rhs.latex, head.name)) {
        appliedOnly.add(head.name);
        return;
      }
      if (!defines && !namesQuantity) return;
      const kind: SymbolKind = DISTRIBUTION_LETTER.test(head.name) ? 'distribution' : 'function';
      table.set(head.name, { ...table.get(head.name), kind });
    });
  }
  if (appliedOnly.size === 0) return;
  const trial: Table = new Map(table);
  for (const name of appliedOnly) trial.set(name, { ...table.get(name), kind: 'function' });
  const { bare } = usesOf(doc, trial);
  for (const name of appliedOnly) if (!bare.has(name)) table.set(name, { ...table.get(name), kind: 'function' });
}

/** Does the text mention the name (as a whole name, by how the parser would read it)? */
function mentionsName(latex: string, name: string): boolean {
  try {
    return freeNames(parseWithHints(latex, new Map(), () => ({ line: 1, column: 1 })).expr).has(name);
  } catch (e) {
    if (e instanceof InputError) return true;
    throw e;
  }
}

/**
 * A letter that is a function by convention only (L, F, g, h: nothing in the file defined it) and
 * that the file never applies, but writes as a value (`\frac{L}{2}\|x - y\|^2`, `F_t - F_{t+1}`,
 * `x - \eta g_t`), is a number: a smoothness constant, a sequence. One differentiated (`\nabla L`)
 * stays a function.
 */
function valuesByUse(doc: SourceDocument, table: Table, before: ReadonlyMap<string, SymbolInfo>): void {
  const candidates = DEFAULT_FUNCTIONS.filter((name) => table.get(name) === before.get(name) && table.get(name)?.kind === 'function');
  if (candidates.length === 0) return;
  const { applied, bare, differentiated, unread } = usesOf(doc, table);
  for (const name of candidates) {
    // (a formula deriva cannot read might apply it: `\nabla g`)
    const written = new RegExp(`(?<![\\\\A-Za-z])${name.replace(/[\\{}]/g, '\\$&')}(?![A-Za-z])`);
    if (unread.some((latex) => written.test(latex))) continue;
    if (bare.has(name) && !applied.has(name) && !differentiated.has(name)) table.set(name, { ...table.get(name), kind: 'scalar' });
  }
}

/**
 * π applied to names somewhere (`\pi(a)`, `\pi(a, s)`, a policy) in the steps or assumptions, and never
 * written alone there, is a function: read as 3.14… times a, `2\pi(a) = \pi(2a)` was proved. Applied
 * only to expressions (`2\pi(x - \mu)`), or written alone (`\sqrt{2\pi}`), it stays the number.
 */
function constantApplied(doc: SourceDocument, table: Table): void {
  const name = '\\pi';
  if (table.has(name)) return;
  const trial: Table = new Map(table);
  trial.set(name, { kind: 'function' });
  let applied = false;
  let otherwise = false;
  const walk = (e: Expr, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    if (e.kind === 'sym' && e.name === name) otherwise = true;
    if (e.kind === 'call' && e.fn.name === name) {
      applied ||= e.args.every((a) => a.kind === 'sym');
      e.args.forEach((a) => walk(a, depth + 1));
      return;
    }
    children(e).forEach((c) => walk(c, depth + 1));
  };
  // (prose naming π, "Let $\pi$ be a policy", says what it is rather than using it)
  for (const text of [...doc.derivations.flatMap((d) => [d.head, ...d.links.map((l) => l.rhs)]), ...doc.assumptions.map((a) => a.text)]) {
    if (!text.latex.includes(name)) continue;
    try {
      walk(parseWithHints(text.latex, trial, locateIn(text)).expr, 0);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      otherwise = true;
    }
  }
  if (applied && !otherwise) table.set(name, { kind: 'function' });
}

/** How the document writes its names: applied (`L(\theta)`, `p(x)`), bare (`L`, `F_t`), and inside a
 *  derivative's body (`\nabla L`), as the table parses them. Unreadable text shows nothing. */
function usesOf(doc: SourceDocument, table: Table): { applied: Set<string>; bare: Set<string>; differentiated: Set<string>; unread: string[] } {
  const uses = { applied: new Set<string>(), bare: new Set<string>(), differentiated: new Set<string>(), unread: [] as string[] };
  const texts = [...doc.derivations.flatMap((d) => [d.head, ...d.links.map((l) => l.rhs)]), ...doc.prose.filter((p) => p.kind !== 'assumption').map((p) => p.text)];
  const walk = (e: Expr, underDerivative: boolean, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    if (e.kind === 'sym') uses.bare.add(e.name);
    if (e.kind === 'call') uses.applied.add(e.fn.name);
    if (e.kind === 'prob') uses.applied.add(e.dist.name);
    if (underDerivative && e.kind === 'sym') uses.differentiated.add(e.name);
    if (underDerivative && e.kind === 'call') uses.differentiated.add(e.fn.name);
    // the applied name itself is no value
    const inner = e.kind === 'call' ? e.args : e.kind === 'prob' ? [...e.args, ...e.given] : children(e);
    for (const c of inner) walk(c, underDerivative || e.kind === 'deriv', depth + 1);
  };
  const read = (text: MathText, parse: () => readonly Expr[]): void => {
    try {
      for (const e of parse()) walk(e, false, 0);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      uses.unread.push(text.latex);
    }
  };
  for (const text of texts) read(text, () => [parseWithHints(text.latex, table, locateIn(text)).expr]);
  // (an assumption is read as assumptions are: a chain `0 < \mu \le L` is two relations)
  for (const { text } of [...doc.assumptions, ...doc.prose.filter((p) => p.kind === 'assumption')]) read(text, () => parseAssumptions(text, table, doc.path));
  return uses;
}
/** (parsing bounds how deep a formula nests; past that, nothing more is learned) */
const MAX_WALK_DEPTH = 256;

/** `\mathrm{Var}(x) = x(1 - x)`: the right side of an equation `head(args) = …` mentions an argument
 *  (read from the text: a definition's arguments are plain names). */
function formulaInArguments(latex: string): boolean {
  const lhs = leftOfDefinition(latex);
  const args = /\(([^()]*)\)\s*$/.exec(lhs)?.[1]?.split(',').map((a) => a.trim()).filter((a) => a !== '') ?? [];
  const rhs = latex.slice(lhs.length).replace(/^\s*:?=/, '');
  return args.some((a) => new RegExp(`(^|[^A-Za-z\\\\])${a.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(?![A-Za-z])`).test(rhs));
}

/** The left side of `lhs = rhs` / `lhs := rhs` (the text before the first `=` outside braces and brackets). */
export function leftOfDefinition(latex: string): string {
  let depth = 0;
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i]!;
    if (c === '\\') { i++; continue; }
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (c === '=' && depth === 0) return latex.slice(0, latex[i - 1] === ':' ? i - 1 : i);
  }
  return latex;
}

// ---------------------------------------------------------------- what parsing shows

/** Learns from one formula; returns it parsed (undefined when unreadable). */
function learnFromParse(text: MathText, table: Table, laws: LawUses): Expr | undefined {
  let parsed;
  try {
    parsed = parseWithHints(text.latex, table, locateIn(text));
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
  for (const name of parsed.hints.laws) laws.applied.add(name);
  noteLawUses(parsed.expr, laws);
  for (const name of parsed.hints.vectors) setKindIfUnknown(table, name, 'vector');
  for (const name of parsed.hints.matrices) setKindIfUnknown(table, name, 'matrix');
  for (const name of rangeBounds(parsed.expr)) {
    if (!table.has(name)) table.set(name, { kind: 'count', integer: true, lower: 1 });
  }
  return parsed.expr;
}

function setKindIfUnknown(table: Table, name: string, kind: SymbolKind): void {
  const known = table.get(name);
  if (!known || known.kind === 'scalar') table.set(name, { ...known, kind });
}

/** Names standing alone as the upper bound of `\sum_{i=1}^{n}`, `\prod_{s=1}^t`. */
function rangeBounds(e: Expr): string[] {
  const out: string[] = [];
  const stack: Expr[] = [e];
  for (let steps = 0; stack.length > 0 && steps < 50_000; steps++) {
    const x = stack.pop()!;
    if (x.kind === 'bind' && x.domain.kind === 'range' && x.domain.to.kind === 'sym' && x.domain.to.index.length === 0) {
      out.push(x.domain.to.name);
    }
    for (const c of children(x)) stack.push(c);
  }
  return out;
}

// ---------------------------------------------------------------- laws

/** How the document writes its laws, formula by formula. */
interface LawUses {
  /** Laws applied by name anywhere (`p(x)`, `\Pr[A]`). */
  readonly applied: Set<string>;
  /** Laws written bare somewhere (`p(x \mid z)`, `D_{KL}(P \| Q)`, `\mathbb E_{x \sim q}`). */
  readonly bare: Set<string>;
  /** The parameter lists each law is written with (`p(x; \theta)`, `p_\theta(x)`), by key. */
  readonly parameterised: Map<string, Map<string, readonly Expr[]>>;
  /** Laws written both bare and with parameters in one formula: two laws (`\sum_x P(x) \log P_\theta(x)`). */
  readonly mixed: Set<string>;
}

/** Records one formula's uses of laws: applied (`p(x)`), or named bare where a law stands (KL, H, E's range). */
function noteLawUses(e: Expr, laws: LawUses): void {
  const bareHere = new Set<string>();
  const withParameters = new Set<string>();
  const note = (s: Sym): void => {
    if (s.upper.length > 0) return;
    if (s.index.length === 0) { bareHere.add(s.name); return; }
    withParameters.add(s.name);
    const lists = laws.parameterised.get(s.name) ?? new Map<string, readonly Expr[]>();
    lists.set(s.index.map(key).join(','), s.index);
    laws.parameterised.set(s.name, lists);
  };
  const stack: Expr[] = [e];
  for (let steps = 0; stack.length > 0 && steps < 50_000; steps++) {
    const x = stack.pop()!;
    if (x.kind === 'prob') note(x.dist);
    if (x.kind === 'fn' && takesLaws(x.name)) {
      for (const a of x.args) if (a.kind === 'sym') note(a);
    }
    if (x.kind === 'bind' && x.domain.kind === 'dist' && x.domain.dist.kind === 'sym') note(x.domain.dist);
    for (const c of children(x)) stack.push(c);
  }
  for (const name of bareHere) {
    laws.bare.add(name);
    if (withParameters.has(name)) laws.mixed.add(name);
  }
}

/**
 * `H(X)`, `\mathbb E[x \mid y]` name no law: they mean the one the document applies. A document that
 * applies none keeps `\Pr`; one that applies several (P and Q, q and p_\theta) has no implicit law,
 * and that notation stays opaque. A context's law counts as applied.
 */
function designateImplicitLaw(table: Table, applied: ReadonlySet<string>): void {
  const current = implicitLaw(table);
  if (current === undefined) return;
  const laws = new Set(applied);
  if (current !== PROBABILITY_LAW) laws.add(current);
  if (laws.size === 0) return;
  for (const [name, info] of table) if (info.implicitLaw) table.set(name, { ...info, implicitLaw: false });
  if (laws.size > 1) return;
  const [law] = laws;
  table.set(law!, { ...table.get(law!), kind: 'distribution', implicitLaw: true });
}

/**
 * `p(x \mid z)` beside `p(x \mid z; \theta)`: the writer dropped the parameters, and the bare p is p_θ.
 * Only when that is the one reading: the law is written with a single parameter list of Greek
 * letters (θ, φ — parameters, not the index of a family Q_i), and never bare and parameterised in one
 * formula (`\sum_x P(x) \log P_\theta(x)` compares two laws).
 */
function learnParameters(table: Table, laws: LawUses): void {
  for (const [name, lists] of laws.parameterised) {
    if (!laws.bare.has(name) || laws.mixed.has(name) || lists.size !== 1) continue;
    const [parameters] = lists.values();
    if (!parameters!.every(isParameter)) continue;
    const known = table.get(name);
    if (known && known.kind !== 'distribution') continue;
    table.set(name, { ...known, kind: 'distribution', parameters });
  }
}

/** θ, \phi, \theta^{(t)}: a Greek letter, maybe an iterate — what a model is parameterised by. */
const isParameter = (e: Expr): boolean => e.kind === 'sym' && e.index.length === 0 && LETTER_COMMANDS.has(e.name);

// ---------------------------------------------------------------- assumptions

/** Number sets on the right of `\in`, and what membership says. A real is a scalar, whatever its
 *  letter suggests (`\Lambda \in \mathbb R` is no matrix, `\mathbf b \in \mathbb R` no vector). */
const SET_FACTS: ReadonlyMap<string, Partial<SymbolInfo>> = new Map([
  ['\\mathbb{N}', { kind: 'count', integer: true, lower: 1 }],
  ['\\mathbb{Z}', { integer: true }],
  ['\\mathbb{Z}_+', { integer: true, lower: 1 }],
  ['\\mathbb{R}', { kind: 'scalar' }],
  ['\\mathbb{R}_+', { kind: 'scalar', positive: true, lower: 0, strictLower: true }],
  ['\\mathbb{R}^+', { kind: 'scalar', positive: true, lower: 0, strictLower: true }],
  ['\\mathbb{R}_{>0}', { kind: 'scalar', positive: true, lower: 0, strictLower: true }],
  ['\\mathbb{R}_{\\geq 0}', { kind: 'scalar', nonnegative: true, lower: 0 }],
]);

/** Names the prose makes any real again somewhere (`arbitrary` items): a hypothesis on them holds only until
 *  there (check/index.ts drops it), so it gives them no range for the whole file. */
function namesMadeArbitrary(doc: SourceDocument, table: Table): Set<string> {
  const names = new Set<string>();
  for (const p of doc.prose) {
    if (p.kind !== 'arbitrary') continue;
    try {
      const name = parseWithHints(p.text.latex, table, locateIn(p.text)).expr;
      if (name.kind === 'sym') names.add(name.name);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return names;
}

/** Learns what an assumption says of its names; returns it parsed (none when unreadable). Of a name in
 *  `reset`, only what it says of the kind is learned. */
function learnAssumption(text: MathText, table: Table, path: string, kindOnlyForAll = false, reset: ReadonlySet<string> = new Set()): Expr[] {
  let relations: Expr[];
  try {
    relations = parseAssumptions(text, table, path);
  } catch (e) {
    if (e instanceof InputError) return [];
    throw e;
  }
  for (const a of relations) {
    if (a.kind !== 'rel') continue;
    const kindOnly = kindOnlyForAll || (reset.size > 0 && [...freeNames(a)].some((name) => reset.has(name)));
    const within = absoluteBound(a);
    if (within && kindOnly) {
      if (table.get(within.subject)?.kind === 'distribution') table.set(within.subject, { ...table.get(within.subject), kind: 'scalar' });
      continue;
    }
    if (within) {
      const known = table.get(within.subject);
      // a letter that is a count by convention (r, n) is a real under |r| < 1, where no count lies;
      // under a wider bound it stays a count, and the bound only sorts its draws
      if (known?.kind !== 'count') table.set(within.subject, merge(known, within.facts));
      else if (within.bound <= 1) table.set(within.subject, merge(known, { ...within.facts, integer: false }));
      continue;
    }
    const subjectSym = a.lhs.kind === 'sym' ? a.lhs : a.rhs.kind === 'sym' ? a.rhs : undefined;
    const subject = subjectSym?.name;
    if (!subject) continue;
    const facts = assumptionFacts(a, text.latex);
    if (!facts) continue;
    // `0 < p < 1`: a number bounds it, so p is a number, not the law the letter names by convention
    const bounded = facts.lower !== undefined || facts.upper !== undefined;
    const known = table.get(subject);
    // (`t_0 > 0` bounds one member: it gives t no range, as it gave the bare t one before; it says what kind t is)
    if (kindOnly || numberedMember(subjectSym!)) {
      if (bounded && known?.kind === 'distribution') table.set(subject, { ...known, kind: 'scalar' });
      else if (facts.kind !== undefined && known?.kind === undefined) table.set(subject, merge(known, { kind: facts.kind }));
      continue;
    }
    table.set(subject, merge(known, bounded && known?.kind === 'distribution' ? { ...facts, kind: 'scalar' } : facts));
  }
  return relations;
}

function assumptionFacts(a: Expr & { kind: 'rel' }, latex: string): Partial<SymbolInfo> | undefined {
  // \Sigma \succ 0: an order on matrices; it says "matrix, positive definite", not a scalar bound.
  if (/\\succ/.test(latex) && a.lhs.kind === 'sym') return { kind: 'matrix' };
  if (a.op === 'in') return membershipFacts(a.rhs);
  const lhsIsSubject = a.lhs.kind === 'sym';
  const bound = numberValue(lhsIsSubject ? a.rhs : a.lhs);
  const op = lhsIsSubject ? a.op : swapSides(a.op);
  if (bound === undefined) return undefined;
  if (op === '>' || op === '>=') return lowerFacts(bound, op === '>');
  if (op === '<' || op === '<=') return { upper: bound, strictUpper: op === '<' };
  return undefined;
}

/** Is a symbol's stated range one a count ranges over: no bound above, or whole, closed bounds more than
 *  one apart (`1 \le k \le 3`)? `0 < r \le 1`, `m \in (0, 2)`, `r \in [0, 1]` are ranges of a real. */
function holdsWholeNumber(info: SymbolInfo): boolean {
  if (info.upper === undefined || info.lower === undefined) return info.upper === undefined || info.upper >= 2;
  const whole = Number.isInteger(info.lower) && Number.isInteger(info.upper) && !info.strictLower && !info.strictUpper;
  return whole && info.upper - info.lower > 1;
}

/** `|r| < 1`, `|x| \le c`: the name lies between -c and c (a scalar: a law has no absolute value). */
function absoluteBound(a: Expr & { kind: 'rel' }): { subject: string; bound: number; facts: Partial<SymbolInfo> } | undefined {
  const inner = a.lhs.kind === 'fn' && a.lhs.name === 'abs' ? a.lhs.args[0] : undefined;
  const bound = numberValue(a.rhs);
  if (!inner || inner.kind !== 'sym' || bound === undefined || bound <= 0 || (a.op !== '<' && a.op !== '<=')) return undefined;
  const strict = a.op === '<';
  return { subject: inner.name, bound, facts: { kind: 'scalar', lower: -bound, strictLower: strict, upper: bound, strictUpper: strict } };
}

function lowerFacts(lower: number, strict: boolean): Partial<SymbolInfo> {
  return {
    lower, strictLower: strict,
    ...(lower > 0 || (lower === 0 && strict) ? { positive: true } : {}),
    ...(lower >= 0 ? { nonnegative: true } : {}),
  };
}

function membershipFacts(set: Expr): Partial<SymbolInfo> | undefined {
  if (set.kind === 'sym') {
    const known = SET_FACTS.get(set.name);
    if (known) return known;
    if (/^\\mathbb\{S\}/.test(set.name) || /\\times/.test(set.name)) return { kind: 'matrix' };
    if (/^\\mathbb\{R\}\^/.test(set.name)) return { kind: 'vector' };
    return undefined;
  }
  if (set.kind === 'fn' && set.name === 'interval') {
    const [lo, hi, lc, rc] = set.args.map(numberValue);
    if (lo === undefined || hi === undefined) return undefined;
    return { ...lowerFacts(lo, lc !== 1), upper: hi, strictUpper: rc !== 1 };
  }
  if (set.kind === 'set' && set.range) {
    const lo = numberValue(set.range.from);
    const hi = numberValue(set.range.to);
    return { integer: true, ...(lo !== undefined ? { lower: lo } : {}), ...(hi !== undefined ? { upper: hi } : {}) };
  }
  return undefined;
}

/** A finite constant written with numbers alone (`3`, `-2`, `1/2`, `\frac{3}{2}`), or undefined. */
function numberValue(e: Expr | undefined): number | undefined {
  const value = e === undefined ? null : constantValue(e);
  return value !== null && Number.isFinite(value) ? value : undefined;
}

/** Later, more specific facts win; the kind stays unless a fact names one. */
function merge(known: SymbolInfo | undefined, facts: Partial<SymbolInfo>): SymbolInfo {
  return { ...known, ...facts, kind: facts.kind ?? known?.kind ?? 'scalar' };
}
