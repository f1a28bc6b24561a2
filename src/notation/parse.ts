/**
 * Math LaTeX → Expr: a recursive-descent parser over the tokens of tokens.ts.
 *
 * Owns: the grammar (relations > sums > products > factors > primaries), the
 * notation not yet in a family module (symbols and scripts, probability,
 * binders, fractions, roots, norms, indicators, derivatives), the dispatch to
 * the families of families/ (information measures, variance: a word or an
 * applied symbol they claim), and the public entry points. Must not: evaluate,
 * simplify (beyond the normal forms of expr/model.ts), or import heavy libraries.
 *
 * Application vs product is decided by the symbol table (`isApplicable`), or by
 * the shape of the parenthesis when the table is silent: `f(a, b)` (a comma)
 * is an application, `\pi(a \mid s)` a distribution; `a(b+c)` is a product.
 * Every recursion goes through `nested`, so input nested beyond MAX_NESTING
 * is an InputError, never a stack overflow; no construct is parsed twice.
 */
import { InputError, type SourcePos } from '../diagnostic.js';
import {
  add, addAll, bind, children as childrenOf, CONST, domainExprs as domainExprsOf, key, mapChildren, deriv, fn, indicator, mul, mulAll, num, pow, prob, rel, sub, sym, call,
  type BinderOp, type Domain, type Expr, type RelOp, type SetLit, type Sym,
 distDomain, freeNames, IMPLICIT_START } from '../expr/model.js';
import { MATRIX_ORDER_SPELLINGS, VALUE_RELATION_SPELLINGS } from '../expr/relations.js';
import {
  defaultSymbols, implicitLaw, isApplicable, PLACEHOLDER, PROBABILITY_LAW, type SymbolInfo, type SymbolTable,
} from '../expr/symbols.js';
import type { MathText } from '../diagnostic.js';
import { Cursor, describe } from './parse-cursor.js';
import type { BinderScope, NotationReader } from './families/family.js';
import { overLaw, valueSymbols } from './families/random-variables.js';
import { familyOfSymbol, familyOfWord, isBareWord } from './families/registry.js';
import {
  ACCENTS, BARE_FUNCTION_WORDS, BOLD_FONTS, LETTER_COMMANDS, LIMIT_ARROWS, LIMIT_OPERATORS, SHAPE_FONTS, STANDARD_FUNCTIONS,
  WORD_COMMANDS,
} from './notation.js';
import { isChar, tokenize, type Locate, type Token } from './tokens.js';

/** An undefined macro or command: the checker reports it by name. */
export class UnknownCommandError extends InputError {
  constructor(readonly command: string, pos: SourcePos) {
    super(`undefined macro ${command}`, pos);
    this.name = 'UnknownCommandError';
  }
}

/** Kind hints the parser sees in the notation itself (bold marks), for scan-symbols. */
export interface KindHints {
  readonly vectors: Set<string>;
  readonly matrices: Set<string>;
  /** Distributions the formula applies by name (`p(x)`, `\Pr[A]`), for the document's implicit law. */
  readonly laws: Set<string>;
}

/** What a context adds to the always-closing tokens: `|` inside P(·|·) and |·|, `\|` inside norms and KL. */
interface Ctx {
  readonly closers: ReadonlySet<string>;
  /** Inside an integral body a `d x` ends the body. */
  readonly integral: boolean;
  /** The unparenthesised operand of a named function: another named function starts the next
   *  factor (`\sin x \cos x` is sin(x)·cos(x)). */
  readonly operand?: boolean;
}
const FRESH: Ctx = { closers: new Set(), integral: false };
/** The point of a Gaussian density ends at a bar as well as at `;` (`\mathcal N(x \mid \mu, \sigma^2)`). */
const POINT_OF_GAUSSIAN: Ctx = { closers: new Set(['|', '\\mid']), integral: false };
const withClosers = (ctx: Ctx, ...c: string[]): Ctx => ({ ...ctx, closers: new Set([...ctx.closers, ...c]) });
/** A binder's or derivative's body is a product of its own: an operand's stop does not reach into it. */
const bodyOf = (ctx: Ctx): Ctx => (ctx.operand ? { ...ctx, operand: false } : ctx);

/** Commands that cannot begin a factor (operators, closers, relations). */
const NON_STARTERS = new Set([
  '\\cdot', '\\times', '\\mid', '\\}', '\\dots', '\\top', '\\to', '\\rightarrow', '\\Rightarrow', '\\implies',
  '\\iff', '\\propto', '\\approx', '\\succ', '\\succeq', '\\prec', '\\preceq', '\\forall', '\\colon', '\\pm', '\\mp',
]);
const BINDER_COMMANDS: ReadonlyMap<string, BinderOp> = new Map([
  ['\\sum', 'sum'], ['\\prod', 'prod'], ['\\min', 'min'], ['\\max', 'max'], ['\\argmin', 'argmin'], ['\\argmax', 'argmax'],
]);
const OPTIMISE_WORDS: ReadonlyMap<string, BinderOp> = new Map([
  ['argmin', 'argmin'], ['argmax', 'argmax'], ['min', 'min'], ['max', 'max'],
]);
const CONST_WORDS = new Set(['const', 'constant', 'Const', 'cst']);
/** Commands that apply to the product after them; one of them ends another's operand. */
const NAMED_OPERATORS: ReadonlySet<string> = new Set([...STANDARD_FUNCTIONS, '\\log', '\\ln', '\\exp']);
/** Words whose application parseApplication reads itself (a law), not as a call; so are a family's symbols. */
const SPECIAL_APPLICATIONS = new Set(['Multinomial']);
/** Written as the one-sided mark of a limit point (`0^+`): +1 from above, -1 from below. */
const LIMIT_SIDES: ReadonlyMap<string, number> = new Map([['+', 1], ['-', -1]]);
const TRACE_WORDS = new Set(['tr', 'Tr', 'trace']);
/** Longer letter runs are never an upright word: they read as products of one-letter symbols. */
const MAX_BARE_WORD = 32;

type Range = { start: number; end: number };

/** How much prose a formula may hold: assumptions may say `f \text{ convex}`, steps may not. */
interface ParseMode { readonly assumption: boolean }

class MathParser extends Cursor implements NotationReader {
  readonly hints: KindHints = { vectors: new Set(), matrices: new Set(), laws: new Set() };

  constructor(tokens: Token[], locate: Locate, private readonly symbols: SymbolTable, private readonly mode: ParseMode) {
    super(tokens, locate);
  }

  // ---------------------------------------------------------------- top level

  parseTop(): Expr {
    this.skipQuantifier();
    const e = this.parseRelation(FRESH);
    // Sentence punctuation and a trailing `, \forall x` belong to the prose, not the formula.
    if ((this.peekChar(',') || this.peekChar('.')) && (this.peek(1).kind === 'eof' || this.peekCmd('\\forall', 1))) {
      this.next();
      if (this.eatCmd('\\forall')) while (!this.atEnd()) this.next();
    }
    if (!this.atEnd()) this.fail(`unexpected ${describe(this.peek())}`);
    return e;
  }

  /**
   * An assumption: `n \geq 1`, `\Sigma \succ 0` (read as > 0), `\beta_t \in (0, 1)`
   * (an interval), `0 < \beta_t < 1` (the same interval), `\mu_j \in \mathbb{R}^d`,
   * `f \text{ convex}` (a property word multiplies the subject, as a name). A longer chain
   * `0 < \bar\alpha_t < \bar\alpha_{t-1} < 1` states each neighbouring pair, so it reads as
   * several relations.
   */
  parseAssumptionTop(): Expr[] {
    this.skipQuantifier();
    const lhs = this.parseSum(FRESH);
    const op = this.relationHere();
    if (!op) {
      if (!this.atEnd()) this.fail(`unexpected ${describe(this.peek())}`);
      if (lhs.kind === 'mul' && lhs.factors.some((f) => f.kind === 'sym' && f.name.length > 1 && /^[a-z-]+$/.test(f.name))) return [lhs];
      return [this.fail('an assumption should be a relation such as x > 0, x \\in (0, 1) or f \\text{ convex}')];
    }
    const at = this.next();
    const rhs = op === 'in' && (this.peekChar('(') || this.peekChar('[')) ? this.parseInterval() : this.parseSum(FRESH);
    const terms = [lhs, rhs];
    const ops: RelOp[] = [op];
    const isLess = (o: RelOp): boolean => o === '<' || o === '<=';
    const isGreater = (o: RelOp): boolean => o === '>' || o === '>=';
    for (let next = this.relationHere(); next; next = this.relationHere()) {
      if (!(isLess(op) && isLess(next)) && !(isGreater(op) && isGreater(next))) this.fail(`only chains such as 0 < x < 1 or y > 0 > x are understood, found ${at.text} … ${this.peek().text}`);
      this.next();
      ops.push(next);
      terms.push(this.parseSum(FRESH));
    }
    if ((this.peekChar(',') || this.peekChar('.')) && this.peek(1).kind === 'eof') this.next();
    if (!this.atEnd()) this.fail(`unexpected ${describe(this.peek())}`);
    if (ops.length === 1) return op === 'in' ? membershipFacts(lhs, rhs) : [rel(op, lhs, rhs)];
    // `y > 0 > x` is `x < 0 < y`
    return isGreater(op) ? chainFacts([...terms].reverse(), [...ops].reverse().map((o) => (o === '>' ? '<' : '<='))) : chainFacts(terms, ops);
  }

  /** `(a, b)`, `[a, b]`, `(a, b]`, `[a, b)` after \in in an assumption. */
  private parseInterval(): Expr {
    const open = this.next();
    const lo = this.parseSum(FRESH);
    this.expectChar(',', 'between the ends of the interval', open);
    const hi = this.parseSum(FRESH);
    const close = this.peek();
    if (!isChar(close, ')') && !isChar(close, ']')) this.fail(`expected ')' or ']' to close the interval, found ${describe(close)}`);
    this.next();
    return fn('interval', lo, hi, num(open.text === '[' ? 1 : 0), num(close.text === ']' ? 1 : 0));
  }

  /** `L(\mu)`, `\hat P(x)`, `\boldsymbol\mu_q(\mathbf x_t, \mathbf x_0)` standing alone: the left side of a definition. */
  readDefinitionHead(): DefinitionHead | undefined {
    const head = WORD_COMMANDS.has(this.peek().text) ? this.readWordHead() : this.readSymbolHead();
    if (typeof head !== 'string') return undefined;
    const s = this.readScripts(head);
    if (!this.peekChar('(')) return undefined;
    const open = this.next();
    const args: Expr[] = [];
    let conditional = false;
    const bar = (): boolean => (this.eatChar('|') || this.eatCmd('\\mid')) && (conditional = true);
    const separators = (): boolean => this.eatChar(',') || bar() || this.eatChar(';');
    do args.push(this.parseSum(withClosers(FRESH, '|'))); while (separators());
    this.expectChar(')', 'after the arguments', open);
    if (!this.atEnd()) return undefined;
    const marked = s.name.includes('_{') || this.hints.vectors.has(s.name) || this.hints.matrices.has(s.name);
    return { name: s.name, args, plainArgs: args.every((a) => a.kind === 'sym'), conditional, marked, indexed: s.index.length > 0 || s.upper.length > 0 };
  }

