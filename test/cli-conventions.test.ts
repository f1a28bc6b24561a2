/**
 * The command line's conventions a new user meets first: output paths checked
 * before any checking, an empty folder or file said out loud, `render` refusing
 * what it cannot render, no raw errno codes, and the project configuration
 * (deriva.config.json or package.json's "deriva") validated with clear errors.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli } from '../src/cli/run.js';
import type { CheckOptions } from '../src/check/options.js';
import type { FileReport } from '../src/check/report.js';
import { excludeMatcher } from '../src/cli/globs.js';
import { arithmeticChecker, memoryIO, tempTree } from './cli-fixtures.js';

const RAW_ERRNO = /\bE[A-Z]{3,}\b/;

async function run(argv: string[], cwd?: string) {
  const seen: CheckOptions[] = [];
  const io = memoryIO(cwd ? { cwd } : {});
  const code = await runCli(argv, io, { checkFile: arithmeticChecker(seen) });
  return { code, out: io.out(), err: io.err(), seen };
}

describe('output paths are checked before checking starts', () => {
  it.each([
    ['--html', 'no/such/dir/r.html', 'no such file or directory'],
    ['--junit', 'no/such/dir/r.xml', 'no such file or directory'],
    ['--html', '.', 'it is a folder'],
  ])('%s %s: exit 2, one line, and no file was checked', async (flag, target, why) => {
    const root = tempTree({ 'a.tex': '1 = 1\n' });
    const r = await run(['check', join(root, 'a.tex'), flag, join(root, target)]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`deriva: cannot write ${flag} file ${join(root, target)}: ${why}\n`);
    expect(r.seen).toEqual([]);
    expect(r.err).not.toMatch(RAW_ERRNO);
  });

  it('render -o into a missing folder fails before checking', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n' });
    const r = await run(['render', join(root, 'a.tex'), '--html', '-o', join(root, 'nope/out.html')]);
    expect(r.code).toBe(2);
    expect(r.seen).toEqual([]);
    expect(r.err).toMatch(/cannot write --html file .*out\.html: no such file or directory/);
  });
});

describe('nothing to check is said out loud', () => {
  it('a folder with no .tex or .md file is an error (exit 2), the other paths are still checked', async () => {
    const root = tempTree({ 'empty/notes.txt': 'x', 'a.tex': '1 = 1\n' });
    const r = await run(['check', join(root, 'empty'), join(root, 'a.tex'), '--json']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as { files: FileReport[] };
    expect(json.files.map((f) => [f.path, f.error?.message ?? null])).toEqual([
      [join(root, 'a.tex'), null],
      [join(root, 'empty'), 'no .tex or .md file in this folder'],
    ]);
    expect(r.err).toBe(`${join(root, 'empty')}:1:1: no .tex or .md file in this folder\n`);
  });

  it('an empty file is reported as empty', async () => {
    const root = tempTree({ 'blank.tex': '  \n\n' });
    const r = await run(['check', join(root, 'blank.tex')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${join(root, 'blank.tex')}:1:1: the file is empty: nothing to check`);
  });

  it('a missing path says so in words, not errno codes', async () => {
    const r = await run(['check', '/no/such/file.tex']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('/no/such/file.tex:1:1: no such file or directory');
    expect(r.out + r.err).not.toMatch(RAW_ERRNO);
  });
});

describe('render refuses what it cannot render', () => {
  it.each([
    ['a missing file', 'missing.tex', 'no such file or directory'],
    ['a folder', 'sub', 'it is a folder (render takes one file; for a folder: deriva check'],
  ])('%s: exit 2, no page written, nothing checked', async (_what, name, why) => {
    const root = tempTree({ 'sub/a.tex': '1 = 1\n' });
    const out = join(root, 'page.html');
    const r = await run(['render', join(root, name), '--html', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`deriva: cannot render ${join(root, name)}: ${why}`);
    expect(r.err).not.toMatch(RAW_ERRNO);
    expect(existsSync(out)).toBe(false);
    expect(r.seen).toEqual([]);
    expect(r.out).toBe('');
  });
});

describe('project configuration', () => {
  it('deriva.config.json sets samples, seed, contexts (relative to it) and excludes', async () => {
    const root = tempTree({
      'deriva.config.json': JSON.stringify({ samples: 30, seed: 4, contexts: ['model/ctx.tex'], exclude: ['drafts', 'old/**'] }),
      'hw/a.tex': '1 = 1\n', 'hw/drafts/b.tex': '1 = 2\n', 'old/x/c.tex': '1 = 2\n',
    });
    const r = await run(['check', root, '--json', '--context', 'extra.tex'], root);
    expect(r.code).toBe(0);
    expect(r.seen[0]).toMatchObject({ samples: 30, seed: 4, contexts: [relative(process.cwd(), join(root, 'model/ctx.tex')), 'extra.tex'] });
    expect((JSON.parse(r.out) as { files: FileReport[] }).files.map((f) => f.path)).toEqual([join(root, 'hw/a.tex')]);
    const flags = await run(['check', join(root, 'hw/a.tex'), '--samples', '7'], root);
    expect(flags.seen[0]).toMatchObject({ samples: 7, seed: 4 });
  });

  it('package.json\'s "deriva" key works the same; having both is an error', async () => {
    const root = tempTree({ 'package.json': JSON.stringify({ name: 'course', deriva: { samples: 12 } }), 'a.tex': '1 = 1\n' });
    expect((await run(['check', join(root, 'a.tex')], root)).seen[0]).toMatchObject({ samples: 12 });
    const both = tempTree({ 'package.json': JSON.stringify({ deriva: {} }), 'deriva.config.json': '{}', 'a.tex': '1 = 1\n' });
    const r = await run(['check', 'a.tex'], both);
    expect(r.code).toBe(2);
    expect(r.err).toBe('deriva: both deriva.config.json and package.json\'s "deriva" key hold settings; keep one\n');
  });

  it.each([
    ['{ "sampels": 3 }', 'deriva.config.json: unknown setting "sampels" (did you mean "samples"?)'],
    ['{ "samples": "many" }', 'deriva.config.json: "samples" must be a whole number ≥ 1, got "many"'],
    ['{ "contexts": [1] }', 'deriva.config.json: "contexts" must be a list of non-empty strings, got [1]'],
    ['{ "prove": "yes" }', 'deriva.config.json: "prove" must be true or false, got "yes"'],
    ['[1, 2]', 'deriva.config.json: expected an object of settings'],
    ['{ samples: 3 }', 'deriva.config.json: not valid JSON'],
  ])('%s is refused in one line, exit 2, before checking', async (text, message) => {
    const root = tempTree({ 'deriva.config.json': text, 'a.tex': '1 = 1\n' });
    const r = await run(['check', 'a.tex'], root);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(`deriva: ${message}`)).toBe(true);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.seen).toEqual([]);
  });

  it('--config names another file; a missing one is an error', async () => {
    const root = tempTree({ 'conf/deriva.json': JSON.stringify({ macros: ['pre.tex'] }), 'conf/pre.tex': '\\newcommand{\\R}{\\mathbb{R}}', 'a.tex': '1 = 1\n' });
    const r = await run(['check', join(root, 'a.tex'), '--config', 'conf/deriva.json'], root);
    expect(r.seen[0]?.macros).toBe('\\newcommand{\\R}{\\mathbb{R}}');
    const missing = await run(['check', 'a.tex', '--config', 'nope.json'], root);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('deriva: cannot read --config file nope.json: no such file or directory\n');
  });
});

describe('excludeMatcher', () => {
  const excluded = excludeMatcher(['drafts', '*.draft.tex', 'hw/old/**', 'a?.md'], '/p');
  it.each([
    ['/p/drafts/x.tex', true], ['/p/hw/drafts/y/z.tex', true], ['/p/hw/q.draft.tex', true], ['/p/hw/old/1/2.tex', true],
    ['/p/a1.md', true], ['/p/a12.md', false], ['/p/hw/q.tex', false], ['/p/hw/older/x.tex', false], ['/p/draftsman.tex', false],
  ])('%s → %s', (path, expected) => {
    expect(excluded(path)).toBe(expected);
  });
});
