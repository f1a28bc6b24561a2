#!/usr/bin/env node
/**
 * The `deriva` executable: runs the CLI on process.argv and sets the exit code.
 * Ctrl-C ends --watch cleanly, with the exit code of the files' last state; it
 * ends any other command at once (130, as shells expect). Anything that escapes
 * everything else is still one line on stderr with exit code 2, and a closed
 * stdout pipe (`| head`) is not an error.
 *
 * For `deriva check` a checker worker starts before the CLI's own modules load, so
 * that a cold start loads the two in parallel; only the pool is loaded before it
 * (the rest is imported after it has started).
 */
import { getEventListeners } from 'node:events';
import { startCheckerWorker } from '../batch/checker-worker.js';

const argv = process.argv.slice(2);
const command = argv.find((a) => !a.startsWith('-'));
const startedWorker = command === 'check' ? startCheckerWorker() : null;

const { processIO } = await import('./io.js');
const { runCli } = await import('./run.js');

const stop = new AbortController();
process.on('SIGINT', () => {
  // Only --watch listens for the abort; nothing else has a clean way to stop half-way.
  const watching = getEventListeners(stop.signal, 'abort').length > 0;
  if (!watching || stop.signal.aborted) process.exit(130);
  stop.abort();
});

const lastResort = (e: unknown): void => {
  if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`deriva: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(2);
};
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);
process.stdout.on('error', lastResort);

process.exitCode = await runCli(argv, processIO(stop.signal), startedWorker ? { startedWorker } : {});
