/**
 * Which claims a counterexample may refute — the one place deriva decides that a random
 * instance disagreeing with a step is evidence against what the writer claimed.
 *
 * A refutation stands only if every symbol the instance gave a value is either universally
 * quantified in the writer's reading or has its meaning fixed (a definition, an assumption,
 * a context). Otherwise the step is `unverified`, and the reason names the symbol and how
 * to give it meaning. Confirmation is not restricted: what holds for every value holds for
 * the writer's too. The cases (docs/soundness.md):
 *  - a function that is no distribution and has no definition (`\ell(\theta)`, `L_C(\mu)`
 *    defined in words) is a specific object the sampler does not know;
 *  - a symbol the prose speaks of in a way deriva could not read is specific too;
 *  - a random quantity (`\epsilon`, or a symbol stated `\sim` a continuous law such as
 *    `\mathcal N(0, I)`) makes an equation a statement about distributions, not values;
 *  - a random variable an expectation draws from the implicit law (`\mathbb E[X]`, `\mathrm{Var}(X)`)
 *    gets an arbitrary discrete law from the sampler, which is the writer's only when nothing
 *    says otherwise: stated `\sim` a law of its own, spoken of in prose, or standing outside the
 *    expectation too (a constant, perhaps: `\mathbb E[A] = A`), it is specific;
 *  - an answer stated (`\mu = \frac{67}{14}`, `\mathrm{Var}(X) = 1`): a symbol, or a quantity of the
 *    implicit law, equated to a number is its value, not an identity over every value of it —
 *    unless the prose leaves that variable any law ("Let $X$ be a random variable."), which makes
 *    the step a claim about every law;
 *  - members of one undefined family, different on each side (θ^{(t+1)} and θ^{(t)}): the
 *    claim is about those particular members;
 *  - a law's argument left unnamed (`P(\cdot \mid x)`): the sampler takes the placeholder for
 *    a random variable of its own, where the writer means the one the law is over;
 *  - data substituted by hand: data-like symbols (samples x^{(i)}, families c_j, sizes r)
 *    on one side only, with numbers on the other side where they were
 *    (`L_C(\mu) = 10(\mu+1)^2 + 4(\mu-1)^2` for records given in words).
 *
 * Must not: sample, prove, or change a verdict other than refuted.
 */
import { ELEMENTARY_FUNCTIONS } from '../numeric/elementary.js';
import { type Definition, type Expr, type Sym, children, definedName, domainExprs, freeNames, key } from '../expr/model.js';
import { pointOf } from '../numeric/stationarity.js';
import { implicitLaw, PLACEHOLDER, type SymbolTable } from '../expr/symbols.js';
import { analyzeStep, type StepModel } from '../numeric/analysis.js';
import { toLatex } from '../notation/print.js';
import { isOrderRelation } from '../expr/relations.js';

export interface ClaimFacts {
  readonly symbols: SymbolTable;
  readonly assumptions: readonly Expr[];
  readonly definitions: readonly Definition[];
  /** Names the prose or an assumption gives a meaning deriva could not read, each with where
   *  that meaning was given ("in the prose that deriva does not read as a definition"). */
  readonly specific: ReadonlyMap<string, string>;
  /** Random variables the prose leaves any law ("Let $X$ be a random variable."): a value it states
   *  of their law (`\mathrm{Var}(X) \le 1`) is claimed for every law. */
  readonly anyLaw?: ReadonlySet<string>;
  /** A problem context is in force: telling the writer to check inside one would send them where they are. */
  readonly inContext?: boolean;
}

/** Function letters that stand for any function (`\sum_x P(x) f(x)`): quantified, not specific. */
const GENERIC_FUNCTIONS: ReadonlySet<string> = new Set(['f', 'g', 'h', 'u', 'v', 'w', '\\phi', '\\psi', '\\varphi']);

