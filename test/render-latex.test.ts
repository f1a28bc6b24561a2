import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/check/report.js';
import { renderLatex, renderLatexDocument } from '../src/render/index.js';
import { cleanFormula, escapeLatexText } from '../src/render/latex-clean.js';
import { BROKEN_FILE, KL_FILE, MIXED_FILE, step } from './render-fixture.js';
import { alignBodies, compileWithPdflatex, hasPdflatex, overfullBoxes, parsesWithKatex, PDFLATEX_MISSING } from './render-latex-tools.js';

if (!hasPdflatex) console.log(`render-latex.test.ts: ${PDFLATEX_MISSING}`);

/** Rows of an align* body, comments dropped (a row ends at `\\`). */
const rows = (body: string): string[] =>
  body.split('\n').filter((l) => !l.trimStart().startsWith('%')).join('\n').split('\\\\\n').map((r) => r.trim());

/** The relation each step row starts with (start rows, `& \derivafit{…}`, have none). */
const rowRelations = (body: string): string[] =>
  rows(body).map((r) => /^&(\S+) \\derivafit/.exec(r)?.[1]).filter((r): r is string => r !== undefined);

describe('renderLatex', () => {
  it('emits one align* per derivation, one row per step, with the relation as LaTeX', () => {
    const out = renderLatex(MIXED_FILE);
    const bodies = alignBodies(out);
    expect(bodies).toHaveLength(MIXED_FILE.derivations.length);
    expect(rowRelations(bodies[1]!)).toEqual([':=', '\\ge', '>', '\\propto', '\\iff', '\\implies', '\\approx', '=']);
    expect(rowRelations(bodies[0]!)).toEqual(['=', '=', '\\le', '<']);
  });

  it('starts the first row with the left side and later rows with the relation only', () => {
    const [body] = alignBodies(renderLatex(KL_FILE));
    const lines = body!.split('\n').filter((l) => !l.trimStart().startsWith('%'));
    expect(lines[0]!.trim()).toBe('& \\derivafit{D_{KL}(P\\|Q)} \\\\');
    expect(lines.slice(1).every((l) => l.trimStart().startsWith('&= \\derivafit{'))).toBe(true);
    expect(lines).toHaveLength(KL_FILE.derivations[0]!.steps.length + 1);
  });

  it('tags each row with the verdict mark and what it rests on', () => {
    const out = renderLatex(KL_FILE);
    expect(out).toContain('\\tag*{\\derivanote{\\checkmark}{proved: def-kl}}');
    expect(out).toContain('\\tag*{\\derivanote{\\checkmark}{proved: log-quotient, sum-split}}');
    expect(out).toContain('\\tag*{\\derivanote{\\approx}{confirmed: 200 samples, max error 3.2e-13}}');
    const mixed = renderLatex(MIXED_FILE);
    expect(mixed).toContain('\\tag*{\\derivanote{\\times}{refuted: left side $4$, right side $2$ at $a = 1$, $b = 1$}}');
    expect(mixed).toContain('\\tag*{\\derivanote{?}{unverified: implication not checked}}');
    expect(mixed).toContain('\\tag*{\\derivanote{!}{error: missing \\} at 28:5}}');
    expect(mixed).toContain('\\tag*{\\derivanote{\\mathrel{:=}}{definition}}');
    expect(mixed).toContain('\\tag*{\\derivanote{\\times}{refuted (expected): left side $1$');
    expect(mixed).toContain('\\tag*{\\derivanote{\\checkmark}{proved, but a refutation was expected: difference-of-squares}}');
  });

  it('sets text such as |x| and <b> as written (OT1 would print em dashes and inverted marks)', () => {
    expect(escapeLatexText('|x| < 1 <b>')).toBe('\\textbar{}x\\textbar{} \\textless{} 1 \\textless{}b\\textgreater{}');
  });

  it('keeps full messages, counterexamples and justifications in comments', () => {
    const out = renderLatex(MIXED_FILE);
    expect(out).toContain('%   at a = 1, b = 1: lhs = 4, rhs = 2 (replay with --seed 7)');
    expect(out).toContain('%   “Jensen” cites jensen, which this step\'s proof did not use');
    expect(out).toContain('% problem: submissions/alice <b>&</b> bob.md:2:9: undefined macro \\foo');
    expect(renderLatex(KL_FILE)).toContain('%   justification: definition');
    expect(renderLatex(BROKEN_FILE)).toContain('% cannot be read: submissions/empty.tex:3:1: unbalanced \\begin{align}');
  });

  it('produces LaTeX that KaTeX parses, derivation by derivation', () => {
    for (const file of [KL_FILE, MIXED_FILE]) {
      for (const body of alignBodies(renderLatex(file))) {
        expect(() => parsesWithKatex(`\\begin{align*}\n${body}\n\\end{align*}`)).not.toThrow();
      }
    }
  });

  it.skipIf(!hasPdflatex)('produces a standalone document that pdflatex compiles, with nothing sticking out of the page', () => {
    const result = compileWithPdflatex(renderLatexDocument([KL_FILE, MIXED_FILE, BROKEN_FILE]));
    expect(result.log).toBe('');
    expect(result.ok).toBe(true);
    expect(result.overfull).toEqual([]);
  });

  it('is deterministic', () => {
    expect(renderLatexDocument([KL_FILE, MIXED_FILE])).toBe(renderLatexDocument([KL_FILE, MIXED_FILE]));
  });
});

