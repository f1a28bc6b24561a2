/**
 * The step checker: source document → verdict per step → file report.
 *
 * Owns: the order of work for one file (read, learn symbols, parse each
 * expression once, collect definitions and assumptions, then for each step
 * try a proof, sample numerically and combine the two into one verdict) and
 * the verdict contract of SPEC "Verdicts". Must not: print, or know how a
 * report is shown.
 *
 * Trust: a proof counts only after `replay` re-applied it; a numeric
 * refutation always wins over a proof (that would be an unsound rule, and we
 * say so); anything undecided is `unverified` with its reason.
 */
import { relative } from 'node:path';
import { InputError } from '../diagnostic.js';
import { call, children, definedName, deriv, freeNames, key, mapChildren, num, pow, rel, type Definition, type Expr, type Rel, type Sym } from '../expr/model.js';
import { unprimed, type SymbolInfo, type SymbolTable } from '../expr/symbols.js';
import { readDocument } from '../document/document.js';
import { readSourceFile } from '../document/read-file.js';
import { parseAssumptions, parseLatex, parseMath, UnknownCommandError } from '../notation/parse.js';
import { MAX_NESTING } from '../notation/parse-cursor.js';
import { toLatex } from '../notation/print.js';
import { LETTER_COMMANDS, LIMIT_OPERATORS, STANDARD_FUNCTIONS } from '../notation/notation.js';
import { leftOfDefinition, symbolTableFor } from './symbols.js';
import { applyContext, contextBase, loadContext, namesUsedIn, parseContextSpec, type AppliedContext, type ContextResult } from './context.js';
import { isWordName, outcomesBeyondNamed, whyNotRefutable } from './claims.js';
import type { Derivation, ProseItem, SourceDocument } from '../document/source.js';
import type { MathText, SourcePos } from '../diagnostic.js';
import type { Relation } from '../expr/relations.js';
import type { CheckOptions } from './options.js';
import type { Citation, DerivationReport, FileError, FileReport, StepReport } from './report.js';
import { stepSeed } from './seed.js';
import { readConditionalLaw, readParameterTuple, type ConditionalLaw, type ParameterTuple } from './model-laws.js';
import { assumptionsWithinModels, definitionsWithinModels, latentModels, symbolsWithinModels, withinModels } from './model-latent.js';
import { vacuousOptimum } from './vacuous-optimum.js';
import { parameterSlots } from '../expr/definitions.js';
import { readBlocks, readLabels } from './block-variables.js';
import { readProbabilityVector, readsOnlyProbabilities } from './probability-vector.js';
import { readPointwiseConditions } from './pointwise-conditions.js';
import { dominanceReadings, maximisers, mentions, type Maximiser } from './model-argmax.js';
import { loadRuleLibrary, type ProofRequest, type RuleLibrary } from './rule-library.js';
import { atSolution } from '../numeric/stationarity.js';
import { readSpec, type ModelSpec } from '../numeric/gaussian/spec.js';

export type { CheckOptions } from './options.js';
export { DEFAULT_CHECK_OPTIONS } from './options.js';
export type { Report, FileReport } from './report.js';

/** Worlds sampled before the proof search; a proved step is cross-checked on these alone. */
const GLANCE_SAMPLES = 20;
/** Relations the checker compares; the others are reported with a reason. */
const CHECKED: ReadonlySet<Relation> = new Set(['=', '<=', '>=', '<', '>', 'propto']);

/** Read and check one file (a .tex or .md). Never throws for bad input. */
export async function checkFile(path: string, options: CheckOptions): Promise<FileReport> {
  const file = await readSourceFile(path);
  return file.ok ? checkSource(path, file.text, options) : fileError(path, file.message);
}

/** Check one file's text. Never throws for bad input: the FileReport carries the error. */
export async function checkSource(path: string, text: string, options: CheckOptions): Promise<FileReport> {
  let doc: SourceDocument;
  try {
    doc = readDocument(path, text, { macros: options.macros });
  } catch (e) {
    if (e instanceof InputError) return fileError(path, e.message, e.pos.line, e.pos.column);
    throw e;
  }
  const library = options.prove ? await loadRuleLibrary() : null;
  const { contexts, problems } = await contextsFor(path, doc, options);
  return new FileChecker(path, doc, options, library, contexts, problems).run();
}

/** A context applied to a file, and the `% context:` line that asked for it (null: the run's --context). */
type ContextInForce = AppliedContext & { readonly at: SourcePos | null };

/** Contexts are read once per process (a class's submissions share them). */
const CONTEXTS = new Map<string, Promise<ContextResult>>();

/** The contexts a file is checked in: the run's (--context, configuration), then its own `% context:` lines. */
async function contextsFor(path: string, doc: SourceDocument, options: CheckOptions): Promise<{ contexts: ContextInForce[]; problems: FileError[] }> {
  const wanted = [
    ...options.contexts.map((spec) => ({ ...parseContextSpec(spec, process.cwd()), pos: null })),
    ...doc.contexts.map((c) => ({ ...parseContextSpec(c.spec, contextBase(path)), pos: c.pos })),
  ];
  const contexts: ContextInForce[] = [];
  const problems: FileError[] = [];
  const names = wanted.length ? namesUsedIn(doc) : new Set<string>();
  for (const w of wanted) {
    const found = await loadContext(w.path, w.label, options.macros, CONTEXTS);
    if (found.ok) contexts.push({ ...applyContext(found.context, names), at: w.pos });
    else problems.push({ message: found.message, line: w.pos?.line ?? 1, column: w.pos?.column ?? 1 });
  }
  return { contexts, problems };
}

function fileError(path: string, message: string, line = 1, column = 1): FileReport {
  return { path, error: { message, line, column }, derivations: [], problems: [] };
}

/** A parsed expression, or why it could not be read. */
type Parsed = { ok: true; expr: Expr } | { ok: false; unknownCommand: boolean; message: string; line: number; column: number };


/** The per-file state of one check: immutable inputs plus what earlier rows defined. */
class FileChecker {
  private readonly symbols: SymbolTable;
  private readonly assumptions: Expr[] = [];
  private readonly definitions: Definition[] = [];
  private readonly problems: FileError[] = [];
  /** Names met in the file so far: a name first met as the head of `=` reads as being defined there. */
  private readonly seen = new Set<string>();
  /** Names the prose or an assumption gives a meaning that could not be read, and where (see claims.ts). */
  private readonly specific = new Map<string, string>();
  /** Random variables the prose leaves any law ("Let $X$ be a random variable."): a claim about their law is about every law (claims.ts). */
  private readonly anyLaw = new Set<string>();
  /** Laws given by their probabilities alone (`P = (\tfrac12, \tfrac12)`): their outcomes have no names. */
  private readonly vectorLaws = new Set<string>();
  /** Where the file's prose first defines or describes each name (a step above it already speaks of that particular thing). */
  private readonly statedAt = new Map<string, number>();
  /** What each step is checked under, as LaTeX (for --explain). */
  private readonly hypotheses: string[] = [];
  /** Lines of `% expect: refuted`, each waiting for the first step below it. */
  private readonly expecting: number[];
  /** A context the file asked for could not be read: a refutation might rest on what it defines. */
  private readonly contextUnread: boolean;
  /** Definitions that came from a context, with their place there. */
  private readonly origins = new Map<Definition, string>();
  /** A context's `=` rows that define nothing: generative equations of its model among them. */
  private readonly equations: { lhs: Expr; rhs: Expr }[] = [];
  /** Conditional laws (`x \mid z = j \sim …`) and parameter tuples (`\theta = (\phi, \mu)`) stated so far. */
  private readonly laws: ConditionalLaw[] = [];
  private readonly tuples: ParameterTuple[] = [];

  constructor(
    private readonly path: string,
    private readonly doc: SourceDocument,
    private readonly options: CheckOptions,
    private readonly library: RuleLibrary | null,
    private readonly contexts: readonly ContextInForce[] = [],
    contextProblems: readonly FileError[] = [],
  ) {
    // the contexts' symbols first; what the file itself says refines them
    const fromContexts = contexts.reduce<Map<string, SymbolInfo> | undefined>((table, c) => symbolTableFor(c.doc, table), undefined);
    this.symbols = symbolTableFor(doc, fromContexts);
    this.expecting = doc.expectations.map((e) => e.pos.line).sort((a, b) => a - b);
    this.problems.push(...contextProblems);
    this.contextUnread = contextProblems.length > 0;
    for (const c of contexts) for (const p of c.doc.problems) this.contextProblem(c, p.pos, p.message);
    for (const p of doc.problems) this.problems.push({ message: p.message, line: p.pos.line, column: p.pos.column });
    const stated = [...contexts.flatMap((c) => c.doc.assumptions.map((a) => ({ a, c }))), ...doc.assumptions.map((a) => ({ a, c: null }))];
    for (const { a, c } of stated) {
      try {
        const law = readConditionalLaw(a.text, this.symbols, path);
        if (law) {
          this.laws.push(law);
          this.hypotheses.push(a.text.latex.trim());
          continue;
        }
        this.assumptions.push(...parseAssumptions(a.text, this.symbols, path));
        this.hypotheses.push(a.text.latex.trim());
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const message = `assumption not understood: ${e.message}`;
        // what it speaks of is no longer arbitrary: a value drawn for it must refute nothing
        for (const name of namesSpokenOf(a.text.latex, this.symbols)) this.speaksOf(name, `in an assumption deriva could not read (line ${a.pos.line})`);
        if (c) this.contextProblem(c, e.pos, message);
        else this.problems.push({ message, line: e.pos.line, column: e.pos.column });
      }
    }
  }

