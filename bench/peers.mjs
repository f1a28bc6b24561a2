/**
 * `npm run bench -- --peers`: deriva against the tools a user would otherwise try, on the step
 * identities of bench/identities/identities.json. Prints, never asserts.
 *
 * Per tool: identities decided correctly, wrong verdicts, undecided, and the median, p90 and
 * slowest time per identity, measured in process around each call (module loading and a warm-up
 * call are timed apart, as "load"). What an answer means, tool by tool:
 *  - deriva: `proved`/`confirmed` say true, `refuted` says false, `unverified`/`error` decide nothing;
 *  - mathjs `simplify` of lhs − rhs: 0 says true; a non-zero number says false; anything else is
 *    undecided (failing to reach 0 is not a claim of inequality);
 *  - mathjs `symbolicEqual`: true says true; false only means "could not show it" (undecided);
 *  - nerdamer `expand`, then `simplify`, of lhs − rhs: read like mathjs `simplify`;
 *  - SymPy `lhs.equals(rhs)` (one python3 process for the whole batch, timed inside python):
 *    True says true, False is SymPy's claim "not equal", None is undecided.
 * Peers are given the hand translations; where a translation is null (the tool cannot express the
 * step) or the step is an inequality, the peer is not called and counts as undecided, untimed.
 *
 * Must not: reach into deriva's internals — deriva is asked through `checkSource` only (the one
 * adapter below), with its default options and fixed seed, so runs repeat.
 *
 *   node bench/peers.mjs [--only ID_PREFIX] [--tools deriva,mathjs,nerdamer,sympy] [--limit SECONDS]
 *
 * Each JS tool runs in a worker thread and each SymPy call under an alarm, so that one call that
 * never returns (nerdamer's simplify can run for many minutes) is stopped after --limit seconds
 * (default 60) and counted undecided; that net is wall-clock and the note on it says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchOptions } from './options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpusDir = join(root, 'bench/identities');

// ---------------------------------------------------------------- the corpus

/** The relation tokens a step may use, by the corpus' relation names. */
const RELATION_COMMANDS = { leq: '<=', le: '<=', geq: '>=', ge: '>=' };

/**
 * Split `lhs REL rhs` at its one relation outside braces, brackets and parentheses.
 * Throws when there is not exactly one, or it is not the relation the entry states.
 */
export function splitStep(latex, relation) {
  const found = [];
  let depth = 0;
  for (let k = 0; k < latex.length; k++) {
    const c = latex[k];
    if (c === '\\') {
      const name = /^[A-Za-z]+/.exec(latex.slice(k + 1))?.[0] ?? latex[k + 1] ?? '';
      if (name === '{' || name === '(' || name === '[') depth++;
      else if (name === '}' || name === ')' || name === ']') depth--;
      else if (depth === 0 && RELATION_COMMANDS[name]) found.push({ at: k, length: name.length + 1, relation: RELATION_COMMANDS[name] });
      k += name.length;
    } else if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (depth === 0 && '=<>'.includes(c)) found.push({ at: k, length: 1, relation: c });
  }
  if (found.length !== 1 || found[0].relation !== relation) {
    throw new Error(`"${latex}": expected one top-level ${relation}, found ${found.map((f) => f.relation).join(', ') || 'none'}`);
  }
  const { at, length } = found[0];
  return { lhs: latex.slice(0, at).trim(), token: latex.slice(at, at + length), rhs: latex.slice(at + length).trim() };
}

/** The tiny document deriva checks for one identity: its assumptions, its context, the step. */
export function derivaDocument(entry) {
  const { lhs, token, rhs } = splitStep(entry.latex, entry.relation);
  const assume = entry.assume.map((a) => `% assume: ${a}\n`).join('');
  const context = entry.context ? `\\begin{align*}\n${entry.context}\n\\end{align*}\n` : '';
  return `${assume}${context}\\begin{align*}\n${lhs} &${token} ${rhs}\n\\end{align*}\n`;
}

function loadCorpus() {
  const { identities } = JSON.parse(readFileSync(join(corpusDir, 'identities.json'), 'utf8'));
  for (const e of identities) splitStep(e.latex, e.relation);   // malformed data stops the bench here
  return identities;
}

