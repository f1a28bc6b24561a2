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
import { InputError } from '../diagnostic.js';
import { definedName, freeNames, type Definition, type Expr } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import { readDocument } from '../document/document.js';
import { readSourceFile } from '../document/read-file.js';
import { parseAssumption, parseMath, UnknownCommandError } from '../notation/parse.js';
import { toLatex } from '../notation/print.js';
import { symbolTableFor } from './symbols.js';
import type { Derivation, MathText, SourceDocument } from '../document/source.js';
import type { Relation } from '../expr/relations.js';
import type { CheckOptions } from './options.js';
import type { DerivationReport, FileError, FileReport, StepReport } from './report.js';
import { stepSeed } from './seed.js';
import { loadRuleLibrary, type RuleLibrary } from './rule-library.js';

export type { CheckOptions } from './options.js';
export { DEFAULT_CHECK_OPTIONS } from './options.js';
export type { Report, FileReport } from './report.js';

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
  return new FileChecker(path, doc, options, library).run();
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

  constructor(
    private readonly path: string,
    private readonly doc: SourceDocument,
    private readonly options: CheckOptions,
    private readonly library: RuleLibrary | null,
  ) {
    this.symbols = symbolTableFor(doc);
    for (const p of doc.problems) this.problems.push({ message: p.message, line: p.pos.line, column: p.pos.column });
    for (const a of doc.assumptions) {
      try {
        this.assumptions.push(parseAssumption(a.text, this.symbols, path));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        this.problems.push({ message: `assumption not understood: ${e.message}`, line: e.pos.line, column: e.pos.column });
      }
    }
  }

  async run(): Promise<FileReport> {
    const derivations: DerivationReport[] = [];
    let stepIndex = 0;
    for (const d of this.doc.derivations) {
      const steps: StepReport[] = [];
      const exprs = [d.head, ...d.links.map((l) => l.rhs)].map((t) => this.parse(t));
      const wrt = d.wrt.length > 0 ? [...d.wrt] : inferWrt(exprs);
      for (let k = 0; k < d.links.length; k++) {
        steps.push(await this.checkStep(d, k, exprs[k]!, exprs[k + 1]!, wrt, stepIndex++));
      }
      for (const p of exprs) if (p.ok) for (const n of freeNames(p.expr)) this.seen.add(n);
      derivations.push({ name: d.name, line: d.pos.line, steps });
    }
    return { path: this.path, error: null, derivations, problems: this.problems };
  }

  private parse(text: MathText): Parsed {
    try {
      return { ok: true, expr: parseMath(text, this.symbols, this.path) };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const unknownCommand = e instanceof UnknownCommandError;
      const failure = { ok: false as const, unknownCommand, message: e.message, line: e.pos.line, column: e.pos.column };
      if (unknownCommand && !this.problems.some((p) => p.line === e.pos.line && p.column === e.pos.column)) {
        this.problems.push({ message: e.message, line: e.pos.line, column: e.pos.column });
      }
      return failure;
    }
  }

  private async checkStep(d: Derivation, k: number, from: Parsed, to: Parsed, wrt: string[], index: number): Promise<StepReport> {
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
      return unreadable.unknownCommand
        ? verdictOf(base, 'unverified', `${unreadable.message} (at ${where})`)
        : verdictOf(base, 'error', `${unreadable.message} (at ${where})`);
    }
    const lhs = (from as { expr: Expr }).expr;
    const rhs = (to as { expr: Expr }).expr;
    if (link.relation === ':=') {
      this.definitions.push({ lhs, rhs });
      return verdictOf(base, 'definition', `defines ${toLatex(lhs)}`);
    }
    const defined = k === 0 && link.relation === '=' ? this.definedByEquals(lhs, rhs) : null;
    if (defined) {
      this.definitions.push({ lhs, rhs });
      return verdictOf(base, 'unverified', `read as the definition of ${defined}, which the file has not used before (write := to make it one)`);
    }
    if (!CHECKED.has(link.relation)) {
      return verdictOf(base, 'unverified', RELATION_NOT_CHECKED[link.relation] ?? `relation ${link.relation} is not checked`);
    }
    return this.decide(base, wrt, link.relation, lhs, rhs, index);
  }

  /**
   * `\ell_{\text{sup}}(\theta) = \sum_i …` or `ELBO = …` heading a chain, where the name is new to
   * the file and absent from the right side: writers define with `=` as often as with `:=`, and
   * sampling it as a claim about an arbitrary function would refute a definition. Returns the
   * name (as LaTeX) or null. Only applications and multi-letter names qualify: `x_t = …` is a claim.
   */
  private definedByEquals(lhs: Expr, rhs: Expr): string | null {
    const head = lhs.kind === 'call' ? lhs.fn : lhs.kind === 'sym' && lhs.index.length + lhs.upper.length === 0 ? lhs : null;
    if (!head) return null;
    if (lhs.kind === 'sym' && !/^[A-Za-z]{2,}$|_\{/.test(head.name)) return null;   // ELBO, \ell_{unsup}; not \alpha
    if (lhs.kind === 'call' && !lhs.args.every((a) => a.kind === 'sym')) return null;
    if (this.seen.has(head.name) || freeNames(rhs).has(head.name)) return null;
    if (this.definitions.some((d) => definedName(d.lhs) === head.name)) return null;
    return toLatex(head);
  }

  /** Proof search first (bounded), then sampling; the two combine into one verdict. */
  private async decide(base: StepBase, wrt: string[], relation: Relation, lhs: Expr, rhs: Expr, index: number): Promise<StepReport> {
    const budget = this.options.stepBudgetMs;
    const citation = this.library && base.justification ? this.library.cite(base.justification) : { rules: [], note: '' };
    // Sampling first: it is cheap, and a refuted step needs no proof search (a refutation
    // re-verified in high precision wins over any proof anyway).
    const { checkRelation } = await import('../numeric/index.js');
    const sampling = performance.now();
    const seed = stepSeed(this.options.seed, this.path, index);
    const numeric = await checkRelation(lhs, relation, rhs,
      { symbols: this.symbols, assumptions: this.assumptions, definitions: this.definitions, wrt },
      { seed, samples: this.options.samples, budgetMs: Math.max(50, Math.floor(budget * 0.4)) });
    const numericMs = performance.now() - sampling;
    const searching = performance.now();
    const proof = this.library && numeric.verdict !== 'refuted'
      ? this.library.prove(lhs, relation, rhs, {
        cited: citation.rules, definitions: this.definitions, symbols: this.symbols,
        assumptions: this.assumptions, wrt,
      }, Math.max(50, Math.floor(budget * 0.6)))
      : null;
    const timing = { proofMs: performance.now() - searching, numericMs };
    const notes = citation.note ? [citation.note] : [];

    if (numeric.verdict === 'refuted') {
      return {
        ...verdictOf(base, 'refuted', [numeric.message, `replay with --seed ${this.options.seed}`, ...notes].join('; ')),
        samples: numeric.samples, maxError: numeric.maxError, counterexample: { ...numeric.counterexample, seed: this.options.seed }, timing,
      };
    }
    if (proof?.proved) {
      return {
        ...verdictOf(base, 'proved', notes.join('; ')),
        rules: proof.rules,
        proof: this.options.explain ? proof.steps : [],
        samples: numeric.samples,
        maxError: numeric.verdict === 'confirmed' ? numeric.maxError : null,
        timing,
      };
    }
    if (numeric.verdict === 'confirmed') {
      const why = proof ? [`no proof: ${proof.reason}`] : [];
      return {
        ...verdictOf(base, 'confirmed', [...why, ...notes].join('; ')),
        samples: numeric.samples, maxError: numeric.maxError, timing,
      };
    }
    return {
      ...verdictOf(base, 'unverified', [numeric.reason, ...(proof ? [`no proof: ${proof.reason}`] : []), ...notes].join('; ')),
      samples: numeric.samples, timing,
    };
  }
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
