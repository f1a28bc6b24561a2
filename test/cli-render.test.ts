import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/run.js';
import { loadRewrite } from '../src/cli/modules.js';
import { arithmeticChecker, memoryIO, tempTree } from './cli-fixtures.js';

const deps = { checkFile: arithmeticChecker() };

describe('deriva render and check --html', () => {
  it('--latex prints an annotated LaTeX document of the checked file on stdout', async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n2 + 2 = 5\n' });
    const io = memoryIO();
    expect(await runCli(['render', join(root, 'a.tex'), '--latex'], io, deps)).toBe(0);
    expect(io.out()).toContain('\\begin{align*}');
    expect(io.out()).toContain('2 + 2');
    expect(io.out()).toMatch(/refuted/);
  });

  it('--html writes one self-contained page to -o or a second positional', async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n' });
    for (const argv of [['-o', join(root, 'o1.html')], [join(root, 'o2.html')]]) {
      const io = memoryIO();
      expect(await runCli(['render', join(root, 'a.tex'), '--html', ...argv], io, deps)).toBe(0);
      expect(io.out()).toBe('');
    }
    for (const f of ['o1.html', 'o2.html']) {
      const html = readFileSync(join(root, f), 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>/i);
      expect(html).toContain('katex');
      expect(html).not.toContain('<script');
    }
  });

  it('render of an unreadable file still renders, names the error, exits 2', async () => {
    const root = tempTree({ 'bad.tex': 'x\n\\frac{1\n' });
    const io = memoryIO();
    expect(await runCli(['render', join(root, 'bad.tex'), '--latex'], io, deps)).toBe(2);
    expect(io.err()).toBe(`${join(root, 'bad.tex')}:2:6: unbalanced '{': no matching '}'\n`);
  });

  it('check --html writes the report for every file checked', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n', 'b.tex': '1 = 3\n' });
    const io = memoryIO();
    const out = join(root, 'report.html');
    expect(await runCli(['check', root, '--html', out], io, deps)).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('a.tex');
    expect(html).toContain('b.tex');
  });
});

describe('deriva rules', () => {
  const libraryPresent = existsSync('src/search/index.ts');

  it.skipIf(!libraryPresent)('lists every rule with its statement', async () => {
    const { loadRules } = await loadRewrite();
    const io = memoryIO();
    expect(await runCli(['rules'], io)).toBe(0);
    const rules = loadRules().rules;
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(io.out()).toContain(r.name);
    expect(io.out()).toContain(`${rules.length} rules`);
  });

  it.skipIf(libraryPresent)('says clearly that the library is missing', async () => {
    const io = memoryIO();
    expect(await runCli(['rules'], io)).toBe(2);
    expect(io.err()).toBe('deriva: the rule library is not available in this build (../search/index.js is missing)\n');
  });
});
