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
 */
import type { Relation } from './source.js';
import { joinMapped, originAt, type Mapped } from './document-text.js';
import { analyzeRow, isBlank, startsWithOperator, tidy, type JustificationDraft, type LinkDraft } from './document-rows.js';

export interface ChainDraft {
  readonly env: string;
  /** Where the chain starts in the file: the display's opening for its first chain. */
  readonly offset: number;
  head: Mapped;
  readonly links: LinkDraft[];
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

const RELATION_SPELLING: Readonly<Record<Relation, string>> = {
  '=': '=', '<=': '\\leq', '>=': '\\geq', '<': '<', '>': '>', propto: '\\propto', ':=': ':=', iff: '\\iff', implies: '\\implies', approx: '\\approx',
};

const lastExpression = (chain: ChainDraft): Mapped => chain.links.length > 0 ? chain.links[chain.links.length - 1]!.rhs : chain.head;

function extendLastExpression(chain: ChainDraft, piece: Mapped): void {
  const last = chain.links[chain.links.length - 1];
  if (last) last.rhs = joinMapped([tidy(last.rhs, false), tidy(piece, false)]);
  else chain.head = joinMapped([tidy(chain.head, false), tidy(piece, false)]);
}

/**
 * The chains of one display's rows. `previous` is the chain the previous display left
 * open; it is continued only when this display's first row starts with a relation
 * and `mayContinue` holds (not for inline Markdown chains).
 */
export function assembleChains(rows: readonly RowInput[], env: string, displayOffset: number, previous: ChainDraft | null, mayContinue: boolean): DisplayChains {
  const chains: ChainDraft[] = [];
  const assumptions: Mapped[] = [];
  const problems: { message: string; offset: number }[] = [];
  let current: ChainDraft | null = null;
  const definitions: ChainDraft[] = [];
  const newChain = (head: Mapped, first: boolean): ChainDraft =>
    ({ env, offset: first ? displayOffset : (isBlank(head) ? displayOffset : originAt(tidy(head, false), 0)), head, links: [] });
  const startChain = (head: Mapped): ChainDraft => {
    const chain = newChain(head, chains.length === 0);
    chains.push(chain);
    return chain;
  };

  const pending: RowInput[] = [];
  let nextRow = 0;
  while (pending.length > 0 || nextRow < rows.length) {
    const row = pending.pop() ?? rows[nextRow++]!;
    const analysis = analyzeRow(row.math, env);
    for (let k = analysis.extraRows.length - 1; k >= 0; k--) pending.push({ math: analysis.extraRows[k]!, byComment: null });
    for (const definition of analysis.definitions) {
      const chain = newChain(definition.lhs, false);
      chain.links.push({ relation: ':=', offset: definition.offset, rhs: definition.rhs, justification: null });
      definitions.push(chain);
    }
    assumptions.push(...analysis.assumptions);
    const justification = row.byComment ?? analysis.justification;
    const preBlank = isBlank(analysis.pre);

    if (analysis.links.length === 0) {
      if (!preBlank) {
        if (current) extendLastExpression(current, analysis.pre);
        else current = startChain(analysis.pre);
      }
      const last = current?.links[current.links.length - 1];
      if (last && justification) last.justification ??= justification;
      continue;
    }

    if (preBlank) {
      if (!current && chains.length === 0 && mayContinue && previous) current = previous;
      if (!current) {
        const first = analysis.links[0]!;
        problems.push({ message: `a step starts with "${RELATION_SPELLING[first.relation]}" but no expression comes before it`, offset: first.offset });
        continue;
      }
    } else {
      const continues = current !== null && (current.links.length === 0 || isBlank(lastExpression(current))
        || (startsWithOperator(analysis.pre) && (analysis.startsWithAmpersand || !analysis.hasAmpersand)));
      if (continues) extendLastExpression(current!, analysis.pre);
      else current = startChain(analysis.pre);
    }
    const chain = current!;
    analysis.links[0]!.justification ??= justification;
    for (const link of analysis.links) chain.links.push(link);
  }
  return { chains: [...chains, ...definitions], assumptions, problems, open: current };
}
