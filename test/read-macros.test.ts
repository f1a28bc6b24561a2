/**
 * The document reader's macros: every definition form, arguments and defaults, preambles
 * passed as options, positions after expansion, and the expansion budget.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/diagnostic.js';
import { readDocument } from '../src/document/document.js';
import { at, chain, fixture, positionOf, readFixture } from './read-helpers.js';

const text = fixture('macros.tex');
const [d] = readFixture('macros.tex').derivations;

describe('macro definitions', () => {
  it('expands \\newcommand with braces or without, \\providecommand only when new', () => {
    expect(d!.head.latex).toBe('D_{KL}(P\\|Q)');
  });

  it('uses the latest \\renewcommand', () => {
    expect(d!.links[0]!.rhs.latex).toBe('\\mathbb{E}\\,_{P}[\\log P - \\log Q]');
  });

  it('substitutes arguments, and optional arguments with their default', () => {
    expect(d!.links[1]!.rhs.latex).toBe('\\left\\|x - y\\right\\|^2');
    expect(d!.links[2]!.rhs.latex).toBe('p_\\theta(x \\mid y) + p_\\theta(z \\mid w)');
  });

  it('expands \\DeclareMathOperator(*), \\DeclarePairedDelimiter (with * and a size) and \\def with parameters', () => {
    expect(d!.links[3]!.rhs.latex).toBe('\\operatorname{tr}(A) + \\left\\lvert b \\right\\rvert + \\left\\lvert c \\right\\rvert + (1, 2)');
  });

  it('reads a relation produced by a macro, placed at the macro call, and leaves unknown commands alone', () => {
    const last = d!.links[4]!;
    expect(last.relation).toBe(':=');
    expect(last.pos).toEqual(at(text, '&\\defeq', 1, 1));
    expect(last.rhs.latex).toBe('\\operatorname*{arg\\,min}_\\theta \\undefinedmacro{q} \\mid r');
  });

  it('maps argument text to where it was written and macro bodies to the call', () => {
    const norm = d!.links[1]!.rhs;
    expect(positionOf(norm, norm.latex.indexOf('x - y'))).toEqual(at(text, 'x - y'));
    expect(positionOf(norm, norm.latex.indexOf('\\right'))).toEqual(at(text, '\\norm{x'));
    const pth = d!.links[2]!.rhs;
    expect(positionOf(pth, pth.latex.indexOf('w'))).toEqual(at(text, '{w}', 1, 1));
  });
});

describe('macros from options and their order', () => {
  it('applies a preamble passed as options.macros, the file\'s own definitions overriding it', () => {
    const preamble = '% my macros\n\\newcommand{\\KL}{\\mathrm{KL}}\n\\newcommand{\\Q}{Q}';
    expect(readDocument('a.tex', '\\[ \\KL = \\Q \\]', { macros: preamble }).derivations.map(chain)).toEqual([['\\mathrm{KL}', '=', 'Q']]);
    const own = '\\renewcommand{\\KL}{D}\n\\[ \\KL = \\Q \\]';
    expect(readDocument('a.tex', own, { macros: preamble }).derivations.map(chain)).toEqual([['D', '=', 'Q']]);
  });

  it('applies a definition only after it is made', () => {
    const doc = readDocument('a.tex', '\\[ \\x = 1 \\]\n\\newcommand{\\x}{y}\n\\[ \\x = 2 \\]');
    expect(doc.derivations.map(chain)).toEqual([['\\x', '=', '1'], ['y', '=', '2']]);
  });

  it('keeps a space between an expanded command word and a following letter', () => {
    const doc = readDocument('a.tex', '\\newcommand{\\al}{\\alpha}\n\\[ \\al x = 1 \\]');
    expect(doc.derivations[0]!.head.latex).toBe('\\alpha x');
  });
});

describe('expansion budget', () => {
  const error = (source: string): InputError => {
    try {
      readDocument('bomb.tex', source);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an InputError');
  };

  it('stops a self-recursive macro with an error at the call', () => {
    const e = error('\\def\\a{\\a}\n\\[ x = \\a \\]');
    expect(e.message).toMatch(/exceeds .* \\a/);
    expect(e.pos).toEqual({ line: 2, column: 8 });
  });

  it('stops an exponential macro bomb quickly', () => {
    const levels = Array.from({ length: 12 }, (_, k) => `\\def\\m${'x'.repeat(k + 1)}{${`\\m${'x'.repeat(k)} `.repeat(10)}}`);
    const started = Date.now();
    const e = error(`\\def\\m{a}\n${levels.join('\n')}\n\\[ y = \\m${'x'.repeat(12)} \\]`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(e.pos.line).toBe(14);
    expect(e.message).toMatch(/macro/);
  });

  it('stops an expansion that grows the math without bound in calls or tokens', () => {
    const e = error(`\\def\\a{${'x'.repeat(5000)}}\n\\def\\b{${'\\a'.repeat(100)}}\n\\[ y = \\b \\]`);
    expect(e.message).toMatch(/longer than \d+ characters while expanding \\a/);
    expect(e.pos).toEqual({ line: 3, column: 8 });
  });

  it('reports a missing argument at the call', () => {
    const e = error('\\newcommand{\\f}[1]{#1}\n\\[ y = \\f \\]');
    expect(e.message).toContain('\\f expects an argument');
    expect(e.pos).toEqual({ line: 2, column: 8 });
  });
});
