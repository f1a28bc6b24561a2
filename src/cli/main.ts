#!/usr/bin/env node
/**
 * The `deriva` executable: runs the CLI on process.argv and sets the exit code.
 * Ctrl-C ends --watch cleanly, with the exit code of the files' last state; it
 * ends any other command at once (130, as shells expect). Anything that escapes
 * everything else is still one line on stderr with exit code 2, and a closed
 * stdout pipe (`| head`) is not an error.
 */
import { getEventListeners } from 'node:events';
import { processIO } from './io.js';
import { runCli } from './run.js';

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

process.exitCode = await runCli(process.argv.slice(2), processIO(stop.signal));
