/**
 * The per-file summary table a batch check ends with: steps proved / confirmed /
 * refuted / unverified / errors per file, and the line of the first wrong step.
 *
 * Owns: the table's layout. Must not: print or compute verdicts.
 */
import { summarize, type FileReport } from '../check/report.js';
import { firstWrongLine } from './step-text.js';
import type { Paint } from './terminal.js';

const HEADERS = ['file', 'proved', 'confirmed', 'refuted', 'unverified', 'errors', 'first wrong'] as const;

export function tableRows(files: readonly FileReport[]): string[][] {
  return files.map((f) => {
    const s = summarize([f]);
    const wrong = firstWrongLine(f);
    return [f.path, s.proved, s.confirmed, s.refuted, s.unverified, s.errors, wrong === null ? '-' : `line ${wrong}`].map(String);
  });
}

/** Columns padded to their widest cell; numbers right-aligned. Rows that need attention in red. */
export function summaryTable(files: readonly FileReport[], p: Paint): string[] {
  const rows = tableRows(files);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const layout = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [
    p.bold(layout(HEADERS)),
    ...rows.map((r) => (r[6] === '-' ? layout(r) : p.red(layout(r)))),
  ];
}
