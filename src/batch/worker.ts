/**
 * Worker-thread entry of batch checking: checks one file per message with the
 * real checker and posts the FileReport back (see pool.ts for the protocol).
 *
 * Must not: print, exit, or let an exception escape — a thrown error (even the
 * checker failing to load) becomes the file's error, exactly as in-process.
 */
import { parentPort } from 'node:worker_threads';
import type { CheckOptions } from '../check/options.js';
import { realCheckFile } from './index.js';
import { internalErrorReport } from '../check/report.js';

// Load the checker now, before the first file arrives: a worker started ahead of time (a cold
// start) loads it while the main thread is still loading the CLI. A failure here is the first
// file's error, reported by realCheckFile's own import.
import('../check/index.js').catch(() => undefined);

interface Task { readonly id: number; readonly input: { readonly path: string; readonly options: CheckOptions } }

parentPort?.on('message', (task: Task) => {
  const { path, options } = task.input;
  realCheckFile(path, options)
    .catch((e: unknown) => internalErrorReport(path, e))
    .then((output) => parentPort?.postMessage({ id: task.id, output }));
});
