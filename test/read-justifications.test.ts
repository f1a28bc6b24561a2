/**
 * The document reader on what surrounds the math: justifications of every form, decoration,
 * `\text{where}` clauses, `% assume:` / `% wrt:` / `% derivation:` comments and names.
 */
import { describe, expect, it } from 'vitest';
import { readDocument } from '../src/document/document.js';
import { at, chain, fixture, readFixture, unmappedOffsets } from './read-helpers.js';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';

const text = fixture('justified.tex');
const doc = readFixture('justified.tex');
// a display's \text{where} definitions come before its own chain: they hold for the row that states them
const [steps, decorated, alphaDef, alphaZero, diffusion, forward, conditional] = doc.derivations;

describe('justifications', () => {
  it('reads every written form as a rule name, at the place it was written', () => {
    const notes = steps!.links.map((l) => l.justification);
    expect(notes.map((n) => n?.text ?? null)).toEqual([
      'definition', 'log-quotient', "Bayes' rule", 'cross entropy', 'symmetry', 'log-quotient', 'Jensen', null, null, null,
    ]);
    expect(notes[0]!.pos).toEqual(at(text, '\\text{(by definition)}'));
    expect(notes[1]!.pos).toEqual(at(text, '(\\text{log-quotient})'));
    expect(notes[2]!.pos).toEqual(at(text, "\\text{by Bayes' rule}"));
    expect(notes[3]!.pos).toEqual(at(text, '\\tag{cross'));
    expect(notes[4]!.pos).toEqual(at(text, '\\because'));
    expect(notes[5]!.pos).toEqual(at(text, '% by: log-quotient'));
    expect(notes[6]!.pos).toEqual(at(text, '\\overset'));
  });

  it('removes the justification from the math', () => {
    expect(steps!.links.slice(2, 6).map((l) => l.rhs.latex)).toEqual(Array(4).fill('H(P,Q) - H(P)'));
    expect(steps!.links[0]!.rhs.latex).toBe('\\sum_x P(x) \\log \\frac{P(x)}{Q(x)}');
  });

  it('reads relations written with \\overset / \\stackrel, "def" giving :=', () => {
    expect(steps!.links.slice(6, 8).map((l) => [l.relation, l.rhs.latex])).toEqual([['>=', '0'], [':=', 'z']]);
  });

  it('reads prose after && as a justification even when it quotes a relation', () => {
    const doc = readDocument('p.tex', [
      '\\begin{align*}',
      'a &= \\sum_x 1\\{x = y\\} f(x) && \\text{(the indicator picks } x = y) \\\\',
      '  &= f(y) && \\text{(scaling by } 1/n > 0)',
      '\\end{align*}',
    ].join('\n'));
    const links = doc.derivations[0]!.links;
    expect(links.map((l) => l.rhs.latex)).toEqual(['\\sum_x 1\\{x = y\\} f(x)', 'f(y)']);
    expect(links.map((l) => l.justification?.text)).toEqual(['the indicator picks x = y', 'scaling by 1/n > 0']);
  });

  it('keeps "+ \\text{const}" in the math and drops equation numbers', () => {
    expect(steps!.links.slice(8).map((l) => l.rhs.latex)).toEqual(['z + \\text{const}', 'z']);
  });

  it('gives a % by: comment alone on its line to the next row', () => {
    expect(decorated!.links.map((l) => l.justification?.text ?? null)).toEqual([null, 'marginalisation', null]);
  });

  it('keeps a trailing sentence-like note as the justification text', () => {
    const seed = readDocument('hw.md', fixture('seed-homework3.md'));
    const bits = seed.derivations.find((d) => d.links.some((l) => l.justification));
    expect(bits!.links.map((l) => l.justification?.text ?? null)).toEqual([null, null, 'difference in average number of bits']);
    expect(bits!.links[2]!.rhs.latex).toBe('H(P, Q) - H(P)');
  });

  it('reads justifications given in several styles on short rows', () => {
    const rows = (row: string) => readDocument('x.tex', `\\begin{align*}a &= b \\\\ &= c ${row}\\end{align*}`).derivations[0]!.links[1]!;
    expect(rows('\\qquad [\\text{chain rule}]').justification?.text).toBe('chain rule');
    expect(rows('&& \\text{using the chain rule.}').justification?.text).toBe('the chain rule');
    expect(rows('\\text{(by Jensen\'s inequality)}').justification?.text).toBe("Jensen's inequality");
    expect(rows('\\tag*{by: Bayes}').justification?.text).toBe('Bayes');
    expect(rows('&& (1)').justification).toBeNull();
    expect(rows('+ \\text{const}').justification).toBeNull();
    expect(rows('+ \\text{const}').rhs.latex).toBe('c + \\text{const}');
  });
});

