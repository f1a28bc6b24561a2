import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/run.js';
import { COMMANDS, flagsOf, helpText, parseInvocation, toCheckOptions } from '../src/cli/settings.js';
import type { CheckOptions } from '../src/check/options.js';
import { arithmeticChecker, memoryIO, tempTree } from './cli-fixtures.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const MIXED_FOLDER = {
  'good.tex': '2 + 3 = 5\n5 = 10 - 5\n',
  'wrong.tex': '1 + 1 = 2\n2 + 2 = 5\n',
  'empty.md': '',
  'binary.tex': Buffer.from([0x25, 0x00, 0xff, 0x10, 0x00]),
  'malformed.tex': '1 = 1\n\\frac{1 = 1\n',
  'notes.txt': '1 = 2\n',
  'node_modules/skip.tex': '1 = 2\n',
  '.hidden/skip.tex': '1 = 2\n',
};

describe('help and usage', () => {
  it('--help lists every option of every command from the schema', async () => {
    const io = memoryIO();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const c of COMMANDS) for (const flag of flagsOf(c)) expect(io.out()).toContain(flag);
    expect(io.out()).toContain('--no-prove');
    expect(io.err()).toBe('');
  });

  it('help check describes check only, with defaults', async () => {
    const io = memoryIO();
    expect(await runCli(['help', 'check'], io)).toBe(0);
    expect(io.out()).toContain('--samples N');
    expect(io.out()).toContain('(default: 200)');
    expect(io.out()).not.toContain('--latex');
    expect(io.out()).toBe(helpText('check'));
  });

  it.each(['--version', '-v'])('%s prints the package version', async (flag) => {
    const io = memoryIO();
    expect(await runCli([flag], io)).toBe(0);
    expect(io.out()).toBe(`deriva ${packageJson.version}\n`);
  });

  it.each([
    [['check', '--bogus', 'x'], /unknown option --bogus/],
    [['check', '--sampels', '3', 'x'], /did you mean --samples/],
    [['check', '--seed', 'abc', 'x'], /--seed expects a whole number, got 'abc'/],
    [['check', '--jobs', '0', 'x'], /--jobs expects a whole number ≥ 1/],
    [['check', '--samples'], /--samples needs a value/],
    [['check', '--json=yes', 'x'], /--json takes no value/],
    [['check'], /needs at least one PATH/],
    [['check', '--watch', '--json', 'x'], /cannot be combined/],
    [['chek', 'x.tex'], /unknown command 'chek' \(did you mean 'check'\?\)/],
    [['hw3.tex'], /unknown command 'hw3\.tex' \(to check a file: deriva check hw3\.tex\)/],
    [['render', 'x.tex'], /exactly one of --latex or --html/],
    [['render', 'x.tex', '--latex', '--html'], /exactly one of --latex or --html/],
    [['rules', 'extra'], /takes no arguments/],
    [['help', 'nope'], /no help on 'nope'/],
    [['check', '--latex', 'x'], /unknown option --latex for 'deriva check'/],
  ])('%j is a usage error: exit 2, one line on stderr, nothing on stdout', async (argv, message) => {
    const io = memoryIO();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.out()).toBe('');
  });

  it('flags become CheckOptions through the schema', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n', 'pre.tex': '\\newcommand{\\KL}{D}\n' });
    const seen: CheckOptions[] = [];
    const io = memoryIO();
    const argv = ['check', join(root, 'a.tex'), '--seed', '7', '--samples=50', '--budget', '300', '--no-prove', '--explain', '--macros', join(root, 'pre.tex')];
    expect(await runCli(argv, io, { checkFile: arithmeticChecker(seen) })).toBe(0);
    expect(seen).toEqual([{ seed: 7, samples: 50, stepBudgetMs: 300, prove: false, explain: true, macros: '\\newcommand{\\KL}{D}\n', contexts: [], ruleDirs: [] }]);
    const lists = memoryIO();
    const more = ['check', join(root, 'a.tex'), '--context', 'c1.tex', '--context=c2.tex', '--rules-dir', 'course-rules'];
    expect(await runCli(more, lists, { checkFile: arithmeticChecker(seen) })).toBe(0);
    expect(seen[1]).toMatchObject({ contexts: ['c1.tex', 'c2.tex'], ruleDirs: ['course-rules'] });
    const parsed = parseInvocation(['check', 'x']);
    expect(parsed.kind === 'run' && toCheckOptions(parsed.line.settings, '')).toMatchObject({ seed: 1, samples: 200, prove: true });
  });

  it('a missing --macros file is a one-line error with exit 2', async () => {
    const io = memoryIO();
    expect(await runCli(['check', 'x.tex', '--macros', '/nonexistent/pre.tex'], io)).toBe(2);
    expect(io.err()).toBe('deriva: cannot read --macros file /nonexistent/pre.tex: no such file or directory\n');
  });
});

