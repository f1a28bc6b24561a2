/**
 * What every checking command does before it checks: merge the project
 * configuration into the command line, read the macro files, make sure the
 * output files can be written (before a long run, not after it), find the files
 * to check, and describe the run for the report.
 *
 * Owns: these preparations and their one-line errors. Must not: check or print.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CheckOptions } from '../check/options.js';
import { errorReport, type FileReport, type RunInfo } from '../check/report.js';
import { collectFiles, type WalkEntry } from '../batch/index.js';
import { byPath, describeFsError } from '../batch/walk.js';
import { loadProjectConfig, type ProjectConfig } from './config.js';
import { CommandError } from './errors.js';
import { excludeMatcher } from './globs.js';
import { mergeSettings, toCheckOptions, type ParsedCommandLine, type Settings } from './settings.js';
import { packageVersion } from './version.js';

export interface RunSetup {
  readonly settings: Settings;
  readonly options: CheckOptions;
  readonly run: RunInfo;
  readonly project: ProjectConfig;
}

/** The macro files' text, in order (one preamble). */
export async function readMacros(paths: readonly string[]): Promise<string> {
  const texts: string[] = [];
  for (const path of paths) {
    try {
      texts.push(await readFile(path, 'utf8'));
    } catch (e) {
      throw new CommandError(`cannot read --macros file ${path}: ${describeFsError(e)}`);
    }
  }
  return texts.join('\n');
}

export function runInfo(settings: Settings): RunInfo {
  return {
    deriva: packageVersion(), samples: settings.samples, stepBudgetMs: settings.budget, prove: settings.prove,
    strict: settings.strict, contexts: settings.contexts, macros: settings.macros, ruleDirs: settings.ruleDirs,
  };
}

export async function prepareRun(line: ParsedCommandLine, cwd: string): Promise<RunSetup> {
  const project = loadProjectConfig(cwd, line.settings.config);
  const settings = mergeSettings(line, project.settings);
  const options = toCheckOptions(settings, await readMacros(settings.macros));
  return { settings, options, run: runInfo(settings), project };
}

/** Fails now, in one line, when `path` could not be written at the end of the run. Creates nothing. */
export function assertWritable(path: string, flag: string): void {
  const fail = (why: string): never => { throw new CommandError(`cannot write ${flag} file ${path}: ${why}`); };
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fail(describeFsError(e));
  }
  if (existing?.isDirectory()) fail('it is a folder');
  const target = existing ? path : dirname(resolve(path));
  if (!existing) {
    try {
      if (!statSync(target).isDirectory()) fail(`${target} is not a folder`);
    } catch (e) {
      if (e instanceof CommandError) throw e;
      fail(describeFsError(e));
    }
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    fail(describeFsError(e));
  }
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The files a check covers, in sorted order: each path as given, folders walked for .tex/.md
 * files not excluded. A folder that yields none is reported as an error entry of its own, so
 * the run says so (exit 2) instead of passing on nothing.
 */
export function filesToCheck(paths: readonly string[], exclude: readonly string[], folder: string): WalkEntry[] {
  const excluded = excludeMatcher(exclude, folder);
  const found = new Map<string, WalkEntry>();
  for (const path of paths) {
    const entries = collectFiles([path]);
    if (!isFolder(path)) {
      for (const e of entries) found.set(e.path, e);
      continue;
    }
    const kept = entries.filter((e) => e.error !== null || !excluded(e.path));
    if (kept.length === 0) {
      const why = entries.length > 0 ? `every .tex and .md file in it is excluded (${exclude.join(', ')})` : 'no .tex or .md file in this folder';
      found.set(path, { path, error: why });
    }
    for (const e of kept) found.set(e.path, e);
  }
  return [...found.values()].sort((a, b) => byPath(a.path, b.path));
}

/** A file with nothing in it reads as such, not as "no derivations found": an empty submission is news. */
export function reportEmptyFile(file: FileReport): FileReport {
  if (file.error !== null || file.derivations.length > 0 || file.problems.length > 0) return file;
  try {
    return readFileSync(file.path, 'utf8').trim() === '' ? errorReport(file.path, 'the file is empty: nothing to check') : file;
  } catch {
    return file;
  }
}