  /** `\mathrm{Var}`, `\operatorname{ELBO}` heading a definition: the upright word it names. */
  private readWordHead(): string | undefined {
    this.next();
    const toks = this.rangeTokens(this.readArgument('a word'));
    return toks.length > 0 && toks.every((t) => t.kind === 'letter') ? toks.map((t) => t.text).join('') : undefined;
  }

  /** `\forall P, Q.` before a formula: free symbols are universally quantified anyway. */
  private skipQuantifier(): void {
    if (!this.eatCmd('\\forall')) return;
    while (!this.atEnd() && !this.peekChar('.') && !this.peekChar(':')) this.next();
    if (this.atEnd()) this.fail('expected \'.\' after the quantified variables of \\forall');
    this.next();
  }

  parseRelation(ctx: Ctx): Expr {
    const lhs = this.parseSum(ctx);
    const op = this.relationHere();
    if (!op) return lhs;
    const at = this.next();
    if (!this.startsFactor(ctx) && !this.peekChar('-') && !this.peekChar('+')) this.fail(`expected an expression after '${at.text}', found ${describe(this.peek())}`);
    return rel(op, lhs, this.parseSum(ctx));
  }

  private relationHere(): RelOp | undefined {
    const t = this.peek();
    if (t.kind !== 'char' && t.kind !== 'cmd') return undefined;
    return VALUE_RELATION_SPELLINGS.get(t.text) ?? (this.mode.assumption ? MATRIX_ORDER_SPELLINGS.get(t.text) : undefined);
  }

  // ---------------------------------------------------------------- sums and products

  parseSum(ctx: Ctx): Expr {
    return this.nested(() => {
      const terms: Expr[] = [];
      const signs: boolean[] = [];
      let first = true;
      while (first || this.peekChar('+') || this.peekChar('-')) {
        let negative = false;
        while (this.peekChar('+') || this.peekChar('-')) negative = this.next().text === '-' ? !negative : negative;
        if (!first || negative || terms.length === 0) {
          if (!this.startsFactor(ctx)) {
            this.fail(first && !negative ? `expected an expression, found ${describe(this.peek())}` : `expected a term after the sign, found ${describe(this.peek())}`);
          }
        }
        const term = this.parseProduct(ctx);
        terms.push(negative ? negate(term) : term);
        signs.push(negative);
        first = false;
      }
      return addAll(this.markConstant(terms, signs));
    });
  }

  /** `… + C` with C used nowhere else and unknown to the table is an additive constant. */
  private markConstant(terms: Expr[], signs: boolean[]): Expr[] {
    const last = terms[terms.length - 1]!;
    if (terms.length < 2 || signs[signs.length - 1] || last.kind !== 'sym' || last.name !== 'C') return terms;
    if (last.index.length > 0 || last.upper.length > 0 || this.symbols.has('C')) return terms;
    if (terms.slice(0, -1).some((t) => mentions(t, 'C'))) return terms;
    return [...terms.slice(0, -1), CONST];
  }

  /** A product of factors; `written` (when given) receives each factor as written, before the
   *  product is flattened (`\frac{a b}{c}` is one written factor). */
  parseProduct(ctx: Ctx, written?: Expr[]): Expr {
    let lastFactorAt = this.pos;
    const factor = (): Expr => { lastFactorAt = this.pos; const f = this.parseFactor(ctx); written?.push(f); return f; };
    const factors: Expr[] = [factor()];
    for (;;) {
      const times = this.peekCmd('\\cdot') || this.peekCmd('\\times') || this.peekChar('*');
      // a named function's operand ends at an explicit product (`\log x \cdot 3` is (\log x)·3), except
      // between two fractions (multiplying by one inside a log: `\log\frac{p}{q}\cdot\frac{q}{r}`), and at
      // a sum or product after anything but a coefficient (`\log p \sum_i x_i`, `\log\frac{P(x)}{Q(x)} \sum_y …`;
      // `\log \frac1n \sum_i x_i` is the log of a mean)
      const fractions = times && this.peekCmd('\\frac', 1) && this.tokens[lastFactorAt]?.text === '\\frac';
      if (ctx.operand && ((times && !fractions) || (this.peekBigOperator() && !factors.every(isCoefficient)))) break;
      if (times && this.startsFactorAt(1, ctx)) {
        this.next();
        factors.push(factor());
      } else if (this.peekChar('/')) {
        this.next();
        const d = factor();
        const isOne = factors.length === 1 && factors[0]!.kind === 'num' && factors[0]!.value === 1;
        if (isOne) factors.pop();
        factors.push(pow(d, num(-1)));
      } else if (this.startsFactor(ctx)) {
        factors.push(factor());
      } else break;
    }
    return mulAll(factors);
  }

  /** A factor, with any signs written after `\cdot` or `/` (`a \cdot -b`). */
  private parseFactor(ctx: Ctx): Expr {
    let negative = false;
    while (this.peekChar('-') || this.peekChar('+')) negative = this.next().text === '-' ? !negative : negative;
    const f = this.parsePostfix(this.parsePrimary(ctx));
    return negative ? negate(f) : f;
  }

  startsFactor(ctx: Ctx): boolean { return this.startsFactorAt(0, ctx); }

  /** `\sum`, `\prod` or `\int` next. */
  private peekBigOperator(): boolean { return this.peekCmd('\\sum') || this.peekCmd('\\prod') || this.peekCmd('\\int'); }

  private startsFactorAt(k: number, ctx: Ctx): boolean {
    const t = this.peek(k);
    if (t.kind === 'eof' || ctx.closers.has(t.text)) return false;
    if (ctx.integral && this.differentialAt(k)) return false;
    if (ctx.operand && t.kind === 'cmd' && NAMED_OPERATORS.has(t.text)) return false;
    switch (t.kind) {
      case 'letter': case 'number': case 'name': return true;
      case 'char': return t.text === '(' || t.text === '[' || t.text === '{' || t.text === '|';
      case 'cmd': return !NON_STARTERS.has(t.text) && !VALUE_RELATION_SPELLINGS.has(t.text);
    }
  }

  // ---------------------------------------------------------------- postfix: powers, transposes

  private parsePostfix(base: Expr): Expr {
    let e = base;
    // `\left[ x^2 \right]_0^1` evaluates between limits: its 0 is no subscript of the x inside
    const afterBracket = this.pos > 0 && isChar(this.tokens[this.pos - 1]!, ']');
    let powered = false;
    for (let guard = 0; guard < 8; guard++) {
      if (this.peekChar('_') && afterBracket) {
        this.fail('a subscript on a bracket (an evaluation [F]_a^b, a component [x]_i) is not read yet: write F(b) - F(a), or x_i');
      } else if (this.peekChar('^')) {
        const hat = this.next();
        e = this.applySuperscript(e, this.readArgument('a superscript after \'^\''), hat);
        powered = true;
      } else if (this.peekChar('_') && ((e.kind === 'fn' && e.name === 'norm') || (e.kind === 'pow' && e.base.kind === 'fn' && e.base.name === 'norm'))) {
        // `\|x\|_2^2` and `\|x\|^2_2`: the subscript labels the norm, in either order
        this.next();
        const sub = this.readArgument('a norm subscript');
        const label = this.rangeTokens(sub).map((t) => t.text).join('');
        if (label !== '2') this.fail(`only the Euclidean norm \\|·\\|_2 is understood, found \\|·\\|_${label}`, this.tokens[sub.start]);
      } else if (this.peekChar('_') && powered && e.kind === 'pow' && e.base.kind === 'sym' && e.base.index.length + e.base.upper.length === 0) {
        // `\sigma^2_\star`, `x^2_i`: the symbol's subscript, written after its power
        e = pow(this.readScripts(e.base.name), e.exp);
      } else if (this.peekChar('_')) {
        this.fail(`a subscript here has no symbol to attach to (after ${describeExpr(e)})`);
      } else if (this.peekChar('!') && !this.peekChar('=', 1)) {
        // `n!`: the sampler multiplies 1·2·…·n; to the rules and the algebra it is an opaque function
        this.next();
        e = fn('factorial', e);
      } else if (this.peekChar('\'')) {
        this.fail('a prime here has no symbol to attach to');
      } else return e;
    }
    return this.fail('too many scripts in a row');
  }

  /** `^{-1}` power; `^\top`, `^\intercal`, `^{\mathsf T}` transpose; `^T` a transpose too, unless the
   *  file writes T as a value (`\sum_{t=0}^{T-1} r^t = \frac{1 - r^T}{1 - r}`, `% assume: T \geq 1`) and
   *  the base holds no vector or matrix: then the power T; otherwise a power. */
  private applySuperscript(base: Expr, range: Range, at: Token): Expr {
    const toks = this.rangeTokens(range);
    const mark = toks.length === 1 ? toks[0]!.text : toks.length === 2 && /^\\math(sf|rm|tt)$/.test(toks[0]!.text) ? toks[1]!.text : '';
    const powerT = mark === 'T' && toks[0]!.kind === 'letter' && this.symbols.get('T')?.writtenAsValue === true && !this.holdsArray(base);
    if (!powerT && (mark === '\\top' || mark === '\\intercal' || mark === 'T' || mark === '\\mathsf{T}')) return fn('transpose', base);
    if (toks.length === 0) this.fail('expected an exponent after \'^\'', at);
    return pow(base, this.within(range, () => this.parseSum(FRESH)));
  }

  // ---------------------------------------------------------------- primaries

  private parsePrimary(ctx: Ctx): Expr {
    return this.nested(() => {
      const t = this.peek();
      switch (t.kind) {
        case 'number': return this.parseNumber();
        case 'letter': case 'name': return this.parseSymbolic(ctx);
        case 'char': return this.parseDelimited(ctx);
        case 'cmd': return this.parseCommand(ctx);
        case 'eof': return this.fail('expected an expression, found the end of the formula');
      }
    });
  }

  private parseNumber(): Expr {
    const t = this.next();
    if (t.text === '1' && this.peekCmd('\\{')) return this.parseIndicatorCondition();
    const value = Number(t.text);
    if (!Number.isFinite(value)) this.fail(`number ${t.text} is out of range`, t);
    return num(value);
  }

  private parseDelimited(ctx: Ctx): Expr {
    const open = this.next();
    switch (open.text) {
      case '(': return this.parseGroupUntil(')', open);
      case '[': return this.parseGroupUntil(']', open);
      case '{': {
        if (this.peekChar('}')) this.fail('empty group {} where an expression was expected', open);
        return this.parseGroupUntil('}', open);
      }
      case '|': {
        // `\left. F \right|_{x=2}`, `F \Big|_0^1`: a bar with scripts evaluates what stands before it
        if (this.peekChar('_') || this.peekChar('^')) this.fail('an evaluation bar (F\\big|_{x=a}, F\\big|_a^b) is not read yet: write the expression with the value put in for the variable', open);
        const inner = this.parseSum(withClosers(ctx, '|'));
        this.expectChar('|', 'of the absolute value', open);
        return fn(this.isMatrixish(inner) ? 'det' : 'abs', inner);
      }
      default: return this.fail(`expected an expression, found '${open.text}'`, open);
    }
  }

