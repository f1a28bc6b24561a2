#!/usr/bin/env node
/**
 * The `deriva` executable: runs the CLI on process.argv and sets the exit code.
 * Ctrl-C ends --watch cleanly; anything that escapes everything else is still one
 * line on stderr with exit code 2, and a closed stdout pipe (`| head`) is not an error.
 */
import { processIO } from './io.js';
import { runCli } from './run.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

const lastResort = (e: unknown): void => {
  if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`deriva: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(2);
};
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);
process.stdout.on('error', lastResort);

process.exitCode = await runCli(process.argv.slice(2), processIO(stop.signal));
