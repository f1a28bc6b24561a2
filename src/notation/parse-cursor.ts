/**
 * The parser's cursor over a token list: lookahead, sub-ranges (a braced
 * script is parsed as its own little formula), matching brackets, the nesting
 * budget and error reporting with source positions.
 *
 * Owns: navigation and errors. Must not: know any notation beyond brackets.
 * Matching brackets are computed once, in one linear pass, so no lookahead
 * ever rescans the input (parsing stays linear apart from the nesting bound).
 */
import { InputError } from '../diagnostic.js';
import { isChar, type Locate, type Token } from './tokens.js';

/** How deep formulas may nest before we refuse them (guards the JS stack). */
export const MAX_NESTING = 200;

/** Commands whose arguments belong to them when they stand alone as a script: `_\text{KL}`, `^\hat\theta`. */
const ONE_ARGUMENT = new Set([
  '\\hat', '\\widehat', '\\tilde', '\\widetilde', '\\bar', '\\overline', '\\check', '\\dot', '\\ddot', '\\breve',
  '\\mathbf', '\\boldsymbol', '\\bm', '\\mathbfit', '\\vec', '\\pmb', '\\mathcal', '\\cal', '\\mathbb', '\\Bbb',
  '\\mathscr', '\\mathfrak', '\\text', '\\textrm', '\\textit', '\\textbf', '\\mathrm', '\\mathit', '\\mathsf',
  '\\mathtt', '\\operatorname', '\\operatorname*', '\\mathop', '\\textnormal', '\\sqrt',
]);

/** What an open paren (or bracket) contains at its own level: decides application vs product without re-parsing. */
export interface ParenShape { readonly close: number; readonly commas: number; readonly bars: number; readonly mids: number }

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

export class Cursor {
  protected pos = 0;
  private limit: number;
  private depth = 0;
  /** Index of the matching `}` for every `{`. */
  private readonly braceMatch = new Map<number, number>();
  /** For every `(`: its `)` and what stands at its top level. */
  private readonly parenShapes = new Map<number, ParenShape>();

  constructor(protected readonly tokens: Token[], protected readonly locate: Locate) {
    this.limit = tokens.length - 1;
    this.indexBrackets();
  }

  private indexBrackets(): void {
    const braces: number[] = [];
    const stack: { at: number; commas: number; bars: number; mids: number }[] = [];
    this.tokens.forEach((t, i) => {
      if (t.kind === 'char' && OPENERS.has(t.text)) {
        if (t.text === '{') braces.push(i);
        stack.push({ at: i, commas: 0, bars: 0, mids: 0 });
      } else if (t.kind === 'char' && CLOSERS.has(t.text)) {
        if (t.text === '}') {
          const open = braces.pop();
          if (open === undefined) throw new InputError("unbalanced braces: '}' without a matching '{'", this.locate(t.start));
          this.braceMatch.set(open, i);
        }
        const top = stack.pop();
        if (top && this.tokens[top.at]!.text !== '{') this.parenShapes.set(top.at, { close: i, ...top });
      } else if (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (isChar(t, ',') || isChar(t, ';')) top.commas += isChar(t, ',') ? 1 : 0;
        if (isChar(t, ';') || t.text === '\\mid') top.mids++;
        if (isChar(t, '|')) top.bars++;
      }
    });
    const open = braces.pop();
    if (open !== undefined) throw new InputError("unbalanced braces: this '{' is never closed", this.locate(this.tokens[open]!.start));
  }

  // ------------------------------------------------------------ lookahead (public: notation families read through it)

  peek(k = 0): Token {
    const i = this.pos + k;
    return i < this.limit ? this.tokens[i]! : this.endToken();
  }
  private endToken(): Token {
    const at = this.tokens[this.limit]!.start;
    return { kind: 'eof', text: '', start: at, end: at, spaced: true };
  }
  protected atEnd(): boolean { return this.pos >= this.limit; }
  next(): Token {
    const t = this.peek();
    if (this.pos < this.limit) this.pos++;
    return t;
  }
  peekChar(c: string, k = 0): boolean { return isChar(this.peek(k), c); }
  peekCmd(c: string, k = 0): boolean { const t = this.peek(k); return t.kind === 'cmd' && t.text === c; }
  eatChar(c: string): boolean { if (this.peekChar(c)) { this.pos++; return true; } return false; }
  eatCmd(c: string): boolean { if (this.peekCmd(c)) { this.pos++; return true; } return false; }

