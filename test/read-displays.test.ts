/**
 * The document reader on LaTeX displays: which displays are derivations, how rows and
 * relations split into chains, and the exact file position of every relation.
 */
import { describe, expect, it } from 'vitest';
import { readDocument } from '../src/document/document.js';
import { at, chain, fixture, readFixture, unmappedOffsets } from './read-helpers.js';

const styles = fixture('styles.tex');
const doc = readFixture('styles.tex');
const byName = (name: string) => {
  const found = doc.derivations.find((d) => d.name === name);
  if (!found) throw new Error(`no derivation ${name}; have ${doc.derivations.map((d) => d.name).join(', ')}`);
  return found;
};

describe('displays and environments', () => {
  it('finds every display with a relation and skips the lone formula', () => {
    // the alignment with ⇔ and ⇒ reads as statements joined by them: several derivations from one display
    expect(doc.derivations.map((d) => d.env)).toEqual([
      'align*', 'eqnarray', 'align', 'gather*', 'gather*', '\\[', '$$', 'align*', 'align*', 'aligned',
      'align*', 'align*', 'align*', 'align*', 'align*', 'align*', 'align*', 'equation',
    ]);
    expect(doc.derivations.some((d) => d.head.latex.includes('x^2 + y^2'))).toBe(false);
  });

  it('reads a whole alignment on one physical line', () => {
    const d = byName('styles-1');
    expect(chain(d)).toEqual(['a', '=', 'b + c', '=', 'c + b', '>=', 'b']);
    expect(d.links.map((l) => l.pos)).toEqual([at(styles, '&= b', 1, 1), at(styles, '&= c + b', 1, 1), at(styles, '&\\geq b', 1, 1)]);
    expect(d.pos).toEqual({ line: 1, column: 1 });
  });

  it('reads eqnarray rows with &=& columns', () => {
    const d = byName('styles-2');
    expect(chain(d)).toEqual(['x', '=', 'y + 1', '=', '1 + y']);
    expect(d.links.map((l) => l.pos)).toEqual([{ line: 3, column: 4 }, { line: 4, column: 4 }]);
  });

  it('reads =& alignment', () => {
    const d = byName('styles-3');
    expect(chain(d)).toEqual(['f(x)', '=', '(x+1)^2', '=', 'x^2 + 2x + 1']);
    expect(d.links[1]!.pos).toEqual(at(styles, '=& x^2'));
  });

  it('treats gather* rows with their own left side as separate chains', () => {
    expect(chain(byName('styles-4'))).toEqual(['u', '=', 'v']);
    expect(chain(byName('styles-5'))).toEqual(['w', '<=', 'z']);
  });

  it('continues an expression on a row starting with an operator (\\[ … \\])', () => {
    expect(chain(byName('styles-6'))).toEqual(['s', '=', 't + r + q']);
  });

  it('reads $$ … $$ in a .tex file', () => {
    expect(chain(byName('styles-7'))).toEqual(['m', '=', 'n']);
    expect(byName('styles-7').links[0]!.pos).toEqual(at(styles, '$$ m =', 1, 5));
  });

  it('continues rows starting with &\\quad +, & - and keeps a later relation on such a row', () => {
    const d = byName('styles-8');
    expect(chain(d)).toEqual(['p', '=', 'q + r + t - k', '=', 'w']);
    expect(d.links[1]!.pos).toEqual(at(styles, '= w'));
  });

  it('takes the next row as the right side of a relation that ends a line', () => {
    const d = byName('styles-9');
    expect(chain(d)).toEqual(['g', '=', 'h + 1', '=', 'i']);
    expect(d.links.map((l) => l.pos)).toEqual([at(styles, 'g =', 1, 2), at(styles, 'h + 1 =', 1, 6)]);
  });

  it('unwraps aligned inside equation and reads several relations on one row', () => {
    const d = byName('styles-10');
    expect(d.env).toBe('aligned');
    expect(chain(d)).toEqual(['\\ell(\\theta)', 'propto', '\\sum_i \\log p(x_i)', '>=', '-\\log 1', '=', '0']);
    expect(d.links.map((l) => l.pos)).toEqual([at(styles, '&\\propto', 1, 1), at(styles, '&\\geq -', 1, 1), at(styles, '1 = 0', 1, 2)]);
  });

  it('knows every relation spelling, Unicode ≤ ≥ included, and leaves \\neq in the text', () => {
    // one alignment; ⇔ and ⇒ join statements, so it reads as several chains in a row
    const links = ['styles-11', 'styles-12', 'styles-13', 'styles-14', 'styles-15', 'styles-16', 'styles-17'].flatMap((n) => byName(n).links);
    expect(links.map((l) => l.relation)).toEqual([
      '<', '<=', '>=', '>', '<=', '>=', 'iff', 'implies', 'implies', 'implies', 'iff', ':=', ':=',
    ]);
    expect(byName('styles-12').head.latex).toBe('g \\approx h');   // ≈ is read, inside the statement before ⇔
    expect(links[links.length - 1]!.rhs.latex).toBe('r \\neq s');
    expect(links[4]!.pos).toEqual(at(styles, '≤'));
    expect(links[5]!.pos).toEqual(at(styles, '≥'));
    expect(links[12]!.pos).toEqual(at(styles, ':= r', 1, 0));
  });

  it('never splits inside braces, \\{ \\}, \\left…\\right, \\text, scripts, ( ) or [ ]', () => {
    const d = byName('styles-18');
    expect(chain(d)).toEqual([
      '\\{x : x = 1\\}', '=', '\\left\\{ y = 2 \\right\\}', '=', '\\text{a = b}', '=', 'f_{i=1}^{j=2}',
      '=', '(u = v)', '=', '[w = z]', '=', '\\frac{a = b}{c}',
    ]);
  });

  it('maps every character of every expression back to the same character in the file', () => {
    for (const d of doc.derivations) {
      for (const math of [d.head, ...d.links.map((l) => l.rhs)]) expect(unmappedOffsets(styles, math)).toEqual([]);
    }
  });
});

