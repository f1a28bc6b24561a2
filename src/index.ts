/**
 * deriva as a library (`import { checkSource } from 'deriva'`): check LaTeX or
 * Markdown text, or files and folders, into the same versioned report that
 * `deriva check --json` prints (`toJson(report)` is that JSON, described by
 * schema/report.v1.json); render a report as HTML or annotated LaTeX; list the
 * rule library. Heavy parts (the checker, KaTeX) load on first use.
 *
 * Owns: the public surface and its defaults. Must not: print, exit, or read
 * configuration files — a library call says everything it wants.
 */
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from './check/options.js';
import { buildReport, type Report, type RunInfo } from './check/report.js';
import { checkEntries } from './batch/index.js';
import { ruleSource } from './cli/rules-command.js';
import { filesToCheck, reportEmptyFile } from './cli/setup.js';
import { packageVersion } from './cli/version.js';
import type { HtmlOptions } from './render/html.js';

export type {
  Citation, Counterexample, DerivationReport, FileError, FileReport, ProofStep, Report, RunInfo, StepReport, Summary, Verdict,
} from './check/report.js';
export type { Relation } from './expr/relations.js';
export type { CheckOptions } from './check/options.js';
export type { HtmlOptions } from './render/html.js';
export { exitCode, toJson } from './check/report.js';
export { DEFAULT_CHECK_OPTIONS } from './check/options.js';

/** What a check may be told; everything has the CLI's default. */
export interface CheckSettings extends Partial<Omit<CheckOptions, 'contexts' | 'ruleDirs'>> {
  /** Problem context files every file is checked in. */
  readonly contexts?: readonly string[];
  /** Extra folders of *.rules files. */
  readonly ruleDirs?: readonly string[];
  /** Unverified steps fail the run (recorded in the report; `exitCode(report, true)` applies it). */
  readonly strict?: boolean;
}

export interface CheckSourceOptions extends CheckSettings {
  /** The name the text goes by in the report; its extension (.tex or .md) decides how it is read. Default `input.tex`. */
  readonly path?: string;
}

export interface CheckFilesOptions extends CheckSettings {
  /** Files checked at once in worker threads (default 1: in this process). */
  readonly jobs?: number;
  /** Seconds one file may take (default 60). */
  readonly timeoutSeconds?: number;
  /** Globs of files to skip inside folders (see `deriva help check`). */
  readonly exclude?: readonly string[];
}

function checkOptionsOf(settings: CheckSettings): CheckOptions {
  const { strict: _strict, ...given } = settings;
  return { ...DEFAULT_CHECK_OPTIONS, ...given };
}

function runOf(options: CheckOptions, strict: boolean): RunInfo {
  return {
    deriva: packageVersion(), samples: options.samples, stepBudgetMs: options.stepBudgetMs, prove: options.prove, strict,
    contexts: options.contexts, macros: [], ruleDirs: options.ruleDirs,
  };
}

/** Check one text (a .tex or .md file's content). Never rejects for bad input: the report says what is wrong. */
export async function checkSource(text: string, options: CheckSourceOptions = {}): Promise<Report> {
  const { path = 'input.tex', ...settings } = options;
  const checkOptions = checkOptionsOf(settings);
  const { checkSource: checkText } = await import('./check/index.js');
  const file = await checkText(path, text, checkOptions);
  return buildReport([file], checkOptions.seed, runOf(checkOptions, settings.strict ?? false));
}

/** Check files and folders (walked for .tex and .md files, in sorted order), as `deriva check` does. */
export async function checkFiles(paths: string | readonly string[], options: CheckFilesOptions = {}): Promise<Report> {
  const { jobs = 1, timeoutSeconds = 60, exclude = [], ...settings } = options;
  const checkOptions = checkOptionsOf(settings);
  const entries = filesToCheck(typeof paths === 'string' ? [paths] : paths, exclude, process.cwd());
  const files = await checkEntries(entries, checkOptions, { jobs, timeoutMs: timeoutSeconds * 1000 });
  return buildReport(files.map(reportEmptyFile), checkOptions.seed, runOf(checkOptions, settings.strict ?? false));
}

/** The report as one self-contained HTML page (KaTeX, no script). */
export async function renderHtml(report: Report, options: HtmlOptions = {}): Promise<string> {
  return (await import('./render/index.js')).renderHtml(report, options);
}

/** The report's files as one annotated LaTeX document (amsmath, amssymb, graphicx). */
export async function renderLatex(report: Report): Promise<string> {
  return (await import('./render/index.js')).renderLatexDocument(report.files);
}

/** One rule of the library, as `deriva rules` lists it. */
export interface RuleSummary {
  readonly name: string;
  readonly synonyms: readonly string[];
  /** The rule as written in its file (LaTeX notation). */
  readonly statement: string;
  readonly relation: string;
  /** `rules/NAME.rules:LINE`, or `built in`. */
  readonly source: string;
}

/** The rule library (the package's rules/), sorted by name. */
export async function listRules(): Promise<RuleSummary[]> {
  const { loadRules } = await import('./search/index.js');
  return loadRules().rules
    .map((r) => ({ name: r.name, synonyms: [...r.synonyms], statement: r.statement.trim(), relation: r.relation, source: ruleSource(r) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export { packageVersion as version };
