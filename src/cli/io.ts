/**
 * Where the CLI writes and what it knows of its terminal, passed in rather than
 * taken from `process` so that every command runs the same in tests.
 */
export interface Output {
  write(text: string): void;
  /** Whether this stream is a terminal (progress bars and colour only go to terminals). */
  readonly isTTY: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

export interface CliIO {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Ends long-running commands (--watch) when aborted, e.g. on Ctrl-C. */
  readonly signal?: AbortSignal;
}

/** NO_COLOR (any non-empty value, see no-color.org) or a non-terminal stdout turns colour off. */
export function colorEnabled(io: CliIO): boolean {
  const noColor = io.env['NO_COLOR'];
  return io.stdout.isTTY && (noColor === undefined || noColor === '');
}

export function processIO(signal?: AbortSignal): CliIO {
  const wrap = (stream: NodeJS.WriteStream): Output => ({
    write: (text) => { stream.write(text); },
    get isTTY() { return stream.isTTY === true; },
    get columns() { return stream.columns; },
  });
  return { stdout: wrap(process.stdout), stderr: wrap(process.stderr), env: process.env, ...(signal ? { signal } : {}) };
}
