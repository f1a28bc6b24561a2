/**
 * The one vocabulary of relations: every relation deriva reads, checks, proves or prints,
 * with its spellings (LaTeX commands, Unicode characters, words), its converse, how it
 * composes with the next step of a chain (the table Lean's `calc` uses: `=` then `≤` gives
 * `≤`, `≤` then `≥` gives nothing), and how it prints.
 *
 * Two families share the table: chain relations (`a &\le b` — a step of a derivation) and
 * value relations (`1\{x = j\}`, `x \in S`, `z \sim P` — relations inside an expression).
 * The reader, the parser, the printer, the rule files, the kernel, the numeric back-end
 * and every renderer take their relations from here.
 *
 * Owns: data and the pure functions over it. Must not: parse text or know Expr.
 */

/** A step's relation as the JSON report names it. */
export type Relation = '=' | '<=' | '>=' | '<' | '>' | 'propto' | ':=' | 'iff' | 'implies' | 'approx';

/** A relation standing inside an expression (an indicator's condition, an assumption). */
export type ValueRelation = '=' | '<=' | '>=' | '<' | '>' | '!=' | 'in' | 'sim';

/** The relations a rule or a proof step can establish between two expressions. */
export type OrderRelation = '=' | '<=' | '>=' | '<' | '>';

/** Up to an additive term free of the optimised variables (`+ \text{const}`): a relation the
 *  checker derives from the expression, not a symbol the writer types. */
export type CheckedRelation = OrderRelation | 'propto' | 'const';

interface RelationInfo {
  /** How it prints in LaTeX that both amsmath and KaTeX accept. */
  readonly latex: string;
  /** How it prints in plain text (terminal, JUnit). */
  readonly symbol: string;
  /** A word for messages: "left ≤ right fails". */
  readonly word: string;
}

export const RELATION_INFO: Readonly<Record<Relation, RelationInfo>> = {
  '=': { latex: '=', symbol: '=', word: 'equals' },
  '<=': { latex: '\\le', symbol: '≤', word: 'is at most' },
  '>=': { latex: '\\ge', symbol: '≥', word: 'is at least' },
  '<': { latex: '<', symbol: '<', word: 'is less than' },
  '>': { latex: '>', symbol: '>', word: 'is greater than' },
  propto: { latex: '\\propto', symbol: '∝', word: 'is proportional to' },
  ':=': { latex: ':=', symbol: ':=', word: 'is defined as' },
  iff: { latex: '\\iff', symbol: '⇔', word: 'is equivalent to' },
  implies: { latex: '\\implies', symbol: '⇒', word: 'implies' },
  approx: { latex: '\\approx', symbol: '≈', word: 'is approximately' },
};

export const VALUE_RELATION_LATEX: Readonly<Record<ValueRelation, string>> = {
  '=': '=', '<=': '\\leq', '>=': '\\geq', '<': '<', '>': '>', '!=': '\\neq', in: '\\in', sim: '\\sim',
};

/** LaTeX commands that spell a chain relation. */
export const CHAIN_RELATION_COMMANDS: ReadonlyMap<string, Relation> = new Map<string, Relation>([
  ['\\leq', '<='], ['\\le', '<='], ['\\leqslant', '<='], ['\\leqq', '<='],
  ['\\geq', '>='], ['\\ge', '>='], ['\\geqslant', '>='], ['\\geqq', '>='],
  ['\\lt', '<'], ['\\gt', '>'],
  ['\\propto', 'propto'], ['\\varpropto', 'propto'],
  ['\\coloneqq', ':='], ['\\coloneq', ':='], ['\\triangleq', ':='], ['\\defeq', ':='],
  ['\\iff', 'iff'], ['\\Leftrightarrow', 'iff'], ['\\Longleftrightarrow', 'iff'],
  ['\\Rightarrow', 'implies'], ['\\implies', 'implies'], ['\\Longrightarrow', 'implies'], ['\\therefore', 'implies'],
  ['\\approx', 'approx'],
]);

/** The commands that spell `:=` (`\\coloneqq`, `\\triangleq` …): the writer says an equation is a definition. */
export const DEFINITION_COMMANDS: readonly string[] = [...CHAIN_RELATION_COMMANDS].filter(([, r]) => r === ':=').map(([command]) => command);

/** `:=` in any of its spellings, anywhere in a text (a command not followed by more letters). */
export const DEFINITION_SPELLING = new RegExp(`:=|(?:${DEFINITION_COMMANDS.map((c) => c.replace(/\\/g, '\\\\')).join('|')})(?![A-Za-z])`);

