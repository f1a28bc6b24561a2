/**
 * Reader of `rules/*.rules` files (the format is documented in rules/README.md).
 *
 *   % a comment (also `#`)
 *   rule log-quotient  (synonyms: log of a quotient, quotient rule for logs)
 *   rule distribute [glue]  (synonyms: …)        ([glue]: joins cited rules in the first search phase;
 *                                                 [expand]: applied eagerly in the last phase)
 *     \log \frac{a}{b} = \log a - \log b     if a > 0, b > 0
 *     const: \pi                              (optional: symbols that are literal)
 *
 * A rule is a header line `rule NAME (synonyms: …)` followed by indented lines:
 * the statement `lhs REL rhs` in the LaTeX of derivations (REL is = \le \leq \ge
 * \geq < >), optionally ending in `if COND, COND, …`; continuation lines are
 * joined. Every free symbol of the statement is a pattern variable unless listed
 * under `const:`; a symbol applied as a distribution (`P(x)`) is a distribution
 * variable; a variable written with a bound index or argument (`f_i`, `g(x)`
 * under `\sum_x`) may depend on that bound variable, every other variable may not.
 *
 * Owns: splitting, the condition grammar, positions of errors.
 * Must not: match or search. Gets the LaTeX parser injected, so it has no
 * opinion about notation.
 */
import { InputError, type SourcePos } from '../diagnostic.js';
import { type Expr, children, sub } from '../expr/model.js';
import { freeVars } from '../expr/subst.js';
import { normalize, scalarNames } from '../kernel/index.js';
import type { Condition, Rule, RuleRelation, VarRole } from '../kernel/index.js';

export type LatexParser = (latex: string) => Expr;

/** A bad rule file: the message names the file; `pos` is the line and column in it. */
export class RuleFileError extends InputError {
  constructor(readonly file: string, message: string, pos: SourcePos) {
    super(`${file}:${pos.line}:${pos.column}: ${message}`, pos);
    this.name = 'RuleFileError';
  }
}

interface RawRule { name: string; synonyms: string[]; tag: string | undefined; line: number; body: { text: string; line: number; column: number }[] }

const HEADER = /^rule\s+([A-Za-z0-9][A-Za-z0-9-]*)\s*(\[(?:glue|expand|fact)\])?\s*(?:\(\s*synonyms:\s*([^)]*)\))?\s*$/;

/** Reads one rule file's text into rules. Throws RuleFileError (with line:column) on bad input. */
export function parseRuleFile(text: string, file: string, parse: LatexParser): Rule[] {
  const raws: RawRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('%') || trimmed.startsWith('#')) return;
    if (/^rule\b/.test(trimmed)) {
      const m = HEADER.exec(trimmed);
      if (!m) throw new RuleFileError(file, 'expected "rule NAME (synonyms: a, b)"', { line, column: raw.indexOf('rule') + 1 });
      const synonyms = (m[3] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      raws.push({ name: m[1]!, synonyms, tag: m[2], line, body: [] });
      return;
    }
    const current = raws[raws.length - 1];
    if (!current || !/^\s/.test(raw)) {
      throw new RuleFileError(file, 'expected a "rule NAME" header or an indented statement', { line, column: 1 });
    }
    current.body.push({ text: trimmed, line, column: raw.length - raw.trimStart().length + 1 });
  });
  const seen = new Set<string>();
  return raws.map((r) => {
    if (seen.has(r.name)) throw new RuleFileError(file, `rule ${r.name} defined twice`, { line: r.line, column: 6 });
    seen.add(r.name);
    return buildRule(r, file, parse);
  });
}