describe('a careful student\'s align*', () => {
  const text = fixture('careful.tex');
  const careful = readFixture('careful.tex');

  it('reads the chains with names from % derivation:, \\label and the file name', () => {
    expect(careful.derivations.map((d) => d.name)).toEqual(['kl-nonneg', 'eq:kl-cross', 'careful-3']);
    const [nonneg] = careful.derivations;
    expect(chain(nonneg!)).toEqual([
      '-D_{KL}(P\\|Q)', '=', '\\sum_x P(x) \\log \\frac{Q(x)}{P(x)}', '<=', '\\log \\sum_x P(x) \\frac{Q(x)}{P(x)}',
      '=', '\\log \\sum_x Q(x)', '=', '0',
    ]);
    expect(nonneg!.links.map((l) => l.pos.line)).toEqual([10, 11, 12, 13]);
    expect(nonneg!.links.every((l) => l.pos.column === 15)).toBe(true);
  });

  it('reports positions in the original file even after macro expansion', () => {
    const [, cross, third] = careful.derivations;
    expect(cross!.links[0]!.pos).toEqual(at(text, '&= \\sum_x P(x) \\log P(x)', 1, 1));
    expect(third!.links[0]!.pos).toEqual(at(text, '= \\argmin'));
    expect(third!.head.latex).toBe('\\operatorname*{arg\\,min}_\\theta D_{KL}(\\hat P \\| P_\\theta)');
  });

  it('maps characters of the file kept as written back to themselves', () => {
    const [nonneg] = careful.derivations;
    for (const link of nonneg!.links) expect(unmappedOffsets(text, link.rhs)).toEqual([]);
  });
});