  /** `name` is given a meaning deriva could not read (the first place that gave one is the one named). */
  private speaksOf(name: string, where = 'in the prose that deriva does not read as a definition'): void {
    if (!this.specific.has(name)) this.specific.set(name, where);
  }

  /** A problem inside a context, reported where the file asks for the context, naming the context's own line. */
  private contextProblem(c: ContextInForce, pos: SourcePos, message: string): void {
    this.problems.push({ message: `in context ${relative(process.cwd(), c.path) || c.path}:${pos.line}:${pos.column}: ${message}`, line: c.at?.line ?? 1, column: c.at?.column ?? 1 });
  }

  async run(): Promise<FileReport> {
    for (const c of this.contexts) await this.learnContext(c);
    for (const item of this.doc.prose) {
      if (item.kind === 'assumption' || item.kind === 'arbitrary-law') continue;
      for (const name of namesDefinedIn(item.text.latex, this.symbols)) if (isWordName(name) && !this.statedAt.has(name)) this.statedAt.set(name, item.pos.line);
    }
    const derivations: DerivationReport[] = [];
    const prose = this.doc.prose;
    let nextProse = 0;
    let stepIndex = 0;
    const learned = new Set<ProseItem>();
    // what a condition after a display added, dropped past that display ("\] for all $x \ge 1$.")
    const scoped: { readonly until: SourcePos; readonly added: Learned }[] = [];
    const learn = async (item: ProseItem) => {
      if (learned.has(item)) return;
      learned.add(item);
      if (item.until === undefined) return this.learnProse(item);
      const before = this.learnedSoFar();
      await this.learnProse(item);
      scoped.push({ until: item.until, added: this.learnedSince(before) });
    };
    for (const d of this.doc.derivations) {
      // what the prose has stated by now (a "where" after a display holds for that display)
      // (a clause continuing a `$$` display holds from the display's start, which is where its chain starts)
      for (; nextProse < prose.length && !strictlyAfter(prose[nextProse]!.from, d.pos); nextProse++) await learn(prose[nextProse]!);
      for (const { added } of scoped.filter((s) => strictlyAfter(d.pos, s.until))) this.forget(added);
      scoped.splice(0, scoped.length, ...scoped.filter((s) => !strictlyAfter(d.pos, s.until)));
      const steps: StepReport[] = [];
      const exprs = [d.head, ...d.links.map((l) => l.rhs)].map((t) => this.parse(t));
      // a name used here and defined only further down ("Here $\mathrm{ELBO} = …$" after the
      // display) means what that definition says: the file gives it no other meaning
      for (const item of this.forwardDefinitions(exprs, prose.slice(nextProse))) await learn(item);
      const wrt = d.wrt.length > 0 ? [...d.wrt] : inferWrt(exprs);
      // what the chain's rows are claimed under (`\qquad x \ge 0` beside one of them): read once for all its links
      const premise = this.premisesFor(d);
      for (let k = 0; k < d.links.length; k++) {
        const step = await this.checkStep(d, k, exprs[k]!, exprs[k + 1]!, wrt, stepIndex++, premise);
        steps.push(this.withExpectation(step));
      }
      for (const p of exprs) if (p.ok) for (const n of namesWritten(p.expr)) this.seen.add(n);
      derivations.push({ name: d.name, line: d.pos.line, steps });
    }
    return { path: this.path, error: null, derivations, problems: this.problems };
  }

  /**
   * What a context states joins the file's hypotheses before its first step: `:=` rows and names
   * introduced by `=` are definitions (each remembers where it came from, so a file's own
   * definition of the same name replaces it), its prose is read as prose. Nothing in it is a step.
   */
  private async learnContext(context: ContextInForce): Promise<void> {
    for (const d of context.doc.derivations) {
      const exprs = [d.head, ...d.links.map((l) => l.rhs)].map((t) => this.parse(t, false));
      d.links.forEach((link, k) => {
        const [lhs, rhs] = [exprs[k]!, exprs[k + 1]!];
        const failed = !lhs.ok ? lhs : !rhs.ok ? rhs : null;
        if (failed) {
          const where = { line: failed.line, column: failed.column };
          if (!this.problems.some((p) => p.message.includes(`:${where.line}:${where.column}: `))) this.contextProblem(context, where, failed.message);
          return;
        }
        if (!lhs.ok || !rhs.ok) return;
        const introduces = link.relation === ':=' || (k === 0 && link.relation === '=' && this.definedByEquals(lhs.expr, rhs.expr) !== null);
        if (!introduces) { if (link.relation === '=') this.equations.push({ lhs: lhs.expr, rhs: rhs.expr }); return; }
        const definition = { lhs: lhs.expr, rhs: rhs.expr };
        this.definitions.push(definition);
        this.origins.set(definition, `${context.path}:${link.pos.line}`);
        this.hypotheses.push(`${d.head.latex.trim()} := ${link.rhs.latex.trim()}`);
      });
    }
    for (const item of context.doc.prose) await this.learnProse(item, `${context.path}:${item.pos.line}`);
  }

  /** A prose equation defines its left side unless the file defines that name already, or a
   *  definition of a name on its right mentions it ("$P = Q$" … "if $Q = P$"): a second meaning or
   *  a circle of definitions is a hypothesis the writer states, not a definition. */
  private freshName(lhs: Expr, rhs: Expr): boolean {
    const head = definedHead(lhs);
    if (!head) return false;
    if (this.fileDefines(head)) return false;
    const own = this.definitions.filter((d) => !this.origins.has(d));
    return !own.some((d) => freeNames(rhs).has(definedName(d.lhs) ?? '') && freeNames(d.rhs).has(head.name));
  }

  /** Has the file itself (not a context) defined this name? */
  private fileDefines(head: Sym): boolean {
    return this.definitions.some((d) => !this.origins.has(d) && nameIdOf(d.lhs) === nameId(head));
  }

  /** A name the file defines replaces the contexts' definitions of it; the note says which. */
  private overrides(lhs: Expr): string {
    const head = definedHead(lhs);
    if (!head) return '';
    const replaced = this.definitions.filter((d) => this.origins.has(d) && nameIdOf(d.lhs) === nameId(head));
    for (const d of replaced) this.definitions.splice(this.definitions.indexOf(d), 1);
    return replaced.length ? `; replaces the context's definition (${replaced.map((d) => this.origins.get(d)).join(', ')})` : '';
  }

  /** What the file has learned so far (to tell what one prose item adds). */
  private learnedSoFar(): Learned {
    return { assumptions: [...this.assumptions], hypotheses: [...this.hypotheses], definitions: [...this.definitions], specific: [...this.specific.keys()] };
  }

  /** What was learned after `before`. */
  private learnedSince(before: Learned): Learned {
    const newer = <T>(now: readonly T[], then: readonly T[]): T[] => { const had = new Set(then); return now.filter((x) => !had.has(x)); };
    return {
      assumptions: newer(this.assumptions, before.assumptions),
      hypotheses: this.hypotheses.slice(before.hypotheses.length),
      definitions: newer(this.definitions, before.definitions),
      specific: newer([...this.specific.keys()], before.specific),
    };
  }

  /** Drops what one prose item added. */
  private forget(added: Learned): void {
    removeAll(this.assumptions, added.assumptions);
    removeAll(this.definitions, added.definitions);
    for (const name of added.specific) this.specific.delete(name);
    for (const h of added.hypotheses) {
      const at = this.hypotheses.lastIndexOf(h);
      if (at >= 0) this.hypotheses.splice(at, 1);
    }
  }

  /** "Now let $x$ be an arbitrary real number": the hypotheses on these names stated so far no longer hold. */
  private forgetHypothesesOn(names: ReadonlySet<string>): void {
    const speaksOfThem = (e: Expr) => [...freeNames(e)].some((name) => names.has(name));
    removeAll(this.assumptions, this.assumptions.filter(speaksOfThem));
    const statedOfThem = (latex: string): boolean => {
      try {
        return parseAssumptions({ latex, spans: [{ offset: 0, line: 1, column: 1 }] }, this.symbols, this.path).some(speaksOfThem);
      } catch (e) {
        if (e instanceof InputError) return false;
        throw e;
      }
    };
    removeAll(this.hypotheses, this.hypotheses.filter(statedOfThem));
  }

