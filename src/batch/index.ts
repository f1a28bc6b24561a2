/**
 * Batch checking: files are checked in worker threads (`jobs` at a time) whenever
 * the compiled package runs, one file or many, so that the per-file timeout and
 * heap limit hold for a single file exactly as for a folder: a worker can be
 * stopped in the middle of a synchronous call, this thread cannot. Only where a
 * worker is impossible — running from TypeScript sources (vitest), where a worker
 * cannot load .ts, or with a stand-in checker — do files run in this process, and
 * there the timeout fires only when the checker yields.
 * The result is always in sorted path order, whatever order files finish in.
 *
 * Owns: choosing the execution mode, timeouts and crash isolation per file.
 * Must not: print (callers pass `onFile` to stream output) or decide verdicts.
 */
import { statSync } from 'node:fs';
import type { CheckOptions } from '../check/options.js';
import type { FileReport, Report } from '../check/report.js';
import { runInWorkers, timeoutMessage, type StartedWorker } from './pool.js';
import { checkerWorkerOptions, workerEntry } from './checker-worker.js';
import { buildReport, errorReport, internalErrorReport } from '../check/report.js';
import { collectFiles, type WalkEntry } from './walk.js';

export { collectFiles, isDerivationFile, type WalkEntry } from './walk.js';
export { workerEntry } from './checker-worker.js';
export { buildReport, errorReport } from '../check/report.js';
export { toJunitXml } from '../render/junit.js';

export type CheckFileFn = (path: string, options: CheckOptions) => Promise<FileReport>;

/** The real checker, loaded on first use: `--help` and usage errors never pay for it,
 *  and the CLI layer does not depend on the checker's module graph until it checks. */
export const realCheckFile: CheckFileFn = async (path, options) => {
  const { checkFile } = await import('../check/index.js');
  return checkFile(path, options);
};

export interface BatchOptions {
  /** Files checked at once (each in its own worker thread). */
  readonly jobs: number;
  /** Per-file limit; a worker over it is terminated and the file reported as timed out. */
  readonly timeoutMs: number;
  /** Called as each file finishes (completion order), e.g. for a progress bar. */
  readonly onFile?: (index: number, report: FileReport) => void;
  /** A stand-in checker, run in-process (tests). Workers always run the real one. */
  readonly checkFile?: CheckFileFn;
  /** A checker worker started ahead (see checker-worker.ts), taken if workers run. */
  readonly startedWorker?: StartedWorker;
}

/** Walk `paths` and check every file found; the Report lists files in sorted path order. */
export async function checkPaths(paths: readonly string[], options: CheckOptions, batch: BatchOptions): Promise<Report> {
  const files = await checkEntries(collectFiles(paths), options, batch);
  return buildReport(files, options.seed);
}

/** Check walked entries; an entry that could not be listed keeps its error. */
export async function checkEntries(entries: readonly WalkEntry[], options: CheckOptions, batch: BatchOptions): Promise<FileReport[]> {
  const results = new Array<FileReport>(entries.length);
  const pending: number[] = [];
  entries.forEach((entry, index) => {
    if (entry.error === null) pending.push(index);
    else {
      results[index] = errorReport(entry.path, entry.error);
      batch.onFile?.(index, results[index]!);
    }
  });
  /** Reports the k-th file of `order` (positions of entries) as it finishes. */
  const reporter = (order: readonly number[]) => (k: number, report: FileReport): void => {
    results[order[k]!] = report;
    batch.onFile?.(order[k]!, report);
  };
  const entry = workerEntry();
  if (entry !== null && !batch.checkFile) {
    // the largest files first, so that the workers finish together rather than one of them
    // starting the longest file last (size is the proxy for cost; results keep sorted order)
    const order = largestFirst(pending.map((i) => fileSize(entries[i]!.path))).map((k) => pending[k]!);
    await runInWorkers(order.map((i) => ({ path: entries[i]!.path, options })), {
      ...checkerWorkerOptions(entry),
      jobs: batch.jobs,
      timeoutMs: batch.timeoutMs,
      started: batch.startedWorker?.take() ?? null,
      onFailure: (input, message) => errorReport(input.path, message),
      onResult: reporter(order),
    });
  } else {
    const check = batch.checkFile ?? realCheckFile;
    const onFile = reporter(pending);
    for (let k = 0; k < pending.length; k++) onFile(k, await checkInProcess(check, entries[pending[k]!]!.path, options, batch.timeoutMs));
  }
  return results;
}

/** In-process check with the same guarantees as a worker, as far as one thread allows:
 *  exceptions become the file's error; the timeout fires only if the checker yields. */
export async function checkInProcess(check: CheckFileFn, path: string, options: CheckOptions, timeoutMs: number): Promise<FileReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<FileReport>((resolve) => {
    timer = setTimeout(() => resolve(errorReport(path, timeoutMessage(timeoutMs))), timeoutMs);
  });
  try {
    return await Promise.race([check(path, options), timeout]);
  } catch (e) {
    return internalErrorReport(path, e);
  } finally {
    clearTimeout(timer);
  }
}

/** Positions of `sizes`, largest first; equal sizes keep their order. */
export function largestFirst(sizes: readonly number[]): number[] {
  return sizes.map((_, k) => k).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}

/** A file's size in bytes, 0 when it cannot be read (reading it will say why). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
