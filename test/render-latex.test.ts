import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/check/report.js';
import { renderLatex, renderLatexDocument } from '../src/render/index.js';
import { cleanFormula, escapeLatexText } from '../src/render/latex-clean.js';
import { BROKEN_FILE, KL_FILE, MIXED_FILE, step } from './render-fixture.js';
import { alignBodies, compileWithPdflatex, hasPdflatex, parsesWithKatex } from './render-latex-tools.js';

/** Rows of an align* body, comments dropped (a row ends at `\\`). */
const rows = (body: string): string[] =>
  body.split('\n').filter((l) => !l.trimStart().startsWith('%')).join('\n').split('\\\\\n').map((r) => r.trim());

describe('renderLatex', () => {
  it('emits one align* per derivation, one row per step, with the relation as LaTeX', () => {
    const out = renderLatex(MIXED_FILE);
    const bodies = alignBodies(out);
    expect(bodies).toHaveLength(MIXED_FILE.derivations.length);
    const relations = rows(bodies[1]!).map((r) => /^(?:[^\n]*\n\s*)?&(\S+)/.exec(r)?.[1]);
    expect(relations).toEqual([':=', '\\ge', '>', '\\propto', '\\iff', '\\implies', '\\approx', '=']);
    expect(rows(bodies[0]!).map((r) => /^(?:[^\n]*\n\s*)?&(\S+)/.exec(r)?.[1])).toEqual(['=', '=', '\\le', '<']);
  });

  it('starts the first row with the left side and later rows with the relation only', () => {
    const [body] = alignBodies(renderLatex(KL_FILE));
    const lines = body!.split('\n').filter((l) => !l.trimStart().startsWith('%'));
    expect(lines[0]!.trim()).toBe('D_{KL}(P\\|Q)');
    expect(lines.slice(1).every((l) => l.trimStart().startsWith('&='))).toBe(true);
    expect(lines).toHaveLength(KL_FILE.derivations[0]!.steps.length + 1);
  });

  it('puts the verdict mark and the rule names in the right margin', () => {
    const out = renderLatex(KL_FILE);
    expect(out).toContain('&& \\checkmark\\ \\text{proved: def-kl}');
    expect(out).toContain('&& \\checkmark\\ \\text{proved: log-quotient, sum-split}');
    expect(out).toContain('&& \\approx\\ \\text{confirmed: 200 samples, max error 3.2e-13}');
    const mixed = renderLatex(MIXED_FILE);
    expect(mixed).toContain('\\times\\ \\text{refuted: }4 \\ne 2\\text{ at }a = 1,\\ b = 1');
    expect(mixed).toContain('?\\ \\text{unverified: implication not checked}');
    expect(mixed).toContain('!\\ \\text{error: missing \\} at 28:5}');
  });

  it('keeps full messages, counterexamples and justifications in comments', () => {
    const out = renderLatex(MIXED_FILE);
    expect(out).toContain('%   at a = 1, b = 1: lhs = 4, rhs = 2');
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

  it.skipIf(!hasPdflatex)('produces a standalone document that pdflatex compiles', () => {
    const result = compileWithPdflatex(renderLatexDocument([KL_FILE, MIXED_FILE, BROKEN_FILE]));
    expect(result.log).toBe('');
    expect(result.ok).toBe(true);
  });

  it('is deterministic', () => {
    expect(renderLatexDocument([KL_FILE, MIXED_FILE])).toBe(renderLatexDocument([KL_FILE, MIXED_FILE]));
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
          counterexample: { assignment: { '\\input{x}': 1, '\\mu_j': 2, 'P(x=1)': 0.25 }, lhs: Number.POSITIVE_INFINITY, rhs: 1.5e-7 } }),
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
  it('escapes every TeX special and replaces non-ASCII', () => {
    expect(escapeLatexText('a_b & 50% #1 $x$ {y} ^~\\ θ')).toBe(
      'a\\_b \\& 50\\% \\#1 \\$x\\$ \\{y\\} \\textasciicircum{}\\textasciitilde{}\\textbackslash{} ?');
  });
});
