// The runs library: TensorBoard event files written by Loupe's trainer and read
// from any log folder (Keras, tf.summary, tensorboardX / PyTorch, CatBoost).
export { EventFileWriter, type EventFileWriterOptions } from './event-file-writer.js';
export { openRunEventWriters, checkRunName, type RunEventWriters } from './run-event-writers.js';
export {
  LogdirWatcher,
  type LogdirDelta,
  type LogdirSnapshot,
  type LogdirSummary,
  type LogdirWatcherOptions,
  type RunsProblem,
  type RunsProblemKind,
  type RunStats,
} from './logdir-watcher.js';
export type { ScalarPoints, TagSummary } from './scalar-series.js';
export type { RunPoints, RunSummaries } from './run-scalars.js';
export { isEventFileName } from './logdir-scan.js';
