/**
 * The CLI as a function: argv and an IO in, an exit code out. Every failure ends
 * here as one line on stderr and exit code 2 — never a stack trace.
 *
 * Must not: call process.exit (main.ts does), or print to stdout outside a command.
 */
import { helpText, parseInvocation, UsageError } from './settings.js';
import type { CliIO } from './io.js';
import { CommandError } from './errors.js';
import { runCheck, type CliDeps } from './check-command.js';
import { runRender } from './render-command.js';
import { runRules } from './rules-command.js';
import { runContext } from './context-command.js';
import { packageVersion } from './version.js';

export type { CliDeps } from './check-command.js';

export { packageVersion } from './version.js';

export async function runCli(argv: readonly string[], io: CliIO, deps: CliDeps = {}): Promise<number> {
  try {
    const invocation = parseInvocation(argv);
    switch (invocation.kind) {
      case 'help':
        io.stdout.write(helpText(invocation.command));
        return 0;
      case 'version':
        io.stdout.write(`deriva ${packageVersion()}\n`);
        return 0;
      case 'run': {
        const { line } = invocation;
        if (line.command === 'check') return await runCheck(line, io, deps);
        if (line.command === 'render') return await runRender(line, io, deps);
        if (line.command === 'context') return await runContext(line, io);
        if (line.positionals.length > 0) throw new UsageError('rules takes no arguments');
        return await runRules(io);
      }
    }
  } catch (e) {
    io.stderr.write(`deriva: ${describeFailure(e)}\n`);
    return 2;
  }
}

function describeFailure(e: unknown): string {
  if (e instanceof UsageError || e instanceof CommandError) return e.message;
  const text = e instanceof Error ? e.message : String(e);
  return `internal error: ${text.split('\n')[0]} (please report this)`;
}