/** Noise by name: ε and its accented, bold and subscripted forms (`\bar{\boldsymbol{\epsilon}}`). */
const NOISE = /^(\\(bar|tilde|hat)\{)?(\\boldsymbol\{)?\\(epsilon|varepsilon)\}*$/;

/**
 * A name that is a word (`\mathrm{ELBO}`, `\text{SNR}`, `KL`): it names one particular quantity,
 * so a definition of it anywhere in the file is its meaning everywhere, and without one it is no
 * variable to draw. A letter (P, x, \theta) is often quantified above the place that later fixes it
 * ("… with equality iff $P = Q$").
 */
export function isWordName(name: string): boolean {
  return /^(?:\\(?:mathrm|text|textrm|operatorname|mathit|mathsf)\{)?[A-Za-z]{2,}\}?$/.test(name);
}

/**
 * The first of `names` left in a term the two sides do not share: `\mathrm{ELBO} - D \ge \mathrm{ELBO}`
 * compares D with 0 whatever ELBO is, so a counterexample there stands; in `… = \mathrm{ELBO} - D` it
 * would rest on the value drawn for ELBO.
 */
function uncancelled(names: readonly string[], lhs: Expr, rhs: Expr): string | undefined {
  if (names.length === 0) return undefined;
  const terms = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : [e]);
  const unmatched = (side: readonly Expr[], other: readonly Expr[]): Expr[] => {
    const left = other.map(key);
    return side.filter((t) => { const at = left.indexOf(key(t)); if (at < 0) return true; left.splice(at, 1); return false; });
  };
  const [l, r] = [terms(lhs), terms(rhs)];
  const rest = [...unmatched(l, r), ...unmatched(r, l)];
  return names.find((n) => rest.some((t) => freeNames(t).has(n)));
}

/**
 * `p(y = 1 \mid x) = \frac{p(x \mid y = 1) p(y = 1)}{p(x \mid y = 1) p(y = 1) + p(x \mid y = 0) p(y = 0)}`
 * names the outcomes y = 0 and y = 1 only, and holds when they are all y has: a counterexample in
 * a world where y has more outcomes than the step names rests on one the writer never wrote (a
 * binary label, say). Null when the counterexample's world has no more outcomes than are named,
 * when the step names one outcome only, or when the variable's outcomes are stated.
 */
export function outcomesBeyondNamed(lhs: Expr, rhs: Expr, assignment: Readonly<Record<string, number>>, assumptions: readonly Expr[]): string | null {
  // a variable whose outcomes are stated (`y \in \{0, 1\}`) has them, however few the step names
  const stated = new Set(assumptions.flatMap((a) => (a.kind === 'rel' && a.op === 'in' && a.lhs.kind === 'sym' ? [a.lhs.name] : [])));
  const named = new Map<string, Set<number>>();
  const walk = (e: Expr): void => {
    if (e.kind === 'prob') {
      for (const a of [...e.args, ...e.given]) {
        if (a.kind === 'rel' && a.op === '=' && a.lhs.kind === 'sym' && a.lhs.index.length + a.lhs.upper.length === 0 && a.rhs.kind === 'num') {
          const values = named.get(a.lhs.name) ?? new Set<number>();
          values.add(a.rhs.value);
          named.set(a.lhs.name, values);
        }
      }
    }
    children(e).forEach(walk);
  };
  walk(lhs);
  walk(rhs);
  for (const [name, values] of named) {
    const outcomes = assignment[`|${name}|`];
    // one value named enumerates nothing (`p(y = 1) = 1` is about that outcome, not all of them)
    if (outcomes === undefined || values.size < 2 || outcomes <= values.size || stated.has(name)) continue;
    const list = [...values].sort((a, b) => a - b).join(', ');
    return `the step names only the outcomes ${name} = ${list}, and it fails where ${name} has ${outcomes}: if those are all its outcomes, say so (${name} \\in \\{${list}\\})`;
  }
  return null;
}

