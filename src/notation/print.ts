/**
 * Expr → readable LaTeX, written so that parse.ts reads it back to the same
 * tree: `parseLatex(toLatex(e))` has `key(e)` up to the order of a sum's terms
 * and the place of a product's numbers (tested as a property).
 *
 * Owns: layout decisions — where parentheses are needed (plain ones around
 * short content, `\left( \right)` around tall content), when juxtaposition
 * needs a `\cdot`, how normal forms print (a·b⁻¹ as \frac, b^{1/2} as \sqrt,
 * a + (−1)·b as a − b), and the writer's order for what the kernel's normal
 * form sorted by key: a sum sorted so leads with a positive term and ends with
 * its number (`t - 1`, not `-1 + t`), a product's number stands first (`14 \mu^{2}`).
 * Must not: simplify, reorder other factors (vectors and matrices do not
 * commute), or know anything about verdicts.
 *
 * Binders, derivatives and limits take the rest of a product as their body when
 * parsed, so inside a product they print in parentheses unless they come last;
 * so does an operator printed without parentheses (`\log x`).
 */
import { VALUE_RELATION_LATEX } from '../expr/relations.js';
import { defaultSymbols, PROBABILITY_LAW } from '../expr/symbols.js';
import {
  children as childrenOf, isImplicitStart, key, type Bind, type Call, type Domain, type Expr, type Fn, type Prob, type SetLit, type Sym,
} from '../expr/model.js';
import { LIMIT_OPERATORS, STANDARD_FUNCTIONS } from './notation.js';
import type { NotationPrinter } from './families/family.js';
import { drawnByConvention } from './families/random-variables.js';
import { familyOfOperator } from './families/registry.js';

const BINDER_LATEX: Readonly<Record<Bind['op'], string>> = {
  sum: '\\sum', prod: '\\prod', E: '\\mathbb{E}', argmin: '\\arg\\min', argmax: '\\arg\\max', min: '\\min', max: '\\max', int: '\\int',
};

/** Content that is taller than a line of text: its parentheses grow with it. */
const TALL = /\\(frac|sum|prod|int|binom|left|mathbb\{E\}|underbrace|overbrace)/;
const paren = (s: string): string => (TALL.test(s) ? `\\left(${s}\\right)` : `(${s})`);
const braces = (s: string): string => (TALL.test(s) ? `\\left\\{${s}\\right\\}` : `\\{${s}\\}`);
const list = (es: readonly Expr[]): string => es.map(toLatex).join(', ');

/** Readable LaTeX for `e`; parseLatex reads it back to the same expression. */
export function toLatex(e: Expr): string {
  return latex(e, true);
}

/** `last`: nothing of the same product follows, so an operator may print without parentheses. */
function latex(e: Expr, last: boolean): string {
  switch (e.kind) {
    case 'num': return numberLatex(e.value);
    case 'const': return '\\text{const}';
    case 'sym': return symLatex(e);
    case 'add': return sumLatex(e.terms);
    case 'mul': return productLatex(e.factors);
    case 'pow': return powLatex(e.base, e.exp);
    case 'fn': return fnLatex(e, last);
    case 'call': return callLatex(e);
    case 'prob': return probLatex(e);
    case 'bind': return bindLatex(e);
    case 'rel': return `${sideLatex(e.lhs)} ${VALUE_RELATION_LATEX[e.op]} ${sideLatex(e.rhs)}`;
    case 'indicator': return `\\mathbb{1}${braces(toLatex(e.cond))}`;
    case 'deriv': return `\\frac{\\partial}{\\partial ${toLatex(e.wrt)}} ${bodyLatex(e.body)}`;
    case 'set': return setLatex(e);
  }
}

// ---------------------------------------------------------------- numbers and symbols

function numberLatex(v: number): string {
  const s = String(v);
  if (!s.includes('e')) return s;
  const [mantissa, exponent] = s.split('e');
  return `${mantissa} \\cdot 10^{${Number(exponent)}}`;
}

/** A word names upright (`\operatorname{Var}`), a multi-letter label subscript too (`x_{\mathrm{DC}}`),
 *  which is also how the parser tells a word from a product of letters and a label from indices. */
