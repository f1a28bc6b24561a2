/**
 * The report: what checking produces and what every consumer (terminal,
 * JSON, HTML, LaTeX, JUnit, vitest, the library API) reads. Plain data, no
 * behaviour beyond counting.
 *
 * `toJson` projects it onto SPEC's versioned JSON shape (version 1): every
 * field SPEC names, in SPEC's order, then the fields version 1 adds (how the
 * run was made, each step's column and citations, read problems,
 * definitions and expectations). schema/report.v1.json describes it; wall
 * times and --explain's proof chains stay out, so that the same seed gives
 * the same JSON byte for byte.
 */
import type { Relation } from '../expr/relations.js';

/** `definition`: a `:=` row, or a name being introduced (`w_j^{(i)} = …` heading a chain) —
 *  reported as a definition, never as a proved step. */
export type Verdict = 'proved' | 'confirmed' | 'refuted' | 'unverified' | 'error' | 'definition';

export interface Counterexample {
  /** Symbol → value. Distributions appear entry by entry, e.g. "P(x=1)": 0.25. */
  readonly assignment: Readonly<Record<string, number>>;
  readonly lhs: number;
  readonly rhs: number;
  /** The run's seed: `--seed` with it replays this counterexample. Printed once, from here. */
  readonly seed: number;
}

/** A rule the writer cited (`\text{(by Jensen)}`, `\tag{Bayes}`) and what became of it. */
export interface Citation {
  /** The justification as written, cleaned ("Jensen"). */
  readonly text: string;
  /** The rules it names (empty: it names no rule). */
  readonly rules: readonly string[];
  /** Whether a named rule is among the rules of the step's proof (false when the step was not proved by rules). */
  readonly used: boolean;
  /** Closest rule names when it names none; why it was not used otherwise; '' when it was. */
  readonly note: string;
}

/** One rule application of a proof, for --explain and the HTML report. */
export interface ProofStep {
  readonly rule: string;
  /** The whole expression after the rule applied, as LaTeX. */
  readonly result: string;
}

export interface StepReport {
  readonly line: number;
  readonly column: number;
  readonly relation: Relation;
  readonly from: string;
  readonly to: string;
  readonly verdict: Verdict;
  readonly rules: readonly string[];
  readonly samples: number;
  readonly maxError: number | null;
  readonly counterexample: Counterexample | null;
  readonly message: string;
  /** The proof's intermediate expressions, when the step is proved. */
  readonly proof: readonly ProofStep[];
  /** Justification text as written, if any. */
  readonly justification: string | null;
  /** What the justification cites, resolved against the rule library. */
  readonly citations: readonly Citation[];
  /** `% expect: refuted` above the step: a planted or known error. Passing means being refuted. */
  readonly expected: 'refuted' | null;
  /** The hypotheses the step was checked under (assumptions, prose definitions, context), as LaTeX; for --explain. */
  readonly hypotheses: readonly string[];
  /** Why fewer instances were sampled than the run asked for (discarded draws, a closed step, the
   *  time budget), when that happened; absent otherwise. */
  readonly samplesNote?: string;
  /** Wall time spent on the proof search and on sampling (for `npm run bench` and --explain; not in the JSON). */
  readonly timing?: { readonly proofMs: number; readonly numericMs: number };
}

export interface DerivationReport {
  readonly name: string;
  readonly line: number;
  readonly steps: readonly StepReport[];
}

export interface FileError { readonly message: string; readonly line: number; readonly column: number }

export interface FileReport {
  readonly path: string;
  readonly error: FileError | null;
  readonly derivations: readonly DerivationReport[];
  /** Read problems that did not stop the file (undefined macros …), as file:line:column diagnostics. */
  readonly problems: readonly FileError[];
}

export interface Summary {
  readonly steps: number;
  readonly proved: number;
  readonly confirmed: number;
  /** Every refuted step, expected or not. */
  readonly refuted: number;
  readonly unverified: number;
  readonly errors: number;
  readonly definitions: number;
  /** Refuted steps marked `% expect: refuted` (they do not fail the run). */
  readonly expectedRefutations: number;
  /** Steps marked `% expect: refuted` that were not refuted (they fail the run). */
  readonly unmetExpectations: number;
  /** Read problems that did not stop their file (undefined macros …); any of them makes the exit code 2. */
  readonly problems: number;
}

/** How a run was made: with the seed, enough to replay it. */
export interface RunInfo {
  /** deriva's version. */
  readonly deriva: string;
  readonly samples: number;
  readonly stepBudgetMs: number;
  readonly prove: boolean;
  /** Whether unverified steps fail the run. */
  readonly strict: boolean;
  /** Problem context files, macro files and extra rule folders, as given. */
  readonly contexts: readonly string[];
  readonly macros: readonly string[];
  readonly ruleDirs: readonly string[];
}