describe('rows and chains', () => {
  const read = (text: string) => readDocument('x.tex', text).derivations;

  it('starts a new chain when a row has its own left side', () => {
    const ds = read('\\begin{align}\na &= b \\\\\nc &= d \\\\\n&= e\n\\end{align}');
    expect(ds.map(chain)).toEqual([['a', '=', 'b'], ['c', '=', 'd', '=', 'e']]);
    expect(ds.map((d) => d.name)).toEqual(['x-1', 'x-2']);
  });

  it('lets a first row without & open the alignment', () => {
    expect(read('\\begin{align*}\na = b \\\\\n&= c\n\\end{align*}').map(chain)).toEqual([['a', '=', 'b', '=', 'c']]);
  });

  it('continues a multi-row left side that has no relation yet', () => {
    expect(read('\\begin{align*}\n\\sum_i x_i \\\\\n+ y &= z\n\\end{align*}').map(chain)).toEqual([['\\sum_i x_i + y', '=', 'z']]);
  });

  it('splits side-by-side statements at a top-level comma', () => {
    expect(read('\\[ a = b, \\quad c = d \\]').map(chain)).toEqual([['a', '=', 'b'], ['c', '=', 'd']]);
    expect(read('\\[ f(a, b) = g(b, a) \\]').map(chain)).toEqual([['f(a, b)', '=', 'g(b, a)']]);
  });

  it('reads equations side by side in align columns, each continued in its own column (they were one product and refuted)', () => {
    const text = '\\begin{align}\nu &= (a+b)^2 & v &= (a-b)^2 \\\\\n  &= a^2 + 2ab + b^2 & &= a^2 - 2ab + b^2\n\\end{align}';
    const ds = read(text);
    // read row by row, left to right (a row may use what another column defined above it)
    expect(ds.map(chain)).toEqual([['u', '=', '(a+b)^2'], ['v', '=', '(a-b)^2'], ['(a+b)^2', '=', 'a^2 + 2ab + b^2'], ['(a-b)^2', '=', 'a^2 - 2ab + b^2']]);
    expect([ds[1]!, ds[3]!].map((d) => d.links[0]!.pos)).toEqual([at(text, '&= (a-b)', 1, 1), at(text, '&= a^2 - 2ab', 1, 1)]);
    // three columns in an aligned; a justification column and an arrow stay with the equation before them
    expect(read('\\[\\begin{aligned} x &= 1 & y &= 2 & z &= 3 \\end{aligned}\\]').map(chain)).toEqual([['x', '=', '1'], ['y', '=', '2'], ['z', '=', '3']]);
    expect(read('\\begin{align*}\na &= b && \\text{by (2)} \\\\\n&= c && \\text{since } c = b\n\\end{align*}').map(chain)).toEqual([['a', '=', 'b', '=', 'c']]);
    expect(read('\\begin{align*}\n2a &= 4 & \\Rightarrow a &= 2\n\\end{align*}').map(chain)).toEqual([['2a = 4', 'implies', 'a = 2']]);
    // eqnarray's & are plain column marks
    expect(read('\\begin{eqnarray}\na &=& b \\\\\n&=& c\n\\end{eqnarray}').map(chain)).toEqual([['a', '=', 'b', '=', 'c']]);
  });

  it('reads iff/implies words written in \\text between statements', () => {
    // the words join two statements: one step between them, not steps inside them
    expect(read('\\[ D = 0 \\quad \\text{if and only if} \\quad P = Q. \\]').map(chain)).toEqual([['D = 0', 'iff', 'P = Q']]);
  });

  it('ignores \\not= and keeps inline math and text outside displays out', () => {
    expect(read('Text $a = b$ and \\(c = d\\).\n\\[ a \\not= b \\]')).toEqual([]);
  });

  it('skips row spacing arguments after \\\\ and alignat column counts', () => {
    expect(read('\\begin{alignat*}{2}\na &= b \\\\[2pt]\n&= c\n\\end{alignat*}').map(chain)).toEqual([['a', '=', 'b', '=', 'c']]);
  });

  it('does not split inside nested environments (cases, pmatrix)', () => {
    const ds = read('\\begin{align*}\nf(x) &= \\begin{cases} 1 & x = 0 \\\\ 2 & x > 0 \\end{cases} \\\\\n&= g(x)\n\\end{align*}');
    expect(ds.map((d) => d.links.map((l) => l.relation))).toEqual([['=', '=']]);
  });

  it('reports a step that starts with a relation with nothing before it', () => {
    const d = readDocument('x.tex', '\\begin{align*}\n&= b\n\\end{align*}');
    expect(d.derivations).toEqual([]);
    expect(d.problems).toEqual([{ message: expect.stringContaining('no expression comes before it') as unknown as string, pos: { line: 2, column: 2 } }]);
  });

  it('keeps Unicode symbols other than ≤ ≥ in the text', () => {
    expect(read('\\[ θ ≠ φ = ∥x∥ ≤ 1 \\]').map(chain)).toEqual([['θ ≠ φ', '=', '∥x∥', '<=', '1']]);
  });

  it('counts lines and columns the same in CRLF files and after a byte-order mark', () => {
    const crlf = readDocument('x.tex', '% note\r\n\\begin{align*}\r\na &= b \\\\\r\n  &= c\r\n\\end{align*}\r\n').derivations[0]!;
    expect(crlf.links.map((l) => l.pos)).toEqual([{ line: 3, column: 4 }, { line: 4, column: 4 }]);
    expect(crlf.links[0]!.rhs.latex).toBe('b');
    const bom = readDocument('x.tex', '\uFEFF\\[ a = b \\]').derivations[0]!;
    expect(bom.links[0]!.pos).toEqual({ line: 1, column: 6 });
  });
});

