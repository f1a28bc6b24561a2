/**
 * A small pool of worker threads for batch checking: each worker takes one input
 * at a time; a worker that exceeds the per-input timeout, crashes, or runs out
 * of memory is terminated and replaced, and that input alone gets a failure
 * result. Results are delivered per input index, whatever order they finish in.
 *
 * Owns: worker lifecycle, timeouts, crash isolation. Must not: know what the
 * inputs mean — the worker script and `onFailure` give them meaning.
 *
 * Protocol: the pool posts `{ id, input }`; the worker answers `{ id, output }`.
 *
 * A worker can be started before its inputs are known (`StartedWorker`): a cold
 * start then loads the worker's modules while the caller is still loading its own.
 */
import { Worker } from 'node:worker_threads';

export interface PoolOptions<I, O> {
  readonly workerUrl: URL;
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly workerData?: unknown;
  /** Heap limit of one worker, so that a pathological input kills its worker, not the process. */
  readonly maxHeapMb?: number;
  /** The result of an input whose worker timed out or crashed. */
  readonly onFailure: (input: I, message: string) => O;
  /** Called as each input finishes, in completion order. */
  readonly onResult?: (index: number, output: O) => void;
  /** A worker started ahead with the same url, data and heap limit; it takes the first inputs. */
  readonly started?: Worker | null;
}

/** The options a worker is made with; a started one must be made with the pool's. */
type Spawn = Pick<PoolOptions<unknown, unknown>, 'workerUrl' | 'workerData' | 'maxHeapMb'>;

const spawn = (options: Spawn): Worker => new Worker(options.workerUrl, {
  workerData: options.workerData,
  ...(options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}),
});

/**
 * A worker started before anything is asked of it. Until it is taken it keeps no process alive,
 * and a failure to start is noted, not thrown: it is then simply not taken, and the pool starts
 * a fresh one.
 */
export class StartedWorker {
  private worker: Worker | null;

  constructor(options: Spawn) {
    const worker = spawn(options);
    worker.unref();
    const lost = (): void => { if (this.worker === worker) this.worker = null; };
    worker.on('error', lost);
    worker.on('exit', lost);
    this.worker = worker;
  }

  /** Whether there is a live worker to take. */
  get available(): boolean {
    return this.worker !== null;
  }

  /** The worker, once, if it is still alive. */
  take(): Worker | null {
    const worker = this.worker;
    this.worker = null;
    worker?.ref();
    return worker;
  }

  /** Stops it if nobody took it. */
  dispose(): void {
    void this.take()?.terminate();
  }
}

/** The failure text of an input that ran out of time. */
export const timeoutMessage = (ms: number): string => `timed out after ${Math.round(ms / 100) / 10} s`;

interface Reply<O> { readonly id: number; readonly output: O }

export function runInWorkers<I, O>(inputs: readonly I[], options: PoolOptions<I, O>): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let started = options.started ?? null;
  if (inputs.length === 0) {
    void started?.terminate();
    return Promise.resolve(results);
  }
  let next = 0;
  let finished = 0;
  const timeoutText = timeoutMessage(options.timeoutMs);

  return new Promise((resolve) => {
    const settle = (index: number, output: O): void => {
      results[index] = output;
      finished++;
      options.onResult?.(index, output);
      if (finished === inputs.length) resolve(results);
    };

    const startWorker = (): void => {
      const worker = started ?? spawn(options);
      started = null;
      let current: { index: number; timer: NodeJS.Timeout } | null = null;
      let retired = false;

      const feed = (): void => {
        if (next >= inputs.length) {
          retired = true;
          void worker.terminate();
          return;
        }
        const index = next++;
        current = { index, timer: setTimeout(() => fail(timeoutText), options.timeoutMs) };
        worker.postMessage({ id: index, input: inputs[index] });
      };

      // The input in hand fails; this worker is done for, a fresh one takes over the rest.
      const fail = (message: string): void => {
        if (retired) return;
        retired = true;
        void worker.terminate();
        if (current) {
          clearTimeout(current.timer);
          const { index } = current;
          current = null;
          settle(index, options.onFailure(inputs[index]!, message));
        }
        if (next < inputs.length) startWorker();
      };

      worker.on('message', (reply: Reply<O>) => {
        if (!current || reply.id !== current.index) return;
        clearTimeout(current.timer);
        const { index } = current;
        current = null;
        settle(index, reply.output);
        feed();
      });
      worker.on('error', (e: Error) => fail(`checker crashed: ${describeWorkerError(e)}`));
      worker.on('exit', (code) => fail(`checker worker exited unexpectedly (code ${code})`));
      feed();
    };

    for (let k = 0; k < Math.min(Math.max(1, options.jobs), inputs.length); k++) startWorker();
  });
}

function describeWorkerError(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'ran out of memory';
  return e.message.split('\n')[0] ?? 'unknown error';
}