/** The text with each spelling of `:=` written `=`, padded so every other character keeps its offset. */
export const definitionsAsEquations = (text: string): string =>
  text.replace(new RegExp(DEFINITION_SPELLING.source, 'g'), (op) => `${' '.repeat(op.length - 1)}=`);

/** Unicode characters that start a chain step. (≠, ∥, θ are not relations of a chain.) */
export const CHAIN_RELATION_CHARS: ReadonlyMap<string, Relation> = new Map<string, Relation>([
  ['≤', '<='], ['≥', '>='], ['⩽', '<='], ['⩾', '>='],
]);

/** Words that, alone in a `\text{…}`, join two statements. */
export const CHAIN_RELATION_WORDS: ReadonlyMap<string, Relation> = new Map<string, Relation>([
  ['iff', 'iff'], ['if and only if', 'iff'],
  ['implies', 'implies'], ['therefore', 'implies'], ['hence', 'implies'], ['thus', 'implies'],
]);

/** Spellings of value relations inside an expression (after Unicode became commands). */
export const VALUE_RELATION_SPELLINGS: ReadonlyMap<string, ValueRelation> = new Map<string, ValueRelation>([
  ['=', '='], ['<', '<'], ['>', '>'],
  ['\\leq', '<='], ['\\le', '<='], ['\\leqslant', '<='],
  ['\\geq', '>='], ['\\ge', '>='], ['\\geqslant', '>='],
  ['\\neq', '!='], ['\\ne', '!='],
  ['\\in', 'in'], ['\\sim', 'sim'],
]);

/** Matrix order relations in an assumption (`\Sigma \succ 0`): read as their scalar counterparts. */
export const MATRIX_ORDER_SPELLINGS: ReadonlyMap<string, '>' | '>=' | '<' | '<='> = new Map([
  ['\\succ', '>'], ['\\succeq', '>='], ['\\prec', '<'], ['\\preceq', '<='],
] as const);

/** Relations a chain composes through (≈ and := are reported, not composed). */
export type ComposableRelation = CheckedRelation | 'iff' | 'implies';

const ORDER: ReadonlySet<string> = new Set(['=', '<=', '>=', '<', '>']);
export const isOrderRelation = (r: string): r is OrderRelation => ORDER.has(r);

const CONVERSE: Readonly<Record<OrderRelation, OrderRelation>> = { '=': '=', '<=': '>=', '>=': '<=', '<': '>', '>': '<' };

/** a R b ⇔ b converse(R) a. */
export const converse = (r: OrderRelation): OrderRelation => CONVERSE[r];

const rising = (r: OrderRelation): boolean => r === '<=' || r === '<';
export const isStrict = (r: OrderRelation): boolean => r === '<' || r === '>';

/**
 * x a y and y b z ⇒ x (compose a b) z, or null when nothing follows (≤ then ≥).
 * Order relations compose as in Lean's calc; ∝ composes with = and ∝; "+ const" with = and
 * itself; ⇒ and ⇔ with each other (⇔ then ⇒ gives ⇒).
 */
export function compose(a: OrderRelation, b: OrderRelation): OrderRelation | null;
export function compose(a: ComposableRelation, b: ComposableRelation): ComposableRelation | null;
export function compose(a: string, b: string): string | null {
  if (isOrderRelation(a) && isOrderRelation(b)) {
    if (a === '=') return b;
    if (b === '=') return a;
    if (rising(a) !== rising(b)) return null;
    const strict = isStrict(a) || isStrict(b);
    return rising(a) ? (strict ? '<' : '<=') : (strict ? '>' : '>=');
  }
  if (a === '=') return b;
  if (b === '=') return a;
  if (a === b) return a;
  if ((a === 'iff' && b === 'implies') || (a === 'implies' && b === 'iff')) return 'implies';
  return null;
}

/** Does having shown `have` establish `goal`? (`=` and `<` establish `≤`.) */
export function establishes(have: OrderRelation, goal: OrderRelation): boolean {
  if (have === goal) return true;
  if (goal === '<=') return have === '=' || have === '<';
  if (goal === '>=') return have === '=' || have === '>';
  return false;
}

/** The relation read with its sides swapped: `a < b` is `b > a`; `=`, `≠`, `∈`, `∼` stay. */
export const swapSides = (r: ValueRelation): ValueRelation => (isOrderRelation(r) ? converse(r) : r);

/** The relation a monotone context of sign −1 turns `r` into. */
export const throughSign = (r: OrderRelation, sign: 1 | -1): OrderRelation => (sign === 1 ? r : converse(r));

/** Weakens a strict order to its non-strict form (≤ for <). */
export const weaken = (r: OrderRelation): OrderRelation => (r === '<' ? '<=' : r === '>' ? '>=' : r);
