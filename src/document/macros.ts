/**
 * User macros: reading their definitions and expanding them in math text.
 *
 * Owns: `\newcommand` / `\renewcommand` / `\providecommand` (with `[n]` and an optional
 * argument's default), `\def`, `\let`, `\DeclareMathOperator(*)`, `\DeclarePairedDelimiter`,
 * and a bounded, iterative expander that keeps every character mapped to the file
 * (argument text keeps its own position, macro bodies map to the macro call).
 * Must not: report undefined commands (the parser knows which commands it understands;
 * unknown ones simply stay in the text) or recurse on the call stack.
 *
 * Budgets: at most MAX_EXPANSIONS macro calls, MAX_TOKENS produced tokens and an output
 * MAX_GROWTH times the input (plus an allowance) per piece of math; exceeding one is an
 * InputError at the call that tipped it over.
 */
import { InputError } from '../diagnostic.js';
import { MappedBuilder, originAt, type Mapped, type PosOf } from './document-text.js';
import { tokenAt, tokenize, type Token } from './document-tokens.js';

export interface MacroDef {
  readonly name: string;
  /** Number of arguments, the optional one included. */
  readonly params: number;
  /** Default of the first argument when it is optional (`[2][x]`), else null. */
  readonly optionalDefault: string | null;
  readonly body: readonly Token[];
  /** `\DeclarePairedDelimiter`: accepts and drops `*` and `[\big]` before its argument. */
  readonly pairedDelimiter: boolean;
}

export type MacroTable = Map<string, MacroDef>;

export interface ParsedDefinition {
  /** null when the definition is well formed but not supported (delimited `\def` parameters). */
  readonly def: MacroDef | null;
  /** `\providecommand` does not replace an existing macro. */
  readonly keepExisting: boolean;
  /** Offset just after the whole definition. */
  readonly end: number;
}

const DEFINITION_COMMANDS = new Set([
  '\\newcommand', '\\renewcommand', '\\providecommand', '\\def', '\\gdef', '\\edef', '\\xdef', '\\let',
  '\\DeclareMathOperator', '\\DeclarePairedDelimiter',
]);

export const isDefinitionCommand = (name: string): boolean => DEFINITION_COMMANDS.has(name);

export const MAX_EXPANSIONS = 100_000;
export const MAX_TOKENS = 2_000_000;
/** Expanded math may be this many times longer than written (plus a fixed allowance). */
const MAX_GROWTH = 8;
const GROWTH_ALLOWANCE = 200_000;

// ---------------------------------------------------------------------------------------
// Reading definitions (string level, so the same code serves the file and the math).

const skipSpaces = (text: string, i: number): number => {
  let j = i;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  return j;
};

/** `\name` at i: [name, end], or null. */
function readCommandName(text: string, i: number): [string, number] | null {
  if (text[i] !== '\\' || i + 1 >= text.length) return null;
  let j = i + 1;
  for (let c = text.charCodeAt(j); (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 64; c = text.charCodeAt(++j)) { /* letters */ }
  if (j === i + 1) j = i + 2;
  return [text.slice(i, j), j];
}

/** Longest definition body read; a longer one (or one never closed) is not a definition. This
 *  also bounds the work an unclosed `\newcommand{\x}{` costs: no scan to the end of the file. */
const MAX_BODY = 65_536;

/** A balanced `{…}` at i: [innerStart, innerEnd, end], or null (never closed within MAX_BODY). */
export function readBraced(text: string, i: number): [number, number, number] | null {
  if (text[i] !== '{') return null;
  let depth = 0;
  const stop = Math.min(text.length, i + MAX_BODY);
  for (let j = i; j < stop; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === '%') { const eol = text.indexOf('\n', j); if (eol < 0) return null; j = eol; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return [i + 1, j, j + 1];
  }
  return null;
}

/** `[…]` at i (no nested brackets outside braces): [innerStart, innerEnd, end], or null. */
function readBracketed(text: string, i: number): [number, number, number] | null {
  if (text[i] !== '[') return null;
  let depth = 0;
  for (let j = i + 1; j < text.length && j < i + 4096; j++) {
    const c = text[j];
    if (c === '\\') { j++; continue; }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ']' && depth === 0) return [i + 1, j, j + 1];
  }
  return null;
}

