/**
 * The document reader: a `.tex` or `.md` file → its derivation chains (`SourceDocument`).
 *
 * Owns: the pipeline and its order — binary check, finding displays and directives
 * (document-scan), per display: comments out, brace/environment balance, macro
 * expansion (macros), decoration out and rows (document-rows), chains
 * (document-chains) — and naming, `% wrt:`, `% derivation:`, `% assume:`.
 * Must not: parse math into expressions (parse.ts does), or report undefined macros.
 *
 * Positions: every character keeps its file offset (document-text), so each relation,
 * justification and assumption names its line:column in the original file. The whole
 * read is linear in the file size; nothing recurses on the input's nesting.
 */
import { InputError, type SourcePos } from '../diagnostic.js';
import { DEFINITION_COMMANDS, DEFINITION_SPELLING, definitionsAsEquations } from '../expr/relations.js';
import type { Assumption, ChainLink, Derivation, ProseItem, ReadProblem, SourceDocument } from './source.js';
import type { MathText } from '../diagnostic.js';
import { lineIndex, MappedBuilder, nonSpaceOriginRange, originAt, sliceMapped, toMathText, type Mapped, type PosOf } from './document-text.js';
import { expandMacros, readPreamble, registerDefinition, type MacroTable } from './macros.js';
import { scanMarkdown, scanTex, sentenceBefore, stripComments, type Directive, type ScanEvent } from './document-scan.js';
import { isBlank, removeDecorations, splitRows, splitTopLevelCommas, tidy, unwrapInnerAlignment, type JustificationDraft } from './document-rows.js';
import { justificationName } from './document-relations.js';
import { assembleChains, joinPieces, splitStatements, type ChainDraft, type RowInput } from './document-chains.js';

export interface ReadOptions {
  /** A preamble (`--macros FILE`) whose definitions apply before the file's own. */
  readonly macros?: string;
}

const MARKDOWN_PATH = /\.(md|markdown|mdown|mkd|mkdn)$/i;

/** A display's chains with what names and qualifies them. */
interface DisplayRecord {
  readonly name: string | null;
  readonly wrt: readonly string[];
  readonly chains: readonly ChainDraft[];
  /** The condition the prose just before sets and solves ("Setting $\frac{\partial E}{\partial a} = 0$ gives"),
   *  or 'words' for one it sets in words only ("setting the derivative to zero gives"). */
  readonly condition: MathText | 'words' | null;
}

/** What reading a file accumulates, in file order. */
interface ReadState {
  readonly file: string;
  readonly posOf: PosOf;
  readonly macros: MacroTable;
  readonly displays: DisplayRecord[];
  readonly assumptions: Assumption[];
  readonly prose: ProseItem[];
  readonly expectations: { pos: SourcePos; verdict: 'refuted' }[];
  readonly contexts: { spec: string; pos: SourcePos }[];
  readonly problems: ReadProblem[];
  /** The last inline math of the prose, and whether a trigger word introduced it (lists continue it). */
  lastProse: { end: number; triggered: boolean; inCase?: boolean } | null;
  /** The display a condition after it qualifies, and where that condition's sentence ends. */
  qualifier: { display: number; end: number } | null;
  /** Where in `prose` the items of the case opened last stand ("Case 1: $x \ge 0$"). */
  openCase: number[];
  pendingName: string | null;
  pendingWrt: string[];
  /** An equation the prose sets or solves, for the display right after it. */
  pendingCondition: { text: MathText; end: number } | null;
  open: ChainDraft | null;
}

export function readDocument(path: string, text: string, options: ReadOptions = {}): SourceDocument {
  const posOf = lineIndex(text);
  rejectBinary(text, posOf);
  const state: ReadState = {
    file: text, posOf, macros: new Map(), displays: [], assumptions: [], prose: [], expectations: [], contexts: [], problems: [], lastProse: null, qualifier: null, openCase: [], pendingName: null, pendingWrt: [], pendingCondition: null, open: null,
  };
  if (options.macros) readPreamble(options.macros, state.macros);
  const events: ScanEvent[] = MARKDOWN_PATH.test(path) ? scanMarkdown(text, posOf) : scanTex(text, posOf);
  for (const event of events) {
    if (event.kind === 'definition') registerDefinition(state.macros, event.definition);
    else if (event.kind === 'directive') applyDirective(state, event.directive, null);
    else if (event.kind === 'prose') readProse(state, event);
    else readDisplay(state, event);
  }
  return { path, derivations: nameDerivations(state, path), assumptions: state.assumptions, prose: state.prose, expectations: state.expectations, contexts: state.contexts, problems: state.problems };
}

function rejectBinary(text: string, posOf: PosOf): void {
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new InputError('binary file: found a NUL byte where LaTeX or Markdown text was expected', posOf(nul));
  let replacements = 0;
  let first = -1;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    if (first < 0) first = i;
    replacements++;
  }
  if (replacements >= 64 || (replacements >= 2 && replacements * 50 >= text.length)) {
    throw new InputError(`binary file: ${replacements} bytes are not valid UTF-8 (expected LaTeX or Markdown text)`, posOf(first));
  }
}

const expandedText = (state: ReadState, m: Mapped): Mapped => expandMacros(m, state.macros, state.posOf);

/** Applies a directive; `display` collects `% wrt:` and `% derivation:` met inside a display. */
function applyDirective(state: ReadState, directive: Directive, display: { wrt: string[]; name: string | null } | null): void {
  switch (directive.key) {
    case 'assume':
      const value = expandedText(state, directive.value);
      // `% assume: c_1, \dots, c_r > 0`: the members from 1 to r only, which no hypothesis on every c_i says
      const family = familyListed(value);
      if (family && ARBITRARY_REAL_MEMBERSHIP.test(family.text)) return;
      if (family && membersOutside(state.file, family.text)) {
        state.prose.splice(state.prose.filter((p) => p.from === FILE_START).length, 0,
          { kind: 'described', text: toMathText(family, state.file, state.posOf, directive.offset), pos: state.posOf(originAt(value, 0)), from: FILE_START });
        return;
      }
      if (family) {
        state.assumptions.push({ text: toMathText(family, state.file, state.posOf, directive.offset), pos: state.posOf(originAt(value, 0)) });
        return;
      }
      for (const item of distributeMembership(splitTopLevelCommas(value))) {
        const pos = state.posOf(originAt(item, 0));
        // `% assume: \mu := \mathbb E[X]` defines, as a `:=` in prose does, for the whole file
        // (ahead of the prose, after the definitions assumed before it)
        if (DEFINITION_SPELLING.test(item.text)) {
          const definition: ProseItem = { kind: 'definition', text: toMathText(asEquation(item), state.file, state.posOf, directive.offset), pos, from: FILE_START };
          state.prose.splice(state.prose.filter((p) => p.from === FILE_START).length, 0, definition);
        }
        else state.assumptions.push({ text: toMathText(item, state.file, state.posOf, directive.offset), pos });
      }
      return;
    case 'wrt': {
      const variables = splitTopLevelCommas(expandedText(state, directive.value)).map((item) => item.text);
      if (display) display.wrt.push(...variables); else state.pendingWrt.push(...variables);
      return;
    }
    case 'derivation': {
      const name = directive.value.text.trim();
      if (!name) return;
      if (display) display.name = name; else state.pendingName = name;
      return;
    }
    case 'by':
      return; // belongs to a row: placed by rowsWithComments
    case 'context': {
      const spec = directive.value.text.trim();
      if (spec) state.contexts.push({ spec, pos: state.posOf(directive.offset) });
      return;
    }
    case 'expect': {
      const verdict = directive.value.text.trim().toLowerCase();
      const pos = state.posOf(directive.offset);
      if (verdict === 'refuted') state.expectations.push({ pos, verdict });
      else state.problems.push({ message: `% expect: takes "refuted" (the step below is a known error), found "${verdict}"`, pos });
      return;
    }
  }
}