function nameLatex(name: string): string {
  const labelled = name.replace(/_\{([A-Za-z][A-Za-z0-9-]+)\}/g, (_m, label: string) => `_{\\mathrm{${label}}}`);
  return labelled.replace(/^([A-Za-z][A-Za-z0-9-]+)(?=$|_|\^|')/, (_m, word: string) => `\\operatorname{${word}}`);
}

function symLatex(s: Sym): string {
  let out = nameLatex(s.name);
  if (s.index.length > 0) out += `_{${s.index.map(indexLatex).join(', ')}}`;
  if (s.upper.length > 0) out += `^{(${s.upper.map(indexLatex).join(', ')})}`;
  return out;
}

/** Index sets `{1..T}` print as `1:T` inside a subscript. */
function indexLatex(e: Expr): string {
  return e.kind === 'set' && e.range ? `${toLatex(e.range.from)}:${toLatex(e.range.to)}` : toLatex(e);
}

// ---------------------------------------------------------------- sums and products

function sumLatex(terms: readonly Expr[]): string {
  return writersOrder(terms).map((t, i) => {
    const s = termLatex(t);
    if (i === 0) return s;
    return s.startsWith('-') ? ` - ${s.slice(1)}` : ` + ${s}`;
  }).join('');
}

const negative = (t: Expr): boolean =>
  (t.kind === 'num' && t.value < 0) || (t.kind === 'mul' && t.factors.some((f) => f.kind === 'num' && f.value < 0));

/**
 * A sum whose terms are sorted by key (the kernel's canonical order, which means nothing to a
 * reader) is printed positive terms first and its number last: `t - 1`, `x^{(i)} - \mu`; when only
 * the number is positive it leads (`1 - \bar\alpha_t`). A sum in any other order is the writer's.
 */
function writersOrder(terms: readonly Expr[]): readonly Expr[] {
  const keys = terms.map(key);
  if (!keys.every((k, i) => i === 0 || keys[i - 1]! <= k)) return terms;
  const numbers = terms.filter((t) => t.kind === 'num');
  const others = terms.filter((t) => t.kind !== 'num');
  const positive = others.filter((t) => !negative(t));
  if (positive.length === 0) return [...numbers.filter((t) => !negative(t)), ...others, ...numbers.filter(negative)];
  return [...positive, ...others.filter(negative), ...numbers];
}

function termLatex(t: Expr): string {
  return t.kind === 'add' || t.kind === 'rel' ? paren(toLatex(t)) : toLatex(t);
}

/** A relation's side: nested relations need parentheses. */
function sideLatex(e: Expr): string {
  return e.kind === 'rel' ? paren(toLatex(e)) : toLatex(e);
}

const isInverse = (e: Expr): e is Expr & { kind: 'pow'; base: Expr } => e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value === -1;
/** Binders, derivatives and limits swallow what follows them in a product. */
const isGreedy = (e: Expr): boolean => e.kind === 'bind' || e.kind === 'deriv' || (e.kind === 'call' && LIMIT_OPERATORS.has(e.fn.name));

/** A product: its numbers first (they commute with everything), the other factors in their order. */
function productLatex(factors: readonly Expr[]): string {
  let fs = [...factors.filter((f) => f.kind === 'num'), ...factors.filter((f) => f.kind !== 'num')];
  let sign = '';
  const first = fs[0];
  // A leading negative number prints as a sign; -1 disappears unless a number follows it.
  if (first?.kind === 'num' && first.value < 0 && fs.length > 1) {
    sign = '-';
    if (first.value === -1 && fs[1]!.kind !== 'num') fs = fs.slice(1);
    else fs = [{ kind: 'num', value: -first.value }, ...fs.slice(1)];
  }
  return sign + juxtapose(fractions(fs));
}

/** A piece of a product as printed: a factor, or a fraction `\frac{n…}{d}` of the factors before an inverse. */
type Piece = { readonly kind: 'factor'; readonly factor: Expr } | { readonly kind: 'frac'; readonly top: readonly Expr[]; readonly bottom: Expr };

/** Each inverse takes the factors since the previous one as its numerator (`a b^{-1} c d^{-1}` is
 *  `\frac{a}{b} \frac{c}{d}`), which reads back to the same factors in the same order. A matrix's
 *  inverse stays `\Sigma^{-1}`. */
function fractions(fs: readonly Expr[]): Piece[] {
  const out: Piece[] = [];
  let pending: Expr[] = [];
  for (const f of fs) {
    if (!isInverse(f) || looksLikeMatrix(f.base)) { pending.push(f); continue; }
    // \frac{1}{b} reads as b^{-1} alone: a factor 1 written before it stays a factor
    const onlyOne = pending.length === 1 && pending[0]!.kind === 'num' && pending[0]!.value === 1;
    if (onlyOne) out.push({ kind: 'factor', factor: pending[0]! });
    out.push({ kind: 'frac', top: onlyOne ? [] : pending, bottom: f.base });
    pending = [];
  }
  return [...out, ...pending.map((factor): Piece => ({ kind: 'factor', factor }))];
}

/** Written as matrices are (`A`, `\Sigma_j`, `\mathbf{W}`, a product with one): their inverse prints as a power, never a fraction. */
const looksLikeMatrix = (e: Expr): boolean => {
  if (e.kind === 'sym') return /^(\\(mathbf|boldsymbol)\{)?(\\[A-Z]|[A-Z])/.test(e.name);
  if (e.kind === 'mul') return e.factors.some(looksLikeMatrix);
  return (e.kind === 'pow' && looksLikeMatrix(e.base)) || (e.kind === 'fn' && e.name === 'transpose' && e.args.some(looksLikeMatrix));
};

/**
 * Pieces side by side, with `\cdot` where juxtaposition would read differently: before a number
 * (`2 3` is no product to a reader), and before a group right after a symbol (`f (x)` would apply f).
 */
function juxtapose(pieces: readonly Piece[]): string {
  let out = '';
  pieces.forEach((p, i) => {
    const last = i === pieces.length - 1;
    const s = p.kind === 'frac'
      ? `\\frac{${p.top.length ? juxtapose(p.top.map((factor) => ({ kind: 'factor', factor }))) : '1'}}{${toLatex(p.bottom)}}`
      : factorLatex(p.factor, i === 0, last);
    if (i === 0) { out = s; return; }
    const before = pieces[i - 1]!;
    const group = /^(\\left)?([([]|\\\{)/.test(s);
    const needsDot = /^[0-9.]/.test(s) || (group && before.kind === 'factor' && before.factor.kind === 'sym');
    out += needsDot ? ` \\cdot ${s}` : ` ${s}`;
  });
  return out;
}

function factorLatex(f: Expr, first: boolean, last: boolean): string {
  const s = latex(f, last);
  if (f.kind === 'add' || f.kind === 'rel' || f.kind === 'mul') return paren(s);
  if (isGreedy(f) && !last) return paren(s);
  if (!first && s.startsWith('-')) return paren(s);
  return s;
}

// ---------------------------------------------------------------- powers

function powLatex(base: Expr, exp: Expr): string {
  if (exp.kind === 'num' && exp.value === 0.5) return `\\sqrt{${toLatex(base)}}`;
  if (exp.kind === 'num' && exp.value === -1 && !looksLikeMatrix(base)) return `\\frac{1}{${toLatex(base)}}`;
  return `${baseLatex(base)}^{${toLatex(exp)}}`;
}

/** A power's base: plain symbols and non-negative numbers stand bare; the rest is grouped. */
function baseLatex(base: Expr): string {
  if (base.kind === 'num' && base.value >= 0) return toLatex(base);
  if (base.kind === 'sym') {
    // x^{(i)} already carries a superscript, and a bare e^{…} would read as exp.
    return base.upper.length > 0 || base.name === 'e' || /\^\{\*\}$/.test(base.name) || /\^\{-1\}$/.test(base.name) ? `{${symLatex(base)}}` : symLatex(base);
  }
  if (base.kind === 'fn' && (base.name === 'norm' || base.name === 'abs')) return toLatex(base);
  if (base.kind === 'call' && (isGreedy(base) || isNamedFunction(base.fn.name))) return paren(toLatex(base));
  if (base.kind === 'call' || base.kind === 'prob' || base.kind === 'indicator' || base.kind === 'set') return toLatex(base);
  return paren(toLatex(base));
}

// ---------------------------------------------------------------- functions and probability

/** `\log`, `\exp`, `\det`, `\operatorname{tr}`: a short operand goes without parentheses when nothing
 *  of the product follows (`\log P(x)`, `\log \frac{a}{b}`); otherwise it is parenthesised. */
function operatorLatex(head: string, arg: Expr, last: boolean): string {
  const bare = last && (arg.kind === 'sym' || arg.kind === 'prob' || arg.kind === 'bind'
    || (arg.kind === 'call' && !isGreedy(arg) && !isNamedFunction(arg.fn.name))
    || (arg.kind === 'num' && arg.value >= 0) || isPlainFraction(arg));
  return bare ? `${head} ${toLatex(arg)}` : `${head}${paren(toLatex(arg))}`;
}

/** A product printed as one `\frac{…}{…}` with nothing beside it. */
function isPlainFraction(e: Expr): boolean {
  if (e.kind === 'pow') return isInverse(e);
  if (e.kind !== 'mul') return false;
  const pieces = fractions(e.factors);
  return pieces.length === 1 && pieces[0]!.kind === 'frac' && !(e.factors[0]?.kind === 'num' && e.factors[0].value < 0);
}

function fnLatex(e: Fn, last: boolean): string {
  const family = familyOfOperator(e.name);
  if (family) return family.print(e, PRINTER);
  const [a, b, c] = e.args;
  const one = e.args.length === 1 ? a : undefined;
  switch (e.name) {
    case 'log': return one ? operatorLatex('\\log', one, last) : `\\log${paren(list(e.args))}`;
    case 'log2': return one ? operatorLatex('\\log_{2}', one, last) : `\\log_{2}${paren(list(e.args))}`;
    case 'exp': return one ? operatorLatex('\\exp', one, last) : `\\exp${paren(list(e.args))}`;
    case 'det': return one ? operatorLatex('\\det', one, last) : `\\det${paren(list(e.args))}`;
    case 'tr': return `\\operatorname{tr}${paren(list(e.args))}`;
    case 'abs': return `\\left|${barred(e.args)}\\right|`;
    case 'factorial': return `${a ? baseLatex(a) : ''}!`;
    case 'norm': return `\\left\\|${barred(e.args)}\\right\\|`;
    case 'transpose': return `${a ? baseLatex(a) : ''}^{\\top}`;
    case 'normal': return c ? `\\mathcal{N}\\left(${toLatex(a!)}; ${toLatex(b!)}, ${toLatex(c)}\\right)` : `\\mathcal{N}${paren(list(e.args))}`;
    case 'uniform': return `\\mathcal{U}\\left[${list(e.args)}\\right]`;
    case 'multinomial': return `\\operatorname{Multinomial}${paren(list(e.args))}`;
    case 'interval': {
      const closed = (x: Expr | undefined): boolean => x?.kind === 'num' && x.value === 1;
      return `\\left${closed(c) ? '[' : '('}${toLatex(a!)}, ${toLatex(b!)}\\right${closed(e.args[3]) ? ']' : ')'}`;
    }
    default: return `\\operatorname{${e.name}}${paren(list(e.args))}`;
  }
}

const DEFAULTS = defaultSymbols();

/** `\sin`, `\gcd`, and their inverses `\sin^{-1}`: LaTeX's named functions. */
const isNamedFunction = (name: string): boolean => STANDARD_FUNCTIONS.has(name.replace(/\^\{-1\}$/, ''));

/**
 * Calls: `f(x)`; `\binom{n}{k}`; a limit `\lim_{n \to \infty} a_n` or `\sup_{x \in S} f(x)` (its
 * subscript's parts, then the operand); the opaque conditional expectation `\mathbb{E}[f \mid y]`;
 * and an operator of a conditional law written as the writer did, `\operatorname{Var}(X \mid Z)`,
 * `H(Y \mid X)`, when that law is \Pr, the one no derivation names.
 */
function callLatex(e: Call): string {
  const name = e.fn.name;
  if (name === '\\binom' && e.args.length === 2) return `\\binom{${toLatex(e.args[0]!)}}{${toLatex(e.args[1]!)}}`;
  if (LIMIT_OPERATORS.has(name) && e.args.length >= 1) return limitLatex(name, e.args);
  if (name === '\\mathbb{E}' && e.args.length >= 2) {
    return `\\mathbb{E}\\left[${toLatex(e.args[0]!)} \\mid ${list(e.args.slice(1))}\\right]`;
  }
  const [law] = e.args;
  if (e.args.length === 1 && law?.kind === 'prob' && law.dist.name === PROBABILITY_LAW && law.dist.index.length + law.dist.upper.length === 0
    && (law.given.length > 0 || name === 'H')) {
    return `${symLatex(e.fn)}${paren(conditionalLatex(law))}`;
  }
  return `${symLatex(e.fn)}${paren(list(e.args))}`;
}

function limitLatex(name: string, args: readonly Expr[]): string {
  const parts = args.slice(0, -1);
  const operand = bodyLatex(args[args.length - 1]!);
  if (parts.length === 0) return `${name} ${operand}`;
  if (parts.length === 1) return `${name}_{${toLatex(parts[0]!)}} ${operand}`;
  const [variable, point, side] = parts;
  const mark = side?.kind === 'num' ? `^{${side.value > 0 ? '+' : '-'}}` : '';
  const at = mark && !(point!.kind === 'sym' || (point!.kind === 'num' && point!.value >= 0)) ? `{${toLatex(point!)}}` : toLatex(point!);
  return `${name}_{${toLatex(variable!)} \\to ${at}${mark}} ${operand}`;
}

/** Inside |…|, ‖…‖ or before KL's ‖, a bar of an inner norm would read as the closing one: group it. */
function barred(args: readonly Expr[]): string {
  const s = list(args);
  return args.some(hasBars) ? paren(s) : s;
}
function hasBars(e: Expr): boolean {
  if (e.kind === 'fn' && (e.name === 'abs' || e.name === 'norm')) return true;
  return childrenOf(e).some(hasBars);
}

const argumentsLatex = (args: readonly Expr[], given: readonly Expr[]): string => `${list(args)}${given.length > 0 ? ` \\mid ${list(given)}` : ''}`;
const conditionalLatex = (e: Prob): string => argumentsLatex(e.args, e.given);

function probLatex(e: Prob): string {
  return `${symLatex(e.dist)}${paren(conditionalLatex(e))}`;
}

// ---------------------------------------------------------------- binders

function bindLatex(e: Bind): string {
  const head = BINDER_LATEX[e.op];
  // over the law random-variable notation implies (`\mathbb E[X^2]`): it reads back without it
  const law = e.domain.kind === 'dist' ? e.domain.dist : undefined;
  const unconditional = law?.kind === 'sym' || (law?.kind === 'prob' && law.given.length === 0);
  const implied = e.op === 'E' && unconditional && drawnByConvention([e], kindByDefault);
  const scripts = implied ? '' : scriptsLatex(e.vars, e.domain);
  if (e.op === 'E') return `${head}${scripts}\\left[${toLatex(e.body)}\\right]`;
  if (e.op === 'int') return `${head}${intScripts(e.domain)} ${bodyLatex(e.body)} \\, d ${e.vars.join(' ')}`;
  return `${head}${scripts} ${bodyLatex(e.body)}`;
}

function scriptsLatex(vars: readonly string[], d: Domain): string {
  const v = vars.join(', ');
  switch (d.kind) {
    case 'natural': return vars.length > 0 ? `_{${v}}` : '';
    case 'range': return isImplicitStart(d.from) ? `_{${v} \\le ${toLatex(d.to)}}` : `_{${v} = ${toLatex(d.from)}}^{${toLatex(d.to)}}`;
    case 'set': return `_{${v} \\in ${toLatex(d.set)}}`;
    case 'dist': return vars.length > 0 ? `_{${v} \\sim ${toLatex(d.dist)}}` : `_{\\sim ${toLatex(d.dist)}}`;
  }
}

function intScripts(d: Domain): string {
  if (d.kind === 'range') return `_{${toLatex(d.from)}}^{${toLatex(d.to)}}`;
  if (d.kind === 'set') return `_{${toLatex(d.set)}}`;
  return '';
}

/** What a binder or derivative ranges over: a sum or a signed term needs parentheses to stay its body. */
function bodyLatex(body: Expr): string {
  const s = toLatex(body);
  return body.kind === 'add' || body.kind === 'rel' || s.startsWith('-') ? paren(s) : s;
}

function setLatex(e: SetLit): string {
  if (e.range) return braces(`${toLatex(e.range.from)}, \\dots, ${toLatex(e.range.to)}`);
  return braces(list(e.elems));
}

// ---------------------------------------------------------------- notation families

const kindByDefault = (name: string) => DEFAULTS.get(name)?.kind;

/** What a family's printer uses of this one (families/family.ts). */
const PRINTER: NotationPrinter = {
  latex: toLatex,
  symbol: symLatex,
  paren,
  barred,
  conditional: argumentsLatex,
  scripts: scriptsLatex,
  kindOf: kindByDefault,
};
