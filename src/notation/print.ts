/**
 * Expr → readable LaTeX, written so that parse.ts reads it back to the same
 * tree: `parseLatex(toLatex(e))` has `key(e)` (tested as a property).
 *
 * Owns: layout decisions — where parentheses are needed, when juxtaposition
 * needs a `\cdot`, how normal forms print (a·b⁻¹ as \frac, b^{1/2} as \sqrt,
 * a + (−1)·b as a − b). Must not: simplify, reorder factors or terms, or know
 * anything about verdicts.
 *
 * Binders and derivatives take the rest of a product as their body when
 * parsed, so inside a product they print in parentheses unless they come last.
 */
import { VALUE_RELATION_LATEX } from '../expr/relations.js';
import { children as childrenOf, type Bind, type Domain, type Expr, type Fn, type Prob, type SetLit, type Sym } from '../expr/model.js';

const BINDER_LATEX: Readonly<Record<Bind['op'], string>> = {
  sum: '\\sum', prod: '\\prod', E: '\\mathbb{E}', argmin: '\\arg\\min', argmax: '\\arg\\max', min: '\\min', max: '\\max', int: '\\int',
};

const paren = (s: string): string => `\\left(${s}\\right)`;
const list = (es: readonly Expr[]): string => es.map(toLatex).join(', ');