/** Words after which inline math states a definition or a hypothesis rather than a result. */
const TRIGGER = /\b(let|where|here|with|notation|parametri[sz]e|parameteri[sz]e|denote[sd]?|define[sd]?|assume[sd]?|assuming|given|recall|set|sets|write|put|suppose|fix|take|if|using|use|since|for|model)\b/;
/** Words right before inline math naming the variables of the next display's ∝ or + const. */
const WRT_LEAD = /\b(as a function of|with respect to|w\.\s?r\.\s?t\.?|in the variables?|(?:densit(?:y|ies)|proportional|likelihood|posterior)\s+(?:\(\s*)?in)\s*$/i;
/** Words right before inline math that make it the condition of a claim rather than a definition. */
const CONDITION_LEAD = /\b(at|when|whenever|iff|unless|only if)\s*$/i;
/** Words right before an equation that the next display solves. */
const SOLVING_LEAD = /\b(setting|set|solving|solve|equating)\s*$/i;
/** A condition set in words before a display: "setting the derivative (with respect to $\mu$) to zero gives". */
const SOLVED_IN_WORDS = /\b(setting|set|equating)\b[^.]*\bto\s+(zero|0)\b[^.]*$|\bsolv(?:e|es|ing)\s+(?:it\s+|this\s+|the\s+equation\s+)?for\b[^.]*$/i;
/** How far after the equation it sets the display solving it may start. */
const CONDITION_REACH = 240;
/** Words that make what follows hold in one case only: "when the margin is violated ($y(wx+b) < 1$)",
 *  "setting $n = 1$ gives the base case", "i.e. $6x \ge 0$" (a goal restated). What they state is no
 *  hypothesis nor definition of the steps below, which may speak of any case. */
const LOCAL_LEAD = /\b(when|whenever|provided|setting|taking|choosing|substituting|plugging|evaluating|satisf(?:y|ies|ied|ying)|obeys?|subject\s+to)\b[^$]*$|\bi\.\s?e\.,?\s*$|\bs\.t\.\s*$/i;
/** The text between a trigger word and its math is short: "with $a$", "where we write $b$". */
const NEAR = 48;
/** Between items of one list ("with $a = 1$, $b = 2$ and $c > 0$") only commas and "and". */
const LIST_GAP = /^[^.!?;]{0,60}$/;
/** …unless the words between announce a result rather than another hypothesis. */
const RESULT_WORDS = /\b(get|gets|gives?|obtain|yields?|find|then|hence|so|thus|therefore|have|shows?)\b/i;
/** After the math, words that give it a meaning in prose: "$w_j^{(i)}$ be the E-step weights". */
const DESCRIBED = /^\s*(be|denotes?|are|is|for the|stands? for)\b/i;
/** …except words that only say what deriva assumes anyway: "$a$ and $b$ be real numbers". */
const ARBITRARY_REALS = /^\s*(be|are|is)\s+(any\s+|arbitrary\s+)?(an?\s+)?(real|reals|real numbers?|scalars?)\b(?!\s*(function|vector|matri|valued|>|<))/i;
/** …and "$X$ be a random variable." or "… a random variable with $\\mathbb E[X] = \\mu$": a law
 *  nothing fixes, which is how deriva draws one (a law named in words, "with the standard normal
 *  distribution", is not this). */
const ARBITRARY_RANDOM = /^\s*(be|are|is)\s+(any\s+|arbitrary\s+)?(an?\s+)?(real(-valued)?\s+)?random\s+variables?\s*([.,;]|with\s+\$|such\s+that\s+\$|$)/i;

/** …and "$P$ and $Q$ be probability distributions on $\mathcal X$": laws nothing fixes, as deriva
 *  draws them ("the posterior distribution", "a Gaussian distribution" name particular ones). */
const ARBITRARY_LAWS = /^\s*(be|are|is)\s+(any\s+|arbitrary\s+)?(an?\s+|two\s+)?((strictly\s+)?positive\s+)?(probability\s+)?(distributions?|laws?|probability\s+mass\s+functions?)\s*((on|over)\s+\$|[.,;]|$)/i;

/** A denial or a supposition for the argument's sake just before a span (`does not satisfy`, `were to`). */
const NEGATED_LEAD = /\b(not|never|neither|nor|cannot|without|avoid|fails?|were\s+to|need\s+not|false|invalid|wrong|except|no|breaks?\s+down|other\s+than|even\s+if)\b[^$.;,()\n]*$|n['’]t\b[^$.;,()\n]*$/i;
/** "without much effort", "without loss of generality": no denial of what follows. */
const IDLE_WITHOUT = /\bwithout\s+(?:much|any|further|more|great|loss\s+of\s+generality)\b(?:\s+(?:effort|work|difficulty|trouble|thought))?/gi;
/** Only some values, or one of two: "for some $t > 0$", "at least one", "$x \ge 0$ or $x \le -1$". */
const EXISTENTIAL_LEAD = /\b(?:some|at\s+least\s+one|there\s+(?:exists?|is|are)|exists?|either)\b[^$.;()\n]*$|\bor\s*$/i;
const OR_AFTER = /^\s*,?\s*or\b/i;
/** Words saying the variables of a span form a Markov chain. */
const MARKOV_AFTER = /^\s*(?:(?:be|is|are|forms?|make\s+up)\s+)?an?\s+Markov\s+chain\b/i;
/** `X \leftrightarrow Y \leftrightarrow Z`, `X - Y - Z`: three or more capitals joined by arrows or dashes, a Markov chain's notation. */
const CHAIN_LINK = String.raw`\\(?:long)?(?:leftrightarrow|rightarrow|to)(?![A-Za-z])|-`;
const MARKOV_NOTATION = new RegExp(String.raw`^\s*[A-Z](?:\s*(?:${CHAIN_LINK})\s*[A-Z]){2,}\s*$`);
/** More spans of a list after one (`, $Y$`, ` and $Z$`, `, and $W$`). */
const LIST_TAIL = /^(?:\s*(?:,\s*and|,|and)\s*\$[^$]{1,80}\$)+/;
/** "… be symmetric", "… is a symmetric matrix" after a matrix's domain. */
const SYMMETRIC_AFTER = /^\s*(?:be|is|are)\s+(?:an?\s+)?(skew-?|anti-?)?symmetric\b/i;

/** Relations at brace and bracket depth 0 of a piece of inline math, in order. */
const topLevelRelations = (text: string): string[] => topLevelRelationsAt(text).map((r) => r.relation);

/** …with where each starts. */
function topLevelRelationsAt(text: string): { relation: string; at: number }[] {
  const found: { relation: string; at: number }[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === '\\') {
      const cmd = /^\\[A-Za-z]+/.exec(text.slice(i, i + 16))?.[0] ?? text.slice(i, i + 2);
      if (cmd === '\\{') depth++;
      else if (cmd === '\\}') depth = Math.max(0, depth - 1);
      else if (depth === 0 && PROSE_RELATIONS.has(cmd)) found.push({ relation: cmd, at: i });
      i += cmd.length - 1;
    } else if (depth === 0 && (c === '≤' || c === '≥')) {
      found.push({ relation: c === '≤' ? '<=' : '>=', at: i });
    } else if (depth === 0 && (c === '=' || c === '<' || c === '>')) {
      const two = text.slice(i - 1, i + 1);
      if (c === '=' && (two === ':=' || two === '<=' || two === '>=' || two === '!=')) found[found.length - 1] = { relation: two, at: i - 1 };
      else found.push({ relation: c, at: i });
    } else if (depth === 0 && c === ':' && text[i + 1] === '=') { found.push({ relation: ':=', at: i }); i++; }
  }
  return found;
}
const PROSE_RELATIONS = new Set([...DEFINITION_COMMANDS, '\\perp', '\\sim', '\\in', '\\succ', '\\succeq', '\\le', '\\leq', '\\ge', '\\geq', '\\leqslant', '\\geqslant', '\\neq', '\\ne', '\\lt', '\\gt']);

/**
 * Inline math in prose: after "let", "where", "with", "denote" … (or anywhere, for `:=`), an
 * equation with one `=` defines its left side from here on, and an order, `\in`, `\sim` or
 * `\succ` states a hypothesis. Anything else in prose (a result quoted, a model statement)
 * is left alone.
 */
function readProse(state: ReadState, given: Extract<ScanEvent, { kind: 'prose' }>): void {
  // "…, and when $a < b$, \[ … \]": a condition that leads into the next display is not said of the one before
  const intoNext = given.display !== null && LEADS_INTO_DISPLAY.test(state.file.slice(given.end, given.end + 80));
  // …and a span later in the sentence of a condition after a display ("for $x \ge 0$ and for $x < 0$") is one too
  // (not past words that announce a result: "for $x \ge 0$, so $y = 2$")
  const sameSentence = given.display === null && state.qualifier !== null && given.offset < state.qualifier.end
    && !RESULT_WORDS.test(state.file.slice(state.lastProse?.end ?? given.offset, given.offset));
  const event = intoNext ? { ...given, display: null, qualifies: false }
    : sameSentence ? { ...given, display: state.qualifier!.display, qualifies: true } : given;
  const sentenceEnd = event.qualifies ? sentenceEndAfter(state.file, event.end) : event.end;
  if (event.qualifies && !sameSentence) state.qualifier = { display: event.display!, end: sentenceEnd };
  let math = expandedText(state, event.math());
  // a condition after a display that is one of several ("for $x \ge 0$ and for $x < 0$", "… as well as …") says
  // when the display holds, not that each does: none is assumed
  // (an index's range, "for $i \in \{1, \dots, n\}$ and $j \in \{1, \dots, k\}$", says over what the display runs: read below)
  const several = event.qualifies && !/\\(?:l|c)?dots\b/.test(math.text) && (sameSentence || /^[^.!?$]*\$/.test(state.file.slice(event.end, sentenceEnd)));
  // the text right after the span (every test of it is anchored at its start and short)
  const following = state.file.slice(event.end, event.end + 80);
  const opensDisplay = OPENS_DISPLAY.exec(following);
  // "As a function of $y$ the denominator is a constant, so $$… \propto …$$": what ∝ and
  // + const of the next display are taken with respect to, as `% wrt:` would say
  if (WRT_LEAD.test(event.lead) && event.display === null) {
    state.pendingWrt.push(...splitTopLevelCommas(math).map((item) => item.text.trim()).filter((v) => v !== ''));
    return;
  }
  const defining = DEFINITION_SPELLING.test(math.text);
  const previous = state.lastProse;
  const gap = previous === null ? '' : state.file.slice(previous.end, event.offset);
  // "i.e." restates the item before (a hypothesis stays one), "e.g." gives another; "i.i.d." ends no sentence
  const listed = previous !== null && previous.triggered && LIST_GAP.test(gap.replace(/\b(i\.\s?i\.\s?d|i\.\s?e|e\.\s?g)\./g, '')) && !RESULT_WORDS.test(gap);
  // the trigger must stand just before this math, after any earlier math of the sentence
  const since = event.lead.slice(Math.max(event.lead.lastIndexOf('$'), event.lead.lastIndexOf('\\)')) + 1);
  // a condition right after a display ("\] for all $x \ge 1$.") holds for that display only
  const scope = event.qualifies ? { until: state.posOf(event.offset) } : {};
  // "so $\eta = \ln(1 - p) < 0$": a definition and a remark on its sign; the remark follows from it
  math = withoutSignRemark(math);
  const mathRelations = topLevelRelations(math.text);
  // "Setting $\frac{\partial E}{\partial a} = 0$ gives $$\ldots$$", "Solving $e^{-t} = \delta$ for $t$": an equation
  // (not a name given a value) that the display after it solves; it holds there only, so it is no hypothesis
  const solving = SOLVING_LEAD.exec(since);
  if (solving && mathRelations.join() === '=' && (/^solv/i.test(solving[1]!) || !NAME_EQUATION.test(math.text) || /^\s*[^=]*\^/.test(math.text))) {
    state.pendingCondition = { text: toMathText(math, state.file, state.posOf, event.offset), end: event.end };
    state.lastProse = { end: event.end, triggered: false };
    return;
  }
  // "Let $X \to Y \to Z$ be a Markov chain": a joint law deriva does not draw; its variables are no longer arbitrary
  if (event.display === null && (MARKOV_AFTER.test(state.file.slice(event.end, event.end + 60)) || MARKOV_NOTATION.test(math.text))) {
    state.lastProse = { end: event.end, triggered: false };
    const from = state.posOf(event.offset);
    for (const variable of splitAtArrows(math)) {
      state.prose.push({ kind: 'described', text: toMathText(variable, state.file, state.posOf, event.offset), pos: state.posOf(originAt(variable, 0)), from });
    }
    return;
  }
  // "with equality only at $t = 1$", "when $x = 0$": a condition under which something holds, not a definition;
  // "when $x > 0$", "setting $n = 1$": one case, while the steps below may speak of any. Its names are
  // no longer arbitrary (a step is not refuted on values drawn for them), and nothing more
  // …but an order "whenever" a display holds is that display's hypothesis (`\[ |x - 1| = x - 1 \]` "whenever $x \ge 1$")
  const displayHypothesis = event.display !== null && /\b(when|whenever)\s*$/i.test(since) && !mathRelations.includes('=');
  const condition = CONDITION_LEAD.test(since) && !displayHypothesis;
  // ("If $A$, i.e. $B$" restates a hypothesis: B is one too; "does not satisfy $x > 1$", "were to
  // satisfy $t > 5$" deny or suppose it only for the argument's sake: no hypothesis either, after a display too)
  // "Assume $x < 0$ is impossible", "which holds if $x \ge 0$ fails", "If $x > 0$, then $y > 0$" (an antecedent),
  // "(if $x < 0$, replace x by -x)", "Let $f \ge 0$ on $[0, 1]$" (a restriction): nothing is assumed of all worlds
  const deniedAfter = NEGATED_AFTER.test(following) || (/\bif\s*$/i.test(since) && /^\s*,?\s*then\s*\$(?!\$)/i.test(following))
    || /\(\s*if\s*$/i.test(since) || (RESTRICTED_AFTER.test(following) && !INDEX_RANGE_AFTER.test(following) && mathRelations.length > 0 && mathRelations.every((r) => ORDER_RELATIONS.has(r)));
  const negated = several || (deniedAfter && !DOMAIN.test(math.text)) || (NEGATED_LEAD.test(since.slice(-NEAR).replace(/%[^\n]*/g, '').replace(IDLE_WITHOUT, ''))
    || EXISTENTIAL_LEAD.test(since.slice(-NEAR)) || OR_AFTER.test(following)) && !DOMAIN.test(math.text);
  if (!defining && ((negated && mathRelations.length > 0) || (event.display === null ? condition || (!listed && LOCAL_LEAD.test(since.slice(-NEAR))) : condition))) {
    state.lastProse = { end: event.end, triggered: false };
    if (mathRelations.length > 0) state.prose.push({ kind: 'described', text: toMathText(math, state.file, state.posOf, event.offset), pos: state.posOf(originAt(math, 0)), from: state.posOf(event.display ?? event.offset), ...scope });
    return;
  }
  // "Now let $x$ be an arbitrary real number", "for every real $x$": what was assumed of x before no longer holds
  // (the words before the span only where it opens what follows: "Recall that $e^x > 0$ for every real $x$." is in passing)
  // (and open its sentence: "The bound $|x| \ge x$ holds for arbitrary $x$, and \[" is about the bound)
  const opensSentence = !event.lead.includes('$') && opensDisplay !== null;
  const everyReal = ARBITRARY_AGAIN_LEAD.test(since.slice(-NEAR)) || (/\bfor\s+(?:all|every|any|each)\s*$/i.test(since) && ARBITRARY_REAL_MEMBERSHIP.test(math.text));
  const madeArbitrary = (everyReal && opensSentence) || TAKEN_AFRESH_LEAD.test(since.slice(-NEAR))
    || ARBITRARY_AGAIN_AFTER.test(following);
  if (event.display === null && madeArbitrary) {
    const names = splitTopLevelCommas(math).map((item) => withoutRealMembership(item));
    if (names.length > 0 && names.every((name) => LISTED_NAME.test(name.text))) {
      state.lastProse = { end: event.end, triggered: false };
      for (const name of names) state.prose.push({ kind: 'arbitrary', text: toMathText(name, state.file, state.posOf, event.offset), pos: state.posOf(originAt(name, 0)), from: state.posOf(event.offset) });
      return;
    }
  }
  // "For negative $x$ instead," (a case of a split): x < 0 from here, in place of what was assumed of x before
  // (only where it opens what follows, "For negative $x$ instead, \[ … \]", or qualifies the display before,
  // "\[ |x| = x \] for positive $x$": an aside, "(For negative $x$, see Exercise 3.)", "unlike for negative $x$",
  // "for negative $x$ one would get …", assumes nothing)
  const sign = !several && (event.qualifies || (event.display === null && opensDisplay !== null))
    && !ASIDE_LEAD.test(since.slice(-NEAR)) ? SIGN_WORD_LEAD.exec(since.slice(-NEAR)) : null;
  if (sign) {
    const names = splitTopLevelCommas(math);
    if (names.length > 0 && names.every((name) => LISTED_NAME.test(name.text))) {
      state.lastProse = { end: event.end, triggered: true };
      const order = SIGN_ORDERS[sign[1]!.toLowerCase().replace(/-/g, '')]!;
      const from = state.posOf(event.display ?? event.offset);
      for (const name of names) {
        const pos = state.posOf(originAt(name, 0));
        const signed = new MappedBuilder().append(name).appendSynthetic(` ${order} 0`, originAt(name, 0)).build();
        if (!event.qualifies) state.prose.push({ kind: 'arbitrary', text: toMathText(name, state.file, state.posOf, event.offset), pos, from });
        state.prose.push({ kind: 'assumption', text: toMathText(signed, state.file, state.posOf, event.offset), pos, from, ...scope });
      }
      return;
    }
  }
  // "Case 2: $x < 0$." holds until the next case opens; "For $x \le 0$: \[", "If $x \ge 0$ then \[" for the display it
  // opens; "WLOG $x \ge 0$" from here on. Each narrows what was assumed before (cases piled up left x = 0 only)
  const orders = !several && !negated && mathRelations.length > 0 && mathRelations.every((r) => ORDER_RELATIONS.has(r));
  // ("Case 1: $x \ge 0$ and $y \ge 0$": the list goes on in the case)
  const goesOnInCase = listed && previous?.inCase === true;
  const caseMark = orders && (CASE_MARK.test(since.slice(-NEAR)) || goesOnInCase);
  // ("For $x \le 0$: \[" heads a case; "For $a, b > 0$, \[" states what the derivation below rests on)
  const opened = !orders || event.display !== null ? null : /\bif\s*$/i.test(since) ? opensDisplay : /\bfor\s*$/i.test(since) ? CASE_HEADING.exec(following) : null;
  if (caseMark || opened) {
    const until = opened ? { until: state.posOf(event.end + opened[0].length - opened[1]!.length) } : {};
    if (caseMark && !goesOnInCase) closeCase(state, event.offset);
    for (const item of distributeMembership(splitTopLevelCommas(math))) {
      if (caseMark) state.openCase.push(state.prose.length);
      state.prose.push({ kind: 'assumption', text: toMathText(item, state.file, state.posOf, event.offset), pos: state.posOf(originAt(item, 0)), from: state.posOf(event.offset), ...until });
    }
    state.lastProse = { end: event.end, triggered: true, inCase: caseMark };
    return;
  }
  const reduction = orders && WLOG_LEAD.test(since.slice(-NEAR));
  const triggered = !condition && (reduction || listed || event.display !== null || TRIGGER.test(since.slice(-NEAR)));
  state.lastProse = { end: event.end, triggered };
  // a domain (`A, B \in \mathbb R^{d\times d}`, `\Sigma \succ 0`) is a hypothesis wherever it stands
  const domain = DOMAIN.test(math.text);
  // "the signal-to-noise ratio $\mathrm{SNR}(t) = …$": a word names one quantity, and an equation
  // giving it is how it is introduced, trigger word or not (a fresh one: the checker decides)
  // …and so is a function letter applied to its arguments (`in $F(\mu_j) = …$`), unless the words
  // before announce a result ("then $f(x) = 3$")
  const namesFresh = (WORD_EQUATION.test(math.text) || FUNCTION_EQUATION.test(math.text) && !RESULT_WORDS.test(since.slice(-NEAR)));
  const wordDefined = namesFresh && mathRelations.length === 1;
  const from = state.posOf(event.display ?? event.offset);
  // `c_1, \dots, c_r > 0` speaks of the c_i from 1 to r, which a hypothesis on every c_i would overstate
  // (c_0, c_{r+1}): the family is no longer arbitrary, and nothing more; `i = 1, \dots, n` names a range
  const family = familyListed(math);
  // (`a_1, \dots, a_n \in \mathbb R` says what deriva assumes anyway: nothing to keep back)
  if (family && ARBITRARY_REAL_MEMBERSHIP.test(family.text)) return;
  if (family) {
    // said of every member where the file writes none outside the list (c_0, c_{r+1}); else only kept back
    const kind = membersOutside(state.file, family.text) ? 'described' : 'assumption';
    state.prose.push({ kind, text: toMathText(family, state.file, state.posOf, event.offset), pos: state.posOf(originAt(math, 0)), from, ...scope });
    return;
  }
  // ("Fix $k \in \{1, \dots, n\}$" fixes one index in a range: a hypothesis like any; "for each $i \in \{1, \dots, n\}$"
  // ranges over them, and a problem context's model reads that itself)
  const fixesIndex = RANGE_MEMBERSHIP.test(math.text) && /\b(?:fix|let|take|pick|choose)\b[^$]*$/i.test(since.slice(-NEAR));
  if (/\\(?:l|c)?dots\b/.test(math.text) && !fixesIndex) return;
  if (!defining && !triggered && !domain && !wordDefined) {
    // "The uniform distribution $u_k = 1/K$ gives …": an equation giving a name a value, with no word
    // announcing a definition (nor a result, nor a condition). It is not adopted, but the name is no
    // longer arbitrary: a value drawn for it at random must refute nothing (as "$w$ denotes …")
    const namesValue = mathRelations.length === 1 && mathRelations[0] === '=' && NAME_EQUATION.test(math.text) && !TUPLE_VALUE.test(math.text);
    if (!namesValue) return;
    const text = toMathText(math, state.file, state.posOf, event.offset);
    // "Hence $\hat\lambda = \frac1n \sum_i x_i$": a result that gives the name its value from here on
    // (a name used before keeps its meaning: the equation is then a hypothesis about it). At a
    // condition ("at $\lambda = t/\sigma^2$", "equality only at $t = 1$") the value holds somewhere,
    // not from here on: the name is no longer arbitrary, and nothing more
    // …and only a name the file has not written yet: "so $w = 0$" about a w in play is one case of it
    const result = !condition && RESULT_WORDS.test(since.slice(-NEAR)) && !writtenBefore(state.file, event.offset, leftOfEquals(math.text));
    state.prose.push({ kind: result ? 'definition' : 'described', text, pos: state.posOf(originAt(math, 0)), from, ...scope });
    return;
  }
  // what is said of the list a span ends or stands in: "$X$ and $Y$ be random variables" says it of X too
  const listTail = LIST_TAIL.exec(state.file.slice(event.end, event.end + 400))?.[0].length ?? 0;
  const after = state.file.slice(event.end + listTail, event.end + listTail + 40);
  // (a list qualified at once, "$X$ and $Y$ be random variables with $Y = 2X$", ties its members: not any law)
  const qualified = listTail > 0 && /^[^.]{0,60}?\b(with|where|such\s+that|satisfying)\s+\$/i.test(state.file.slice(event.end + listTail, event.end + listTail + 120));
  const anyLaw = ARBITRARY_RANDOM.test(after) && !qualified;
  const described = DESCRIBED.test(after) && !ARBITRARY_REALS.test(after) && !anyLaw && !ARBITRARY_LAWS.test(after);
  for (const listed of conditionalLaw(math) ? [math] : distributeMembership(splitTopLevelCommas(math))) {
    const item = triggered ? firstEqualsLast(listed) : listed;
    const relations = topLevelRelations(item.text);
    const kind = relations.length === 1 && (relations[0] === '=' || relations[0] === ':=' || DEFINITION_COMMANDS.includes(relations[0]!)) ? 'definition'
      : relations.length > 0 && !relations.includes('=') ? 'assumption'
        : relations.length === 0 && described ? 'described'
          : relations.length === 0 && anyLaw && LISTED_NAME.test(item.text) ? 'arbitrary-law' : null;
    if (kind === null) continue;
    const text = kind === 'definition' ? asEquation(item) : item;
    const onlyIfNew = wordDefined && !defining && !triggered && !domain;
    state.prose.push({ kind, text: toMathText(text, state.file, state.posOf, event.offset), pos: state.posOf(originAt(item, 0)), from, ...scope, ...(onlyIfNew ? { onlyIfNew } : {}) });
    // "Let $A \in \mathbb R^{d \times d}$ be symmetric": the words state it too, as `A \text{ symmetric}` does
    const named = kind === 'assumption' && relations[0] === '\\in' ? topLevelRelationsAt(item.text)[0]!.at : -1;
    if (named > 0 && SYMMETRIC_AFTER.test(after) && LISTED_NAME.test(item.text.slice(0, named))) {
      const skew = /skew|anti/i.test(SYMMETRIC_AFTER.exec(after)![1] ?? '');
      const symmetric = new MappedBuilder().append(item, 0, named).appendSynthetic(skew ? ' \\text{ skew-symmetric}' : ' \\text{ symmetric}', originAt(item, named)).build();
      state.prose.push({ kind, text: toMathText(symmetric, state.file, state.posOf, event.offset), pos: state.posOf(originAt(item, 0)), from, ...scope });
    }
  }
}

/** The pieces of `X \to Y \to Z` (also `\rightarrow`, `-`): the chain's variables. */
function splitAtArrows(m: Mapped): Mapped[] {
  const pieces: Mapped[] = [];
  let start = 0;
  for (const arrow of m.text.matchAll(new RegExp(CHAIN_LINK, 'g'))) {
    pieces.push(sliceMapped(m, start, arrow.index));
    start = arrow.index + arrow[0].length;
  }
  pieces.push(sliceMapped(m, start));
  return pieces.map((piece) => tidy(piece, false)).filter((piece) => piece.text !== '');
}

/** The text left of an equation's first top-level `=`, trimmed. */
const leftOfEquals = (text: string): string => text.slice(0, topLevelRelationsAt(text)[0]?.at ?? text.length).trim();

/** Does the file write `spelling` (a name as LaTeX) before `offset`, as a whole name? Braces and
 *  spaces are ignored on both sides: `\hat{\lambda}` and `\hat\lambda` are one name. */
function writtenBefore(file: string, offset: number, spelling: string): boolean {
  const plain = (text: string) => text.replace(/[{}\s]/g, '');
  const name = plain(spelling);
  if (name === '') return false;
  const escaped = name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z\\\\])${escaped}(?![A-Za-z])`).test(plain(file.slice(0, offset)));
}

/** `\eta = \ln(1 - p) < 0` → `\eta = \ln(1 - p)`: a name's equation, then orders only. */
function withoutSignRemark(m: Mapped): Mapped {
  const relations = topLevelRelationsAt(m.text);
  const orders = relations.slice(1);
  if (relations[0]?.relation !== '=' || orders.length === 0 || !orders.every((r) => ORDER_RELATIONS.has(r.relation)) || !NAME_EQUATION.test(m.text)) return m;
  return sliceMapped(m, 0, orders[0]!.at);
}
const ORDER_RELATIONS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=', '\\le', '\\leq', '\\ge', '\\geq', '\\leqslant', '\\geqslant', '\\lt', '\\gt']);

/**
 * `w_j = Q(z = j) = p(z = j \mid x; \phi)` stated as a definition: the name is the last, most
 * explicit form (the middle restates it). Anything but a chain of `=` is left as it is.
 */
function firstEqualsLast(m: Mapped): Mapped {
  const relations = topLevelRelationsAt(m.text);
  if (relations.length < 2 || relations.some((r) => r.relation !== '=')) return m;
  return new MappedBuilder().append(m, 0, relations[0]!.at).append(m, relations[relations.length - 1]!.at).build();
}

/** Relations a list of names shares (`a, b > 0`); an equation or a law is not shared (`a, b = 0`
 *  may well be two statements). */
const SHARED_RELATIONS = new Set(['\\in', '>', '<', '>=', '<=', '\\ge', '\\geq', '\\geqslant', '\\le', '\\leq', '\\leqslant', '\\gt', '\\lt', '\\neq', '\\ne', '!=', '\\succ', '\\succeq']);

/** One name, maybe with a font, accent or scripts: `b`, `\mu_j`, `\mathbf{x}`, `\mathbf b`, `\bar\alpha_t`, `x^{(i)}`. */
const LISTED_NAME = /^\s*(?:\\[A-Za-z]+(?:\{[^{}]*\}|\s*[A-Za-z](?![A-Za-z])|\s*\\[A-Za-z]+)?|[A-Za-z\u0370-\u03ff])(?:\s*[_^](?:\{[^{}]*\}|[A-Za-z0-9]))*\s*$/;

/** `u_k = …`, `\eta = …`, `\bar x^{(i)} = …`: an equation whose left side is one name. */
const NAME_EQUATION = /^\s*(?:\\(?:bar|hat|tilde|widehat|widetilde|overline|mathbf|boldsymbol|bm|vec|mathcal|mathrm|mathsf)\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z])|\\[A-Za-z]+|[A-Za-z\u0370-\u03ff])'*(?:\s*[_^](?:\{[^{}=]*\}|[A-Za-z0-9*]|\\[A-Za-z]+))*\s*=/;

/** `\theta = (\phi, \mu, \Sigma)`: a name for a tuple of parameters ("maximises over …"), not a value. */
const TUPLE_VALUE = /=\s*\(.*,.*\)\s*$/;

const DOMAIN = /\\in\s*\\mathbb|\\succ/;
/** `\mathrm{SNR}(t) = …`, `\text{ELBO} = …`: an equation whose left side is a word (applied or not). */
const WORD_EQUATION = /^\s*\\(?:mathrm|text|textrm|operatorname)\{[A-Za-z]{2,}\}\s*(?:\([^()=]*\))?\s*=/;
/** `F(\mu_j) = …`, `\mathcal J(\phi, \mu) = …`, `L_C(\mu) = …`: a letter, maybe calligraphic and
 *  subscripted, applied to arguments — not a law's letter (p, q, P, Q), whose equations are rules. */
const FUNCTION_EQUATION = /^\s*(?:\\(?:mathcal|mathscr)\{[A-Z]\}|\\(?:ell|phi|psi)|[A-OR-Za-or-z])'*(?:_(?:\{[^{}=]*\}|[A-Za-z0-9]))?\s*\([^()=]*\)\s*=/;

/** Where a file-wide statement starts to hold. */
const FILE_START: SourcePos = { line: 1, column: 1 };

/** A prose definition reads as the equation it states: each spelling of `:=` becomes `=`, padded to
 *  the same length so every character keeps its file position. */
const asEquation = (m: Mapped): Mapped => ({ ...m, text: definitionsAsEquations(m.text) });

/** `x_{t-1} \mid x_t, x_0 \sim \mathcal N(…)`: its commas list what the law is conditioned on, not
 *  statements (split there, `x_0 \sim \mathcal N(…)` would be a law the writer never stated). */
const conditionalLaw = (m: Mapped): boolean => /\\sim\b/.test(m.text) && /\\(?:mid|vert)\b|\|/.test(m.text.slice(0, m.text.search(/\\sim\b/)));

/**
 * `c_1, \dots, c_r > 0`: the members of a family, listed from the first to the last, sharing one
 * relation, written as `c_i > 0` (the index a letter the list does not use) so that the names it
 * speaks of can be read; it is not that hypothesis, which would also speak of c_0 and c_{r+1}.
 * Null for anything else (`i = 1, \dots, n` names a range).
 */
function familyListed(m: Mapped): Mapped | null {
  const list = FAMILY_LIST.exec(m.text);
  if (!list || list[1] !== list[2]) return null;
  const relation = topLevelRelationsAt(m.text).find((r) => r.at >= list[0].length - 1);
  if (!relation || !SHARED_RELATIONS.has(relation.relation) || topLevelRelationsAt(m.text.slice(0, list[0].length)).length > 0) return null;
  const index = ['i', 'j', 'k', 'l'].find((letter) => !new RegExp(`(^|[^\\\\A-Za-z])${letter}(?![A-Za-z])`).test(m.text));
  if (index === undefined) return null;
  return new MappedBuilder().appendSynthetic(`${list[1]!.trim()}_{${index}} `, originAt(m, 0)).append(sliceMapped(m, relation.at)).build();
}
/** Does the file write a member of the family `c_{i} …` outside a list from 1 (`c_0`, `c_{r+1}`)? */
function membersOutside(file: string, familyText: string): boolean {
  const base = /^\s*(.*?)\s*_\{[a-z]\}/.exec(familyText)?.[1];
  if (!base) return true;
  const escaped = base.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return new RegExp(`${escaped}\\s*_\\s*(?:0|\\{\\s*0\\s*\\}|\\{[^{}]*[+-][^{}]*\\})`).test(file);
}

/** A name in a range written with dots: `k \in \{1, \dots, n\}`. */
const RANGE_MEMBERSHIP = /^\s*[^,{}]+\\in\s*\\\{[^{}]*\\(?:l|c)?dots[^{}]*\\\}\s*$/;
/** `… \in \mathbb R`: a membership that restricts nothing deriva draws. */
const ARBITRARY_REAL_MEMBERSHIP = /\\in\s*\\mathbb\s*\{?R\}?\s*$/;
/** `x \in \mathbb R` as the name x (what deriva assumes of a name anyway). */
function withoutRealMembership(item: Mapped): Mapped {
  const membership = ARBITRARY_REAL_MEMBERSHIP.exec(item.text);
  return membership ? tidy(sliceMapped(item, 0, membership.index), false) : item;
}
/** Where the sentence that goes on at `from` ends (a full stop, a semicolon, a blank line; 400 characters at most). */
function sentenceEndAfter(file: string, from: number): number {
  const end = /[.!?;](?=\s|$)|\n\s*\n/.exec(file.slice(from, from + 400));
  return from + (end?.index ?? 400);
}

/** The case open before this one ends where the next opens. */
function closeCase(state: ReadState, at: number): void {
  for (const k of state.openCase) state.prose[k] = { ...state.prose[k]!, until: state.posOf(at) };
  state.openCase = [];
}

/** After a span, only a comma or colon (and "then", "we have") before a display: the span leads into it. */
const LEADS_INTO_DISPLAY = /^\s*[,:]?\s*(?:(?:then|we\s+(?:have|get|obtain)|one\s+(?:has|gets))\s*[,:]?\s*)?(?:\\\[|\$\$|\\begin\s*\{)/;
/** Words after a span that deny or drop it: "is impossible", "fails", "is dropped", ", which we cannot assume". */
const NEGATED_AFTER = /^\s*(?:,?\s*which\s+(?:we\s+)?)?(?:(?:is|are|be|was)\s+)?(?:impossible|false|dropped|fail(?:s|ed)?\b|cannot|can['’]t|does\s+not|doesn['’]t|need\s+not|not\b|never|wrong|invalid|untrue)/i;
/** …but an index's range says of which members it holds: "$p_x > 0$ for $x = 1, \dots, n$". */
const INDEX_RANGE_AFTER = /^\s*for\s+(?:each\s+|every\s+|all\s+)?\$[^$]*(?:\\[lc]?dots|\\in\s*\\\{|=\s*[01]\s*,)/;
/** Words after a hypothesis that restrict where it holds: "on $[0, 1]$", "for $x \ge 0$", "except at", "near". */
const RESTRICTED_AFTER = /^\s*(?:(?:on|near|except|outside|inside|for|when|whenever|if|unless|provided)\b(?!\s+(?:all|every|any|each|the\s+rest|now|simplicity|convenience)\b)[^.;,$]{0,15}\$|in\s+(?:the\s+)?(?:first|second|one|some|this)\s+case|on\s+average|with\s+(?:high\s+)?probability|almost\s+(?:everywhere|surely)|a\.\s?[es]\.)/i;
/** After a span, a few words with no full stop, then a display: the span opens it ("we have \[", "instead, \["). */
const OPENS_DISPLAY = /^[^.!?$()]{0,50}?(\\\[|\$\$|\\begin\s*\{)/;
/** After a span, a colon and a display: "For $x \le 0$: $$…$$" heads a case. */
const CASE_HEADING = /^\s*:\s*(\\\[|\$\$|\\begin\s*\{)/;
/** A sign in words said in passing or by contrast: "unlike for negative", "as for negative", "except for". */
const ASIDE_LEAD = /(?:\(|\b(?:unlike|as|except|than|would|could)\b)[^$.;()]*$/i;
/** Words that open a case ("Case 1:", "**Case** (ii)") or a reduction ("WLOG", "W.l.o.g."). */
const CASE_MARK = /\bcase(?:\s+(?:\d+|[ivx]+|\([a-z0-9]+\)))?[\s,:.*)]*$/i;
const WLOG_LEAD = /\b(?:wlog|w\.\s?l\.\s?o\.\s?g\.?)[\s,:.*)]*$/i;
/** A sign in words before a span of names: "for negative $x$", "for all positive $a, b$". */
const SIGN_WORD_LEAD = /(?:\bfor|\band)\s+(?:(?:all|every|any|each|an?)\s+)?(negative|positive|non-?negative|non-?positive)\s*$/i;
const SIGN_ORDERS: Readonly<Record<string, string>> = { negative: '<', positive: '>', nonnegative: '\\ge', nonpositive: '\\le' };
/** Words before a span that make its names any reals again: "for every real", "for arbitrary". */
const ARBITRARY_AGAIN_LEAD = /\bfor\s+(?:(?:every|all|any|each|an?\s+arbitrary)\s+real|arbitrary(?:\s+real)?)\s*$/i;
/** …and words that take a name afresh, wherever its sentence goes: "Fix an arbitrary $x$", "Now take any real $x$". */
const TAKEN_AFRESH_LEAD = /\b(?:take|fix|consider|pick|choose)\s+(?:now\s+)?(?:an?\s+)?(?:arbitrary|any)(?:\s+real)?\s*$/i;
/** …and words after it: "$x$ be an arbitrary real number", "$x$ is now any real". */
const ARBITRARY_AGAIN_AFTER = /^\s*(?:now\s+)?(?:be|is|are)\s+(?:now\s+)?(?:an?\s+)?(?:arbitrary|any)(?:\s+(?:real|scalar)s?)?\b(?!\s+(?:real-valued\s+)?(?:function|vector|matri|random|distribution|law|probabilit|element|member|point))/i;
/** A name with a subscript 1, `\dots`, the same name with another subscript: `x_1, \ldots, x_{n}`. */
const FAMILY_LIST = /^\s*((?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])\s*)_\s*\{?\s*1\s*\}?\s*,\s*\\(?:l|c)?dots\s*,\s*((?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])\s*)_\s*(?:\{[^{}]*\}|[A-Za-z0-9])\s*/;

/** `A, B \in S`, `a, b > 0`: every listed name is in S, or positive (each item then reads on its own). */
function distributeMembership(items: readonly Mapped[]): Mapped[] {
  const out = [...items];
  let runStart = 0;
  items.forEach((item, k) => {
    const at = topLevelRelationsAt(item.text)[0];
    if (!at) return;
    // an item `b > 0` (a name and its relation) gives it to the names listed right before it; in
    // `a, 0 < c < 1` the a takes no `< c < 1`, and `x, y \in \mathbb R, z > 0` gives x the \in only
    if (SHARED_RELATIONS.has(at.relation) && LISTED_NAME.test(item.text.slice(0, at.at))) {
      const clause = sliceMapped(item, at.at);
      for (let j = runStart; j < k; j++) out[j] = new MappedBuilder().append(items[j]!).appendSynthetic(' ', originAt(clause, 0)).append(clause).build();
    }
    runStart = k + 1;
  });
  return out;
}

/** Braces and environments of a display must balance; the error says which opener is unmatched. */
function checkBalance(m: Mapped, env: string, posOf: PosOf): void {
  const where = (i: number): string => { const p = posOf(originAt(m, i)); return `${p.line}:${p.column}`; };
  const braces: number[] = [];
  const environments: { name: string; at: number }[] = [];
  for (let i = 0; i < m.text.length; i++) {
    const c = m.text[i];
    if (c === '\\') {
      const begin = /^\\(begin|end)\s*\{([^{}]{1,40})\}/.exec(m.text.slice(i, i + 64));
      if (begin && begin[1] === 'begin') environments.push({ name: begin[2]!, at: i });
      else if (begin) {
        const open = environments.pop();
        if (!open || open.name !== begin[2]) {
          const expected = open ? `\\end{${open.name}} (for \\begin{${open.name}} at ${where(open.at)})` : `no \\end here (nothing open in this ${env})`;
          throw new InputError(`unbalanced environments: expected ${expected}, found \\end{${begin[2]}}`, posOf(originAt(m, i)));
        }
      }
      i += begin ? begin[0].length - 1 : 1;
      continue;
    }
    if (c === '{') braces.push(i);
    else if (c === '}' && braces.pop() === undefined) {
      throw new InputError(`unbalanced braces: "}" at ${where(i)} has no matching "{" in this ${env}`, posOf(originAt(m, i)));
    }
  }
  const unclosedBrace = braces[braces.length - 1];
  if (unclosedBrace !== undefined) {
    throw new InputError(`unbalanced braces: "{" opened at ${where(unclosedBrace)} is never closed (expected "}" before the end of this ${env})`, posOf(originAt(m, unclosedBrace)));
  }
  const unclosedEnv = environments[environments.length - 1];
  if (unclosedEnv) {
    throw new InputError(`\\begin{${unclosedEnv.name}} at ${where(unclosedEnv.at)} has no \\end{${unclosedEnv.name}} before the end of this ${env}`, posOf(originAt(m, unclosedEnv.at)));
  }
}

/** Rows of the display with the `% by:` comments that belong to them: a comment after math on
 *  its line goes with that math's row; a comment alone on its line goes with the next row. */
function rowsWithComments(rows: readonly Mapped[], directives: readonly Directive[]): RowInput[] {
  const byComment: (JustificationDraft | null)[] = rows.map(() => null);
  if (!directives.some((directive) => directive.key === 'by')) return rows.map((math) => ({ math, byComment: null }));
  // Rows with math, in file order (their ranges increase), for binary search.
  const ranges = rows.map(nonSpaceOriginRange);
  const filled = ranges.map((_, k) => k).filter((k) => ranges[k]![0] !== Infinity);
  /** The first filled row whose math starts after `offset` (filled.length if none). */
  const firstAfter = (offset: number): number => {
    let lo = 0;
    let hi = filled.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[filled[mid]!]![0] > offset) hi = mid; else lo = mid + 1;
    }
    return lo;
  };
  for (const directive of directives) {
    if (directive.key !== 'by') continue;
    const text = justificationName(directive.value.text);
    if (text === null || filled.length === 0) continue;
    let at = firstAfter(directive.anchor >= 0 ? directive.anchor : directive.offset);
    if (directive.anchor >= 0) at = Math.max(0, at - 1);
    const row = filled[Math.min(at, filled.length - 1)]!;
    byComment[row] ??= { text, offset: directive.offset };
  }
  return rows.map((math, k) => ({ math, byComment: byComment[k]! }));
}

function readDisplay(state: ReadState, event: Extract<ScanEvent, { kind: 'display' }>): void {
  const { math: uncommented, directives } = stripComments(event.math());
  // `% wrt:` / `% derivation:` given before apply to the next display that holds a derivation.
  const local = { wrt: [...state.pendingWrt], name: state.pendingName };
  for (const directive of directives) applyDirective(state, directive, local);
  checkBalance(uncommented, event.env, state.posOf);
  const { math: undecorated, label } = removeDecorations(expandedText(state, uncommented));
  const inner = unwrapInnerAlignment(undecorated);
  const env = inner?.env ?? event.env;
  let body = inner?.math ?? undecorated;
  if (/^alignat\*?$/.test(env)) {
    const columns = /^\s*\{\d+\}/.exec(body.text);
    if (columns) body = sliceMapped(body, columns[0].length);
  }
  const rows = splitRows(body);
  // an empty display (`\[ \]`, `\begin{align}\end{align}`, a draft's placeholder) holds no step:
  // skipped, like a lone formula, so the file's other displays are still checked
  if (rows.every(isBlank)) return;
  const assembled = assembleChains(rowsWithComments(rows, directives), env, event.offset, state.open, !event.inline);
  for (const problem of assembled.problems) state.problems.push({ message: problem.message, pos: state.posOf(problem.offset) });
  for (const assumption of assembled.assumptions) {
    state.assumptions.push({ text: toMathText(assumption, state.file, state.posOf, event.offset), pos: state.posOf(originAt(assumption, 0)) });
  }
  if (!event.inline) state.open = assembled.open;
  const hasSteps = assembled.chains.some((chain) => chain.links.length > 0);
  const hidden = hasSteps || !RELATION_SIGN.test(body.text) ? null : INNER_ENVIRONMENT.exec(body.text);
  // nothing silently skipped: relations the reader cannot reach are said to be there
  if (hidden) state.problems.push({ message: `this display holds relations inside \\begin{${hidden[1]!}}, which deriva does not read as steps: write the rows in align* (or an aligned that fills the equation)`, pos: state.posOf(event.offset) });
  const pending = state.pendingCondition;
  const condition = !hasSteps ? null : pending !== null && event.offset - pending.end <= CONDITION_REACH ? pending.text
    : SOLVED_IN_WORDS.test(sentenceBefore(state.file, event.offset)) ? 'words' : null;
  if (hasSteps) {
    state.pendingWrt = [];
    state.pendingName = null;
    state.pendingCondition = null;
  }
  state.displays.push({ name: local.name ?? label, wrt: local.wrt, chains: assembled.chains, condition });
}

/** An environment other than a matrix: in a display with a relation and no step, where the steps hide. */
const INNER_ENVIRONMENT = /\\begin\s*\{(?!(?:[pbBvV]?matrix|smallmatrix|array)\})([A-Za-z*]+)\}/;
const RELATION_SIGN = /[=<>]|\\(?:le|ge|leq|geq|propto)(?![A-Za-z])/;

function nameDerivations(state: ReadState, path: string): Derivation[] {
  const basename = (path.split(/[\\/]/).pop() ?? path).replace(/\.[^.]*$/, '') || 'derivation';
  const named: { chain: ChainDraft; name: string | null; wrt: readonly string[]; condition: MathText | 'words' | null }[] = [];
  for (const display of state.displays) {
    const complete = display.chains.flatMap(splitStatements).filter((chain) => chain.links.length > 0);
    complete.forEach((chain, k) => {
      const name = display.name === null ? null : complete.length === 1 ? display.name : `${display.name}-${k + 1}`;
      // (each statement of the display is under the condition: `a = 1 \\ b = 2`)
      named.push({ chain, name, wrt: display.wrt, condition: display.condition });
    });
  }
  return named.map(({ chain, name, wrt, condition }, k) =>
    toDerivation(state, chain, name ?? (named.length === 1 ? basename : `${basename}-${k + 1}`), wrt, condition));
}

function toDerivation(state: ReadState, chain: ChainDraft, name: string, wrt: readonly string[], condition: MathText | 'words' | null): Derivation {
  const math = (pieces: readonly Mapped[], fallback: number) => toMathText(tidy(joinPieces(pieces), true), state.file, state.posOf, fallback);
  const links: ChainLink[] = chain.links.map(({ link, rhs }) => ({
    relation: link.relation,
    pos: state.posOf(link.offset),
    rhs: math(rhs, link.offset),
    justification: link.justification ? { text: link.justification.text, pos: state.posOf(link.justification.offset) } : null,
  }));
  return { name, pos: state.posOf(chain.offset), env: chain.env, head: math(chain.head, chain.offset), links, wrt: [...wrt], ...(condition ? { condition } : {}) };
}
