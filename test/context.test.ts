/**
 * Problem contexts through checkSource, the CLI's own path: a file is checked in the section of a
 * context it is about (or the one `FILE#label` names), its own definitions replace the context's,
 * and a context that cannot be read is a problem at the file's directive that keeps every
 * refutation back (the step may rest on what the context defines).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import type { FileReport } from '../src/check/report.js';
import { runCli } from '../src/cli/run.js';
import { memoryIO } from './cli-fixtures.js';

const options = { ...DEFAULT_CHECK_OPTIONS, samples: 60 };
const folder = mkdtempSync(join(tmpdir(), 'deriva-context-'));
writeFileSync(join(folder, 'problems.tex'), [
  'Shared notation: $n$ is a positive integer.',
  '\\section{Alpha}\\label{alpha}',
  'Let $f(x) := x^2$ and let $a$ and $b$ be reals.',
  '\\section{Beta}\\label{beta}',
  'Let $f(x) := x^3$ and let $c$ and $d$ be reals.',
  '',
].join('\n'));

const check = (text: string): Promise<FileReport> => checkSource(join(folder, 'derivation.tex'), text, options);
const display = (...rows: string[]): string => `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n`;
const verdicts = (r: FileReport): string[] => r.derivations.flatMap((d) => d.steps.map((s) => s.verdict));

describe('problem contexts', () => {
  it('check a file in the section whose own names it uses', async () => {
    const alpha = await check(`% context: problems.tex\n${display('f(a) + b &= a^2 + b')}`);
    expect(verdicts(alpha)).toEqual(['proved']);
    const beta = await check(`% context: problems.tex\n${display('f(c) + d &= c^3 + d', '&= c^2 + d')}`);
    expect(verdicts(beta)).toEqual(['proved', 'refuted']);
  });

  it('a section named by its label applies, and a definition in the file replaces the context\'s', async () => {
    const r = await check(`% context: problems.tex#beta\nLet $f(x) := 2x$.\n${display('f(c) + d &= 2c + d')}`);
    expect(verdicts(r)).toEqual(['proved']);
  });

  it('a file about no section gets the preamble only: the definitions of f stay out', async () => {
    const r = await check(`% context: problems.tex\n${display('f(u) + v &= u^2 + v')}`);
    expect(verdicts(r)).not.toContain('proved');
  });

  it('a context that cannot be read is a problem at the directive, and nothing is refuted', async () => {
    const r = await check(`\n% context: missing.tex\n${display('f(c) + d &= c^3 + d', '&= c^2 + d')}`);
    expect(r.problems.map((p) => [p.line, p.message.includes('missing.tex')])).toEqual([[2, true]]);
    expect(verdicts(r)).toEqual(['unverified', 'unverified']);
  });

  it('a label that names no section is a problem, not a silent whole-file context', async () => {
    const r = await check(`% context: problems.tex#gamma\n${display('f(a) + b &= a^2 + b')}`);
    expect(r.problems.some((p) => p.message.includes('gamma'))).toBe(true);
    expect(verdicts(r)).not.toContain('refuted');
  });
});

describe('deriva context', () => {
  it('prints each section\'s symbols with kind, domain and the line of each statement', async () => {
    const io = memoryIO({ cwd: folder });
    expect(await runCli(['context', 'problems.tex'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('2 sections');
    expect(out).toMatch(/§ Alpha {2}#alpha {2}\(lines 2–3\)/);
    expect(out).toMatch(/f +function\n +definition: f\(x\) {1,2}= x\^2 {3}\(line 3\)/);
    expect(out).toMatch(/n +count, integer ≥ 1/);
    expect(io.err()).toBe('');
  });

  it('FILE#label shows the preamble and that section only', async () => {
    const io = memoryIO({ cwd: folder });
    expect(await runCli(['context', 'problems.tex#beta'], io)).toBe(0);
    expect(io.out()).toContain('§ Beta');
    expect(io.out()).not.toContain('§ Alpha');
  });

  it('a law with a condition is one statement, never split at the commas of its condition', async () => {
    writeFileSync(join(folder, 'law.tex'), 'Suppose that $y \\mid u, v \\sim \\mathcal N(u, v^2)$.\n% assume: v > 0\n');
    const io = memoryIO({ cwd: folder });
    expect(await runCli(['context', 'law.tex'], io)).toBe(0);
    expect(io.out()).toContain('law: y \\mid u, v \\sim \\mathcal N(u, v^2)');
    expect(io.out()).not.toMatch(/law: v \\sim/);
  });

  it('a missing context is exit 2 with its reason', async () => {
    const io = memoryIO({ cwd: folder });
    expect(await runCli(['context', 'nowhere.tex'], io)).toBe(2);
    expect(io.err()).toMatch(/nowhere\.tex.*(no such file|cannot read)/);
  });
});

describe('a law conditioned on several variables in a display', () => {
  it('is one conditional law, not a law of its last condition, and not a read problem', async () => {
    writeFileSync(join(folder, 'posterior.tex'), '\\section{Posterior}\nLet $a$ and $b$ be reals.\n\\[\ny \\mid a, b \\sim \\mathcal N(a, b^2)\n\\]\n');
    const io = memoryIO({ cwd: folder });
    expect(await runCli(['context', 'posterior.tex'], io)).toBe(0);
    expect(io.out()).toContain('law: y \\mid a, b \\sim \\mathcal N(a, b^2)');
    expect(io.out()).not.toMatch(/law: b \\sim/);
    const r = await checkSource(join(folder, 'uses-posterior.tex'), `% context: posterior.tex\n${display('a + b &= b + a')}`, options);
    expect(r.problems).toEqual([]);
    expect(verdicts(r)).toEqual(['proved']);
  });
});

describe('a context that defines the measures of its notation', () => {
  it('homework3\'s kl-mle section reads without a problem: H(P) := … keeps H the entropy, so H_P(X|Y) is one', async () => {
    // H became the file's function, and every file in the section got "expected '|' to close the '|'"
    const report = await checkSource('derivations/entropy.tex',
      '% context: ../contexts/homework3.tex#sec:kl-mle\n\\[ H_P(X|Y) = -\\sum_{y} P(y)\\sum_{x} P(x|y)\\log P(x|y) \\]\n', options);
    expect(report.problems).toEqual([]);
    expect(report.derivations.flatMap((d) => d.steps).map((s) => s.verdict)).toEqual(['proved']);
  });
  it('a letter of a notation defined on numbers stays the file\'s own function (H(\\theta) := \\theta^2 + 1)', async () => {
    const report = await checkSource('hessian.tex', '\\begin{align*}\nH(\\theta) &:= \\theta^2 + 1 \\\\\nH(2) &= 5\n\\end{align*}\n', options);
    expect(report.derivations.flatMap((d) => d.steps).map((s) => s.verdict)).toEqual(['definition', 'proved']);
  });
});

describe('the samples of a law\'s variable', () => {
  const inContext = (display: string) => checkSource('derivations/gibbs.tex', `% context: ../contexts/homework3.tex#sec:kl-mle\n${display}\n`, options);
  it('are outcomes of it: cross-entropy against the empirical law is at least its entropy (it was refuted with x^{(1)} = 2 outside the outcomes)', async () => {
    const verdicts = async (display: string) => (await inContext(display)).derivations.flatMap((d) => d.steps).map((s) => s.verdict);
    expect(await verdicts('\\[ H(\\hat P, P_\\theta) \\geq H(\\hat P) \\]')).toEqual(['confirmed']);
    expect(await verdicts('\\[ H(\\hat P, P_\\theta) \\leq H(\\hat P) \\]')).toEqual(['refuted']);
  });
});

describe('a claimed solution that moves with its variable', () => {
  it('the centroid update with y^{(i)} an arg min over μ is a fixed point: unverified, not refuted by one substitution', async () => {
    const report = await checkSource('derivations/centroid.tex', '% context: ../contexts/homework3.tex#sec:store-cluster\n\\begin{align*}\n'
      + '\\nabla_{\\mu^{(j)}} L_C(\\mu) = 0 &\\Rightarrow \\mu^{(j)} = \\frac{\\sum_{i=1}^r c^{(i)}\\,1\\{y^{(i)}=j\\}\\,x^{(i)}}{\\sum_{i=1}^r c^{(i)}\\,1\\{y^{(i)}=j\\}}\n\\end{align*}\n', options);
    const [step] = report.derivations.flatMap((d) => d.steps);
    // substituted once, the assignments moved and the gradient at the new point was not 0
    expect(step!.verdict).toBe('unverified');
    expect(step!.message).toContain('fixed point');
  });
});
