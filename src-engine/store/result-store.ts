// The results store as the engine sees it: every inspected frame is posted to
// a worker thread that owns the write connection (SQLite, WAL, synchronous=FULL)
// and commits in batches, so the live loop never waits on an fsync. A frame is
// acknowledged (`persistedSeq`) only once the worker reports it committed: a
// killed process loses nothing it acknowledged. Kept pictures are copied out of
// the frame once, transferred to the worker, and encoded there.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { SourceSpec } from '../../src-shared/sources.js';
import { IMAGES_FOLDER } from './image-files.js';
import { ImageRetention } from './image-retention.js';
import { databaseFile, openWriteDatabase } from './open-database.js';
import { pixelBuffers, type RawImage } from './raw-image.js';
import { CloseState, type FromStoreWorker, type StoreWorkerConfig, type ToStoreWorker } from './store-protocol.js';
import { startModuleWorker } from './ts-worker.js';
import { sourceEntryUrl } from '../source-entry.js';

export { DATABASE_FILE } from './open-database.js';

export interface ResultStoreOptions {
  /** Longest a frame waits in the worker before its batch is committed (default 100 ms). */
  flushIntervalMs?: number;
  /** A batch this large is committed at once (default 64). */
  maxBatch?: number;
  /** Told what goes wrong in the writer (disk full, a picture not kept, the quota); the line goes on. */
  onError?: (error: Error) => void;
  /** Keep the picture of 1 in N OK frames (default 50; 0 keeps none). NG frames always keep theirs. */
  keepEveryNthOk?: number;
  /** Most bytes kept pictures may take (default 20 GB); the oldest sampled OK pictures go first. */
  imageQuotaBytes?: number;
  /** How long close() waits for the worker's last commit (default 15 s). */
  closeTimeoutMs?: number;
}

const WORKER_ENTRY = sourceEntryUrl('storeWorker');

export class ResultStore {
  private readonly worker: Worker;
  private readonly closeFlag = new SharedArrayBuffer(4);
  private readonly closeState = new Int32Array(this.closeFlag);
  private readonly retention: ImageRetention;
  private readonly onError: (error: Error) => void;
  private readonly closeTimeoutMs: number;
  /** Handles are this store's own; the database ids are SQLite's, given when each run's row is committed. */
  private nextRun = 1;
  /** Per run handle, the highest seq the worker reported committed. */
  private readonly persisted = new Map<number, number>();
  /** Per run handle, the run's id in the database, once its row is committed. */
  private readonly runIds = new Map<number, number>();
  private posted = 0;
  private committed = 0;
  private nextToken = 1;
  private readonly waiting = new Map<number, (value: unknown) => void>();
  private closed = false;

  constructor(
    readonly dataDir: string,
    options: ResultStoreOptions = {},
  ) {
    // Created or upgraded here, synchronously, so a store that cannot open says so to its caller.
    openWriteDatabase(this.file).close();
    this.retention = new ImageRetention(options.keepEveryNthOk ?? 50);
    this.onError = options.onError ?? ((err) => console.error(`[store] ${err.message}`));
    this.closeTimeoutMs = options.closeTimeoutMs ?? 15_000;
    const config: StoreWorkerConfig = {
      databaseFile: this.file,
      imagesDir: path.join(dataDir, IMAGES_FOLDER),
      imageQuotaBytes: options.imageQuotaBytes ?? 20e9,
      flushIntervalMs: options.flushIntervalMs ?? 100,
      maxBatch: options.maxBatch ?? 64,
      closeFlag: this.closeFlag,
    };
    this.worker = startModuleWorker(WORKER_ENTRY, { workerData: config });
    this.worker.on('message', (m: FromStoreWorker) => this.onMessage(m));
    this.worker.on('error', (err) => this.onError(new Error(`results store writer stopped: ${err.message}`)));
    this.worker.unref(); // an idle store never keeps a process alive; waiting calls ref it
  }

  get file(): string {
    return databaseFile(this.dataDir);
  }

  get imagesDir(): string {
    return path.join(this.dataDir, IMAGES_FOLDER);
  }

