// The event files of one Loupe training run, laid out as Keras' TensorBoard
// callback lays them out: LOGDIR/<run>/train and LOGDIR/<run>/validation, so
// `tensorboard --logdir LOGDIR` shows the run's two curves of each metric
// (e.g. epoch_loss) in one chart, and so does Loupe's own monitor.
import { isAbsolute, join } from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { EventFileWriter, type EventFileWriterOptions } from './event-file-writer.js';

export interface RunEventWriters {
  train: EventFileWriter;
  validation: EventFileWriter;
  /** Flushes (fsyncs) both files. */
  flush(): Result<void>;
  close(): Result<void>;
}

/** A run name is a relative folder path: `2026-12-02/cnn-a` is fine, `../x` or `/x` are not. */
export function checkRunName(run: string): string | null {
  if (typeof run !== 'string' || run.trim() === '') return 'run name must be a non-empty string';
  if (isAbsolute(run) || run.split(/[/\\]/).some((part) => part === '..' || part === '')) {
    return `run name must be a relative folder path without "..", got "${run}"`;
  }
  return null;
}

export function openRunEventWriters(logdir: string, run: string, options: EventFileWriterOptions = {}): Result<RunEventWriters> {
  const bad = checkRunName(run);
  if (bad) return fail('bad-request', bad, run);
  const train = EventFileWriter.open(join(logdir, run, 'train'), options);
  if (!train.ok) return train;
  const validation = EventFileWriter.open(join(logdir, run, 'validation'), options);
  if (!validation.ok) {
    train.value.close();
    return validation;
  }
  const both = (f: (w: EventFileWriter) => Result<void>): Result<void> => {
    const a = f(train.value);
    const b = f(validation.value);
    return a.ok ? b : a;
  };
  return ok({
    train: train.value,
    validation: validation.value,
    flush: () => both((w) => w.flush()),
    close: () => both((w) => w.close()),
  });
}
