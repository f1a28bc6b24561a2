/**
 * Worker thread of the fuzzer (speaks the batch pool's protocol: `{ id, input }` in,
 * `{ id, output }` out). For each case it makes the input, writes it to a file of
 * its own, and sends it through everything a user's file goes through: the safe
 * reader, the checker (small per-step budget) and both renderers (HTML and LaTeX).
 *
 * The answer says what happened, never throws: an exception escaping any of those
 * layers (they promise never to throw for bad input) is the finding, with its stack.
 * A hang or a crash of the whole worker is seen by the pool, not here.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCase, loadCorpus } from './fuzz-cases.mjs';

const { dist, corpusDir, options, overBudgetMs } = workerData;
const [{ readSourceFile }, { checkSource }, { buildReport }, render] = await Promise.all([
  import(new URL('document/read-file.js', dist)),
  import(new URL('check/index.js', dist)),
  import(new URL('check/report.js', dist)),
  import(new URL('render/index.js', dist)),
]);
const corpus = loadCorpus(corpusDir);
// The first refutation in a process loads the high-precision arithmetic, the first rational
// identity nerdamer (once per process, not any step's work): pay both here, so that no case's
// step is timed with them.
await checkSource('warm-up.tex', '$$ x + 1 = x + 2 $$\n$$ \\frac{x^2 - 1}{x - 1} = x + 1 $$', { ...options, seed: 1 });
const scratch = mkdtempSync(join(tmpdir(), 'deriva-fuzz-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
// A derivation names its problem context relative to itself (`% context: ../contexts/…`): cases
// are written beside a copy of the corpus' contexts as the corpus is, so that a case made from a
// derivation is checked in its context (not with every step on it unverified, context unread).
const caseDir = join(scratch, 'cases');
mkdirSync(caseDir);
const contexts = join(corpusDir, '..', 'contexts');
if (existsSync(contexts)) cpSync(contexts, join(scratch, 'contexts'), { recursive: true });

/** Exceptions the numeric back-end turned into a verdict's reason instead of throwing. */
const INTERNAL = /internal error/i;

async function runCase({ seed, index }) {
  const c = fuzzCase(seed, index, corpus);
  const path = join(caseDir, `case${c.ext}`);
  writeFileSync(path, c.text);
  const out = { kind: c.kind, steps: 0, overBudget: 0, overBudgetInSampling: 0, slowestStepMs: 0, internalErrors: 0, exception: null };
  try {
    const file = await readSourceFile(path);
    if (!file.ok) throw new Error(`the reader refused a regular file: ${file.message}`);
    const report = await checkSource(path, file.text, { ...options, seed });
    for (const d of report.derivations) {
      for (const s of d.steps) {
        out.steps++;
        const ms = (s.timing?.proofMs ?? 0) + (s.timing?.numericMs ?? 0);
        out.slowestStepMs = Math.max(out.slowestStepMs, ms);
        if (ms > overBudgetMs) {
          out.overBudget++;
          if ((s.timing?.numericMs ?? 0) > (s.timing?.proofMs ?? 0)) out.overBudgetInSampling++;
        }
        if (INTERNAL.test(s.message)) out.internalErrors++;
      }
    }
    const html = render.renderHtml(buildReport([report], seed), { title: 'fuzz' });
    const latex = render.renderLatexDocument([report]);
    if (typeof html !== 'string' || typeof latex !== 'string') throw new Error('a renderer returned no text');
  } catch (e) {
    out.exception = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  return out;
}

parentPort.on('message', async ({ id, input }) => {
  parentPort.postMessage({ id, output: await runCase(input) });
});
