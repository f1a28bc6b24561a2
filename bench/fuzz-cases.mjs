/**
 * The fuzzer's inputs: case number N of seed S is always the same text, so any
 * finding replays from two numbers (`node bench/fuzz.mjs --seed S --only N`).
 *
 * Three kinds, in turn: grammar-aware generation (displays, align rows, relations,
 * sums, fractions, scripts, macros, Markdown `$$` blocks, justifications, %
 * directives, now and then a long or deep run), and byte- and token-level mutations
 * of the derivations shipped in derivations/.
 *
 * Owns: making inputs. Must not: check, time or judge anything (bench/fuzz.mjs and
 * bench/fuzz-worker.mjs do), nor read anything but the corpus folder it is given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small, fast, seedable generator (sfc32); the same seeds give the same stream everywhere. */
export function makeRng(a, b = 0x9e3779b9, c = 0x243f6a88, d = 0x85a308d3) {
  a |= 0; b |= 0; c |= 0; d |= 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (xs) => xs[int(xs.length)],
    chance: (p) => next() < p,
  };
}

/** The texts of derivations/ (sorted by name, so the corpus order never depends on the disk). */
export function loadCorpus(dir) {
  return readdirSync(dir).filter((n) => /\.(tex|md)$/.test(n)).sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

// ---------------------------------------------------------------- generation

const LETTERS = ['x', 'y', 'z', 'a', 'b', 'n', 't', 'k', 'f', 'g', 'P', 'Q', 'E', 'H', 'L', 'e'];
const GREEK = ['\\alpha', '\\beta', '\\mu', '\\sigma', '\\theta', '\\phi', '\\Sigma', '\\epsilon', '\\lambda', '\\pi'];
const SCRIPTS = ['i', 'j', 't', 't-1', '1:T', '(i)', '\\theta', 'KL', '\\text{sup}', '2', 'ij', 't+1'];
const NUMBERS = ['0', '1', '2', '3', '10', '0.5', '1/2', '67', '14', '1e5', '1000000000000000000000', '3.14159', '10^{800}', '2^{64}'];
const RELATIONS = ['=', '=', '=', '\\leq', '\\geq', '<', '>', '\\propto', ':=', '\\approx', '\\iff', '\\Rightarrow', '\\le', '\\ge', '\\implies'];
const FUNCTIONS = ['\\log', '\\ln', '\\exp', 'log', '\\sin', '\\det', '\\text{tr}', '\\operatorname{Var}', '\\mathrm{KL}', '\\sqrt'];
const DECORATION = ['\\left(', '\\right)', '\\quad', '\\,', '\\!', '\\;', '\\displaystyle', '\\nonumber', '\\label{eq:1}', '\\big(', '\\Big)', '~'];
const UNKNOWN = ['\\foo', '\\mycmd{x}', '\\undefinedmacro', '\\KL', '\\E', '\\R'];
const JUSTIFICATIONS = [
  '&& \\text{(by Jensen)}', '\\quad (\\text{chain rule})', '\\tag{1}', '\\because x > 0', '% by: log-quotient',
  '&& \\text{by definition of KL}', '\\qquad\\text{(linearity of } \\mathbb{E})', '% by: nonexistent-rule', '&& (\\star)',
];
const DIRECTIVES = [
  '% assume: x > 0, y > 0', '% assume: P(x) > 0, Q(x) > 0', '% wrt: \\theta', '% wrt: \\mu', '% derivation: fuzzed',
  '% assume: \\Sigma \\succ 0, n \\geq 1', '% assume: ', '% wrt:', '% by:', '% assume: \\frac{', '% context: missing-context.tex',
];

function symbol(r) {
  const base = r.chance(0.7) ? r.pick(LETTERS) : r.pick(GREEK);
  if (r.chance(0.25)) return `${base}_{${r.pick(SCRIPTS)}}`;
  if (r.chance(0.1)) return `${base}^{(${r.pick(['i', 't', 't+1'])})}`;
  if (r.chance(0.05)) return `\\hat{${base}}`;
  if (r.chance(0.05)) return `\\bar{${base}}_t`;
  if (r.chance(0.05)) return `\\mathbf{${base}}`;
  return base;
}

/** An expression of bounded depth; each form is one the reader must survive. */
function expr(r, depth) {
  if (depth <= 0 || r.chance(0.25)) return r.chance(0.75) ? symbol(r) : r.pick(NUMBERS);
  const sub = () => expr(r, depth - 1);
  switch (r.int(22)) {
    case 0: case 1: return `${sub()} + ${sub()}`;
    case 2: return `${sub()} - ${sub()}`;
    case 3: return `${sub()} \\cdot ${sub()}`;
    case 4: return `${sub()}${sub()}`;
    case 5: return `\\frac{${sub()}}{${sub()}}`;
    case 6: return `(${sub()})^{${r.pick(['2', '-1', 'T', '\\top', 'n', '1/2', '3'])}}`;
    case 7: return `${r.pick(FUNCTIONS)}{${sub()}}`;
    case 8: return `${r.pick(['\\log', '\\exp', '\\ln'])}\\left(${sub()}\\right)`;
    case 9: return `\\sum_{${r.pick(['i=1', 'x', 'x \\in \\mathcal{X}', 'j', 'i,j', 't=1'])}}^{${r.pick(['n', 'T', 'k', ''])}} ${sub()}`;
    case 10: return `\\prod_{${r.pick(['s=1', 'i'])}}^{${r.pick(['t', 'n'])}} ${sub()}`;
    case 11: return `\\mathbb{E}_{${r.pick(['q', 'x \\sim P', 'p(x)', 't\\sim\\mathcal U[1,T]'])}}[${sub()}]`;
    case 12: return `${r.pick(['P', 'Q', 'p', 'q', 'p_\\theta'])}(${symbol(r)}${r.chance(0.5) ? ` | ${symbol(r)}` : ''})`;
    case 13: return `D_{KL}(${r.pick(['P', 'Q', 'q(x)'])} \\| ${r.pick(['P', 'Q', 'p(x)'])})`;
    case 14: return `|${sub()}|`;
    case 15: return `\\|${sub()}\\|^2`;
    case 16: return `\\arg\\min_{${r.pick(['\\theta', '\\mu', 'x'])}} ${sub()}`;
    case 17: return `\\sqrt{${sub()}}`;
    case 18: return `${r.pick(DECORATION)} ${sub()} ${r.pick(DECORATION)}`;
    case 19: return `1\\{${symbol(r)} = ${symbol(r)}\\}`;
    case 20: return r.chance(0.5) ? `\\mathcal N(${symbol(r)}; ${symbol(r)}, ${symbol(r)})` : `\\underbrace{${sub()}}_{\\text{note}}`;
    default: return r.chance(0.5) ? r.pick(UNKNOWN) : `\\frac{\\partial}{\\partial ${symbol(r)}} ${sub()}`;
  }
}

/** Now and then an input shaped to hurt: wide, long, deep or huge. Kept small enough to stay quick. */
function stressExpr(r) {
  const n = 50 + r.int(2000);
  switch (r.int(8)) {
    case 0: return Array.from({ length: n }, () => 'x').join('+');
    case 1: return 'a'.repeat(n);
    case 2: return `${'('.repeat(Math.min(n, 300))}x${')'.repeat(Math.min(n, 300))}`;
    case 3: return `(x+10^{${r.pick([400, 800, 1600, 5000])}})^{${r.pick([2, 3, 20])}}`;
    case 4: return Array.from({ length: Math.min(n, 400) }, (_, i) => `x_{${i}}`).join(' \\cdot ');
    case 5: return `${'\\frac{1}{'.repeat(Math.min(n, 200))}x${'}'.repeat(Math.min(n, 200))}`;
    case 6: return `(${Array.from({ length: 2 + r.int(6) }, () => symbol(r)).join('+')})^{${r.pick([8, 16, 32, 64, 1000])}}`;
    default: return `${'{'.repeat(Math.min(n, 500))}x${'}'.repeat(Math.min(n, 500))}`;
  }
}

function row(r, first) {
  const lhs = first ? `${r.chance(0.1) ? stressExpr(r) : expr(r, 3)} ` : '';
  const rel = r.pick(RELATIONS);
  const amp = r.chance(0.85) ? '&' : '';
  const rhs = r.chance(0.04) ? stressExpr(r) : expr(r, 1 + r.int(4));
  const why = r.chance(0.2) ? ` ${r.pick(JUSTIFICATIONS)}` : '';
  const more = r.chance(0.08) ? ` ${r.pick(RELATIONS)} ${expr(r, 2)}` : '';
  return first && r.chance(0.3) ? `${lhs}${rel}${amp} ${rhs}${more}${why}` : `${lhs}${amp}${rel} ${rhs}${more}${why}`;
}

function rows(r) {
  const count = 1 + r.int(4);
  const out = [];
  for (let i = 0; i < count; i++) out.push(row(r, i === 0));
  if (r.chance(0.1)) out.push(`&\\quad + ${expr(r, 2)}`);
  return out.join(r.chance(0.05) ? ' \\\\ ' : ' \\\\\n');
}

function display(r) {
  const body = rows(r);
  switch (r.int(8)) {
    case 0: case 1: return `\\begin{align*}\n${body}\n\\end{align*}`;
    case 2: return `\\begin{align}\n${body}\n\\end{align}`;
    case 3: return `\\begin{equation}\n\\begin{aligned}\n${body}\n\\end{aligned}\n\\end{equation}`;
    case 4: return `\\begin{eqnarray}\n${body.replace(/&(\S+)/g, '&$1&')}\n\\end{eqnarray}`;
    case 5: return `\\[\n${body.replace(/&/g, '')}\n\\]`;
    case 6: return `$$\n${body}\n$$`;
    default: return `\\begin{align*}\n${body}\n\\end{align*}`;
  }
}

function macros(r) {
  const defs = [
    '\\newcommand{\\KL}{D_{KL}}', '\\newcommand{\\E}{\\mathbb{E}}', '\\DeclareMathOperator*{\\argmin}{arg\\,min}',
    '\\newcommand{\\sq}[1]{#1^2}', '\\newcommand{\\R}{\\mathbb{R}}', '\\renewcommand{\\vec}[1]{\\mathbf{#1}}',
    '\\newcommand{\\loop}{\\loop}', '\\newcommand{\\bomb}{\\bomb\\bomb}', '\\newcommand{\\open}{',
    '\\def\\x{y}', '\\newcommand{\\two}[2]{#1 + #2}',
  ];
  return Array.from({ length: 1 + r.int(3) }, () => r.pick(defs)).join('\n');
}

const PROSE = ['Proof.', 'By Jensen\'s inequality,', 'where $\\alpha_t := 1 - \\beta_t$.', 'Hence', 'We have $x = y$ and', '# Title', ''];

function texDocument(r) {
  const parts = [];
  if (r.chance(0.3)) parts.push(macros(r));
  if (r.chance(0.3)) parts.push('\\documentclass{article}\n\\begin{document}');
  const blocks = 1 + r.int(2);
  for (let i = 0; i < blocks; i++) {
    if (r.chance(0.5)) parts.push(r.pick(DIRECTIVES));
    if (r.chance(0.4)) parts.push(r.pick(PROSE));
    parts.push(display(r));
  }
  if (r.chance(0.2)) parts.push('\\end{document}');
  return parts.join('\n');
}

function markdownDocument(r) {
  const parts = [`# ${r.pick(['Homework', 'KL', 'EM'])}`];
  const blocks = 1 + r.int(2);
  for (let i = 0; i < blocks; i++) {
    if (r.chance(0.5)) parts.push(r.pick(PROSE));
    const body = rows(r);
    const escaped = r.chance(0.3) ? body.replace(/\\\\/g, '\\\\\\\\').replace(/_/g, '\\_') : body;
    parts.push(r.chance(0.5) ? `$$\n\\begin{aligned}\n${escaped}\n\\end{aligned}\n$$` : `$$ ${expr(r, 3)} ${r.pick(RELATIONS)} ${expr(r, 3)} $$`);
    if (r.chance(0.2)) parts.push(`Inline: $${expr(r, 2)} = ${expr(r, 2)}$ \\therefore $${expr(r, 2)}$`);
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------- mutation

const SPECIAL_BYTES = ['{', '}', '\\', '&', '$', '%', '^', '_', '\n', '\\\\', '\0', '\u00e9', '\u2264', '\ud835\udc65', '\ufffd', '#'];

/** A random slice of a corpus text: mutating one display keeps a case quick to check. */
function window(r, text) {
  if (r.chance(0.1)) return text;
  const starts = [...text.matchAll(/\\begin\{(align\*?|equation)\}|\$\$/g)].map((m) => m.index);
  if (starts.length === 0) return text;
  const start = r.pick(starts);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start, end < 0 ? text.length : Math.min(end, start + 4000));
}

function mutateBytes(r, text) {
  let s = text;
  const edits = 1 + r.int(8);
  for (let k = 0; k < edits; k++) {
    const at = r.int(s.length + 1);
    switch (r.int(6)) {
      case 0: s = s.slice(0, at) + r.pick(SPECIAL_BYTES) + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + r.int(20)); break;
      case 2: { const len = 1 + r.int(40); s = s.slice(0, at) + s.slice(at, at + len).repeat(2 + r.int(4)) + s.slice(at); break; }
      case 3: s = s.slice(0, at) + String.fromCharCode(r.int(0x3000)) + s.slice(at + 1); break;
      case 4: s = s.slice(0, at); break;
      default: { const j = r.int(s.length + 1); s = s.slice(0, Math.min(at, j)) + s.slice(Math.max(at, j)) + s.slice(Math.min(at, j), Math.max(at, j)); }
    }
  }
  return s;
}

const TOKEN = /\\[A-Za-z]+\*?|\\.|[{}[\]()^_&$%]|\d+(?:\.\d+)?|[A-Za-z]+|\s+|./gs;
const TOKEN_DICTIONARY = ['\\frac', '\\sum', '\\left(', '\\right)', '\\\\', '&=', '&', '{', '}', '^', '_', '\\log', '\\begin{align*}',
  '\\end{align*}', '$$', '\\text{', '% by: ', '\\leq', '\\newcommand', '#1', '\\mathbb{E}', '|', '\\|', '\\;', ':='];

function mutateTokens(r, text) {
  const toks = text.match(TOKEN) ?? [];
  const edits = 1 + r.int(6);
  for (let k = 0; k < edits; k++) {
    const at = r.int(toks.length + 1);
    switch (r.int(5)) {
      case 0: toks.splice(at, 1 + r.int(3)); break;
      case 1: toks.splice(at, 0, r.pick(TOKEN_DICTIONARY)); break;
      case 2: if (toks.length > 0) toks.splice(at, 0, ...toks.slice(r.int(toks.length), r.int(toks.length) + 1 + r.int(12))); break;
      case 3: if (at < toks.length && toks.length > 1) { const j = r.int(toks.length); [toks[at], toks[j]] = [toks[j], toks[at]]; } break;
      default: if (at < toks.length) toks[at] = r.pick(TOKEN_DICTIONARY);
    }
  }
  return toks.join('');
}

/** Case `index` of `seed`: { kind, ext, text }. The corpus is `loadCorpus(derivations/)`. */
export function fuzzCase(seed, index, corpus) {
  const r = makeRng(seed, index, 0x5eed ^ index, seed * 31 + 7);
  const kind = index % 3 === 0 || corpus.length === 0 ? 'generated' : index % 3 === 1 ? 'byte-mutation' : 'token-mutation';
  if (kind === 'generated') {
    const md = r.chance(0.25);
    return { kind, ext: md ? '.md' : '.tex', text: md ? markdownDocument(r) : texDocument(r) };
  }
  const source = r.pick(corpus);
  const base = window(r, source.text);
  const text = kind === 'byte-mutation' ? mutateBytes(r, base) : mutateTokens(r, base);
  return { kind, ext: source.name.endsWith('.md') ? '.md' : '.tex', text };
}