describe('overfullBoxes', () => {
  it('keeps only boxes over the tolerance', () => {
    const log = 'Overfull \\hbox (311.8pt too wide) detected at line 26\nOverfull \\hbox (5.4pt too wide) in paragraph\nUnderfull \\hbox (badness 10000)';
    expect(overfullBoxes(log)).toEqual(['Overfull \\hbox (311.8pt too wide) detected at line 26']);
  });
});

describe('hostile formulas in the LaTeX output', () => {
  const hostile: FileReport = {
    path: 'evil\n\\input{/etc/passwd}.tex',
    error: null,
    problems: [],
    derivations: [{
      name: 'evil\n\\end{document}',
      line: 1,
      steps: [
        step({ from: 'a & b \\\\ c % \\end{align*}', to: '\\input{/etc/passwd} x', verdict: 'proved', rules: ['r_1 & #2 %3 ^~\\'] }),
        step({ from: '\\input{/etc/passwd} x', to: '}} \\immediate\\write18{rm -rf ~} {', verdict: 'unverified', message: 'θ ≤ 1 \\end{document}' }),
        step({ from: 'y', to: '\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} \\begin{document} \\^^69nput', verdict: 'refuted',
          counterexample: { assignment: { '\\input{x}': 1, '\\mu_j': 2, 'P(x=1)': 0.25 }, lhs: Number.POSITIVE_INFINITY, rhs: 1.5e-7, seed: 1 } }),
      ],
    }],
  };

  it('never reaches file, shell or catcode machinery and keeps the row structure', () => {
    const out = renderLatex(hostile);
    const code = out.split('\n').filter((l) => !l.trimStart().startsWith('%')).join('\n');
    expect(code).not.toMatch(/\\(input|write|immediate|end\{document\}|begin\{document\}|catcode)\b/);
    expect(code).not.toContain('^^');
    for (const body of alignBodies(out)) {
      expect(() => parsesWithKatex(`\\begin{align*}\n${body}\n\\end{align*}`)).not.toThrow();
    }
  });

  it.skipIf(!hasPdflatex)('still compiles with pdflatex', () => {
    const result = compileWithPdflatex(renderLatexDocument([hostile]));
    expect(result.log).toBe('');
    expect(result.ok).toBe(true);
  });
});

describe('cleanFormula', () => {
  it('drops comments and alignment marks but keeps matrices and escaped characters', () => {
    expect(cleanFormula('a % comment & \\\\\n+ b')).toBe('a + b');
    expect(cleanFormula('a & b \\\\ c')).toBe('a b c');
    expect(cleanFormula('\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}')).toBe('\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}');
    expect(cleanFormula('50\\% \\& \\{x\\}')).toBe('50\\% \\& \\{x\\}');
  });

  it('balances braces and closes environments left open', () => {
    expect(cleanFormula('\\frac{a}{b')).toBe('\\frac{a}{b}');
    expect(cleanFormula('a}} + b')).toBe('a + b');
    expect(cleanFormula('\\begin{cases} a & b')).toBe('\\begin{cases} a & b \\end{cases}');
    expect(cleanFormula('\\end{pmatrix} x')).toBe('\\text{[end removed]} {pmatrix} x');
  });

  it('replaces dangerous control words by a visible marker', () => {
    expect(cleanFormula('\\input{x}')).toBe('\\text{[input removed]} {x}');
    expect(cleanFormula('\\csname input\\endcsname')).toBe('\\text{[csname removed]} input \\text{[endcsname removed]}');
    expect(cleanFormula('\\inputx')).toBe('\\inputx');
  });

  it('always yields one line with balanced braces and no stray alignment or comment character', () => {
    const alphabet = fc.constantFrom('a', ' ', '\\', '{', '}', '&', '%', '\n', '^', '$', '#', 'begin', 'end', '{pmatrix}', 'input');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
      const out = cleanFormula(parts.join(''));
      expect(out).not.toContain('\n');
      let depth = 0;
      let i = 0;
      for (; i < out.length; i++) {
        const c = out[i]!;
        if (c === '\\') { i++; continue; }
        if (c === '%' || c === '$' || c === '#') throw new Error(`stray ${c} in ${out}`);
        if (c === '&' && !out.includes('\\begin{pmatrix}')) throw new Error(`stray & in ${out}`);
        depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
      expect(cleanFormula(out)).toBe(out);
    }), { numRuns: 500, seed: 20261125 });
  });
});

describe('escapeLatexText', () => {
  it('escapes every TeX special, sets common symbols as LaTeX and replaces other non-ASCII', () => {
    expect(escapeLatexText('a_b & 50% #1 $x$ {y} ^~\\ θ ≤ 1 ✦')).toBe(
      'a\\_b \\& 50\\% \\#1 \\$x\\$ \\{y\\} \\textasciicircum{}\\textasciitilde{}\\textbackslash{} $\\theta$ $\\le$ 1 ?');
  });
});
