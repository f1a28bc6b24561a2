/**
 * A class-sized HTML report stays a page a browser opens: 1,000 files, each with
 * its own formulas (as real submissions have), under 10 MB, KaTeX's CSS and
 * fonts once, and the typesetting budget spent on the failing steps first.
 */
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/check/report.js';
import { renderHtml } from '../src/render/index.js';
import { report, step } from './render-fixture.js';

/** One student's file: a binomial expansion in their own variable names, wrong in one step out of six. */
function submission(k: number): FileReport {
  const [a, b] = [`a_{${k}}`, `b_{${k}}`];
  const rows = [
    `(${a}+${b})^2`, `(${a}+${b})(${a}+${b})`, `${a}^2 + ${a}${b} + ${b}${a} + ${b}^2`, `${a}^2 + 2${a}${b} + ${b}^2`,
    `${a}^2 + ${b}^2 + 2${a}${b}`, `\\frac{2${a}^2 + 4${a}${b} + 2${b}^2}{2}`, `${a}^2 + ${b}^2`,
  ];
  const steps = rows.slice(1).map((to, i) => step({
    line: 3 + i, from: rows[i]!, to, verdict: i === 5 ? 'refuted' : 'proved', rules: i === 5 ? [] : ['expand'],
    ...(i === 5 ? { message: 'the two sides differ', counterexample: { assignment: { [a]: 1, [b]: 1 }, lhs: 4, rhs: 2, seed: 1 } } : {}),
  }));
  return { path: `submissions/student-${String(k).padStart(4, '0')}.tex`, error: null, problems: [], derivations: [{ name: `student-${k}`, line: 1, steps }] };
}

describe('a 1,000-file HTML report', () => {
  const files = Array.from({ length: 1000 }, (_, k) => submission(k + 1));
  const html = renderHtml(report(files));

  it('stays under 10 MB, with KaTeX\'s CSS and fonts once', () => {
    console.log(`1,000-file HTML report: ${(html.length / 1e6).toFixed(2)} MB for ${files.length * 6} steps`);
    expect(Buffer.byteLength(html)).toBeLessThan(10_000_000);
    expect(html.match(/@font-face/g)?.length).toBeGreaterThan(10);
    expect(html.match(/<style>/g)).toHaveLength(2);
    expect(html.split('KaTeX_Main-Regular').length).toBeLessThan(5);
  });

  it('spends the typesetting on failing steps first, says how many formulas are shown as source, and indexes every file', () => {
    const steps = [...html.matchAll(/<div class="step (is-[a-z]+)[^"]*" id="f\d+-d1-s\d">[\s\S]*?<div class="info">/g)];
    expect(steps).toHaveLength(6000);
    const typeset = (verdict: string) => steps.filter((m) => m[1] === verdict && m[0].includes('class="katex-display"')).length;
    const failing = typeset('is-refuted');
    console.log(`typeset: ${failing} of 1000 refuted steps, ${typeset('is-proved')} of 5000 proved steps`);
    expect(failing).toBeGreaterThan(300);
    if (typeset('is-proved') > 0) expect(failing).toBe(1000);
    expect(html).toMatch(/<p class="meta">\d+ formulas are shown as LaTeX source to keep this page small/);
    expect(html.match(/<tr class="attention"><th scope="row">/g)).toHaveLength(1000);
  });

  it('typesets everything when the budget allows, and only source when it allows nothing', () => {
    const few = report(files.slice(0, 3));
    expect(renderHtml(few)).not.toContain('<code class="tex">');
    const none = renderHtml(few, { typesetBudgetBytes: 0 });
    expect(none).not.toContain('class="katex-display"');
    expect(none).toContain('<code class="tex">(a_{1}+b_{1})^2</code>');
  });
});
