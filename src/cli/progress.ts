/**
 * The progress bar of a batch check, on stderr and only when stderr is a terminal
 * (never with --json). Lines written to stdout meanwhile go through `around`, which
 * clears the bar first and redraws it after, so the two never interleave on screen.
 */
import type { Output } from './io.js';

export interface Progress {
  /** One more file done; `failed` when it has a refuted or erroneous step. */
  tick(failed: boolean): void;
  /** Run a write to the terminal with the bar out of the way. */
  around(write: () => void): void;
  done(): void;
}

const NO_PROGRESS: Progress = { tick: () => {}, around: (write) => write(), done: () => {} };

export function progressBar(out: Output, total: number, enabled: boolean): Progress {
  if (!enabled || !out.isTTY || total < 2) return NO_PROGRESS;
  let finished = 0;
  let failed = 0;
  let shown = false;
  const draw = (): void => {
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 40));
    const filled = Math.round((finished / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const pct = Math.floor((finished / total) * 100);
    out.write(`\r\x1b[K${bar} ${finished}/${total} files ${pct}%${failed > 0 ? `  ${failed} with problems` : ''}`);
    shown = true;
  };
  const clear = (): void => {
    if (shown) out.write('\r\x1b[K');
    shown = false;
  };
  return {
    tick(isFailed) {
      finished++;
      if (isFailed) failed++;
      draw();
    },
    around(write) {
      clear();
      write();
      if (finished < total) draw();
    },
    done: clear,
  };
}
