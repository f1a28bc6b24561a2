/**
 * The document reader on Markdown: `$$` blocks (multi-line, one-line, continued), escaped
 * LaTeX (`\\\\`, `\_`), inline chains joined by connectives, code fences and spans, HTML
 * comment directives and `% assume:` lines, and positions in the original `.md` file. Also the
 * seed homework.
 */
import { describe, expect, it } from 'vitest';
import { readDocument } from '../src/document/document.js';
import { at, chain, fixture, positionOf, readFixture } from './read-helpers.js';

describe('a sloppy Markdown note', () => {
  const text = fixture('sloppy.md');
  const doc = readFixture('sloppy.md');

  it('reads the $$ blocks, skipping code fences and inline code', () => {
    expect(doc.derivations.map((d) => d.env)).toEqual(['aligned', '$$', '$$', '$']);
    expect(doc.derivations.some((d) => chain(d).join(' ').includes('code'))).toBe(false);
  });

  it('undoes \\\\\\\\ row breaks and \\_ subscripts, keeping positions in the .md file', () => {
    const [kl] = doc.derivations;
    expect(chain(kl!)).toEqual(['D_{KL}(P\\|Q)', '=', '\\sum_x P(x) \\log P(x) - \\sum_x P(x)\\log Q(x)', '=', 'H(P,Q) - H(P)']);
    expect(kl!.links.map((l) => l.pos)).toEqual([at(text, '&= \\sum', 1, 1), at(text, '&= H(P,Q)', 1, 1)]);
    const subscript = kl!.head.latex.indexOf('_');
    expect(positionOf(kl!.head, subscript)).toEqual(at(text, 'D\\_{KL}', 1, 2));
  });

  it('continues a chain in a following $$ block that starts with a relation, and keeps other blocks apart', () => {
    const [, continued, separate] = doc.derivations;
    expect(chain(continued!)).toEqual(['a', '=', 'b + c', '=', 'c + b']);
    expect(continued!.links[1]!.pos).toEqual(at(text, '$$ = c + b', 1, 3));
    expect(chain(separate!)).toEqual(['z', '=', '1']);
  });

  it('joins inline $…$ pieces only when a connective links them', () => {
    const inline = doc.derivations[3]!;
    // one step from the condition to its solution
    expect(chain(inline)).toEqual(['\\nabla_\\mu \\ell = 0', 'implies', '\\mu = \\bar x']);
    expect(inline.links[0]!.pos).toEqual(at(text, '\\implies'));
  });

  it('reads assumptions from HTML comments', () => {
    expect(doc.assumptions.map((a) => [a.text.latex, a.pos])).toEqual([['n \\geq 1', at(text, 'n \\geq 1')]]);
  });
});

