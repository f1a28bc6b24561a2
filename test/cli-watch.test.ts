import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/run.js';
import { changedSteps } from '../src/cli/watch.js';
import { arithmeticChecker, fileReport, memoryIO, step, tempTree } from './cli-fixtures.js';

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('changedSteps', () => {
  it('keeps only new steps and steps whose verdict changed', () => {
    const before = fileReport('a.tex', [step({ line: 1, verdict: 'proved' }), step({ line: 2, verdict: 'refuted' })]);
    const after = fileReport('a.tex', [step({ line: 1, verdict: 'proved', to: 'edited' }), step({ line: 2, verdict: 'confirmed' }), step({ line: 3, verdict: 'proved' })]);
    expect(changedSteps(before, after).map((s) => [s.line, s.verdict])).toEqual([[2, 'confirmed'], [3, 'proved']]);
    expect(changedSteps(after, after)).toEqual([]);
  });
});

describe('deriva check --watch', () => {
  it('re-checks a saved file and prints only the steps whose verdict changed', async () => {
    const root = tempTree({ 'a.tex': '1 + 1 = 2\n2 + 2 = 5\n', 'b.tex': '3 = 3\n' });
    const stop = new AbortController();
    const io = memoryIO({ signal: stop.signal });
    const done = runCli(['check', root, '--watch'], io, { checkFile: arithmeticChecker() });
    await waitFor(() => io.out().includes('watching 2 file(s)'), 'the first check');
    expect(io.out()).toContain('2 + 2 = 5');

    const firstPass = io.out().length;
    writeFileSync(join(root, 'a.tex'), '1 + 1 = 2\n2 + 2 = 4\n');
    await waitFor(() => io.out().includes('re-checked'), 'the re-check');
    const update = io.out().slice(firstPass);
    expect(update).toContain(`${join(root, 'a.tex')} re-checked: 2 proved, 0 confirmed, 0 refuted, 0 unverified, 0 errors; 1 changed`);
    expect(update).toContain(`${join(root, 'a.tex')}:2:7  ✓ proved  2 + 2 = 4`);
    expect(update).not.toContain('1 + 1 = 2');
    expect(update).not.toContain('b.tex');

    const secondPass = io.out().length;
    writeFileSync(join(root, 'c.tex'), '5 = 6\n');
    await waitFor(() => io.out().slice(secondPass).includes('c.tex re-checked'), 'a new file in the folder');
    expect(io.out().slice(secondPass)).toContain('✗ refuted  5 = 6');

    // Ctrl-C: the exit code is the last state's — c.tex is refuted.
    stop.abort();
    expect(await done).toBe(1);
  });

  it('Ctrl-C exits 0 when the last state has nothing wrong, though the first had', async () => {
    const root = tempTree({ 'a.tex': '2 + 2 = 5\n' });
    const stop = new AbortController();
    const io = memoryIO({ signal: stop.signal });
    const done = runCli(['check', root, '--watch'], io, { checkFile: arithmeticChecker() });
    await waitFor(() => io.out().includes('watching 1 file(s)'), 'the first check');
    writeFileSync(join(root, 'a.tex'), '2 + 2 = 4\n');
    await waitFor(() => io.out().includes('re-checked'), 'the re-check');
    stop.abort();
    expect(await done).toBe(0);
  });
});