  /** A definition or hypothesis from the prose joins the file's, from where it stands; `origin` names a context's line. */
  private async learnProse(item: ProseItem, origin?: string): Promise<void> {
    if (item.kind === 'described') {
      for (const name of namesDefinedIn(item.text.latex, this.symbols)) this.speaksOf(name);
      return;
    }
    if (item.kind === 'arbitrary-law') {
      for (const name of namesDefinedIn(item.text.latex, this.symbols)) this.anyLaw.add(name);
      return;
    }
    if (item.kind === 'arbitrary') {
      this.forgetHypothesesOn(new Set(namesDefinedIn(item.text.latex, this.symbols)));
      return;
    }
    const vector = item.kind === 'definition' ? readProbabilityVector(item.text, this.symbols, this.path) : null;
    if (vector && vector.lhs.kind === 'prob' && !this.fileDefines(vector.lhs.dist)) {
      this.adoptProse(vector, item, origin);
      this.vectorLaws.add(vector.lhs.dist.name);
      return;
    }
    const parsed = this.parse(item.text, false);
    // `Q_i(z = j) = w_j` where w is already defined through Q restates that definition: an equation, not a new one
    const restates = parsed.ok && parsed.expr.kind === 'rel' && this.reachesThroughDefinitions(parsed.expr.rhs, definedName(parsed.expr.lhs));
    if (parsed.ok && !restates && item.kind === 'definition' && parsed.expr.kind === 'rel' && parsed.expr.op === '=' && isName(parsed.expr.lhs) && this.freshName(parsed.expr.lhs, parsed.expr.rhs)) {
      const { lhs, rhs } = parsed.expr;
      // a law written through itself at other arguments ("use Bayes: $p(x_0) = p(x_{0:T}) / p(x_{1:T} \mid x_0)$")
      // is a rule of probability, which holds anyway: no definition of p at x_0
      if (lhs.kind === 'prob' && freeNames(rhs).has(lhs.dist.name) && await this.holdsAnyway(parsed.expr)) {
        this.hypotheses.push(item.text.latex.trim());
        return;
      }
      this.adoptProse({ lhs, rhs }, item, origin);
      // a recurrence (\bar\alpha_t = \alpha_t \bar\alpha_{t-1}) relates values the sampler cannot draw to it
      const head = definedName(lhs);
      if (head && freeNames(rhs).has(head)) {
        this.speaksOf(head);
        // …and may be the model's generative equation (x_t = \sqrt{\alpha_t} x_{t-1} + … \epsilon_t)
        this.equations.push({ lhs, rhs });
      }
      return;
    }
    if (item.onlyIfNew) return;
    // `\sigma_q^2 = …` for a fresh name that is positive by convention defines it, as its positive root;
    // "with $\mathbb E[X] = \mu$" names the expression: the fresh name is on the right
    const root = parsed.ok && item.kind === 'definition' ? this.positiveRoot(parsed.expr) ?? this.namedOnTheRight(parsed.expr) : null;
    if (root) {
      this.adoptProse(root, item, origin);
      return;
    }
    // an equation the prose states about an expression: an identity that holds anyway
    // (`p(x_1)/p(x_1, x_2) = 1/p(x_2 \mid x_1)`) constrains nothing; one random values break
    // (`\sum_j w_j^{(i)} = 1`) is a hypothesis about its symbols, which the sampler cannot draw under
    if (parsed.ok && parsed.expr.kind === 'rel' && parsed.expr.op === '=' && item.kind === 'definition') {
      this.hypotheses.push(item.text.latex.trim());
      // an identity constrains no world; as an assumption, high precision can never tell its two
      // (equal) sides apart, and every suspected counterexample stayed undecided
      if (await this.holdsAnyway(parsed.expr)) return;
      this.assumptions.push(parsed.expr);
      for (const name of freeNames(parsed.expr)) this.speaksOf(name);
      return;
    }
    // (a chain, `0 < x < y`, is no one formula: only the assumption reader takes it)
    if (item.kind === 'assumption') {
      try {
        this.assumptions.push(...parseAssumptions(item.text, this.symbols, this.path));
        this.hypotheses.push(item.text.latex.trim());
        return;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }
    const tuple = item.kind === 'definition' && !parsed.ok ? readParameterTuple(item.text, this.symbols, this.path) : null;
    if (tuple) {
      this.tuples.push(tuple);
      this.hypotheses.push(item.text.latex.trim());
      return;
    }
    // stated, but not in a form deriva can use: what it speaks of is no longer arbitrary
    for (const name of (item.kind === 'assumption' ? namesSpokenOf : namesDefinedIn)(item.text.latex, this.symbols)) this.speaksOf(name);
  }

  /**
   * Is `e` a name that the definitions in force make an alias of `target` (`w_j^{(i)}` defined as
   * `Q_i^{(t)}(z^{(i)} = j)`): then `Q(…) = w` restates that definition. Only definitions whose
   * right side is itself a name are followed, a few at most.
   */
  private reachesThroughDefinitions(e: Expr, target: string | null): boolean {
    let current: Expr = e;
    for (let hops = 0; hops < 8 && target !== null; hops++) {
      const name = definedName(current);
      if (!isName(current) || name === null) return false;
      if (name === target) return hops > 0;
      const next = this.definitions.find((d) => definedName(d.lhs) === name && isName(d.rhs));
      if (!next) return false;
      current = next.rhs;
    }
    return false;
  }

  /** Does an equation hold for random values of its symbols (so that stating it constrains nothing)? */
  /** A prose definition joins the file's (replacing a context's of that name) or, with `origin`, a context's. */
  private adoptProse(definition: Definition, item: ProseItem, origin: string | undefined): void {
    if (origin === undefined) this.overrides(definition.lhs);
    this.definitions.push(definition);
    if (origin !== undefined) this.origins.set(definition, origin);
    this.hypotheses.push(item.text.latex.trim());
  }

  /** `X^2 = e` with X a fresh name that is positive by convention (σ, σ_q): X := √e. */
  private positiveRoot(e: Expr): Definition | null {
    if (e.kind !== 'rel' || e.op !== '=' || e.lhs.kind !== 'pow' || e.lhs.exp.kind !== 'num' || e.lhs.exp.value !== 2) return null;
    const x = e.lhs.base;
    if (x.kind !== 'sym' || x.upper.length > 0 || !this.symbols.get(x.name)?.positive || !this.freshName(x, e.rhs)) return null;
    return { lhs: x, rhs: pow(e.rhs, num(0.5)) };
  }

  /** The condition the prose sets before a display, read as the steps are (null when unreadable). */
  private conditionOf(text: MathText): Expr | null {
    const parsed = this.parse(text, false);
    return parsed.ok ? this.primesAsDerivatives(parsed.expr) : null;
  }

  /** Does the step mention a name the condition does (an unreadable one may speak of anything)? */
  private sharesNames(condition: Expr | null, lhs: Expr, rhs: Expr): boolean {
    if (condition === null) return true;
    const names = freeNames(condition);
    return [...freeNames(lhs), ...freeNames(rhs)].some((n) => names.has(n));
  }

  /** `v = value` (v a name the condition mentions) as the condition's solution; null otherwise. */
  private solutionOf(condition: Expr | null, lhs: Expr, rhs: Expr): { condition: Rel; solution: { variable: Expr; value: Expr } } | null {
    if (condition?.kind !== 'rel') return null;
    const solution = solvedFor(condition, rel('=', lhs, rhs));
    if (!solution || solution.variable.kind !== 'sym' || !freeNames(condition).has(solution.variable.name)) return null;
    return { condition, solution };
  }

  /** `s^2 = …` heading a display, for a name s the file has not used: s as the root of the right side. */
  private squareIntroduced(lhs: Expr, rhs: Expr): Definition | 'sign open' | null {
    if (lhs.kind !== 'pow' || lhs.exp.kind !== 'num' || lhs.exp.value !== 2 || lhs.base.kind !== 'sym' || lhs.base.upper.length > 0) return null;
    // (a square a context defines, \sigma_q^2 := … in the diffusion model, is used: definedByEquals says so)
    if (!this.definedByEquals(lhs.base, rhs)) return null;
    // (a deviation's letter only: z^2 = n(\bar x - \mu)^2/\sigma^2 leaves z's sign open)
    return DEVIATION_LETTER.test(lhs.base.name) ? { lhs: lhs.base, rhs: pow(rhs, num(0.5)) } : 'sign open';
  }

  /** `\mathbb E[X] = \mu` or `\operatorname{Var}(X) = \sigma^2`, where the right side is a fresh
   *  name (or the square of one positive by convention) and the left side is not a name: the
   *  writer names the expression. */
  private namedOnTheRight(e: Expr): Definition | null {
    if (e.kind !== 'rel' || e.op !== '=' || isName(e.lhs)) return null;
    if (e.rhs.kind === 'sym' && e.rhs.upper.length === 0 && this.freshName(e.rhs, e.lhs) && !freeNames(e.lhs).has(e.rhs.name)) return { lhs: e.rhs, rhs: e.lhs };
    return this.positiveRoot(rel('=', e.rhs, e.lhs));
  }

  private async holdsAnyway(e: Extract<Expr, { kind: 'rel' }>): Promise<boolean> {
    const { checkRelation } = await import('../numeric/index.js');
    const model = this.withinModel(e.lhs, e.rhs);
    const numeric = await checkRelation(model.lhs, '=', model.rhs,
      { symbols: model.symbols, assumptions: [], definitions: model.definitions, wrt: [] },
      { seed: this.options.seed, samples: 40, budgetMs: 200 });
    return numeric.verdict === 'confirmed';
  }

  /** A step right below a `% expect: refuted` line carries the expectation (each line is used once). */
  private withExpectation(step: StepReport): StepReport {
    const k = this.expecting.findIndex((line) => line < step.line || (line === step.line && step.column > 1));
    if (k < 0) return step;
    this.expecting.splice(k, 1);
    return { ...step, expected: 'refuted' };
  }

  private parse(text: MathText, reportUnknown = true): Parsed {
    try {
      return { ok: true, expr: parseMath(text, this.symbols, this.path) };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const unknownCommand = e instanceof UnknownCommandError;
      const failure = { ok: false as const, unknownCommand, message: e.message, line: e.pos.line, column: e.pos.column };
      if (reportUnknown && unknownCommand && !this.problems.some((p) => p.line === e.pos.line && p.column === e.pos.column)) {
        this.problems.push({ message: e.message, line: e.pos.line, column: e.pos.column });
      }
      return failure;
    }
  }

  private async checkStep(d: Derivation, k: number, from: Parsed, to: Parsed, wrt: string[], index: number, premise: Premise | null): Promise<StepReport> {
    const link = d.links[k]!;
    const fromText = k === 0 ? d.head : d.links[k - 1]!.rhs;
    const base = {
      line: link.pos.line, column: link.pos.column, relation: link.relation,
      from: fromText.latex.trim(), to: link.rhs.latex.trim(),
      justification: link.justification?.text ?? null,
    };
    const unreadable = !from.ok ? from : !to.ok ? to : null;
    if (unreadable) {
      const where = `${unreadable.line}:${unreadable.column}`;
      // a definition deriva cannot read (`f(x) := \begin{cases} … \end{cases}`) still gives f a meaning: a step
      // about f is not refuted on an f drawn at random
      const head = link.relation === ':=' && from.ok ? definedName(from.expr) : null;
      if (head !== null) this.speaksOf(head, `by a definition deriva cannot read (line ${link.pos.line})`);
      return unreadable.unknownCommand
        ? verdictOf(base, 'unverified', `${unreadable.message} (at ${where})`)
        : verdictOf(base, 'error', `${unreadable.message} (at ${where})`);
    }
    const [lhs, rhs] = [(from as { expr: Expr }).expr, (to as { expr: Expr }).expr].map((e) => this.primesAsDerivatives(e)) as [Expr, Expr];
    if (link.relation === ':=') {
      // `\log(a+b) := \log a + \log b` gives no name a meaning: it would be a claim taken on trust
      // (a square, \sigma_q^2 := …, names its root, as definitions of a positive letter do)
      const named = isName(lhs) || (lhs.kind === 'pow' && lhs.base.kind === 'sym' && lhs.exp.kind === 'num');
      if (!named) return verdictOf(base, 'error', `a definition (:=) gives a name its meaning, and ${toLatex(lhs)} is not a name: write = to state it as a step, which is then checked`);
      const note = this.overrides(lhs);
      this.definitions.push(this.positiveRoot({ kind: 'rel', op: '=', lhs, rhs }) ?? { lhs, rhs });
      return verdictOf(base, 'definition', `defines ${toLatex(lhs)}${note}`);
    }
    // "Setting $\frac{\partial E}{\partial a} = 0$ gives $$a = \bar y$$": the first step solves the condition
    const stated = d.condition !== undefined && d.condition !== 'words' ? this.conditionOf(d.condition) : null;
    const solving = k === 0 && link.relation === '=' ? this.solutionOf(stated, lhs, rhs) : null;
    if (solving) return this.checkSolution(base, wrt, solving.condition, solving.solution, index, differentiatesBy(solving.condition, solving.solution.variable));
    // under a condition, `b = 5` is a value it gives, never a new name's definition
    if (k === 0 && link.relation === '=' && d.condition && isName(lhs) && freeNames(rhs).size === 0 || (k === 0 && d.condition && this.definedByEquals(lhs, rhs))) {
      return verdictOf(base, 'unverified', `a value the condition the prose sets gives (${d.condition === 'words' ? 'in words' : `$${d.condition.latex.trim()}$`}), which deriva cannot check here: write the condition as an equation in the name (… = 0) so that the value is checked to solve it`);
    }
    // `\frac{1}{\tau_n^2} = \frac{1}{\tau^2} + \frac{n}{\sigma^2}` (a posterior precision) introduces
    // τ_n as `\tau_n^2 = …` would, from the reciprocal of the right side
    // (not of a name a hypothesis speaks of: `% assume: L > 0` then `\frac{1}{L} = 0` is a claim about L)
    const reciprocal = k === 0 && link.relation === '=' && !d.condition ? reciprocalSolved(lhs, rhs) : null;
    const introduced = reciprocal?.[0].kind === 'pow' ? reciprocal[0].base : reciprocal?.[0];
    const assumed = introduced !== undefined && this.assumptions.some((a) => mentionsAsWritten(a, introduced));
    const [named, value] = reciprocal !== null && !assumed ? reciprocal : [lhs, rhs];
    // `s^2 = \frac{1}{n-1}\sum_i (x_i - \bar x)^2` introduces s, a standard deviation: its nonnegative root
    const square = k === 0 && link.relation === '=' ? this.squareIntroduced(named, value) : null;
    if (square === 'sign open') {
      const name = (named as { base: Sym }).base;
      this.speaksOf(name.name, `through ${toLatex(lhs)} = … on line ${base.line}, which leaves its sign open`);
      return verdictOf(base, 'unverified', `introduces ${toLatex(name)} through its square, which the file has not used before: its sign is open, so nothing is checked here (define ${toLatex(name)} itself with :=)`);
    }
    if (square) {
      const note = this.overrides(square.lhs);
      this.definitions.push(square);
      return verdictOf({ ...base, relation: ':=' }, 'definition', `introduces ${toLatex(square.lhs)}, which the file has not used before, as the nonnegative root of ${toLatex(named)}${named === lhs ? '' : ` (from ${toLatex(lhs)})`} (read as its definition)${note}`);
    }
    const defined = k === 0 && link.relation === '=' ? this.definedByEquals(named, value) : null;
    if (defined) {
      const note = this.overrides(named);
      this.definitions.push({ lhs: named, rhs: value });
      // reported as what it is read as: a definition (relation :=), not a claim
      return verdictOf({ ...base, relation: ':=' }, 'definition', `introduces ${defined}, which the file has not used before (read as its definition)${note}`);
    }
    if (link.relation === 'implies') {
      const solution = solvedFor(lhs, rhs);
      // replacing v by the value inside \nabla_v F(\theta), where F reaches v only through its
      // definition, would differentiate with respect to the value, which F's body does not mention
      // (a derivative of 0): there the derivative is taken with respect to v at the value instead
      // (stationarity.ts). With v written in the body (\nabla_\mu K(\mu)) substituting is the same.
      if (solution) return this.checkSolution(base, wrt, lhs as Rel, solution, index, differentiatesBy(lhs, solution.variable));
    }
    if (!CHECKED.has(link.relation)) {
      return verdictOf(base, 'unverified', RELATION_NOT_CHECKED[link.relation] ?? `relation ${link.relation} is not checked`);
    }
    // `\sqrt{y^2} = y \quad \text{(since } y \ge 0)`: the row is claimed under its premise, and checked under it
    const report = premise ? await this.underPremise(premise, () => this.decide(base, wrt, link.relation, lhs, rhs, index, true, true))
      : await this.decide(base, wrt, link.relation, lhs, rhs, index);
    // `\frac{\partial\mathcal L}{\partial x} = y - \lambda = 0`: the last `= 0` of a derivative's chain sets the
    // first-order condition; it is no identity in the variables
    if (report.verdict === 'refuted' && k > 0 && k === d.links.length - 1 && link.relation === '=' && rhs.kind === 'num' && rhs.value === 0) {
      const head = this.parse(d.head, false);
      if (head.ok && head.expr.kind === 'deriv') {
        return { ...report, verdict: 'unverified', counterexample: null, message: `not refuted: the chain sets the derivative ${toLatex(head.expr)} to zero (a condition on its variables), which no identity check decides; deriva checks a solution written after it (⇒ x = …)` };
      }
    }
    // a rearrangement of the condition the prose sets (`\sum_i y_i = na` after "Setting $\partial E/\partial a = 0$"),
    // and every row after it, holds where the condition does: no counterexample at a value that breaks it
    // (a row that shares no name with the condition, `2 = 3`, is refuted as any step is)
    const condition = d.condition;
    const conditional = condition === 'words' ? freeNames(lhs).size + freeNames(rhs).size > 0
      : condition !== undefined && this.sharesNames(stated, lhs, rhs);
    if (condition !== undefined && conditional && report.verdict === 'refuted') {
      const message = condition === 'words'
        ? `not refuted: the prose before sets a condition in words ("set … to zero", "solve for …"), which the step is claimed under, and the values that fail it (${report.message}) may not satisfy it; write the condition as an equation ($\\frac{d\\ell}{d\\mu} = 0$) and deriva checks that the step solves it`
        : `not refuted: the step is claimed where the condition the prose sets holds ($${condition.latex.trim()}$), and the values that fail it (${report.message}) may not satisfy that condition; deriva checks a solution written as a name = value, not a rearrangement`;
      return { ...report, verdict: 'unverified', counterexample: null, message };
    }
    return report;
  }

  /**
   * `condition ⇒ v = value` (`28\mu + 12 = 0 \implies \mu = -\frac{3}{7}`): the right side must
   * solve the condition — checked as the identity the condition becomes with v replaced by the
   * value, proved or sampled like any step; a value that does not solve it is refuted.
   */
  private async checkSolution(base: StepBase, wrt: string[], condition: Rel, solution: { variable: Expr; value: Expr }, index: number, atPoint = false): Promise<StepReport> {
    // `\mu^{(j)} = \frac{\sum_i c^{(i)} 1\{y^{(i)} = j\} x^{(i)}}{…}` with y^{(i)} an arg min over μ: the value
    // moves with the variable, so the claim is a fixed point, which one substitution does not test
    const through = this.dependsOn(solution.value, solution.variable);
    if (through !== null) {
      return verdictOf(base, 'unverified', `the claimed value of ${toLatex(solution.variable)} moves with ${toLatex(solution.variable)} (through ${through}, an arg min or arg max over it): the step states a fixed point, which deriva does not solve`);
    }
    const put = (e: Expr) => (atPoint ? atSolution : replaceEvery)(e, solution.variable, solution.value);
    // a derivative taken at a point is the numeric back-end's notation, not the kernel's
    const report = await this.decide(base, wrt, condition.op === '=' ? '=' : condition.op as Relation, put(condition.lhs), put(condition.rhs), index, !atPoint);
    const what = `${toLatex(solution.variable)} = ${toLatex(solution.value)}`;
    switch (report.verdict) {
      case 'refuted': return { ...report, message: `${what} does not solve ${toLatex(condition)}: ${report.message}` };
      case 'proved': return { ...report, rules: ['solves', ...report.rules], message: [`${what} solves ${toLatex(condition)}`, report.message].filter(Boolean).join('; ') };
      default: return { ...report, message: `does ${what} solve ${toLatex(condition)}? ${report.message}` };
    }
  }

  /** Does `value` move with the variable: through a definition in force that picks by an arg min
   *  or arg max over it (an assignment, `y^{(i)} := \arg\min_j \|x^{(i)} - \mu^{(j)}\|^2`)? The
   *  defined name it goes through, or null. (Weights computed at the current iterate, w_j^{(i)} at
   *  θ^{(t)}, are held fixed by the update: they do not count.) */
  private dependsOn(value: Expr, variable: Expr): string | null {
    const target = variable.kind === 'sym' ? variable.name : definedName(variable);
    if (target === null) return null;
    const picks = (e: Expr): boolean => e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax') ? freeNames(e).has(target) : children(e).some(picks);
    const visited = new Set<string>();
    const queue = [...freeNames(value)].map((name) => ({ name, via: name }));
    for (let k = 0; k < queue.length && k < 1_000; k++) {
      const { name, via } = queue[k]!;
      if (visited.has(name)) continue;
      visited.add(name);
      for (const d of this.definitions) {
        if (definedName(d.lhs) !== name) continue;
        if (picks(d.rhs)) return via;
        const names = freeNames(d.rhs);
        for (const next of names) if (!visited.has(next)) queue.push({ name: next, via });
      }
    }
    return null;
  }

  /**
   * A name being introduced: its first occurrence in the file, heading a chain's first `=`
   * (`w_j^{(i)} = p(z^{(i)} = j \mid x^{(i)}; \theta)`, `\mu_\theta(x_t, t) = …`, `ELBO = …`) and
   * absent from the right side. Writers define with `=` as often as with `:=`, and sampling it as
   * a claim about an arbitrary object would refute a definition. Returns the name (as LaTeX) or
   * null. A name the right side uses (`x_t = \sqrt{\alpha_t} x_{t-1} + …`) is a claim.
   */
  private definedByEquals(lhs: Expr, rhs: Expr): string | null {
    if (!isName(lhs)) return null;
    const head = lhs.kind === 'sym' ? lhs : lhs.kind === 'call' ? lhs.fn : lhs.dist;
    if (lhs.kind === 'call' && !lhs.args.every((a) => a.kind === 'sym')) return null;
    // `\cosh x = \frac{e^x - e^{-x}}{2}` (a slip: that is sinh) states what a standard function is; it is a
    // claim, never the file's own definition of it (one written with := is)
    if (STANDARD_FUNCTION_COMMANDS.has(head.name.replace(/\^\{-1\}$/, ''))) return null;
    // (nor is a name the file gave a meaning deriva could not read, `f(x) := \begin{cases} … \end{cases}`)
    if (this.specific.has(head.name)) return null;
    if (this.seen.has(nameId(head)) || writesFamilyOf(rhs, head)) return null;
    // an expectation written as an application (`\mathbb E[\mathbf x_t \mid \mathbf x_0]` inside a model) is a claim about it
    if (lhs.kind === 'call' && EXPECTATION_HEADS.has(head.name)) return null;
    // `\sigma'(z) = …` after σ is defined states its derivative: a claim, not a new name
    const base = unprimed(head.name);
    if (base !== head.name && this.definitions.some((d) => definedName(d.lhs) === base)) return null;
    // a density of the context's model is the model's, never introduced by the file
    if (lhs.kind === 'prob' && [this.gaussianModel()?.forward, this.gaussianModel()?.reverse].includes(head.name)) return null;
    // a distribution letter with a definition, at another parameter (p(x;\theta^{(t)}) beside p(x, z;\theta)), is used, not introduced
    if (lhs.kind === 'prob' && this.definitions.some((d) => d.lhs.kind === 'prob' && d.lhs.dist.name === lhs.dist.name)) return null;
    // a function the contexts define, applied at other arguments (\ell(\theta^{(t)}) beside \ell(\theta)), is used, not introduced
    if (lhs.kind === 'call' && this.definitions.some((d) => this.origins.has(d) && d.lhs.kind === 'call' && nameIdOf(d.lhs) === nameId(head) && key(d.lhs) !== key(lhs))) return null;
    // the file's own definitions count; a context's is replaced by the file's (see overrides)
    if (this.fileDefines(head)) return null;
    // a name whose square or power a definition gives (\sigma_q^2 := … in the diffusion model) is that root: a claim
    if (lhs.kind === 'sym' && this.definitions.some((d) => d.lhs.kind === 'pow' && mentionsAsWritten(d.lhs, lhs))) return null;
    // w_1^{(i)} after w_j^{(i)} := …: a member of a defined family, not a new name
    if (this.definitions.some((d) => instanceOf(head, d))) return null;
    return toLatex(head);
  }

  /** `f'(w)` for f the file defines over one argument: the derivative `\frac{d}{dw} f(w)`, which the
   *  checkers take (a primed name alone has no definition). An argument that is not a name is left. */
  private primesAsDerivatives(e: Expr, depth = 0): Expr {
    // (the parser bounds nesting; past that, nothing is rewritten)
    if (depth > MAX_NESTING) return e;
    // (one prime: a second derivative is not taken)
    if (e.kind === 'call' && unprimed(e.fn.name) === e.fn.name.slice(0, -1) && e.args.length === 1 && e.args[0]!.kind === 'sym') {
      const base = { ...e.fn, name: unprimed(e.fn.name) };
      const unary = this.definitions.some((d) => d.lhs.kind === 'call' && d.lhs.args.length === 1 && nameIdOf(d.lhs) === nameId(base));
      // (a primed name the file defines itself, "the perturbed map $g'(x) = x^2 + \delta$", is that function)
      const own = unary && this.definitions.some((d) => nameIdOf(d.lhs) === nameId(e.fn));
      if (unary && !own) return deriv(e.args[0]!, call(base, e.args));
    }
    return mapChildren(e, (c) => this.primesAsDerivatives(c, depth + 1));
  }

  /** The orders a row's premise states (`since y \ge 0`, `x, y > 0` set beside it), read as assumptions; null when its
   *  justification states none, or one deriva cannot read. */
  private premiseOf(link: Derivation['links'][number]): Premise | null {
    const stated = link.justification === null ? null : premiseOrders(link.justification.text);
    if (stated === null) return null;
    try {
      const assumptions = stated.flatMap((latex) => parseAssumptions({ latex, spans: [{ offset: 0, ...link.justification!.pos }] }, this.symbols, this.path));
      return { text: stated.join(', '), assumptions };
    } catch (e) {
      if (e instanceof InputError) return null;
      throw e;
    }
  }

  /** The premises a chain's links are claimed under: those set beside any row of it (each link of the row,
   *  `a = \sqrt{x^2} = x \qquad x \ge 0`, and the rows around it: a condition is written once per derivation). */
  private premisesFor(d: Derivation): Premise | null {
    const found = d.links.filter((other) => other.justification !== null).map((other) => this.premiseOf(other)).filter((p) => p !== null);
    if (found.length === 0) return null;
    return { text: found.map((p) => p.text).join(', '), assumptions: found.flatMap((p) => p.assumptions) };
  }

  /** Runs `check` with the premise's assumptions in force (and named among the step's hypotheses), then drops them. */
  private async underPremise(premise: Premise, check: () => Promise<StepReport>): Promise<StepReport> {
    const [assumed, stated] = [this.assumptions.length, this.hypotheses.length];
    this.assumptions.push(...premise.assumptions);
    this.hypotheses.push(premise.text);
    try {
      const report = await check();
      const under = `under the row's premise ${premise.text}`;
      return { ...report, message: report.message ? `${under}; ${report.message}` : under };
    } finally {
      this.assumptions.length = assumed;
      this.hypotheses.length = stated;
    }
  }

  /** Proof search first (bounded), then sampling; the two combine into one verdict. With `premised`, the
   *  row's premise is in force: a world the sampler draws keeps it, so a refutation stands. */
  private async decide(base: StepBase, wrt: string[], relation: Relation, lhs: Expr, rhs: Expr, index: number, prove = true, premised = false): Promise<StepReport> {
    const budget = this.options.stepBudgetMs;
    // ∂(2L)/∂w with L a loss of w: rules and algebra take what does not show w as free of it, so a
    // derivative of a body that never writes its variable is left to sampling, which unfolds definitions
    const library = prove && !differentiatesUnwritten(lhs) && !differentiatesUnwritten(rhs) ? this.library : null;
    // (a premise cites no rule: `since y \ge 0` names none, and says so nowhere)
    const cited = premised ? null : base.justification;
    const citation = this.library && cited ? this.library.cite(cited) : { rules: [], note: '' };
    const vacuous = vacuousOptimum([lhs, rhs], { definitions: this.definitions, tuples: this.tuples });
    if (vacuous) {
      return { ...verdictOf(base, 'unverified', [vacuous, ...(citation.note ? [citation.note] : [])].join('; ')), hypotheses: [...this.hypotheses], citations: this.citations(cited, []) };
    }
    // Sampling first: it is cheap, and a refuted step needs no proof search (a refutation
    // re-verified in high precision wins over any proof anyway).
    const { checkRelation, judgedWorlds } = await import('../numeric/index.js');
    const sampling = performance.now();
    const seed = stepSeed(this.options.seed, this.path, index);
    const atMaximiser = maximisers(this.definitions).filter((m) => mentions(lhs, m) || mentions(rhs, m));
    for (const m of atMaximiser) {
      const dominance = await this.dominance(m, relation, lhs, rhs, seed);
      if (dominance) return { ...verdictOf(base, 'confirmed', [dominance.message, ...(citation.note ? [citation.note] : [])].join('; ')), samples: dominance.samples, maxError: dominance.maxError, hypotheses: [...this.hypotheses], citations: this.citations(cited, []) };
    }
    const gaussian = this.gaussianModel();
    // the model back-end loads with the numeric one, only when a context defines a model
    const inModel = gaussian ? await import('../numeric/gaussian/index.js').then((m) => m.checkInModel(gaussian, lhs, relation, rhs, { ...m.DEFAULT_MODEL_CHECK, stepWork: m.modelWorkFor(budget), seed })) : null;
    const model = this.withinModel(lhs, rhs);
    const budgetMs = Math.max(50, Math.floor(budget * 0.4));
    // the full sampling takes the worlds the glance judged as they were (numeric/index.ts)
    const context = { symbols: model.symbols, assumptions: model.assumptions, definitions: model.definitions, wrt };
    const judged = judgedWorlds(model.lhs, relation, model.rhs, context, { seed, budgetMs });
    const sample = (samples: number) => checkRelation(model.lhs, relation, model.rhs, context, { seed, samples, budgetMs, judged });
    // every search is timed into proofMs, wherever it runs (before the full sampling or after)
    let proofMs = 0;
    const search = (share: number) => {
      const start = performance.now();
      try {
        return library!.prove(lhs, relation, rhs, this.proofRequest(citation.rules, wrt), Math.max(50, Math.floor(budget * share)));
      } finally {
        proofMs += performance.now() - start;
      }
    };
    // A glance at a few of the step's worlds (drawn with the same seed as the full run) comes
    // before the search; a proof then needs no more than that glance as a cross-check of the kernel,
    // and a certain counterexample in it stands as it is. Otherwise the full sampling runs.
    const glanceSamples = Math.min(GLANCE_SAMPLES, this.options.samples);
    const modelDecides = inModel !== null && inModel.verdict !== 'unverified';
    const glance = library && !modelDecides && glanceSamples < this.options.samples ? await sample(glanceSamples) : null;
    const early = glance?.verdict === 'confirmed' ? search(0.6) : null;
    const numeric = modelDecides ? inModel : early?.proved || glance?.verdict === 'refuted' ? glance! : await sample(this.options.samples);
    const modelNote = inModel?.verdict === 'confirmed' && numeric === inModel ? [inModel.note] : [];
    const modelReason = inModel?.verdict === 'unverified' ? [inModel.reason] : [];
    const numericMs = performance.now() - sampling - proofMs;
    const proof = early ?? (library && numeric.verdict !== 'refuted' ? search(0.6) : null);
    const notes = citation.note ? [citation.note] : [];
    const hypotheses = [...this.hypotheses];

    if (numeric.verdict === 'refuted') {
      // the model judged what its symbols mean; the sampler's readings need these checks
      const later = this.definedBelow(base.line, lhs, rhs) ?? (numeric === inModel ? null : labelledQuantity(model.labelled) ?? this.outcomesUnnamed(lhs, rhs));
      const claim = this.contextUnread
        ? 'a problem context this file asks for could not be read (see the file\'s problems), and the step may rest on what it defines'
        : (premised ? null : premiseIn(base.justification)) ?? (later ? later
        : numeric === inModel ? null // the model judged what the step's symbols mean
        : atMaximiser.length > 0
          ? `${toLatex(atMaximiser[0]!.point)} is the maximiser of its definition, which deriva does not compute; a counterexample at an arbitrary value of it says nothing about the maximiser`
          : whyNotRefutable(model.lhs, model.rhs, { ...context, specific: this.specific, anyLaw: this.anyLaw, inContext: this.contexts.length > 0 })
            ?? outcomesBeyondNamed(model.lhs, model.rhs, numeric.counterexample.assignment, model.assumptions));
      // belt and braces: a refuted step the kernel can prove is a bug in deriva, never a verdict
      // (a full search that already failed is not repeated at a smaller budget)
      const proofOfRefuted = library && claim === null && early === null
        ? search(0.3)
        : null;
      const timing = { proofMs, numericMs };
      if (proofOfRefuted?.proved) {
        return {
          ...verdictOf(base, 'unverified', `internal disagreement: the kernel replayed a proof (${proofOfRefuted.rules.join(', ')}) but a sample disagrees (${numeric.message}); this is a bug in deriva, please report it`),
          samples: numeric.samples, timing, hypotheses,
        };
      }
      if (claim !== null) {
        return { ...verdictOf(base, 'unverified', [`not refuted: ${claim}`, ...modelReason, ...notes].join('; ')), samples: numeric.samples, timing, hypotheses };
      }
      return {
        ...verdictOf(base, 'refuted', [numeric.message, ...notes].join('; ')),
        samples: numeric.samples, maxError: numeric.maxError, counterexample: { ...numeric.counterexample, seed: this.options.seed }, timing,
        citations: this.citations(cited, []), hypotheses,
      };
    }
    const timing = { proofMs, numericMs };
    if (proof?.proved) {
      return {
        ...verdictOf(base, 'proved', notes.join('; ')),
        rules: proof.rules,
        proof: this.options.explain ? proof.steps : [],
        samples: numeric.samples,
        maxError: numeric.verdict === 'confirmed' ? numeric.maxError : null,
        timing, citations: this.citations(cited, proof.rules), hypotheses,
      };
    }
    if (numeric.verdict === 'confirmed') {
      const why = proof ? [`no proof: ${proof.reason}`] : [];
      return {
        ...verdictOf(base, 'confirmed', [...modelNote, ...why, ...notes].join('; ')),
        samples: numeric.samples, maxError: numeric.maxError, timing, citations: this.citations(cited, []), hypotheses,
        ...('note' in numeric && typeof numeric.note === 'string' ? { samplesNote: numeric.note } : {}),
      };
    }
    return {
      ...verdictOf(base, 'unverified', [...modelReason, numeric.reason, ...(proof ? [`no proof: ${proof.reason}`] : []), ...notes].join('; ')),
      samples: numeric.samples, timing, citations: this.citations(cited, []), hypotheses,
    };
  }

  /** Prose definitions further down of names these expressions use and nothing defines yet (each name's first such definition). */
  private forwardDefinitions(exprs: readonly Parsed[], below: readonly ProseItem[]): ProseItem[] {
    const used = new Set(exprs.flatMap((p) => (p.ok ? [...freeNames(p.expr)] : [])));
    const defined = new Set(this.definitions.map((d) => definedName(d.lhs)));
    const found = new Map<string, ProseItem>();
    for (const item of below) {
      if (item.kind !== 'definition') continue;
      for (const name of namesDefinedIn(item.text.latex, this.symbols)) {
        if (isWordName(name) && used.has(name) && !defined.has(name) && !found.has(name)) found.set(name, item);
      }
    }
    return [...found.values()];
  }

  /** A law given by its probabilities, in a step that reads an outcome's own value: the outcomes' names are the writer's, not deriva's. */
  private outcomesUnnamed(lhs: Expr, rhs: Expr): string | null {
    const used = [...new Set([...freeNames(lhs), ...freeNames(rhs)])].filter((n) => this.vectorLaws.has(n));
    if (used.length === 0) return null;
    const lawOrSet = (name: string) => ['distribution', 'set'].includes(this.symbols.get(name)?.kind ?? '');
    if (readsOnlyProbabilities(lhs, lawOrSet) && readsOnlyProbabilities(rhs, lawOrSet)) return null;
    return `${used[0]} is given by its probabilities only, and the step reads the outcomes' own values, which they do not name`;
  }

  /** A name of the step whose meaning the prose states only below it ("Here $\mathrm{ELBO} = …$" after the display): the step is about that particular thing, not any value. */
  private definedBelow(line: number, lhs: Expr, rhs: Expr): string | null {
    const defined = new Set(this.definitions.map((d) => definedName(d.lhs)));
    for (const name of new Set([...freeNames(lhs), ...freeNames(rhs)])) {
      if (defined.has(name)) continue;
      const at = this.statedAt.get(name);
      if (at !== undefined && at > line) return `${name} is given its meaning only below (line ${at}); the step is about that meaning, not an arbitrary value`;
    }
    return null;
  }

  /** The linear-Gaussian model the contexts define (their generative equation, laws and densities), if any. */
  private gaussianModel(): ModelSpec | null {
    if (this.equations.length === 0) return null;
    return readSpec({ definitions: this.definitions, stated: this.definitions.filter((d) => this.origins.has(d)), assumptions: this.assumptions, equations: this.equations });
  }

  /** The step's sides and the definitions as the problem's latent-variable models read them (see model-latent.ts). */
  private withinModel(written: Expr, writtenRhs: Expr): { lhs: Expr; rhs: Expr; definitions: Definition[]; assumptions: Expr[]; symbols: SymbolTable; labelled: ReadonlySet<string> } {
    const pointwise = readPointwiseConditions(written, writtenRhs);
    const isLaw = (name: string) => this.symbols.get(name)?.kind === 'distribution';
    const labelled = new Set<string>();
    const labelledDefinitions = this.definitions.map((d) => ({ lhs: readLabels(d.lhs, isLaw), rhs: readLabels(d.rhs, isLaw) }));
    const blocks = readBlocks(readLabels(pointwise.lhs, isLaw, labelled), readLabels(pointwise.rhs, isLaw, labelled), labelledDefinitions);
    for (const d of labelledDefinitions) labelled.delete(definedName(d.lhs) ?? '');
    const models = latentModels({
      definitions: blocks.definitions, assumptions: this.assumptions, laws: this.laws, tuples: this.tuples,
      integer: (name) => this.symbols.get(name)?.integer === true,
    });
    const sides = { lhs: withinModels(models, blocks.lhs), rhs: withinModels(models, blocks.rhs) };
    const definitions = definitionsWithinModels(models, blocks.definitions);
    const read = [sides.lhs, sides.rhs, ...definitions.map((d) => d.rhs)];
    return {
      ...sides, definitions, labelled,
      assumptions: assumptionsWithinModels(models, this.assumptions, read),
      symbols: symbolsWithinModels(models, this.symbols, read),
    };
  }

  /**
   * `G(\theta^{(t+1)}) \geq G(\theta')` for a maximiser `\theta^{(t+1)} := \arg\max_\theta G(\theta)`: true
   * when the two sides sample equal to the objective at the two points (the maximiser taken
   * arbitrary there, which those identities must survive). Null when the step is not of that form.
   */
  private async dominance(m: Maximiser, relation: Relation, lhs: Expr, rhs: Expr, seed: number): Promise<{ message: string; samples: number; maxError: number | null } | null> {
    const { checkRelation } = await import('../numeric/index.js');
    const budgetMs = Math.max(50, Math.floor(this.options.stepBudgetMs * 0.2));
    for (const reading of dominanceReadings(m, relation, lhs, rhs)) {
      const results = [];
      for (const [side, objective] of [[reading.high, reading.objectiveHigh], [reading.low, reading.objectiveLow]] as const) {
        const model = this.withinModel(side, objective);
        results.push(await checkRelation(model.lhs, '=', model.rhs,
          { symbols: model.symbols, assumptions: model.assumptions, definitions: model.definitions, wrt: [] },
          { seed, samples: this.options.samples, budgetMs }));
      }
      if (results.every((r) => r.verdict === 'confirmed')) {
        const maxError = Math.max(...results.map((r) => (r.verdict === 'confirmed' ? r.maxError : 0)));
        return {
          message: `by the arg max: the sides are its objective at ${toLatex(m.point)} and at ${toLatex(reading.other)} (each identity sampled)`,
          samples: Math.min(...results.map((r) => r.samples)), maxError,
        };
      }
    }
    return null;
  }

  private proofRequest(cited: readonly unknown[], wrt: readonly string[]): ProofRequest {
    return { cited, definitions: this.definitions, symbols: this.symbols, assumptions: this.assumptions, wrt };
  }

  /** What the step's justification cites, and whether the proof used it. */
  private citations(justification: string | null, used: readonly string[]): Citation[] {
    if (!justification || !this.library) return [];
    const cited = this.library.cite(justification);
    const rules = cited.names;
    const wasUsed = rules.some((r) => used.includes(r));
    const note = rules.length === 0 ? cited.note
      : wasUsed ? ''
        : used.length > 0 ? `the proof used ${used.join(', ')}, not ${rules.join(', ')}` : 'the step was not proved by rules';
    return [{ text: justification, rules, used: wasUsed, note }];
  }
}

/** `v = value` after a condition `a = b` (or an order), when v is a symbol the value does not mention. */
function solvedFor(condition: Expr, conclusion: Expr): { variable: Expr; value: Expr } | null {
  if (condition.kind !== 'rel' || !['=', '<', '>', '<=', '>='].includes(condition.op)) return null;
  if (conclusion.kind !== 'rel' || conclusion.op !== '=' || conclusion.lhs.kind !== 'sym') return null;
  const written = conclusion.lhs;
  // `2\mu = 6 \Rightarrow \hat\mu = 3`: an estimate's accent (\hat, \tilde, ^*) names the solution for μ
  const variable = mentionsAsWritten(condition, written) ? written : unaccented(written, condition) ?? written;
  if (freeNames(conclusion.rhs).has(variable.name) || freeNames(conclusion.rhs).has(written.name)) return null;
  return { variable, value: conclusion.rhs };
}

/** `\hat\mu_j`, `\tilde\theta`, `\mu^*` as the plain name the condition writes (μ_j, θ, μ), or null. */
function unaccented(v: Sym, condition: Expr): Sym | null {
  const accent = /^\\(?:hat|tilde|widehat|widetilde)\{(.+)\}$/.exec(v.name);
  // (`\lambda^*` and `\lambda^\star` are read as the name `\lambda^{*}`)
  const starredName = /^(.+)\^\{\*\}$/.exec(v.name);
  const starred = v.upper.length === 1 && v.upper[0]!.kind === 'sym' && v.upper[0]!.name === '*';
  const plain: Sym | null = accent ? { ...v, name: accent[1]! } : starredName ? { ...v, name: starredName[1]! } : starred ? { ...v, upper: [] } : null;
  return plain !== null && mentionsAsWritten(condition, plain) ? plain : null;
}

/** Does `e` differentiate a body that names something but never the variable (∂L/∂w, ∂(2L)/∂w)? */
function differentiatesUnwritten(e: Expr, depth = 0): boolean {
  if (depth > MAX_NESTING) return false;
  if (e.kind === 'deriv') {
    const names = freeNames(e.body);
    if (names.size > 0 && [...freeNames(e.wrt)].every((v) => !names.has(v))) return true;
  }
  return children(e).some((c) => differentiatesUnwritten(c, depth + 1));
}

/** Does `e` take a derivative with respect to the variable of a body that does not write it (F(\theta) for \mu_j)? */
function differentiatesBy(e: Expr, variable: Expr): boolean {
  const name = variable.kind === 'sym' ? variable.name : null;
  const walk = (x: Expr): boolean =>
    (x.kind === 'deriv' && (name === null || (freeNames(x.wrt).has(name) && !mentionsAsWritten(x.body, variable)))) || children(x).some(walk);
  return walk(e);
}

/** Does `e` contain `v` itself (same name and subscripts), not only its letter? */
function mentionsAsWritten(e: Expr, v: Expr): boolean {
  return key(e) === key(v) || children(e).some((c) => mentionsAsWritten(c, v));
}

/** `e` with every free occurrence of `target` (by key) replaced by `value` (a binder of its name shields its body). */
function replaceEvery(e: Expr, target: Expr, value: Expr): Expr {
  const k = key(target);
  const name = target.kind === 'sym' ? target.name : '';
  const go = (x: Expr): Expr => {
    if (key(x) === k) return value;
    if (x.kind === 'bind' && x.vars.includes(name)) return x;
    return mapChildren(x, go);
  };
  return go(e);
}

/** A name as written, with its subscripts (L_C and L_S, \mu_\theta and \mu_q are different names);
 *  sample superscripts are not part of it (x^{(i)} and x^{(j)} are samples of one x). */
/** Is `head` (`w_1^{(i)}`) the defined symbol of `d` (`w_j^{(i)} := …`) at some values of its parameter scripts? */
function instanceOf(head: Sym, d: Definition): boolean {
  const defined = definedHead(d.lhs);
  if (!defined || defined.name !== head.name || defined.index.length !== head.index.length || defined.upper.length !== head.upper.length) return false;
  const flags = parameterSlots(d);
  const mine = [...head.index, ...head.upper];
  return [...defined.index, ...defined.upper].every((slot, k) => flags[k] === true || key(slot) === key(mine[k]!));
}

const nameId = (s: Sym): string => (s.index.length ? `${s.name}_${s.index.map(key).join(',')}` : s.name);

const nameIdOf = (lhs: Expr): string | null => { const h = definedHead(lhs); return h ? nameId(h) : null; };

const definedHead = (lhs: Expr): Sym | null => (lhs.kind === 'sym' ? lhs : lhs.kind === 'call' ? lhs.fn : lhs.kind === 'prob' ? lhs.dist : null);

/** Every name written in `e`, with its subscripts (see nameId), and every bare name. */
function namesWritten(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'sym') { out.add(nameId(e)); out.add(e.name); }
  for (const c of children(e)) namesWritten(c, out);
  return out;
}

