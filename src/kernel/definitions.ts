/**
 * A derivation's definitions as rewrite rules the kernel can replay: `lhs := rhs` becomes
 * the rule `def-NAME`, unfolding left to right and folding right to left, whose pattern
 * variables are the definition's parameters (expr/definitions.ts decides which slots those
 * are: `\alpha_t := …` covers every `\alpha_s`, `\mu_\theta := …` covers no `\mu_q`).
 *
 * Owns: the translation and the rule names (`def-L_C`, `def-L_S`, `def-f-2`: unique, stable).
 */
import { parameters } from '../expr/definitions.js';
import { definedName, type Definition, type Sym } from '../expr/model.js';
import type { Rule, RuleBook, VarRole } from './types.js';

/** The `file` of rules made from a derivation's definitions. */
export const DEFINITIONS = '(definitions)';

export function definitionRules(defs: readonly Definition[]): Rule[] {
  const taken = new Set<string>();
  return defs.map((d, i) => {
    const head: Sym | null = d.lhs.kind === 'sym' ? d.lhs : d.lhs.kind === 'call' ? d.lhs.fn : null;
    const vars = new Map<string, VarRole>();
    for (const p of parameters(d)) if (p.upper.length === 0) vars.set(p.name, 'expr');
    const base = head ? `def-${plainName(head)}` : `def-${i + 1}`;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
    taken.add(name);
    return { name, synonyms: [], statement: '(definition)', lhs: d.lhs, rhs: d.rhs, relation: '=' as const, conditions: [], file: DEFINITIONS, line: 0, vars };
  });
}

/** A book's definition rules by the name each defines, indexed once per book (a pure function of
 *  the book, which dies with it): the kernel asks for them at every algebra step and side condition. */
const byBook = new WeakMap<RuleBook, ReadonlyMap<string, readonly Rule[]>>();
export function definitionsByName(book: RuleBook): ReadonlyMap<string, readonly Rule[]> {
  let index = byBook.get(book);
  if (index === undefined) {
    const built = new Map<string, Rule[]>();
    for (const rule of book.values()) {
      const head = rule.file === DEFINITIONS ? definedName(rule.lhs) : null;
      if (head !== null) built.set(head, [...(built.get(head) ?? []), rule]);
    }
    index = built;
    byBook.set(book, index);
  }
  return index;
}

/** A readable rule-name fragment for a symbol: `\mathcal{L}_C` → `L_C`, `x^{(1)}` → `x^(1)`. */
function plainName(s: Sym): string {
  const clean = (n: string) => n.replace(/\\[a-zA-Z]+\{([^}]*)\}/g, '$1').replace(/[\\{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-');
  const labels = s.index.filter((x): x is Sym => x.kind === 'sym' && x.index.length === 0).map((x) => clean(x.name));
  const sample = s.upper.length > 0 && s.upper.every((x) => x.kind === 'num') ? `^(${s.upper.map((x) => (x as { value: number }).value).join(',')})` : '';
  const labelled = labels.length > 0 && labels.length === s.index.length && labels.every((l) => /^[A-Z]/.test(l));
  return clean(s.name) + (labelled ? `_${labels.join('')}` : '') + sample;
}