  /**
   * Starts recording a run; returns its handle, which append() and persistedSeq() take. The run's id
   * in the database is SQLite's, given when the worker commits its row (storedRunId), so the engine
   * and an import writing the same file never take the same id.
   */
  beginRun(source: SourceSpec, recipe: { name: string; version: number }, startedAtMs = Date.now()): number {
    const run = this.nextRun++;
    this.send({ type: 'run', run, source, recipe: { name: recipe.name, version: recipe.version }, startedAtMs });
    return run;
  }

  /** The run's id in the database (what the history shows), or null until its row is committed. */
  storedRunId(run: number): number | null {
    return this.runIds.get(run) ?? null;
  }

  /**
   * Queues a frame. `pixels` is called only when the frame's picture is kept (NG, or the sampled OK
   * frame); it copies the pixels once, and the copy is handed to the worker, not cloned again.
   */
  append(run: number, result: FrameResult, pixels?: () => RawImage): void {
    const reason = pixels ? this.retention.decide(result) : null;
    const image = reason ? pixels!() : null;
    const message: ToStoreWorker = { type: 'frame', run, result, picture: image && reason ? { image, reason } : null };
    this.send(message, image ? [image.data] : []);
    this.posted++;
  }

  /** Highest seq of this run (by handle) that is committed to disk, or -1. */
  persistedSeq(run: number): number {
    return this.persisted.get(run) ?? -1;
  }

  /** Frames posted but not yet reported committed. */
  get pending(): number {
    return this.posted - this.committed;
  }

  /** Resolves once everything posted before it is committed and its pictures are written (or given up). */
  flush(): Promise<void> {
    return this.ask<void>((token) => ({ type: 'flush', token }));
  }

  /** Commits what is queued and stops the worker. Blocks (it is for shutdown, never the live loop). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (Atomics.load(this.closeState, 0) === CloseState.open) {
      this.worker.postMessage({ type: 'close' } satisfies ToStoreWorker);
      const waited = Atomics.wait(this.closeState, 0, CloseState.open, this.closeTimeoutMs);
      if (waited === 'timed-out') this.onError(new Error(`results store: the writer did not finish within ${this.closeTimeoutMs} ms; frames not yet committed are lost`));
    }
    if (Atomics.load(this.closeState, 0) === CloseState.closed) {
      this.committed = this.posted; // the worker committed everything before it closed
    }
    for (const resolve of this.waiting.values()) resolve(undefined); // flushes: nothing more will be committed
    this.waiting.clear();
    void this.worker.terminate();
  }

  private send(message: ToStoreWorker, transfer: ArrayBuffer[] = []): void {
    if (this.closed) throw new Error('the results store is closed');
    if (Atomics.load(this.closeState, 0) === CloseState.failed) throw new Error('the results store writer stopped (see the log for why)');
    this.worker.postMessage(message, transfer);
  }

  private ask<T>(message: (token: number) => ToStoreWorker): Promise<T> {
    const token = this.nextToken++;
    return new Promise<T>((resolve, reject) => {
      try {
        this.send(message(token));
      } catch (err) {
        reject(err as Error);
        return;
      }
      this.waiting.set(token, resolve as (value: unknown) => void);
      this.worker.ref();
    });
  }

  private onMessage(m: FromStoreWorker): void {
    switch (m.type) {
      case 'committed':
        for (const [run, id] of m.runIds) this.runIds.set(run, id);
        for (const [run, seq] of m.runs) this.persisted.set(run, Math.max(this.persistedSeq(run), seq));
        this.committed += m.frames;
        return;
      case 'report':
        this.onError(new Error(m.message));
        return;
      case 'flushed':
        return this.settle(m.token, undefined);
      case 'recycle':
        pixelBuffers.give(m.data);
        return;
    }
  }

  private settle(token: number, value: unknown): void {
    this.waiting.get(token)?.(value);
    this.waiting.delete(token);
    if (this.waiting.size === 0) this.worker.unref();
  }
}

export function openResultStore(dataDir: string, options?: ResultStoreOptions): ResultStore {
  return new ResultStore(dataDir, options);
}