describe('decoration', () => {
  it('keeps X of \\underbrace{X}_{…} and \\overbrace{X}^{…}, drops \\nonumber and \\notag, with positions', () => {
    expect(chain(decorated!)).toEqual(['p(x)', '=', '\\int p(x, z) \\, dz', '=', '{\\int p(x|z) p(z) \\, dz}', '=', '{a + b}']);
    for (const link of decorated!.links) expect(unmappedOffsets(text, link.rhs)).toEqual([]);
  });

  it('uses \\label as the name and removes it', () => {
    const d = readDocument('x.tex', '\\begin{equation}\\label{eq:one} a = b \\end{equation}').derivations[0]!;
    expect([d.name, ...chain(d)]).toEqual(['eq:one', 'a', '=', 'b']);
  });
});

describe('definitions and assumptions', () => {
  it('turns \\text{where} definitions into := chains before the display\'s own chain', () => {
    expect(chain(diffusion!)).toEqual(['\\bar\\alpha_t', '=', '\\prod_{s=1}^t \\alpha_s']);
    expect(chain(alphaDef!)).toEqual(['\\alpha_t', ':=', '1-\\beta_t']);
    expect(chain(alphaZero!)).toEqual(['\\bar\\alpha_0', ':=', '1']);
    expect(alphaDef!.links[0]!.pos).toEqual(at(text, ':= 1-\\beta_t'));
  });

  it('reads % assume: items, where/with \\sim items, trailing \\sim clauses and if-conditions as assumptions', () => {
    expect(doc.assumptions.map((a) => a.text.latex)).toEqual([
      '\\Sigma_j \\succ 0', '\\mu_j \\in \\mathbb{R}^d', 'n \\geq 1', '\\epsilon \\sim \\mathcal N(0, I)',
      '\\boldsymbol\\epsilon \\sim \\mathcal N(\\mathbf 0, \\mathbf I)', 'a \\neq 0',
    ]);
    expect(doc.assumptions.map((a) => a.pos)).toEqual([
      at(text, '\\Sigma_j'), at(text, '\\mu_j'), at(text, 'n \\geq'), at(text, '\\epsilon \\sim'),
      at(text, '\\boldsymbol\\epsilon \\sim'), at(text, 'a \\neq'),
    ]);
    expect(chain(forward!)).toEqual(['\\mathbf{x}_t', '=', '\\sqrt{\\bar\\alpha_t}\\mathbf{x}_0 + \\sqrt{1-\\bar\\alpha_t}\\boldsymbol\\epsilon']);
    expect(chain(conditional!)).toEqual(['\\frac{a}{a}', '=', '1']);
  });

  it('applies % wrt: to the next derivation, or to the one it stands in', () => {
    const ds = readDocument('x.tex', [
      '% wrt: \\theta, \\mu_j', '\\[ a = b \\]', '\\[ c = d \\]',
      '\\begin{align*}', '% wrt: \\phi', 'e &= f', '\\end{align*}',
    ].join('\n')).derivations;
    expect(ds.map((d) => d.wrt)).toEqual([['\\theta', '\\mu_j'], [], ['\\phi']]);
  });

  it('names: % derivation: for the next display; several chains of one display get -k suffixes', () => {
    const ds = readDocument('dir/notes.tex', [
      '% derivation: first', '\\[ a = b \\]', '\\[ c = d \\]',
      '\\begin{align}\\label{pair} e &= f \\\\ g &= h \\end{align}',
    ].join('\n')).derivations;
    expect(ds.map((d) => d.name)).toEqual(['first', 'notes-2', 'pair-1', 'pair-2']);
    expect(readDocument('only.tex', '\\[ a = b \\]').derivations[0]!.name).toBe('only');
    const skipped = readDocument('x.tex', '% derivation: kept\n% wrt: \\mu\n\\[ x^2 \\]\n\\[ a = b \\]').derivations;
    expect(skipped.map((d) => [d.name, d.wrt])).toEqual([['kept', ['\\mu']]]);
  });

  it('drops other % comments but keeps \\% as a literal percent', () => {
    const d = readDocument('x.tex', '\\begin{align*}\na &= 50\\% \\cdot b % a remark = 3\n\\end{align*}').derivations[0]!;
    expect(chain(d)).toEqual(['a', '=', '50\\% \\cdot b']);
  });
});

