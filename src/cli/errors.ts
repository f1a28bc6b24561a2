/**
 * Failures a command reports in one line with exit code 2 (a file it cannot
 * write, a feature not installed) — as opposed to per-file input errors, which
 * live in the report, and to usage errors (settings.ts).
 */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}