/** Why a refutation of `lhs ~ rhs` would not refute what the writer claimed; null when it would. */
export function whyNotRefutable(lhs: Expr, rhs: Expr, facts: ClaimFacts): string | null {
  if (hasPlaceholder(lhs) || hasPlaceholder(rhs)) {
    return `a law's argument is left unnamed (\\cdot): deriva cannot tell which random variable it stands for; name it (P(y \\mid x))`;
  }
  const both = model([lhs, rhs], facts);
  const law = implicitLaw(facts.symbols);
  const drawn = drawnFromImplicitLaw([lhs, rhs], law);
  const read = readByLaws([lhs, rhs]);
  const sampled = new Set([...both.free.map((f) => f.name), ...both.distributions, ...both.functions, ...drawn, ...read]);

  const random = both.free.find((f) => f.sort !== 'outcome' && ((NOISE.test(f.name) && !orderedBy(f.name, facts.assumptions)) || drawnFromALaw(f.name, facts.assumptions)))?.name;
  const where = facts.inContext ? 'the problem context in force does not give it a law here' : 'check it inside a problem context, --context';
  if (random) return `${show(random)} is a random quantity: the step is a statement about distributions, not about values (${where})`;
  const ownLaw = [...drawn, ...read].find((n) => NOISE.test(n) || statedWithALaw(n, facts.assumptions));
  if (ownLaw) return `${show(ownLaw)} follows the law stated for it, not the arbitrary one deriva draws its random variables from: the step is about that law (${where})`;
  const values = valuesBesideLaws([lhs, rhs], law);
  const alsoValue = drawn.find((n) => values.has(n));
  const closedSide = [lhs, rhs].some((side) => sampledIn(model([side], facts)) === 0);
  // …and so does a side that draws nothing, beside one that does: `\mathbb E[\theta \mid s] =
  // \frac{\alpha + s}{\alpha + \beta + n}` (a posterior mean) is refuted only by a joint nothing in the file fixes
  // (and H(X) = -p\log p - (1-p)\log(1-p), P(R \mid A)P(A) = \frac{3}{10}: a law's value at its random variables)
  const valueSide = closedSide || [lhs, rhs].some((side) => drawnFromImplicitLaw([side], law).length === 0 && !readsALaw(side));
  // (a law the file defines, `q(z) = \mathcal N(z; \mu, \sigma^2)`, fixes what it draws)
  const lawDefined = facts.definitions.some((d) => definedName(d.lhs) === law);
  const fixedLaw = valueSide && !lawDefined ? [...drawn, ...read].find((n) => !facts.anyLaw?.has(n)) : undefined;
  if (fixedLaw !== undefined) return `the step states a value of ${show(fixedLaw)}'s law (a probability, a mean, a variance, an entropy), which nothing in the file fixes; deriva draws ${show(fixedLaw)} from an arbitrary one (state its law, ${show(fixedLaw)} \\sim …, or say that it is any: "let $${show(fixedLaw)}$ be a random variable"; or check inside a problem context)`;
  if (alsoValue) return `${show(alsoValue)} is drawn by an expectation and also stands outside one as a value: whether it is random or a constant, the step does not say (write the law, \\mathbb E_{${show(alsoValue)} \\sim P})`;
  // …at a point (`p(x) = 0.21`; a sum over all outcomes, `\sum_x Q(x) = 0`, is refuted whatever the law)
  const density = undefinedDensity(lhs, rhs, new Set(both.distributions));
  if (density) return `${show(density.law)}(${show(density.at)}) stands beside a Gaussian density of ${show(density.at)}: ${show(density.law)} is a density of a continuous ${show(density.at)}, which nothing in the file defines (deriva would draw it as a law of a few outcomes); define it (${show(density.law)}(${show(density.at)}) := …) or check inside a problem context`;
  const atPoint = closedSide ? [lhs, rhs].map(lawAtPoint).find((name) => name !== null) : undefined;
  if (atPoint) return `the step states a number for the law ${show(atPoint)}, which nothing in the file fixes: deriva draws ${show(atPoint)} as an arbitrary law (give its values, or check inside a problem context)`;

  const untested = both.untested[0];
  if (untested) return `the hypothesis ${toLatex(untested)} holds for every index, which deriva cannot impose on a drawn world: a counterexample might break it (state it as a definition, or check inside a problem context)`;
  const undrawn = (n: string): boolean => !sampled.has(n) || facts.symbols.get(n)?.kind === 'function';
  const unimposed = both.unimposed.find((a) => [...freeNames(a)].some((n) => sampled.has(n) && !undrawn(n)))
    ?? both.unimposed.find((a) => [...freeNames(a)].some((n) => sampled.has(n)));
  if (unimposed) return `the hypothesis ${toLatex(unimposed)} speaks of ${[...freeNames(unimposed)].filter(undrawn).map(show).join(', ')}, which deriva cannot keep to it here (a function is drawn as any function): a counterexample might break it`;
  const components = componentsOfVector(both);
  if (components) return `${show(components.family)}_i beside the vector ${show(components.vector)} may be its components, and deriva does not read components yet (it would draw them as unrelated numbers): keep the step in vector form, or give the numbers another letter`;

  const specificFunction = both.functions.find((n) => !GENERIC_FUNCTIONS.has(n));
  if (specificFunction) return `${show(specificFunction)} has no definition here: give it one with :=, in prose ($${show(specificFunction)}(\\cdot) = \\dots$) or in a problem context`;

  const spoken = [...sampled].find((n) => facts.specific.has(n));
  if (spoken) return `${show(spoken)} is given a meaning ${facts.specific.get(spoken)!}: state it with := (or after "let"), with % assume:, or in a problem context`;
  const word = uncancelled([...sampled].filter(isWordName), lhs, rhs);
  if (word) return `${show(word)} is a word, the name of one particular quantity, and has no definition here: a value drawn for it says nothing about that quantity (define it with :=, in prose or in a problem context)`;

  const foreign = beyondDerivative(lhs, rhs, facts) ?? beyondDerivative(rhs, lhs, facts);
  if (foreign) return `${foreign.at ? 'the claimed solution' : 'the claimed derivative'} uses ${showShape(foreign.shape)}, which ${foreign.at ? 'the condition it solves' : 'the differentiated expression'} does not: it must be a particular quantity deriva has no definition for (define it with :=, or check inside a problem context)`;

  const value = valueStated(lhs, rhs, facts) ?? valueStated(rhs, lhs, facts);
  if (value) return `the step states the value of ${show(value)} (an answer, not an identity); nothing in the file fixes ${show(value)} to check it against`;

  const members = relatedMembers(lhs, rhs, both);
  if (members) return `the step relates ${members}, members of a family deriva has no definition for: which members they are is the claim (define the family, or check inside a problem context)`;

  const substituted = dataReplacedByNumbers(lhs, rhs, facts) ?? dataReplacedByNumbers(rhs, lhs, facts);
  if (substituted) return `${show(substituted)} appears on one side only, with numbers on the other in its place: the step is about particular values of it, which deriva does not have (give them with := or % assume:)`;
  return null;
}

