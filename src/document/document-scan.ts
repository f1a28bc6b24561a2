/**
 * Finding the math in a file: the display environments of a `.tex` file, the `$$` blocks
 * and inline `$…$` chains of a `.md` file, the `%` directives (`assume:`, `wrt:`,
 * `derivation:`, `by:`) and macro definitions between them, in file order.
 *
 * Owns: skipping what is not math (comments, verbatim, code fences and spans, inline
 * math in .tex), Markdown backslash escapes, and the errors "display never closed".
 * Must not: look inside the math beyond comments (document-rows.ts does that).
 *
 * Each scan is one forward pass; closers are searched with indexOf-style loops that
 * resume where they stopped, so the whole file is read in linear time.
 */
import { InputError } from '../diagnostic.js';
import { fileSlice, MappedBuilder, originAt, sliceMapped, type Mapped, type PosOf } from './document-text.js';
import { isDefinitionCommand, parseDefinition, type ParsedDefinition } from './macros.js';

export type DirectiveKey = 'assume' | 'wrt' | 'derivation' | 'by' | 'expect' | 'context';

export interface Directive {
  readonly key: DirectiveKey;
  readonly value: Mapped;
  /** File offset of the comment. */
  readonly offset: number;
  /** File offset of the first math character on the comment's line before it, or -1 if none. */
  readonly anchor: number;
}

export type ScanEvent =
  /** `math` builds the display's text on demand, so the scan keeps no per-character data alive. */
  | { readonly kind: 'display'; readonly env: string; readonly offset: number; readonly math: () => Mapped; readonly inline: boolean }
  | { readonly kind: 'directive'; readonly directive: Directive }
  /** Inline math in prose (`Let $\alpha_t = 1-\beta_t$ …`): `lead` is the sentence before it,
   *  `display` the offset of the display it follows when a "where"/"with" clause continues it. */
  | { readonly kind: 'prose'; readonly offset: number; readonly end: number; readonly math: () => Mapped; readonly lead: string; readonly display: number | null;
      /** The clause qualifies that display ("for all $x \ge 1$"): what it states holds for it only. */
      readonly qualifies: boolean }
  | { readonly kind: 'definition'; readonly definition: ParsedDefinition; readonly offset: number };

/** Top-level display environments of LaTeX (and common packages). */
const DISPLAY_ENVIRONMENTS = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'flalign', 'flalign*', 'gather', 'gather*',
  'multline', 'multline*', 'eqnarray', 'eqnarray*', 'displaymath', 'dmath', 'dmath*',
]);
const VERBATIM_ENVIRONMENTS = new Set(['verbatim', 'verbatim*', 'lstlisting', 'minted', 'comment', 'Verbatim', 'filecontents', 'filecontents*']);

/** `% assume: …` in a LaTeX comment or on a line of its own in Markdown, or `assume: …` inside a
 *  Markdown `<!-- -->` comment. */
const DIRECTIVE = /^%*\s*(assume|wrt|derivation|by|expect|context)\s*:\s*/i;

/** The directive in a comment's text (from its `%`, or from inside `<!--`), if any. */
function directiveOf(comment: Mapped, anchor: number): Directive | null {
  const head = DIRECTIVE.exec(comment.text);
  if (!head) return null;
  let end = comment.text.length;
  while (end > head[0].length && /\s/.test(comment.text[end - 1]!)) end--;
  return { key: head[1]!.toLowerCase() as DirectiveKey, value: sliceMapped(comment, head[0].length, end), offset: originAt(comment, 0), anchor };
}

/** A `%` that starts a comment: not escaped by an odd run of backslashes. */
function isCommentStart(text: string, i: number): boolean {
  let backslashes = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 0;
}

