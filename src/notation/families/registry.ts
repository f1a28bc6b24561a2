/**
 * The notation families, and the lookups the parser, the printer and the evaluator dispatch by:
 * a word, an applied symbol, an operator name.
 *
 * Owns: the list (adding a family is one line here) and that no two families claim the same
 * word, symbol or operator (tested). Must not: hold any notation itself.
 */
import type { NotationFamily } from './family.js';
import { information } from './information.js';
import { variance } from './variance.js';

export const FAMILIES: readonly NotationFamily[] = [information, variance];

const index = (names: (f: NotationFamily) => readonly string[]): ReadonlyMap<string, NotationFamily> =>
  new Map(FAMILIES.flatMap((f) => names(f).map((n) => [n, f] as const)));

const BY_WORD = index((f) => f.words);
const BY_SYMBOL = index((f) => f.symbols);
const BY_OPERATOR = index((f) => f.operators);
const BARE_WORDS: ReadonlySet<string> = new Set(FAMILIES.flatMap((f) => f.bareWords));
const LAW_ARGUMENTS: ReadonlySet<string> = new Set(FAMILIES.flatMap((f) => f.facts.lawArguments));

/** The family that reads this upright word (`Var` of `\operatorname{Var}`), if any. */
export const familyOfWord = (word: string): NotationFamily | undefined => BY_WORD.get(word);
/** The family that reads this symbol applied to a parenthesis (`H`, `D_{KL}`), if any. */
export const familyOfSymbol = (name: string): NotationFamily | undefined => BY_SYMBOL.get(name);
/** The family that owns this operator (an `fn` node's name), if any. */
export const familyOfOperator = (name: string): NotationFamily | undefined => BY_OPERATOR.get(name);
/** Is this word read even without a backslash when applied (`KL(P || Q)`)? */
export const isBareWord = (word: string): boolean => BARE_WORDS.has(word);
/** Are this operator's arguments laws (`P` in `D_{KL}(P \| Q)`), not values? */
export const takesLaws = (operator: string): boolean => LAW_ARGUMENTS.has(operator);