/** A justification that states a premise (`\text{since } ab = 0`): the row holds under it, which no
 *  hypothesis of the file says, so a world breaking it refutes nothing. */
function premiseIn(justification: string | null): string | null {
  if (justification === null) return null;
  // (a premise word, or an order alone: `\qquad x \ge 1` set beside the row; an equation alone, `(\eta = 1/L)`,
  // cites the fact the step uses, which is checked like any)
  const worded = PREMISE_WORD.test(justification);
  const bare = !/[A-Za-z]{2,}/.test(justification.replace(/\\[A-Za-z]+/g, '')) && ORDER_SIGN.test(justification);
  if (!(bare || (worded && (ORDER_SIGN.test(justification) || justification.includes('='))))) return null;
  return `the row rests on what its justification states ("${justification.trim()}"), which deriva does not read as a hypothesis here`;
}

/** The orders on names a premise states, one per name (`since x, y > 0` gives x > 0 and y > 0); null for
 *  anything else (an equation, words, a bound on an expression). */
function premiseOrders(justification: string): string[] | null {
  const body = justification.replace(/&/g, ' ').replace(PREMISE_LEAD, '').replace(/[\s.;,]+$/, '');
  if (!PREMISE_ORDERS.test(body) || /[A-Za-z]{2,}/.test(body.replace(/\\[A-Za-z]+/g, ''))) return null;
  // (letters and orders only: `x \in \mathbb R_{\ge 0}` is no order of x, and read as one it bounded nothing)
  if ((body.match(/\\[A-Za-z]+/g) ?? []).some((command) => !LETTER_COMMANDS.has(command) && !ORDER_AT.test(command))) return null;
  const items = body.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const out: string[] = [];
  let names: string[] = [];
  for (const item of items) {
    const order = ORDER_AT.exec(item);
    if (!order) { names.push(item); continue; }
    // `x, y > 0`: the names listed before an item `y > 0` share its order
    if (order.index > 0) for (const name of names) out.push(`${name} ${item.slice(order.index)}`);
    names = [];
    out.push(item);
  }
  // (an order between two names, `\sigma_q^2 \ge \beta_t`, may be a claim set beside the row: it is held, not assumed)
  return names.length > 0 || out.length === 0 || !out.every((item) => NUMBER_BOUND.test(item)) ? null : out;
}

