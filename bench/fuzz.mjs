/**
 * `npm run fuzz`: 100,000 generated and mutated inputs (bench/fuzz-cases.mjs) through
 * reading, parsing, checking (with a small per-step budget) and rendering, in worker
 * threads with a per-input timeout, so that a hang is detected and counted instead of
 * waited for. Prints the counts of inputs, uncaught exceptions, steps over the per-step
 * budget, hangs, and the peak memory; the first few offending inputs are saved for
 * replay. Zero of the first three is the goal (SPEC: bad input never crashes or hangs).
 *
 * Usage (after npm run build):
 *   node bench/fuzz.mjs [--cases 100000] [--seed 1] [--jobs N] [--timeout S] [--out DIR]
 *   node bench/fuzz.mjs --seed S --only N      replay one case and print its input and outcome
 * As a module: `runFuzz({ cases, seed })` returns the counts (test/fuzz.test.ts runs a few thousand).
 *
 * Peak memory is the whole process's (worker threads live inside it): its maximum resident set.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fuzzCase, loadCorpus } from './fuzz-cases.mjs';
import { benchOptions } from './options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_DIST = pathToFileURL(join(ROOT, 'dist/'));

/** The checker's settings for every case: few samples and a small step budget keep a case quick. */
export const FUZZ_CHECK_OPTIONS = {
  seed: 1, samples: 20, stepBudgetMs: 100, macros: '', explain: false, prove: true, contexts: [], ruleDirs: [],
};
/** A step counts as over budget past this multiple of its budget: the search's wall-clock net
 *  stops at 3×, so a step beyond it means a synchronous call outlived every bound. */
const OVER_BUDGET_FACTOR = 3;
const SAVED_PER_KIND = 10;

