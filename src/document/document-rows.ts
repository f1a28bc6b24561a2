/**
 * From the math of one display to analysed rows.
 *
 * Owns: removing decoration the parser would trip on (`\label` — kept as the display's
 * name — `\nonumber`, `\notag`, `\underbrace{X}_{…}`, `\overbrace{X}^{…}`, `\intertext`),
 * unwrapping an `aligned`/`split` that fills a display, splitting rows at top-level `\\`,
 * and, per row: justifications (`\tag`, `&& \text{…}`, `\quad (\text{…})`, `\because`),
 * `\text{where } …` clauses, trailing `, \epsilon \sim …` clauses, side-by-side equations,
 * and the relations that cut the row into a chain segment list.
 * Must not: decide how rows join into chains (document-chains.ts) or parse expressions.
 *
 * Every function is a loop over tokens with the nesting computed once per row.
 */
import type { Relation } from '../expr/relations.js';
import { MappedBuilder, originAt, sliceMapped, type Mapped } from './document-text.js';
import {
  argumentAt, filled, isSpacingToken, matchBraces, nesting, nextNonSpace, previousNonSpace, Role, SPACING_WITH_ARGUMENT,
  tokenize, type Nesting, type Token,
} from './document-tokens.js';
import { justificationName, relationAt, TEXT_COMMANDS, tokensText, type RelationHit } from './document-relations.js';

/** A justification found in the math: its rule name and where it was written (file offset). */
export interface JustificationDraft { readonly text: string; readonly offset: number }

export interface LinkDraft {
  readonly relation: Relation;
  /** File offset of the relation symbol. */
  readonly offset: number;
  /** The relation symbol as written. */
  readonly symbol: Mapped;
  rhs: Mapped;
  justification: JustificationDraft | null;
}

export interface DefinitionDraft { readonly lhs: Mapped; readonly offset: number; readonly rhs: Mapped }

export interface RowAnalysis {
  /** The row's first non-blank token is `&` (an alignment continuation: `&= …`, `&\quad + …`). */
  readonly startsWithAmpersand: boolean;
  readonly hasAmpersand: boolean;
  /** Math before the first relation (the whole row when it has none). */
  readonly pre: Mapped;
  readonly links: LinkDraft[];
  readonly justification: JustificationDraft | null;
  /** `\text{where } a := b` items. */
  readonly definitions: readonly DefinitionDraft[];
  /** `\text{where } \epsilon \sim …`, `\text{if } x > 0`, `, \epsilon \sim …` items. */
  readonly assumptions: readonly Mapped[];
  /** Side-by-side statements split off this row (`a = b, \quad c = d`; `a &= b && c &= d`). */
  readonly extraRows: readonly Mapped[];
}

/** Alignments a display may hold whole; the outer ones (`$$\begin{align}…\end{align}$$`) as MathJax,
 *  and so Markdown and Stack Exchange answers, write them. */
const INNER_ALIGNMENTS = new Set([
  'aligned', 'alignedat', 'split', 'gathered', 'multlined', 'aligned*',
  'align', 'align*', 'gather', 'gather*', 'eqnarray', 'eqnarray*', 'alignat', 'alignat*', 'flalign', 'flalign*',
]);
const ROW_BREAKS = new Set(['\\\\', '\\cr', '\\newline']);
const CLAUSE_WORD = /^\s*(?:(?:valid|true|holds?|which\s+holds?)\s+)?(where|with|for all|for every|for any|for|if|when|whenever|provided(?: that)?|given|assuming|s\.t\.|such that)\b\s*/i;
const BRACED = (tokens: readonly Token[], k: number): boolean => tokens[k]?.kind === 'char' && tokens[k]!.text === '{';

/** Tokens [from, to) of `m` as mapped text; `&` becomes a space; `skip(k)` drops token k. */
function mappedOf(m: Mapped, tokens: readonly Token[], from: number, to: number, skip?: (k: number) => boolean): Mapped {
  const builder = new MappedBuilder();
  let runStart = -1;
  const flush = (end: number): void => {
    if (runStart >= 0) builder.append(m, runStart, end);
    runStart = -1;
  };
  for (let k = from; k < to; k++) {
    const token = tokens[k]!;
    if (skip?.(k)) { flush(token.start); continue; }
    if (token.kind === 'char' && token.text === '&') {
      flush(token.start);
      builder.appendSynthetic(' ', originAt(m, token.start));
    } else if (runStart < 0) runStart = token.start;
  }
  if (to > from) flush(tokens[to - 1]!.end);
  return builder.build();
}

// ---------------------------------------------------------------------------------------
// Whole-display stages.

/** Drops `\label{…}` (returning the first label), `\nonumber`, `\notag`, the annotation of
 *  `\underbrace`/`\overbrace` (keeping `{X}` as a group), a `\boxed{…}` around an answer (keeping
 *  what it holds, a relation too: `\boxed{\mu = \bar x}`), and turns `\intertext{…}` into a row break. */