  private parseGroupUntil(close: string, open: Token): Expr {
    const inner = this.parseRelation(FRESH);
    if (this.peekChar(',') && close !== '}') this.fail(`a tuple (…, …) is not a value here; only a function or distribution takes several arguments`);
    this.expectChar(close, '', open);
    return inner;
  }

  private parseCommand(ctx: Ctx): Expr {
    const t = this.peek();
    const c = t.text;
    if (LETTER_COMMANDS.has(c) || ACCENTS.has(c) || BOLD_FONTS.has(c) || SHAPE_FONTS.has(c)) return this.parseSymbolic(ctx);
    if (WORD_COMMANDS.has(c)) return this.parseWordCommand(ctx);
    const op = BINDER_COMMANDS.get(c);
    if (op) {
      this.next();
      // `\max(a, b)`: a list at the parentheses' own level (the bracket index counts its commas)
      const list = (op === 'min' || op === 'max') && this.peekChar('(') && (this.bracketShapeHere()?.commas ?? 0) > 0;
      if (list) return this.parseExtremumOfList(op);
      // `\max\{0, 1 - m\}`: the same list, in braces
      if ((op === 'min' || op === 'max') && this.peekCmd('\\{')) {
        const at = this.peek();
        const set = this.parseSetLiteral(this.next());
        if (set.kind === 'set' && !set.range && set.elems.length >= 2) return this.extremumOf(op, set.elems, at);
        this.fail(`\\${op} of a set is read only for a list of values, \\${op}\\{a, b\\}`, at);
      }
      return this.parseBinder(op, ctx);
    }
    if (STANDARD_FUNCTIONS.has(c)) { this.next(); return this.parseStandardFunction(c, ctx); }
    if (LIMIT_OPERATORS.has(c)) { this.next(); return this.parseLimit(c, ctx); }
    switch (c) {
      case PROBABILITY_LAW: return this.parseSymbolic(ctx);
      case '\\binom': return this.parseBinom();
      case '\\frac': return this.parseFrac(ctx);
      case '\\sqrt': return this.parseSqrt();
      case '\\log': case '\\ln': this.next(); return this.parseLogLike(ctx);
      case '\\exp': this.next(); return this.parseFunctionArgument('exp', ctx);
      case '\\det': this.next(); return this.parseFunctionArgument('det', ctx);
      case '\\tr': this.next(); return this.parseFunctionArgument('tr', ctx);
      case '\\|': {
        const open = this.next();
        const inner = this.parseSum(withClosers(ctx, '\\|'));
        this.expectChar('\\|', 'of the norm', open);
        return fn('norm', inner);
      }
      case '\\{': { this.next(); return this.parseSetLiteral(t); }
      case '\\arg': this.next(); return this.parseArg(ctx);
      case '\\int': this.next(); return this.parseIntegral(ctx);
      case '\\nabla': return this.parseNabla(ctx);
      case '\\underbrace': case '\\overbrace': return this.parseBrace();
      case '\\cdot': this.next(); return sym('\\cdot');
      case '\\dots': return this.fail('\\dots is only understood inside a set such as \\{1, \\dots, k\\}');
      case '\\partial': return this.fail('\\partial is only understood in \\frac{\\partial …}{\\partial …}');
      default: throw new UnknownCommandError(c, this.locate(t.start));
    }
  }

  // ---------------------------------------------------------------- symbols

  /** A symbol with its scripts, and what follows it: application, KL, entropy, e^x, E[…]. */
  private parseSymbolic(ctx: Ctx): Expr {
    const word = this.bareWordHere();
    if (word) return this.parseWord(word.text, ctx, word.length, word.length >= 3 && word.text === word.text.toUpperCase());
    const head = this.readSymbolHead();
    if (typeof head !== 'string') return head;
    if ((head === 'E' || head === '\\mathbb{E}') && (this.peekChar('_') || this.peekChar('[') || head !== 'E')) return this.parseBinder('E', ctx);
    if (head === 'e' && this.peekChar('^')) {
      this.next();
      return fn('exp', this.within(this.readArgument('an exponent after e^'), () => this.parseSum(FRESH)));
    }
    if (head.startsWith('\\mathbb{') && head !== '\\mathbb{1}' && !isApplicable(this.symbols, head)) return this.parseApplication(sym(this.setName(head)), ctx);
    if ((head === '\\mathbb{1}' || head === '1') && (this.peekCmd('\\{') || this.peekChar('[') || this.peekChar('_') || this.peekChar('('))) {
      return this.parseIndicatorAfterMark();
    }
    return this.parseNamed(this.readScripts(head), ctx);
  }

  /** A name just read, applied if it is applicable; `x'` for a declared vector or matrix x is its
   *  transpose, as statisticians write it (a prime on anything else stays part of the name). */
  private parseNamed(s: Sym, ctx: Ctx): Expr {
    // (only before another factor, `x'\mu`, `x'Ax`: a w' standing alone is more often the next iterate)
    if (s.name.endsWith("'") && !s.name.endsWith("''") && !this.symbols.has(s.name) && this.startsFactor(ctx)) {
      const base = s.name.slice(0, -1);
      const kind = this.kindOf(base);
      if (kind === 'vector' || kind === 'matrix' || this.hints.vectors.has(base) || this.hints.matrices.has(base)) return fn('transpose', sym(base, s.index, s.upper));
    }
    return this.parseApplication(s, ctx);
  }

  /** Number sets keep their scripts in the name: `\mathbb{R}^d`, `\mathbb{R}_+`, `\mathbb{S}_{++}^{d}`, `\mathbb{R}_{\geq 0}`. */
  private setName(head: string): string {
    let name = head;
    for (let guard = 0; guard < 2 && (this.peekChar('_') || this.peekChar('^')); guard++) {
      const mark = this.next().text;
      const toks = this.rangeTokens(this.readArgument(`a script after ${head}`));
      const text = toks.map((t, i) => (i > 0 && toks[i - 1]!.kind === 'cmd' && t.kind !== 'char' ? ' ' : '') + t.text).join('');
      name += toks.length === 1 ? `${mark}${text}` : `${mark}{${text}}`;
    }
    return name;
  }

  /** Multi-letter upright words written without a backslash: `log x`, `KL(P||Q)`, `ELBO`. */
  private bareWordHere(): { text: string; length: number } | undefined {
    if (this.peek().kind !== 'letter') return undefined;
    let n = 0;
    let text = '';
    while (this.peek(n).kind === 'letter' && (n === 0 || !this.peek(n).spaced)) {
      // This runs at every letter of a run: reading a run of any length would make a long run quadratic.
      if (n === MAX_BARE_WORD) return undefined;
      text += this.peek(n++).text;
    }
    if (n < 2) return undefined;
    const followedBy = this.peek(n);
    for (const w of BARE_FUNCTION_WORDS) if (text === w) return { text, length: n };
    if ((isBareWord(text) || TRACE_WORDS.has(text)) && isChar(followedBy, '(')) return { text, length: n };
    if ((text === 'min' || text === 'max' || text === 'argmin' || text === 'argmax') && isChar(followedBy, '_')) return { text, length: n };
    if (n >= 3 && text === text.toUpperCase()) return { text, length: n };
    return undefined;
  }

  /** `\text{…}`, `\mathrm{…}`, `\operatorname{…}`, `\mathop{…}`: read the word, then dispatch on it. */
  private parseWordCommand(ctx: Ctx): Expr {
    const cmd = this.next();
    const range = this.readArgument(`the argument of ${cmd.text}`);
    const toks = this.rangeTokens(range);
    if (toks.length === 1 && (toks[0]!.kind === 'cmd' || toks[0]!.kind === 'name')) {
      // \operatorname{\mathbb{E}} and friends: the inner command decides.
      return this.within(range, () => this.parsePrimary(ctx));
    }
    if (toks.some((t, i) => i > 0 && t.spaced && t.kind === 'letter' && toks[i - 1]!.kind === 'letter')) {
      const text = toks.map((t) => (t.spaced ? ' ' : '') + t.text).join('').trim();
      const word = text.replace(/\s+/g, '');
      if (this.mode.assumption) return sym(text.replace(/\s+/g, '-'));
      if (!OPTIMISE_WORDS.has(word)) this.fail(`prose "\\text{${text}}" inside a formula`, cmd);
    }
    const word = toks.map((t) => t.text).join('');
    if (word === '') this.fail(`empty ${cmd.text}{}`, cmd);
    return this.parseWord(word, ctx, 0, true);
  }

