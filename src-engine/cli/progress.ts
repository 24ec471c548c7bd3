// Progress on stderr (stdout stays clean for pipes): a live bar on a terminal,
// and on a pipe or CI log a plain line every couple of seconds instead of a flood
// of carriage returns.
import cliProgress from 'cli-progress';
import type { RunProgress } from './inspection-run.js';

export interface ProgressReporter {
  update(progress: RunProgress): void;
  stop(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, intervalMs = 2000): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'inspecting [{bar}] {value}/{total} | skipped {skipped} | {duration}s', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update({ done, skipped, total }) {
        const value = done + skipped;
        if (!started) {
          bar.start(total ?? 0, value, { skipped });
          started = true;
        }
        // An unknown length (a stream) grows the bar as we go.
        if (total === null) bar.setTotal(value);
        bar.update(value, { skipped });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastAt = 0;
  let last: RunProgress | null = null;
  let lastPrinted: RunProgress | null = null;
  const line = (progress: RunProgress) => {
    lastPrinted = progress;
    const { done, skipped, total } = progress;
    stream.write(`inspected ${done}${total === null ? '' : `/${total}`} (skipped ${skipped})\n`);
  };
  return {
    update(progress) {
      last = progress;
      const now = Date.now();
      if (now - lastAt >= intervalMs) {
        lastAt = now;
        line(progress);
      }
    },
    stop() {
      if (last && last !== lastPrinted) line(last); // always end on the final count
    },
  };
}
