/**
 * The real `deriva` binary (dist/cli/main.js, built here with tsc), spawned as a
 * user would: worker threads (--jobs 2) and in-process (--jobs 1) must report the
 * same files and steps, every file gets one row, exit codes follow the report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { exitCode, type Report } from '../src/check/report.js';
import { tempTree } from './cli-fixtures.js';

const ROOT = resolve('.');
const BIN = join(ROOT, 'dist/cli/main.js');

interface Run { code: number; stdout: string; stderr: string }

async function deriva(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const FOLDER = {
  'good.tex': '\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2\n\\end{align*}\n',
  'wrong.tex': '\\begin{align*}\n(a+b)^2 &= a^2 + b^2\n\\end{align*}\n',
  'empty.md': '',
  'binary.tex': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]),
  'malformed.tex': '\\begin{align*}\n\\frac{a &= b\n\\end{align*}\n',
  'sub/more.md': '$$\n x + x = 2x\n$$\n',
};
const NAMES = ['binary.tex', 'empty.md', 'good.tex', 'malformed.tex', 'sub/more.md', 'wrong.tex'];

beforeAll(async () => {
  // Others' files may be mid-edit: tsc still emits, so judge by the output, not tsc's exit code.
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: ROOT }).catch(() => undefined);
  if (!existsSync(BIN)) throw new Error('build did not produce dist/cli/main.js');
}, 180_000);

describe('the deriva binary', () => {
  it('checks a mixed folder completely, the same with worker threads and in-process', async () => {
    const root = tempTree(FOLDER);
    const parallel = await deriva(['check', root, '--json', '--jobs', '2']);
    const serial = await deriva(['check', root, '--json', '--jobs', '1']);
    // The same files, errors and steps either way. (Verdict details are compared by the batch
    // benchmark: the checker's wall-clock search budgets can make them differ under load.)
    const outline = (r: Report) => r.files.map((f) => [f.path, f.error, f.derivations.map((d) => [d.name, d.steps.map((s) => s.line)])]);
    const report = JSON.parse(parallel.stdout) as Report;
    expect(outline(report)).toEqual(outline(JSON.parse(serial.stdout) as Report));
    expect(report.files.map((f) => f.path)).toEqual(NAMES.map((n) => join(root, n)));
    expect(parallel.code).toBe(exitCode({ ...report, files: report.files.map((f) => ({ ...f, problems: [] })) }));
    expect(parallel.stderr).not.toMatch(/\n\s+at |Error:/);
    for (const f of report.files) {
      if (f.error) expect(parallel.stderr).toContain(`${f.path}:${f.error.line}:${f.error.column}: ${f.error.message}`);
    }
  });

  it('terminal output has one table row per file and a summary line', async () => {
    const root = tempTree(FOLDER);
    const run = await deriva(['check', root, '--jobs', '2']);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('file '));
    expect(header).toBeGreaterThan(-1);
    const rows = lines.slice(header + 1).filter((l) => l.startsWith(root));
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(NAMES.map((n) => join(root, n)));
    expect(run.stdout).toMatch(/\d+ steps?: \d+ proved, \d+ confirmed, \d+ refuted, \d+ unverified, \d+ errors? — 6 files, seed 1\n$/);
    expect(run.stdout).not.toContain('\x1b[');
    expect(run.stderr).toBe('');
  });

  it('a wrong step is refuted at its line; a true one is not; binary and malformed files are errors', async () => {
    const root = tempTree(FOLDER);
    const run = await deriva(['check', root, '--json']);
    const report = JSON.parse(run.stdout) as Report;
    const file = (name: string) => report.files.find((f) => f.path === join(root, name))!;
    const verdicts = (name: string) => file(name).derivations.flatMap((d) => d.steps.map((s) => [s.line, s.verdict]));
    expect(verdicts('wrong.tex')).toEqual([[2, 'refuted']]);
    expect(verdicts('good.tex').map(([, v]) => v)).not.toContain('refuted');
    expect(file('binary.tex').error).not.toBeNull();
    expect(file('malformed.tex').error ?? file('malformed.tex').problems[0]).toMatchObject({ line: 2 });
    expect(run.code).toBe(2);
  });

  it('usage errors exit 2 with one line and no stack; --help and --version work', async () => {
    const bad = await deriva(['check', '--samples', 'many', 'x.tex']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("deriva: --samples expects a whole number ≥ 1, got 'many'\n");
    expect(bad.stdout).toBe('');
    const help = await deriva(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--junit FILE');
    expect((await deriva(['--version'])).stdout).toMatch(/^deriva \d+\.\d+\.\d+\n$/);
  });
});
