/**
 * A shallow LaTeX tokenizer and nesting analysis for the document reader.
 *
 * Owns: splitting math text into tokens (control words, control symbols, `\begin{x}` /
 * `\end{x}` as single tokens, whitespace runs, single characters) and computing, in one
 * iterative pass, how deeply each token is nested, so that later stages can find
 * top-level `\\`, `&` and relation symbols. Must not: give meaning to math (the parser
 * in parse.ts does that) or expand macros.
 *
 * Everything here is a loop over an array with an explicit stack: nesting depth never
 * costs call-stack depth, and each function is linear in the token count.
 */

export type TokenKind = 'word' | 'symbol' | 'begin' | 'end' | 'space' | 'char';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written: `\alpha`, `\\`, `\begin{align*}`, `  `, `=`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Environment name of a begin/end token. */
  readonly env: string;
}

const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isSpaceCode = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === 12;

/** Reads `{name}` after \begin / \end (spaces allowed before it); returns [name, end] or null. */
function readEnvName(text: string, from: number): [string, number] | null {
  let i = from;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  if (text[i] !== '{') return null;
  const close = text.indexOf('}', i + 1);
  if (close < 0 || close - i > 64) return null;
  const name = text.slice(i + 1, close).trim();
  return /^[A-Za-z@*]+$/.test(name) ? [name, close + 1] : null;
}

/** The one token starting at offset i of `text` (i < text.length). */
export function tokenAt(text: string, i: number): Token {
  const code = text.charCodeAt(i);
  if (code === 92 /* \ */) {
    let j = i + 1;
    while (j < text.length && isLetter(text.charCodeAt(j))) j++;
    if (j === i + 1) j = Math.min(text.length, i + 2);
    const word = text.slice(i, j);
    if (word === '\\begin' || word === '\\end') {
      const env = readEnvName(text, j);
      if (env) return { kind: word === '\\begin' ? 'begin' : 'end', text: text.slice(i, env[1]), start: i, end: env[1], env: env[0] };
    }
    return { kind: j - i > 2 || isLetter(text.charCodeAt(i + 1)) ? 'word' : 'symbol', text: word, start: i, end: j, env: '' };
  }
  if (isSpaceCode(code)) {
    let j = i;
    while (j < text.length && isSpaceCode(text.charCodeAt(j))) j++;
    return { kind: 'space', text: text.slice(i, j), start: i, end: j, env: '' };
  }
  const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
  return { kind: 'char', text: text.slice(i, i + width), start: i, end: i + width, env: '' };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length;) {
    const token = tokenAt(text, i);
    tokens.push(token);
    i = token.end;
  }
  return tokens;
}

/** How a token takes part in nesting. `delimiter` is the token after \left, \right, \middle. */
export const Role = { Plain: 0, Open: 1, Close: 2, Delimiter: 3 } as const;

export interface Nesting {
  /** Depth of each token: openers and closers stand at the outer depth. */
  readonly depth: readonly number[];
  readonly role: readonly number[];
}

/** A plain array of n copies of `value` (cheaper than small typed arrays here). */
export function filled(n: number, value: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < n; i++) array.push(value);
  return array;
}

const BRACKET_OPENERS = new Set(['(', '[', '\\{', '\\lvert', '\\lVert', '\\langle', '\\lfloor', '\\lceil']);
const BRACKET_CLOSERS = new Set([')', ']', '\\}', '\\rvert', '\\rVert', '\\rangle', '\\rfloor', '\\rceil']);

/**
 * Nesting of every token. Braces and environments always nest; with `brackets` also
 * parentheses, square brackets, `\{ \}`, `\left … \right` and paired delimiters, which
 * are treated as one class so that half-open intervals like `(0, 1]` still close.
 * Unmatched closers are plain tokens; a `}` closes any brackets left open inside it.
 */