describe('an equation whose aligned carries the equation\'s number', () => {
  it('is read: \\tag, \\tag*, \\label and \\notag beside the aligned leave its rows steps (it was "no derivations found")', () => {
    for (const marks of ['\\tag{A.1}', '\\label{eq:x}\\tag*{(3)}', '\\notag']) {
      for (const text of [`\\begin{equation}\n\\begin{aligned}\na+b &= b+a \\\\\n&= c\n\\end{aligned}\n${marks}\n\\end{equation}\n`,
        `\\begin{equation}${marks}\n\\begin{aligned}\na+b &= b+a \\\\\n&= c\n\\end{aligned}\n\\end{equation}\n`]) {
        const read = readDocument('tag.tex', text);
        expect(read.derivations.map(chain), text).toEqual([['a+b', '=', 'b+a', '=', 'c']]);
      }
    }
  });
  it('relations inside an environment deriva cannot read as steps are a read problem, never silently skipped', () => {
    // (a gather that fills the equation is read, as MathJax writers put align in $$; with more beside it, it is not)
    const read = readDocument('gather.tex', '\\begin{equation}\n\\begin{gather}\na + b = a - b\n\\end{gather},\n\\end{equation}\n');
    expect(read.derivations).toEqual([]);
    expect(read.problems.map((p) => p.message)).toEqual([expect.stringContaining('holds relations inside \\begin{gather}')]);
    // a matrix standing alone is a formula, not hidden steps
    expect(readDocument('matrix.tex', '\\[ \\begin{pmatrix} 1 & 2 \\end{pmatrix} \\]\n').problems).toEqual([]);
  });
});

describe('a chain that "therefore" continues', () => {
  it('keeps the relation before \\therefore a step (… = -\\log 1 = 0 \\therefore … lost its last step); before ⇒ it stays the condition', () => {
    const therefore = readDocument('t.md', '$$a = -\\log 1 = 0 \\quad \\therefore b \\le c$$\n').derivations.map(chain);
    expect(therefore).toContainEqual(['a', '=', '-\\log 1', '=', '0']);
    const condition = readDocument('s.md', '$$g = 2\\mu - 4 = 0 \\implies \\mu = 2$$\n').derivations.map(chain);
    expect(condition).toContainEqual(['g', '=', '2\\mu - 4']);
    expect(condition).not.toContainEqual(['g', '=', '2\\mu - 4', '=', '0']);
  });
});

describe('a conditional law written with \\vert', () => {
  it('reads as with \\mid: its commas list conditions, and its = belongs to the condition', () => {
    const laws = (bar: string) => readDocument('m.tex', [
      '\\begin{align*}',
      `x ${bar} z = j &\\sim \\mathcal N(\\mu_j, \\sigma^2) \\\\`,
      `\\mathbf y_{t-1} ${bar} \\mathbf y_t, \\mathbf y_0 &\\sim \\mathcal N(0, \\mathbf I)`,
      '\\end{align*}',
      `With $u ${bar} v, w \\sim \\mathcal N(0, 1)$ we go on.`,
    ].join('\n'));
    for (const bar of ['\\mid', '|', '\\vert']) {
      const doc = laws(bar);
      const plain = (latex: string): string => latex.replaceAll(bar, '|').replace(/\s+/g, ' ').trim();
      expect(doc.derivations, bar).toEqual([]);
      // `\mathbf y_0 \sim \mathcal N(0, \mathbf I)` alone would be a law the writer never stated
      expect(doc.assumptions.map((a) => plain(a.text.latex)), bar).toEqual([
        'x | z = j \\sim \\mathcal N(\\mu_j, \\sigma^2)', '\\mathbf y_{t-1} | \\mathbf y_t, \\mathbf y_0 \\sim \\mathcal N(0, \\mathbf I)',
      ]);
      expect(doc.prose.map((p) => plain(p.text.latex)), bar).toEqual(['u | v, w \\sim \\mathcal N(0, 1)']);
    }
  });
});
