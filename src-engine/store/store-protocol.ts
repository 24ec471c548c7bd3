// Messages between the results store (on the engine's thread) and its worker,
// which owns the write connection. The engine's thread only ever posts.
import type { FrameResult } from '../../src-shared/inspection.js';
import type { SourceSpec } from '../../src-shared/sources.js';
import type { KeepReason } from './image-retention.js';
import type { RawImage } from './raw-image.js';

export interface StoreWorkerConfig {
  databaseFile: string;
  imagesDir: string;
  /** Most bytes the kept pictures may take; sampled OK ones are evicted beyond it. */
  imageQuotaBytes: number;
  /** Longest a frame waits before its batch is committed. */
  flushIntervalMs: number;
  maxBatch: number;
  /** Int32Array over a SharedArrayBuffer: the worker sets [0] when it has closed (see CloseState). */
  closeFlag: SharedArrayBuffer;
}

export const CloseState = { open: 0, closed: 1, failed: 2 } as const;

/**
 * `run` in these messages is the store's handle for a run, not its id in the database: SQLite gives
 * the id when the worker inserts the run's row (every writer of the file, the engine's store and an
 * import alike, takes its ids from the same table, so two never collide), and `committed` says it.
 */
export type ToStoreWorker =
  | { type: 'run'; run: number; source: SourceSpec; recipe: { name: string; version: number }; startedAtMs: number }
  | { type: 'frame'; run: number; result: FrameResult; picture: { image: RawImage; reason: KeepReason } | null }
  | { type: 'flush'; token: number }
  | { type: 'close' };

export type FromStoreWorker =
  /** Highest seq per run handle now committed to disk (what the store may acknowledge), and the database id of each run newly committed. */
  | { type: 'committed'; runs: [run: number, seq: number][]; runIds: [run: number, runId: number][]; frames: number }
  | { type: 'flushed'; token: number }
  /** A picture's pixel buffer, done with and handed back for the next copy (see raw-image.ts). */
  | { type: 'recycle'; data: ArrayBuffer }
  | { type: 'report'; message: string };
