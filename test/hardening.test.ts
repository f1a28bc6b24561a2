/**
 * Inputs that cannot hurt (issue 13): each input that once crashed, hung or ate
 * memory, checked for the behaviour it must have now — a report, a clear error, a
 * bounded answer. No assertion here is about time: a slow machine passes them all;
 * what they pin down is that the work ends, and how.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import { buildReport, type Report } from '../src/check/report.js';
import { readDocument } from '../src/document/document.js';
import { MAX_FILE_BYTES, readSourceFile } from '../src/document/read-file.js';
import { parseLatex } from '../src/notation/parse.js';
import { toLatex } from '../src/notation/print.js';
import { equalRational } from '../src/kernel/algebra/index.js';
import { checkEntries, collectFiles, realCheckFile } from '../src/batch/index.js';
import { renderHtml } from '../src/render/html.js';
import { tempTree } from './cli-fixtures.js';
import { compiled, type Compiled } from './compiled.js';

/** Small budgets: these tests are about ending well, not about deciding hard steps. */
const QUICK = { ...DEFAULT_CHECK_OPTIONS, samples: 20, stepBudgetMs: 100 };

const mkfifoSync = (path: string): void => { execFileSync('mkfifo', [path]); };

const align = (...rows: string[]): string => `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n`;

interface Run { code: number; stdout: string; stderr: string }