/**
 * A derivative can only depend on what its body (with the definitions it reaches) and its variable
 * do. A side that is one (`\nabla_{\mu_j} F(\theta)`, also taken at a claimed solution, see
 * numeric/stationarity.ts) facing a side — or a point — that names an undefined symbol the body never
 * reaches: that symbol is a particular quantity (\tilde n_j counted in words), not an arbitrary one.
 */
function beyondDerivative(side: Expr, other: Expr, facts: ClaimFacts): { shape: string; at: boolean } | null {
  const d = derivativeSide(side);
  if (d === null) return null;
  const point = pointOf(d.wrt);
  const reached = reach([d.body, point?.variable ?? d.wrt], facts.definitions);
  // (a standard function, \cos in the derivative of \sin, is no particular quantity)
  const beyond = (roots: readonly Expr[]) => [...reach(roots, facts.definitions)].find((s) => !reached.has(s) && !isDefined(s, facts.definitions) && !ELEMENTARY_FUNCTIONS.has(s.split(SHAPE)[0]!));
  const atPoint = point ? beyond([point.at]) : undefined;
  if (atPoint !== undefined) return { shape: atPoint, at: true };
  const claimed = beyond([other]);
  return claimed === undefined ? null : { shape: claimed, at: false };
}

/** The derivative a side is, up to numeric factors (`-2\nabla_\mu J`), or null. */
function derivativeSide(e: Expr): Extract<Expr, { kind: 'deriv' }> | null {
  if (e.kind === 'deriv') return e;
  if (e.kind !== 'mul') return null;
  const rest = e.factors.filter((f) => f.kind !== 'num');
  return rest.length === 1 ? derivativeSide(rest[0]!) : null;
}

/** A symbol's name and how many scripts it carries: \tilde n and \tilde n_j are different quantities. */
const SHAPE = '\u0000';
const shapeOf = (s: Sym): string => `${s.name}${SHAPE}${s.index.length}/${s.upper.length}`;

/** The free symbols (by shape) of `roots` and of every definition they reach. */
const reach = (roots: readonly Expr[], defs: readonly Definition[]): Set<string> =>
  new Set([...roots, ...definitionsReached(roots, defs)].flatMap(freeSymbols).map(shapeOf));

