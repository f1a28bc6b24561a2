/**
 * Generates a class's worth of "submissions" from the derivations in derivations/:
 * each is a copy of one derivation file, most with one planted error of the kind
 * students make (a flipped sign, swapped KL arguments, a changed constant, a
 * reversed inequality, a conditional turned around), a few empty or cut short. A problem
 * context a derivation names (`% context: ../contexts/…`) is named relative to the submission's
 * folder, so the submissions are checked in it as the derivations are.
 * Seeded, so the same seed writes the same files; a manifest says what was planted.
 *
 * Usage: node bench/generate-submissions.mjs OUT_DIR [--files 1000] [--seed 1]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DERIVATIONS = fileURLToPath(new URL('../derivations/', import.meta.url));

/** mulberry32: small, fast, seeded. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, items) => items[Math.floor(random() * items.length)];

/** Line indices inside display math that carry a relation after an `&` (i.e. a step's right side). */
function stepLines(lines) {
  const out = [];
  let inMath = false;
  lines.forEach((line, i) => {
    const code = line.replace(/(^|[^\\])%.*$/, '$1');
    const opens = /\\begin\{(align\*?|equation\*?|eqnarray\*?|aligned)\}|\\\[/.test(code);
    const closes = /\\end\{(align\*?|equation\*?|eqnarray\*?|aligned)\}|\\\]/.test(code);
    const dollars = (code.match(/\$\$/g) ?? []).length;
    if (opens || (dollars % 2 === 1 && !inMath)) inMath = true;
    if (inMath && /&\s*(=|\\geq?|\\leq?|<|>|\\propto)/.test(code)) out.push(i);
    if (closes || (dollars % 2 === 1 && inMath && !opens)) inMath = dollars % 2 === 1 && !inMath;
  });
  return out;
}

/** Each mutation: a name and a function from a line to the mutated line (or null if it does not apply). */
const MUTATIONS = [
  ['flip-sign', (l) => {
    const body = l.slice(l.indexOf('&') + 1);
    const m = body.match(/(?<=\S\s*)[+-](?=\s*[\\\w(])/);
    if (!m || m.index === undefined) return null;
    const at = l.indexOf('&') + 1 + m.index;
    return l.slice(0, at) + (m[0] === '+' ? '-' : '+') + l.slice(at + 1);
  }],
  ['swap-kl-arguments', (l) => {
    const out = l.replace(/(D_\{?\\?(?:text\{)?KL\}?\}?\()([^()|\\]+(?:\([^()]*\))?)\\\|([^()|\\]+(?:\([^()]*\))?)\)/, '$1$3\\|$2)');
    return out === l ? null : out;
  }],
  ['change-constant', (l) => {
    const body = l.slice(l.indexOf('&'));
    // A coefficient or constant, not an index (x_1, ^{2}), a bound (=1}) or an indicator's 1\{…\}.
    const m = body.match(/(?<![_^{=\\a-zA-Z0-9])[0-9](?![0-9]*\})(?!\\\{)/);
    if (!m || m.index === undefined) return null;
    const at = l.indexOf('&') + m.index;
    return l.slice(0, at) + String((Number(m[0]) + 1 + Math.floor(Number(m[0]) / 9)) % 10 || 2) + l.slice(at + 1);
  }],
  ['reverse-inequality', (l) => {
    if (/\\geq?\b/.test(l)) return l.replace(/\\geq?\b/, '\\leq');
    if (/\\leq?\b/.test(l)) return l.replace(/\\leq?\b/, '\\geq');
    return null;
  }],
  ['swap-conditional', (l) => {
    const out = l.replace(/\b([pPq])\(([^()|]+)\|([^()|]+)\)/, '$1($3|$2)');
    return out === l ? null : out;
  }],
];

/** Plant one error in `text`; returns the mutated text and what was planted, or null if nothing applies. */
export function plantError(text, random) {
  const lines = text.split('\n');
  const candidates = [];
  for (const i of stepLines(lines)) {
    for (const [name, mutate] of MUTATIONS) {
      const mutated = mutate(lines[i]);
      if (mutated !== null && mutated !== lines[i]) candidates.push({ name, line: i + 1, mutated });
    }
  }
  if (candidates.length === 0) return null;
  const c = pick(random, candidates);
  lines[c.line - 1] = c.mutated;
  return { text: lines.join('\n'), planted: { mutation: c.name, line: c.line } };
}

export function sourceDerivations(dir = DERIVATIONS) {
  return readdirSync(dir)
    .filter((f) => /\.(tex|md)$/.test(f))
    .sort()
    .map((f) => ({ name: basename(f, extname(f)), ext: extname(f), dir, text: readFileSync(join(dir, f), 'utf8') }));
}

/** `% context: FILE` names a file relative to the derivation; a submission written elsewhere names
 *  the same file relative to where it is written (a class's files all read the homework's context,
 *  and a submission whose context cannot be read has every step on it unverified). */
function withContextsFrom(text, sourceDir, outDir) {
  return text.replace(/^(%*\s*context\s*:\s*)([^#\s]+)(#\S*)?[ \t]*$/gim, (_, head, file, label = '') =>
    `${head}${relative(outDir, resolve(sourceDir, file)).split(sep).join('/')}${label}`);
}

/** Write `count` submissions into `outDir`; returns the manifest (file → planted error or null). */
export function generateSubmissions(outDir, { count = 1000, seed = 1, sources = sourceDerivations() } = {}) {
  if (sources.length === 0) throw new Error('no derivations to generate submissions from (derivations/ is empty)');
  const random = prng(seed);
  mkdirSync(outDir, { recursive: true });
  const manifest = {};
  for (let k = 1; k <= count; k++) {
    const source = pick(random, sources);
    const file = `s${String(k).padStart(4, '0')}-${source.name}${source.ext}`;
    const roll = random();
    let text = source.text;
    let planted = null;
    if (roll < 0.01) { text = ''; planted = { mutation: 'empty', line: 1 }; }
    else if (roll < 0.02) { text = text.slice(0, Math.floor(random() * text.length)); planted = { mutation: 'cut-short', line: text.split('\n').length }; }
    else if (roll < 0.7) {
      const result = plantError(text, random);
      if (result) ({ text, planted } = result);
    }
    writeFileSync(join(outDir, file), withContextsFrom(text, source.dir, outDir));
    manifest[file] = planted;
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [outDir, ...rest] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node bench/generate-submissions.mjs OUT_DIR [--files N] [--seed N]');
    process.exit(2);
  }
  const flag = (name, fallback) => {
    const i = rest.indexOf(name);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  const manifest = generateSubmissions(outDir, { count: flag('--files', 1000), seed: flag('--seed', 1) });
  const planted = Object.values(manifest).filter(Boolean).length;
  console.log(`wrote ${Object.keys(manifest).length} submissions to ${outDir} (${planted} with a planted error)`);
}