/** The macro name after a definition command: `{\name}` or `\name`. */
function readDefinedName(text: string, i: number): [string, number] | null {
  const at = skipSpaces(text, i);
  if (text[at] === '{') {
    const group = readBraced(text, at);
    if (!group) return null;
    const name = readCommandName(text.slice(group[0], group[1]).trim(), 0);
    return name ? [name[0], group[2]] : null;
  }
  return readCommandName(text, at);
}

const makeDef = (name: string, params: number, optionalDefault: string | null, body: string, pairedDelimiter = false): MacroDef =>
  ({ name, params, optionalDefault, body: tokenize(body), pairedDelimiter });

/** Reads the definition whose command starts at `at`; null if `at` holds no definition command
 *  or it is malformed (the caller then skips the command name and goes on). */
export function parseDefinition(text: string, at: number): ParsedDefinition | null {
  const command = readCommandName(text, at);
  if (!command || !isDefinitionCommand(command[0])) return null;
  let i = command[1];
  const starred = text[i] === '*';
  if (starred) i++;
  switch (command[0]) {
    case '\\newcommand': case '\\renewcommand': case '\\providecommand':
      return parseNewcommand(text, i, command[0] === '\\providecommand');
    case '\\DeclareMathOperator': {
      const name = readDefinedName(text, i);
      const body = name && readBraced(text, skipSpaces(text, name[1]));
      if (!name || !body) return null;
      const operator = `\\operatorname${starred ? '*' : ''}{${text.slice(body[0], body[1])}}`;
      return { def: makeDef(name[0], 0, null, operator), keepExisting: false, end: body[2] };
    }
    case '\\DeclarePairedDelimiter': {
      const name = readDefinedName(text, i);
      const left = name && readBraced(text, skipSpaces(text, name[1]));
      const right = left && readBraced(text, skipSpaces(text, left[2]));
      if (!name || !left || !right) return null;
      const body = `\\left${text.slice(left[0], left[1]).trim()} #1 \\right${text.slice(right[0], right[1]).trim()}`;
      return { def: makeDef(name[0], 1, null, body, true), keepExisting: false, end: right[2] };
    }
    case '\\let': {
      const name = readCommandName(text, skipSpaces(text, i));
      if (!name) return null;
      let j = skipSpaces(text, name[1]);
      if (text[j] === '=') j = skipSpaces(text, j + 1);
      const target = readCommandName(text, j);
      if (!target) return null;
      return { def: makeDef(name[0], 0, null, target[0]), keepExisting: false, end: target[1] };
    }
    default:
      return parseDef(text, i);
  }
}

function parseNewcommand(text: string, from: number, keepExisting: boolean): ParsedDefinition | null {
  const name = readDefinedName(text, from);
  if (!name) return null;
  let i = skipSpaces(text, name[1]);
  let params = 0;
  let optionalDefault: string | null = null;
  const count = readBracketed(text, i);
  if (count) {
    params = Number(text.slice(count[0], count[1]).trim());
    if (!Number.isInteger(params) || params < 0 || params > 9) return null;
    i = skipSpaces(text, count[2]);
    const optional = readBracketed(text, i);
    if (optional) {
      optionalDefault = text.slice(optional[0], optional[1]);
      i = skipSpaces(text, optional[2]);
    }
  }
  const body = readBraced(text, i);
  if (!body) return null;
  return { def: makeDef(name[0], params, optionalDefault, text.slice(body[0], body[1])), keepExisting, end: body[2] };
}

