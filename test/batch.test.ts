import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectFiles } from '../src/batch/walk.js';
import { runInWorkers, StartedWorker } from '../src/batch/pool.js';
import { checkEntries, largestFirst, workerEntry } from '../src/batch/index.js';
import { DEFAULT_CHECK_OPTIONS } from '../src/check/options.js';
import { arithmeticChecker, tempTree } from './cli-fixtures.js';

describe('collectFiles', () => {
  it('walks folders for .tex/.md in sorted order, skipping node_modules and dot-folders', () => {
    const root = tempTree({
      'b.tex': '', 'a.md': '', 'A.TEX': '', 'sub/z.tex': '', 'sub/deeper/y.md': '', 'notes.txt': '',
      'node_modules/x.tex': '', '.git/x.tex': '', '.hidden.tex': '',
    });
    const paths = collectFiles([root]).map((e) => e.path.slice(root.length + 1));
    expect(paths).toEqual(['.hidden.tex', 'A.TEX', 'a.md', 'b.tex', 'sub/deeper/y.md', 'sub/z.tex']);
  });

  it('keeps an explicit file whatever its extension, reports a missing path, de-duplicates', () => {
    const root = tempTree({ 'notes.txt': '', 'a.tex': '' });
    const entries = collectFiles([join(root, 'notes.txt'), join(root, 'gone.tex'), root, join(root, 'a.tex')]);
    expect(entries.map((e) => [e.path.slice(root.length + 1), e.error])).toEqual([
      ['a.tex', null], ['gone.tex', 'no such file or directory'], ['notes.txt', null],
    ]);
  });
});

/** A worker speaking the pool's protocol; its input says how to behave. */
const FAKE_WORKER = `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', ({ id, input }) => {
  if (input === 'who') return parentPort.postMessage({ id, output: 'thread:' + threadId });
  if (input === 'hang') { for (;;) {} }
  if (input === 'crash') throw new Error('worker blew up');
  if (input === 'exit') process.exit(3);
  if (input === 'hog') { const a = []; for (;;) a.push(new Array(1e5).fill(id)); }
  setTimeout(() => parentPort.postMessage({ id, output: 'ok:' + input }), input === 'slow' ? 150 : 1);
});
`;

describe('runInWorkers', () => {
  const workerUrl = (() => {
    const root = tempTree({});
    writeFileSync(join(root, 'worker.mjs'), FAKE_WORKER);
    return pathToFileURL(join(root, 'worker.mjs'));
  })();

  it('returns results by input index whatever the completion order', async () => {
    const finished: number[] = [];
    const inputs = ['slow', 'a', 'b', 'c'];
    const out = await runInWorkers(inputs, {
      workerUrl, jobs: 2, timeoutMs: 5000, onFailure: (i, m) => `failed:${i}:${m}`,
      onResult: (index) => finished.push(index),
    });
    expect(out).toEqual(['ok:slow', 'ok:a', 'ok:b', 'ok:c']);
    expect(finished[0]).not.toBe(0);
    expect([...finished].sort()).toEqual([0, 1, 2, 3]);
  });

  it('a hanging, crashing or exiting worker fails only its own input; replacements finish the rest', async () => {
    const inputs = ['a', 'hang', 'b', 'crash', 'c', 'exit', 'd'];
    // the limit also covers a replacement worker's start, which takes long on a loaded machine
    const out = await runInWorkers(inputs, { workerUrl, jobs: 2, timeoutMs: 2500, onFailure: (i, m) => `failed:${i}:${m}` });
    expect(out).toEqual([
      'ok:a', 'failed:hang:timed out after 2.5 s', 'ok:b', 'failed:crash:checker crashed: worker blew up',
      'ok:c', 'failed:exit:checker worker exited unexpectedly (code 3)', 'ok:d',
    ]);
  });

  it('a worker over its heap limit fails alone', async () => {
    const out = await runInWorkers(['hog', 'a'], { workerUrl, jobs: 1, timeoutMs: 20_000, maxHeapMb: 32, onFailure: (i, m) => `failed:${i}:${m}` });
    expect(out).toEqual(['failed:hog:checker crashed: ran out of memory', 'ok:a']);
  });

  it('a worker started ahead takes the first input; one that failed to start is not taken', async () => {
    const early = new StartedWorker({ workerUrl });
    const worker = early.take()!;
    expect(early.take()).toBeNull();
    const out = await runInWorkers(['who', 'a'], { workerUrl, jobs: 1, timeoutMs: 5000, onFailure: () => 'x', started: worker });
    expect(out).toEqual([`thread:${worker.threadId}`, 'ok:a']);

    const broken = join(tempTree({ 'broken.mjs': "throw new Error('cannot load');\n" }), 'broken.mjs');
    const failed = new StartedWorker({ workerUrl: pathToFileURL(broken) });
    for (let k = 0; k < 500 && failed.available; k++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failed.take()).toBeNull();
    failed.dispose();
  });

  it('a worker started ahead and not needed is stopped', async () => {
    const early = new StartedWorker({ workerUrl });
    const worker = early.take()!;
    const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
    expect(await runInWorkers([], { workerUrl, jobs: 1, timeoutMs: 10, onFailure: () => 'x', started: worker })).toEqual([]);
    expect(typeof await exited).toBe('number');
  });

  it('no inputs, no workers', async () => {
    expect(await runInWorkers([], { workerUrl, jobs: 4, timeoutMs: 10, onFailure: () => 'x' })).toEqual([]);
  });
});

describe('largestFirst', () => {
  it('hands out the largest files first, equal sizes in their own order', () => {
    expect(largestFirst([10, 300, 0, 300, 42])).toEqual([1, 3, 4, 0, 2]);
    expect(largestFirst([])).toEqual([]);
  });
});

describe('checkEntries in this process', () => {
  it('runs from sources without workers (a worker cannot load .ts)', () => {
    expect(workerEntry()).toBeNull();
  });

  it('keeps sorted order, turns throws and hangs into that file’s error', async () => {
    const root = tempTree({ 'a.tex': '1 = 1\n', 'b.tex': 'CRASH\n', 'c.tex': 'HANG\n', 'd.tex': '1 = 2\n' });
    const reports = await checkEntries(collectFiles([root]), DEFAULT_CHECK_OPTIONS, { jobs: 4, timeoutMs: 300, checkFile: arithmeticChecker() });
    expect(reports.map((r) => [r.path.slice(root.length + 1), r.error?.message ?? r.derivations[0]?.steps[0]?.verdict])).toEqual([
      ['a.tex', 'proved'],
      ['b.tex', 'internal error while checking: stand-in checker crashed on purpose'],
      ['c.tex', 'timed out after 0.3 s'],
      ['d.tex', 'refuted'],
    ]);
  });
});