  /** Consumes the closing `c` (a character like ')' or a command like '\\|'), or fails saying what was expected. */
  expectChar(c: string, what: string, opener?: Token): void {
    const t = this.peek();
    if ((t.kind === 'char' || t.kind === 'cmd') && t.text === c) { this.next(); return; }
    const where = opener ? ` to close the '${opener.text}' at column ${this.locate(opener.start).column}` : '';
    this.fail(`${[`expected '${c}'${where}`, what].filter((s) => s !== '').join(' ')}, found ${describe(this.peek())}`);
  }

  fail(message: string, at: Token = this.peek()): never {
    throw new InputError(message, this.locate(at.start));
  }

  /** Runs `f` one nesting level deeper; refuses formulas nested beyond MAX_NESTING. */
  protected nested<T>(f: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail(`formula nested more than ${MAX_NESTING} levels deep`);
    try { return f(); } finally { this.depth--; }
  }

  // ------------------------------------------------------------ ranges

  /** What the `(` at the cursor holds at its own level; an unclosed one is an input error. */
  protected parenShapeHere(): ParenShape {
    const shape = this.parenShapes.get(this.pos);
    if (!this.peekChar('(') || !shape) this.fail(`this '${this.peek().text}' is never closed by a matching ')'`);
    return shape;
  }

  /** What the `(` or `[` at the cursor holds at its own level, or undefined when it is never closed. */
  protected bracketShapeHere(): ParenShape | undefined {
    return this.peekChar('(') || this.peekChar('[') ? this.parenShapes.get(this.pos) : undefined;
  }

  /** True when the group at cursor offset k is `{( … )}` as a whole, like the script of x^{(i)}. */
  protected parenthesisedGroupAt(k: number): boolean {
    if (!this.peekChar('{', k) || !this.peekChar('(', k + 1)) return false;
    const shape = this.parenShapes.get(this.pos + k + 1);
    return shape !== undefined && shape.close + 1 === this.braceMatch.get(this.pos + k);
  }

  /** End (exclusive) of the argument unit starting at `i`: a braced group, or one token with its own arguments. */
  protected unitEnd(i: number): number {
    let pending = 1;
    let k = i;
    while (pending > 0) {
      if (k >= this.limit) this.fail('expected an argument, found the end of the formula');
      const t = this.tokens[k]!;
      pending--;
      if (isChar(t, '{')) k = this.braceMatch.get(k)! + 1;
      else { if (t.kind === 'cmd' && ONE_ARGUMENT.has(t.text)) pending++; k++; }
      if (k > this.limit) this.fail('an argument runs past the end of its group', t);
    }
    return k;
  }

  /** Reads one argument (a braced group or a single unit) and returns its inner token range; moves past it. */
  protected readArgument(what: string): { start: number; end: number } {
    const t = this.peek();
    if (t.kind === 'eof' || (t.kind === 'char' && CLOSERS.has(t.text))) this.fail(`expected ${what}, found ${describe(t)}`);
    if (isChar(t, '{')) {
      const close = this.braceMatch.get(this.pos)!;
      const range = { start: this.pos + 1, end: close };
      this.pos = close + 1;
      return range;
    }
    const end = this.unitEnd(this.pos);
    const range = { start: this.pos, end };
    this.pos = end;
    return range;
  }

  /** Parses the token range as its own formula with `f`; the whole range must be used. */
  protected within<T>(range: { start: number; end: number }, f: () => T): T {
    const saved = { pos: this.pos, limit: this.limit };
    this.pos = range.start;
    this.limit = range.end;
    try {
      const out = f();
      if (!this.atEnd()) this.fail(`unexpected ${describe(this.peek())}`);
      return out;
    } finally {
      this.pos = saved.pos;
      this.limit = saved.limit;
    }
  }

  /** Token texts of a range, for reading words such as `\text{const}`. */
  protected rangeTokens(range: { start: number; end: number }): readonly Token[] {
    return this.tokens.slice(range.start, range.end);
  }
}

export function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end of the formula' : `'${t.text}'`;
}
