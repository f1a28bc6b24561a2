/**
 * Where the CLI writes and what it knows of its terminal, passed in rather than
 * taken from `process` so that every command runs the same in tests.
 */
import { WriteStream } from 'node:tty';

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
  /** The folder relative paths and the project configuration are read from (default: the process's). */
  readonly cwd?: string;
}

/**
 * Colour as Node decides it for a terminal (tty.WriteStream#hasColors): NO_COLOR and
 * TERM=dumb turn it off, FORCE_COLOR turns it on — even into a pipe — or off (0).
 * hasColors reads only the environment it is given, so it is called on that alone.
 */
export function colorEnabled(io: CliIO, stream: Output = io.stdout): boolean {
  if (!stream.isTTY && io.env['FORCE_COLOR'] === undefined) return false;
  const hasColors = WriteStream.prototype.hasColors as (count: number, env: object) => boolean;
  return hasColors.call(null, 16, { ...io.env });
}

export function processIO(signal?: AbortSignal): CliIO {
  const wrap = (stream: NodeJS.WriteStream): Output => ({
    write: (text) => { stream.write(text); },
    get isTTY() { return stream.isTTY === true; },
    get columns() { return stream.columns; },
  });
  return { stdout: wrap(process.stdout), stderr: wrap(process.stderr), env: process.env, ...(signal ? { signal } : {}) };
}
