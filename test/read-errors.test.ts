/**
 * The document reader on bad input: every error is an InputError naming line and column,
 * never a crash, hang or stack overflow. Includes fast-check fuzzing of garbage and of
 * mutated fixtures, and size/nesting extremes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../src/diagnostic.js';
import { readDocument } from '../src/document/document.js';
import { fixture } from './read-helpers.js';

const errorOf = (path: string, text: string): InputError => {
  try {
    readDocument(path, text);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
};

/** Reads and accepts only success or an InputError with a sane position. */
function readsCleanly(path: string, text: string): void {
  try {
    readDocument(path, text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.pos.line).toBeGreaterThanOrEqual(1);
    expect(e.pos.column).toBeGreaterThanOrEqual(1);
  }
}

describe('errors name what was expected and where', () => {
  it('rejects binary files: a NUL byte, or many invalid UTF-8 sequences', () => {
    const nul = errorOf('a.tex', 'abc\ndef\0ghi');
    expect(nul.message).toMatch(/^binary file/);
    expect(nul.pos).toEqual({ line: 2, column: 4 });
    const garbage = Buffer.from([0x5c, 0x5b, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0x81, 0x61]).toString('utf8');
    expect(errorOf('a.tex', garbage).message).toMatch(/^binary file/);
    expect(() => readDocument('a.tex', 'caf\uFFFD is fine once, in a long enough sentence of ordinary text.')).not.toThrow();
  });

  it('says which brace opened where and was never closed', () => {
    const e = errorOf('a.tex', 'Intro\n\\begin{align*}\na &= \\frac{b}{c \\\\\n&= d\n\\end{align*}');
    expect(e.message).toBe('unbalanced braces: "{" opened at 3:14 is never closed (expected "}" before the end of this align*)');
    expect(e.pos).toEqual({ line: 3, column: 14 });
  });

  it('points at a closing brace without an opener', () => {
    const e = errorOf('a.tex', '\\[ a = b} \\]');
    expect(e.message).toMatch(/"}" at 1:9 has no matching "{"/);
    expect(e.pos).toEqual({ line: 1, column: 9 });
  });

  it('reports \\begin{align} without \\end{align} at the \\begin', () => {
    const e = errorOf('a.tex', 'x\n  \\begin{align}\n a &= b\n');
    expect(e.message).toMatch(/\\begin\{align\} opened at 2:3 is never closed: expected \\end\{align\}/);
    expect(e.pos).toEqual({ line: 2, column: 3 });
  });

  it('reports unclosed \\[ and $$ (also in Markdown)', () => {
    expect(errorOf('a.tex', 'a\n\\[ x = 1').pos).toEqual({ line: 2, column: 1 });
    expect(errorOf('a.md', 'text\n\n$$ x = 1\n\nmore').message).toMatch(/\$\$ opened at 3:1 is never closed/);
  });

  it('reports a mismatched inner environment', () => {
    const e = errorOf('a.tex', '\\begin{equation}\n\\begin{aligned} a &= b \\end{align}\n\\end{equation}');
    expect(e.message).toMatch(/expected \\end\{aligned\} \(for \\begin\{aligned\} at 2:1\), found \\end\{align\}/);
    expect(e.pos).toEqual({ line: 2, column: 24 });
  });

  it('skips an empty alignment, as an empty \\[ \\], and reads the other displays', () => {
    for (const env of ['align', 'align*', 'gather', 'gather*', 'eqnarray']) {
      const doc = readDocument('a.tex', `\\[ (a+b)^2 = a^2 + 2ab + b^2 \\]\n\\begin{${env}}\\end{${env}}\n\\[ x = x \\]`);
      expect(doc.derivations.map((d) => d.head.latex)).toEqual(['(a+b)^2', 'x']);
      expect(doc.problems).toEqual([]);
    }
    expect(readDocument('a.tex', '\\begin{align*} \\\\ % nothing\n \\end{align*}\n\\[ a = b \\]').derivations).toHaveLength(1);
    expect(readDocument('a.tex', '\\begin{equation}\\begin{aligned}\\end{aligned}\\end{equation}').derivations).toEqual([]);
  });

  it('is not fooled by \\end{align} inside a comment', () => {
    const doc = readDocument('a.tex', '\\begin{align}\na &= b % not the \\end{align} yet\n\\\\ &= c\n\\end{align}');
    expect(doc.derivations[0]!.links).toHaveLength(2);
  });
});