/** The occurrences of free symbols in `e` (a bound name's occurrences excepted). */
function freeSymbols(e: Expr): Sym[] {
  const names = freeNames(e);
  const out: Sym[] = [];
  const walk = (x: Expr, depth: number): void => {
    if (depth > 400) return;
    if (x.kind === 'sym' && names.has(x.name)) out.push(x);
    if (x.kind === 'call') out.push(x.fn);
    for (const c of children(x)) walk(c, depth + 1);
  };
  walk(e, 0);
  return out;
}

/** A shape as LaTeX: the name, with `_{…}` when it carries subscripts. */
function showShape(shape: string): string {
  const [name, scripts] = shape.split(SHAPE) as [string, string];
  return `${show(name)}${scripts.startsWith('0/') ? '' : '_{…}'}`;
}

/** Is the symbol of that shape defined (a family by a definition with subscripts)? */
const isDefined = (shape: string, defs: readonly Definition[]): boolean => defs.some((d) => {
  const head = d.lhs.kind === 'sym' ? d.lhs : d.lhs.kind === 'call' ? d.lhs.fn : d.lhs.kind === 'prob' ? d.lhs.dist : null;
  return head !== null && shapeOf(head) === shape;
});

/** Is `e` an expectation over the document's implicit law (`\mathbb E[X]` is over it)? */
function overImplicitLaw(e: Expr, law: string | undefined): boolean {
  if (law === undefined || e.kind !== 'bind' || e.op !== 'E' || e.domain.kind !== 'dist') return false;
  const d = e.domain.dist;
  return (d.kind === 'sym' ? d.name : d.kind === 'prob' ? d.dist.name : undefined) === law;
}

/** The names expectations in `es` draw from the document's implicit law. */
function drawnFromImplicitLaw(es: readonly Expr[], law: string | undefined): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'bind' && overImplicitLaw(e, law)) e.vars.forEach((v) => out.add(v));
    children(e).forEach(walk);
  };
  es.forEach(walk);
  return [...out];
}

/** Does `e` read a law anywhere (a probability, at any arguments, bound or free)? */
function readsALaw(e: Expr, depth = 0): boolean {
  return e.kind === 'prob' || (depth < 200 && children(e).some((c) => readsALaw(c, depth + 1)));
}

/** The random variables, by their capital letter, that probabilities read free (`H(X)` reads X,
 *  `P(R \mid A)` reads R and A, `P(X = 1)` reads X); a sum's own names are not read. */
function readByLaws(es: readonly Expr[]): string[] {
  const out = new Set<string>();
  const variable = (a: Expr): Expr => (a.kind === 'rel' && a.op === '=' ? a.lhs : a);
  const walk = (e: Expr, bound: ReadonlySet<string>, depth: number): void => {
    if (depth > 200) return;
    if (e.kind === 'prob') {
      for (const a of [...e.args, ...e.given].map(variable)) if (a.kind === 'sym' && !bound.has(a.name) && /^[A-Z]$/.test(a.name)) out.add(a.name);
    }
    const inner = e.kind === 'bind' ? new Set([...bound, ...e.vars]) : bound;
    for (const c of children(e)) walk(c, inner, depth + 1);
  };
  es.forEach((e) => walk(e, new Set(), 0));
  return [...out];
}

/** The names `es` use as values, free, besides in the laws of implicit-law expectations (which name what they draw). */
function valuesBesideLaws(es: readonly Expr[], law: string | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (e: Expr, bound: ReadonlySet<string>): void => {
    if (e.kind === 'sym' && !bound.has(e.name)) out.add(e.name);
    if (e.kind !== 'bind') { children(e).forEach((c) => walk(c, bound)); return; }
    if (!overImplicitLaw(e, law)) domainExprs(e.domain).forEach((d) => walk(d, bound));
    walk(e.body, new Set([...bound, ...e.vars]));
  };
  es.forEach((e) => walk(e, new Set()));
  return out;
}

/** Stated `X \sim` some law among the hypotheses. */
const statedWithALaw = (name: string, assumptions: readonly Expr[]): boolean =>
  assumptions.some((a) => a.kind === 'rel' && a.op === 'sim' && a.lhs.kind === 'sym' && a.lhs.name === name);

/** A law applied to the placeholder anywhere in `e`. */
function hasPlaceholder(e: Expr): boolean {
  if (e.kind === 'prob' && e.args.some((a) => a.kind === 'sym' && a.name === PLACEHOLDER)) return true;
  return children(e).some(hasPlaceholder);
}

