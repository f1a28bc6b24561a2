/**
 * Joining analysed rows into chains `head rel₁ e₁ rel₂ e₂ …`.
 *
 * Owns: the rules of continuation — a row that starts with a relation extends the chain;
 * a row without a relation, or one starting with an operator after `&`, extends the last
 * expression; a row with its own left-hand side starts a new chain; a display that starts
 * with a relation continues the chain the previous display left open (Markdown's one-line
 * `$$` blocks). Also where a justification lands (the row's first step, or for a
 * continuation row the step it continues) and `\text{where}` definitions as `:=` chains
 * (placed after the display's own chains, as they are written after them).
 * Must not: look at tokens (document-rows.ts did) or name derivations (document.ts does).
 *
 * Expressions are kept as lists of pieces and joined once at the end, so a thousand
 * continuation rows cost a thousand appends, not a thousand copies.
 */
import { RELATION_INFO, type Relation } from '../expr/relations.js';
import { EMPTY_MAPPED, joinMapped, originAt, type Mapped } from './document-text.js';
import { analyzeRow, isBlank, splitColumns, startsWithOperator, tidy, type JustificationDraft, type LinkDraft } from './document-rows.js';

export interface ChainDraft {
  readonly env: string;
  /** Where the chain starts in the file: the display's opening for its first chain. */
  readonly offset: number;
  /** The head's pieces (rows that continue it). */
  readonly head: Mapped[];
  /** Each link with the pieces of its right side. */
  readonly links: { readonly link: LinkDraft; readonly rhs: Mapped[] }[];
  /** Whether the last expression (head or last right side) is still blank (`a = \\ b`). */
  lastBlank: boolean;
}

export interface RowInput {
  readonly math: Mapped;
  /** A `% by:` comment that belongs to this row. */
  readonly byComment: JustificationDraft | null;
}

export interface DisplayChains {
  readonly chains: ChainDraft[];
  readonly assumptions: Mapped[];
  readonly problems: { readonly message: string; readonly offset: number }[];
  /** The chain open at the end of the display (a following display may continue it). */
  readonly open: ChainDraft | null;
}


/** The pieces of an expression as one text (pieces tidied, one space between). */
export const joinPieces = (pieces: readonly Mapped[]): Mapped => pieces.length === 1 ? pieces[0]! : joinMapped(pieces.map((piece) => tidy(piece, false)));

function extendLastExpression(chain: ChainDraft, piece: Mapped): void {
  const last = chain.links[chain.links.length - 1];
  (last ? last.rhs : chain.head).push(piece);
  chain.lastBlank &&= isBlank(piece);
}

function addLink(chain: ChainDraft, link: LinkDraft): void {
  chain.links.push({ link, rhs: [link.rhs] });
  chain.lastBlank = isBlank(link.rhs);
}

/**
 * The chains of one display's rows. `previous` is the chain the previous display left
 * open; it is continued only when this display's first row starts with a relation
 * and `mayContinue` holds (not for inline Markdown chains).
 */
export function assembleChains(rows: readonly RowInput[], env: string, displayOffset: number, previous: ChainDraft | null, mayContinue: boolean): DisplayChains {
  const split = rows.map((row) => splitColumns(row.math, env));
  if (split.every((columns) => columns.length === 1)) return assembleColumn(rows, env, displayOffset, previous, mayContinue);
  // equations side by side (`u &= … & v &= …`): each column is a display of its own, read in turn;
  // only the first may continue the chain a previous display left open, and holds the `% by:` comments
  const count = Math.max(...split.map((columns) => columns[columns.length - 1]!.index)) + 1;
  const parts = Array.from({ length: count }, (_, index) => assembleColumn(
    split.flatMap((columns, k) => columns.filter((column) => column.index === index).map((column) => ({ math: column.math, byComment: index === 0 ? rows[k]!.byComment : null }))),
    env, displayOffset, index === 0 ? previous : null, index === 0 && mayContinue));
  return {
    chains: inRowOrder(parts.map((part) => part.chains), rows.map((row) => originAt(row.math, 0))),
    assumptions: parts.flatMap((part) => part.assumptions),
    problems: parts.flatMap((part) => part.problems),
    open: parts[0]!.open,
  };
}

