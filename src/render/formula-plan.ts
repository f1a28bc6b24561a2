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
 * beyond the ids of its formula slots (`<step id>-from|-to|-pN`, and `-xN` for the
 * symbols of a counterexample, set inline).
 */
import { stepFails, type Report, type StepReport } from '../check/report.js';
import { escapeHtml, typeset } from './formula.js';

/** The size a page should stay under: KaTeX's CSS and fonts (0.4 MB), the page's own markup, and
 *  as many typeset formulas as fit in what is left. 1,000 files of a class stay under 10 MB. */
export const PAGE_TARGET_BYTES = 9_500_000;

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

interface Slot { readonly key: string; readonly latex: string; readonly tier: number; readonly display: boolean }

const sourceHtml = (latex: string): string => `<code class="tex">${escapeHtml(latex)}</code>`;

/** Every formula slot of the page with its tier: 0 failing steps, 1 other steps, 2 proof steps. */
function slotsOf(report: Report, strict: boolean): Slot[] {
  const slots: Slot[] = [];
  report.files.forEach((file, f) => file.derivations.forEach((d, k) => d.steps.forEach((step, s) => {
    const id = stepId(f, k, s);
    const tier = stepFails(step, strict) ? 0 : 1;
    if (startsRow(d.steps, s)) slots.push({ key: `${id}-from`, latex: step.from, tier, display: true });
    slots.push({ key: `${id}-to`, latex: step.to, tier, display: true });
    Object.keys(step.counterexample?.assignment ?? {}).forEach((symbol, n) => slots.push({ key: `${id}-x${n + 1}`, latex: symbol, tier, display: false }));
    step.proof.forEach((p, n) => slots.push({ key: `${id}-p${n + 1}`, latex: p.result, tier: 2, display: true }));
  })));
  return slots;
}

/** Typeset nothing: every formula as its source (for measuring the page without formulas). */
export const NO_FORMULAS: FormulaPlan = { html: (_key, latex) => sourceHtml(latex), untypeset: 0 };

export function planFormulas(report: Report, strict: boolean, budgetBytes: number): FormulaPlan {
  const slots = slotsOf(report, strict);
  const typesetOnce = new Map<string, string>();
  const allowed = new Map<string, string>();
  let spent = 0;
  for (const tier of [0, 1, 2]) {
    for (const slot of slots) {
      if (slot.tier !== tier || budgetBytes - spent < SMALLEST_FORMULA_BYTES) continue;
      const cacheKey = `${slot.display ? 'D' : 'I'}${slot.latex}`;
      let html = typesetOnce.get(cacheKey);
      if (html === undefined) {
        html = typeset(slot.latex, slot.display).html;
        typesetOnce.set(cacheKey, html);
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
