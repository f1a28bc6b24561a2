/**
 * Chain relations and justification text, as the document reader recognises them.
 *
 * Owns: finding a relation among a row's tokens (spellings come from the one vocabulary in
 * expr/relations.ts; `\overset{\text{def}}{=}` and `\text{iff}` are recognised here) and how a justification as
 * written ("(by Jensen's inequality.)") becomes a rule name ("Jensen's inequality").
 * Must not: decide what a relation means for checking (the checker does), or look
 * below the top level of a row (callers pass the nesting).
 */
import { CHAIN_RELATION_CHARS as RELATION_CHARS, CHAIN_RELATION_COMMANDS as RELATION_COMMANDS, CHAIN_RELATION_WORDS as RELATION_WORDS, type Relation } from '../expr/relations.js';
import { argumentAt, previousNonSpace, Role, type Nesting, type Token } from './document-tokens.js';

export const TEXT_COMMANDS = new Set(['\\text', '\\textrm', '\\textnormal', '\\mbox', '\\textit', '\\textbf', '\\textsf', '\\texttt', '\\textup', '\\hbox']);

const STACKING_COMMANDS = new Set(['\\overset', '\\stackrel', '\\underset']);

export interface RelationHit {
  readonly relation: Relation;
  /** Token range of the whole relation symbol (e.g. `:` `=`, or `\overset{…}{=}`). */
  readonly first: number;
  readonly end: number;
  /** A justification written on the symbol (`\overset{\text{Jensen}}{\geq}`): its token range. */
  readonly note: readonly [number, number] | null;
}

/** Plain text of tokens [from, to), with `~` and `\ ` read as spaces. */
export const tokensText = (tokens: readonly Token[], from: number, to: number): string => {
  let text = '';
  for (let k = from; k < to; k++) {
    const t = tokens[k]!.text;
    text += t === '~' || t === '\\ ' ? ' ' : t;
  }
  return text;
};

/**
 * The relation starting at token k (which must be a top-level plain token), or null.
 * `match` pairs braces; `allowed(k)` says whether token k still belongs to the math.
 */
/** Tokens that can begin a relation: a cheap test before the careful one. */
const mayStartRelation = (token: Token): boolean => token.kind === 'char'
  ? RELATION_START_CHARS.has(token.text)
  : token.kind === 'word' && (RELATION_COMMANDS.has(token.text) || TEXT_COMMANDS.has(token.text) || STACKING_COMMANDS.has(token.text));
const RELATION_START_CHARS = new Set(['=', ':', '<', '>', ...RELATION_CHARS.keys()]);

export function relationAt(tokens: readonly Token[], nest: Nesting, match: readonly number[], k: number): RelationHit | null {
  const token = tokens[k]!;
  if (!mayStartRelation(token) || nest.depth[k] !== 0 || nest.role[k] !== Role.Plain) return null;
  const previous = tokens[previousNonSpace(tokens, k - 1)];
  if (previous && previous.text === '\\not') return null;
  const text = token.text;
  const nextToken = tokens[k + 1];
  const nextIs = (c: string): boolean => nextToken !== undefined && nextToken.text === c;
  const hit = (relation: Relation, end: number, note: readonly [number, number] | null = null): RelationHit => ({ relation, first: k, end, note });
  if (token.kind === 'char') {
    if (text === '=') {
      if (previous && (previous.text === '!' || previous.text === ':' || previous.text === '<' || previous.text === '>') && tokens[k - 1] === previous) return null;
      return hit('=', nextIs('=') ? k + 2 : k + 1);
    }
    if (text === ':' && nextIs('=')) return hit(':=', k + 2);
    if (text === '<' || text === '>') {
      if (nextIs('=')) return hit(text === '<' ? '<=' : '>=', k + 2);
      return hit(text, k + 1);
    }
    const unicode = RELATION_CHARS.get(text);
    return unicode ? hit(unicode, k + 1) : null;
  }
  if (token.kind !== 'word') return null;
  const command = RELATION_COMMANDS.get(text);
  if (command) return hit(command, k + 1);
  if (TEXT_COMMANDS.has(text)) {
    const group = argumentAt(tokens, match, k + 1);
    if (!group || tokens[group[0] - 1]?.text !== '{') return null;
    const word = RELATION_WORDS.get(tokensText(tokens, group[0], group[1]).trim().toLowerCase().replace(/\s+/g, ' '));
    return word ? hit(word, group[2]) : null;
  }
  if (STACKING_COMMANDS.has(text)) return stackedRelation(tokens, match, k);
  return null;
}

/** `\overset{\text{def}}{=}` → `:=`; `\overset{\text{Jensen}}{\geq}` → `>=` noted "Jensen". */
function stackedRelation(tokens: readonly Token[], match: readonly number[], k: number): RelationHit | null {
  const over = argumentAt(tokens, match, k + 1);
  const base = over && argumentAt(tokens, match, over[2]);
  if (!over || !base) return null;
  const baseText = tokensText(tokens, base[0], base[1]).trim();
  const baseRelation = baseText === '=' ? '=' : RELATION_COMMANDS.get(baseText) ?? RELATION_CHARS.get(baseText) ?? (baseText === '<' || baseText === '>' ? baseText : undefined);
  if (!baseRelation) return null;
  const overText = tokensText(tokens, over[0], over[1]);
  const defines = /def|\\triangle|\\Delta|^\s*:\s*$/.test(overText);
  if (baseRelation === '=' && defines) return { relation: ':=', first: k, end: base[2], note: null };
  return { relation: baseRelation, first: k, end: base[2], note: [over[0], over[1]] };
}

/**
 * A justification as written → the rule name it gives: unwraps `\text{…}`, drops inline
 * `$`, outer parentheses/brackets, a leading "by"/"using"/"via"/"from", and trailing
 * punctuation. Returns null when nothing with a letter is left (`\tag{1}`, `(*)`).
 */
export function justificationName(raw: string): string | null {
  let text = raw
    .replace(/\\(?:text|textrm|textnormal|mbox|textit|textbf|textsf|texttt|textup|hbox|mathrm|operatorname)\s*\*?/g, '')
    .replace(/\\(?:quad|qquad|[,;:! ])|~/g, ' ')
    .replace(/[{}$]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  for (let round = 0; round < 4; round++) {
    const before = text;
    text = text.replace(/^[(\[]\s*(.*?)\s*[)\]]$/s, '$1').trim();
    text = text.replace(/^(?:by|using|via|from|apply(?:ing)?|use)\b:?\s*/i, '').trim();
    text = text.replace(/[.,;:]+$/, '').trim();
    if (text === before) break;
  }
  // an equation's number (`\tag{B.1}`, `(A.3)`, `(2a)`) names no rule
  if (EQUATION_NUMBER.test(text)) return null;
  return /\p{L}/u.test(text) ? text : null;
}

/** `B.1`, `A.3.2`, `S4`, `2a`: how appendices and papers number equations. */
const EQUATION_NUMBER = /^[A-Z]?[.-]?\d+(?:[.-]\d+)*[a-z]?$/;
