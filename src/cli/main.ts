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
 * (the rest is imported after it has started). Before either, it tunes V8's tiering for the
 * process (below: why).
 */
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { startCheckerWorker } from '../batch/checker-worker.js';

// V8 optimises a function after a fixed amount of interpreted work and throws the code away
// when a later input breaks its assumptions. The checker's many small functions over a dozen
// node shapes did that over and over: one check of derivations/ optimised 1,921 times and
// deoptimised 809 times, on compiler threads competing with the checker's for the cores.
// Waiting ~9× longer before optimising halves both (907 and 333) and cut the whole process's
// CPU by ~20%. Only speed changes (budgets count work, not time); V8 flags are per process,
// so the checker's worker threads run under it too.
setFlagsFromString('--interrupt-budget=600000');

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
