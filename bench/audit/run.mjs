/**
 * The soundness audit: steps whose truth is known by construction, put through the real checker,
 * and every verdict compared with the truth. Shared by `npm test` (test/audit.test.ts, over src/)
 * and `npm run audit` (bench/audit.mjs, over dist/).
 *
 * A true step is a random start (families.mjs) and the same expression after 1–3 rewrites, each
 * a library rule applied where the search's machinery finds it applicable, its side conditions
 * certified and the step replayed by the kernel as a one-step proof — or a step of plain algebra
 * (transforms.mjs). A false step mutates a true step's right side, and counts as false only when
 * the numeric back-end's evaluator tells the old right side from the new one on a sampled world,
 * confirmed in 64-digit arithmetic (not the pair the checker is shown); mutations that keep the
 * value, or that sampling cannot judge, are counted apart. Both sides are printed with the
 * engine's printer into a small LaTeX document, read back (a side that reads back as something
 * else is excluded and counted) and checked with `checkSource`: reading, parsing and printing
 * are audited too. Every step is checked as written and blind (see casesOf).
 *
 * A lie: a true step refuted, a false one proved or confirmed, or a claim proved blind and
 * refuted as written (one of the two verdicts is wrong, whatever the truth).
 *
 * Owns: building cases, the truth checks, tallying and the printed summary. Must not: import the
 * engine (it comes in through loadEngine, from src/ or dist/) or work around what it finds.
 */
import fc from 'fast-check';
import { FAMILIES, familyArbitraries } from './families.mjs';
import { MUTATIONS, mutationsOf, rewrites, shapes } from './transforms.mjs';

/** The engine modules the audit drives, relative to src/ (or dist/). */
export const ENGINE_MODULES = {
  model: 'expr/model.js',
  document: 'document/document.js',
  symbols: 'check/symbols.js',
  parse: 'notation/parse.js',
  print: 'notation/print.js',
  kernel: 'kernel/index.js',
  rules: 'search/index.js',
  search: 'search/engine.js',
  diagnostic: 'diagnostic.js',
  analysis: 'numeric/analysis.js',
  relations: 'numeric/relations.js',
  worlds: 'numeric/world.js',
  arith: 'numeric/arith.js',
  intervals: 'numeric/interval.js',
  evaluate: 'numeric/evaluate.js',
  check: 'check/index.js',
};

/** The engine's modules, each loaded by `importModule(relativePath)`. */
export async function loadEngine(importModule) {
  const entries = await Promise.all(Object.entries(ENGINE_MODULES).map(async ([name, path]) => [name, await importModule(path)]));
  return Object.fromEntries(entries);
}

const PATH = 'audit.tex';
/** Rewrites stop once the expression has grown past this many nodes. */
const MAX_NODES = 120;
/** The worlds on which a mutation's value is compared (a seed apart from the checker's); how many
 *  are also compared in 64 digits; a relative difference there that no rounding explains. */
const FALSITY = { seed: 7919, worlds: 60, agreeing: 20, preciseWorlds: 5, realDifference: 1e-30 };

/** The checker's settings for an audit run: small budgets, counted in work, so a run replays exactly. */
export const AUDIT_CHECK_OPTIONS = { samples: 60, stepBudgetMs: 300 };

export const documentText = (assume, lhs, rhs) =>
  `% assume: ${assume.join(', ')}\n\\begin{align*}\n${lhs} &= ${rhs}\n\\end{align*}\n`;

// ---------------------------------------------------------------- recipes

/** What one case is made from: a start, how many rewrites, and the choices of rewrites and mutation. */
export function recipeArbitrary(engine, families = FAMILIES) {
  const starts = familyArbitraries(engine.model);
  return fc.record({
    start: fc.oneof(...families.map((f) => starts[f])),
    steps: fc.integer({ min: 1, max: 3 }),
    picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    mutation: fc.record({ kind: fc.nat(), site: fc.nat(), factor: fc.constantFrom(2, 0.5) }),
  });
}

// ---------------------------------------------------------------- reading as the checker reads