/** A premise's leading word. */
const PREMISE_LEAD = /^\s*(?:since|because|as|given|for(?:\s+(?:all|every|any))?|if|whenever|when|assuming|provided(?:\s+that)?)?\s*/i;
/** Names and numbers and orders only (no equation). */
const PREMISE_ORDERS = /^[\s,A-Za-z\u0370-\u03ff\\{}_^0-9.+\-|/()]*?(?:<|>|≤|≥|\\(?:le|ge|leq|geq|leqslant|geqslant|lt|gt)(?![A-Za-z]))[\s,A-Za-z\u0370-\u03ff\\{}_^0-9.<>≤≥+\-|/()]*$/;
const ORDER_AT = /<|>|≤|≥|\\(?:le|ge|leq|geq|leqslant|geqslant|lt|gt)(?![A-Za-z])/;
/** A number written as a bound (not a subscript or a power): `x > 0`, `1 \le n`. */
const NUMBER_BOUND = /(?<![_^{\w\\])-?\d+(?:\.\d+)?(?![\w}])/;

/** A word that makes a justification a premise. */
const PREMISE_WORD = /\b(since|because|as|given|using|with|if|when|whenever|for|unless|except|provided)\b/i;
/** An order written in a justification: `<`, `>`, `\le`, `\geq`, `\ne` … */
const ORDER_SIGN = /[<>≤≥≠]|\\(?:le|ge|leq|geq|leqslant|geqslant|leqq|geqq|lt|gt|neq|ne)(?![A-Za-z])/;