  /** A word already read (or `length` letter tokens still to consume). An `operator` word (upright, as
   *  `\operatorname{Var}`, `\mathrm{Var}`, `\text{Var}` or a bare `ELBO` write it) applied to a group is a call. */
  private parseWord(word: string, ctx: Ctx, length: number, operator = false): Expr {
    for (let i = 0; i < length; i++) this.next();
    if (CONST_WORDS.has(word)) return CONST;
    if (word === 'log' || word === 'ln') return this.parseLogLike(ctx);
    if (word === 'exp') return this.parseFunctionArgument('exp', ctx);
    if (word === 'det') return this.parseFunctionArgument('det', ctx);
    if (TRACE_WORDS.has(word)) return this.parseFunctionArgument('tr', ctx);
    const op = OPTIMISE_WORDS.get(word);
    if (op) return this.parseBinder(op, ctx);
    if (word === 'arg') return this.parseArg(ctx);
    if (word === 'E') return this.parseBinder('E', ctx);
    if (word === 'Pr') return this.parseApplication(this.readScripts(PROBABILITY_LAW), ctx);
    if (/^[A-Za-z]$/.test(word)) return this.parseNamed(this.readScripts(word), ctx);
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(word)) this.fail(`cannot read "${word}" as a name`);
    const read = familyOfWord(word)?.readWord?.(word, this);
    if (read) return read;
    const s = this.readScripts(word);
    const applied = this.peekChar('(') || (this.peekChar('[') && this.bracketShapeHere() !== undefined);
    const special = SPECIAL_APPLICATIONS.has(word) || familyOfSymbol(word) !== undefined;
    if (operator && applied && !special && this.kindOf(word) !== 'distribution') return this.parseOperatorCall(s);
    return this.parseApplication(s, ctx);
  }

  /** `\mathrm{Var}(aX)`, `\operatorname{Cov}[X, Y]`: a call, never a product; `\mathrm{Var}(X \mid Z)` is
   *  Var of the conditional law of X given Z. */
  private parseOperatorCall(f: Sym): Expr {
    const conditional = this.conditionalHere();
    const { args, given, params } = this.readConditional(`the arguments of ${f.name}`, conditional?.barSeparates ?? false);
    if (params.length > 0) this.fail(`${f.name}(… ; …) takes no parameters after ';'`);
    if (given.length === 0) return call(f, args);
    return call(f, [prob(this.implicitLaw() ?? sym(PROBABILITY_LAW), args, given)]);
  }

  /**
   * The name part of a symbol: a letter, a Greek command, an accented or
   * font-marked symbol. Returns a finished Expr for marks that are values
   * by themselves (`\mathbf 0`).
   */
  private readSymbolHead(): string | Expr {
    const t = this.next();
    if (t.kind === 'letter' || t.kind === 'name') return t.text;
    if (LETTER_COMMANDS.has(t.text) || t.text === PROBABILITY_LAW) return t.text;
    const accent = ACCENTS.get(t.text);
    if (accent) return this.nested(() => this.readAccented(accent, t));
    if (BOLD_FONTS.has(t.text)) return this.nested(() => this.readBold(t));
    const shape = SHAPE_FONTS.get(t.text);
    if (shape) {
      const range = this.readArgument(`a letter after ${t.text}`);
      const inner = this.rangeTokens(range);
      if (inner.length !== 1 || (inner[0]!.kind !== 'letter' && inner[0]!.kind !== 'number')) {
        this.fail(`${t.text} takes a single letter here`, t);
      }
      return `${shape}{${inner[0]!.text}}`;
    }
    return this.fail(`expected a symbol, found ${describe(t)}`, t);
  }

  /** `\hat P`, `\bar{\alpha_t}`, `\overline{\alpha}_t`: the accent wraps the name; inner scripts stay scripts. */
  private readAccented(accent: string, at: Token): string | Expr {
    const range = this.readArgument(`a symbol after ${at.text}`);
    const inner = this.within(range, () => {
      const head = this.readSymbolHead();
      if (typeof head !== 'string') this.fail(`${at.text} needs a symbol`, at);
      return this.readScripts(head);
    });
    const name = `${accent}{${inner.name}}`;
    this.copyHint(inner.name, name);
    if (inner.index.length === 0 && inner.upper.length === 0) return name;
    // The scripts written inside the accent are carried to the outer symbol.
    return this.readScripts(name, inner);
  }

  /**
   * `\mathbf{x}`, `\boldsymbol\mu`, `\vec x`: a symbol of its own, never the plain x or μ (a writer who
   * sets x in bold means something else by the plain x, or nothing). Bold lower case hints a vector,
   * bold capitals and `\boldsymbol\Sigma` a matrix (hints only: a declaration wins). `\mathbf 0` and
   * `\mathbf 1` are the number and the indicator mark.
   */
  private readBold(at: Token): string | Expr {
    const range = this.readArgument(`a symbol after ${at.text}`);
    const toks = this.rangeTokens(range);
    if (toks.length === 1 && toks[0]!.kind === 'number') {
      if (toks[0]!.text === '0') return num(0);
      if (toks[0]!.text === '1') return '\\mathbb{1}';
      this.fail(`${at.text}{${toks[0]!.text}} is not a symbol`, at);
    }
    const inner = this.within(range, () => {
      const head = this.readSymbolHead();
      if (typeof head !== 'string') this.fail(`${at.text} needs a symbol`, at);
      return this.readScripts(head);
    });
    const name = boldName(inner.name, at.text === '\\vec' ? '\\vec' : undefined);
    const isMatrix = /^[A-Z]$/.test(inner.name) || inner.name === '\\Sigma' || inner.name === '\\Lambda';
    (isMatrix ? this.hints.matrices : this.hints.vectors).add(name);
    if (inner.index.length === 0 && inner.upper.length === 0) return name;
    return this.readScripts(name, inner);
  }

  private copyHint(from: string, to: string): void {
    if (this.hints.vectors.has(from)) this.hints.vectors.add(to);
    if (this.hints.matrices.has(from)) this.hints.matrices.add(to);
  }

  /**
   * Subscripts and parenthesised superscripts after a name, in either order:
   * `\mu_j`, `x_{t-1}`, `x_{1:T}`, `x^{(i)}`, `Q_i^{(t)}`; multi-letter upright
   * subscripts are labels (`x_{DC}`, `\ell_{\text{unsup}}`); `'` and `^*` mark the name.
   */
  private readScripts(name: string, carried?: Sym): Sym {
    let base = name;
    let index: readonly Expr[] = carried?.index ?? [];
    let upper: readonly Expr[] = carried?.upper ?? [];
    for (let guard = 0; guard < 6; guard++) {
      if (this.peekChar('_') && index.length === 0 && !base.includes('_{')) {
        this.next();
        const range = this.readArgument(`a subscript after ${name}`);
        const label = this.labelOf(range);
        if (label !== undefined) base = `${base}_{${label}}`;
        else index = this.within(range, () => this.parseIndexList());
      } else if (this.peekChar('^') && upper.length === 0 && this.parenthesisedGroupAt(1)) {
        this.next();
        const range = this.readArgument('a superscript');
        upper = this.within({ start: range.start + 1, end: range.end - 1 }, () => this.parseIndexList());
      } else if (this.peekChar('^') && this.starScriptAt(1)) {
        this.next();
        this.readArgument('a superscript');
        base = `${base}^{*}`;
      } else if (this.peekChar('\'')) {
        this.next();
        base = `${base}'`;
      } else break;
    }
    if (base !== name) this.copyHint(name, base);
    return sym(base, index, upper);
  }

  /** `^*`, `^{*}`, `^\star`, `^{\star}`: the one starred name (an optimum, a conjugate). A `\star`
   *  elsewhere is left undefined: between two operands it is usually a convolution, not a product. */
  private starScriptAt(k: number): boolean {
    const star = (i: number): boolean => this.peekChar('*', i) || this.peekCmd('\\star', i);
    return star(k) || (this.peekChar('{', k) && star(k + 1) && this.peekChar('}', k + 2));
  }

  /** A subscript that names rather than indexes: `DC`, `\text{unsup}`, `\mathrm{KL}`, `semi-sup`. */
  private labelOf(range: Range): string | undefined {
    const toks = this.rangeTokens(range);
    if (toks.length >= 2 && WORD_COMMANDS.has(toks[0]!.text) && this.unitEnd(range.start) === range.end) {
      const word = toks.slice(1).filter((t) => t.text !== '{' && t.text !== '}').map((t) => t.text).join('');
      return word.length >= 2 ? word : undefined;
    }
    if (toks.length >= 2 && toks.every((t) => t.kind === 'letter' && !t.spaced)) {
      const word = toks.map((t) => t.text).join('');
      if (toks.length >= 3 || /[A-Z]/.test(word)) return word;
    }
    return undefined;
  }

  /** `t-1`, `i,j`, `ij` (two indices), `1:T` (a range). */
  private parseIndexList(): Expr[] {
    if (this.peek().kind === 'letter' && this.peek(1).kind === 'letter' && this.peek(2).kind === 'eof') {
      return [sym(this.next().text), sym(this.next().text)];
    }
    const out: Expr[] = [];
    do {
      const from = this.parseSum(FRESH);
      if (this.eatChar(':')) {
        const to = this.parseSum(FRESH);
        out.push({ kind: 'set', elems: [], range: { from, to } } satisfies SetLit);
      } else out.push(from);
    } while (this.eatChar(','));
    return out;
  }

  // ---------------------------------------------------------------- application

  /** After a symbol: a distribution applied, a function called, a family's notation (KL, entropy), Gaussians — or just the symbol. */
  private parseApplication(s: Sym, ctx: Ctx): Expr {
    void ctx;
    const isParen = this.peekChar('(');
    if (s.name === '\\mathcal{U}' && (isParen || this.peekChar('['))) return fn('uniform', ...this.parseBracketArguments(2));
    // `\Pr[A \mid B]`, `\mathbb P[X = 1]`: the laws written with brackets
    if (this.peekChar('[') && (s.name === PROBABILITY_LAW || s.name === '\\mathbb{P}') && this.bracketShapeHere()) return this.parseProbArguments(s);
    if (!isParen) return s;
    const read = familyOfSymbol(s.name)?.readApplied?.(s, this);
    if (read) return read;
    if (s.name === '\\mathcal{N}' || s.name === 'N' && this.parenShapeHere().commas >= 1) return this.parseNormal();
    if (s.name === 'Multinomial') return fn('multinomial', ...this.parseCallArguments());
    const kind = this.kindOf(s.name);
    const shape = this.parenShapeHere();
    // `I(X;Y)`: mutual information, which no family reads yet (as a law I with a parameter Y, its
    // symmetry was refuted and I(X;Y) <= 1 confirmed)
    if (s.name === 'I' && s.index.length === 0 && /^[A-Z]$/.test(this.peek(1).text) && this.tokens.slice(this.pos + 1, shape.close).some((t) => isChar(t, ';'))) {
      this.fail('mutual information I(X;Y) is not read yet: write it as H(X) - H(X \\mid Y)');
    }
    // The table decides; when it says nothing applicable, the parenthesis's shape still can:
    // a tuple is never a factor, and a bar or \mid only conditions a distribution.
    if (kind === 'distribution' || (kind !== 'function' && (shape.mids > 0 || shape.bars === 1))) return this.parseProbArguments(s);
    // `R'(\theta)`: a primed name before a parenthesis is a derivative applied, never a product
    const primed = kind === undefined && s.name.endsWith("'");
    if (kind === 'function' || shape.commas > 0 || primed) return call(s, this.parseCallArguments());
    return s;
  }

  /** Does `e` mention a name the table or a bold mark makes a vector or a matrix? */
  private holdsArray(e: Expr): boolean {
    const array = (name: string): boolean => {
      const kind = this.kindOf(name);
      return kind === 'vector' || kind === 'matrix' || this.hints.vectors.has(name) || this.hints.matrices.has(name);
    };
    return [...freeNames(e)].some(array) || e.kind === 'fn' && e.name === 'transpose';
  }

  kindOf(name: string): SymbolInfo['kind'] | undefined {
    for (const n of lookupNames(name)) {
      const k = this.symbols.get(n)?.kind;
      if (k) return k;
    }
    return undefined;
  }

  /**
   * `\max(a, b, …)`, `\min(a, b, …)` of scalars, read exactly as ½(a + b ± |a − b|), folded from the
   * left: the absolute value is already known to the kernel, the sampler and every arithmetic, so
   * nothing new is trusted. Of vectors the order is unclear (elementwise? by norm?): not read.
   */
  private parseExtremumOfList(op: 'min' | 'max'): Expr {
    const at = this.peek();
    return this.extremumOf(op, this.parseCallArguments(), at);
  }

  private extremumOf(op: 'min' | 'max', args: readonly Expr[], at: Token): Expr {
    if (args.some((a) => this.isVectorish(a))) this.fail(`\\${op} of vectors or matrices is not read: say which order it takes (elementwise, or by a norm)`, at);
    const sign = num(op === 'max' ? 1 : -1);
    return args.reduce((a, b) => mul(num(0.5), add(a, b, mul(sign, fn('abs', sub(a, b))))));
  }

  /** `(a, b, …)` → the argument list. */
  private parseCallArguments(): Expr[] {
    const open = this.next();
    const args: Expr[] = [];
    do args.push(this.parseRelation(FRESH)); while (this.eatChar(','));
    this.expectChar(')', 'after the arguments', open);
    return args;
  }

  /** `[a, b]` or `(a, b)` with exactly `n` entries (`\mathcal U[1, T]`). */
  private parseBracketArguments(n: number): Expr[] {
    const open = this.next();
    const close = open.text === '(' ? ')' : ']';
    const args: Expr[] = [];
    do args.push(this.parseSum(FRESH)); while (this.eatChar(','));
    this.expectChar(close, '', open);
    if (args.length !== n) this.fail(`expected ${n} entries in ${open.text}…${close}, found ${args.length}`, open);
    return args;
  }

  /** `P(x, y | z; \theta)`, `\Pr[A \mid B]`: arguments, conditions after `|`/`\mid`, parameters after `;` go
   *  into the index. A law written bare beside its parameterised form names it (SymbolInfo.parameters). */
  private parseProbArguments(s: Sym): Expr {
    const { args, given, params } = this.readConditional(`the arguments of ${s.name}`, true, true);
    this.hints.laws.add(s.name);
    const dist = params.length > 0 ? sym(s.name, [...s.index, ...params], s.upper) : this.lawNamed(s);
    return prob(dist, args, given);
  }

  /** A law written bare where the document also writes it with its parameters is the parameterised
   *  law (SymbolInfo.parameters): `p(x \mid z)` beside `p(x \mid z; \theta)`, `D_{KL}(q \| p)` beside `p_\theta`. */
  lawNamed<E extends Expr>(e: E): E | Sym {
    if (e.kind !== 'sym' || e.index.length > 0 || e.upper.length > 0) return e;
    const parameters = this.symbols.get(e.name)?.parameters;
    return parameters ? sym(e.name, parameters) : e;
  }

  /**
   * After `(` or `[` (consumed here, with its closer): `a, b | c, d; θ` — the arguments, the conditions
   * after `|` or `\mid`, the parameters after `;`. A `|` separates only when `barSeparates`; otherwise
   * bars are absolute values and only `\mid` separates. A law's argument may be the placeholder
   * `\cdot` (`P(\cdot \mid x)`, the conditional law itself), read as the symbol \cdot.
   */
  readConditional(what: string, barSeparates: boolean, law = false): { args: Expr[]; given: Expr[]; params: Expr[] } {
    const open = this.next();
    const inner = barSeparates ? withClosers(FRESH, '|') : FRESH;
    const list = (placeholders: boolean): Expr[] => {
      const out: Expr[] = [];
      do out.push(placeholders && this.placeholderHere() ? (this.next(), sym(PLACEHOLDER)) : this.parseRelation(inner)); while (this.eatChar(','));
      return out;
    };
    const args = list(law);
    const given = (barSeparates && this.eatChar('|')) || this.eatCmd('\\mid') ? list(false) : [];
    const params = this.eatChar(';') ? list(false) : [];
    this.expectChar(open.text === '[' ? ']' : ')', `after ${what}`, open);
    return { args, given, params };
  }

  /** A `\cdot` standing for a whole argument: nothing multiplies, it ends where the argument does. */
  private placeholderHere(): boolean {
    if (!this.peekCmd(PLACEHOLDER)) return false;
    const after = this.peek(1);
    return isChar(after, '|') || isChar(after, ',') || isChar(after, ';') || isChar(after, ')') || (after.kind === 'cmd' && after.text === '\\mid');
  }

  /** Does the bracket at the cursor condition (`a \mid b`, or one `|` at its own level)? Then
   *  whether a bar separates (else only `\mid` does, the bars being absolute values). */
  conditionalHere(): { barSeparates: boolean } | undefined {
    const shape = this.bracketShapeHere();
    if (!shape || (shape.mids === 0 && shape.bars !== 1)) return undefined;
    return { barSeparates: shape.bars === 1 };
  }

  /** The law random-variable notation refers to, with its parameters; undefined when the document is ambiguous. */
  implicitLaw(): Sym | undefined {
    const name = implicitLaw(this.symbols);
    return name === undefined ? undefined : sym(name, this.symbols.get(name)?.parameters ?? []);
  }

  // ---------------------------------------------------------------- what notation families read through (NotationReader)

  readSum(stops: readonly string[] = []): Expr { return this.parseSum(withClosers(FRESH, ...stops)); }
  readArguments(): Expr[] { return this.parseCallArguments(); }
  readOperatorCall(f: Sym): Expr { return this.parseOperatorCall(f); }
  commasHere(): number { return this.parenShapeHere().commas; }
  describeNext(): string { return describe(this.peek()); }

  readLawScripts(): BinderScope[] {
    if (!this.eatChar('_')) return [];
    const sub = this.readArgument('the law under the operator');
    return sub.end > sub.start ? this.within(sub, () => this.parseBinderItems('E', undefined)) : [];
  }

  /**
   * Each body as an expectation over the written scopes (outermost first; a bare law binds what the
   * bodies draw), or, with none written, over the implicit law of the random variables they draw
   * given `given` (families/random-variables.ts); undefined when there is no such law.
   */
  expectationsOf(bodies: readonly Expr[], scopes: readonly BinderScope[], given: readonly Expr[]): Expr[] | undefined {
    if (scopes.length === 0) {
      const law = this.implicitLaw();
      return law ? overLaw(bodies, given, law, (n) => this.kindOf(n)) : undefined;
    }
    const drawn = scopes.map((s) => this.drawnFromBareLaw(s, addAll(bodies)));
    return bodies.map((body) => drawn.reduceRight<Expr>((inner, s) => bind('E', s.vars, s.domain, unsample(inner, s.samples ?? [])), body));
  }

  /** `\mathcal N(x; \mu, \Sigma)` (density, 3 args) or `\mathcal N(\mu, \sigma^2)` (the law, 2 args). */
  private parseNormal(): Expr {
    const open = this.next();
    const args: Expr[] = [];
    let point: Expr | undefined;
    // `\mathcal N(x \mid \mu, \sigma^2)`, `\mathcal N(x | \mu, \sigma^2)` (Bishop's bar) as `;`
    // (a mean written |x| opens with a bar: no point is ended there)
    args.push(this.parseSum(this.peekChar('|') ? FRESH : POINT_OF_GAUSSIAN));
    while (this.eatChar(',')) args.push(this.parseSum(FRESH));
    if (this.eatChar(';') || (args.length === 1 && (this.eatChar('|') || this.eatCmd('\\mid')))) {
      if (args.length !== 1) this.fail('expected one point before \';\' in \\mathcal N(x; \\mu, \\Sigma)', open);
      point = args.pop();
      do args.push(this.parseSum(FRESH)); while (this.eatChar(','));
    }
    this.expectChar(')', 'after the Gaussian\'s parameters', open);
    if (args.length !== 2) this.fail(`a Gaussian takes a mean and a covariance, found ${args.length} parameters`, open);
    return point ? fn('normal', point, args[0]!, args[1]!) : fn('normal', args[0]!, args[1]!);
  }

  // ---------------------------------------------------------------- functions written as operators

  /** `\log`, `\ln`, `\log_2`, `\log_b`, `\log^2`. */
  private parseLogLike(ctx: Ctx): Expr {
    let base: Expr | undefined;
    if (this.eatChar('_')) base = this.within(this.readArgument('the base of the logarithm'), () => this.parseSum(FRESH));
    let power: Expr | undefined;
    if (this.peekChar('^')) {
      this.next();
      power = this.within(this.readArgument('a power of the logarithm'), () => this.parseSum(FRESH));
    }
    const parenthesised = this.peekChar('(');
    const arg = this.parseOperatorArgument('\\log', ctx);
    // a power right after the parentheses belongs to the logarithm for some writers and to its
    // argument for others (\log\left(\prod_i p_i\right)^{1/n}): deriva must not pick one and refute
    if (parenthesised && this.peekChar('^')) {
      this.fail('\\log(x)^{k} reads two ways: write \\log\\left(x^{k}\\right) for the logarithm of the power, or (\\log x)^{k} or \\log^{k} x for the power of the logarithm');
    }
    const isTwo = base?.kind === 'num' && base.value === 2;
    let out: Expr = isTwo ? fn('log2', arg) : fn('log', arg);
    if (base && !isTwo) out = mul(out, pow(fn('log', base), num(-1)));
    return power ? pow(out, power) : out;
  }

  /**
   * `\sin x`, `\cos(2\theta)`, `\sin^2 x` (the square of sin x), `\sin^{-1} x` (the inverse
   * function), `\gcd(a, b)`: a call of the function the command names. Without parentheses the
   * operand is the product that follows, up to the next named function (`\sin x \cos x`).
   */
  private parseStandardFunction(name: string, ctx: Ctx): Expr {
    let power: Expr | undefined;
    if (this.peekChar('^')) {
      this.next();
      power = this.within(this.readArgument(`a power of ${name}`), () => this.parseSum(FRESH));
    }
    const inverse = power?.kind === 'num' && power.value === -1;
    const f = sym(inverse ? `${name}^{-1}` : name);
    const args = this.peekChar('(') ? this.parseCallArguments() : [this.parseOperatorArgument(name, ctx)];
    const applied = call(f, args);
    return power && !inverse ? pow(applied, power) : applied;
  }

  /**
   * `\lim_{n \to \infty} a_n`, `\lim_{h \to 0^+} f(h)`, `\sup_{x \in S} f(x)`, `\inf_\theta L(\theta)`: an
   * opaque call of the operator on the parts of its subscript (variable, point and side for a limit;
   * the subscript as written otherwise) and, last, the operand — the product that follows.
   */
  private parseLimit(name: string, outer: Ctx): Expr {
    const ctx = bodyOf(outer);
    const parts = this.eatChar('_') ? this.limitScript(this.readArgument(`the subscript of ${name}`)) : [];
    if (!this.startsFactor(ctx)) this.fail(`expected what ${name} applies to, found ${describe(this.peek())}`);
    return call(sym(name), [...parts, this.parseProduct(ctx)]);
  }

  /** `n \to \infty` → [n, ∞]; `h \to 0^+` → [h, 0, 1]; anything else → [it]. */
  private limitScript(range: Range): Expr[] {
    const toks = this.rangeTokens(range);
    const at = toks.findIndex((t) => t.kind === 'cmd' && LIMIT_ARROWS.has(t.text));
    if (at < 0) return [this.within(range, () => this.parseRelation(FRESH))];
    const variable = this.within({ start: range.start, end: range.start + at }, () => this.parseSum(FRESH));
    // a one-sided point: `0^+`, `0^{-}` — the mark is the side, not a power
    const last = toks.length - 1;
    const bare = toks[last - 1] && isChar(toks[last - 1]!, '^') ? LIMIT_SIDES.get(toks[last]!.text) : undefined;
    const braced = toks[last - 3] && isChar(toks[last - 3]!, '^') && isChar(toks[last - 2]!, '{') && isChar(toks[last]!, '}')
      ? LIMIT_SIDES.get(toks[last - 1]!.text) : undefined;
    const side = bare ?? braced;
    const pointEnd = range.end - (bare !== undefined ? 2 : braced !== undefined ? 4 : 0);
    const point = this.within({ start: range.start + at + 1, end: pointEnd }, () => this.parseSum(FRESH));
    return side === undefined ? [variable, point] : [variable, point, num(side)];
  }

  /** `\binom{n}{k}`: a call of \binom (the model has no factorials to give it a value). */
  private parseBinom(): Expr {
    this.next();
    const n = this.within(this.readArgument('the top of \\binom'), () => this.parseSum(FRESH));
    const k = this.within(this.readArgument('the bottom of \\binom'), () => this.parseSum(FRESH));
    return call(sym('\\binom'), [n, k]);
  }

  private parseFunctionArgument(name: 'exp' | 'det' | 'tr', ctx: Ctx): Expr {
    return fn(name, this.parseOperatorArgument(`\\${name}`, ctx));
  }

  /** `\log(a)b` takes (a); `\log 2x` and `\log \frac{P}{Q}` take the product up to the next + - or relation,
   *  or the next named function (`\log x \log y` is a product of two logs). */
  private parseOperatorArgument(what: string, ctx: Ctx): Expr {
    // `\exp\left\{ -\frac{x^2}{2} \right\}`: braces delimit the exponent (no function takes a set here)
    const braced = what === '\\exp' && this.peekCmd('\\{');
    if (this.peekChar('(') || braced) {
      const open = this.next();
      const inner = this.parseSum(FRESH);
      if (!braced) this.expectChar(')', `after the argument of ${what}`, open);
      else if (!this.eatCmd('\\}')) this.fail(`expected '\\}' after the argument of ${what}`, open);
      return inner;
    }
    if (!this.startsFactor(ctx)) this.fail(`expected the argument of ${what}, found ${describe(this.peek())}`);
    return this.parseProduct({ ...ctx, operand: true });
  }

  // ---------------------------------------------------------------- fractions, roots, derivatives

  private parseFrac(ctx: Ctx): Expr {
    const at = this.next();
    const top = this.readArgument('a numerator after \\frac');
    const bottom = this.readArgument('a denominator after \\frac');
    const d = this.derivativeOf(top, bottom, at, ctx);
    if (d) return d;
    const n = this.within(top, () => this.parseSum(FRESH));
    const q = this.within(bottom, () => this.parseSum(FRESH));
    // 1/b is b^{-1}, not 1·b^{-1}: one shape for a reciprocal whichever way it is written.
    if (n.kind === 'num' && n.value === 1) return pow(q, num(-1));
    return mul(n, pow(q, num(-1)));
  }

  /** `\frac{\partial}{\partial x} f`, `\frac{\partial f}{\partial x}`, `\frac{d}{dx} f`. */
  private derivativeOf(top: Range, bottom: Range, at: Token, ctx: Ctx): Expr | undefined {
    const t = this.rangeTokens(top);
    const b = this.rangeTokens(bottom);
    const partial = t[0]?.text === '\\partial' && b[0]?.text === '\\partial';
    // \frac{d}{dx} f and \frac{dF}{dx}: d leading both, with something after it below (an upright d,
    // `\frac{\mathrm{d}}{\mathrm{d}x}`, too: read as a product it was d/(d·x), and true steps were refuted)
    const [above, below] = partial ? [1, 1] : [uprightD(t, 0), uprightD(b, 0)];
    const straight = !partial && above > 0 && below > 0 && b.length > below;
    if (!partial && !straight) return undefined;
    // `\frac{d^2}{dx^2}`, `\frac{\partial^2 f}{\partial x \partial y}`: the order above, the variables below
    const { order, end: bodyStart } = isChar(t[above] ?? b[0]!, '^') ? this.derivativeOrder(top.start + above + 1, at) : { order: 1, end: top.start + above };
    const variables = order === 1 ? [this.within({ start: bottom.start + below, end: bottom.end }, () => this.parseSum(FRESH))] : this.derivativeVariables(bottom, order, at, below);
    const body = bodyStart < top.end ? this.within({ start: bodyStart, end: top.end }, () => this.parseSum(FRESH)) : undefined;
    if (!body && !this.startsFactor(ctx)) this.fail(`expected what to differentiate after ${describeRange(t)}/${describeRange(b)}`);
    return variables.reduceRight<Expr>((inner, v) => deriv(v, inner), body ?? this.parseProduct(bodyOf(ctx)));
  }

  /** The order written as `^2` or `^{2}` (from token `k`, after d or ∂ above the line): 2 or 3, and the
   *  token after it, where the body written above the line begins. */
  private derivativeOrder(k: number, at: Token): { order: number; end: number } {
    const braced = isChar(this.tokens[k]!, '{');
    const digit = this.tokens[braced ? k + 1 : k];
    const order = digit?.kind === 'number' ? Number(digit.text) : NaN;
    if (order !== 2 && order !== 3) this.fail('a derivative of an order other than 1, 2 or 3 is not supported', at);
    return { order, end: k + (braced ? 3 : 1) };
  }

  /** The variables below a derivative of order `order`: `dx^2` (x twice), `\partial x \partial y` (x, then y). */
  private derivativeVariables(bottom: Range, order: number, at: Token, dLength: number): Expr[] {
    const marks: number[] = [];
    for (let k = bottom.start; k < bottom.end; k++) {
      if (this.tokens[k]!.text === '\\partial' || k === bottom.start) marks.push(k);
    }
    const groups = marks.map((m, i) => ({ start: m + (this.tokens[m]!.text === '\\partial' ? 1 : dLength), end: marks[i + 1] ?? bottom.end }));
    const variables: Expr[] = [];
    for (const g of groups) {
      const v = this.within(g, () => this.parseSum(FRESH));
      if (v.kind === 'pow' && v.exp.kind === 'num' && Number.isInteger(v.exp.value) && v.exp.value > 1 && groups.length < order) {
        for (let k = 0; k < v.exp.value; k++) variables.push(v.base);
      } else variables.push(v);
    }
    if (variables.length !== order) this.fail(`the derivative's order above (${order}) and its variables below (${variables.length}) differ`, at);
    return variables;
  }

  private parseSqrt(): Expr {
    const at = this.next();
    let degree: Expr | undefined;
    if (this.peekChar('[')) {
      const open = this.next();
      degree = this.parseSum(FRESH);
      this.expectChar(']', 'after the degree of the root', open);
    }
    const range = this.readArgument('an argument after \\sqrt');
    const inner = this.within(range, () => {
      // `\sqrt\beta_t` means √(β_t): an unbraced symbol keeps its scripts.
      return this.rangeTokens(range).length === 1 && !isChar(this.peek(), '{') ? this.parsePostfixless() : this.parseSum(FRESH);
    });
    if (!degree) return pow(inner, num(0.5));
    if (degree.kind === 'num' && degree.value !== 0) return pow(inner, num(1 / degree.value));
    void at;
    return pow(inner, pow(degree, num(-1)));
  }
  private parsePostfixless(): Expr { return this.parsePrimary(FRESH); }

  private parseNabla(ctx: Ctx): Expr {
    const at = this.next();
    if (!this.eatChar('_')) this.fail('write the variable of \\nabla as a subscript: \\nabla_{\\theta}', at);
    const wrt = this.within(this.readArgument('the variable of \\nabla'), () => this.parseSum(FRESH));
    if (!this.startsFactor(ctx)) this.fail(`expected what to differentiate after \\nabla, found ${describe(this.peek())}`);
    return deriv(wrt, this.parseProduct(bodyOf(ctx)));
  }

  /** `\underbrace{X}_{…}` and `\overbrace{X}^{…}` keep X. */
  private parseBrace(): Expr {
    const at = this.next();
    const body = this.within(this.readArgument(`the argument of ${at.text}`), () => this.parseSum(FRESH));
    const script = at.text === '\\underbrace' ? '_' : '^';
    if (this.eatChar(script)) this.readArgument(`the label of ${at.text}`);
    return body;
  }

  // ---------------------------------------------------------------- sets and indicators

  /** `\{1, \dots, k\}` → a range set; `\{a, b\}` → elements. The `\{` is consumed. */
  private parseSetLiteral(open: Token): Expr {
    const elems: Expr[] = [];
    let dots = -1;
    do {
      if (this.eatCmd('\\dots')) { if (dots >= 0) this.fail('only one \\dots per set'); dots = elems.length; continue; }
      elems.push(this.parseSum(FRESH));
    } while (this.eatChar(','));
    if (!this.eatCmd('\\}')) this.fail(`expected '\\}' to close the set opened at column ${this.locate(open.start).column}, found ${describe(this.peek())}`);
    if (dots < 0) return { kind: 'set', elems } satisfies SetLit;
    if (dots === 0 || dots === elems.length) this.fail('\\dots needs an element on each side', open);
    return { kind: 'set', elems: [], range: { from: elems[0]!, to: elems[elems.length - 1]! } } satisfies SetLit;
  }

  /** After `1`: `\{cond\}`. */
  private parseIndicatorCondition(): Expr {
    const open = this.next();
    const cond = this.parseRelation(FRESH);
    if (!this.eatCmd('\\}')) this.fail(`expected '\\}' to close the indicator's condition, found ${describe(this.peek())}`, this.peek());
    void open;
    return indicator(cond);
  }

  /** After `\mathbb{1}` / `\mathbf 1`: `\{…\}`, `[…]`, `(…)` or `_{…}`. */
  private parseIndicatorAfterMark(): Expr {
    if (this.peekCmd('\\{')) return this.parseIndicatorCondition();
    if (this.eatChar('_')) return indicator(this.within(this.readArgument('the indicator\'s condition'), () => this.parseRelation(FRESH)));
    const open = this.next();
    const cond = this.parseRelation(FRESH);
    this.expectChar(open.text === '[' ? ']' : ')', 'after the indicator\'s condition', open);
    return indicator(cond);
  }

  // ---------------------------------------------------------------- binders

  /** `\arg\min_\theta`, `\arg_\theta \max`, `\arg \max_{\theta}`. The `\arg` is consumed. */
  private parseArg(ctx: Ctx): Expr {
    const early = this.eatChar('_') ? this.readArgument('the variable of \\arg') : undefined;
    const t = this.next();
    const word = t.kind === 'cmd' ? t.text.slice(1) : this.collectLetters(t);
    if (word !== 'min' && word !== 'max') this.fail(`expected \\min or \\max after \\arg, found ${describe(t)}`, t);
    return this.parseBinder(word === 'min' ? 'argmin' : 'argmax', ctx, early);
  }
  private collectLetters(first: Token): string {
    let s = first.text;
    while (this.peek().kind === 'letter' && !this.peek().spaced && s.length < 3) s += this.next().text;
    return s;
  }

  /**
   * Scripts of a binder (`_{…}` and `^{…}` in either order, `\limits` already
   * gone), then its body: the following product, or for E a bracketed group.
   * `\mathbb E_{t\sim U, q(x_t|x_0)}` nests one binder per item, outermost first.
   */
  private parseBinder(op: BinderOp, outer: Ctx, early?: Range): Expr {
    const ctx = bodyOf(outer);
    let sub = early;
    let sup: Range | undefined;
    for (let i = 0; i < 2; i++) {
      if (!sub && this.eatChar('_')) sub = this.readArgument(`the range under the ${op}`);
      else if (!sup && this.eatChar('^')) sup = this.readArgument(`the upper bound of the ${op}`);
    }
    const upper = sup && sup.end > sup.start ? this.within(sup, () => this.parseSum(FRESH)) : undefined;
    const written = sub !== undefined && sub.end > sub.start;
    const scopes = written ? this.within(sub!, () => this.parseBinderItems(op, upper)) : [{ vars: [], domain: { kind: 'natural' } as Domain }];
    if (op === 'E') {
      const conditional = this.conditionalHere();
      if (conditional) {
        if (sub) this.fail('a conditional expectation with a range under \\mathbb E is not understood: write E[f \\mid y] or E_{x \\sim p(x \\mid y)}[f]');
        return this.parseConditionalExpectation(conditional.barSeparates);
      }
    }
    const start = this.peek();
    const factors: Expr[] = [];
    const body = this.parseBinderBody(op, ctx, factors);
    // `\prod_{i=1}^n \theta^{x_i} \cdot \theta`: a factor free of the index after one that uses it is the
    // prior outside the product to some writers and a factor of every term to others (θ against θ^n).
    // Only factors written side by side: inside one fraction (`\frac{\lambda^{x_i} e^{-\lambda}}{x_i!}`) all are the term's
    if (op === 'prod' && factors.length > 1) {
      const vars = new Set(scopes.flatMap((s) => s.vars));
      const uses = factors.map((f) => [...freeNames(f)].some((n) => vars.has(n)));
      if (uses.some((u, i) => !u && uses.slice(0, i).some(Boolean))) {
        this.fail('a factor after the product\'s terms that does not use its index reads two ways: write (\\prod_i …)\\,c for a factor outside, or \\prod_i (… c) for one in every term', start);
      }
    }
    // `\mathbb E[X^2]`: over the implicit law of the random variables drawn, when there is one
    if (op === 'E') return this.expectationsOf([body], written ? scopes : [], [])?.[0] ?? bind('E', [], { kind: 'natural' }, body);
    return scopes.reduceRight<Expr>((inner, s) => bind(op, s.vars, s.domain, unsample(inner, s.samples ?? [])), body);
  }

  /**
   * `\mathbb E[f \mid y]`: the expectation of f over the implicit law of the one random variable f
   * draws, given y — E_{x \sim p(x \mid y)}[f]. When the variable drawn or the law is not clear (several
   * candidates, a document applying several laws) it is an opaque \mathbb{E}(f, y): never evaluated,
   * and no rule about expectations applies to it. The bracket is at the cursor.
   */
  private parseConditionalExpectation(barSeparates: boolean): Expr {
    const { args, given, params } = this.readConditional('the expectation\'s argument', barSeparates);
    if (args.length !== 1 || params.length > 0) this.fail('expected one expression and its condition in \\mathbb E[f \\mid y]');
    const body = args[0]!;
    const drawn = this.drawnVariable(body, given);
    const law = this.implicitLaw();
    if (drawn === undefined || !law) return call(sym('\\mathbb{E}'), [body, ...given]);
    return bind('E', [drawn], distDomain(prob(law, [sym(drawn)], given), [drawn]), body);
  }

  /** `\mathbb E_{\sim P}(f(x))`, `\mathbb E_P[f(x)]`: a bare law binds the one random variable the body draws. */
  private drawnFromBareLaw(scope: BinderItem, body: Expr): BinderItem {
    if (scope.vars.length > 0 || scope.domain.kind !== 'dist' || scope.domain.dist.kind !== 'sym') return scope;
    const drawn = this.drawnVariable(body, []);
    return drawn === undefined ? scope : { ...scope, vars: [drawn], domain: distDomain(scope.domain.dist, [drawn]) };
  }

  /**
   * The random variable an expectation's body draws, when exactly one name can be it: a free value
   * (not a law, a function, a count or an index, not conditioned on), written plain wherever it
   * occurs (`x`, never `x_t`). Undefined otherwise — the reading then stays open.
   */
  private drawnVariable(body: Expr, given: readonly Expr[]): string | undefined {
    const conditioned = new Set(given.flatMap((g) => [...valueSymbols(g).keys()]));
    const candidates = [...valueSymbols(body)].filter(([name, plain]) => {
      const kind = this.kindOf(name);
      return plain && !conditioned.has(name) && !NOT_DRAWN.has(name)
        && kind !== 'distribution' && kind !== 'function' && kind !== 'count' && kind !== 'index';
    });
    return candidates.length === 1 ? candidates[0]![0] : undefined;
  }

  private parseBinderItems(op: BinderOp, upper: Expr | undefined): BinderItem[] {
    const items: BinderItem[] = [];
    do {
      const at = this.peek();
      if (this.eatCmd('\\sim')) { items.push({ vars: [], domain: distDomain(this.lawNamed(this.parseSum(FRESH)), []) }); continue; }
      const e = this.parseRelation(FRESH);
      items.push(this.binderItem(op, e, upper, at));
    } while (this.eatChar(','));
    if (items.every((i) => i.domain.kind === 'natural')) {
      return [{ vars: items.flatMap((i) => i.vars), domain: { kind: 'natural' }, samples: items.flatMap((i) => i.samples ?? []) }];
    }
    return items;
  }

  private binderItem(op: BinderOp, e: Expr, upper: Expr | undefined, at: Token): BinderItem {
    // \mathbb E_P[…]: a law under the E, not a variable
    if (op === 'E' && e.kind === 'sym' && e.upper.length === 0 && this.kindOf(e.name) === 'distribution') return { vars: [], domain: distDomain(this.lawNamed(e), []) };
    if (e.kind === 'sym') {
      if (upper && op !== 'E') this.fail(`expected a start such as ${e.name}=1 under the ${op} with an upper bound`, at);
      return { vars: [e.name], domain: { kind: 'natural' }, samples: e.upper.length > 0 && e.index.length === 0 ? [e] : [] };
    }
    if (e.kind === 'rel' && e.lhs.kind === 'sym') {
      const v = [e.lhs.name];
      if (e.op === '=') {
        if (!upper) this.fail(`expected an upper bound ^{…} for ${e.lhs.name} = …`, at);
        return { vars: v, domain: { kind: 'range', from: e.rhs, to: upper } };
      }
      if (e.op === 'in') return { vars: v, domain: { kind: 'set', set: e.rhs } };
      // \prod_{s \le t}: from the sequences' first index, which the reader supplies (see IMPLICIT_START)
      if ((e.op === '<=' || e.op === '<') && !upper && (op === 'sum' || op === 'prod')) {
        return { vars: v, domain: { kind: 'range', from: sym(IMPLICIT_START), to: e.op === '<' ? add(e.rhs, num(-1)) : e.rhs } };
      }
      if (e.op === 'sim') return { vars: v, domain: distDomain(this.lawNamed(e.rhs), v) };
    }
    if (op === 'E' && e.kind === 'prob') {
      // E_{q(x_t | x_0)}: binds the names drawn, except those also conditioned on (never capture a free x_0).
      const conditioned = new Set(e.given.flatMap((g) => namesIn(g)));
      const vars = [...new Set(e.args.flatMap((a) => namesIn(a)))].filter((n) => !conditioned.has(n));
      return { vars, domain: distDomain(e, vars) };
    }
    if (op === 'E') return { vars: [], domain: distDomain(e, []) };
    return this.fail(`cannot read the range under the ${op}: expected a variable, x \\in S or i = 1`, at);
  }

  /** A binder's body; E's bracket is its whole argument (`\mathbb E[X]^2` squares the expectation). */
  private parseBinderBody(op: BinderOp, ctx: Ctx, written?: Expr[]): Expr {
    if (op === 'E' && this.peekChar('[')) {
      const open = this.next();
      const inner = this.parseSum(FRESH);
      this.expectChar(']', 'after the expectation\'s argument', open);
      return inner;
    }
    // `\sum_{i=1}^n -2x_i(y_i - w x_i)`: the body's own sign
    if (this.eatChar('-')) {
      if (!this.startsFactor(ctx)) this.fail(`expected what the ${op} ranges over, found ${describe(this.peek())}`);
      return mul(num(-1), this.parseProduct(ctx, written));
    }
    if (!this.startsFactor(ctx)) this.fail(`expected what the ${op} ranges over, found ${describe(this.peek())}`);
    return this.parseProduct(ctx, written);
  }

  /** `\int_a^b f(x)\,dx`, `\int f \,\mathrm{d}x`, `\int dx\, f`. The `\int` is consumed. */
  private parseIntegral(outer: Ctx): Expr {
    const ctx = bodyOf(outer);
    let sub: Range | undefined;
    let sup: Range | undefined;
    for (let i = 0; i < 2; i++) {
      if (!sub && this.eatChar('_')) sub = this.readArgument('the lower limit of the integral');
      else if (!sup && this.eatChar('^')) sup = this.readArgument('the upper limit of the integral');
    }
    const lo = sub ? this.within(sub, () => this.parseSum(FRESH)) : undefined;
    const hi = sup ? this.within(sup, () => this.parseSum(FRESH)) : undefined;
    let variable = this.differentialAt(0) ? this.readDifferential() : undefined;
    const body = variable ? this.parseProduct(ctx) : this.parseProduct({ ...ctx, integral: true });
    if (!variable) {
      if (!this.differentialAt(0)) this.fail(`expected the differential (dx) that ends the integral, found ${describe(this.peek())}`);
      variable = this.readDifferential();
    }
    const domain: Domain = lo && hi ? { kind: 'range', from: lo, to: hi } : lo ? { kind: 'set', set: lo } : { kind: 'natural' };
    return bind('int', [variable], domain, body);
  }

  /** `d x`, `\mathrm{d}x`, `\text{d}\theta`, `\operatorname{d}x`. */
  private differentialAt(k: number): boolean {
    const t = this.peek(k);
    if (t.kind === 'letter' && t.text === 'd') return this.symbolStartsAt(k + 1);
    if (t.kind === 'cmd' && WORD_COMMANDS.has(t.text)) return this.differentialLength(k) > 0;
    return false;
  }
  /** Tokens taken by an upright d: `\mathrm{d}` is 4, `\mathrm d` is 2; 0 when there is none followed by a symbol. */
  private differentialLength(k: number): number {
    if (this.peekChar('{', k + 1)) {
      const braced = this.peek(k + 2).text === 'd' && this.peekChar('}', k + 3) && this.symbolStartsAt(k + 4);
      return braced ? 4 : 0;
    }
    return this.peek(k + 1).text === 'd' && this.symbolStartsAt(k + 2) ? 2 : 0;
  }
  private symbolStartsAt(k: number): boolean {
    const t = this.peek(k);
    return t.kind === 'letter' || t.kind === 'name' || (t.kind === 'cmd' && (LETTER_COMMANDS.has(t.text) || BOLD_FONTS.has(t.text) || ACCENTS.has(t.text)));
  }
  private readDifferential(): string {
    const length = this.peek().kind === 'cmd' ? this.differentialLength(0) : 1;
    for (let i = 0; i < length; i++) this.next();
    const head = this.readSymbolHead();
    if (typeof head !== 'string') this.fail('expected the integration variable after d');
    return this.readScripts(head).name;
  }

  // ---------------------------------------------------------------- kinds seen in the formula

  private isMatrixish(e: Expr): boolean {
    return e.kind === 'sym' && (this.hints.matrices.has(e.name) || e.name === '\\Sigma' || this.kindOf(e.name) === 'matrix');
  }
  private isVectorish(e: Expr): boolean {
    if (e.kind === 'sym') {
      const k = this.kindOf(e.name);
      return this.hints.vectors.has(e.name) || this.isMatrixish(e) || k === 'vector';
    }
    if (e.kind === 'add' || e.kind === 'mul') return e.kind === 'add' ? e.terms.some((t) => this.isVectorish(t)) : e.factors.some((f) => this.isVectorish(f));
    return e.kind === 'call' && this.isVectorish(e.fn);
  }

}