/** The document as the checker reads it: symbols, assumptions and both sides; null when it does not read. */
function read(engine, text) {
  try {
    const doc = engine.document.readDocument(PATH, text);
    const symbols = engine.symbols.symbolTableFor(doc);
    const step = doc.derivations[0];
    if (!step || step.links.length !== 1) return null;
    return {
      symbols,
      assumptions: doc.assumptions.map((a) => engine.parse.parseAssumption(a.text, symbols, PATH)),
      lhs: engine.parse.parseMath(step.head, symbols, PATH),
      rhs: engine.parse.parseMath(step.links[0].rhs, symbols, PATH),
    };
  } catch (e) {
    if (e instanceof engine.diagnostic.InputError) return null;
    throw e;
  }
}

/** The document for `lhs = rhs`, when the checker reads `rhs` back as the expression meant (else why not). */
function faithfulDocument(engine, assume, lhsLatex, lhs, rhs, scalar) {
  const rhsLatex = engine.print.toLatex(rhs);
  const text = documentText(assume, lhsLatex, rhsLatex);
  const reading = read(engine, text);
  const same = (a, b) => engine.model.key(engine.kernel.normalize(a, scalar)) === engine.model.key(engine.kernel.normalize(b, scalar));
  if (!reading) return { problem: 'printed side does not parse', text };
  if (!same(reading.lhs, lhs) || !same(reading.rhs, rhs)) return { problem: 'printed side reads back as something else', text };
  return { text, rhsLatex, rhs: reading.rhs };
}

// ---------------------------------------------------------------- one recipe → cases

/**
 * The cases of a recipe: its true identity and, when a mutation applies, the variant, each
 * checked as written ('sampled') and again multiplied on both sides by `\int_0^1 \tau\,d\tau`
 * ('blind'). That factor is ½ — so it keeps a true step true and a false one false — but the
 * numeric back-end does not evaluate integrals, so a blind step is decided by the prover alone:
 * the only way the audit can catch a false step proved, since sampling refutes it first otherwise.
 *
 * A case is `{ family, view, truth, mutation, rules, lhs, rhs, text }`, truth 'true', 'false',
 * 'kept' (the mutation kept the value) or 'undecided' (sampling could not tell); a recipe that
 * gives none is `{ family, excluded, text? }`. `rejected` counts, by rule, the applications the
 * search proposed and the kernel refused to replay.
 */
export async function casesOf(engine, ruleEnv, recipe) {
  const { family, assume, expr } = recipe.start;
  const { kernel, model, print } = engine;
  const lhsLatex = print.toLatex(expr);
  const reading = read(engine, documentText(assume, lhsLatex, lhsLatex));
  if (!reading) return { cases: [{ family, excluded: 'start does not parse', text: lhsLatex }], rejected: {} };
  const shape = shapes(engine, reading.symbols);
  const context = { rules: ruleEnv.ruleSet, cited: [], definitions: [], symbols: reading.symbols, assumptions: reading.assumptions, wrt: [] };
  // side conditions that read the step as a whole (a bare distribution letter ranges over one
  // variable only if the step applies it to one alone) are checked against the sides at hand
  const envFor = (sides) => ({ compiled: ruleEnv.compiled, search: engine.rules.searchContextFor(context, sides), shape });
  const start = kernel.normalize(reading.lhs, shape.scalar);
  const { chain, rejected } = construct(engine, envFor([start]), start, recipe);
  const done = (...cases) => ({ cases, rejected });
  if (chain.length === 0) return done({ family, excluded: 'no rewrite applies' });
  const right = chain[chain.length - 1].to;
  if (model.key(right) === model.key(start)) return done({ family, excluded: 'the rewrites cancelled out' });
  const whole = envFor([start, right]);
  if (!chain.every((c) => rewrites(engine, c.from, whole).options.some((o) => model.key(o.result) === model.key(c.to)))) {
    return done({ family, excluded: 'a rewrite does not hold in the step as a whole' });
  }
  const env = whole;

  const base = { family, rules: chain.map((c) => c.rule), chain, reading };
  const views = (rhs, fields) => [
    written(engine, assume, lhsLatex, reading.lhs, rhs, shape, { ...base, ...fields, view: 'sampled' }),
    written(engine, assume, null, model.mul(reading.lhs, OPAQUE_HALF(model)), model.mul(rhs, OPAQUE_HALF(model)), shape, { ...base, ...fields, view: 'blind' }),
  ];
  const identity = views(right, { truth: 'true', mutation: null });
  const mutation = mutate(engine, right, shape, recipe.mutation);
  if (!mutation) return done(...identity);
  const variant = views(mutation.expr, { mutation: mutation.kind });
  const moved = variant[0].excluded ? null : await valueMoved(engine, right, mutation.expr, reading);
  return done(...identity, ...variant.map((c) => (c.excluded ? c : { ...c, ...moved })));
}

