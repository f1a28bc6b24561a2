/**
 * The step checker: source document → verdict per step → report.
 * (Being written; the signatures below are the contract other layers use.)
 */
import type { CheckOptions } from './options.js';
import type { FileReport, Report } from './report.js';

export type { CheckOptions } from './options.js';
export { DEFAULT_CHECK_OPTIONS } from './options.js';

/** Check one file's text. Never throws for bad input: the FileReport carries the error. */
export async function checkSource(path: string, text: string, options: CheckOptions): Promise<FileReport> {
  void text; void options;
  return { path, error: { message: 'checker not implemented yet', line: 1, column: 1 }, derivations: [], problems: [] };
}

/** Read and check one file (a .tex or .md). Never throws for bad input. */
export async function checkFile(path: string, options: CheckOptions): Promise<FileReport> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    const buf = await readFile(path);
    text = buf.toString('utf8');
  } catch (e) {
    return { path, error: { message: `cannot read file: ${(e as Error).message}`, line: 1, column: 1 }, derivations: [], problems: [] };
  }
  return checkSource(path, text, options);
}

export type { Report, FileReport };