/** Removes `%` comments from math (keeping the line break), collecting their directives. */
export function stripComments(m: Mapped): { readonly math: Mapped; readonly directives: readonly Directive[] } {
  if (!m.text.includes('%')) return { math: m, directives: [] };
  const builder = new MappedBuilder();
  const directives: Directive[] = [];
  let copied = 0;
  let lineStart = 0;
  for (let i = 0; i < m.text.length; i++) {
    const c = m.text[i];
    if (c === '\n') { lineStart = i + 1; continue; }
    if (c !== '%' || !isCommentStart(m.text, i)) continue;
    let eol = m.text.indexOf('\n', i);
    if (eol < 0) eol = m.text.length;
    builder.append(m, copied, i);
    const firstMath = m.text.slice(lineStart, i).search(/\S/);
    const directive = directiveOf(sliceMapped(m, i, eol), firstMath < 0 ? -1 : originAt(m, lineStart + firstMath));
    if (directive) directives.push(directive);
    copied = eol;
    i = eol - 1;
  }
  builder.append(m, copied);
  return { math: builder.build(), directives };
}

/** Index of `closer` at or after `from`, skipping `%` comments and escaped characters; -1 if none. */
function findCloser(text: string, from: number, closer: string, stopAt = text.length): number {
  for (let i = from; i < stopAt; i++) {
    const c = text[i];
    if (c === closer[0] && text.startsWith(closer, i)) return i;
    if (c === '\\') i++;
    else if (c === '%') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) return -1;
      i = eol;
    }
  }
  return -1;
}

const unclosed = (what: string, closer: string, offset: number, posOf: PosOf): InputError => {
  const pos = posOf(offset);
  return new InputError(`${what} opened at ${pos.line}:${pos.column} is never closed: expected ${closer} before the end of the file`, pos);
};

// ---------------------------------------------------------------------------------------
// Prose around the displays.

/** How far back a sentence is read for the words that make inline math a definition. */
const LEAD_LIMIT = 240;
/** (an abbreviation's full stop, "i.e. $y < 1$", ends no sentence) */
const SENTENCE_END = /(?<!\b(?:i\.\s?e|e\.\s?g|cf|resp|vs))[.!?;](?=\s)|\n[ \t]*\n/g;

/** The sentence before offset `at` (from its start, at most LEAD_LIMIT characters), lower-cased. */
export function sentenceBefore(file: string, at: number): string {
  // (a comment, `% assume: 0 < q < 1`, is no part of the prose: its "assume" made "the case $q = p$" a
  // definition; it is dropped before sentences are cut, from the start of the line the window opens in)
  const lineStart = file.lastIndexOf('\n', Math.max(0, at - LEAD_LIMIT) - 1) + 1;
  const window = file.slice(lineStart, at).replace(/(?<![\\\d])%[^\n]*/g, ' ').slice(-LEAD_LIMIT);
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) start = m.index + m[0].length;
  return window.slice(start).replace(/\s+/g, ' ').toLowerCase();
}

/** The display a clause continues: only the display's closing, white space, punctuation and
 *  "where"/"with"/"here" lie between its end and `at`… */
const CONTINUING = /^(?:\s*(?:\\end\s*\{[^{}]*\}|\\\]|\$\$))*[\s,;:]*(?:where|with|here|and)\b[^.!?$]*$/i;
/** …or a condition that goes on the display's sentence, a few words at most before it ("for all", "valid
 *  whenever", "which holds only for", "assuming", "given that", in lower case: "When $P$ …" opens a
 *  sentence of its own):
 *  `\[ \sqrt{(x-1)^2} = x - 1 \]` "for $x \ge 1$" is said of the display. */
