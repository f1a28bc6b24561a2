/**
 * What a definition `lhs := rhs` defines: which of its left side's slots are parameters
 * (they stand for any value at a use) and which are literal (a use must carry the same
 * thing). One policy, read by the kernel (definitions as rewrite rules) and by the numeric
 * back-end (definitions as values), so the two never disagree on what a definition covers.
 *
 * The policy. Arguments and conditions (`L(\mu)`, `q(x_t | x_0)`) are parameters when they
 * are names. A subscript or sample superscript of the defined symbol is a parameter only
 * when it is a single Latin letter that the right side uses (`\alpha_t := 1 - \beta_t`,
 * `\bar\alpha_t := \prod_{s=1}^t \alpha_s`, `y^{(i)} := …`); otherwise it is a label that
 * names the symbol — `\mu_\theta := …` says nothing about `\mu_q`, and `\sigma_q^2 := …`
 * nothing about `\sigma_p`. Numbers are literal (`x^{(1)} := -1`).
 *
 * Must not: evaluate or rewrite.
 */
import { type Definition, type Expr, type Sym, freeNames } from './model.js';

/** The left side's slots in order: the head's subscripts and superscripts, then arguments, then conditions. */
export function definitionSlots(lhs: Expr): { readonly slots: readonly Expr[]; readonly scripts: number; readonly given: number } {
  switch (lhs.kind) {
    case 'sym': return { slots: [...lhs.index, ...lhs.upper], scripts: lhs.index.length + lhs.upper.length, given: 0 };
    case 'call': return { slots: [...lhs.fn.index, ...lhs.fn.upper, ...lhs.args], scripts: lhs.fn.index.length + lhs.fn.upper.length, given: 0 };
    case 'prob': {
      const scripts = lhs.dist.index.length + lhs.dist.upper.length;
      return { slots: [...lhs.dist.index, ...lhs.dist.upper, ...lhs.args, ...lhs.given], scripts, given: lhs.given.length };
    }
    default: return { slots: [], scripts: 0, given: 0 };
  }
}

/** A name in an argument position: plain, or a sample whose script is a name (`z^{(i)}` in `Q_i(z^{(i)}) := …`). */
const isNameSlot = (e: Expr): e is Sym =>
  e.kind === 'sym' && e.index.length === 0 && e.upper.every((u) => u.kind === 'sym' && u.index.length === 0 && u.upper.length === 0);

const isIndexLetter = (e: Expr): e is Sym => e.kind === 'sym' && e.index.length === 0 && e.upper.length === 0 && /^[a-z]$/.test(e.name);

/** For each slot of `definitionSlots(def.lhs)`: is it a parameter? */
export function parameterSlots(def: Definition): boolean[] {
  const { slots, scripts } = definitionSlots(def.lhs);
  const used = freeNames(def.rhs);
  return slots.map((slot, i) => (i < scripts ? isIndexLetter(slot) && used.has(slot.name) : isNameSlot(slot)));
}

/** The parameter slots as symbols (the names a use's values are bound to). */
export function parameters(def: Definition): Sym[] {
  const flags = parameterSlots(def);
  return definitionSlots(def.lhs).slots.filter((_, i) => flags[i]) as Sym[];
}