export function removeDecorations(m: Mapped): { readonly math: Mapped; readonly label: string | null } {
  if (!/\\(label|nonumber|notag|underbrace|overbrace|intertext|shortintertext|boxed)(?![A-Za-z])/.test(m.text)) return { math: m, label: null };
  const tokens = tokenize(m.text);
  const match = matchBraces(tokens);
  const dropped = filled(tokens.length, 0);
  const dropScriptAfter = new Map<number, string>();
  const rowBreaks = new Map<number, number>();
  let label: string | null = null;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const text = token.text;
    if (text === '\\nonumber' || text === '\\notag') { dropped[k] = 1; continue; }
    if (text === '\\label' || text === '\\intertext' || text === '\\shortintertext') {
      const argument = argumentAt(tokens, match, k + 1);
      if (argument) {
        if (text === '\\label') label ??= tokensText(tokens, argument[0], argument[1]).trim();
        else rowBreaks.set(k, originAt(m, token.start));
        dropped.fill(1, k, argument[2]);
        k = argument[2] - 1;
        continue;
      }
    }
    if (text === '\\boxed' && BRACED(tokens, nextNonSpace(tokens, k + 1))) {
      const open = nextNonSpace(tokens, k + 1);
      if (match[open]! >= 0) { dropped.fill(1, k, open + 1); dropped[match[open]!] = 1; k = open; continue; }
    }
    if ((text === '\\underbrace' || text === '\\overbrace') && BRACED(tokens, nextNonSpace(tokens, k + 1))) {
      const open = nextNonSpace(tokens, k + 1);
      if (match[open]! >= 0) dropScriptAfter.set(match[open]!, text === '\\underbrace' ? '_' : '^');
      dropped.fill(1, k, open);
      k = open - 1;
      continue;
    }
    const script = dropScriptAfter.get(k);
    if (script !== undefined) {
      const at = nextNonSpace(tokens, k + 1);
      const annotation = tokens[at]?.text === script ? argumentAt(tokens, match, at + 1) : null;
      if (annotation) { dropped.fill(1, k + 1, annotation[2]); k = annotation[2] - 1; }
    }
  }
  const builder = new MappedBuilder();
  let runStart = -1;
  for (let k = 0; k <= tokens.length; k++) {
    if (k < tokens.length && !dropped[k]) { if (runStart < 0) runStart = tokens[k]!.start; continue; }
    if (runStart >= 0) builder.append(m, runStart, k < tokens.length ? tokens[k]!.start : m.text.length);
    runStart = -1;
    const rowBreak = rowBreaks.get(k);
    if (rowBreak !== undefined) builder.appendSynthetic('\\\\', rowBreak);
  }
  return { math: builder.build(), label };
}

/** What may stand beside an inner alignment in its `equation`: the equation's number and label. */
const EQUATION_MARKS = new Set(['\\tag', '\\label', '\\notag', '\\nonumber']);

/** When an `aligned` (or `split`, `gathered` …) fills the display, maybe beside the equation's
 *  number and label, its body and name; else null. */
export function unwrapInnerAlignment(m: Mapped): { readonly math: Mapped; readonly env: string } | null {
  if (!/^(\s|\\displaystyle|\\(tag\*?|label)\s*\{[^{}]*\}|\\notag|\\nonumber)*\\begin/.test(m.text)) return null;
  const tokens = tokenize(m.text);
  const nest = nesting(tokens, false);
  let match: number[] | null = null;
  let begin = -1;
  let end = -1;
  for (let k = 0; k < tokens.length; k++) {
    if (nest.depth[k] !== 0 || isSpacingToken(tokens[k]!)) continue;
    const token = tokens[k]!;
    // the equation's own number or label (`\tag{A.1}`, `\label{eq:em}`, `\notag`) around the alignment
    if (token.kind === 'word' && EQUATION_MARKS.has(token.text)) {
      if (token.text === '\\notag' || token.text === '\\nonumber') continue;
      const star = nextNonSpace(tokens, k + 1);
      const argument = argumentAt(tokens, match ??= matchBraces(tokens), tokens[star]?.text === '*' ? star + 1 : k + 1);
      if (!argument) return null;
      k = argument[2] - 1;
      continue;
    }
    if (begin < 0 && token.kind === 'begin' && INNER_ALIGNMENTS.has(token.env)) { begin = k; continue; }
    if (begin >= 0 && end < 0 && token.kind === 'end' && token.env === tokens[begin]!.env && nest.role[k] === Role.Close) { end = k; continue; }
    return null;
  }
  if (begin < 0 || end < 0) return null;
  let bodyStart = tokens[begin]!.end;
  const afterBegin = m.text.slice(bodyStart, bodyStart + 16);
  const argument = /^\s*(\[[a-z]\]|\{\d+\})/.exec(afterBegin);
  if (argument) bodyStart += argument[0].length;
  return { math: sliceMapped(m, bodyStart, tokens[end]!.start), env: tokens[begin]!.env };
}

/** Rows at top-level `\\` (also `\\*`, `\\[2pt]`, `\cr`); braces and environments protect.
 *  A character scan (no tokens): this runs over every display in full. */
export function splitRows(m: Mapped): Mapped[] {
  if (!/\\(\\|cr(?![A-Za-z])|newline(?![A-Za-z]))/.test(m.text)) return [m];
  const text = m.text;
  const rows: Mapped[] = [];
  let rowStart = 0;
  let braces = 0;
  let environments = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') { braces++; continue; }
    if (c === '}') { if (braces > 0) braces--; continue; }
    if (c !== '\\') continue;
    // a lone backslash at the very end of the text is a command of its own (never a row break)
    const command = /^\\(?:(begin|end)\s*\{[^{}]{1,40}\}|[A-Za-z]+|.)/s.exec(text.slice(i, i + 48))?.[0] ?? '\\';
    if (command.startsWith('\\begin')) environments++;
    else if (command.startsWith('\\end') && command !== '\\end' && environments > 0) environments--;
    const isBreak = command === '\\\\' || command === '\\cr' || command === '\\newline';
    if (!isBreak || braces > 0 || environments > 0) { i += command.length - 1; continue; }
    rows.push(sliceMapped(m, rowStart, i));
    let after = i + command.length;
    if (text[after] === '*') after++;
    const spacing = /^\s*\[\s*-?[\d.]+\s*(pt|em|ex|mm|cm|in|bp|mu|sp|pc|dd|cc)\s*\]/.exec(text.slice(after, after + 32));
    if (spacing) after += spacing[0].length;
    rowStart = after;
    i = after - 1;
  }
  rows.push(sliceMapped(m, rowStart));
  return rows;
}

// ---------------------------------------------------------------------------------------
// Tidying pieces of math.