describe('extremes are handled without recursion or quadratic work', () => {
  it('reads 100,000 nested braces without a stack overflow', () => {
    const deep = `\\[ a = ${'{'.repeat(100_000)}x${'}'.repeat(100_000)} \\]`;
    expect(readDocument('deep.tex', deep).derivations[0]!.links[0]!.rhs.latex.length).toBe(200_001);
    expect(errorOf('deep.tex', `\\[ a = ${'{'.repeat(100_000)} \\]`).message).toMatch(/never closed/);
  });

  it('reads a 10 MB file', () => {
    const block = '\\begin{align*}\na &= b + c \\\\\n&= c + b && \\text{(by commutativity)}\n\\end{align*}\nSome prose with $x$ inline.\n';
    const big = block.repeat(Math.ceil(10_000_000 / block.length));
    const doc = readDocument('big.tex', big);
    expect(doc.derivations.length).toBe(Math.ceil(10_000_000 / block.length));
  });

  // Timing bounds here only catch quadratic blow-ups (minutes); the speed target is the bench's.
  it('reads a 1 MB file in linear time', () => {
    const text = fixture('careful.tex').replace(/\\end\{document\}/, '');
    const big = text.repeat(Math.ceil(1_000_000 / text.length));
    readDocument('warm.tex', big);
    const started = performance.now();
    const doc = readDocument('big.tex', big);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(doc.derivations.length).toBeGreaterThan(1000);
  });

  it('stays linear on long rows, many continuation rows and many comments', () => {
    const started = performance.now();
    const commas = `\\[ a = ${Array.from({ length: 50_000 }, (_, k) => `x_{${k}}`).join(', ')} = b \\]`;
    expect(readDocument('commas.tex', commas).derivations.length).toBeGreaterThan(0);
    const rows = `\\begin{align*}\na &= b \\\\\n${'&\\quad + c \\\\ % by: sum\n'.repeat(20_000)}\\end{align*}`;
    const [long] = readDocument('rows.tex', rows).derivations;
    expect(long!.links[0]!.rhs.latex.length).toBeGreaterThan(20_000 * 3);
    const inline = `$${'a + '.repeat(100_000)}b$ text`;
    expect(readDocument('inline.md', inline).derivations).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reads a 1 MB Markdown paragraph of unmatched dollars quickly', () => {
    const started = performance.now();
    readDocument('dollars.md', '$a '.repeat(350_000));
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('fuzzing: nothing but InputError ever escapes', () => {
  const pieces = ['\\begin{align*}', '\\end{align*}', '\\[', '\\]', '$$', '$', '&', '&&', '\\\\', '{', '}', '=', '\\leq', ':=',
    '\\text{by x}', '\\tag{', '% by: a', '% assume: x,', '\n', ' ', 'x', '\\newcommand{\\a}[1]{#1#1}', '\\a', '\\def\\b{\\b}', '\\b',
    '\\left(', '\\right)', '\\underbrace{', '}_{', '\\label{', '\\begin{aligned}', '\\end{aligned}', '```', '`', '<!--', '-->',
    '\\\\\\\\', '\\_', '\\%', '%', '\\because', '\\overset{a}{=}', '\\text{where }', ',', '\\sim', '\uFFFD', 'é', '≤'];

  it('survives random sequences of LaTeX fragments (.tex and .md)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.boolean(), (parts, markdown) => {
      readsCleanly(markdown ? 'f.md' : 'f.tex', parts.join(''));
    }), { numRuns: 1500, seed: 20261125 });
  });

  it('survives random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
      readsCleanly('f.tex', text);
      readsCleanly('f.md', text);
    }), { numRuns: 1000, seed: 20261125 });
  });

  it('survives random mutations of the fixtures', () => {
    const sources = ['careful.tex', 'styles.tex', 'justified.tex', 'macros.tex', 'sloppy.md'].map((name) => [name, fixture(name)] as const);
    const mutation = fc.record({
      source: fc.integer({ min: 0, max: sources.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: fc.constantFrom(...pieces, '') }), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(fc.property(mutation, ({ source, edits }) => {
      const [name, original] = sources[source]!;
      let text = original;
      for (const edit of edits) {
        const at = edit.at % (text.length + 1);
        text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
      }
      const started = performance.now();
      readsCleanly(name, text);
      expect(performance.now() - started).toBeLessThan(2000);
    }), { numRuns: 1500, seed: 20261125 });
  });
});

describe('found by the fuzz run', () => {
  it('a row scan that meets a backslash as the last character is read, not crashed on', () => {
    // the shrunk mutation of sloppy.md the fuzz property found: a `\\` pasted in, an unclosed align*
    let text = fixture('sloppy.md');
    for (const e of [{ at: 2146435057, cut: 1, insert: '\\\\' }, { at: 0, cut: 0, insert: '\\begin{align*}' }]) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
    }
    expect(() => readsCleanly('sloppy.md', text)).not.toThrow();
  });
});