/** `\int_0^1 \tau\,d\tau`: the number ½ in a form the numeric back-end does not evaluate. */
const OPAQUE_HALF = (m) => m.bind('int', ['\\tau'], { kind: 'range', from: m.num(0), to: m.num(1) }, m.sym('\\tau'));

/** 1–3 rewrites of `start`, each chosen by the recipe among the rules that apply (then among their places). */
function construct(engine, env, start, recipe) {
  const chain = [];
  const rejected = {};
  let current = start;
  for (let s = 0; s < recipe.steps && engine.model.size(current) <= MAX_NODES; s++) {
    const found = rewrites(engine, current, env);
    for (const rule of found.rejected) rejected[rule] = (rejected[rule] ?? 0) + 1;
    if (found.options.length === 0) break;
    const names = [...new Set(found.options.map((o) => o.rule))];
    const rule = names[recipe.picks[2 * s] % names.length];
    const ofRule = found.options.filter((o) => o.rule === rule);
    const next = ofRule[recipe.picks[2 * s + 1] % ofRule.length].result;
    chain.push({ rule, from: current, to: next });
    current = next;
  }
  return { chain, rejected };
}

/** The recipe's mutation of `e`: a kind among those that apply, then a place. */
function mutate(engine, e, shape, choice) {
  const applicable = MUTATIONS.map((kind) => ({ kind, options: mutationsOf(engine, kind, e, shape, choice.factor) }))
    .filter((m) => m.options.length > 0);
  if (applicable.length === 0) return null;
  const { kind, options } = applicable[choice.kind % applicable.length];
  return { kind, expr: options[choice.site % options.length] };
}

/** A case for `lhs = rhs` as the checker will read it, or why it is excluded. `lhsLatex` null: print `lhs`. */
function written(engine, assume, lhsLatex, lhs, rhs, shape, fields) {
  const left = lhsLatex ?? engine.print.toLatex(lhs);
  const doc = faithfulDocument(engine, assume, left, lhs, rhs, shape.scalar);
  const excluded = doc.problem && `${fields.mutation ? 'mutation: ' : ''}${doc.problem}`;
  if (excluded) return { family: fields.family, excluded, mutation: fields.mutation, text: doc.text };
  return { ...fields, lhs: left, rhs: doc.rhsLatex, text: doc.text };
}

/**
 * Did the mutation change the value? The numeric back-end's own evaluator compares the right side
 * before and after on fixed sampled worlds. `truth` 'false' when some world tells them apart — in
 * doubles and again in 64-digit arithmetic, or in 64 digits alone on the first few worlds, by more
 * than any rounding there — with `gap` the relative difference in 64 digits (below the checker's
 * tolerance of 1e-9 the checker calls such sides equal); 'kept' when enough worlds agree; else
 * 'undecided'. No shrinking: only the fact that a counterexample exists matters here.
 */
async function valueMoved(engine, before, after, reading) {
  const model = engine.analysis.analyzeStep([before, after], reading.symbols, reading.assumptions, [], []);
  const plan = engine.relations.planCheck(before, '=', after, model);
  if ('unverified' in plan) return { truth: 'undecided' };
  const worlds = fc.sample(engine.worlds.worldArbitrary(model), { seed: FALSITY.seed, numRuns: FALSITY.worlds });
  const precise = (await engine.intervals.intervalArithmetics())(64);
  let agreeing = 0;
  try {
    for (const world of worlds) {
      const outcome = plan.check(engine.arith.DOUBLE, world, null, engine.evaluate.unmetered());
      if (outcome.kind === 'discard') continue;
      const closer = outcome.kind === 'fail' || agreeing < FALSITY.preciseWorlds ? plan.check(precise, world, null, engine.evaluate.unmetered()) : null;
      if (closer?.kind === 'fail' || (closer?.kind === 'ok' && closer.error > FALSITY.realDifference)) return { truth: 'false', gap: closer.error };
      if (outcome.kind === 'ok') agreeing++;
    }
  } catch (e) {
    if (e instanceof engine.worlds.Unsupported || e instanceof engine.arith.Undecided || e instanceof engine.arith.Inexact) return { truth: 'undecided' };
    throw e;
  }
  return { truth: agreeing >= FALSITY.agreeing ? 'kept' : 'undecided' };
}