describe('checking a folder', () => {
  it('reports every file once, in sorted order, with the right exit code', async () => {
    const root = tempTree(MIXED_FOLDER);
    const io = memoryIO();
    const code = await runCli(['check', root, '--json'], io, { checkFile: arithmeticChecker() });
    const json = JSON.parse(io.out()) as { files: { path: string; error: unknown; derivations: { steps: { verdict: string; line: number }[] }[] }[] };
    expect(json.files.map((f) => f.path)).toEqual(['binary.tex', 'empty.md', 'good.tex', 'malformed.tex', 'wrong.tex'].map((f) => join(root, f)));
    const byName = (name: string) => json.files.find((f) => f.path.endsWith(name))!;
    expect(byName('binary.tex').error).toMatchObject({ line: 1, column: 1 });
    expect(byName('malformed.tex').error).toEqual({ message: "unbalanced '{': no matching '}'", line: 2, column: 6 });
    expect(byName('empty.md')).toMatchObject({ error: { message: 'the file is empty: nothing to check', line: 1, column: 1 }, derivations: [] });
    expect(byName('wrong.tex').derivations[0]!.steps.map((s) => [s.line, s.verdict])).toEqual([[1, 'proved'], [2, 'refuted']]);
    expect(code).toBe(2);
    expect(io.err()).toContain(`${join(root, 'malformed.tex')}:2:6: unbalanced '{'`);
  });

  it('text output: a line per step, one counterexample block with its seed, a table row per file, a summary', async () => {
    const root = tempTree(MIXED_FOLDER);
    const io = memoryIO();
    await runCli(['check', root, '--seed', '9'], io, { checkFile: arithmeticChecker() });
    const out = io.out();
    expect(out).toContain(`${join(root, 'good.tex')}:1:7  ✓ proved  2 + 3 = 5  (arithmetic)`);
    expect(out).toContain(`${join(root, 'wrong.tex')}:2:7  ✗ refuted  2 + 2 = 5  — the two sides differ\n`
      + '    counterexample: (no free symbols)  (replay with --seed 9)\n'
      + '    left side = 4, right side = 5\n');
    expect(out.match(/--seed/g)).toHaveLength(1);
    expect(out).toContain(`${join(root, 'binary.tex')}:1:1: binary file`);
    expect(out).toContain(`${join(root, 'empty.md')}:1:1: the file is empty: nothing to check`);
    const table = out.slice(out.indexOf('file  '));
    for (const f of ['binary.tex', 'empty.md', 'good.tex', 'malformed.tex', 'wrong.tex']) {
      expect(table.split('\n').filter((l) => l.startsWith(join(root, f)))).toHaveLength(1);
    }
    expect(table).toMatch(/wrong\.tex\s+1\s+0\s+1\s+0\s+0\s+line 2/);
    expect(out).toMatch(/4 steps: 3 proved, 0 confirmed, 1 refuted, 0 unverified, 3 errors — 5 files, seed 9\n$/);
    expect(out).not.toContain('\x1b[');
  });

  it('exit 1 for a refuted step, 0 for all good, --strict fails on unverified', async () => {
    const root = tempTree({ 'good.tex': '1 + 1 = 2\n', 'wrong.tex': '1 = 2\n', 'vague.tex': 'x = y\n' });
    const run = async (...argv: string[]) => runCli(['check', ...argv], memoryIO(), { checkFile: arithmeticChecker() });
    expect(await run(join(root, 'good.tex'))).toBe(0);
    expect(await run(join(root, 'good.tex'), join(root, 'wrong.tex'))).toBe(1);
    expect(await run(join(root, 'vague.tex'))).toBe(0);
    expect(await run(join(root, 'vague.tex'), '--strict')).toBe(1);
  });

  it('a missing path and a crashing file are reported; the other files are still checked', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n', 'b.tex': 'CRASH\n', 'c.tex': '2 = 3\n' });
    const io = memoryIO();
    const code = await runCli(['check', root, join(root, 'missing.tex'), '--json'], io, { checkFile: arithmeticChecker() });
    const json = JSON.parse(io.out()) as { files: { path: string; error: { message: string } | null }[]; summary: { steps: number } };
    expect(json.files.map((f) => [f.path.slice(root.length + 1), f.error?.message ?? null])).toEqual([
      ['a.tex', null],
      ['b.tex', 'internal error while checking: stand-in checker crashed on purpose'],
      ['c.tex', null],
      ['missing.tex', 'no such file or directory'],
    ]);
    expect(json.summary.steps).toBe(2);
    expect(code).toBe(2);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('a file that never finishes times out and the rest go on', async () => {
    const root = tempTree({ 'a.tex': 'HANG\n', 'b.tex': '1 = 1\n' });
    const io = memoryIO();
    await runCli(['check', root, '--json', '--timeout', '1'], io, { checkFile: arithmeticChecker() });
    const json = JSON.parse(io.out()) as { files: { error: { message: string } | null }[] };
    expect(json.files.map((f) => f.error?.message ?? null)).toEqual(['timed out after 1 s', null]);
  });

  it("--json prints SPEC's shape, SPEC's fields first, then version 1's additions, and nothing else", async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n3 = 4\n' });
    const io = memoryIO({ tty: true });
    await runCli(['check', root, '--json', '--seed', '5', '--context', 'ctx.tex'], io, { checkFile: arithmeticChecker() });
    const json = JSON.parse(io.out()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'files', 'summary', 'deriva', 'seed', 'options']);
    expect(json['version']).toBe(1);
    expect(json['deriva']).toBe(packageJson.version);
    expect(json['seed']).toBe(5);
    expect(json['options']).toEqual({ samples: 200, stepBudgetMs: 2000, prove: true, strict: false, contexts: ['ctx.tex'], macros: [], ruleDirs: [] });
    const file = (json['files'] as Record<string, unknown>[])[0]!;
    expect(Object.keys(file)).toEqual(['path', 'error', 'derivations', 'problems']);
    const derivation = (file['derivations'] as Record<string, unknown>[])[0]!;
    expect(Object.keys(derivation)).toEqual(['name', 'line', 'steps']);
    const steps = derivation['steps'] as Record<string, unknown>[];
    expect(Object.keys(steps[0]!)).toEqual(['line', 'relation', 'from', 'to', 'verdict', 'rules', 'samples', 'maxError', 'counterexample', 'message',
      'column', 'justification', 'citations', 'expected', 'samplesNote']);
    expect(steps[1]!['counterexample']).toEqual({ assignment: {}, lhs: 3, rhs: 4, seed: 5 });
    expect(steps[1]!['column']).toBe(3);
    expect(json['summary']).toEqual({ steps: 2, proved: 1, confirmed: 0, refuted: 1, unverified: 0, errors: 0, definitions: 0, expectedRefutations: 0, unmetExpectations: 0, problems: 0 });
    expect(io.err()).toBe('');
  });

  it('colour as Node decides for a terminal: NO_COLOR, TERM=dumb and FORCE_COLOR; --explain shows the proof', async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n' });
    const run = async (tty: boolean, env: Record<string, string>, ...flags: string[]) => {
      const io = memoryIO({ tty, env });
      await runCli(['check', root, ...flags], io, { checkFile: arithmeticChecker() });
      return io.out();
    };
    const coloured = await run(true, { TERM: 'xterm-256color' }, '--explain');
    expect(coloured).toContain('\x1b[32m✓ proved\x1b[39m');
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toContain('\n    = 2  [arithmetic]\n');
    expect(await run(true, { TERM: 'xterm-256color', NO_COLOR: '1' })).not.toContain('\x1b[');
    expect(await run(true, { TERM: 'dumb' })).not.toContain('\x1b[');
    expect(await run(false, { TERM: 'xterm-256color' })).not.toContain('\x1b[');
    expect(await run(false, { FORCE_COLOR: '1' })).toContain('\x1b[32m');
    expect(await run(true, { TERM: 'xterm-256color', FORCE_COLOR: '0' })).not.toContain('\x1b[');
    expect(await run(true, { TERM: 'xterm-256color' })).not.toContain('[arithmetic]');
  });

  it('a progress bar goes to a terminal stderr for several files, never with --json', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n', 'b.tex': '2 = 2\n', 'c.tex': '3 = 3\n' });
    const tty = memoryIO({ tty: true });
    await runCli(['check', root], tty, { checkFile: arithmeticChecker() });
    expect(tty.err()).toContain('3/3 files 100%');
    const json = memoryIO({ tty: true });
    await runCli(['check', root, '--json'], json, { checkFile: arithmeticChecker() });
    expect(json.err()).toBe('');
    const pipe = memoryIO({ tty: false });
    await runCli(['check', root], pipe, { checkFile: arithmeticChecker() });
    expect(pipe.err()).toBe('');
  });

  it('--junit writes the XML file next to the terminal output', async () => {
    const root = tempTree({ 'a.tex': '1 = 2\n' });
    const io = memoryIO();
    const out = join(root, 'report.xml');
    expect(await runCli(['check', join(root, 'a.tex'), '--junit', out], io, { checkFile: arithmeticChecker() })).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<failure message="the two sides differ" type="refuted">');
    expect(xml).toContain(`name="${join(root, 'a.tex')}:1 1 = 2"`);
  });

  it('an unwritable --junit path is a one-line error, exit 2', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n' });
    const io = memoryIO();
    expect(await runCli(['check', join(root, 'a.tex'), '--junit', join(root, 'no/such/dir/r.xml')], io, { checkFile: arithmeticChecker() })).toBe(2);
    expect(io.err()).toMatch(/^deriva: cannot write --junit file .*r\.xml: no such file or directory\n$/);
  });
});
