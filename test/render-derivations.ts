/**
 * The report of the project's derivations/ as the real checker gives it (proofs
 * kept), for the renderer tests. The checker is imported lazily so that a
 * checker mid-change skips these tests with its reason instead of breaking
 * the fixture tests beside them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarize, type Report } from '../src/check/report.js';

const DERIVATIONS = 'derivations';

/** The report, or the reason it cannot be had (printed by the caller when it skips). */
export async function derivationsReport(): Promise<Report | string> {
  let check: typeof import('../src/check/index.js');
  try {
    check = await import('../src/check/index.js');
  } catch (e) {
    return `the checker could not be loaded (${(e as Error).message})`;
  }
  const paths = readdirSync(DERIVATIONS).filter((f) => /\.(tex|md)$/.test(f)).sort().map((f) => join(DERIVATIONS, f));
  if (paths.length === 0) return `${DERIVATIONS}/ holds no .tex or .md file`;
  const options = { ...check.DEFAULT_CHECK_OPTIONS, explain: true };
  const files = [];
  for (const path of paths) files.push(await check.checkFile(path, options));
  return { version: 1, files, summary: summarize(files), seed: options.seed };
}

export const stepCount = (report: Report): number =>
  report.files.flatMap((f) => f.derivations.flatMap((d) => d.steps)).length;