/** Readable LaTeX for `e`; parseLatex reads it back to an equal key. */
export function toLatex(e: Expr): string {
  switch (e.kind) {
    case 'num': return numberLatex(e.value);
    case 'const': return '\\text{const}';
    case 'sym': return symLatex(e);
    case 'add': return sumLatex(e.terms);
    case 'mul': return productLatex(e.factors);
    case 'pow': return powLatex(e.base, e.exp);
    case 'fn': return fnLatex(e);
    case 'call': return `${symLatex(e.fn)}${paren(list(e.args))}`;
    case 'prob': return probLatex(e);
    case 'bind': return bindLatex(e);
    case 'rel': return `${sideLatex(e.lhs)} ${VALUE_RELATION_LATEX[e.op]} ${sideLatex(e.rhs)}`;
    case 'indicator': return `\\mathbb{1}\\left\\{${toLatex(e.cond)}\\right\\}`;
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

/** A multi-letter label subscript prints upright (`x_{\mathrm{DC}}`), which is also how the parser tells it from indices. */
function nameLatex(name: string): string {
  return name.replace(/_\{([A-Za-z][A-Za-z0-9-]+)\}/g, (_m, label: string) => `_{\\mathrm{${label}}}`);
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
  return terms.map((t, i) => {
    const s = termLatex(t);
    if (i === 0) return s;
    return s.startsWith('-') ? ` - ${s.slice(1)}` : ` + ${s}`;
  }).join('');
}

function termLatex(t: Expr): string {
  return t.kind === 'add' || t.kind === 'rel' ? paren(toLatex(t)) : toLatex(t);
}

/** A relation's side: nested relations need parentheses. */
function sideLatex(e: Expr): string {
  return e.kind === 'rel' ? paren(toLatex(e)) : toLatex(e);
}

const isInverse = (e: Expr): boolean => e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value === -1;
/** Binders and derivatives swallow what follows them in a product. */
const isGreedy = (e: Expr): boolean => e.kind === 'bind' || e.kind === 'deriv';

function productLatex(factors: readonly Expr[]): string {
  let sign = '';
  let fs = [...factors];
  const first = fs[0];
  // A leading negative number prints as a sign; -1 disappears unless a number follows it.
  if (first?.kind === 'num' && first.value < 0 && fs.length > 1) {
    sign = '-';
    if (first.value === -1 && fs[1]!.kind !== 'num') fs = fs.slice(1);
    else fs = [{ kind: 'num', value: -first.value }, ...fs.slice(1)];
  }
  const last = fs[fs.length - 1]!;
  const inverses = fs.filter(isInverse).length;
  const numerator = fs.slice(0, -1);
  const onlyOne = numerator.length === 1 && numerator[0]!.kind === 'num' && numerator[0]!.value === 1;
  if (isInverse(last) && inverses === 1 && numerator.length > 0 && !onlyOne) {
    return `${sign}\\frac{${juxtapose(numerator)}}{${toLatex((last as { base: Expr }).base)}}`;
  }
  return sign + juxtapose(fs);
}

/** Factors side by side, with `\cdot` where juxtaposition would read differently. */
function juxtapose(factors: readonly Expr[]): string {
  let out = '';
  factors.forEach((f, i) => {
    const s = factorLatex(f, i === 0, i === factors.length - 1);
    if (i === 0) { out = s; return; }
    const needsDot = /^[0-9.]/.test(s) || s.startsWith('\\left(') || s.startsWith('\\left[') || s.startsWith('\\left\\{') ||
      s.startsWith('(') || s.startsWith('[') || s.startsWith('\\{');
    out += needsDot ? ` \\cdot ${s}` : ` ${s}`;
  });
  return out;
}

function factorLatex(f: Expr, first: boolean, last: boolean): string {
  const s = toLatex(f);
  if (f.kind === 'add' || f.kind === 'rel' || f.kind === 'mul') return paren(s);
  if (isGreedy(f) && !last) return paren(s);
  if (!first && s.startsWith('-')) return paren(s);
  return s;
}

// ---------------------------------------------------------------- powers

function powLatex(base: Expr, exp: Expr): string {
  if (exp.kind === 'num' && exp.value === 0.5) return `\\sqrt{${toLatex(base)}}`;
  if (exp.kind === 'num' && exp.value === -1) return `\\frac{1}{${toLatex(base)}}`;
  return `${baseLatex(base)}^{${toLatex(exp)}}`;
}

/** A power's base: plain symbols and non-negative numbers stand bare; the rest is grouped. */
function baseLatex(base: Expr): string {
  if (base.kind === 'num' && base.value >= 0) return toLatex(base);
  if (base.kind === 'sym') {
    // x^{(i)} already carries a superscript, and a bare e^{…} would read as exp.
    return base.upper.length > 0 || base.name === 'e' || /\^\{\*\}$/.test(base.name) ? `{${symLatex(base)}}` : symLatex(base);
  }
  if (base.kind === 'fn' && (base.name === 'norm' || base.name === 'abs')) return toLatex(base);
  if (base.kind === 'call' || base.kind === 'prob' || base.kind === 'indicator' || base.kind === 'set') return toLatex(base);
  return paren(toLatex(base));
}

// ---------------------------------------------------------------- functions and probability

function fnLatex(e: Fn): string {
  const [a, b, c] = e.args;
  switch (e.name) {
    case 'log': return `\\log${paren(list(e.args))}`;
    case 'log2': return `\\log_{2}${paren(list(e.args))}`;
    case 'exp': return `\\exp${paren(list(e.args))}`;
    case 'det': return `\\det${paren(list(e.args))}`;
    case 'tr': return `\\operatorname{tr}${paren(list(e.args))}`;
    case 'abs': return `\\left|${barred(e.args)}\\right|`;
    case 'norm': return `\\left\\|${barred(e.args)}\\right\\|`;
    case 'transpose': return `${a ? baseLatex(a) : ''}^{\\top}`;
    case 'KL': return `D_{\\mathrm{KL}}\\left(${a ? barred([a]) : ''} \\,\\|\\, ${b ? toLatex(b) : ''}\\right)`;
    case 'entropy': case 'crossEntropy': return `H${paren(list(e.args))}`;
    case 'normal': return c ? `\\mathcal{N}\\left(${toLatex(a!)}; ${toLatex(b!)}, ${toLatex(c)}\\right)` : `\\mathcal{N}${paren(list(e.args))}`;
    case 'uniform': return `\\mathcal{U}\\left[${list(e.args)}\\right]`;
    case 'multinomial': return `\\operatorname{Multinomial}${paren(list(e.args))}`;
    case 'interval': {
      const closed = (x: Expr | undefined): boolean => x?.kind === 'num' && x.value === 1;
      return `\\left${closed(c) ? '[' : '('}${toLatex(a!)}, ${toLatex(b!)}\\right${closed(e.args[3]) ? ']' : ')'}`;
    }
  }
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

function probLatex(e: Prob): string {
  const given = e.given.length > 0 ? ` \\mid ${list(e.given)}` : '';
  return `${symLatex(e.dist)}\\left(${list(e.args)}${given}\\right)`;
}

// ---------------------------------------------------------------- binders

function bindLatex(e: Bind): string {
  const head = BINDER_LATEX[e.op];
  const scripts = scriptsLatex(e.vars, e.domain);
  if (e.op === 'E') return `${head}${scripts}\\left[${toLatex(e.body)}\\right]`;
  if (e.op === 'int') return `${head}${intScripts(e.domain)} ${bodyLatex(e.body)} \\, d ${e.vars.join(' ')}`;
  return `${head}${scripts} ${bodyLatex(e.body)}`;
}

function scriptsLatex(vars: readonly string[], d: Domain): string {
  const v = vars.join(', ');
  switch (d.kind) {
    case 'natural': return vars.length > 0 ? `_{${v}}` : '';
    case 'range': return `_{${v} = ${toLatex(d.from)}}^{${toLatex(d.to)}}`;
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
  if (e.range) return `\\left\\{${toLatex(e.range.from)}, \\dots, ${toLatex(e.range.to)}\\right\\}`;
  return `\\left\\{${list(e.elems)}\\right\\}`;
}