// ---------------------------------------------------------------- the checker

/** The real checker on one case's document: its verdict, message and the rules of its proof. */
export function realChecker(engine, options = AUDIT_CHECK_OPTIONS) {
  const settings = { ...engine.check.DEFAULT_CHECK_OPTIONS, ...options };
  return async (text) => {
    const report = await engine.check.checkSource(PATH, text, settings);
    const steps = report.derivations.flatMap((d) => d.steps);
    if (report.error) return { verdict: 'error', message: report.error.message, proof: [], counterexample: null };
    if (steps.length !== 1) return { verdict: 'error', message: `${steps.length} steps read`, proof: [], counterexample: null };
    const [step] = steps;
    return { verdict: step.verdict, message: step.message, proof: step.rules, counterexample: step.counterexample?.assignment ?? null };
  };
}

/** The lie a verdict tells about a case of this truth, or null. */
export function lieOf(truth, verdict) {
  if (truth === 'true' && verdict === 'refuted') return 'true step refuted';
  if (truth === 'false' && (verdict === 'proved' || verdict === 'confirmed')) return `false step ${verdict}`;
  return null;
}

/** A claim cannot be both: the blind twin proved what sampling refuted as written (whatever the truth). */
const CONTRADICTION = 'proved blind, refuted as written';

/**
 * Runs `cases` recipes drawn with `seed` (those with index ≡ part.index mod part.of, so workers can
 * share a run). Options: `families` to draw from, `ruleSet` to rewrite with (default: the library),
 * `check` to judge a document (default: the real checker with `checkOptions`), `progress` called
 * after each recipe.
 * Each judged case gets its verdict and `lie` (null, or what kind of lie).
 */
export async function runAudit(engine, {
  cases, seed, families = FAMILIES, ruleSet, check, checkOptions = AUDIT_CHECK_OPTIONS, part = { index: 0, of: 1 }, progress = () => {},
}) {
  const rules = ruleSet ?? engine.rules.loadRules();
  const ruleEnv = { ruleSet: rules, compiled: engine.search.compile(rules.rules) };
  const judge = check ?? realChecker(engine, checkOptions);
  const recipes = fc.sample(recipeArbitrary(engine, families), { seed, numRuns: cases });
  const outcomes = [];
  for (let i = part.index; i < recipes.length; i += part.of) {
    const { cases: made, rejected } = await casesOf(engine, ruleEnv, recipes[i]);
    if (Object.keys(rejected).length > 0) outcomes.push({ recipe: i, family: recipes[i].start.family, kernelRejected: rejected });
    const sampledTwin = new Map();
    for (const { chain, reading, ...c } of made) {
      if (c.excluded || c.truth === 'kept') { outcomes.push({ ...c, recipe: i }); continue; }
      const verdict = await judge(c.text);
      const twin = sampledTwin.get(c.mutation);
      const contradicts = c.view === 'blind' && twin?.verdict === 'refuted' && verdict.verdict === 'proved';
      const lie = lieOf(c.truth, verdict.verdict) ?? (contradicts ? CONTRADICTION : null);
      const blame = lie && c.truth === 'true' ? twin?.blame ?? await unsoundStep(engine, chain, reading) : null;
      const asWritten = contradicts ? { message: twin.message, counterexample: twin.counterexample } : undefined;
      const outcome = { ...c, recipe: i, ...verdict, lie, blame, asWritten };
      if (c.view === 'sampled') sampledTwin.set(c.mutation, outcome);
      outcomes.push(outcome);
    }
    progress();
  }
  return outcomes;
}

/**
 * Why a true case was refuted: the first rewrite of its construction that moved the value on its
 * own (then the rule application is what is unsound — the search and the kernel would take that
 * step in a proof — and the refutation itself is right); null when every step keeps the value.
 */
async function unsoundStep(engine, chain, reading) {
  for (const step of chain) {
    if ((await valueMoved(engine, step.from, step.to, reading)).truth === 'false') {
      return { rule: step.rule, from: engine.print.toLatex(step.from), to: engine.print.toLatex(step.to) };
    }
  }
  return null;
}

