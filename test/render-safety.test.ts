import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/check/report.js';
import { renderHtml, renderLatexDocument } from '../src/render/index.js';
import { typeset } from '../src/render/formula.js';
import { report, step } from './render-fixture.js';
import { expectPageToContain, unsafeParts } from './render-html-audit.js';

const IMG = '<img src=x onerror=alert(1)>';

/** Formulas a hostile submission might hold, each as the right side of one step. */
const HOSTILE_FORMULAS: readonly string[] = [
  '\\href{javascript:alert(1)}{x}',
  '\\url{javascript:alert(1)}',
  '\\htmlData{foo=bar, onclick=alert(1)}{x}',
  '\\htmlId{top}{x}',
  '\\htmlClass{first-wrong}{x}',
  '\\htmlStyle{background:url(https://evil.example/x)}{x}',
  '\\includegraphics[height=1em]{https://evil.example/x.png}',
  '\\text{<script>alert(1)</script>}',
  `\\text{${IMG}}`,
  '\\color{red;background:url(javascript:alert(1))}{x}',
  '\\def\\a{\\a\\a}\\a',
  '\\newcommand{\\b}{\\c\\c\\c\\c}\\newcommand{\\c}{\\d\\d\\d\\d}\\newcommand{\\d}{\\e\\e\\e\\e}\\newcommand{\\e}{xxxx}\\b\\b\\b\\b',
  '\\gdef\\leak{\\href{javascript:alert(1)}{y}}x',
  '\\leak',
  '\\rule{100000em}{100000em}\\kern100000em\\hspace{1000000em}',
  `${'{'.repeat(3000)}x${'}'.repeat(3000)}`,
  `${'x^{'.repeat(1500)}y${'}'.repeat(1500)}`,
  '\\begin{array}{c}'.repeat(50),
  'x'.repeat(20000),
];

const hostileFile: FileReport = {
  path: `${IMG}<script>alert(1)</script>.tex`,
  error: null,
  problems: [{ message: `undefined macro ${IMG}`, line: 1, column: 1 }],
  derivations: [{
    name: `"><script>alert(1)</script>`,
    line: 1,
    steps: HOSTILE_FORMULAS.map((to, k) => step({
      line: k + 2, from: k === 0 ? 'y' : HOSTILE_FORMULAS[k - 1]!, to,
      verdict: (['proved', 'confirmed', 'refuted', 'unverified', 'error'] as const)[k % 5]!,
      rules: [`<script>alert(${k})</script>`, 'javascript:alert(1)'],
      proof: [{ rule: `${IMG}`, result: to }],
      counterexample: { assignment: { [IMG]: 1, '\\href{javascript:alert(1)}{x}': 2 }, lhs: Number.NaN, rhs: -Infinity },
      message: `${IMG} "quoted" 'single' & ampersand`,
      justification: `"><a href="javascript:alert(1)">by Jensen</a>`,
    })),
  }],
};

const brokenHostile: FileReport = {
  path: 'x.tex', problems: [], derivations: [],
  error: { message: `<script>alert(1)</script>${IMG}`, line: 1, column: 1 },
};

describe('rendering untrusted LaTeX to HTML', () => {
  const started = performance.now();
  const html = renderHtml(report([hostileFile, brokenHostile]), { title: `<script>alert(1)</script>` });
  const elapsed = performance.now() - started;

  it('yields a page with no script, no live link, no event handler and no external reference', () => {
    expect(unsafeParts(html)).toEqual([]);
    expect(/<script/i.test(html)).toBe(false);
    expect(/<a\s[^>]*href="(?!#)/.test(html)).toBe(false);
  });

  it('escapes paths, names, messages, rules, justifications and counterexample keys', () => {
    expectPageToContain(html, '&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;.tex');
    expectPageToContain(html, 'by &lt;script&gt;alert(0)&lt;/script&gt;, javascript:alert(1)');
    expectPageToContain(html, '&quot;quoted&quot; &#39;single&#39; &amp; ampersand');
    expectPageToContain(html, 'justification: “&quot;&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;by Jensen&lt;/a&gt;”');
  });

  it('shows what KaTeX refuses as escaped source, never as a .katex-error span', () => {
    expect(html.includes('katex-error')).toBe(false);
    expectPageToContain(html, '<code>\\def\\a{\\a\\a}\\a</code>');
  });

  it('finishes quickly despite macro bombs and deep nesting (a hang guard, not a benchmark)', () => {
    expect(elapsed).toBeLessThan(15_000);
  });

  it('keeps each formula\'s macros to itself: a \\gdef in one step does not define anything in the next', () => {
    expect(typeset('\\gdef\\leak{y}x', true).typeset).toBe(true);
    expect(typeset('\\leak', true).typeset).toBe(false);
  });

  it('typesets untrusted commands as inert text and bounds sizes', () => {
    const link = typeset('\\href{javascript:alert(1)}{x}', true);
    expect(link.typeset).toBe(true);
    expect(unsafeParts(link.html)).toEqual([]);
    const huge = typeset('\\rule{100000em}{100000em}', true).html;
    const sizes = [...huge.matchAll(/(?:height|width|border-right-width|border-top-width):\s*([\d.]+)em/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
  });

  it('gives the annotated LaTeX of the same file without crashing', () => {
    const latex = renderLatexDocument([hostileFile, brokenHostile]);
    expect(latex).not.toMatch(/^[^%\n]*\\href/m);
    expect(latex).toContain('\\end{document}');
  });
});