const SPACING_WORDS = 'quad|qquad|enspace|thinspace|medspace|thickspace|negthinspace|displaystyle|textstyle|hfill';
const SPACING_ARGUMENT = String.raw`\\(?:hspace\*?|hskip|mkern|mspace|kern)\s*\{[^{}]*\}`;
/** One decoration at the start: whitespace, a spacing command, `~`, `{}`, `\hspace{…}`. */
const LEADING_DECORATION = new RegExp(String.raw`^(?:\s+|\\(?:${SPACING_WORDS})(?![A-Za-z])|\\[,;:! >]|~|\{\s*\}|${SPACING_ARGUMENT})`);
/** One decoration at the end (tested on a short tail, one at a time: no backtracking blow-up). */
const TRAILING_DECORATION = new RegExp(String.raw`(?:\s+|\\(?:${SPACING_WORDS})|(?<!\\)\\[,;:! >]|~|\{\s*\}|${SPACING_ARGUMENT})$`);
/** A trailing `.`, `,` or `;` that is punctuation (not `\,`, not the end of `...`). */
const TRAILING_PUNCTUATION = /(?<![\\.])[.,;]$/;
const OPERATOR_START = /^(?:[+*/−-]|\\(?:pm|mp|cdot|times|div|ast|cdots|dots|ldots)(?![A-Za-z]))/;

/** [start, end) of `text` without decoration at both ends (and, with `punctuation`, a final `.`/`,`/`;`). */
function tidyRange(text: string, punctuation: boolean): [number, number] {
  let start = 0;
  let end = text.length;
  for (let found = LEADING_DECORATION.exec(text.slice(0, 64)); found && start < end; found = LEADING_DECORATION.exec(text.slice(start, start + 64))) {
    start += found[0].length;
  }
  while (end > start) {
    const tail = text.slice(Math.max(start, end - 64), end);
    const found = TRAILING_DECORATION.exec(tail);
    if (found) { end -= found[0].length; continue; }
    if (punctuation && TRAILING_PUNCTUATION.test(tail)) { end--; continue; }
    break;
  }
  return [start, Math.max(start, end)];
}

/** Drops spacing (and `{}`) at both ends; with `punctuation`, also a trailing `.`, `,` or `;`. */
export function tidy(m: Mapped, punctuation: boolean): Mapped {
  const [start, end] = tidyRange(m.text, punctuation);
  return start === 0 && end === m.text.length ? m : sliceMapped(m, start, end);
}

export const isBlank = (m: Mapped): boolean => {
  const [start, end] = tidyRange(m.text, false);
  return start >= end;
};

/** The piece begins with a binary operator (`+ c`, `\quad - d`, `\cdot e`): it continues an expression. */
export function startsWithOperator(m: Mapped): boolean {
  const [start, end] = tidyRange(m.text, false);
  return OPERATOR_START.test(m.text.slice(start, Math.min(end, start + 16)));
}

// ---------------------------------------------------------------------------------------
// One row.

interface RowScan {
  readonly m: Mapped;
  readonly tokens: readonly Token[];
  readonly nest: Nesting;
  readonly match: readonly number[];
  /** Tokens removed from the math (tags, justifications). */
  readonly removed: number[];
  /** The math ends before this token (clauses and justifications after it are cut). */
  limit: number;
}

const topLevel = (scan: RowScan, k: number): boolean => scan.nest.depth[k] === 0 && scan.removed[k] === 0;

function relationsIn(scan: RowScan, from: number, to: number): RelationHit[] {
  const hits: RelationHit[] = [];
  for (let k = from; k < to; k++) {
    if (!topLevel(scan, k)) continue;
    const hit = relationAt(scan.tokens, scan.nest, scan.match, k);
    if (hit && hit.end <= to) { hits.push(hit); k = hit.end - 1; }
  }
  return hits;
}

const justificationAt = (scan: RowScan, from: number, to: number, offsetToken: number): JustificationDraft | null => {
  const name = justificationName(tokensText(scan.tokens, from, to));
  return name === null ? null : { text: name, offset: originAt(scan.m, scan.tokens[offsetToken]!.start) };
};

/** `\tag{…}` anywhere at the top level: removed; the first one is returned as a justification. */
function takeTags(scan: RowScan): JustificationDraft | null {
  let found: JustificationDraft | null = null;
  for (let k = 0; k < scan.limit; k++) {
    const text = scan.tokens[k]!.text;
    if (!topLevel(scan, k) || (text !== '\\tag' && text !== '\\tag*')) continue;
    const star = scan.tokens[k + 1]?.text === '*' ? 1 : 0;
    const argument = argumentAt(scan.tokens, scan.match, k + 1 + star);
    const end = argument ? argument[2] : k + 1;
    if (argument) found ??= justificationAt(scan, argument[0], argument[1], k);
    scan.removed.fill(1, k, end);
    k = end - 1;
  }
  return found;
}

/** `\because …` to the end of the row. */
function takeBecause(scan: RowScan): JustificationDraft | null {
  for (let k = 0; k < scan.limit; k++) {
    if (!topLevel(scan, k) || scan.tokens[k]!.text !== '\\because') continue;
    const found = justificationAt(scan, k + 1, scan.limit, k);
    scan.limit = k;
    return found;
  }
  return null;
}

/** Words that open no remark when set off in a row: a clause (`\quad \text{for } i = 1`, read by
 *  takeClause), a conjunction between statements, a constant, a result (`\qquad \text{hence } c = d` is a claim). */
const NOT_A_REMARK = /^\s*(where|with|for|if|when|whenever|provided|given|assuming|s\.t\.|such that|and|or|const|constant|so|hence|thus|therefore|then|i\.e\.|giving|which gives|and so)\b|^\s*$/i;
/** …and what does: a reason (`since`, `by` …), or a note on a mistake (`Common mistake:`); a text that
 *  leads into a result ("In particular", "we get", "Note that") leaves the statement after it a claim. */
