/**
 * deriva as vitest tests (`import { describeDerivations } from 'deriva/vitest'`):
 * one `describe` per file, one `test` per derivation, failing with the refuted
 * step's file:line, both sides, the counterexample and the seed — or with the
 * file's error. Files are checked while vitest collects, so each derivation
 * becomes its own test.
 *
 * Must not: be imported outside vitest (it registers tests on import of vitest),
 * or judge steps itself — verdicts come from the checker; this maps them to tests.
 */
import { describe, test } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../check/options.js';
import type { DerivationReport, FileReport, Verdict } from '../check/report.js';
import { checkInProcess, collectFiles, errorReport, realCheckFile, type CheckFileFn } from '../batch/index.js';
import { failureLines, fileErrorText, problemTexts } from '../render/step-text.js';

export interface DerivationTestOptions {
  /** Sampling seed (default 1); the failure message names it for replay. */
  readonly seed?: number;
  /** Random instances per step. */
  readonly samples?: number;
  /** Also fail on `unverified` steps. */
  readonly strict?: boolean;
  /** Time budget of one step, in milliseconds. */
  readonly stepBudgetMs?: number;
  /** Preamble text with \newcommand definitions for every file. */
  readonly macros?: string;
  /** Try proofs (default true); false checks numerically only. */
  readonly prove?: boolean;
  /** Per-file limit while collecting, in milliseconds (default 60 000). */
  readonly fileTimeoutMs?: number;
  /** A stand-in checker (deriva's own tests use one to test this module). */
  readonly checkFile?: CheckFileFn;
}

const FAILING: readonly Verdict[] = ['refuted', 'error'];

export function toCheckOptions(options: DerivationTestOptions): CheckOptions {
  return {
    ...DEFAULT_CHECK_OPTIONS,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.stepBudgetMs !== undefined ? { stepBudgetMs: options.stepBudgetMs } : {}),
    ...(options.macros !== undefined ? { macros: options.macros } : {}),
    ...(options.prove !== undefined ? { prove: options.prove } : {}),
  };
}

/** Why a derivation fails as a test (one block per failing step), or null when it passes. */
export function derivationFailure(path: string, derivation: DerivationReport, seed: number, strict = false): string | null {
  const failing = derivation.steps.filter((s) => FAILING.includes(s.verdict) || (strict && s.verdict === 'unverified'));
  if (failing.length === 0) return null;
  const blocks = failing.map((s) => failureLines(path, s, seed).join('\n'));
  return `derivation '${derivation.name}': ${failing.length} of ${derivation.steps.length} steps failed\n${blocks.join('\n\n')}`;
}

/** Why the file as a whole fails (unreadable, or read problems such as undefined macros), or null. */
export function fileFailure(file: FileReport): string | null {
  const lines = [fileErrorText(file), ...problemTexts(file)].filter((t): t is string => t !== null);
  return lines.length > 0 ? lines.join('\n') : null;
}

/** Register one describe per .tex/.md file under `paths` and one test per derivation. */
export function describeDerivations(paths: string | readonly string[], options: DerivationTestOptions = {}): void {
  const roots = typeof paths === 'string' ? [paths] : paths;
  const checkOptions = toCheckOptions(options);
  const check = options.checkFile ?? realCheckFile;
  const entries = collectFiles(roots);
  if (entries.length === 0) {
    test(`derivations in ${roots.join(', ')}`, () => {
      throw new Error(`no .tex or .md files found in ${roots.join(', ')}`);
    });
    return;
  }
  for (const entry of entries) {
    describe(entry.path, async () => {
      const file = entry.error !== null
        ? errorReport(entry.path, entry.error)
        : await checkInProcess(check, entry.path, checkOptions, options.fileTimeoutMs ?? 60_000);
      const problem = fileFailure(file);
      if (problem !== null) {
        test('reads without errors', () => {
          throw new Error(problem);
        });
      }
      if (file.derivations.length === 0 && file.error === null) test.skip('(no derivations found)', () => {});
      for (const derivation of file.derivations) {
        test(`${derivation.name} (line ${derivation.line})`, () => {
          const failure = derivationFailure(file.path, derivation, checkOptions.seed, options.strict);
          if (failure !== null) throw new Error(failure);
        });
      }
    });
  }
}