function buildRule(r: RawRule, file: string, parse: LatexParser): Rule {
  const at = (column: number, line = r.body[0]?.line ?? r.line): SourcePos => ({ line, column });
  const constLine = r.body.find((b) => b.text.startsWith('const:'));
  const literals = new Set((constLine?.text.slice(6) ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const lines = r.body.filter((b) => b !== constLine);
  if (lines.length === 0) throw new RuleFileError(file, `rule ${r.name} has no statement`, at(1, r.line));
  const first = lines[0]!;
  const joined = lines.map((b) => b.text).join(' ');
  const ifAt = findTopLevel(joined, /\s+if\s+/y);
  const statement = (ifAt < 0 ? joined : joined.slice(0, ifAt)).trim();
  const condText = ifAt < 0 ? '' : joined.slice(ifAt).replace(/^\s+if\s+/, '');
  const relAt = findRelation(statement);
  if (!relAt) throw new RuleFileError(file, `rule ${r.name}: expected a relation (= \\le \\ge < >) in "${statement}"`, at(first.column));
  const parseAt = (latex: string, offset: number): Expr => {
    try {
      return parse(latex);
    } catch (e) {
      const col = e instanceof InputError ? e.pos.column - 1 : 0;
      throw new RuleFileError(file, `rule ${r.name}: ${(e as Error).message}`, at(first.column + offset + Math.max(col, 0)));
    }
  };
  const rawLhs = parseAt(statement.slice(0, relAt.index), 0);
  const rawRhs = parseAt(statement.slice(relAt.index + relAt.text.length), relAt.index + relAt.text.length);
  const conditions = splitTopLevel(condText, ',').map((c) => parseCondition(c.trim(), (latex) => parseAt(latex, ifAt + 4)))
    .filter((c): c is Condition => c !== null);
  const bound = new Set([...boundNames(rawLhs), ...boundNames(rawRhs)]);
  const vars = patternVars([rawLhs, rawRhs], conditions.flatMap(conditionExprs), bound, literals);
  // patterns are matched against normalised expressions, so they are normalised too — with
  // their variables of unknown shape, so no product of them is ever reordered
  const shapes = scalarNames(new Map(), new Set(vars.keys()));
  const [lhs, rhs] = [normalize(rawLhs, shapes), normalize(rawRhs, shapes)];
  const fact = r.tag === '[fact]';
  if (fact && (relAt.relation === '=' || rhs.kind !== 'num' || rhs.value !== 0)) {
    throw new RuleFileError(file, `rule ${r.name}: a fact states a sign: "e > 0" (or \\ge, <, \\le 0)`, at(first.column));
  }
  const clash = [...bound].find((b) => vars.has(b));
  if (clash) throw new RuleFileError(file, `rule ${r.name}: ${clash} is bound by a sum and also used free; rename one`, at(first.column));
  if (lhs.kind === 'sym' && vars.has(lhs.name) && rhs.kind === 'sym' && vars.has(rhs.name)) {
    throw new RuleFileError(file, `rule ${r.name}: a side must not be a bare pattern variable on both sides`, at(first.column));
  }
  return { name: r.name, synonyms: r.synonyms, glue: r.tag === '[glue]', expand: r.tag === '[expand]', fact, statement, lhs, rhs, relation: relAt.relation, conditions, file, line: r.line, vars };
}

const RELATIONS: readonly [string, RuleRelation][] = [
  ['\\leq', '<='], ['\\geq', '>='], ['\\le', '<='], ['\\ge', '>='], ['=', '='], ['<', '<'], ['>', '>'],
];

/** Index of the first match of `re` (sticky) outside braces, parentheses, brackets and \{ \}. */
function findTopLevel(s: string, re: RegExp): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && /[{}]/.test(s[i + 1] ?? '')) { depth += s[i + 1] === '{' ? 1 : -1; i++; continue; }
    if ('{(['.includes(ch)) depth++;
    else if ('})]'.includes(ch)) depth--;
    else if (depth === 0) { re.lastIndex = i; if (re.test(s)) return i; }
  }
  return -1;
}

/** The leftmost top-level relation symbol. */
function findRelation(s: string): { index: number; text: string; relation: RuleRelation } | null {
  let best: { index: number; text: string; relation: RuleRelation } | null = null;
  for (const [text, relation] of RELATIONS) {
    const escaped = text.replace(/\\/g, '\\\\');
    const index = findTopLevel(s, new RegExp(text.startsWith('\\') ? `${escaped}(?![A-Za-z])` : escaped, 'y'));
    if (index >= 0 && (!best || index < best.index)) best = { index, text, relation };
  }
  return best;
}

