import { describe, expect, it } from 'vitest';
import { toJunitXml, escapeXml } from '../src/render/junit.js';
import { buildReport } from '../src/check/report.js';
import type { FileReport } from '../src/check/report.js';
import { fileReport, step } from './cli-fixtures.js';

/** A small XML 1.0 well-formedness check: balanced tags, quoted attributes, escaped text, legal characters. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = token.exec(body)) !== null) {
    pos = token.lastIndex;
    const [, closing, name, , selfClosing, text, strayLt] = m;
    if (strayLt) throw new Error(`unescaped '<' at ${pos}`);
    if (text !== undefined) {
      expect(text.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/[&<]/);
      continue;
    }
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(pos).toBe(body.length);
  expect(stack).toEqual([]);
}

const attr = (xml: string, tag: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('toJunitXml', () => {
  it('(the well-formedness check itself rejects broken XML)', () => {
    for (const bad of ['<a><b></a>', '<a>x & y</a>', '<a x=1></a>', '<a>1 < 2</a>', '<a>\u0001</a>', '<a>']) {
      expect(() => assertWellFormed(bad), bad).toThrow();
    }
  });

  const refuted = step({
    line: 7, relation: '>=', from: 'D_{KL}(P\\|Q)', to: '0', verdict: 'refuted', message: 'left side below right side',
    counterexample: { assignment: { 'P(x=1)': 0.25, 'Q(x=1)': 0.5 }, lhs: -0.125, rhs: 0, seed: 42 },
    timing: { proofMs: 0, numericMs: 12.4 },
  });
  const files: FileReport[] = [
    fileReport('derivations/kl.tex', [step({ verdict: 'proved', rules: ['def-kl'] }), refuted, step({ line: 9, verdict: 'unverified', message: 'unsupported: \\int' })], 'kl-nonneg'),
    { path: 'bad.tex', error: { message: "unbalanced '{'", line: 4, column: 2 }, derivations: [], problems: [] },
  ];
  const xml = toJunitXml(buildReport(files, 42));

  it('has the schema fields: testsuites > testsuite > testcase, with counts', () => {
    assertWellFormed(xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(attr(xml, 'testsuites', 'tests')).toEqual(['4']);
    expect(attr(xml, 'testsuites', 'failures')).toEqual(['1']);
    expect(attr(xml, 'testsuites', 'errors')).toEqual(['1']);
    expect(attr(xml, 'testsuites', 'skipped')).toEqual(['1']);
    expect(attr(xml, 'testsuite', 'name')).toEqual(['derivations/kl.tex', 'bad.tex']);
    expect(attr(xml, 'testsuite', 'tests')).toEqual(['3', '1']);
    expect(attr(xml, 'testcase', 'classname')).toEqual(['derivations/kl.tex', 'derivations/kl.tex', 'derivations/kl.tex', 'bad.tex']);
  });

  it('names each case by file, line and the step as written, and carries the counterexample and seed', () => {
    expect(attr(xml, 'testcase', 'name')).toEqual([
      'derivations/kl.tex:3 a+b = b+a', 'derivations/kl.tex:7 D_{KL}(P\\|Q) ≥ 0', 'derivations/kl.tex:9 a+b = b+a', 'bad.tex (file)']);
    const failure = xml.slice(xml.indexOf('<failure'), xml.indexOf('</failure>'));
    expect(failure).toContain('message="left side below right side"');
    expect(failure).toContain('derivations/kl.tex:7:5: ✗ refuted');
    expect(failure).toContain('D_{KL}(P\\|Q) ≥ 0');
    expect(failure).toContain('counterexample: P(x=1) = 0.25, Q(x=1) = 0.5  (replay with --seed 42)');
    expect(failure).toContain('left side = -0.125, right side = 0');
    expect(xml).toContain('<skipped message="unverified: unsupported: \\int"/>');
    expect(xml).toContain('bad.tex:4:2: unbalanced');
  });

  it('gives each step its time and each suite the sum', () => {
    expect(attr(xml, 'testcase', 'time')).toEqual(['0', '0.012', '0', '0']);
    expect(attr(xml, 'testsuite', 'time')).toEqual(['0.012', '0']);
  });

  it('with strict, an unverified step is a failure, not a skip', () => {
    const strict = toJunitXml(buildReport(files, 42), { strict: true });
    assertWellFormed(strict);
    expect(attr(strict, 'testsuites', 'failures')).toEqual(['2']);
    expect(attr(strict, 'testsuites', 'skipped')).toEqual(['0']);
    expect(strict).toContain('<failure message="unverified: unsupported: \\int" type="unverified">');
  });

  it('a definition passes under its own name; an expected refutation passes when it comes and fails when not', () => {
    const out = toJunitXml(buildReport([fileReport('p.tex', [
      step({ line: 2, relation: ':=', from: '\\alpha', to: '1-\\beta', verdict: 'definition', message: 'defines \\alpha' }),
      step({ line: 3, verdict: 'refuted', expected: 'refuted', counterexample: { assignment: {}, lhs: 1, rhs: 2, seed: 1 } }),
      step({ line: 4, verdict: 'proved', expected: 'refuted', rules: ['r'] }),
    ])], 1));
    assertWellFormed(out);
    expect(attr(out, 'testcase', 'name')).toEqual(['p.tex:2 definition \\alpha := 1-\\beta', 'p.tex:3 a+b = b+a', 'p.tex:4 a+b = b+a']);
    expect(out).toContain('<system-out>✗ refuted (expected)</system-out>');
    expect(out).toContain('<failure message="✓ proved, but a refutation was expected" type="expected-refutation">');
    expect(attr(out, 'testsuites', 'failures')).toEqual(['1']);
  });

  it('escapes hostile text and replaces characters XML cannot hold', () => {
    const hostile = fileReport('a"<b>&\'.tex', [step({
      from: '<script>alert("x")</script>', to: ']]> &amp; \u0000\u0007\uFFFF', verdict: 'refuted', message: '"quoted" <tag> & \u001b[31m',
      counterexample: { assignment: { '<x>': 1 }, lhs: 1, rhs: 2, seed: 1 },
    })], 'd"</testcase>');
    const out = toJunitXml(buildReport([hostile], 1));
    assertWellFormed(out);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    expect(escapeXml('\uD800 lone')).toBe('\uFFFD lone');
  });

  it('an empty report is still a valid document', () => {
    const out = toJunitXml(buildReport([], 1));
    assertWellFormed(out);
    expect(attr(out, 'testsuites', 'tests')).toEqual(['0']);
  });
});