describe('a hypothesis a list of names shares', () => {
  const items = (text: string): string[] => readDocument('x.tex', text).prose.map((p) => p.text.latex);

  it('gives each listed name the order or membership after the last one', () => {
    expect(items('For $a, b > 0$,')).toEqual(['a > 0', 'b > 0']);
    expect(items('Let $s, t \\ge 0$.')).toEqual(['s \\ge 0', 't \\ge 0']);
    expect(items('Let $A, B \\in \\mathbb{R}^{d}$.')).toEqual(['A \\in \\mathbb{R}^{d}', 'B \\in \\mathbb{R}^{d}']);
  });

  it('gives each run of names the relation that ends it, never across another item\'s relation, nor the tail of a chain', () => {
    // x was dropped: only the run before the last item shared
    expect(items('Let $x, y \\in \\mathbb R, z > 0$.')).toEqual(['x \\in \\mathbb R', 'y \\in \\mathbb R', 'z > 0']);
    expect(items('Let $a, 0 < c < 1$.')).toEqual(['0 < c < 1']);
  });

  it('…in % assume: lines too, with a bold mark written without braces (\\mathbf a, \\mathbf b \\in \\mathbb R^d)', () => {
    const assumed = (text: string): string[] => readDocument('x.tex', text).assumptions.map((a) => a.text.latex);
    // "\mathbf a" alone was "assumption not understood"
    expect(assumed('% assume: \\mathbf a, \\mathbf b \\in \\mathbb R^d, n, m \\geq 1\n')).toEqual(['\\mathbf a \\in \\mathbb R^d', '\\mathbf b \\in \\mathbb R^d', 'n \\geq 1', 'm \\geq 1']);
  });
});

describe('a where clause on the row of the step it serves', () => {
  const row = (sep: string) => `\\begin{align*}\n\\sum_{i=1}^{n} x_i &= n \\bar{x} ${sep} \\text{where } \\bar{x} := \\frac{1}{n}\\sum_{i=1}^{n} x_i\n\\end{align*}\n`;
  it('defines before the step is checked, set off by \\quad or by && (it was read after the step, and && made it a rule name)', async () => {
    for (const sep of ['\\quad', '&&']) {
      const report = await checkSource('where.tex', row(sep), DEFAULT_CHECK_OPTIONS);
      const found = report.derivations.flatMap((d) => d.steps);
      expect(found.map((s) => s.verdict), sep).toEqual(['definition', 'proved']);
      expect(found[1]!.message, sep).not.toContain('names no rule');
    }
  });
});

describe('an equation number in a \\tag', () => {
  it('names no rule: \\tag{B.1}, \\tag{A.3.2}, \\tag{2a} (it was "“B.1” names no rule"); a word still does', () => {
    const notes = (tag: string) => readDocument('t.tex', `\\begin{align}\na + b &= b + a \\tag{${tag}}\n\\end{align}\n`).derivations[0]!.links[0]!.justification?.text ?? null;
    for (const tag of ['B.1', 'A.3.2', '2a', 'S4']) expect(notes(tag), tag).toBeNull();
    expect(notes('log-product')).toBe('log-product');
  });
});