// ---------------------------------------------------------------- the tools

const answer = (verdict, note = '') => ({ answer: verdict, note });

/** deriva through its public check entry point: the one adapter the bench has to deriva. */
async function derivaTool() {
  const { checkSource, DEFAULT_CHECK_OPTIONS } = await import(pathToFileURL(join(root, 'dist/check/index.js')).href);
  const MEANING = { proved: 'true', confirmed: 'true', refuted: 'false' };
  return async (entry) => {
    const report = await checkSource('identity.tex', derivaDocument(entry), DEFAULT_CHECK_OPTIONS);
    if (report.error) return answer('undecided', `error: ${report.error.message}`);
    const step = report.derivations.at(-1)?.steps.at(-1);
    if (!step) return answer('undecided', 'no step found');
    const problems = report.problems.map((p) => p.message).join('; ');
    return { answer: MEANING[step.verdict] ?? 'undecided', verdict: step.verdict, note: [step.message, problems].filter(Boolean).join('; ') };
  };
}

const require = createRequire(import.meta.url);

/** A non-zero number says the two sides differ; 0 says they agree; anything else says nothing. */
function readDifference(isZero, value) {
  if (isZero) return answer('true');
  return Number.isFinite(value) && value !== 0 ? answer('false', `difference evaluates to ${value}`) : answer('undecided', 'difference not reduced to 0');
}

async function mathjsSimplifyTool() {
  const math = require('mathjs');
  return (entry) => {
    const [l, r] = entry.mathjs;
    const diff = math.simplify(`(${l}) - (${r})`);
    let value = NaN;
    try { value = Number(diff.evaluate({})); } catch { /* still has symbols */ }
    return readDifference(diff.isConstantNode && Number(diff.value) === 0, value);
  };
}

async function mathjsSymbolicEqualTool() {
  const math = require('mathjs');
  return (entry) => (math.symbolicEqual(entry.mathjs[0], entry.mathjs[1]) ? answer('true') : answer('undecided', 'symbolicEqual false: not shown equal'));
}

async function nerdamerTool() {
  const nerdamer = require('nerdamer');
  require('nerdamer/Algebra');
  require('nerdamer/Calculus');
  return (entry) => {
    const [l, r] = entry.nerdamer;
    const diff = `(${l}) - (${r})`;
    let reduced = nerdamer(`expand(${diff})`);
    if (reduced.toString() !== '0') reduced = nerdamer(`simplify(${diff})`);
    let value = NaN;
    if (reduced.variables().length === 0) value = Number(reduced.evaluate().text('decimals'));
    return readDifference(reduced.toString() === '0', value);
  };
}

const TOOLS = {
  'deriva': derivaTool,
  'mathjs simplify': mathjsSimplifyTool,
  'mathjs symbolicEqual': mathjsSymbolicEqualTool,
  'nerdamer': nerdamerTool,
};

/** Worker side: load one tool, warm it up on one entry, then decide entries as they arrive. */
async function serveTool({ tool, warm }) {
  const loading = performance.now();
  const decide = await TOOLS[tool]();
  // First-call costs (lazy loads, caches) belong to load, not to one identity; what the warm-up
  // call answers does not matter.
  if (warm) await Promise.resolve().then(() => decide(warm)).catch(() => undefined);
  parentPort.postMessage({ loadMs: performance.now() - loading });
  parentPort.on('message', async (entry) => {
    const started = performance.now();
    let out;
    try { out = await decide(entry); } catch (e) { out = answer('undecided', `threw: ${String(e?.message ?? e).slice(0, 120)}`); }
    parentPort.postMessage({ id: entry.id, ...out, ms: performance.now() - started });
  });
}

/** A worker serving `tool`; resolves once it is loaded, with its load time. */
function startWorker(tool, warm) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { peersTool: { tool, warm } } });
  const loaded = new Promise((resolve, reject) => {
    worker.once('message', (m) => resolve(m.loadMs));
    worker.once('error', reject);
  });
  return { worker, loaded };
}