export function nesting(tokens: readonly Token[], brackets: boolean): Nesting {
  const depth = filled(tokens.length, 0);
  const role = filled(tokens.length, 0);
  const stack: string[] = [];
  const popTo = (kind: string): boolean => {
    const at = stack.lastIndexOf(kind);
    if (at < 0) return false;
    stack.length = at;
    return true;
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    depth[k] = stack.length;
    const text = token.text;
    if (token.kind === 'char' && text === '{') { role[k] = Role.Open; stack.push('{'); continue; }
    if (token.kind === 'char' && text === '}') {
      if (popTo('{')) { role[k] = Role.Close; depth[k] = stack.length; }
      continue;
    }
    if (token.kind === 'begin') { role[k] = Role.Open; stack.push(`env:${token.env}`); continue; }
    if (token.kind === 'end') {
      if (popTo(`env:${token.env}`)) { role[k] = Role.Close; depth[k] = stack.length; }
      continue;
    }
    if (!brackets) continue;
    const isLeft = text === '\\left';
    const isRight = text === '\\right';
    if (isLeft || isRight || text === '\\middle') {
      const next = nextNonSpace(tokens, k + 1);
      if (isLeft) { role[k] = Role.Open; stack.push('('); }
      if (isRight && stack[stack.length - 1] === '(') { stack.pop(); role[k] = Role.Close; depth[k] = stack.length; }
      if (next < tokens.length) {
        for (let s = k + 1; s <= next; s++) { depth[s] = depth[k]!; role[s] = Role.Delimiter; }
        k = next;
      }
      continue;
    }
    if (BRACKET_OPENERS.has(text)) { role[k] = Role.Open; stack.push('('); continue; }
    if (BRACKET_CLOSERS.has(text) && stack[stack.length - 1] === '(') {
      stack.pop();
      role[k] = Role.Close;
      depth[k] = stack.length;
    }
  }
  return { depth, role };
}

export function nextNonSpace(tokens: readonly Token[], from: number): number {
  let k = from;
  while (k < tokens.length && tokens[k]!.kind === 'space') k++;
  return k;
}

export function previousNonSpace(tokens: readonly Token[], from: number): number {
  let k = from;
  while (k >= 0 && tokens[k]!.kind === 'space') k--;
  return k;
}

/** For each `{` the index of its `}` (and back); -1 where unmatched. One pass, explicit stack. */
export function matchBraces(tokens: readonly Token[]): number[] {
  const match = filled(tokens.length, -1);
  const open: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.kind !== 'char') continue;
    if (token.text === '{') open.push(k);
    else if (token.text === '}' && open.length > 0) {
      const at = open.pop()!;
      match[at] = k;
      match[k] = at;
    }
  }
  return match;
}

/** A macro-like argument at token `from`: a brace group (inner token range) or one token.
 *  Returns [innerStart, innerEnd, next] or null when there is none. */
export function argumentAt(tokens: readonly Token[], match: readonly number[], from: number): [number, number, number] | null {
  const k = nextNonSpace(tokens, from);
  if (k >= tokens.length) return null;
  const token = tokens[k]!;
  if (token.kind === 'char' && token.text === '{') {
    const close = match[k]!;
    return close < 0 ? null : [k + 1, close, close + 1];
  }
  if (token.kind === 'char' && token.text === '}') return null;
  return [k, k + 1, k + 1];
}

/** Spacing commands that carry no math: they may stand around justifications and be trimmed. */
export const SPACING = new Set([
  '\\quad', '\\qquad', '\\,', '\\;', '\\:', '\\!', '\\ ', '~', '\\>', '\\enspace', '\\thinspace',
  '\\medspace', '\\thickspace', '\\negthinspace', '\\displaystyle', '\\textstyle', '\\hfill',
]);

/** Spacing commands taking one argument (`\hspace{1em}`). */
export const SPACING_WITH_ARGUMENT = new Set(['\\hspace', '\\hspace*', '\\hskip', '\\mkern', '\\mspace', '\\kern', '\\vspace']);

export const isSpacingToken = (token: Token): boolean =>
  token.kind === 'space' || SPACING.has(token.text) || (token.kind === 'symbol' && token.text === '\\ ');
