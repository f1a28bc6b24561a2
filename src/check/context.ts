/**
 * Problem contexts: a file stating a problem's definitions and model once (`--context FILE`,
 * `% context: FILE` in a derivation, or the configuration), read by the same reader as any
 * derivation. A context for several problems gives each `\section` its own meaning for symbols
 * they share; a file is checked in the sections it is about (applyContext), or in the one
 * `FILE#label` names.
 *
 * Owns: finding, reading and caching contexts, and choosing the sections that apply. Must not: check
 * anything — nothing in a context is a step; the checker learns from it (check/index.ts).
 */
import { dirname, relative, resolve } from 'node:path';
import { readSourceFile } from '../document/read-file.js';
import { readDocument } from '../document/document.js';
import type { SourceDocument } from '../document/source.js';
import type { MathText, SourcePos } from '../diagnostic.js';
import { children, freeNames, type Expr } from '../expr/model.js';
import { parseLatex } from '../notation/parse.js';
import { definitionsAsEquations } from '../expr/relations.js';

/** One `\section` of a context: its lines [first, end), its label, and the names it uses and gives a meaning. */
export interface ContextSection {
  readonly label: string | null;
  readonly title: string;
  readonly first: number;
  readonly end: number;
  /** Every name its formulas use. */
  readonly uses: ReadonlySet<string>;
  /** The names it states something about: left sides of its displays, its assumptions, laws and prose definitions. */
  readonly states: ReadonlySet<string>;
}

/** A context as read: the whole document, and its sections (what stands before the first is the preamble, always in force). */
export interface ProblemContext {
  readonly path: string;
  /** `FILE#label`: only this section (and the preamble) applies. */
  readonly label: string | null;
  readonly doc: SourceDocument;
  /** What stands before the first `\section` (the whole file when it has none): always in force. */
  readonly preamble: ContextSection;
  readonly sections: readonly ContextSection[];
}

/** The part of a context a file is checked in. */
export interface AppliedContext {
  readonly path: string;
  readonly doc: SourceDocument;
  /** Titles of the sections in force (none: the context has no sections, or none applies). */
  readonly sections: readonly string[];
}

export type ContextResult = { readonly ok: true; readonly context: ProblemContext } | { readonly ok: false; readonly message: string };

/** `FILE#label` → the path (resolved against `base`, a folder) and the label. */
export function parseContextSpec(spec: string, base: string): { path: string; label: string | null } {
  const hash = spec.lastIndexOf('#');
  const [file, label] = hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1).trim() || null] : [spec, null];
  return { path: resolve(base, file.trim()), label };
}

/** The folder a file's `% context:` paths are relative to. */
export const contextBase = (filePath: string): string => dirname(resolve(filePath));

/**
 * Reads a context (each path and label read once per process: contexts are immutable, and a
 * class of 200 submissions shares one). A context that cannot be read, or whose label names
 * no section, is an error with the reason; one with its own read problems is returned as read.
 */
export function loadContext(path: string, label: string | null, macros: string, cache: Map<string, Promise<ContextResult>>): Promise<ContextResult> {
  const key = `${path}#${label ?? ''}`;
  let found = cache.get(key);
  if (!found) {
    found = read(path, label, macros);
    cache.set(key, found);
  }
  return found;
}

async function read(path: string, label: string | null, macros: string): Promise<ContextResult> {
  const shown = relative(process.cwd(), path) || path;
  const file = await readSourceFile(path);
  if (!file.ok) return { ok: false, message: `context ${shown}: ${file.message}` };
  let doc: SourceDocument;
  try {
    doc = readDocument(path, file.text, { macros });
  } catch (e) {
    const pos = (e as { pos?: SourcePos }).pos;
    return { ok: false, message: `context ${shown}${pos ? `:${pos.line}:${pos.column}` : ''}: ${(e as Error).message}` };
  }
  const lines = file.text.split('\n');
  const withVocabulary = (s: { label: string | null; title: string; first: number; end: number }): ContextSection => {
    const { uses, states } = vocabulary(within(doc, s.first, s.end));
    // a name the prose only mentions ("let $a$ and $b$ be reals") is still one the section is about
    for (const n of inlineNames(lines.slice(s.first - 1, s.end - 1).join('\n'))) uses.add(n);
    return { ...s, uses, states };
  };
  const sections = sectionsOf(lines).map(withVocabulary);
  const preamble = withVocabulary({ label: null, title: 'preamble', first: 1, end: sections[0]?.first ?? lines.length + 1 });
  if (label !== null && !sections.some((s) => s.label === label)) return { ok: false, message: `context ${shown}: no \\section labelled "${label}"` };
  return { ok: true, context: { path, label, doc, preamble, sections } };
}

