/**
 * `npm run audit [-- --cases N --seed S --jobs J --json FILE]`: the soundness audit at scale.
 * Builds first, then checks N recipes (each a true identity and, when a mutation applies, a false
 * variant; see bench/audit/run.mjs) with the built dist/ on J worker threads, and prints the counts
 * by family and by mutation kind, the exclusions, and every lie with the document that shows it.
 * Exits 1 when there is a lie. `--json FILE` writes every outcome, for a closer look.
 *
 * The same seed gives the same cases; verdicts depend on counted budgets only, except where the
 * checker's wall-clock safety net trips on an overloaded machine (then a step is unverified).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { AUDIT_CHECK_OPTIONS, formatTally, loadEngine, runAudit, tally } from './audit/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fromDist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);

if (!isMainThread) {
  const engine = await loadEngine(fromDist);
  const outcomes = await runAudit(engine, { ...workerData, progress: () => parentPort.postMessage({ progress: 1 }) });
  parentPort.postMessage({ outcomes });
} else {
  await main();
}

function option(name, fallback) {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
}

async function main() {
  const cases = Number(option('cases', 1000));
  const seed = Number(option('seed', 1));
  const jobs = Math.max(1, Number(option('jobs', availableParallelism())));
  const json = option('json', null);
  const checkOptions = { samples: Number(option('samples', AUDIT_CHECK_OPTIONS.samples)), stepBudgetMs: Number(option('budget', AUDIT_CHECK_OPTIONS.stepBudgetMs)) };
  if (![cases, seed, checkOptions.samples, checkOptions.stepBudgetMs].every(Number.isInteger) || cases < 1) {
    console.error('usage: npm run audit -- [--cases N] [--seed S] [--jobs J] [--samples N] [--budget MS] [--json FILE] [--no-build]');
    process.exit(2);
  }
  if (!process.argv.includes('--no-build')) {
    console.error('building…');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const started = Date.now();
  let done = 0;
  const parts = await Promise.all(Array.from({ length: jobs }, (_, index) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { cases, seed, checkOptions, part: { index, of: jobs } } });
    worker.on('message', (m) => {
      if (m.outcomes) { resolve(m.outcomes); return; }
      done++;
      if (process.stderr.isTTY || done % 100 === 0) process.stderr.write(`\r${done}/${cases} recipes`);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => { if (code !== 0) reject(new Error(`audit worker ${index} exited ${code}`)); });
  })));
  process.stderr.write('\n');
  const outcomes = parts.flat().sort((a, b) => a.recipe - b.recipe);
  const counts = tally(outcomes);
  const checked = outcomes.filter((o) => o.verdict !== undefined).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`soundness audit: ${cases} recipes, seed ${seed}, ${checked} steps checked in ${seconds} s on ${jobs} threads`
    + ` (checker: ${checkOptions.samples} samples, ${checkOptions.stepBudgetMs} ms step budget)\n`);
  console.log(formatTally(counts));
  for (const lie of counts.lies) console.log(`\n${describe(lie, lie.lie)}`);
  // Not lies (the audit does not know these steps' truth), but a proof of a mutated step deserves a look.
  const suspects = outcomes.filter((o) => o.truth === 'undecided' && (o.verdict === 'proved' || o.verdict === 'confirmed'));
  if (suspects.length) console.log(`\nSUSPECTS: ${suspects.length} mutated steps whose change sampling could not judge, ${suspects[0].verdict} anyway`);
  for (const s of suspects) console.log(`\n${describe(s, `suspect: ${s.verdict}`)}`);
  if (json) writeFileSync(json, JSON.stringify(outcomes, null, 1));
  process.exit(counts.lies.length > 0 ? 1 : 0);
}

function describe(o, what) {
  const lines = [`#${o.recipe} [${o.family}, ${o.view}] ${what}${o.mutation ? ` (mutation ${o.mutation})` : ''}; built by ${o.rules.join(', ')}`];
  if (o.proof?.length) lines.push(`  proof: ${o.proof.join(', ')}`);
  if (o.message) lines.push(`  checker: ${o.message}`);
  if (o.counterexample) lines.push(`  counterexample: ${JSON.stringify(o.counterexample)}`);
  if (o.asWritten) lines.push(`  as written: ${o.asWritten.message}`);
  if (o.gap !== undefined) lines.push(`  the sides differ by ${o.gap.toPrecision(3)} (relative, in 64 digits) where the mutation was judged`);
  if (o.blame) lines.push(`  the rewrite ${o.blame.rule} alone moves the value when sampled: ${o.blame.from}  →  ${o.blame.to}`);
  lines.push(...o.text.trim().split('\n').map((l) => `  | ${l}`));
  return lines.join('\n');
}