/** `\mu = \frac{67}{14}`: a plain symbol on one side, nothing sampled on the other. */
function valueStated(symbol: Expr, value: Expr, facts: ClaimFacts): string | null {
  if (symbol.kind !== 'sym' || symbol.index.length + symbol.upper.length > 0) return null;
  // a constant (\pi, Euler's e) has its value: `e = 3` is simply false
  if (sampledIn(model([symbol], facts)) === 0) return null;
  const m = model([value], facts);
  return sampledIn(m) === 0 ? symbol.name : null;
}

/** A family of numbers x_i beside the vector \\mathbf x (the same letter, bold): most writers mean its
 *  components (`\\mathbf a^\\top \\mathbf b = \\sum_i a_i b_i`), which the sampler draws apart. */
function componentsOfVector(m: StepModel): { family: string; vector: string } | null {
  const vectors = new Map(m.free.filter((f) => f.sort === 'vector').flatMap((f) => {
    const letter = /^\\(?:mathbf|boldsymbol|bm|vec|pmb|mathbfit)\{(.+)\}$/.exec(f.name)?.[1];
    return letter === undefined ? [] : [[letter, f.name] as const];
  }));
  const family = m.free.find((f) => f.family && f.sort !== 'vector' && f.sort !== 'matrix' && vectors.has(f.name));
  return family ? { family: family.name, vector: vectors.get(family.name)! } : null;
}

/** `\log p(x) = \log\sum_l \phi_l \mathcal N(x; \mu_l, \sigma_l^2)`: an undefined law applied at a point
 *  that a Gaussian density in the step takes as its variable. */
function undefinedDensity(lhs: Expr, rhs: Expr, drawn: ReadonlySet<string>): { law: string; at: string } | null {
  const points = new Map<string, string>();
  const gaussianAt = new Set<string>();
  const walk = (e: Expr, depth: number): void => {
    if (depth > 200) return;
    // (conditioned too: `p(\mu \mid x)` beside `\mathcal N(\mu; 0, 1)` is a posterior density of μ)
    if (e.kind === 'prob') for (const a of e.args) if (a.kind === 'sym') points.set(a.name, e.dist.name);
    if (e.kind === 'fn' && e.name === 'normal' && e.args.length === 3 && e.args[0]!.kind === 'sym') gaussianAt.add((e.args[0] as Sym).name);
    for (const c of children(e)) walk(c, depth + 1);
  };
  walk(lhs, 0);
  walk(rhs, 0);
  for (const [at, law] of points) if (gaussianAt.has(at) && drawn.has(law)) return { law, at };
  return null;
}

/** The law a side applies at a free point (`p(x)`, x bound by nothing in the side), or null. */
function lawAtPoint(side: Expr): string | null {
  const walk = (e: Expr, bound: ReadonlySet<string>, depth: number): string | null => {
    if (depth > 200) return null;
    // (a capital is a random variable, `H(X)`'s X, not a point)
    if (e.kind === 'prob' && e.args.some((a) => a.kind === 'sym' && !bound.has(a.name) && !/^[A-Z]$/.test(a.name))) return e.dist.name;
    const inner = e.kind === 'bind' ? new Set([...bound, ...e.vars]) : bound;
    for (const c of children(e)) { const found = walk(c, inner, depth + 1); if (found !== null) return found; }
    return null;
  };
  return walk(side, new Set(), 0);
}

/** How many names a side gives values to: none for a closed number. */
const sampledIn = (m: StepModel): number => m.free.length + m.distributions.length + m.functions.length;

/**
 * Members of one undefined family on the two sides, different on each (θ^{(t+1)} on the left,
 * θ^{(t)} on the right; \bar\alpha_t and \bar\alpha_{t-1}): the claim is about those particular
 * members — an iterate and the one before, a schedule and its shift — not about arbitrary values.
 */
function relatedMembers(lhs: Expr, rhs: Expr, both: StepModel): string | null {
  const families = new Set(both.free.filter((f) => f.family).map((f) => f.name));
  const [left, right] = [membersIn(lhs, families), membersIn(rhs, families)];
  for (const [name, keys] of left) {
    const other = right.get(name);
    if (!other) continue;
    const onlyLeft = [...keys.keys()].find((k) => !other.has(k));
    const onlyRight = [...other.keys()].find((k) => !keys.has(k));
    if (onlyLeft !== undefined && onlyRight !== undefined) return `${toLatex(keys.get(onlyLeft)!)} and ${toLatex(other.get(onlyRight)!)}`;
  }
  return null;
}

