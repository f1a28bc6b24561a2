/**
 * The batch benchmark (issue 5): 1,000 generated submissions (bench/generate-submissions.mjs)
 * checked by the built CLI with --jobs 1 and with all cores. Prints wall time, files per
 * second and peak memory, against SPEC's target: under 2 minutes and under 1 GB on 2 cores.
 * Also prints how many planted errors were caught and — soundness — whether any clean copy
 * of a derivation had a step refuted.
 *
 * Peak memory: worker threads live inside the one CLI process, so that process's peak RSS is
 * the whole tree's. Measured with /usr/bin/time -v when present, else by polling
 * /proc/PID/status (VmHWM).
 *
 * Usage: node bench/batch.mjs [--files 1000] [--seed 1] [--jobs N] [--keep]   (after npm run build;
 *        --jobs N runs only that value instead of both 1 and all cores)
 * As a module: `runBatchBench({ files, seed })` returns the figures (bench/run.mjs calls it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions } from './options.mjs';
import { generateSubmissions } from './generate-submissions.mjs';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const TARGET_SECONDS = 120;
const TARGET_MB = 1024;
const TIME_BIN = '/usr/bin/time';

function readPeakKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Run the CLI once; resolves with wall seconds, peak RSS in MB (or null), exit code and stdout. */
function runCli(args) {
  const useTime = existsSync(TIME_BIN);
  const [cmd, argv] = useTime ? [TIME_BIN, ['-v', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const out = [];
    let err = '';
    let polledKb = 0;
    const poll = useTime ? null : setInterval(() => { polledKb = Math.max(polledKb, readPeakKb(child.pid)); }, 50);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      const timed = err.match(/Maximum resident set size \(kbytes\): (\d+)/);
      const peakKb = timed ? Number(timed[1]) : polledKb;
      resolve({ seconds, peakMb: peakKb > 0 ? peakKb / 1024 : null, code, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

/** Caught: a planted wrong step shows up as a refuted step (an empty or cut-short file as an error
 *  or a file without derivations). False alarm: an untouched copy of a derivation with a refuted step.
 *  Refutations the derivation expects (`% expect: refuted`) count as neither. */
function grade(report, manifest) {
  let planted = 0, caught = 0, clean = 0, falseAlarms = 0, fileErrors = 0;
  for (const file of report.files) {
    const name = file.path.split('/').pop();
    const steps = file.derivations.flatMap((d) => d.steps);
    // a step the derivation itself marks `% expect: refuted` is refuted in every copy, planted or not
    const refuted = steps.some((s) => s.verdict === 'refuted' && s.expected !== 'refuted');
    if (file.error !== null) fileErrors++;
    const plantedHere = manifest[name];
    if (plantedHere) {
      planted++;
      const broken = plantedHere.mutation === 'empty' || plantedHere.mutation === 'cut-short';
      if (broken ? file.error !== null || steps.length === 0 || refuted : refuted) caught++;
    } else {
      clean++;
      if (refuted) falseAlarms++;
    }
  }
  return { planted, caught, clean, falseAlarms, fileErrors };
}

export async function runBatchBench({ files = 1000, seed = 1, keep = false, jobsList = null, log = console.log } = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'deriva-bench-'));
  const manifest = generateSubmissions(join(dir, 'submissions'), { count: files, seed });
  const cores = availableParallelism();
  const results = [];
  for (const jobs of jobsList ?? [...new Set([1, cores])]) {
    const run = await runCli(['check', join(dir, 'submissions'), '--json', '--jobs', String(jobs), '--seed', String(seed)]);
    let report;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      throw new Error(`deriva check --jobs ${jobs} printed no JSON (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    }
    results.push({ jobs, ...run, report, grade: grade(report, manifest) });
  }
  if (!keep) rmSync(dir, { recursive: true, force: true });

  const first = results[0].report;
  const s = first.summary;
  log(`batch: ${first.files.length} submission files (seed ${seed}), ${s.steps} steps: ${s.proved} proved, ${s.confirmed} confirmed, ${s.refuted} refuted, ${s.unverified} unverified, ${s.errors} errors`);
  const g = results[0].grade;
  log(`batch: planted errors caught ${g.caught}/${g.planted}; clean copies with a refuted step (must be 0): ${g.falseAlarms}/${g.clean}; files in error: ${g.fileErrors}`);
  for (const r of results) {
    const mb = r.peakMb === null ? 'n/a' : `${r.peakMb.toFixed(0)} MB`;
    log(`batch: --jobs ${String(r.jobs).padEnd(2)} ${r.seconds.toFixed(1).padStart(6)} s wall, ${(first.files.length / r.seconds).toFixed(1).padStart(6)} files/s, peak memory ${mb}`);
  }
  const same = results.every((r) => JSON.stringify(r.report) === JSON.stringify(first));
  if (results.length > 1) log(`batch: reports identical across --jobs values (SPEC: same seed, same report): ${same ? 'yes' : 'NO'}`);
  const best = results[results.length - 1];
  // The target is for 1,000 files; a smaller run is scaled linearly (files are independent).
  const projected = best.seconds * (1000 / first.files.length);
  const withinTime = projected < TARGET_SECONDS;
  const withinMemory = results.every((r) => r.peakMb === null || r.peakMb < TARGET_MB);
  const onTarget = cores === 2 ? '' : ` (target is for 2 cores; this machine has ${cores})`;
  const scaled = first.files.length === 1000 ? '' : ` (${projected.toFixed(0)} s projected from ${first.files.length} files)`;
  log(`batch: SPEC target: 1,000 files under ${TARGET_SECONDS} s and ${TARGET_MB} MB on 2 cores — ` +
    `${withinTime ? 'time met' : 'time MISSED'}${scaled}, ${withinMemory ? 'memory met' : 'memory MISSED'}${onTarget}`);
  return {
    files: first.files.length, summary: s, grade: g, identical: same,
    runs: results.map((r) => ({ jobs: r.jobs, seconds: r.seconds, filesPerSecond: first.files.length / r.seconds, peakMb: r.peakMb })),
    projectedSecondsFor1000: projected, withinTime, withinMemory,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = 'Usage (after npm run build): node bench/batch.mjs [--files 1000] [--seed 1] [--jobs N] [--keep]\n'
    + '  --jobs N runs only that value instead of both 1 and all cores; --keep keeps the generated files';
  const o = benchOptions(process.argv.slice(2), usage, { files: 1000, seed: 1, jobs: 0, keep: false });
  runBatchBench({ files: o.files, seed: o.seed, keep: o.keep, jobsList: o.jobs > 0 ? [o.jobs] : null })
    .catch((e) => { console.error(`bench/batch: ${e.message}`); process.exitCode = 1; });
}