export interface Report {
  readonly version: 1;
  readonly files: readonly FileReport[];
  readonly summary: Summary;
  /** The seed every sample was drawn from; replaying with it gives the same report. */
  readonly seed: number;
  /** How the run was made; absent when a caller built the report without saying. */
  readonly run?: RunInfo;
}

export function summarize(files: readonly FileReport[]): Summary {
  const s = { steps: 0, proved: 0, confirmed: 0, refuted: 0, unverified: 0, errors: 0, definitions: 0, expectedRefutations: 0, unmetExpectations: 0, problems: 0 };
  for (const f of files) {
    if (f.error) s.errors++;
    s.problems += f.problems.length;
    for (const d of f.derivations) for (const st of d.steps) {
      s.steps++;
      if (st.verdict === 'error') s.errors++;
      else if (st.verdict === 'definition') s.definitions++;
      else s[st.verdict]++;
      if (st.expected === 'refuted') {
        if (st.verdict === 'refuted') s.expectedRefutations++;
        else s.unmetExpectations++;
      }
    }
  }
  return s;
}

/** SPEC's JSON shape, version 1: SPEC's fields first and unchanged, then what version 1 adds. */
export function toJson(report: Report): unknown {
  return {
    version: 1,
    files: report.files.map(fileJson),
    summary: report.summary,
    deriva: report.run?.deriva ?? null,
    seed: report.seed,
    options: report.run ? optionsJson(report.run) : null,
  };
}

const fileJson = (f: FileReport): unknown => ({
  path: f.path,
  error: f.error,
  derivations: f.derivations.map((d) => ({
    name: d.name,
    line: d.line,
    steps: d.steps.map(stepJson),
  })),
  problems: f.problems,
});

/**
 * `toJson`'s text as `JSON.stringify(toJson(report), null, 2)` writes it, in pieces that can be
 * written as the files are checked: the opening, each file in order, then the end (the summary
 * needs every file). A script reading a long run sees its files arrive; the bytes are the same.
 */
export const JSON_OPENING = '{\n  "version": 1,\n  "files": [';

/** The file at `index` of the report's files, with what separates it from the one before. */
export function jsonFileText(file: FileReport, index: number): string {
  const indented = JSON.stringify(fileJson(file), null, 2).replace(/\n/g, '\n    ');
  return `${index === 0 ? '\n' : ',\n'}    ${indented}`;
}

/** What follows the last file: the array's end, then the summary and the run. */
export function jsonClosing(report: Report): string {
  const empty = JSON.stringify(toJson({ ...report, files: [] }), null, 2);
  const files = '"files": []';
  return (report.files.length === 0 ? ']' : '\n  ]') + empty.slice(empty.indexOf(files) + files.length);
}

function stepJson(s: StepReport): unknown {
  return {
    line: s.line, relation: s.relation, from: s.from, to: s.to, verdict: s.verdict,
    rules: s.rules, samples: s.samples, maxError: s.maxError,
    counterexample: s.counterexample, message: s.message,
    column: s.column, justification: s.justification, citations: s.citations, expected: s.expected,
    samplesNote: s.samplesNote ?? null,
  };
}

const optionsJson = (run: RunInfo): unknown => ({
  samples: run.samples, stepBudgetMs: run.stepBudgetMs, prove: run.prove, strict: run.strict,
  contexts: run.contexts, macros: run.macros, ruleDirs: run.ruleDirs,
});

/** 0: nothing refuted or in error; 1: a step refuted; 2: an input error. `strict` also fails on unverified. */
export function exitCode(report: Report, strict = false): 0 | 1 | 2 {
  const { summary: s } = report;
  if (s.errors > 0 || s.problems > 0) return 2;
  if (s.refuted > s.expectedRefutations || s.unmetExpectations > 0) return 1;
  if (strict && s.unverified > 0) return 1;
  return 0;
}

/** A file that produced no derivations because of `message` (reported at 1:1). */
export function errorReport(path: string, message: string): FileReport {
  return { path, error: { message, line: 1, column: 1 }, derivations: [], problems: [] };
}

/** An unexpected exception while checking one file: one line, never a stack trace. */
export function internalErrorReport(path: string, e: unknown): FileReport {
  const text = e instanceof Error ? e.message : String(e);
  return errorReport(path, `internal error while checking: ${text.split('\n')[0]}`);
}

export function buildReport(files: readonly FileReport[], seed: number, run?: RunInfo): Report {
  return { version: 1, files, summary: summarize(files), seed, ...(run ? { run } : {}) };
}

/** Whether a step fails the run: refuted when no refutation was expected, an error, an expected
 *  refutation that did not come, or (strict) unverified. Every renderer asks this one question. */
export function stepFails(step: StepReport, strict = false): boolean {
  if (step.expected === 'refuted') return step.verdict !== 'refuted';
  return step.verdict === 'refuted' || step.verdict === 'error' || (strict && step.verdict === 'unverified');
}