/**
 * The part of `context` a file using `names` is checked in. A context for several problems gives
 * a name a meaning per section (n, x^{(i)}, \theta recur with different meanings), so only
 * sections the file is about apply: the one whose own names (used in no other section) the file
 * uses most (at least two of them), then any other it uses as much that states nothing about a
 * name the chosen ones use. A file that uses no section's own names gets the preamble only.
 */
export function applyContext(context: ProblemContext, names: ReadonlySet<string>): AppliedContext {
  const { sections } = context;
  let chosen: ContextSection[];
  if (context.label !== null) chosen = sections.filter((s) => s.label === context.label);
  else {
    const ownNames = (s: ContextSection): number => [...s.uses].filter((n) => names.has(n) && sections.every((o) => o === s || !o.uses.has(n))).length;
    const ranked = sections.map((s) => ({ s, score: ownNames(s) })).filter((r) => r.score >= MIN_OWN_NAMES).sort((a, b) => b.score - a.score);
    chosen = [];
    for (const { s } of ranked) {
      const clashes = chosen.some((c) => shares(c.states, s.uses) || shares(s.states, c.uses));
      if (!clashes) chosen.push(s);
    }
  }
  const firstSection = sections[0]?.first ?? Infinity;
  const inForce = (line: number): boolean => line < firstSection || chosen.some((s) => line >= s.first && line < s.end);
  return { path: context.path, doc: keep(context.doc, inForce), sections: chosen.map((s) => s.title) };
}

/** One shared letter (a q, a \sigma) is not enough to say what problem a file is about. */
const MIN_OWN_NAMES = 2;

const shares = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => [...a].some((n) => b.has(n));

/** Every name a document's formulas use (unparseable ones are skipped: this only selects). */
export function namesUsedIn(doc: SourceDocument): Set<string> {
  return vocabulary(doc).uses;
}

function vocabulary(doc: SourceDocument): { uses: Set<string>; states: Set<string> } {
  const uses = new Set<string>();
  const states = new Set<string>();
  const add = (text: MathText, into: Set<string>[]): void => {
    const e = tryParseLatex(text.latex);
    if (e) for (const n of headNames(e)) for (const set of into) set.add(n);
  };
  for (const d of doc.derivations) {
    add(d.head, [uses, states]);
    for (const l of d.links) add(l.rhs, [uses]);
  }
  for (const a of doc.assumptions) add(a.text, [uses, states]);
  for (const p of doc.prose) add(p.text, [uses, states]);
  return { uses, states };
}

/** The free names a formula is about: not the letters of subscripts (the C of L_C, the i of x^{(i)}). */
function headNames(e: Expr): Set<string> {
  const free = freeNames(e);
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'sym') {
      if (free.has(x.name)) out.add(x.name);
      return;
    }
    for (const c of children(x)) walk(c);
  };
  walk(e);
  return out;
}

function tryParseLatex(latex: string): Expr | null {
  try {
    return parseLatex(latex);
  } catch {
    return null;
  }
}

/** The names in a text's inline math (`$…$`, `\(…\)`); pieces that do not parse are skipped (this only selects). */
function inlineNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$([^$]{1,400})\$|\\\(([\s\S]{1,400}?)\\\)/g)) {
    const e = tryParseLatex(definitionsAsEquations(m[1] ?? m[2]!));
    if (e) for (const n of headNames(e)) names.add(n);
  }
  return names;
}

/** The `\section`s of a context's text: lines [first, end), their `\label` (right after) and title. */
function sectionsOf(lines: readonly string[]): { label: string | null; title: string; first: number; end: number }[] {
  const starts = lines.flatMap((l, i) => (/^\s*\\section\*?\s*\{/.test(l) ? [i + 1] : []));
  return starts.map((first, k) => {
    const end = starts[k + 1] ?? lines.length + 1;
    const head = lines.slice(first - 1, Math.min(first + 2, end - 1)).join('\n');
    const label = /\\label\{([^}]*)\}/.exec(head)?.[1] ?? null;
    const title = /\\section\*?\s*\{([^}]*)\}/.exec(lines[first - 1]!)?.[1]?.trim() ?? `line ${first}`;
    return { label, title, first, end };
  });
}

/** The parts of a document that stand on lines [first, end). */
export const within = (doc: SourceDocument, first: number, end: number): SourceDocument => keep(doc, (line) => line >= first && line < end);

function keep(doc: SourceDocument, inForce: (line: number) => boolean): SourceDocument {
  return {
    ...doc,
    derivations: doc.derivations.filter((d) => inForce(d.pos.line)),
    assumptions: doc.assumptions.filter((a) => inForce(a.pos.line)),
    prose: doc.prose.filter((p) => inForce(p.pos.line)),
    expectations: [],
    contexts: [],
  };
}