/** One entry's result, or null when the worker is still busy after limitMs (it is then stopped). */
function ask(worker, entry, limitMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { worker.terminate().then(() => resolve(null), reject); }, limitMs);
    worker.once('message', (m) => { clearTimeout(timer); resolve(m); });
    worker.postMessage(entry);
  });
}

/**
 * Run a tool on every entry it can express, each call timed inside a worker thread. A synchronous
 * call cannot be interrupted in its own thread (nerdamer's simplify can run for many minutes), so
 * a call still running after limitMs has its worker stopped: that identity is undecided, timed as
 * limitMs (a lower bound), and a fresh worker takes the rest. This net is wall-clock and so
 * load-dependent; the note on each stopped identity says so.
 */
async function runInWorkers(name, entries, canExpress, limitMs, warm) {
  let current = startWorker(name, warm);
  const loadMs = await current.loaded;
  const results = [];
  for (const entry of entries) {
    if (!canExpress(entry)) { results.push({ id: entry.id, answer: 'undecided', note: 'not expressible / not asked', ms: null }); continue; }
    const result = await ask(current.worker, entry, limitMs);
    if (result) { results.push(result); continue; }
    results.push({ id: entry.id, answer: 'undecided', note: `stopped after ${limitMs / 1000} s (harness limit, wall clock)`, ms: limitMs, stopped: true });
    current = startWorker(name, null);
    await current.loaded;
  }
  await current.worker.terminate();
  return { name, loadMs, results };
}

/** SymPy: one python3 process for the batch; it times each identity itself. */
async function runSympy(entries, only, limitMs) {
  if (spawnSync('python3', ['-c', 'import sympy'], { stdio: 'ignore' }).status !== 0) return null;
  const started = performance.now();
  const out = await new Promise((resolve, reject) => {
    const child = spawn('python3', [join(corpusDir, 'sympy_peer.py'), '--only', only, '--limit', String(Math.ceil(limitMs / 1000))], { cwd: corpusDir, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`sympy_peer.py exited ${code}`))));
  });
  const byId = new Map(out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)).map((r) => [r.id, r]));
  const results = entries.map((e) => {
    const r = byId.get(e.id);
    const asked = r && e.sympy && e.relation === '=';
    return { id: e.id, answer: r?.answer ?? 'undecided', note: r?.note ?? 'no result', ms: asked ? r.ms : null, stopped: Boolean(r?.stopped) };
  });
  const workMs = results.reduce((s, r) => s + (r.ms ?? 0), 0);
  return { name: 'SymPy equals', loadMs: performance.now() - started - workMs, loadNote: 'process start, import and parse', results };
}

// ---------------------------------------------------------------- scoring and printing

const quantile = (sorted, q) => (sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] : NaN);
const fmt = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(0)) : '—');

function score(run, truthOf) {
  const right = [], wrong = [], undecided = [];
  for (const r of run.results) {
    if (r.answer === 'undecided') undecided.push(r);
    else if ((r.answer === 'true') === truthOf.get(r.id)) right.push(r);
    else wrong.push(r);
  }
  const timed = run.results.filter((r) => r.ms !== null);
  const times = timed.map((r) => r.ms).sort((a, b) => a - b);
  const slowest = timed.reduce((a, b) => (b.ms > (a?.ms ?? -1) ? b : a), null);
  const stopped = run.results.filter((r) => r.stopped);
  return { right, wrong, undecided, stopped, timed: times.length, median: quantile(times, 0.5), p90: quantile(times, 0.9), slowest };
}