describe('Markdown variants', () => {
  const md = (text: string) => readDocument('note.md', text);

  it('reads inline pieces joined by \\therefore or ⇒ in the prose of one paragraph only', () => {
    expect(md('We get $a = b$ \\therefore $b = a$.').derivations.map(chain)).toEqual([['a = b', 'implies', 'b = a']]);
    expect(md('So $x = 1$ ⇒ $y = 2$').derivations.map(chain)).toEqual([['x = 1', 'implies', 'y = 2']]);
    expect(md('Take $a = b$.\n\n$\\therefore b = a$').derivations).toEqual([]);
    expect(md('Since $a = b$ and $c = d$ we are done, $P(x) > 0$.').derivations).toEqual([]);
  });

  it('never reads a price or a lone dollar as math', () => {
    expect(md('It costs $5 and $10 = a lot.').derivations).toEqual([]);
  });

  it('reads one-line blocks, blocks with \\begin{aligned}, and doubled backslashes everywhere', () => {
    const doc = md('$$ x = 1 $$\n$$\\\\begin{aligned} a &= \\\\frac{1}{2} \\\\\\\\ &= 0.5 \\\\end{aligned}$$');
    expect(doc.derivations.map(chain)).toEqual([['x', '=', '1'], ['a', '=', '\\frac{1}{2}', '=', '0.5']]);
  });

  it('keeps single-backslash files as they are, even with a row break before a command', () => {
    const doc = md('$$\na &= \\frac{1}{2} \\\\\\frac{2}{4} &= 0.5\n$$');
    expect(doc.derivations.map(chain)).toEqual([['a', '=', '\\frac{1}{2}'], ['\\frac{2}{4}', '=', '0.5']]);
  });

  it('treats \\* as * and reads % comments inside $$ math', () => {
    const doc = md('$$\na \\* b = c % by: commutativity\n$$');
    expect(doc.derivations.map(chain)).toEqual([['a * b', '=', 'c']]);
    expect(doc.derivations[0]!.links[0]!.justification?.text).toBe('commutativity');
  });

  it('reads % assume:, % context:, % wrt: on a line of their own in the prose, as their <!-- --> form', () => {
    const text = 'Take\n% assume: a > 0, b > 0\n   % wrt: \\theta\n% context: model.tex\n\n$$\\sqrt{a^2 b^2} = ab$$\n';
    const doc = md(text);
    expect(doc.assumptions.map((a) => [a.text.latex, a.pos])).toEqual([['a > 0', at(text, 'a > 0')], ['b > 0', at(text, 'b > 0')]]);
    expect(doc.derivations[0]!.wrt).toEqual(['\\theta']);
    expect(doc.contexts.map((c) => c.spec)).toEqual(['model.tex']);
    expect(md('% assume: x > 0\n$$x = x$$').assumptions.map((a) => a.text.latex)).toEqual(['x > 0']);
    expect(md('a hard break\\\n% assume: x > 0\n').assumptions.map((a) => a.text.latex)).toEqual(['x > 0']);
  });

  it('leaves a % that is no directive line alone: mid-line, in prose, in code, indented as code', () => {
    for (const text of [
      'Growth was 5 % assume: a > 0 here.\n',
      '% of the data, assume: a > 0\n',
      '```\n% assume: a > 0\n```\n',
      '    % assume: a > 0\n',
      '<!--\n% assume: a > 0\n-->\n',
    ]) expect(md(`${text}\n$$a = a$$\n`).assumptions).toEqual([]);
    const prose = md('% of the data we use $x = 1$ here.\n\n$$x = 1$$\n');
    expect(prose.derivations.map(chain)).toEqual([['x', '=', '1']]);
  });

  it('reads macros defined inside a $$ block for later blocks', () => {
    const doc = md('$$\\newcommand{\\KL}{D_{KL}}$$\n\n$$\\KL(P\\|Q) \\geq 0$$');
    expect(doc.derivations.map(chain)).toEqual([['D_{KL}(P\\|Q)', '>=', '0']]);
    expect(doc.derivations[0]!.links[0]!.pos).toEqual({ line: 3, column: 13 });
  });
});

describe('the seed homework', () => {
  const text = fixture('seed-homework3.md');
  const doc = readDocument('homework3.md', text);
  const find = (head: string) => doc.derivations.find((d) => d.head.latex.startsWith(head));

  it('reads every display derivation and no inline formula', () => {
    expect(doc.derivations).toHaveLength(28);
    expect(doc.derivations.every((d) => d.env !== '$')).toBe(true);
  });

  it('splits the two-row semi-supervised objective into two chains', () => {
    expect(chain(find('\\ell_{\\text{sup}}')!)).toEqual(['\\ell_{\\text{sup}}(\\theta)', '=', '\\sum_{i=1}^{\\tilde{n}} \\log p(\\tilde{x}^{(i)}, \\tilde{z}^{(i)}; \\theta)']);
    expect(chain(find('\\ell_{\\text{semi-sup}}')!)).toEqual(['\\ell_{\\text{semi-sup}}(\\theta)', '=', '\\ell_{\\text{unsup}}(\\theta) + \\alpha \\ell_{\\text{sup}}(\\theta)']);
  });

  it('reads the ELBO split with its underbraces removed and the continuation row joined', () => {
    const elbo = find('ELBO')!;
    expect(elbo.links).toHaveLength(1);
    expect(elbo.links[0]!.rhs.latex).not.toMatch(/underbrace|matching term|reconstruction/);
    expect(elbo.links[0]!.rhs.latex).toMatch(/- \\sum_\{t=2\}\^T/);
    expect(elbo.links[0]!.pos).toEqual(at(text, 'ELBO &=', 1, 6));
  });

  it('reads := definitions of the E and M steps and the forward process with its noise assumption', () => {
    expect(find('Q_i^{(t)}')!.links.map((l) => l.relation)).toEqual([':=']);
    expect(find('\\theta^{(t+1)}')!.links.map((l) => l.relation)).toEqual([':=']);
    expect(doc.assumptions.map((a) => a.text.latex)).toEqual(['\\boldsymbol{\\epsilon} \\sim \\mathcal{N}(\\boldsymbol{\\epsilon}; \\mathbf{0}, \\mathbf{I})']);
  });

  it('reads the hint whose rows have no & at all', () => {
    const hint = find('D_{\\text{KL}}(\\mathcal{N}')!;
    expect(hint.links.map((l) => l.relation)).toEqual(['=']);
    expect(hint.links[0]!.rhs.latex.startsWith('\\frac{1}{2} \\left[')).toBe(true);
  });
});