/** The members of the given families written in `e`, by family name and key (bound members excepted). */
function membersIn(e: Expr, families: ReadonlySet<string>): Map<string, Map<string, Expr>> {
  const out = new Map<string, Map<string, Expr>>();
  const bound = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'sym' && families.has(x.name) && (x.index.length + x.upper.length > 0) && ![...freeNames(x)].some((n) => n !== x.name && bound.has(n))) {
      const m = out.get(x.name) ?? new Map<string, Expr>();
      m.set(key(x), x);
      out.set(x.name, m);
    }
    if (x.kind === 'bind') { x.vars.forEach((v) => bound.add(v)); }
    for (const c of children(x)) walk(c);
  };
  walk(e);
  return out;
}

/** A data-like symbol of `full` that `reduced` lacks, where `reduced` has no symbol `full` lacks
 *  and brings numbers `full` does not have: the writer substituted the data by hand. */
function dataReplacedByNumbers(full: Expr, reduced: Expr, facts: ClaimFacts): string | null {
  // a first-order condition (\nabla F = 0) says a derivative vanishes: its 0 stands for no data
  if (reduced.kind === 'num' && reduced.value === 0 && hasDerivative(full)) return null;
  const [big, small] = [model([full], facts), model([reduced], facts)];
  const names = (m: StepModel) => new Set([...m.free.map((f) => f.name), ...m.distributions, ...m.functions]);
  const [inBig, inSmall] = [names(big), names(small)];
  if ([...inSmall].some((n) => !inBig.has(n))) return null;
  const data = big.free.find((f) => (f.family || f.sort === 'count') && !inSmall.has(f.name));
  if (!data) return null;
  // numbers the full side reaches through its definitions are its own too (\partial F(\theta) with F := …)
  const before = new Set([full, ...definitionsReached([full], facts.definitions)].flatMap((e) => [...numbersIn(e)]));
  return [...numbersIn(reduced)].some((n) => !before.has(n)) ? data.name : null;
}

/** The right sides of the definitions `roots` reach, directly or through others. */
function definitionsReached(roots: readonly Expr[], defs: readonly Definition[]): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<Definition>();
  const queue = roots.flatMap(freeSymbols);
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const s = queue.pop()!;
    for (const d of defs) {
      if (seen.has(d) || definedName(d.lhs) !== s.name) continue;
      seen.add(d);
      out.push(d.rhs);
      queue.push(...freeSymbols(d.rhs));
    }
  }
  return out;
}

const hasDerivative = (e: Expr): boolean => e.kind === 'deriv' || children(e).some(hasDerivative);

function numbersIn(e: Expr, out: Set<number> = new Set()): Set<number> {
  if (e.kind === 'num') out.add(Math.abs(e.value));
  for (const c of children(e)) numbersIn(c, out);
  return out;
}

const model = (sides: readonly Expr[], facts: ClaimFacts): StepModel =>
  analyzeStep(sides, facts.symbols, facts.assumptions, facts.definitions, []);

/** Stated `n \sim \mathcal N(…)` (a continuous law) among the hypotheses; the i of `z^{(i)} \sim …` is an index, not drawn. */
const drawnFromALaw = (name: string, assumptions: readonly Expr[]): boolean =>
  assumptions.some((a) => a.kind === 'rel' && a.op === 'sim' && a.rhs.kind === 'fn' && (a.lhs.kind === 'sym' ? a.lhs.name === name : freeNames(a.lhs).has(name)));

/** `\varepsilon > 0`, `\sigma \ge \epsilon`: a name an order compares is a number (an ε of an analysis), not a noise. */
const orderedBy = (name: string, assumptions: readonly Expr[]): boolean =>
  assumptions.some((a) => a.kind === 'rel' && ((a.op !== '=' && isOrderRelation(a.op)) || (a.op === 'in' && a.rhs.kind === 'fn' && a.rhs.name === 'interval'))
    && [a.lhs, ...(a.op === 'in' ? [] : [a.rhs])].some((side) => side.kind === 'sym' && side.name === name));

const show = (name: string): string => toLatex({ kind: 'sym', name, index: [], upper: [] });
