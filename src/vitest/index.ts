/**
 * deriva as vitest tests (`import { describeDerivations } from 'deriva/vitest'`):
 * one `describe` per file, a test that the file reads without errors, and one
 * test per derivation, failing with the step's file:line:column, both sides, the
 * reason, the counterexample and its seed.
 *
 * Collection only reads the files (to name a test per derivation); checking
 * happens inside the tests, once per file, so `vitest -t name` checks only the
 * files whose tests it runs. Paths are relative to the vitest root. The options
 * are the project settings of the CLI's schema (seed, samples, contexts, …),
 * over the project's deriva.config.json, validated the same way.
 *
 * Must not: be imported outside vitest (it registers tests), or judge steps
 * itself — verdicts come from the checker; this maps them to tests.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { describe, test } from 'vitest';
import { InputError } from '../diagnostic.js';
import { readDocument } from '../document/document.js';
import type { CheckOptions } from '../check/options.js';
import { stepFails, type DerivationReport, type FileReport } from '../check/report.js';
import { checkInProcess, errorReport, realCheckFile, type CheckFileFn } from '../batch/index.js';
import { failureLines, fileErrorText, problemTexts } from '../render/step-text.js';
import { loadProjectConfig } from '../cli/config.js';
import { filesToCheck, reportEmptyFile } from '../cli/setup.js';
import { layeredSettings, settingsFromConfig, toCheckOptions, type ProjectSettings, type Settings } from '../cli/settings.js';

export type { ProjectSettings } from '../cli/settings.js';

export interface DerivationTestOptions extends ProjectSettings {
  /** Read deriva.config.json (or package.json's "deriva") at the vitest root first (default true). */
  readonly projectConfig?: boolean;
  /** A stand-in checker (deriva's own tests use one to test this module). */
  readonly checkFile?: CheckFileFn;
}

/** The vitest root (where `vitest --root` points, else where vitest runs), from vitest's worker state. */
export function vitestRoot(): string {
  const state = (globalThis as { __vitest_worker__?: { config?: { root?: unknown } } }).__vitest_worker__;
  const root = state?.config?.root;
  return typeof root === 'string' && root !== '' ? root : process.cwd();
}

/** The settings of a describeDerivations call: defaults, then the project's, then the call's own. */
export function derivationSettings(options: DerivationTestOptions, root: string): Settings {
  const { projectConfig = true, checkFile: _standIn, ...own } = options;
  const absolute = (p: string): string => (isAbsolute(p) ? p : resolve(root, p));
  const project = projectConfig ? loadProjectConfig(root).settings : {};
  const settings = layeredSettings(project, settingsFromConfig(own, 'describeDerivations options', absolute));
  return { ...settings, contexts: settings.contexts.map(absolute), macros: settings.macros.map(absolute), ruleDirs: settings.ruleDirs.map(absolute) };
}

/** Options as CheckOptions (the macro files read now). */
export function derivationCheckOptions(settings: Settings): CheckOptions {
  return toCheckOptions(settings, settings.macros.map((m) => readFileSync(m, 'utf8')).join('\n'));
}

/** Why a derivation fails as a test (one block per failing step), or null when it passes. */
export function derivationFailure(path: string, derivation: DerivationReport, strict = false): string | null {
  const failing = derivation.steps.filter((s) => stepFails(s, strict));
  if (failing.length === 0) return null;
  const blocks = failing.map((s) => failureLines(path, s).join('\n'));
  return `derivation '${derivation.name}': ${failing.length} of ${derivation.steps.length} steps failed\n${blocks.join('\n\n')}`;
}

/** Why the file as a whole fails (unreadable, or read problems such as undefined macros), or null. */
export function fileFailure(file: FileReport): string | null {
  const lines = [fileErrorText(file), ...problemTexts(file)].filter((t): t is string => t !== null);
  return lines.length > 0 ? lines.join('\n') : null;
}

/** The derivations a file holds, by the reader alone (no checking): their names and lines. */
function listDerivations(path: string, macros: string): { name: string; line: number }[] {
  try {
    return readDocument(path, readFileSync(path, 'utf8'), { macros }).derivations.map((d) => ({ name: d.name, line: d.pos.line }));
  } catch (e) {
    if (e instanceof InputError || (e as NodeJS.ErrnoException).code !== undefined) return [];
    throw e;
  }
}

/** Register one describe per .tex/.md file under `paths` (relative to the vitest root) and its tests. */
export function describeDerivations(paths: string | readonly string[], options: DerivationTestOptions = {}): void {
  const root = vitestRoot();
  const roots = (typeof paths === 'string' ? [paths] : paths).map((p) => (isAbsolute(p) ? p : resolve(root, p)));
  const settings = derivationSettings(options, root);
  const checkOptions = derivationCheckOptions(settings);
  const check = options.checkFile ?? realCheckFile;
  for (const entry of filesToCheck(roots, settings.exclude, root)) {
    const title = relative(root, entry.path) || entry.path;
    let checked: Promise<FileReport> | null = null;
    const report = (): Promise<FileReport> => {
      checked ??= entry.error !== null
        ? Promise.resolve(errorReport(entry.path, entry.error))
        : checkInProcess(check, entry.path, checkOptions, settings.timeout * 1000).then(reportEmptyFile);
      return checked;
    };
    describe(title, () => {
      test('reads without errors', async () => {
        const problem = fileFailure(await report());
        if (problem !== null) throw new Error(problem);
      });
      const listed = entry.error === null ? listDerivations(entry.path, checkOptions.macros) : [];
      for (const { name, line } of listed) {
        test(`${name} (line ${line})`, async () => {
          const file = await report();
          const derivation = file.derivations.find((d) => d.name === name && d.line === line);
          if (!derivation) throw new Error(fileFailure(file) ?? `${title}: derivation '${name}' at line ${line} was not checked`);
          const failure = derivationFailure(file.path, derivation, settings.strict);
          if (failure !== null) throw new Error(failure);
        });
      }
    });
  }
}