/** `a` is after `b` in the file. */
const strictlyAfter = (a: SourcePos, b: SourcePos): boolean => a.line > b.line || (a.line === b.line && a.column > b.column);

/** `1/v = R` as `v = 1/R`, and `1/v^2 = R` as `v^2 = 1/R`, for a name v (null for any other left side). */
function reciprocalSolved(lhs: Expr, rhs: Expr): [Expr, Expr] | null {
  if (lhs.kind !== 'pow' || lhs.exp.kind !== 'num') return null;
  const reciprocal = pow(rhs, num(-1));
  const square = (b: Expr): boolean => b.kind === 'pow' && b.base.kind === 'sym' && b.exp.kind === 'num' && b.exp.value === 2;
  if (lhs.exp.value === -1 && (lhs.base.kind === 'sym' || square(lhs.base))) return [lhs.base, reciprocal];
  if (lhs.exp.value === -2 && lhs.base.kind === 'sym') return [pow(lhs.base, num(2)), reciprocal];
  return null;
}

/** Letters whose square names a variance, so the letter is a standard deviation (nonnegative). */
const DEVIATION_LETTER = /^(?:s|S|\\sigma|\\tau|\\(?:hat|tilde|bar)\{(?:s|S|\\sigma|\\tau)\})$/;

/** Does `e` write the name being introduced: itself, or (for a name with scripts, `\tau_n`) another
 *  member of its family (`x_{t-1}` beside `x_t`)? The bare letter beside a scripted name (`\tau`
 *  beside `\tau_n`) is another quantity. */
