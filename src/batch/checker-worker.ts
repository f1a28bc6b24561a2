/**
 * The worker that checks files: where its compiled entry is, the heap it may use, and starting
 * one ahead of time. Kept apart from batch/index.ts so that the CLI's entry can start a worker
 * before it loads anything else (this module loads only the pool).
 *
 * Owns: the checker worker's entry and limits. Must not: check, print or walk.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StartedWorker } from './pool.js';

/** Heap limit per worker: a runaway file dies alone; 2 workers stay well under SPEC's 1 GB. */
const WORKER_HEAP_MB = 384;

/** The compiled worker entry next to this module, or null when running from sources. */
export function workerEntry(): URL | null {
  const here = import.meta.url;
  if (!here.endsWith('.js')) return null;
  const url = new URL('./worker.js', here);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** How a checker worker is made: the pool's and one started ahead must be made alike. */
export const checkerWorkerOptions = (entry: URL) => ({ workerUrl: entry, maxHeapMb: WORKER_HEAP_MB });

/** A checker worker, started now so that it loads the checker while the caller loads the rest
 *  (null where no worker can run). */
export function startCheckerWorker(): StartedWorker | null {
  const entry = workerEntry();
  return entry === null ? null : new StartedWorker(checkerWorkerOptions(entry));
}
