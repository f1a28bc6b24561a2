/**
 * Conditional laws of a problem's model: `x^{(i)} \mid z^{(i)} = j \sim \mathcal N(\mu_j, \Sigma_j)`,
 * `\tilde x^{(i)} \mid \tilde z^{(i)} \sim …`, read as the variable, the condition and the law
 * separately (the document reader already keeps such rows as laws; the formula parser has no
 * `\mid` outside a probability), and tuples of parameters (`\theta^{(t)} = (\phi, \mu, \Sigma)`),
 * which the formula parser refuses as values.
 *
 * Owns: recognising and reading these two statement forms. Must not: decide what they mean for a
 * step (model-latent.ts does), or throw anything but the parser's InputError for a law it
 * recognised and could not read.
 */
import type { MathText } from '../diagnostic.js';
import type { Expr, Sym } from '../expr/model.js';
import type { SymbolTable } from '../expr/symbols.js';
import { parseMath } from '../notation/parse.js';

/** `variable \mid condition \sim law`: what is drawn, given what, from which law. */
export interface ConditionalLaw {
  readonly variable: Expr;
  /** One condition, or the set of them (`x_{t-1} \mid x_t, x_0`). */
  readonly condition: Expr;
  readonly law: Expr;
}

/** `name = (a, b, …)`: a parameter written as the tuple of its parts. */
export interface ParameterTuple {
  readonly name: Sym;
  readonly parts: readonly Sym[];
}

/**
 * A law row with a top-level `\mid` (or `|`) before its `\sim`, read piece by piece; null when the
 * text is not of that form (it is then an ordinary assumption). A piece that does not parse is
 * an InputError at its own position.
 */
export function readConditionalLaw(text: MathText, symbols: SymbolTable, path: string): ConditionalLaw | null {
  const marks = topLevelMarks(text.latex);
  if (!marks.given || !marks.sim || marks.given.at > marks.sim.at) return null;
  const piece = (from: number, to: number): Expr => parseMath(slice(text, from, to), symbols, path);
  // `x_{t-1} \mid x_t, x_0 \sim …`: conditioned on several variables, each read on its own
  const from = marks.given.at + marks.given.length;
  const cuts = [from - 1, ...topLevelCommas(text.latex, from, marks.sim.at), marks.sim.at];
  const conditions = cuts.slice(1).map((end, k) => piece(cuts[k]! + 1, end));
  return {
    variable: piece(0, marks.given.at),
    condition: conditions.length === 1 ? conditions[0]! : { kind: 'set', elems: conditions },
    law: piece(marks.sim.at + marks.sim.length, text.latex.length),
  };
}

/**
 * `\theta^{(t)} = (\phi, \mu, \Sigma)`: a prose statement naming a parameter's parts, or null. Only
 * plain names (with scripts) are read as parts; anything else is not a tuple of parameters.
 */
export function readParameterTuple(text: MathText, symbols: SymbolTable, path: string): ParameterTuple | null {
  const m = /^\s*([^=]+?)\s*=\s*(?:\\left|\\big|\\Big)?\(\s*([\s\S]*?)\s*(?:\\right|\\big|\\Big)?\)\s*$/.exec(text.latex);
  if (!m) return null;
  const read = (latex: string): Sym | null => {
    try {
      const e = parseMath({ latex, spans: [] }, symbols, path);
      return e.kind === 'sym' ? e : null;
    } catch {
      return null;
    }
  };
  const name = read(m[1]!);
  const pieces = splitTopLevel(m[2]!);
  const parts = pieces.map(read);
  if (!name || pieces.length < 2 || parts.some((p) => p === null)) return null;
  return { name, parts: parts as Sym[] };
}

interface Mark { readonly at: number; readonly length: number }

/** The first top-level `\mid`/`|`/`\vert` and `\sim` of a formula (outside braces, brackets and parentheses). */
function topLevelMarks(latex: string): { given: Mark | null; sim: Mark | null } {
  let depth = 0;
  let given: Mark | null = null;
  let sim: Mark | null = null;
  for (let i = 0; i < latex.length && !sim; i++) {
    const c = latex[i]!;
    if (c === '\\') {
      const name = /^\\[a-zA-Z]+/.exec(latex.slice(i))?.[0] ?? latex.slice(i, i + 2);
      if (depth === 0 && (name === '\\mid' || name === '\\vert') && !given) given = { at: i, length: name.length };
      if (depth === 0 && name === '\\sim') sim = { at: i, length: name.length };
      if (name === '\\left') depth++;
      if (name === '\\right') depth--;
      i += name.length - 1;
      continue;
    }
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (c === '|' && depth === 0 && !given) given = { at: i, length: 1 };
  }
  return { given, sim };
}

/** The offsets of the top-level commas of latex[from, to). */
function topLevelCommas(latex: string, from: number, to: number): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = latex[i]!;
    if (c === '\\') { i++; continue; }
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) out.push(i);
  }
  return out;
}

/** Pieces of a list at its top-level commas. */
function splitTopLevel(latex: string): string[] {
  const cuts = [-1, ...topLevelCommas(latex, 0, latex.length), latex.length];
  return cuts.slice(1).map((end, k) => latex.slice(cuts[k]! + 1, end).trim()).filter((s) => s.length > 0);
}

/** The part [from, to) of a text, keeping each character's place in the file. */
function slice(text: MathText, from: number, to: number): MathText {
  const spans = text.spans.filter((s) => s.offset < to);
  const before = [...spans].reverse().find((s) => s.offset <= from);
  const shifted = spans.filter((s) => s.offset > from).map((s) => ({ ...s, offset: s.offset - from }));
  const first = before ? [{ offset: 0, line: before.line, column: before.column + (from - before.offset) }] : [];
  return { latex: text.latex.slice(from, to), spans: [...first, ...shifted] };
}
