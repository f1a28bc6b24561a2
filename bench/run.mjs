/**
 * `npm run bench`: the figures SPEC's targets are judged by. Prints, never asserts.
 *
 *  1. cold start: one small scalar check, a fresh `node dist/cli/main.js` each time (median of 5);
 *  2. all of derivations/ checked cold by the CLI (median of 3);
 *  3. per step, in process: median and worst proof-search time, median sampling time, and the time
 *     of each continuous step (decided inside a problem context's model);
 *  4. the 1,000-submission batch (bench/batch.mjs), unless `--quick`.
 * With `--peers`, only the identity corpus against mathjs, nerdamer and SymPy (bench/peers.mjs).
 *
 * Builds first (`npm run build`), so the figures are for the code in the tree.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchOptions } from './options.mjs';
import { PEERS_OPTIONS, PEERS_USAGE, runPeers } from './peers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const USAGE = `Usage: npm run bench [-- --quick] [-- --peers [peers options]]
  --quick   skip the 1,000-submission batch
  --peers   only the identity corpus against mathjs, nerdamer and SymPy
${PEERS_USAGE}`;
const { quick, peers, ...peersOptions } = benchOptions(process.argv.slice(2), USAGE, { quick: false, peers: false, ...PEERS_OPTIONS });

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function medianOf(run, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) { const t = process.hrtime.bigint(); run(); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
  return median(times);
}

function timeCli(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`deriva ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

console.log('building…');
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

if (peers) {
  await runPeers(peersOptions);
  process.exit(0);
}

const scalar = 'bench/fixtures/scalar.tex';
const discrete = 'derivations/kl-cross-entropy.tex';
const row = (label, value, target = '') => console.log(`  ${label.padEnd(52)} ${value.padStart(8)}   ${target}`);
console.log('\ncold start (a fresh process each time, median)');
row(`node itself (node -e 0)`, ms(medianOf(() => spawnSync(process.execPath, ['-e', '0']), 5)));
row(`deriva --help`, ms(timeCli(['--help'], 5)));
row(`one scalar derivation (${scalar})`, ms(timeCli(['check', scalar, '--jobs', '1'], 5)), 'target < 300 ms');
row(`one discrete-probability file (${discrete})`, ms(timeCli(['check', discrete, '--jobs', '1'], 5)));
row(`the same, numeric only (--no-prove)`, ms(timeCli(['check', discrete, '--jobs', '1', '--no-prove'], 5)));
row(`all of derivations/ (default jobs)`, ms(timeCli(['check', 'derivations/'], 3)), 'target < 2000 ms on 2 cores');
row(`all of derivations/ (--jobs 1)`, ms(timeCli(['check', 'derivations/', '--jobs', '1'], 3)));

console.log('\nper step (in process, derivations/)');
const { checkFile, DEFAULT_CHECK_OPTIONS } = await import(pathToFileURL(join(root, 'dist/check/index.js')).href);
const files = readdirSync(join(root, 'derivations')).filter((f) => /\.(tex|md)$/.test(f)).sort();
const proof = [], numeric = [], total = [];
/** Steps decided inside a problem context's model (continuous laws, densities, expectations). */
const continuous = [];
let worst = { ms: 0, where: '' };
for (const f of files) {
  const report = await checkFile(join('derivations', f), DEFAULT_CHECK_OPTIONS);
  for (const d of report.derivations) for (const s of d.steps) {
    if (!s.timing) continue;
    proof.push(s.timing.proofMs); numeric.push(s.timing.numericMs); total.push(s.timing.proofMs + s.timing.numericMs);
    if (s.timing.proofMs > worst.ms) worst = { ms: s.timing.proofMs, where: `${f}:${s.line} (${s.verdict})` };
    if (/instances of the model|inside the model/.test(s.message)) continuous.push({ where: `${f}:${s.line}`, verdict: s.verdict, ...s.timing });
  }
}
console.log(`  steps timed:                ${total.length}`);
console.log(`  proof search: median ${ms(median(proof))}, worst ${ms(worst.ms)} at ${worst.where}   target median < 5 ms`);
console.log(`  sampling:     median ${ms(median(numeric))}   target median < 20 ms`);
console.log(`  whole step:   median ${ms(median(total))}`);

console.log('\ncontinuous steps (decided inside the problem context\'s model: laws, densities, expectations)');
for (const c of continuous) console.log(`  ${c.where.padEnd(40)} ${c.verdict.padEnd(10)} model ${ms(c.numericMs).padStart(9)}   proof search ${ms(c.proofMs).padStart(9)}`);
console.log(`  ${continuous.length} steps: model median ${ms(median(continuous.map((c) => c.numericMs)))}, worst ${ms(Math.max(0, ...continuous.map((c) => c.numericMs)))}   target median < 20 ms`);

if (quick) {
  console.log('\n(--quick: the 1,000-submission batch is skipped)');
} else {
  console.log('\nbatch (bench/batch.mjs)');
  const batch = spawnSync(process.execPath, [join(root, 'bench/batch.mjs')], { cwd: root, stdio: 'inherit' });
  if (batch.status !== 0) process.exit(batch.status ?? 1);
}
