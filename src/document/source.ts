/**
 * What the document reader hands to the checker: plain, JSON-able data.
 * A derivation is a chain `head rel₁ e₁ rel₂ e₂ …`; each link is one step
 * comparing e_{k-1} with e_k. Math text keeps a map back to the file so
 * that a parse error at any offset names the right line and column.
 */
import type { MathText, SourcePos } from '../diagnostic.js';
import type { Relation } from '../expr/relations.js';


/** A named justification as the writer gave it: `\text{(by Jensen)}` gives text "Jensen". */
export interface Justification { readonly text: string; readonly pos: SourcePos }

export interface ChainLink {
  readonly relation: Relation;
  /** Position of the relation symbol itself (the step's line in the report). */
  readonly pos: SourcePos;
  readonly rhs: MathText;
  readonly justification: Justification | null;
}

export interface Derivation {
  /** `\label{name}`, a `% derivation: name` comment, or `<file basename>` / `<basename>-<k>`. */
  readonly name: string;
  /** Where the display starts. */
  readonly pos: SourcePos;
  /** The environment: align*, aligned, equation, eqnarray, \[, $$ … */
  readonly env: string;
  readonly head: MathText;
  readonly links: readonly ChainLink[];
  /** `% wrt: \theta` given just before or inside the display. */
  readonly wrt: readonly string[];
  /** An equation the prose just before sets or solves ("Setting $\nabla_\mu \ell = 0$ gives"): the
   *  first step, `v = …` for a name v it mentions, claims a solution of it. 'words': a condition
   *  set in words only ("setting the derivative to zero gives"). */
  readonly condition?: MathText | 'words';
}

/** `% assume: \Sigma_j \succ 0, n \geq 1` — each comma-separated item separately. */
export interface Assumption { readonly text: MathText; readonly pos: SourcePos }

/** A read problem that does not stop the rest of the file: an undefined macro, an
 *  unbalanced display. Steps touching it become unverified; the rest is checked. */
export interface ReadProblem { readonly message: string; readonly pos: SourcePos }

/** What prose around the displays states (`Let $\alpha_t = 1-\beta_t$`, `where $\Sigma \succ 0$`). */
export interface ProseItem {
  /** `described`: a symbol the prose gives a meaning in words (`Let $w_j^{(i)}$ be the E-step weights`);
   *  `arbitrary-law`: a random variable the prose leaves any law (`Let $X$ be a random variable.`);
   *  `arbitrary`: a name made any real again (`Now let $x$ be an arbitrary real number`, "for every real $x$"):
   *  what was assumed of it before no longer holds. */
  readonly kind: 'definition' | 'assumption' | 'described' | 'arbitrary-law' | 'arbitrary';
  readonly text: MathText;
  readonly pos: SourcePos;
  /** Where it starts to hold: its own place, or the start of the display a "where" clause continues. */
  readonly from: SourcePos;
  /** Stated with no word that makes it one (`the ratio $\mathrm{SNR}(t) = …$`): it defines a fresh name or says nothing. */
  readonly onlyIfNew?: boolean;
  /** Where it stops holding: a condition written after a display ("for all $x \ge 1$") is said of that display only. */
  readonly until?: SourcePos;
}

export interface SourceDocument {
  readonly path: string;
  /** In file order. Displays that hold no relation at all (a lone formula) are not derivations. */
  readonly derivations: readonly Derivation[];
  /** File-wide assumptions, in file order (a derivation may rely on any of them). */
  readonly assumptions: readonly Assumption[];
  /** `% context: FILE` (or `FILE#label`, one section): problem contexts this file is checked in,
   *  the path relative to the file. */
  readonly contexts: readonly { readonly spec: string; readonly pos: SourcePos }[];
  /** `% expect: refuted` lines: the first step below each is expected to be refuted (a planted or known error). */
  readonly expectations: readonly { readonly pos: SourcePos; readonly verdict: 'refuted' }[];
  /** Definitions and hypotheses stated in prose, in file order. */
  readonly prose: readonly ProseItem[];
  readonly problems: readonly ReadProblem[];
}