const QUALIFYING = /^(?:\s*(?:\\end\s*\{[^{}]*\}|\\\]|\$\$))*[\s,;:(—–-]*(?:[a-z][a-z'’\s,—–-]{0,80}?\s)?(?:for(?:\s+(?:all|every|any|each))?(?:\s+(?:positive|negative|non-?negative|non-?positive))?|whenever|when|provided(?:\s+that)?|if|iff|unless|as\s+long\s+as|so\s+long\s+as|except|other\s+than|assuming|given(?:\s+that)?|once|in\s+case|as\s+soon\s+as|requires|on|in)(?:\s+(?:no|some|at\s+least\s+one|the|real|values?\s+of))*\s*$/;
export function continuedDisplay(file: string, lastDisplay: { offset: number; end: number } | null, at: number): { display: number | null; qualifies: boolean } {
  if (!lastDisplay || at - lastDisplay.end >= LEAD_LIMIT) return { display: null, qualifies: false };
  const between = file.slice(lastDisplay.end, at);
  if (CONTINUING.test(between)) return { display: lastDisplay.offset, qualifies: false };
  // (a blank line between is how Markdown sets a `$$` block apart: a paragraph opening in lower case goes on)
  return QUALIFYING.test(between) ? { display: lastDisplay.offset, qualifies: true } : { display: null, qualifies: false };
}

// ---------------------------------------------------------------------------------------
// LaTeX files.

/** `\name` (letters, then an optional `*`) or `\c` at i. */
function commandNameAt(file: string, i: number): string {
  let j = i + 1;
  for (let c = file.charCodeAt(j); (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 64; c = file.charCodeAt(++j)) { /* letters */ }
  if (j === i + 1) return file.slice(i, i + 2);
  return file.slice(i, file[j] === '*' ? j + 1 : j);
}

/** The `\fi` that ends an `\iffalse` (searched from its end, never copying the file). */
const IFFALSE_END = /\\fi(?![A-Za-z])/g;

export function scanTex(file: string, posOf: PosOf): ScanEvent[] {
  const events: ScanEvent[] = [];
  let lastDisplay: { offset: number; end: number } | null = null;
  const display = (env: string, offset: number, start: number, end: number): void => {
    events.push({ kind: 'display', env, offset, math: () => fileSlice(file, start, end), inline: false });
    lastDisplay = { offset, end };
  };
  const prose = (offset: number, start: number, end: number, closer: number): void => {
    events.push({ kind: 'prose', offset, end: end + closer, math: () => fileSlice(file, start, end), lead: sentenceBefore(file, offset), ...continuedDisplay(file, lastDisplay, offset) });
  };
  const special = /[%\\$]/g;
  let inlineParenUnclosed = false;
  let i = 0;
  while (i < file.length) {
    special.lastIndex = i;
    const found = special.exec(file);
    if (!found) break;
    i = found.index;
    const c = file[i];
    if (c === '%') {
      let eol = file.indexOf('\n', i);
      if (eol < 0) eol = file.length;
      const directive = directiveOf(fileSlice(file, i, eol), -1);
      if (directive) events.push({ kind: 'directive', directive });
      i = eol;
      continue;
    }
    if (c === '$') {
      if (file[i + 1] === '$') {
        const close = findCloser(file, i + 2, '$$');
        if (close < 0) throw unclosed('$$', '$$', i, posOf);
        display('$$', i, i + 2, close);
        i = close + 2;
      } else {
        const close = findCloser(file, i + 1, '$');
        if (close >= 0) prose(i, i + 1, close, 1);
        i = close < 0 ? i + 1 : close + 1;
      }
      continue;
    }
    const name = commandNameAt(file, i);
    // `\iffalse … \fi` is compiled out, like a comment: "Let $x > 0$." inside it assumed x > 0
    if (name === '\\iffalse') {
      IFFALSE_END.lastIndex = i + name.length;
      i = IFFALSE_END.exec(file) ? IFFALSE_END.lastIndex : file.length;
      continue;
    }
    if (name === '\\begin') {
      const env = /^\\begin\s*\{([^{}\s]{1,40})\}/.exec(file.slice(i, i + 64));
      if (env && DISPLAY_ENVIRONMENTS.has(env[1]!)) {
        const closer = `\\end{${env[1]}}`;
        const start = i + env[0].length;
        const close = findCloser(file, start, closer);
        if (close < 0) throw unclosed(`\\begin{${env[1]}}`, closer, i, posOf);
        display(env[1]!, i, start, close);
        i = close + closer.length;
        continue;
      }
      if (env && VERBATIM_ENVIRONMENTS.has(env[1]!)) {
        const close = file.indexOf(`\\end{${env[1]}}`, i + env[0].length);
        i = close < 0 ? file.length : close + env[1]!.length + 6;
        continue;
      }
    } else if (name === '\\[' || name === '\\(') {
      const closer = name === '\\[' ? '\\]' : '\\)';
      const close = name === '\\(' && inlineParenUnclosed ? -1 : findCloser(file, i + 2, closer);
      if (close < 0) {
        if (name === '\\[') throw unclosed('\\[', '\\]', i, posOf);
        inlineParenUnclosed = true;
        i += 2;
        continue;
      }
      if (name === '\\[') display('\\[', i, i + 2, close);
      else prose(i, i + 2, close, 2);
      i = close + 2;
      continue;
    } else if (name === '\\verb' || name === '\\verb*') {
      const delimiter = file[i + name.length];
      const close = delimiter === undefined ? -1 : file.indexOf(delimiter, i + name.length + 1);
      const eol = file.indexOf('\n', i);
      i = close < 0 || (eol >= 0 && close > eol) ? i + name.length : close + 1;
      continue;
    } else if (isDefinitionCommand(name.replace(/\*$/, ''))) {
      const definition = parseDefinition(file, i);
      if (definition) {
        events.push({ kind: 'definition', definition, offset: i });
        i = definition.end;
        continue;
      }
    }
    i += Math.max(2, name.length);
  }
  return events;
}

// ---------------------------------------------------------------------------------------
// Markdown files.

/** Offsets [start, end) of fenced code blocks (``` or ~~~), unclosed ones running to the end. */
function codeFences(file: string): [number, number][] {
  const fences: [number, number][] = [];
  const line = /^ {0,3}(`{3,}|~{3,})[^\n]*$/gm;
  let open: { start: number; marker: string } | null = null;
  for (let found = line.exec(file); found; found = line.exec(file)) {
    const marker = found[1]!;
    if (!open) open = { start: found.index, marker };
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && found[0].trim() === marker) {
      fences.push([open.start, found.index + found[0].length]);
      open = null;
    }
  }
  if (open) fences.push([open.start, file.length]);
  return fences;
}

/**
 * Markdown's backslash escapes inside math: `\_` → `_`, `\*` → `*` always; in a file written
 * with doubled backslashes (`\\\\` row breaks, `\\frac`), every `\\` is one backslash.
 */
export function unescapeMarkdown(m: Mapped, doubled: boolean): Mapped {
  if (!m.text.includes('\\')) return m;
  const builder = new MappedBuilder();
  let copied = 0;
  for (let i = 0; i < m.text.length; i++) {
    if (m.text[i] !== '\\') continue;
    const next = m.text[i + 1];
    if (next === '_' || next === '*') {
      builder.append(m, copied, i);
      copied = i + 1;
      i++;
    } else if (next === '\\' && doubled) {
      builder.append(m, copied, i + 1);
      copied = i + 2;
      i++;
    } else i++;
  }
  builder.append(m, copied);
  return builder.build();
}

const CONNECTIVE = /^\s*(\\therefore|\\implies|\\Rightarrow|\\Longrightarrow|⇒|∴)\s*$/;
const STARTS_WITH_CONNECTIVE = /^\s*(\\therefore|\\implies|\\Rightarrow|\\Longrightarrow)/;
const CONNECTIVE_COMMAND = /\\(therefore|implies|Rightarrow|Longrightarrow)(?![A-Za-z])/;

/** One piece that holds a connective with math on both sides (`$a = b \implies c = d$`). */
function holdsConnectiveChain(text: string): boolean {
  const found = CONNECTIVE_COMMAND.exec(text);
  return found !== null && text.slice(0, found.index).trim() !== '' && text.slice(found.index + found[0].length).trim() !== '';
}

interface InlinePiece { readonly start: number; readonly end: number; readonly paragraph: number }

/** Inline `$…$` pieces that form a chain: joined by a connective, or one piece holding one. */
function inlineChains(file: string, pieces: readonly InlinePiece[], doubled: boolean, lastDisplay: { offset: number; end: number } | null): ScanEvent[] {
  const events: ScanEvent[] = [];
  let k = 0;
  while (k < pieces.length) {
    const builder = new MappedBuilder().append(fileSlice(file, pieces[k]!.start, pieces[k]!.end));
    let last = k;
    while (last + 1 < pieces.length && pieces[last + 1]!.paragraph === pieces[k]!.paragraph) {
      const gapStart = pieces[last]!.end + 1;
      const gapEnd = pieces[last + 1]!.start - 1;
      const gap = file.slice(gapStart, gapEnd);
      const next = pieces[last + 1]!;
      const word = CONNECTIVE.exec(gap);
      if (!word && !(gap.trim() === '' && STARTS_WITH_CONNECTIVE.test(file.slice(next.start, next.end)))) break;
      if (word) {
        const at = gapStart + gap.indexOf(word[1]!);
        builder.appendSynthetic(' ', at).append(fileSlice(file, at, at + word[1]!.length));
      }
      builder.appendSynthetic(' ', next.start).append(fileSlice(file, next.start, next.end));
      last++;
    }
    const math = builder.build();
    if (last > k || holdsConnectiveChain(math.text)) {
      events.push({ kind: 'display', env: '$', offset: pieces[k]!.start - 1, math: () => unescapeMarkdown(withTextConnectives(math), doubled), inline: true });
    } else {
      const piece = pieces[k]!;
      events.push({
        kind: 'prose', offset: piece.start - 1, end: piece.end + 1, math: () => unescapeMarkdown(fileSlice(file, piece.start, piece.end), doubled),
        lead: sentenceBefore(file, piece.start - 1), ...continuedDisplay(file, lastDisplay, piece.start - 1),
      });
    }
    k = last + 1;
  }
  return events;
}

/** Unicode connectives from prose become the LaTeX commands the relation table knows. */
function withTextConnectives(m: Mapped): Mapped {
  if (!/[⇒∴]/.test(m.text)) return m;
  const builder = new MappedBuilder();
  let copied = 0;
  for (let i = 0; i < m.text.length; i++) {
    const c = m.text[i];
    if (c !== '⇒' && c !== '∴') continue;
    builder.append(m, copied, i).appendSynthetic(c === '⇒' ? '\\Rightarrow ' : '\\therefore ', originAt(m, i));
    copied = i + 1;
  }
  return builder.append(m, copied).build();
}

export function scanMarkdown(file: string, posOf: PosOf): ScanEvent[] {
  const events: ScanEvent[] = [];
  // Doubled style: a lone run of exactly four backslashes, or two before a command name.
  const doubled = /(?<!\\)(?:\\{4}(?!\\)|\\{2}(?:frac|sum|log|mathbb|mathcal|mathbf|alpha|beta|theta|mu|sigma|text|left|right|begin|end)\b)/.test(file);
  const fences = codeFences(file);
  let fence = 0;
  let pieces: InlinePiece[] = [];
  let paragraph = 0;
  const inlineMemo = { searchedUpTo: -1 };
  let lastDisplay: { offset: number; end: number } | null = null;
  const flushInline = (): void => {
    events.push(...inlineChains(file, pieces, doubled, lastDisplay));
    pieces = [];
  };
  const special = /[$`\\<\n]/g;
  let i = lineDirective(file, 0, events);
  while (i < file.length) {
    while (fence < fences.length && fences[fence]![1] <= i) fence++;
    if (fence < fences.length && fences[fence]![0] <= i) { i = fences[fence]![1]; paragraph++; continue; }
    special.lastIndex = i;
    const found = special.exec(file);
    if (!found) break;
    const nextFence = fence < fences.length ? fences[fence]![0] : file.length;
    if (found.index >= nextFence) { i = nextFence; continue; }
    i = found.index;
    const c = file[i];
    if (c === '\n') {
      if (/^[ \t]*(\n|$)/.test(file.slice(i + 1, i + 80))) paragraph++;
      i++;
      i = lineDirective(file, i, events);
    } else if (c === '\\') {
      i += 2;
      // a hard line break (`\` at the end of a line) still starts a line
      if (file[i - 1] === '\n') i = lineDirective(file, i, events);
    } else if (c === '`') {
      const run = /^`+/.exec(file.slice(i, i + 32))![0];
      const close = file.indexOf(run, i + run.length);
      i = close < 0 || close > nextFence ? i + run.length : close + run.length;
    } else if (c === '<') {
      if (!file.startsWith('<!--', i)) { i++; continue; }
      const close = file.indexOf('-->', i + 4);
      const end = close < 0 ? file.length : close;
      const directive = directiveOf(fileSlice(file, i + 4, end), -1);
      if (directive) events.push({ kind: 'directive', directive });
      i = close < 0 ? file.length : close + 3;
    } else if (file[i + 1] === '$') {
      const close = findCloser(file, i + 2, '$$', nextFence);
      if (close < 0) throw unclosed('$$', '$$', i, posOf);
      flushInline();
      const start = i + 2;
      events.push({ kind: 'display', env: '$$', offset: i, math: () => unescapeMarkdown(fileSlice(file, start, close), doubled), inline: false });
      lastDisplay = { offset: i, end: close + 2 };
      i = close + 2;
      paragraph++;
    } else {
      const close = inlineCloser(file, i, nextFence, inlineMemo);
      if (close < 0) { i++; continue; }
      pieces.push({ start: i + 1, end: close, paragraph });
      if (pieces.length > 1 && pieces[pieces.length - 2]!.paragraph !== paragraph) {
        const current = pieces.pop()!;
        flushInline();
        pieces.push(current);
      }
      i = close + 1;
    }
  }
  flushInline();
  return events;
}

/**
 * A directive on a line of its own in Markdown prose (`% assume: a > 0, b > 0`), read as its
 * `<!-- assume: … -->` form is: pushed to `events`, the scan resumes at the line's end. Any other
 * line, and a `%` after other text on its line, is prose; returns `lineStart` then.
 */
function lineDirective(file: string, lineStart: number, events: ScanEvent[]): number {
  const indent = /^ {0,3}%/.exec(file.slice(lineStart, lineStart + 4));
  if (!indent) return lineStart;
  let eol = file.indexOf('\n', lineStart);
  if (eol < 0) eol = file.length;
  const directive = directiveOf(fileSlice(file, lineStart + indent[0].length - 1, eol), -1);
  if (!directive) return lineStart;
  events.push({ kind: 'directive', directive });
  return eol;
}

/** Pandoc's rule for inline `$`: no space after the opener, none before the closer,
 *  no digit after the closer, within the paragraph. A failed search leaves in `memo` how
 *  far it looked: a later opener before that point cannot close either (keeps it linear). */
function inlineCloser(file: string, open: number, stopAt: number, memo: { searchedUpTo: number }): number {
  if (/\s/.test(file[open + 1] ?? ' ') || open < memo.searchedUpTo) return -1;
  for (let i = open + 1; i < stopAt; i++) {
    const c = file[i];
    if (c === '\\') { i++; continue; }
    if (c === '\n' && /^[ \t]*\n/.test(file.slice(i + 1, i + 80))) { memo.searchedUpTo = i; return -1; }
    if (c === '$' && !/\s/.test(file[i - 1]!) && !/\d/.test(file[i + 1] ?? '')) return i;
  }
  memo.searchedUpTo = stopAt;
  return -1;
}