// ---------------------------------------------------------------- counting and printing

const TRUE_VERDICTS = ['proved', 'confirmed', 'unverified', 'refuted', 'error'];
const FALSE_VERDICTS = ['refuted', 'unverified', 'confirmed', 'proved', 'error'];
const VIEWS = ['sampled', 'blind'];

/**
 * Counts, per view ('sampled', 'blind'), by family and by mutation kind; exclusions by reason;
 * the applications the kernel refused, by rule; and the lies.
 */
export function tally(outcomes) {
  const bump = (row, key, n = 1) => { row[key] = (row[key] ?? 0) + n; };
  const row = () => ({ true: {}, false: {}, undecided: {}, kept: 0 });
  const views = Object.fromEntries(VIEWS.map((v) => [v, { byFamily: {}, byMutation: {} }]));
  const excluded = {};
  const kernelRejected = {};
  for (const o of outcomes) {
    if (o.kernelRejected) { for (const [rule, n] of Object.entries(o.kernelRejected)) bump(kernelRejected, rule, n); continue; }
    if (o.excluded) { bump(excluded, o.excluded); continue; }
    const view = views[o.view];
    const rows = [(view.byFamily[o.family] ??= row())];
    if (o.mutation) rows.push((view.byMutation[o.mutation] ??= row()));
    for (const r of rows) {
      if (o.truth === 'kept') r.kept++;
      else bump(r[o.truth], o.verdict);
    }
  }
  return { views, excluded, kernelRejected, lies: outcomes.filter((o) => o.lie) };
}

const total = (counts) => Object.values(counts).reduce((s, n) => s + n, 0);
const table = (title, columns, rows) => {
  const width = [18, ...columns.map((c) => Math.max(8, c.length + 2))];
  const line = (cells) => cells.map((c, k) => (k === 0 ? String(c).padEnd(width[0]) : String(c).padStart(width[k]))).join('');
  return [title, line(['', ...columns]), ...rows.map(line)].join('\n');
};

/** The counts as plain text (what `npm run audit` prints). */
export function formatTally(t) {
  const out = [];
  for (const view of VIEWS) {
    const { byFamily, byMutation } = t.views[view];
    if (Object.keys(byFamily).length === 0) continue;
    const how = view === 'sampled' ? 'as written' : 'blind: times \\int_0^1 \\tau d\\tau, so the prover alone decides';
    out.push(table(`TRUE steps, ${how} (a lie: refuted)`, [...TRUE_VERDICTS, 'total'],
      Object.entries(byFamily).map(([f, r]) => [f, ...TRUE_VERDICTS.map((v) => r.true[v] ?? 0), total(r.true)])));
    const falseRows = (rows) => Object.entries(rows).map(([k, r]) => [k, ...FALSE_VERDICTS.map((v) => r.false[v] ?? 0), total(r.false), r.kept, total(r.undecided)]);
    const columns = [...FALSE_VERDICTS, 'total', 'kept', 'undecided'];
    out.push('', table(`FALSE steps, ${how} (lies: confirmed, proved)`, columns, falseRows(byFamily)));
    const kinds = Object.fromEntries(MUTATIONS.filter((m) => byMutation[m]).map((m) => [m, byMutation[m]]));
    out.push('', table(`FALSE steps by mutation, ${view}`, columns, falseRows(kinds)));
    const undecided = Object.entries(byMutation).filter(([, r]) => total(r.undecided) > 0);
    if (undecided.length) {
      out.push(`  undecided mutations (truth unknown, not counted), as judged: ${undecided
        .map(([m, r]) => `${m}: ${Object.entries(r.undecided).map(([v, n]) => `${v} ${n}`).join(', ')}`).join('; ')}`);
    }
    out.push('');
  }
  out.push('kept: the mutation did not change the value (so it is no false step); undecided: sampling could not tell');
  out.push(`excluded recipes: ${Object.entries(t.excluded).map(([r, n]) => `${r} ${n}`).join('; ') || 'none'}`);
  out.push(`search applications the kernel refused to replay (not used): ${Object.entries(t.kernelRejected).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
  const kinds = {};
  for (const l of t.lies) kinds[l.lie] = (kinds[l.lie] ?? 0) + 1;
  out.push(`LIES: ${t.lies.length}${t.lies.length ? ` (${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`);
  return out.join('\n');
}
