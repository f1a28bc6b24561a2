/**
 * Which formulas of an HTML report are typeset with KaTeX and which are shown
 * as LaTeX source. A typeset formula costs 2–10 kB of markup, so a report of a
 * whole class (1,000 files) would weigh tens of megabytes; the page gets a
 * byte budget instead, spent first on the steps that fail (and the row each
 * starts from), then on the rest in page order, then on proofs' intermediate
 * expressions. Identical formulas are typeset once. Deterministic: the plan
 * depends on the report alone.
 *
 * Owns: the budget and the order it is spent in. Must not: know the page layout
 * beyond the ids of its formula slots (`<step id>-from|-to|-pN`).
 */
import { stepFails, type Report, type StepReport } from '../check/report.js';
import { escapeHtml, typeset } from './formula.js';

/** Bytes of typeset formulas one page may hold: with KaTeX's CSS and fonts (0.4 MB) and the
 *  page's own markup, a 1,000-file report stays under 10 MB. */
export const DEFAULT_TYPESET_BUDGET_BYTES = 5_000_000;

export interface FormulaPlan {
  /** The HTML of the formula in slot `key`: typeset if the plan allows, else its source. */
  html(key: string, latex: string): string;
  /** How many formula slots are shown as source. */
  readonly untypeset: number;
}

/** The page id of a step (1-based positions, so ids never depend on counters). */
export const stepId = (file: number, derivation: number, step: number): string => `f${file + 1}-d${derivation + 1}-s${step + 1}`;

/** Below this many bytes left, no formula fits any more: stop typesetting to measure. */
const SMALLEST_FORMULA_BYTES = 256;

/** Whether step k starts a new row with its left side (it does not continue the previous right side). */
export const startsRow = (steps: readonly StepReport[], k: number): boolean => k === 0 || steps[k]!.from !== steps[k - 1]!.to;

interface Slot { readonly key: string; readonly latex: string; readonly tier: number }

const sourceHtml = (latex: string): string => `<code class="tex">${escapeHtml(latex)}</code>`;

/** Every formula slot of the page with its tier: 0 failing steps, 1 other steps, 2 proof steps. */
function slotsOf(report: Report, strict: boolean): Slot[] {
  const slots: Slot[] = [];
  report.files.forEach((file, f) => file.derivations.forEach((d, k) => d.steps.forEach((step, s) => {
    const id = stepId(f, k, s);
    const tier = stepFails(step, strict) ? 0 : 1;
    if (startsRow(d.steps, s)) slots.push({ key: `${id}-from`, latex: step.from, tier });
    slots.push({ key: `${id}-to`, latex: step.to, tier });
    step.proof.forEach((p, n) => slots.push({ key: `${id}-p${n + 1}`, latex: p.result, tier: 2 }));
  })));
  return slots;
}

export function planFormulas(report: Report, strict: boolean, budgetBytes = DEFAULT_TYPESET_BUDGET_BYTES): FormulaPlan {
  const slots = slotsOf(report, strict);
  const typesetOnce = new Map<string, string>();
  const allowed = new Map<string, string>();
  let spent = 0;
  for (const tier of [0, 1, 2]) {
    for (const slot of slots) {
      if (slot.tier !== tier || budgetBytes - spent < SMALLEST_FORMULA_BYTES) continue;
      let html = typesetOnce.get(slot.latex);
      if (html === undefined) {
        html = typeset(slot.latex, true).html;
        typesetOnce.set(slot.latex, html);
      }
      if (spent + html.length > budgetBytes) continue;
      spent += html.length;
      allowed.set(slot.key, html);
    }
  }
  return {
    html: (key, latex) => allowed.get(key) ?? sourceHtml(latex),
    untypeset: slots.length - allowed.size,
  };
}
