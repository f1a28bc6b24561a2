/**
 * Math LaTeX → tokens, with decoration already removed.
 *
 * Owns: splitting a math string into commands, letters, numbers and
 * punctuation, each with its offset; mapping Unicode to commands; dropping
 * pure decoration (`\left`, `\quad`, `\color{red}`, `\label{…}`, `~`, `&`, comments).
 * Must not: decide meaning (that is the parser) or build Expr.
 * Linear in the input; no recursion.
 */
import { InputError, type SourcePos } from '../diagnostic.js';
import {
  COMMAND_ALIASES, DECORATION, DELIMITER_SIZERS, DROP_WITH_ARGUMENT, UNICODE, UNICODE_FONT_LETTERS,
} from './notation.js';

export type TokenKind = 'cmd' | 'letter' | 'number' | 'char' | 'name' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** `\frac`, `x`, `12`, `(`; for kind 'name' a ready symbol name such as `\mathbb{R}`. */
  readonly text: string;
  /** Offset of the first character in the source string. */
  readonly start: number;
  readonly end: number;
  /** Whitespace (or removed decoration) stands between this token and the previous one. */
  readonly spaced: boolean;
}

/** Turns an offset of the source string into a position the user can find. */
export type Locate = (offset: number) => SourcePos;

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const PUNCTUATION = new Set('+-*/=<>()[]{}|,;:\'!^_.?'.split(''));

/** Raw lexing: every command, letter, number and punctuation mark, decoration included. */
function lex(src: string, locate: Locate): Token[] {
  const out: Token[] = [];
  let i = 0;
  let spaced = false;
  const push = (kind: TokenKind, text: string, start: number, end: number): void => {
    out.push({ kind, text, start, end, spaced });
    spaced = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '~' || c === '&') { spaced = true; i++; continue; }
    if (c === '%') { while (i < src.length && src[i] !== '\n') i++; spaced = true; continue; }
    if (c === '\\') {
      let j = i + 1;
      if (j >= src.length) throw new InputError('a lone backslash ends the formula', locate(i));
      if (isLetter(src[j]!)) { while (j < src.length && isLetter(src[j]!)) j++; }
      else j++;
      let text = src.slice(i, j);
      if ((text === '\\operatorname' || text === '\\hspace') && src[j] === '*') { text += '*'; j++; }
      // a spelling of a character (`\vert`, `\lvert` for `|`, `\lt` for `<`) is that character
      const spelled = COMMAND_ALIASES.get(text) ?? text;
      push(spelled.startsWith('\\') ? 'cmd' : 'char', spelled, i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = i;
      while (j < src.length && isDigit(src[j]!)) j++;
      if (src[j] === '.' && isDigit(src[j + 1] ?? '')) { j++; while (j < src.length && isDigit(src[j]!)) j++; }
      push('number', src.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (isLetter(c)) { push('letter', c, i, i + 1); i++; continue; }
    if (PUNCTUATION.has(c)) { push('char', c, i, i + 1); i++; continue; }
    const cp = String.fromCodePoint(src.codePointAt(i)!);
    const font = UNICODE_FONT_LETTERS.get(cp);
    if (font) { push('name', font, i, i + cp.length); i += cp.length; continue; }
    const mapped = UNICODE.get(cp);
    if (mapped) {
      push(mapped.startsWith('\\') ? 'cmd' : 'char', COMMAND_ALIASES.get(mapped) ?? mapped, i, i + cp.length);
      i += cp.length;
      continue;
    }
    throw new InputError(`unexpected character '${cp}' in a formula`, locate(i));
  }
  return out;
}

/** Index just past the braced group opening at `open` (or past the single token there). */
function skipArgument(tokens: readonly Token[], open: number, locate: Locate): number {
  if (open >= tokens.length) throw new InputError('expected an argument', locate(tokens[open - 1]?.end ?? 0));
  if (tokens[open]!.text !== '{' || tokens[open]!.kind !== 'char') return open + 1;
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'char') continue;
    if (t.text === '{') depth++;
    else if (t.text === '}' && --depth === 0) return k + 1;
  }
  throw new InputError("unbalanced braces: a '{' is never closed", locate(tokens[open]!.start));
}

/** Drops decoration; marks the next kept token as spaced so adjacency tests stay honest. */
function dropDecoration(tokens: readonly Token[], locate: Locate): Token[] {
  const out: Token[] = [];
  let spaced = false;
  for (let k = 0; k < tokens.length;) {
    const t = tokens[k]!;
    if (t.kind === 'cmd' && DECORATION.has(t.text)) {
      k++;
      const next = tokens[k];
      if (DELIMITER_SIZERS.has(t.text) && next?.kind === 'char' && next.text === '.') k++;
      spaced = true;
      continue;
    }
    if (t.kind === 'cmd' && DROP_WITH_ARGUMENT.has(t.text)) {
      k = skipArgument(tokens, k + 1, locate);
      spaced = true;
      continue;
    }
    out.push(spaced && !t.spaced ? { ...t, spaced: true } : t);
    spaced = false;
    k++;
  }
  return out;
}

/** Commands and marks after which TeX takes one character, so `x^12` is x^1·2 and `\frac12` is 1/2. */
const TAKES_ONE_DIGIT = new Set(['^', '_', '\\frac', '\\sqrt', '\\binom']);

/** Splits a multi-digit number that stands as an unbraced argument into its first digit and the rest. */
function splitDigitArguments(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    const fracSecond = out.length >= 2 && out[out.length - 2]!.text === '\\frac' && prev?.kind === 'number';
    if (t.kind === 'number' && t.text.length > 1 && prev && (TAKES_ONE_DIGIT.has(prev.text) || fracSecond)) {
      out.push({ ...t, text: t.text[0]!, end: t.start + 1 });
      const rest = t.text.slice(1);
      out.push({ kind: 'number', text: rest, start: t.start + 1, end: t.end, spaced: false });
    } else out.push(t);
  }
  return out;
}

/** Tokens of `src` without decoration, ending with one 'eof' token at `src.length`. */
export function tokenize(src: string, locate: Locate): Token[] {
  const tokens = splitDigitArguments(dropDecoration(lex(src, locate), locate));
  tokens.push({ kind: 'eof', text: '', start: src.length, end: src.length, spaced: true });
  return tokens;
}

/** True when `t` is the punctuation character `c`. */
export const isChar = (t: Token, c: string): boolean => t.kind === 'char' && t.text === c;
/** True when `t` is the command `c` (with backslash). */
export const isCmd = (t: Token, c: string): boolean => t.kind === 'cmd' && t.text === c;