/** The name a condition's variable is written with: the pattern variable it names (`\mathbf{x}`, a symbol of its own). */
function variableName(text: string, parse: LatexParser): string {
  const e = parse(text);
  return e.kind === 'sym' && e.index.length + e.upper.length === 0 ? e.name : text;
}

function splitTopLevel(s: string, sep: string): string[] {
  if (s.trim() === '') return [];
  const out: string[] = [];
  let rest = s;
  for (let i = findTopLevel(rest, new RegExp(sep, 'y')); i >= 0; i = findTopLevel(rest, new RegExp(sep, 'y'))) {
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** One condition: `i \notin c`, `P distribution over x`, `f convex`, `a > 0`, `a \le b` (a premise). */
function parseCondition(text: string, parse: LatexParser): Condition | null {
  if (text === '') return null;
  const notin = /^(.+?)\s*\\notin\s*(.+)$/.exec(text);
  if (notin) return { kind: 'notFree', bound: variableName(notin[1]!.trim(), parse), expr: parse(notin[2]!), text };
  const dist = /^(\S+)\s+distribution(?:\s+over\s+.+)?$/.exec(text);
  if (dist) return { kind: 'distribution', dist: dist[1]!, text };
  const outcome = /^(.+?)\s+outcome\s+of\s+(\S+)$/.exec(text);
  if (outcome) return { kind: 'outcome', expr: parse(outcome[1]!), bound: outcome[2]!.trim(), text };
  const member = /^(.+?)\s*\\in\s*(.+)$/.exec(text);
  if (member) return { kind: 'member', expr: parse(member[1]!), set: parse(member[2]!), text };
  const univariate = /^(\S+)\s+univariate$/.exec(text);
  if (univariate) return { kind: 'univariate', dist: univariate[1]!, text };
  const scalar = /^(.+?)\s+scalar$/.exec(text);
  if (scalar) return { kind: 'scalar', expr: parse(scalar[1]!), text };
  const neq = /^(.+?)\s*\\neq?\s*0$/.exec(text);
  if (neq) return { kind: 'sign', expr: parse(neq[1]!), op: '!=', text };
  const rel = findRelation(text);
  if (!rel || rel.relation === '=') throw new InputError(`cannot read condition "${text}"`, { line: 1, column: 1 });
  const lhs = parse(text.slice(0, rel.index));
  const rhs = parse(text.slice(rel.index + rel.text.length));
  const isVar = (e: Expr) => e.kind === 'sym' || e.kind === 'call';
  if (isVar(lhs) && isVar(rhs)) return { kind: 'premise', lhs, op: rel.relation, rhs, text };
  const expr = rhs.kind === 'num' && rhs.value === 0 ? lhs : sub(lhs, rhs);
  return { kind: 'sign', expr, op: rel.relation as '>' | '>=' | '<' | '<=', text };
}

function conditionExprs(c: Condition): Expr[] {
  switch (c.kind) {
    case 'sign': case 'notFree': case 'scalar': case 'outcome': return [c.expr];
    case 'member': return [c.expr, c.set];
    case 'premise': return [c.lhs, c.rhs];
    default: return [];
  }
}

/** Free symbols are pattern variables (less the literals); a symbol used as a distribution is a 'dist' variable.
 *  Conditions may speak of the statement's bound variables (`f_i \le g_i`); those stay bound. */
function patternVars(
  sides: readonly Expr[], conds: readonly Expr[], bound: ReadonlySet<string>, literals: ReadonlySet<string>,
): Map<string, VarRole> {
  const vars = new Map<string, VarRole>();
  for (const e of sides) for (const n of freeVars(e)) if (!literals.has(n)) vars.set(n, 'expr');
  for (const e of conds) for (const n of freeVars(e)) if (!literals.has(n) && !bound.has(n)) vars.set(n, 'expr');
  const exprs = [...sides, ...conds];
  const markDists = (e: Expr): void => {
    if (e.kind === 'prob' && vars.has(e.dist.name)) vars.set(e.dist.name, 'dist');
    children(e).forEach(markDists);
  };
  exprs.forEach(markDists);
  return vars;
}

function boundNames(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'bind') e.vars.forEach((v) => out.add(v));
  children(e).forEach((c) => boundNames(c, out));
  return out;
}

