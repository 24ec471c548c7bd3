// The training progress of `npm run train`, on stderr: a live bar per epoch on
// a terminal (steps, loss, samples/s, ETA), and on a pipe or CI log a plain
// line every few seconds. Epoch summaries go to stdout through the command.
import cliProgress from 'cli-progress';
import type { TrainProgress } from '../learn/train/training-run.js';

export interface TrainProgressReporter {
  update(p: TrainProgress): void;
  /** Ends the current bar, so a line can be printed below it. */
  pause(): void;
  stop(): void;
}

const fmt = (v: number | undefined, digits = 3): string => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

export function createTrainProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 3000): TrainProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'epoch {epochNo}/{epochs} [{bar}] {value}/{total} steps | loss {loss} | {sps} samples/s | ETA {eta}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let running = false;
    return {
      update(p) {
        if (p.state !== 'training' || p.stepsPerEpoch === 0) return;
        const inEpoch = p.step - p.epoch * p.stepsPerEpoch;
        const values = { epochNo: p.epoch + 1, epochs: p.epochs, loss: fmt(p.metrics.batch_loss), sps: fmt(p.samplesPerSec, 1), eta: p.etaSec === null ? '–' : `${Math.round(p.etaSec)}s` };
        if (!running) {
          bar.start(p.stepsPerEpoch, Math.max(0, inEpoch), values);
          running = true;
        }
        bar.update(Math.max(0, Math.min(p.stepsPerEpoch, inEpoch)), values);
      },
      pause() {
        if (running) bar.stop();
        running = false;
      },
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let lastAt = 0;
  return {
    update(p) {
      if (p.state !== 'training' || p.stepsPerEpoch === 0) return;
      const now = Date.now();
      if (now - lastAt < intervalMs) return;
      lastAt = now;
      const inEpoch = p.step - p.epoch * p.stepsPerEpoch;
      stream.write(`epoch ${p.epoch + 1}/${p.epochs}: step ${inEpoch}/${p.stepsPerEpoch}, loss ${fmt(p.metrics.batch_loss)}, ${fmt(p.samplesPerSec, 1)} samples/s\n`);
    },
    pause() {},
    stop() {},
  };
}