/** `\def\name#1#2{body}`; delimited parameter text is read past but not supported. */
function parseDef(text: string, from: number): ParsedDefinition | null {
  const name = readCommandName(text, skipSpaces(text, from));
  if (!name) return null;
  const open = text.indexOf('{', name[1]);
  if (open < 0 || open - name[1] > 64) return null;
  const body = readBraced(text, open);
  if (!body) return null;
  const parameterText = text.slice(name[1], open).replace(/\s+/g, '');
  const simple = /^(#[1-9])*$/.test(parameterText);
  const def = simple ? makeDef(name[0], parameterText.length / 2, null, text.slice(body[0], body[1])) : null;
  return { def, keepExisting: false, end: body[2] };
}

/** Adds a parsed definition to the table, honouring `\providecommand`. */
export function registerDefinition(table: MacroTable, parsed: ParsedDefinition): void {
  if (!parsed.def) return;
  if (parsed.keepExisting && table.has(parsed.def.name)) return;
  table.set(parsed.def.name, parsed.def);
}

/** Every definition in a preamble (`--macros FILE`), skipping its comments. */
export function readPreamble(preamble: string, table: MacroTable): void {
  for (let i = 0; i < preamble.length; i++) {
    const c = preamble[i];
    if (c === '%') { const eol = preamble.indexOf('\n', i); if (eol < 0) break; i = eol; continue; }
    if (c !== '\\') continue;
    const parsed = parseDefinition(preamble, i);
    if (parsed) { registerDefinition(table, parsed); i = parsed.end - 1; } else i++;
  }
}

// ---------------------------------------------------------------------------------------
// Expansion (token level, iterative: a stack of frames of pending tokens).

/** A pending token: from the input (origin < 0: its characters keep their own places)
 *  or synthetic (from a macro body: every character maps to `origin`, the call). */
interface Item { readonly token: Token; readonly origin: number }
/** Pending tokens: a macro body's items, or (items null) the input text itself from `pos` on. */
interface Frame { readonly items: readonly Item[] | null; pos: number }

const isChar = (item: Item | undefined, text: string): boolean => item !== undefined && item.token.kind === 'char' && item.token.text === text;

/**
 * Expands the user macros of `table` in `input`. Definitions met in the input itself
 * are added to `table` (later text sees them) and removed from the output.
 * Input text between backslashes is copied in runs; only commands become tokens.
 */
export function expandMacros(input: Mapped, table: MacroTable, posOf: PosOf): Mapped {
  if (!/\\(newcommand|renewcommand|providecommand|g?def|edef|xdef|let|Declare)/.test(input.text) && !mentionsAny(input.text, table)) return input;
  const text = input.text;
  const frames: Frame[] = [{ items: null, pos: 0 }];
  const out = new MappedBuilder();
  let lastWasWord = false;
  let expansions = 0;
  let produced = 0;
  const maxLength = text.length * MAX_GROWTH + GROWTH_ALLOWANCE;

  const frameLength = (frame: Frame): number => frame.items ? frame.items.length : text.length;
  const itemAt = (frame: Frame, pos: number): Item => frame.items ? frame.items[pos]! : { token: tokenAt(text, pos), origin: -1 };
  const advance = (frame: Frame, item: Item): void => { frame.pos = frame.items ? frame.pos + 1 : item.token.end; };
  const dropExhausted = (): void => {
    while (frames.length > 0 && frames[frames.length - 1]!.pos >= frameLength(frames[frames.length - 1]!)) frames.pop();
  };
  const next = (): Item | undefined => {
    dropExhausted();
    const frame = frames[frames.length - 1];
    if (!frame) return undefined;
    const item = itemAt(frame, frame.pos);
    advance(frame, item);
    return item;
  };
  const peek = (skipSpaces: boolean): Item | undefined => {
    for (let f = frames.length - 1; f >= 0; f--) {
      const frame = frames[f]!;
      for (let p = frame.pos; p < frameLength(frame);) {
        const item = itemAt(frame, p);
        if (!skipSpaces || item.token.kind !== 'space') return item;
        p = frame.items ? p + 1 : item.token.end;
      }
    }
    return undefined;
  };
  const peekNonSpace = (): Item | undefined => peek(true);
  const skipSpaceItems = (): void => {
    while (peek(false)?.token.kind === 'space') next();
  };
  const callError = (message: string, call: Item): InputError =>
    new InputError(message, posOf(call.origin >= 0 ? call.origin : originAt(input, call.token.start)));

  /** Brace group (without its braces) or a single token. */
  const readArgument = (call: Item): Item[] => {
    skipSpaceItems();
    const first = next();
    if (first === undefined || isChar(first, '}')) throw callError(`${call.token.text} expects an argument here, found ${first ? '"}"' : 'the end of the math'}`, call);
    if (!isChar(first, '{')) return [first];
    const group: Item[] = [];
    let depth = 1;
    for (let item = next(); item !== undefined; item = next()) {
      if (isChar(item, '{')) depth++;
      else if (isChar(item, '}') && --depth === 0) return group;
      group.push(item);
    }
    throw callError(`${call.token.text}: its argument's "{" is never closed`, call);
  };
  /** `[…]` if one follows (LaTeX's optional argument), else null. */
  const readOptional = (): Item[] | null => {
    if (!isChar(peekNonSpace(), '[')) return null;
    skipSpaceItems();
    next();
    const group: Item[] = [];
    let depth = 0;
    for (let item = next(); item !== undefined; item = next()) {
      if (isChar(item, '{')) depth++;
      else if (isChar(item, '}')) depth--;
      else if (isChar(item, ']') && depth === 0) return group;
      group.push(item);
    }
    return group;
  };

  const expand = (call: Item, def: MacroDef): void => {
    expansions++;
    if (expansions > MAX_EXPANSIONS) throw callError(`macro expansion exceeds ${MAX_EXPANSIONS} calls while expanding ${def.name} (a recursive or exploding macro?)`, call);
    const callOrigin = call.origin >= 0 ? call.origin : originAt(input, call.token.start);
    const args: Item[][] = [];
    if (def.pairedDelimiter) {
      if (isChar(peekNonSpace(), '*')) { skipSpaceItems(); next(); }
      readOptional();
    }
    for (let a = 0; a < def.params; a++) {
      if (a === 0 && def.optionalDefault !== null) {
        args.push(readOptional() ?? tokenize(def.optionalDefault).map((token) => ({ token, origin: callOrigin })));
      } else args.push(readArgument(call));
    }
    const body = substitute(def.body, args, callOrigin);
    produced += body.length;
    if (produced > MAX_TOKENS) throw callError(`macro expansion exceeds ${MAX_TOKENS} tokens while expanding ${def.name} (a macro bomb?)`, call);
    if (out.size > maxLength) throw callError(`macro expansion makes the math longer than ${maxLength} characters while expanding ${def.name} (a macro bomb?)`, call);
    if (body.length > 0) frames.push({ items: body, pos: 0 });
  };

  const emit = (item: Item): void => {
    const { token } = item;
    const origin = item.origin >= 0 ? item.origin : originAt(input, token.start);
    if (lastWasWord && /^[A-Za-z]/.test(token.text)) out.appendSynthetic(' ', origin);
    if (item.origin >= 0) out.appendSynthetic(token.text, item.origin);
    else out.append(input, token.start, token.end);
    lastWasWord = token.kind === 'word';
  };

  for (;;) {
    dropExhausted();
    const top = frames[frames.length - 1];
    if (!top) break;
    if (!top.items) {
      const backslash = text.indexOf('\\', top.pos);
      const runEnd = backslash < 0 ? text.length : backslash;
      if (runEnd > top.pos) {
        if (lastWasWord && /[A-Za-z]/.test(text[top.pos]!)) out.appendSynthetic(' ', originAt(input, top.pos));
        out.append(input, top.pos, runEnd);
        lastWasWord = false;
        top.pos = runEnd;
        continue;
      }
    }
    const item = next()!;
    const { token } = item;
    if (token.kind === 'word') {
      const def = table.get(token.text);
      if (def) { expand(item, def); continue; }
      if (item.origin < 0 && isDefinitionCommand(token.text)) {
        const parsed = parseDefinition(text, token.start);
        if (parsed) {
          registerDefinition(table, parsed);
          frames[frames.length - 1]!.pos = parsed.end;
          continue;
        }
      }
    }
    emit(item);
  }
  return out.build();
}

function mentionsAny(text: string, table: MacroTable): boolean {
  if (table.size === 0) return false;
  for (const match of text.matchAll(/\\([A-Za-z@]+|.)/g)) if (table.has(match[0])) return true;
  return false;
}

/** The body's tokens with `#k` replaced by argument k and `##` by `#`; body tokens map to the call. */
function substitute(body: readonly Token[], args: readonly Item[][], callOrigin: number): Item[] {
  const items: Item[] = [];
  for (let k = 0; k < body.length; k++) {
    const token = body[k]!;
    const following = body[k + 1];
    if (token.text === '#' && following && following.kind === 'char') {
      const n = Number(following.text);
      if (Number.isInteger(n) && n >= 1 && n <= args.length) { for (const item of args[n - 1]!) items.push(item); k++; continue; }
      if (following.text === '#') { items.push({ token, origin: callOrigin }); k++; continue; }
    }
    items.push({ token, origin: callOrigin });
  }
  return items;
}