/** Runs cases `first` … `first + cases - 1` of `seed`; `onOutcome` sees each case's raw outcome. */
export async function runFuzz({
  cases = 100_000, first = 0, seed = 1, jobs = availableParallelism(), timeoutMs = 20_000, saveDir = null,
  dist = DEFAULT_DIST, corpusDir = join(ROOT, 'derivations'), log = () => {}, onOutcome = () => {},
} = {}) {
  const distUrl = new URL(dist);
  const { runInWorkers } = await import(new URL('batch/pool.js', distUrl));
  const corpus = loadCorpus(corpusDir);
  const overBudgetMs = FUZZ_CHECK_OPTIONS.stepBudgetMs * OVER_BUDGET_FACTOR;
  const counts = {
    inputs: 0, exceptions: 0, overBudget: 0, overBudgetInSampling: 0, hangs: 0, crashes: 0, steps: 0, internalErrors: 0,
    slowestStepMs: 0, slowestCase: null, byKind: {}, saved: [],
  };
  const savedOf = { exception: 0, hang: 0, crash: 0, 'over-budget': 0 };
  const save = (what, index, detail) => {
    if (!saveDir || savedOf[what] >= SAVED_PER_KIND) return;
    savedOf[what]++;
    mkdirSync(saveDir, { recursive: true });
    const c = fuzzCase(seed, index, corpus);
    const file = join(saveDir, `${what}-seed${seed}-case${index}${c.ext}`);
    writeFileSync(file, c.text);
    writeFileSync(`${file}.txt`, `${what} (replay: node bench/fuzz.mjs --seed ${seed} --only ${index})\n\n${detail}\n`);
    counts.saved.push(file);
  };
  const started = performance.now();
  const inputs = Array.from({ length: cases }, (_, k) => ({ seed, index: first + k }));
  await runInWorkers(inputs, {
    workerUrl: new URL('./fuzz-worker.mjs', import.meta.url),
    workerData: { dist: distUrl.href, corpusDir, options: FUZZ_CHECK_OPTIONS, overBudgetMs },
    jobs,
    timeoutMs,
    maxHeapMb: 512,
    onFailure: (_, message) => ({ failure: message }),
    onResult: (k, out) => {
      const index = first + k;
      onOutcome(index, out);
      counts.inputs++;
      if (out.failure) {
        const hang = /timed out/.test(out.failure);
        if (hang) counts.hangs++; else counts.crashes++;
        save(hang ? 'hang' : 'crash', index, out.failure);
      } else {
        counts.byKind[out.kind] = (counts.byKind[out.kind] ?? 0) + 1;
        counts.steps += out.steps;
        counts.internalErrors += out.internalErrors;
        if (out.slowestStepMs > counts.slowestStepMs) { counts.slowestStepMs = out.slowestStepMs; counts.slowestCase = index; }
        if (out.exception) { counts.exceptions++; save('exception', index, out.exception); }
        if (out.overBudget > 0) { counts.overBudget += out.overBudget; counts.overBudgetInSampling += out.overBudgetInSampling; save('over-budget', index, `slowest step ${out.slowestStepMs.toFixed(0)} ms`); }
      }
      if (counts.inputs % 5000 === 0) log(`fuzz: ${counts.inputs}/${cases} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  counts.seconds = (performance.now() - started) / 1000;
  counts.peakMb = process.resourceUsage().maxRSS / 1024;
  counts.overBudgetMs = overBudgetMs;
  return counts;
}

export function printCounts(c, seed, log = console.log) {
  const kinds = Object.entries(c.byKind).map(([k, n]) => `${n} ${k}`).join(', ');
  log(`fuzz: seed ${seed}, ${c.inputs} inputs (${kinds}), ${c.steps} steps checked, ${c.seconds.toFixed(0)} s`);
  log(`fuzz: uncaught exceptions: ${c.exceptions}`);
  log(`fuzz: steps over the per-step budget (${FUZZ_CHECK_OPTIONS.stepBudgetMs} ms × ${OVER_BUDGET_FACTOR} = ${c.overBudgetMs} ms): ${c.overBudget}` +
    ` (${c.overBudgetInSampling} of them mostly sampling, ${c.overBudget - c.overBudgetInSampling} mostly proof search;` +
    ` slowest step ${c.slowestStepMs.toFixed(0)} ms, in case ${c.slowestCase})`);
  log(`fuzz: hangs (input over its timeout, worker stopped): ${c.hangs}`);
  log(`fuzz: worker crashes (out of memory, exit): ${c.crashes}`);
  log(`fuzz: internal errors reported as a step's reason: ${c.internalErrors}`);
  log(`fuzz: peak memory ${c.peakMb.toFixed(0)} MB (whole process, workers included)`);
  if (c.saved.length > 0) log(`fuzz: ${c.saved.length} inputs saved for replay, e.g. ${c.saved[0]}`);
}

const USAGE = `Usage (after npm run build):
  node bench/fuzz.mjs [--cases 100000] [--seed 1] [--jobs N] [--timeout S] [--out DIR]
  node bench/fuzz.mjs --seed S --only N      replay one case and print its input and outcome`;

async function replay(seed, index) {
  const c = fuzzCase(seed, index, loadCorpus(join(ROOT, 'derivations')));
  console.log(`--- case ${index} of seed ${seed} (${c.kind}, ${c.ext}) ---\n${c.text}\n---`);
  await runFuzz({ cases: 1, first: index, seed, jobs: 1, timeoutMs: 60_000, onOutcome: (_, out) => console.log(JSON.stringify(out, null, 2)) });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const o = benchOptions(process.argv.slice(2), USAGE, {
    cases: 100_000, seed: 1, jobs: availableParallelism(), timeout: 20, out: join(ROOT, 'test-artifacts/fuzz'), only: -1,
  });
  const seed = o.seed;
  if (!existsSync(new URL('batch/pool.js', DEFAULT_DIST))) {
    console.error('bench/fuzz: dist/ is missing: run npm run build first');
    process.exit(1);
  }
  if (o.only >= 0) {
    await replay(seed, o.only);
  } else {
    const counts = await runFuzz({
      cases: o.cases, seed, jobs: o.jobs, timeoutMs: o.timeout * 1000, saveDir: resolve(o.out), log: (line) => console.error(line),
    });
    printCounts(counts, seed);
    process.exitCode = counts.exceptions + counts.hangs + counts.crashes + counts.overBudget > 0 ? 1 : 0;
  }
}