// ---------------------------------------------------------------- helpers

/** -a with literal numbers folded: -2 is num(-2), -2x is (-2)·x; otherwise mul(-1, a). */
function negate(e: Expr): Expr {
  if (e.kind === 'num') return num(-e.value);
  if (e.kind === 'mul' && e.factors[0]!.kind === 'num') return mulAll([num(-e.factors[0]!.value), ...e.factors.slice(1)]);
  return mul(num(-1), e);
}

/** Names under which a symbol's kind may be recorded: itself, without its label, primes or star. */
function lookupNames(name: string): string[] {
  const out = [name];
  const plain = name.replace(/\^\{\*\}$/, '').replace(/'+$/, '');
  if (plain !== name) out.push(plain);
  const label = plain.indexOf('_{');
  if (label > 0) out.push(plain.slice(0, label));
  return out;
}

const ACCENT_NAMES: ReadonlySet<string> = new Set(ACCENTS.values());

/**
 * The one name of a bold symbol, however it is spelled: `\mathbf{x}` for a letter (`\bm x`,
 * `\boldsymbol x` too), `\boldsymbol{\mu}` for a command, `\vec{x}` for the arrow; the accent stays
 * outside, so `\mathbf{\hat x}` is `\hat{\mathbf{x}}` as writers more often spell it.
 */
function boldName(name: string, mark?: string): string {
  const accented = /^(\\[a-z]+)\{(.*)\}$/.exec(name);
  if (accented && ACCENT_NAMES.has(accented[1]!)) return `${accented[1]}{${boldName(accented[2]!, mark)}}`;
  const font = mark ?? (name.startsWith('\\') ? '\\boldsymbol' : '\\mathbf');
  return `${font}{${name}}`;
}

/** Names that are never the variable an expectation draws: constants. */
const NOT_DRAWN = new Set(['\\pi', '\\infty', 'e']);

function namesIn(e: Expr): string[] {
  if (e.kind === 'sym') return [e.name];
  return [];
}

function mentions(e: Expr, name: string): boolean {
  const stack: Expr[] = [e];
  for (let steps = 0; stack.length > 0 && steps < 100_000; steps++) {
    const x = stack.pop()!;
    if (x.kind === 'sym' && x.name === name) return true;
    for (const c of childrenOf(x)) stack.push(c);
  }
  return false;
}

function describeExpr(e: Expr): string { return e.kind === 'fn' ? `\\${e.name}(…)` : e.kind; }
function describeRange(toks: readonly Token[]): string { return toks.map((t) => t.text).join(''); }

// ---------------------------------------------------------------- entry points

/** Maps offsets of a MathText to file positions through its spans. */
export function locateIn(text: MathText): Locate {
  return (offset) => {
    let span = text.spans[0];
    for (const s of text.spans) { if (s.offset <= offset) span = s; else break; }
    if (!span) return { line: 1, column: offset + 1 };
    return { line: span.line, column: span.column + (offset - span.offset) };
  };
}

/** The applied symbol on the left of a definition (`L(\mu) := …`). */
export interface DefinitionHead {
  readonly name: string;
  /** Every argument is a plain symbol, as in a definition `f(x, y)`, not a product `a(b + c)`. */
  readonly args: readonly Expr[];
  readonly plainArgs: boolean;
  /** A bar separates the arguments (`p(x \mid z)`, `H_P(X|Y)`). */
  readonly conditional: boolean;
  /** The name carries a label or bold mark (`\ell_{\text{sup}}`, `\boldsymbol\mu`): it names a quantity. */
  readonly marked: boolean;
  /** The symbol has index scripts (`\mu_q`): its kind is shared with every other `\mu_j`. */
  readonly indexed: boolean;
}

/** `name(args)` when that is the whole formula, else undefined (never throws). */
export function definitionHead(latex: string): DefinitionHead | undefined {
  const locate: Locate = (offset) => ({ line: 1, column: offset + 1 });
  try {
    return new MathParser(tokenize(latex, locate), locate, new Map(), { assumption: false }).readDefinitionHead();
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

/** Parses and also returns the kind hints (bold marks) seen on the way. */
export function parseWithHints(latex: string, symbols: SymbolTable, locate: Locate): { expr: Expr; hints: KindHints } {
  const p = new MathParser(tokenize(latex, locate), locate, symbols, { assumption: false });
  const expr = p.parseTop();
  return { expr, hints: p.hints };
}

/** An assumption such as `n \geq 1`, `\beta_t \in (0,1)`, `\Sigma_j \succ 0`, `f \text{ convex}`
 *  → a relation the numeric back-end can honour (intervals are fn('interval', lo, hi, leftClosed, rightClosed)). */
/**
 * What a chain `t_0 < t_1 < … < t_n` states: each neighbouring pair, and, when its ends are
 * numbers, each inner term's interval between them (so `0 < a < b < 1` bounds a and b by name).
 * `0 < x < 1` is just `x \in (0, 1)`.
 */
function chainFacts(terms: readonly Expr[], ops: readonly RelOp[]): Expr[] {
  const [lo, hi] = [terms[0]!, terms[terms.length - 1]!];
  const closed = (from: number, to: number) => num(ops.slice(from, to).every((o) => o === '<=') ? 1 : 0);
  const inner = terms.slice(1, -1);
  const within = isConstant(lo) && isConstant(hi)
    ? inner.map((t, k) => rel('in', t, fn('interval', lo, hi, closed(0, k + 1), closed(k + 1, ops.length)))) : [];
  if (ops.length === 2 && within.length === 1) return within;
  return [...within, ...ops.map((o, k) => rel(o, terms[k]!, terms[k + 1]!))];
}

/**
 * What `x \in (0, b]` states: the membership (its numeric ends bound x), and an order for each end
 * that is not a number (`x \le b`), which no interval of numbers can say.
 */
function membershipFacts(x: Expr, set: Expr): Expr[] {
  if (set.kind !== 'fn' || set.name !== 'interval') return [rel('in', x, set)];
  const [lo, hi, leftClosed, rightClosed] = set.args as [Expr, Expr, Expr, Expr];
  const closedAt = (end: Expr) => end.kind === 'num' && end.value === 1;
  const finite = (end: Expr) => !(end.kind === 'sym' && end.name === '\\infty') && !(end.kind === 'mul' && end.factors.some((f) => f.kind === 'sym' && f.name === '\\infty'));
  const orders: Expr[] = [];
  if (!isConstant(lo) && finite(lo)) orders.push(rel(closedAt(leftClosed) ? '>=' : '>', x, lo));
  if (!isConstant(hi) && finite(hi)) orders.push(rel(closedAt(rightClosed) ? '<=' : '<', x, hi));
  return [rel('in', x, set), ...orders];
}

/** A number written out (`1`, `-1`, `\frac{1}{2}`): no name in it. */
/** A number, or a number over anything (`\frac{1}{n}`, `\frac{2}{n}`): what scales a sum to a mean. */
const isCoefficient = (e: Expr): boolean =>
  isConstant(e) || (e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value === -1)
  || (e.kind === 'mul' && e.factors.length === 2 && isConstant(e.factors[0]!) && isCoefficient(e.factors[1]!));

const isConstant = (e: Expr): boolean =>
  e.kind === 'num' || ((e.kind === 'mul' || e.kind === 'add') && (e.kind === 'mul' ? e.factors : e.terms).every(isConstant))
  || (e.kind === 'pow' && isConstant(e.base) && isConstant(e.exp));

/** The relations one assumption states: one, or what a chain `0 < a < b < 1` says (chainFacts). */
export function parseAssumptions(text: MathText, symbols: SymbolTable, file: string): Expr[] {
  void file;
  const locate = locateIn(text);
  return new MathParser(tokenize(text.latex, locate), locate, symbols, { assumption: true }).parseAssumptionTop();
}

/** An assumption stating one relation (a chain `0 < x < 1` is one: x in an interval). */
export function parseAssumption(text: MathText, symbols: SymbolTable, file: string): Expr {
  const [first, ...rest] = parseAssumptions(text, symbols, file);
  if (rest.length > 0) throw new InputError('a chain of more than two relations states several assumptions', text.spans[0] ?? { line: 1, column: 1 });
  return first!;
}

/** Tokens taken by a d at `tokens[k]` that marks a derivative: `d` is 1, `\mathrm{d}` (also `\text`,
 *  `\operatorname` …) 4, `\mathrm d` 2; 0 for anything else. */
function uprightD(tokens: readonly Token[], k: number): number {
  const t = tokens[k];
  if (t === undefined) return 0;
  if (t.kind === 'letter' && t.text === 'd') return 1;
  if (t.kind !== 'cmd' || !WORD_COMMANDS.has(t.text)) return 0;
  const next = tokens[k + 1];
  if (next !== undefined && isChar(next, '{')) return tokens[k + 2]?.text === 'd' && tokens[k + 3] !== undefined && isChar(tokens[k + 3]!, '}') ? 4 : 0;
  return next?.text === 'd' ? 2 : 0;
}

/** One piece of math from a document; errors carry the file's line and column. */
export function parseMath(text: MathText, symbols: SymbolTable, file: string): Expr {
  void file; // positions are file positions already; the caller attaches the file name to the diagnostic
  return parseWithHints(text.latex, symbols, locateIn(text)).expr;
}

/** A formula given as a string (tests, rule files): positions are line 1, column = offset + 1. */
export function parseLatex(latex: string, symbols: SymbolTable = defaultSymbols()): Expr {
  return parseWithHints(latex, symbols, (offset) => ({ line: 1, column: offset + 1 })).expr;
}

/** What one item under a binder binds. `samples`: the item was written `z^{(i)}` (a sum over the
 *  values of the i-th sample's z), whose uses in the body become the bound name `z`, so that a
 *  superscripted symbol always means a sample and never a bound variable (model.key relies on it). */
type BinderItem = BinderScope;

function unsample(body: Expr, samples: readonly Sym[]): Expr {
  if (samples.length === 0) return body;
  const names = new Map(samples.map((s) => [key(s), s.name]));
  const go = (e: Expr): Expr => {
    const name = e.kind === 'sym' ? names.get(key(e)) : undefined;
    return name !== undefined ? sym(name) : mapChildren(e, go);
  };
  return go(body);
}