const REMARK = /^\s*[(\[]?\s*(since|because|using|as|by|from|via|recall(?:ing)?)\b|\b(mistakes?|wrong(?:ly)?|incorrect|errors?|typo)\b/i;
/** Spacing wide enough to set a remark apart (`\,` sets apart nothing: `\frac12\,\text{tr}(A)`). */
const WIDE_SPACING = new Set(['\\quad', '\\qquad', '\\hspace', '\\hspace*', '\\hfill']);

/** `x = ab + a \qquad \text{since } y = a`, `\qquad \text{Common mistake: } x = a`: a text set off by
 *  spacing, and the math after it, are a remark on the row: its justification (as `\because` makes
 *  one). Read as math, its `= a` was a step of its own, and the next row was compared with a. */
function takeReason(scan: RowScan, extraRows: Mapped[]): JustificationDraft | null {
  for (let k = 1; k < scan.limit; k++) {
    if (!topLevel(scan, k) || !TEXT_COMMANDS.has(scan.tokens[k]!.text)) continue;
    const group = argumentAt(scan.tokens, scan.match, k + 1);
    const words = group ? tokensText(scan.tokens, group[0], group[1]) : '';
    if (!group || NOT_A_REMARK.test(words) || !REMARK.test(words)) continue;
    // (set off by wide spacing, or in a column of its own: `a &= \sqrt{x^2} & \text{since } x &\ge 0`)
    if (previousNonSpace(scan.tokens, k - 1) < 0 || !widelySetOff(scan, k)) continue;
    // the remark ends at the next wide spacing before another statement (`\qquad \text{by expanding}
    // \qquad (a-b)^2 = a^2 - 2ab + b^2`): what follows is a statement of its own
    const end = nextStatementAfter(scan, group[2]);
    const found = justificationAt(scan, k, end, k);
    if (end < scan.limit) extraRows.push(mappedOf(scan.m, scan.tokens, end, scan.limit, (j) => scan.removed[j] === 1));
    scan.limit = k;
    return found;
  }
  return null;
}

/** The first separator (wide spacing, `,`, `;`, `\;`) at the top level from token `from` after which a
 *  relation follows; the row's end if none (`\text{by FOIL}, \; (a-b)^2 = a^2 + b^2` is a statement). */
function nextStatementAfter(scan: RowScan, from: number): number {
  for (let k = from; k < scan.limit; k++) {
    const text = scan.tokens[k]!.text;
    if (!topLevel(scan, k) || !(WIDE_SPACING.has(text) || text === ',' || text === ';' || text === '\\;')) continue;
    // (`\text{since } a, b > 0`: the list goes on, the names share the order)
    if (relationsIn(scan, k, scan.limit).length > 0 && !(text === ',' && statesCondition(scan, k + 1, scan.limit))) return k;
  }
  return scan.limit;
}

/** `… && rest`: rest is a justification, or (when it holds a relation) another statement. */
function takeDoubleAmpersand(scan: RowScan, extraRows: Mapped[]): JustificationDraft | null {
  let seenContent = false;
  for (let k = 0; k < scan.limit; k++) {
    const token = scan.tokens[k]!;
    if (!topLevel(scan, k)) continue;
    if (token.text !== '&') { seenContent ||= !isSpacingToken(token); continue; }
    // (`&\qquad&`: alignat's spacing column between the two)
    let second = k + 1;
    while (second < scan.limit && isSpacingToken(scan.tokens[second]!)) second++;
    if (!seenContent || scan.tokens[second]?.text !== '&') continue;
    const restStart = second + 1;
    const restEnd = scan.limit;
    // `&& \text{where } \bar x := …` is the row's clause, set off in a column: the clause reader takes it
    if (startsClause(scan, nextNonSpace(scan.tokens, restStart))) {
      scan.removed[k] = 1;
      scan.removed[second] = 1;
      return null;
    }
    // alignat's columns inside one statement: `f &= x^2 &&+ 2x + 1` (a term aligned), `… = 0 &\quad& \Rightarrow
    // \lambda = …` (the conclusion set apart): the math goes on, the marks are spacing
    // (past spacing and an empty group: `&&{}+ 1`, `&&\;+ 1`, `&&\quad - 1`)
    let first = restStart;
    for (;;) {
      while (first < restEnd && isSpacingToken(scan.tokens[first]!)) first++;
      if (scan.tokens[first]?.text === '{' && scan.match[first] === nextNonSpace(scan.tokens, first + 1)) {
        const close = scan.match[first]!;
        if (OPERATOR_TOKENS.has(scan.tokens[nextNonSpace(scan.tokens, close + 1)]?.text ?? '')) scan.removed.fill(1, first, close + 1);
        first = close + 1;
        continue;
      }
      break;
    }
    const opening = first < restEnd ? relationAt(scan.tokens, scan.nest, scan.match, first) : null;
    // (a term continues the math only where no relation follows: `&& -1 \le x` is a premise)
    const term = OPERATOR_TOKENS.has(scan.tokens[first]?.text ?? '') && relationsIn(scan, first, restEnd).length === 0;
    if (first < restEnd && (term || (opening !== null && CONNECTIVE_RELATIONS.has(opening.relation)))) {
      scan.removed[k] = 1;
      scan.removed[second] = 1;
      k = second;
      continue;
    }
    scan.limit = k;
    // `&& a \ge 0`, `&\qquad& x < 0`: an order on names in a column of its own is the row's premise
    if (statesCondition(scan, restStart, restEnd)) {
      return justificationAt(scan, restStart, restEnd, nextNonSpace(scan.tokens, restStart));
    }
    // Prose first (`&& \text{(the indicator picks } x = x^{(i)})`) is a justification even when
    // it quotes a relation; bare math after && is a side-by-side statement.
    const startsWithProse = TEXT_COMMANDS.has(scan.tokens[nextNonSpace(scan.tokens, restStart)]?.text ?? '');
    if (!startsWithProse && relationsIn(scan, restStart, restEnd).length > 0) {
      extraRows.push(mappedOf(scan.m, scan.tokens, restStart, restEnd, (j) => scan.removed[j] === 1));
      return null;
    }
    return justificationAt(scan, restStart, restEnd, restStart < restEnd ? nextNonSpace(scan.tokens, restStart) : k);
  }
  return null;
}

/** The last meaningful token before `end` (skipping spaces and trailing punctuation). */
function lastMeaningful(scan: RowScan, end: number): number {
  let k = end - 1;
  while (k >= 0 && (scan.tokens[k]!.kind === 'space' || scan.removed[k] === 1 || /^[.,;]$/.test(scan.tokens[k]!.text))) k--;
  return k;
}

/** The group that ends the math at token `last`: a text command's group or a bracket pair; its first token or -1. */
function trailingGroupStart(scan: RowScan, last: number): number {
  const closer = scan.tokens[last]!.text;
  if (closer === '}' && scan.match[last]! >= 0) {
    const command = previousNonSpace(scan.tokens, scan.match[last]! - 1);
    return command >= 0 && TEXT_COMMANDS.has(scan.tokens[command]!.text) ? command : -1;
  }
  if ((closer === ')' || closer === ']') && scan.nest.role[last] === Role.Close) {
    // Inside the pair everything is deeper, so the first token back at this depth opens it.
    for (let k = last - 1; k >= 0; k--) if (scan.nest.depth[k] === scan.nest.depth[last]) return scan.nest.role[k] === Role.Open ? k : -1;
  }
  return -1;
}

/** Wide spacing or `&` stands right before token `start` (`\qquad (x \ge 0)`; `\,(x > 0)` is not enough). */
function widelySetOff(scan: RowScan, start: number): boolean {
  for (let k = start - 1; k >= 0 && (isSpacingToken(scan.tokens[k]!) || scan.tokens[k]!.text === '&'); k--) {
    if (WIDE_SPACING.has(scan.tokens[k]!.text) || scan.tokens[k]!.text === '&') return true;
  }
  return false;
}

/** Token `before` sets a note apart from the math: spacing, `\hspace{…}`, `&`, or nothing at all. */
function setsOff(scan: RowScan, before: number): boolean {
  if (before < 0) return true;
  const token = scan.tokens[before]!;
  if (isSpacingToken(token) || token.text === '&') return true;
  if (token.text !== '}' || scan.match[before]! < 0) return false;
  return SPACING_WITH_ARGUMENT.has(scan.tokens[previousNonSpace(scan.tokens, scan.match[before]! - 1)]?.text ?? '');
}

/** A trailing note set off by spacing or `&`: `\quad (\text{chain rule})`, `\qquad\text{by Bayes' rule}`,
 *  `& \text{(Jensen)}`; or an equation number `\quad (3)` (removed, no name). Without the spacing,
 *  only a text that says "(…" or "by …" counts: `+ \text{const}` stays math. */
function takeTrailingNote(scan: RowScan): JustificationDraft | null {
  const last = lastMeaningful(scan, scan.limit);
  if (last < 0 || !topLevel(scan, last)) return null;
  const start = trailingGroupStart(scan, last);
  if (start < 0) return null;
  const latex = tokensText(scan.tokens, start, last + 1);
  const words = justificationText(latex);
  const hasText = /\\(text|textrm|textnormal|mbox|textit|textbf|textsf|textup|hbox)\b/.test(latex);
  const isNumber = /^[(\[]\s*(\d+(\.\d+)?|\*+|\\ast|\\star|\\dagger|[ivx]+)\s*[)\]]$/.test(latex.trim());
  // `\sqrt{x^2} = x \qquad (x \geqslant 0)`: an order on names set off in parentheses is the row's premise
  const before = previousNonSpace(scan.tokens, start - 1);
  const isPremise = latex.length <= 200 && PARENTHESISED_ORDER.test(latex.trim()) && widelySetOff(scan, start);
  if (isPremise) {
    scan.limit = start;
    return justificationAt(scan, start, last + 1, start);
  }
  if (!hasText && !isNumber) return null;
  if (CLAUSE_WORD.test(words) || relationAt(scan.tokens, scan.nest, scan.match, start)) return null;
  const saysSo = hasText && scan.tokens[last]!.text === '}' && /^(\(|by\b)/i.test(words);
  if (!setsOff(scan, before) && !saysSo) return null;
  if (before < 0 && !hasText) return null;
  scan.limit = start;
  return isNumber ? null : justificationAt(scan, start, last + 1, start);
}

/** `(x \ge 0)`, `(a, b > 0)`, `(0 < t \leqslant 1)`: names and numbers ordered, in parentheses. */
const PARENTHESISED_ORDER = /^\(\s*[\s,A-Za-z\u0370-\u03ff\\{}_^0-9.]*?(?:<|>|≤|≥|\\(?:le|ge|leq|geq|leqslant|geqslant|lt|gt)(?![A-Za-z]))[\s,A-Za-z\u0370-\u03ff\\{}_^0-9.<>=≤≥]*\)$/;

const justificationText = (latex: string): string => latex.replace(/\\[A-Za-z]+\s*\*?|[{}$]/g, '').trim();

/** Token k is `\text{where }` (or another clause word alone in a text group); its keyword and group. */
function clauseAt(scan: RowScan, k: number): { keyword: string; group: [number, number, number] } | null {
  if (!TEXT_COMMANDS.has(scan.tokens[k]?.text ?? '')) return null;
  const group = argumentAt(scan.tokens, scan.match, k + 1);
  if (!group || !BRACED(scan.tokens, group[0] - 1)) return null;
  const words = tokensText(scan.tokens, group[0], group[1]);
  const keyword = CLAUSE_WORD.exec(words);
  if (!keyword || words.slice(keyword[0].length).trim() !== '' || relationAt(scan.tokens, scan.nest, scan.match, k)) return null;
  return { keyword: keyword[1]!, group };
}

/** A "where" or "with" clause that may define starts at token k. */
const startsClause = (scan: RowScan, k: number): boolean => /^(where|with)$/i.test(clauseAt(scan, k)?.keyword ?? '');

/** `\text{where } a := b, \epsilon \sim N` (and `if`, `for`, `s.t.` …) to the end of the row. */
function takeClause(scan: RowScan, definitions: DefinitionDraft[], assumptions: Mapped[]): JustificationDraft | null {
  for (let k = 0; k < scan.limit; k++) {
    if (!topLevel(scan, k)) continue;
    const clause = clauseAt(scan, k);
    if (!clause) continue;
    const { group } = clause;
    const kind = clause.keyword.toLowerCase();
    const clauseEnd = scan.limit;
    scan.limit = k;
    const defines = kind === 'where' || kind === 'with';
    // `\text{for } x \ge 0`, `\text{whenever } y > 0`: the condition the row holds under, its premise (as a
    // hypothesis of the file it reached every display below, and \sqrt{x^2} = x was confirmed there)
    if (!defines && relationsIn(scan, group[2], clauseEnd).every((hit) => ORDERS.has(hit.relation)) && relationsIn(scan, group[2], clauseEnd).length > 0) {
      return { text: `${kind} ${tokensText(scan.tokens, group[2], clauseEnd).trim()}`, offset: originAt(scan.m, scan.tokens[k]!.start) };
    }
    if (kind.startsWith('for ')) return null;
    splitClauseItems(scan, group[2], clauseEnd, defines, definitions, assumptions);
    return null;
  }
  return null;
}

/** Items of a clause, at top-level commas, semicolons and `\text{and}`. */
function splitClauseItems(scan: RowScan, from: number, to: number, mayDefine: boolean, definitions: DefinitionDraft[], assumptions: Mapped[]): void {
  let itemStart = from;
  // a `\tag{…}` already taken out of the row is no part of a clause's items
  const kept = (a: number, b: number): Mapped => mappedOf(scan.m, scan.tokens, a, b, (j) => scan.removed[j] === 1);
  const flush = (end: number): void => {
    const hits = relationsIn(scan, itemStart, end);
    const first = hits[0];
    if (mayDefine && first && (first.relation === ':=' || first.relation === '=')) {
      const lhs = tidy(kept(itemStart, first.first), true);
      const rhsEnd = hits[1]?.first ?? end;
      const rhs = tidy(kept(first.end, rhsEnd), true);
      if (lhs.text && rhs.text) definitions.push({ lhs, offset: originAt(scan.m, scan.tokens[first.first]!.start), rhs });
    } else {
      const item = tidy(kept(itemStart, end), true);
      if (item.text) assumptions.push(item);
    }
  };
  for (let k = from; k < to; k++) {
    if (!topLevel(scan, k)) continue;
    const text = scan.tokens[k]!.text;
    let separatorEnd = -1;
    if (text === ',' || text === ';') separatorEnd = k + 1;
    else if (TEXT_COMMANDS.has(text)) {
      const group = argumentAt(scan.tokens, scan.match, k + 1);
      if (group && tokensText(scan.tokens, group[0], group[1]).trim().toLowerCase() === 'and') separatorEnd = group[2];
    }
    if (separatorEnd < 0) continue;
    flush(k);
    itemStart = separatorEnd;
    k = separatorEnd - 1;
  }
  flush(to);
}

/** The bar of a conditional law in each spelling: `x \mid z`, `x | z`, `x \vert z`. */
const GIVEN_BARS = new Set(['\\mid', '|', '\\vert']);

/** `x = …\epsilon, \epsilon \sim \mathcal N(0, I)`: the `\sim` part after a top-level comma
 *  (and after the last relation) is an assumption. */
function takeDistributionClause(scan: RowScan, assumptions: Mapped[]): void {
  const hits = relationsIn(scan, 0, scan.limit);
  const afterRelations = hits.length > 0 ? hits[hits.length - 1]!.end : 0;
  let sim = -1;
  for (let j = scan.limit - 1; j >= afterRelations && sim < 0; j--) if (topLevel(scan, j) && scan.tokens[j]!.text === '\\sim') sim = j;
  for (let k = afterRelations; k < sim; k++) {
    // after `\mid`, commas list what a law is conditioned on (`x_{t-1} \mid x_t, x_0 \sim …`): no clause starts there
    if (topLevel(scan, k) && GIVEN_BARS.has(scan.tokens[k]!.text)) return;
    if (!topLevel(scan, k) || scan.tokens[k]!.text !== ',') continue;
    const end = scan.limit;
    scan.limit = k;
    splitClauseItems(scan, k + 1, end, false, [], assumptions);
    return;
  }
}

/** `z^{(i)} &\sim \text{Multinomial}(\phi)`: a row whose only relation is `\sim` states a law; so does
 *  `x \mid z = j &\sim \mathcal N(\mu_j, \Sigma_j)`, whose `=` belongs to the condition. */
function takeLawRow(scan: RowScan, assumptions: Mapped[]): void {
  let sim = -1;
  let given = -1;
  for (let j = 0; j < scan.limit && sim < 0; j++) {
    if (!topLevel(scan, j)) continue;
    const text = scan.tokens[j]!.text;
    if (text === '\\sim') sim = j;
    else if (given < 0 && GIVEN_BARS.has(text)) given = j;
  }
  if (sim < 0) return;
  const inCondition = (k: number): boolean => given >= 0 && k > given && k < sim;
  if (relationsIn(scan, 0, scan.limit).some((hit) => !inCondition(hit.first))) return;
  assumptions.push(mappedOf(scan.m, scan.tokens, 0, scan.limit, (k) => scan.removed[k] === 1));
  scan.limit = 0;
}

/** `a = b, \quad c = d`, `a = b \qquad c = d`: the last top-level comma (or else `\quad`, `\qquad`,
 *  never a product) between two relations splits the row when what follows it is a left-hand side
 *  of its own (not blank, not starting with an operator); a `\text{and}` there goes with the split. */
function takeSideBySide(scan: RowScan, extraRows: Mapped[]): JustificationDraft | null {
  const hits = relationsIn(scan, 0, scan.limit);
  const kept = (j: number): boolean => scan.removed[j] === 1;
  const last = (from: number, to: number, is: (text: string) => boolean): number => {
    for (let k = to - 1; k >= from; k--) if (topLevel(scan, k) && is(scan.tokens[k]!.text)) return k;
    return -1;
  };
  const first = (from: number, to: number, is: (text: string) => boolean): number => {
    for (let k = from; k < to; k++) if (topLevel(scan, k) && is(scan.tokens[k]!.text)) return k;
    return -1;
  };
  for (let h = 1; h < hits.length; h++) {
    const [from, to] = [hits[h - 1]!.end, hits[h]!.first];
    const comma = last(from, to, (t) => t === ',');
    const wide = first(from, to, (t) => t === '\\quad' || t === '\\qquad');
    // `\sqrt{(x-1)^2} = x - 1 \qquad x \ge 1`, `\log(xy) = … \qquad x, y > 0`, `|w| = w, \; w \ge 0`: an order on
    // names set beside the row is the condition it holds under (its justification, a premise), not a statement
    const opening = first(from, to, (t) => t === '\\quad' || t === '\\qquad' || t === ',');
    if (opening >= 0 && statesCondition(scan, opening + 1, scan.limit)) {
      const end = scan.limit;
      scan.limit = opening;
      return justificationAt(scan, opening + 1, end, nextNonSpace(scan.tokens, opening + 1));
    }
    const split = comma >= 0 ? comma : wide;
    if (split < 0) continue;
    // `x^2 - 1 = 0 \quad\Leftarrow\quad x = 1` joins two statements by an arrow deriva does not read:
    // no split (the row stays one, unread); `y = 2 \quad\text{or}\quad y = -2` is one statement
    if (first(split, to, (t) => ARROWS.has(t)) >= 0 || disjunction(scan, split + 1, to)) continue;
    const start = afterConjunction(scan, split + 1, to);
    const lhs = mappedOf(scan.m, scan.tokens, start, to, kept);
    if (isBlank(lhs) || startsWithOperator(lhs)) continue;
    const end = scan.limit;
    scan.limit = split;
    extraRows.push(mappedOf(scan.m, scan.tokens, start, end, kept));
    return null;
  }
  return null;
}

/** Spacing commands between a row and its condition (`, \; w \ge 0`, `,\ w \ge 0`). */
const SPACING_COMMANDS = /\\(?:quad|qquad|[,;:! ]|enspace|thinspace)(?![A-Za-z])/g;

/** The left side of a side condition: names (and numbers) in a list, or a sum of them (`x - y > 0`, `|x| \ge 1`). */
const ORDERED_NAMES = /^[\s,A-Za-z\u0370-\u03ff\\{}_^0-9+\-|/().]*$/;

/** Relations a side condition states. */
const ORDERS: ReadonlySet<Relation> = new Set<Relation>(['<', '<=', '>', '>=']);

/** Tokens [from, to) state a condition on names (`x, y > 0`, `x - y > 0`, `|x| \ge 1`): orders only, names
 *  (or a sum of them) before the first. Set beside a row, in a column or after `&&`, it is the row's premise. */
function statesCondition(scan: RowScan, from: number, to: number): boolean {
  const hits = relationsIn(scan, from, to);
  if (hits.length === 0 || !hits.every((hit) => ORDERS.has(hit.relation))) return false;
  return ORDERED_NAMES.test(mappedOf(scan.m, scan.tokens, from, hits[0]!.first, (j) => scan.removed[j] === 1).text.replace(SPACING_COMMANDS, ' '));
}

/** Arrows between statements that are no relation deriva reads. */
const ARROWS = new Set(['\\Leftarrow', '\\Longleftarrow', '\\impliedby', '\\leftarrow', '\\longleftarrow']);

/** The words of a `\text{…}` that opens tokens [from, to) after spacing, or null. */
function leadingText(scan: RowScan, from: number, to: number): { words: string; end: number } | null {
  let k = from;
  while (k < to && isSpacingToken(scan.tokens[k]!)) k++;
  if (k >= to || !TEXT_COMMANDS.has(scan.tokens[k]!.text)) return null;
  const group = argumentAt(scan.tokens, scan.match, k + 1);
  return group ? { words: tokensText(scan.tokens, group[0], group[1]), end: group[2] } : null;
}

/** Past a `\text{and}` and the spacing around it, from token `from`; `from` when there is none. */
function afterConjunction(scan: RowScan, from: number, to: number): number {
  const text = leadingText(scan, from, to);
  return text && /^\s*and\s*$/i.test(text.words) ? text.end : from;
}

/** A `\text{or}` opens the rest: the two sides are alternatives, not two statements. */
const disjunction = (scan: RowScan, from: number, to: number): boolean => /^\s*or\s*$/i.test(leadingText(scan, from, to)?.words ?? '');

/** Environments whose `&` pair up into equation columns (amsmath): `u &= a & v &= b`. */
const COLUMN_ALIGNMENTS = new Set(['align', 'align*', 'flalign', 'flalign*', 'alignat', 'alignat*', 'aligned', 'alignedat', 'xalignat', 'xalignat*']);

/**
 * The equation columns of one row of an `align`: amsmath pairs the cells, so every second top-level
 * `&` opens a new column — `u &= (a+b)^2 & v &= (a-b)^2` is two equations side by side, and
 * `&= … & &= …` continues both. A part opens a column only when it is a statement or a chain's next
 * link (`v &= …`, `&= …`); any other part (`&& \text{by (2)}`, `& \Rightarrow y &= 2`) stays with
 * the column before it, as it was read before. Returns each column's text with its index.
 */
export function splitColumns(row: Mapped, env: string): { readonly index: number; readonly math: Mapped }[] {
  if (!COLUMN_ALIGNMENTS.has(env) || (row.text.match(/&/g)?.length ?? 0) < 3) return [{ index: 0, math: row }];
  const tokens = tokenize(row.text);
  const scan: RowScan = { m: row, tokens, nest: nesting(tokens, true), match: matchBraces(tokens), removed: filled(tokens.length, 0), limit: tokens.length };
  const ampersands: number[] = [];
  for (let k = 0; k < tokens.length; k++) if (topLevel(scan, k) && tokens[k]!.text === '&') ampersands.push(k);
  const opensColumn = (separator: number, end: number): boolean => {
    let first = separator + 1;
    while (first < end && isSpacingToken(tokens[first]!)) first++;
    if (first >= end) return false;
    if (tokens[first]!.text === '&') {
      const next = nextNonSpace(tokens, first + 1);
      const hit = next < end ? relationAt(tokens, scan.nest, scan.match, next) : null;
      return hit !== null && !CONNECTIVE_RELATIONS.has(hit.relation);
    }
    const text = tokens[first]!.text;
    if (TEXT_COMMANDS.has(text) || text === '\\because' || text === '\\therefore' || relationAt(tokens, scan.nest, scan.match, first)) return false;
    // (`\sqrt{x^2} &= x, & x &\ge 0`: the case's condition, set in a column of its own, is the row's premise)
    if (statesCondition(scan, first, end)) return false;
    return relationsIn(scan, first, end).some((hit) => !CONNECTIVE_RELATIONS.has(hit.relation));
  };
  const columns: { index: number; math: Mapped }[] = [];
  let start = 0;
  let index = 0;
  for (let j = 1; j < ampersands.length; j += 2) {
    const separator = ampersands[j]!;
    const end = ampersands[j + 2] ?? tokens.length;
    if (!opensColumn(separator, end)) continue;
    columns.push({ index, math: sliceMapped(row, tokens[start]?.start ?? row.text.length, tokens[separator]!.start) });
    start = separator + 1;
    index = (j + 1) / 2;
  }
  columns.push({ index, math: sliceMapped(row, tokens[start]?.start ?? row.text.length) });
  return columns;
}

/** Tokens that open a term continuing the math before them. */
const OPERATOR_TOKENS = new Set(['+', '-', '/', '\\cdot', '\\times', '\\pm', '\\mp']);

/** Relations that join statements rather than expressions. */
const CONNECTIVE_RELATIONS: ReadonlySet<Relation> = new Set<Relation>(['implies', 'iff']);

/** Analyses one row of a display. `eqnarray` rows use `&` as plain column marks. */
export function analyzeRow(row: Mapped, env: string): RowAnalysis {
  const tokens = tokenize(row.text);
  const scan: RowScan = { m: row, tokens, nest: nesting(tokens, true), match: matchBraces(tokens), removed: filled(tokens.length, 0), limit: tokens.length };
  const extraRows: Mapped[] = [];
  const definitions: DefinitionDraft[] = [];
  const assumptions: Mapped[] = [];
  const tag = takeTags(scan);
  const because = takeBecause(scan) ?? takeReason(scan, extraRows);
  const columns = env.startsWith('eqnarray') ? null : takeDoubleAmpersand(scan, extraRows);
  const condition = takeClause(scan, definitions, assumptions);
  const trailing = takeTrailingNote(scan);
  const laterCondition = takeClause(scan, definitions, assumptions);
  takeDistributionClause(scan, assumptions);
  takeLawRow(scan, assumptions);
  const sideCondition = takeSideBySide(scan, extraRows);

  const keep = (k: number): boolean => scan.removed[k] === 1;
  const hits = relationsIn(scan, 0, scan.limit);
  const firstContent = nextNonSpace(tokens, 0);
  let hasAmpersand = false;
  for (let k = 0; k < scan.limit; k++) if (topLevel(scan, k) && tokens[k]!.text === '&') { hasAmpersand = true; break; }
  const links: LinkDraft[] = hits.map((hit, i) => ({
    relation: hit.relation,
    offset: originAt(row, tokens[hit.first]!.start),
    symbol: mappedOf(row, tokens, hit.first, hit.end, keep),
    rhs: mappedOf(row, tokens, hit.end, hits[i + 1]?.first ?? scan.limit, keep),
    justification: hit.note ? justificationAt(scan, hit.note[0], hit.note[1], hit.first) : null,
  }));
  return {
    startsWithAmpersand: tokens[firstContent]?.text === '&',
    hasAmpersand,
    pre: mappedOf(row, tokens, 0, hits[0]?.first ?? scan.limit, keep),
    links,
    justification: tag ?? because ?? columns ?? condition ?? trailing ?? laterCondition ?? sideCondition,
    definitions,
    assumptions,
    extraRows,
  };
}

/** Items of a comma-separated list (`% assume: a, b`, `% wrt: \theta, \mu`) at top-level commas. */
export function splitTopLevelCommas(m: Mapped): Mapped[] {
  const tokens = tokenize(m.text);
  const nest = nesting(tokens, true);
  const items: Mapped[] = [];
  let start = 0;
  for (let k = 0; k <= tokens.length; k++) {
    if (k < tokens.length && (nest.depth[k] !== 0 || tokens[k]!.text !== ',')) continue;
    const item = tidy(mappedOf(m, tokens, start, k), true);
    if (item.text) items.push(item);
    start = k + 1;
  }
  return items;
}