function writesFamilyOf(e: Expr, head: Sym): boolean {
  const scripted = head.index.length + head.upper.length > 0;
  const walk = (x: Expr, depth: number): boolean => {
    if (depth > MAX_NESTING) return true;
    if (x.kind === 'sym' && x.name === head.name && (!scripted || x.index.length + x.upper.length > 0)) return true;
    return children(x).some((c) => walk(c, depth + 1));
  };
  return walk(e, 0);
}

/** Heads of an expectation, however it is parsed: never a name a file introduces. */
const EXPECTATION_HEADS: ReadonlySet<string> = new Set(['\\mathbb{E}', '\\mathbf{E}', '\\operatorname{E}', '\\mathrm{E}']);

/** A name a definition can define: a symbol, an applied function, a distribution. */
const isName = (e: Expr): e is Extract<Expr, { kind: 'sym' | 'call' | 'prob' }> => e.kind === 'sym' || e.kind === 'call' || e.kind === 'prob';

/** A quantity of a law (`\mu_q`, `\sigma_q`) that nothing defines: the step is about that quantity. */
function labelledQuantity(labelled: ReadonlySet<string>): string | null {
  const [first] = labelled;
  return first === undefined ? null : `${first} is a quantity of a law (its subscript names the law) and has no definition here: define it (:=, a prose definition) or check inside a problem context`;
}

