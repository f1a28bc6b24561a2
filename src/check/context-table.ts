/**
 * How deriva reads a problem context, as a table a person can check against what they meant:
 * for the preamble and each section, every name its formulas use, with the kind deriva gives it
 * (scalar, count, vector, distribution …), the domain it samples it from, and each statement about
 * it — definition, law or assumption — with its line. `deriva context FILE` prints it.
 *
 * Owns: gathering that table from a read context. Must not: check anything, or read files
 * (context.ts reads; the command prints).
 */
import type { MathText } from '../diagnostic.js';
import type { SourceDocument } from '../document/source.js';
import type { SymbolInfo, SymbolKind } from '../expr/symbols.js';
import type { Expr } from '../expr/model.js';
import { definitionHead, parseLatex } from '../notation/parse.js';
import { within, type ProblemContext } from './context.js';
import { leftOfDefinition, symbolTableFor } from './symbols.js';

/** One statement about a name: what the context says, where. */
export interface ContextStatement {
  readonly role: 'definition' | 'law' | 'assumption' | 'described';
  readonly latex: string;
  readonly line: number;
}

export interface ContextSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The domain samples come from, in words ("integer ≥ 1", "in (0, 1)"); empty when unrestricted. */
  readonly domain: string;
  readonly statements: readonly ContextStatement[];
}

export interface ContextPart {
  readonly title: string;
  readonly label: string | null;
  readonly first: number;
  /** The last line of the part. */
  readonly last: number;
  readonly symbols: readonly ContextSymbol[];
}

/** The preamble, then each section (a section's names are read with the preamble in force). */
export function contextTable(context: ProblemContext): ContextPart[] {
  const preambleDoc = within(context.doc, context.preamble.first, context.preamble.end);
  return [context.preamble, ...context.sections].map((section) => {
    const own = within(context.doc, section.first, section.end);
    const table = symbolTableFor(section === context.preamble ? own : joined(preambleDoc, own));
    const said = statementsByName(own);
    // sets such as \mathbb R^d are written, not meant: they are domains, not symbols of the problem
    // (a name only a statement the parser cannot read yet speaks of is listed too, with that statement)
    const names = new Set([...section.uses, ...said.keys()]);
    const symbols = [...names].filter((name) => !name.startsWith('\\mathbb')).map((name) => describe(name, table.get(name), said.get(name) ?? []));
    return { title: section.title, label: section.label, first: section.first, last: section.end - 1, symbols };
  });
}

const joined = (a: SourceDocument, b: SourceDocument): SourceDocument => ({
  ...b,
  derivations: [...a.derivations, ...b.derivations],
  assumptions: [...a.assumptions, ...b.assumptions],
  prose: [...a.prose, ...b.prose],
});

function describe(name: string, info: SymbolInfo | undefined, statements: readonly ContextStatement[]): ContextSymbol {
  return { name, kind: info?.kind ?? 'scalar', domain: info ? domainOf(info) : '', statements };
}

/** A symbol's sampling domain in words. */
export function domainOf(info: SymbolInfo): string {
  const words: string[] = [];
  if (info.integer) words.push('integer');
  if (info.lower !== undefined && info.upper !== undefined) {
    words.push(`in ${info.strictLower ? '(' : '['}${info.lower}, ${info.upper}${info.strictUpper ? ')' : ']'}`);
  } else if (info.lower !== undefined) words.push(`${info.strictLower ? '>' : '≥'} ${info.lower}`);
  else if (info.upper !== undefined) words.push(`${info.strictUpper ? '<' : '≤'} ${info.upper}`);
  else if (info.positive) words.push('> 0');
  else if (info.nonnegative) words.push('≥ 0');
  return words.join(' ');
}

/** Every statement of a part, filed under the name it is about (a statement about several names under each). */
function statementsByName(doc: SourceDocument): Map<string, ContextStatement[]> {
  const byName = new Map<string, ContextStatement[]>();
  const file = (names: Iterable<string>, statement: ContextStatement): void => {
    for (const n of names) byName.set(n, [...(byName.get(n) ?? []), statement]);
  };
  for (const d of doc.derivations) {
    d.links.forEach((link, k) => {
      const lhs = k === 0 ? d.head : d.links[k - 1]!.rhs;
      const head = headName(lhs.latex);
      if (!head) return;
      const law = /\\sim\b/.test(link.rhs.latex) || /\\sim\b/.test(lhs.latex);
      if (link.relation === ':=' || (k === 0 && link.relation === '=')) {
        file([head], { role: law ? 'law' : 'definition', latex: `${flat(lhs)} ${link.relation === ':=' ? ':=' : '='} ${flat(link.rhs)}`, line: link.pos.line });
      }
    });
  }
  for (const a of doc.assumptions) file(namesIn(a.text), { role: /\\sim\b/.test(a.text.latex) ? 'law' : 'assumption', latex: flat(a.text), line: a.pos.line });
  for (const p of doc.prose) {
    const role = p.kind === 'definition' ? 'definition' : p.kind === 'described' || p.kind === 'arbitrary-law' ? 'described' : /\\sim\b/.test(p.text.latex) ? 'law' : 'assumption';
    const names = p.kind === 'definition' ? headOf(p.text) : namesIn(p.text);
    file(names, { role, latex: flat(p.text), line: p.pos.line });
  }
  return byName;
}

/** The name a definition's left side defines. */
function headOf(text: MathText): string[] {
  const name = headName(leftOfDefinition(text.latex));
  return name ? [name] : [];
}

/** The names a statement is about: each comma-separated left side's head (`\Sigma_j \succ 0` → \Sigma). */
function namesIn(text: MathText): string[] {
  const left = text.latex.split(/\\sim\b|\\in\b|\\succ(?:eq)?\b|\\[lg]eq?\b|[<>=]|\\mid\b/)[0] ?? '';
  return left.split(',').flatMap((piece) => {
    const name = headName(piece);
    return name ? [name] : [];
  });
}

/** The symbol a written left side is about: `\alpha_t` → \alpha, `q(x_t|x_0)` → q, `\sigma_q^2` → \sigma. */
function headName(latex: string): string | null {
  let e: Expr;
  try {
    e = parseLatex(latex.trim());
  } catch {
    return definitionHead(latex.trim())?.name ?? null;
  }
  while (e.kind === 'pow') e = e.base;
  return e.kind === 'sym' ? e.name : e.kind === 'call' ? e.fn.name : e.kind === 'prob' ? e.dist.name : null;
}

/** One line of LaTeX, spaces collapsed. */
const flat = (text: MathText | string): string => (typeof text === 'string' ? text : text.latex).replace(/\s+/g, ' ').trim();