/**
 * The chains of a display's columns, cut at row ends and read row by row, left to right: a row may
 * use what another column defined on a row above (`u &= a + b & v &= a - b \\ u + v &= 2a`), and read
 * column after column it met v before its definition. `rowStarts`: each row's file offset.
 */
function inRowOrder(columns: readonly (readonly ChainDraft[])[], rowStarts: readonly number[]): ChainDraft[] {
  // (the last row starting at or before the offset, by bisection: a long display has many rows)
  const rowOf = (offset: number): number => {
    let [low, high] = [0, rowStarts.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (rowStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const pieces: { row: number; column: number; order: number; chain: ChainDraft }[] = [];
  columns.forEach((chains, column) => {
    for (const chain of chains) {
      let head = chain.head;
      let from = 0;
      chain.links.forEach((entry, k) => {
        const next = chain.links[k + 1];
        if (next !== undefined && rowOf(next.link.offset) === rowOf(entry.link.offset)) return;
        const links = chain.links.slice(from, k + 1);
        const offset = from === 0 ? chain.offset : links[0]!.link.offset;
        pieces.push({ row: rowOf(links[0]!.link.offset), column, order: pieces.length, chain: { ...chain, offset, head, links } });
        head = entry.rhs;
        from = k + 1;
      });
      if (chain.links.length === 0) pieces.push({ row: rowOf(chain.offset), column, order: pieces.length, chain });
    }
  });
  return pieces.sort((a, b) => a.row - b.row || a.column - b.column || a.order - b.order).map((piece) => piece.chain);
}

function assembleColumn(rows: readonly RowInput[], env: string, displayOffset: number, previous: ChainDraft | null, mayContinue: boolean): DisplayChains {
  const chains: ChainDraft[] = [];
  const definitions: ChainDraft[] = [];
  const assumptions: Mapped[] = [];
  const problems: { message: string; offset: number }[] = [];
  let current: ChainDraft | null = null;
  const newChain = (head: Mapped, first: boolean): ChainDraft => {
    const blank = isBlank(head);
    return { env, offset: first || blank ? displayOffset : originAt(tidy(head, false), 0), head: [head], links: [], lastBlank: blank };
  };
  const startChain = (head: Mapped): ChainDraft => {
    const chain = newChain(head, chains.length === 0);
    chains.push(chain);
    return chain;
  };

  const pending: RowInput[] = [];
  let nextRow = 0;
  // statements split off a row (`a &= b \qquad c = d`) are chains of their own; the next row's `&=`,
  // aligned under the first, continues the row's own chain, which is taken up again after them
  let resume: ChainDraft | null = null;
  while (pending.length > 0 || nextRow < rows.length) {
    if (resume !== null && pending.length === 0) { current = resume; resume = null; }
    const fromRow: boolean = pending.length === 0;
    const row = pending.pop() ?? rows[nextRow++]!;
    const analysis = analyzeRow(row.math, env);
    for (let k = analysis.extraRows.length - 1; k >= 0; k--) pending.push({ math: analysis.extraRows[k]!, byComment: null });
    const splits = fromRow && analysis.extraRows.length > 0;
    for (const definition of analysis.definitions) {
      const chain = newChain(definition.lhs, false);
      addLink(chain, { relation: ':=', offset: definition.offset, symbol: EMPTY_MAPPED, rhs: definition.rhs, justification: null });
      definitions.push(chain);
    }
    for (const assumption of analysis.assumptions) assumptions.push(assumption);
    const justification = row.byComment ?? analysis.justification;
    const preBlank = isBlank(analysis.pre);

    if (analysis.links.length === 0) {
      if (!preBlank) {
        if (current) extendLastExpression(current, analysis.pre);
        else current = startChain(analysis.pre);
      }
      const last = current?.links[current.links.length - 1];
      if (last && justification) last.link.justification ??= justification;
      continue;
    }

    if (preBlank) {
      if (!current && chains.length === 0 && mayContinue && previous) current = previous;
      if (!current) {
        const first = analysis.links[0]!;
        problems.push({ message: `a step starts with "${RELATION_INFO[first.relation].latex}" but no expression comes before it`, offset: first.offset });
        continue;
      }
    } else {
      const continues = current !== null && (current.links.length === 0 || current.lastBlank
        || (startsWithOperator(analysis.pre) && (analysis.startsWithAmpersand || !analysis.hasAmpersand)));
      if (continues) extendLastExpression(current!, analysis.pre);
      else current = startChain(analysis.pre);
    }
    const chain: ChainDraft = current!;
    analysis.links[0]!.justification ??= justification;
    for (const link of analysis.links) addLink(chain, link);
    if (splits) resume = chain;
  }
  if (resume !== null) current = resume;
  // a `\text{where}` definition holds for the row that states it: it is read before the steps
  return { chains: [...definitions, ...chains], assumptions, problems, open: current };
}

const CONNECTIVES: ReadonlySet<Relation> = new Set(['implies', 'iff']);
/** Connectives that assert the statement before them ("therefore"), rather than assume it ("if … then"). */
const ASSERTING = /\\therefore|\b(therefore|hence|thus)\b/i;

/**
 * `⇒` and `⇔` join statements, not expressions: `28\mu + 12 = 0 \implies \mu = -\frac{3}{7}`
 * is one step, from the condition to its solution — its `=` are not steps of their own. The
 * relation next to a connective belongs to the statement: the last one before (the
 * condition), the first one after (the conclusion); any earlier or later relations stay
 * ordinary steps (`\nabla J = \sum_i (x_i - \mu) = 0 \implies …` still checks its first `=`).
 */
export function splitStatements(chain: ChainDraft): ChainDraft[] {
  const cuts = chain.links.flatMap((l, k) => (CONNECTIVES.has(l.link.relation) ? [k] : []));
  if (cuts.length === 0) return [chain];
  // expressions E0 … En and, between E(k) and E(k+1), link k
  const exprs = [chain.head, ...chain.links.map((l) => l.rhs)];
  const out: ChainDraft[] = [];
  const statement = (from: number, to: number): Mapped => from === to ? joinPieces(exprs[from]!)
    : joinMapped([tidy(joinPieces(exprs[from]!), false), chain.links[from]!.link.symbol, tidy(joinPieces(exprs[to]!), false)]);
  const claims = (from: number, to: number): void => {   // the ordinary steps from E(from) to E(to)
    if (to <= from) return;
    const part: ChainDraft = { env: chain.env, offset: chain.offset, head: exprs[from]!, links: chain.links.slice(from, to), lastBlank: false };
    out.push(part);
  };
  const segments = [-1, ...cuts, chain.links.length].slice(0, -1).map((cut, j, all) => ({
    first: cut + 1, last: j + 1 < all.length ? all[j + 1]! : chain.links.length,
  }));
  // "therefore" (`\therefore`, `\text{hence}`) asserts what comes before it: the last relation before
  // it is a step of the chain too (`… = -\log 1 = 0 \quad \therefore …`), not a condition
  const asserts = (k: number): boolean => ASSERTING.test(chain.links[k]!.link.symbol.text);
  segments.forEach(({ first, last }, j) => {
    const isPremise = j + 1 < segments.length;
    const isConclusion = j > 0;
    const start = isConclusion && last > first ? first + 1 : first;
    // (a lone `$a = b$ \therefore …` is a result stated, the premise, as before)
    const end = isPremise && last > first && !(asserts(last) && last - first >= 2) ? last - 1 : last;
    claims(start, end);
    if (!isPremise) return;
    const next = segments[j + 1]!;
    const connective = chain.links[last]!.link;
    const conclusion = next.last > next.first ? statement(next.first, next.first + 1) : statement(next.first, next.first);
    out.push({
      env: chain.env, offset: chain.offset, head: [statement(last > first ? last - 1 : first, last)],
      links: [{ link: { ...connective, rhs: conclusion }, rhs: [conclusion] }], lastBlank: false,
    });
  });
  return out;
}