/** The names on the left of a stated definition deriva could not use (best effort: none when unreadable). */
function namesDefinedIn(latex: string, symbols: SymbolTable): string[] {
  try {
    const lhs = parseLatex(leftOfDefinition(latex), symbols);
    const head = definedName(lhs);
    return head ? [head] : [...freeNames(lhs)];
  } catch {
    return [];
  }
}

/** What an assumption deriva could not read speaks of: the names on its left, or, when even that
 *  does not parse, the names it mentions. */
function namesSpokenOf(latex: string, symbols: SymbolTable): string[] {
  const named = namesDefinedIn(latex, symbols);
  return named.length > 0 ? named : namesMentioned(latex);
}

/** When a statement cannot be parsed at all (an unknown command in it), the names it mentions as
 *  best read: its single letters and Greek letters, outside words (`\\text{…}`, `\\mathrm{…}`). */
function namesMentioned(latex: string): string[] {
  const words = latex.replace(/\\(?:text[a-z]*|math(?:rm|it|sf|tt)|operatorname\*?)\s*\{[^{}]*\}/g, ' ');
  return [...new Set([...words.matchAll(/\\[A-Za-z]+|[A-Za-z]/g)].map((m) => m[0]).filter((n) => n.length === 1 || LETTER_COMMANDS.has(n)))];
}

/** LaTeX's operator names for standard functions (the parser's, and those it reads apart), and Γ. */
const STANDARD_FUNCTION_COMMANDS: ReadonlySet<string> = new Set([
  ...STANDARD_FUNCTIONS, ...LIMIT_OPERATORS, '\\exp', '\\log', '\\ln', '\\det', '\\max', '\\min', '\\Pr', '\\arg', '\\Gamma',
]);

/** Removes from `list`, in place, every element of `gone` (by identity). */
function removeAll<T>(list: T[], gone: readonly T[]): void {
  const drop = new Set(gone);
  list.splice(0, list.length, ...list.filter((x) => !drop.has(x)));
}

/** The orders a row's premise states, as written and as assumptions. */
interface Premise { readonly text: string; readonly assumptions: readonly Expr[] }

/** What prose items added to the file's hypotheses and definitions. */
interface Learned {
  readonly assumptions: readonly Expr[];
  readonly hypotheses: readonly string[];
  readonly definitions: readonly Definition[];
  /** Names the prose gave a meaning deriva does not read. */
  readonly specific: readonly string[];
}

type StepBase = Pick<StepReport, 'line' | 'column' | 'relation' | 'from' | 'to' | 'justification'>;

function verdictOf(base: StepBase, verdict: StepReport['verdict'], message: string): StepReport {
  return { ...base, verdict, rules: [], samples: 0, maxError: null, counterexample: null, message, proof: [], citations: [], expected: null, hypotheses: [] };
}

const RELATION_NOT_CHECKED: Partial<Record<Relation, string>> = {
  approx: '≈ is reported, not checked',
  iff: '⇔ between statements is not checked yet',
  implies: '⇒ between statements is not checked yet',
};

/** The variables an `\arg\min_\theta` / `\arg\max_\theta` heading any row of the chain optimises over. */
function inferWrt(exprs: readonly Parsed[]): string[] {
  const found = new Set<string>();
  for (const p of exprs) {
    if (!p.ok) continue;
    const e = p.expr;
    if (e.kind === 'bind' && (e.op === 'argmin' || e.op === 'argmax' || e.op === 'min' || e.op === 'max')) {
      for (const v of e.vars) found.add(v);
    }
  }
  return [...found];
}