function printTable(runs, truthOf, total) {
  const head = ['tool', 'correct', 'wrong', 'undecided', '(stopped)', 'timed', 'median ms', 'p90 ms', 'slowest (id, ms)', 'load ms'];
  const rows = runs.map((run) => {
    const s = score(run, truthOf);
    return [run.name, s.right.length, s.wrong.length, s.undecided.length, s.stopped.length, s.timed, fmt(s.median), fmt(s.p90),
      s.slowest ? `${s.slowest.id} ${s.slowest.stopped ? '≥' : ''}${fmt(s.slowest.ms)}` : '—', fmt(run.loadMs)].map(String);
  });
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells) => `  ${cells.map((c, k) => (k === 0 || k === 8 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ')}`;
  console.log(`\n${total} identities (${[...truthOf.values()].filter((t) => !t).length} false); times per identity, in process`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

function printDetails(runs, truthOf) {
  for (const run of runs) {
    const s = score(run, truthOf);
    if (s.stopped.length > 0) console.log(`\n${run.name}: stopped by the harness limit (${s.stopped.length}): ${s.stopped.map((r) => r.id).join(', ')}`);
    if (s.wrong.length === 0 && run.name !== 'deriva') continue;
    console.log(`\n${run.name}: wrong verdicts (${s.wrong.length})`);
    for (const r of s.wrong) console.log(`  ${r.id}  (${truthOf.get(r.id) ? 'true' : 'false'} identity, said ${r.verdict ?? r.answer})  ${(r.note ?? '').slice(0, 160)}`);
    if (run.name !== 'deriva') continue;
    const verdicts = {};
    for (const r of run.results) verdicts[r.verdict ?? 'stopped'] = (verdicts[r.verdict ?? 'stopped'] ?? 0) + 1;
    console.log(`\n${run.name}: verdicts ${Object.entries(verdicts).map(([v, n]) => `${v} ${n}`).join(', ')}`);
    console.log(`\n${run.name}: undecided (${s.undecided.length})`);
    for (const r of s.undecided) console.log(`  ${r.id}  [${r.verdict ?? ''}] ${fmt(r.ms)} ms  ${(r.note ?? '').slice(0, 160)}`);
  }
}

/** The options `--peers` takes (bench/run.mjs reads them too), with their defaults. */
export const PEERS_OPTIONS = { only: '', tools: 'deriva,mathjs,nerdamer,sympy', limit: 60 };
export const PEERS_USAGE = `Usage: node bench/peers.mjs [--only ID-PREFIX] [--tools deriva,mathjs,nerdamer,sympy] [--limit SECONDS]
  (or npm run bench -- --peers with the same options)`;

/** Runs the peers on the identity corpus; `options` as PEERS_OPTIONS. */
export async function runPeers({ only, tools: toolList, limit } = PEERS_OPTIONS) {
  const tools = new Set(toolList.split(','));
  const corpus = loadCorpus();
  const entries = corpus.filter((e) => e.id.startsWith(only));
  const truthOf = new Map(entries.map((e) => [e.id, e.truth]));
  const runs = [];
  const step = async (tool, label, run) => {
    if (!tools.has(tool)) return;
    process.stderr.write(`running ${label} on ${entries.length} identities…\n`);
    const result = await run();
    if (result) runs.push(result); else process.stderr.write(`  ${label}: not available here, skipped\n`);
  };
  const limitMs = limit * 1000;
  const isEquality = (e) => e.relation === '=';
  // Every tool warms up on the corpus' first identity it can express (a plain log quotient).
  const inWorkers = (name, canExpress) => runInWorkers(name, entries, canExpress, limitMs, corpus.find(canExpress));
  await step('deriva', 'deriva', () => inWorkers('deriva', () => true));
  await step('mathjs', 'mathjs simplify', () => inWorkers('mathjs simplify', (e) => e.mathjs && isEquality(e)));
  await step('mathjs', 'mathjs symbolicEqual', () => inWorkers('mathjs symbolicEqual', (e) => e.mathjs && isEquality(e)));
  await step('nerdamer', 'nerdamer', () => inWorkers('nerdamer', (e) => e.nerdamer && isEquality(e)));
  await step('sympy', 'SymPy equals', () => runSympy(entries, only, limitMs));
  printTable(runs, truthOf, entries.length);
  printDetails(runs, truthOf);
}

if (!isMainThread && workerData?.peersTool) await serveTool(workerData.peersTool);
else if (isMainThread && import.meta.url === pathToFileURL(process.argv[1]).href) await runPeers(benchOptions(process.argv.slice(2), PEERS_USAGE, PEERS_OPTIONS));