async function deriva(cli: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('a 123,000-term sum (wide, not deep)', () => {
  const terms = 123_000;
  const text = align(`f &= ${Array.from({ length: terms }, () => 'x').join('+')}`, '&= y');

  it('parses, prints back and checks without overflowing the stack', async () => {
    const sum = parseLatex(Array.from({ length: terms }, () => 'x').join('+'));
    expect(sum.kind === 'add' ? sum.terms.length : 0).toBe(terms);
    expect(toLatex(sum).length).toBeGreaterThan(terms);
    const report = await checkSource('long-sum.tex', text, QUICK);
    expect(report.error).toBeNull();
    const steps = report.derivations.flatMap((d) => d.steps);
    expect(steps).toHaveLength(2);
    // f = Σx is read as f's definition; Σx = y is false (x = 0, y ≠ 0) and may be refuted, never proved.
    expect(steps[1]!.verdict).not.toBe('proved');
    expect(steps[1]!.verdict).not.toBe('error');
    const html = renderHtml(buildReport([report], 1), { title: 'long sum' });
    expect(html).toContain('</html>');
    expect(html).toContain('long-sum.tex');
  }, 240_000);
});

describe('a recursive definition in force (\\bar\\alpha_t = \\alpha_t\\bar\\alpha_{t-1})', () => {
  it('is not unfolded without end before the search: the step gets its verdict within the step budget', async () => {
    const text = 'Using $\\sigma_q^2 = \\frac{(1-\\alpha_t)(1-\\bar\\alpha_{t-1})}{1-\\bar\\alpha_t}$ and $\\bar\\alpha_t = \\alpha_t\\bar\\alpha_{t-1}$:\n'
      + align('\\frac{\\bar\\alpha_{t-1}(1-\\alpha_t)^2}{2\\sigma_q^2(1-\\bar\\alpha_t)^2} &= \\frac{\\bar\\alpha_{t-1}(1-\\alpha_t)}{2(1-\\bar\\alpha_{t-1})(1-\\bar\\alpha_t)}');
    const [step] = (await checkSource('recursive.tex', text, QUICK)).derivations.flatMap((d) => d.steps);
    // before, the eager pass unfolded \bar\alpha sixty times and normalised ever larger products for minutes
    expect(step!.verdict).not.toBe('refuted');
    expect(step!.message).not.toMatch(/safety net/);
  }, 60_000);
});

describe('a sign question over a product of many factors (found by fuzzing)', () => {
  it('is bounded by counted questions, not by the wall-clock net: the step ends on its search budget', async () => {
    // a broken row, then a step whose rules ask for signs of P(x)P(y|x)/(Q(x)Q(y|x)) split every way
    const text = [
      "\\begin{align*}",
      "D_{KL}(P(X,Y)\\|Q(X,Y))",
      "  &|Q(X,Y))",
      "  &|Q(X,Y))",
      "  &|Q(X,Y))",
      "  &|Q(X,Y))",
      "  &|Q(X,Y))",
      "  &= \\sum_{x}\\sum_{y} P(x,y)\\log\\frac{P(x,y)}{Q(x,y)} && \\\\text{(by definition of KL)} \\\\",
      "  &= \\sum_{x}\\sum_{y} P(x,y)\\log\\frac{P(x)\\,P(y|x)}{Q(x)\\,Q(y|x)} && \\text{(product rule)} \\\\",
      '\\end{align*}',
    ].join('\n');
    const steps = (await checkSource('sign-questions.tex', text, DEFAULT_CHECK_OPTIONS)).derivations.flatMap((d) => d.steps);
    const step = steps.find((s) => s.line === 9)!;
    expect(step.verdict).toBe('unverified');
    expect(step.message).toMatch(/search budget \(\d+ nodes\) exhausted/);
    expect(step.message).not.toMatch(/safety net/);
  }, 120_000);
});

describe('a run of 32,000 letters', () => {
  it('reads as a product of one-letter symbols (the scan looks at a bounded word at each letter)', async () => {
    const run = 'a'.repeat(32_000);
    const doc = readDocument('letters.tex', align(`f &= ${run}`));
    expect(doc.derivations[0]!.links[0]!.rhs.latex.trim()).toBe(run);
    const product = parseLatex(run);
    // a·a·…·a: however the model groups equal factors, all 32,000 are there
    const count = product.kind === 'pow' && product.exp.kind === 'num' ? product.exp.value
      : product.kind === 'mul' ? product.factors.length : 0;
    expect(count).toBe(32_000);
    const report = await checkSource('letters.tex', align(`f &= ${run}`), QUICK);
    expect(report.error).toBeNull();
    expect(report.derivations[0]!.steps).toHaveLength(1);
  }, 240_000);

  it('still reads the upright words a writer means: log, KL(…), ELBO', () => {
    expect(toLatex(parseLatex('ELBO'))).toBe(toLatex(parseLatex('\\mathrm{ELBO}')));
    expect(parseLatex('log x').kind).toBe('fn');
  });
});

describe('huge powers are never handed to big-integer algebra', () => {
  for (const exponent of [800, 1600]) {
    it(`(x+10^{${exponent}})^2 = x^2 + 2x + 1 ends unverified, with its reasons`, async () => {
      const report = await checkSource('power.tex', align(`(x+10^{${exponent}})^2 &= x^2 + 2x + 1`), QUICK);
      const [step] = report.derivations.flatMap((d) => d.steps);
      expect(step!.verdict).toBe('unverified');
      expect(step!.message).toMatch(/overflow|budget|no proof/);
    }, 120_000);
  }

  it('the kernel\'s algebra answers "not shown" for them, and "budget" for expansions past its bound', () => {
    const eq = (a: string, b: string) => equalRational(parseLatex(a), parseLatex(b)).kind;
    expect(eq('(x+10^{1600})^2', 'x^2 + 2x + 1')).toBe('notShown');
    // (a+b+c+d+e)^20 has 10,626 terms: past the exact expansion's bound, the answer is the budget's
    expect(eq('(a+b+c+d+e)^{20}', 'a^{20}')).toBe('budget');
    // within the bounds nothing changes
    expect(eq('(x+10^{3})^2', 'x^2 + 2000x + 10^{6}')).toBe('equal');
    expect(eq('(x+1)^{2}', 'x^2 + 2x + 1')).toBe('equal');
  });
});

describe('special files are never read', () => {
  const root = tempTree({ 'ok.tex': align('1 + 1 &= 2') });
  symlinkSync('/dev/zero', join(root, 'zero.tex'));
  mkfifoSync(join(root, 'pipe.tex'));
  writeFileSync(join(root, 'huge.tex'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));

  it('the reader refuses a symlink to /dev/zero, a FIFO and a file over the size limit, by name', async () => {
    expect(await readSourceFile(join(root, 'zero.tex'))).toEqual({ ok: false, message: 'not a regular file (a character device); only regular files are read' });
    expect(await readSourceFile(join(root, 'pipe.tex'))).toEqual({ ok: false, message: 'not a regular file (a FIFO); only regular files are read' });
    expect(await readSourceFile(join(root, 'huge.tex'))).toEqual({ ok: false, message: 'file too large (4 MB); deriva reads files of at most 4 MB' });
    expect(await readSourceFile(join(root, 'missing.tex'))).toEqual({ ok: false, message: 'cannot read file: no such file or directory' });
    expect(await readSourceFile(join(root, 'ok.tex'))).toEqual({ ok: true, text: align('1 + 1 &= 2') });
    expect(await readSourceFile(join(root, 'ok.tex'), 10)).toEqual({ ok: false, message: 'file too large (0 MB); deriva reads files of at most 0 MB' });
  });

  it('a folder with them checks the regular file and gives each of the others its own error', async () => {
    const reports = await checkEntries(collectFiles([root]), QUICK, { jobs: 2, timeoutMs: 60_000, checkFile: realCheckFile });
    const outcome = reports.map((r) => [r.path.slice(root.length + 1), r.error?.message ?? r.derivations[0]?.steps[0]?.verdict]);
    expect(outcome).toEqual([
      ['huge.tex', 'file too large (4 MB); deriva reads files of at most 4 MB'],
      ['ok.tex', 'proved'],
      ['pipe.tex', 'not a regular file (a FIFO); only regular files are read'],
      ['zero.tex', 'not a regular file (a character device); only regular files are read'],
    ]);
  });
});

describe('the built deriva binary', () => {
  let build: Compiled;
  beforeAll(async () => { build = await compiled(); }, 240_000);

  it('reports special files named on the command line as errors, exit 2, without reading them', async () => {
    const root = tempTree({});
    symlinkSync('/dev/zero', join(root, 'zero.tex'));
    mkfifoSync(join(root, 'pipe.tex'));
    const run = await deriva(build.cli, ['check', join(root, 'zero.tex'), join(root, 'pipe.tex'), '--json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.files.map((f) => f.error?.message)).toEqual([
      'not a regular file (a FIFO); only regular files are read',
      'not a regular file (a character device); only regular files are read',
    ]);
    expect(run.code).toBe(2);
  }, 120_000);

  it('--timeout stops a single file (a 100,000-row align) and says so; memory stays bounded', async () => {
    const rows = ['f &= x', ...Array.from({ length: 100_000 }, () => '&= x')];
    const root = tempTree({ 'rows.tex': align(...rows) });
    const run = await peakMemory(build.cli, ['check', join(root, 'rows.tex'), '--json', '--timeout', '2']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.files).toHaveLength(1);
    expect(report.files[0]!.error?.message).toBe('timed out after 2 s');
    expect(run.code).toBe(2);
    expect(run.peakMb).toBeLessThan(1024);
  }, 120_000);

  it('--timeout holds for a folder with one readable path too, and the other entries keep their errors', async () => {
    const rows = ['f &= x', ...Array.from({ length: 100_000 }, () => '&= x')];
    const root = tempTree({ 'rows.tex': align(...rows) });
    symlinkSync(join(root, 'gone.tex'), join(root, 'dangling.tex'));
    const run = await deriva(build.cli, ['check', root, '--json', '--timeout', '2', '--jobs', '1']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.files.map((f) => [f.path.slice(root.length + 1), f.error?.message])).toEqual([
      ['dangling.tex', 'cannot read file: no such file or directory'],
      ['rows.tex', 'timed out after 2 s'],
    ]);
  }, 120_000);

  describe('the same seed gives identical JSON while another process keeps a core busy', () => {
    let busy: ChildProcess | null = null;
    afterAll(() => { busy?.kill(); });

    it('byte for byte, with --jobs 1 and --jobs 2', async () => {
      const root = tempTree({
        'kl-chain-rule.tex': readFileSync('derivations/kl-chain-rule.tex'),
        'one-di-city.tex': readFileSync('derivations/one-di-city.tex'),
        // a refuted step: its counterexample is found and shrunk by counted work only
        'wrong.tex': align('(a+b)^2 &= a^2 + b^2', '\\frac{x^2 - 1}{x - 1} &= x - 1', '\\log(xy) &= \\log x \\cdot \\log y'),
      });
      const args = ['check', root, '--json', '--seed', '7'];
      const idle = await deriva(build.cli, [...args, '--jobs', '1']);
      busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
      const loaded = await deriva(build.cli, [...args, '--jobs', '2']);
      const loadedSerial = await deriva(build.cli, [...args, '--jobs', '1']);
      busy.kill();
      busy = null;
      const report = JSON.parse(idle.stdout) as Report;
      expect(report.files).toHaveLength(3);
      expect(report.summary.refuted).toBeGreaterThan(0);
      expect(loaded.stdout).toBe(idle.stdout);
      expect(loadedSerial.stdout).toBe(idle.stdout);
    }, 600_000);
  });
});

/** Runs the CLI and samples its peak resident memory (Linux's VmHWM; the worker threads are in it). */
function peakMemory(cli: string, args: string[]): Promise<Run & { peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* the process has ended */ }
    }, 20);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code: code ?? -1, stdout, stderr, peakMb: peakKb / 1024 });
    });
  });
}
