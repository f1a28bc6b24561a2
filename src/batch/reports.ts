/**
 * Building reports from per-file results: the error FileReports the batch layer
 * itself produces (unreadable path, timeout, crash) and the whole Report.
 *
 * Must not: check anything; every verdict comes from the checker.
 */
import { summarize, type FileReport, type Report } from '../check/report.js';

/** A file that produced no derivations because of `message` (reported at 1:1). */
export function errorReport(path: string, message: string): FileReport {
  return { path, error: { message, line: 1, column: 1 }, derivations: [], problems: [] };
}

/** An unexpected exception while checking one file: one line, never a stack trace. */
export function internalErrorReport(path: string, e: unknown): FileReport {
  const text = e instanceof Error ? e.message : String(e);
  return errorReport(path, `internal error while checking: ${text.split('\n')[0]}`);
}

export function buildReport(files: readonly FileReport[], seed: number): Report {
  return { version: 1, files, summary: summarize(files), seed };
}
