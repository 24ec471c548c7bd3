// The results store: SQLite in WAL mode with synchronous=FULL, so a committed
// frame survives a killed process or a power cut. Frames are queued and
// committed in batches on a timer, never one transaction per frame, which keeps
// fsyncs off the frame path; `persistedSeq` says what has been acknowledged.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { SourceSpec } from '../../src-shared/sources.js';
import { MIGRATIONS } from './schema.js';

export const DATABASE_FILE = 'loupe.sqlite';

export interface StoredFrameSummary {
  runId: number;
  seq: number;
  capturedAtMs: number;
  ok: boolean;
  objectCount: number;
  recipeVersion: number;
}

export interface ResultStoreOptions {
  /** Longest a frame waits in the queue before its batch is committed. */
  flushIntervalMs?: number;
  /** A batch this large is committed at once. */
  maxBatch?: number;
  /** Told when a timed commit fails (disk full, file removed); the frames stay queued for the next try. */
  onError?: (error: Error) => void;
}

/** Frames kept for retry while commits fail; beyond this the oldest are dropped (and reported) rather than exhausting memory. */
const MAX_QUEUED = 10_000;

export class ResultStore {
  private readonly db: Database.Database;
  private queue: { runId: number; result: FrameResult }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly onError: (error: Error) => void;
  /** Per run, the highest seq that is committed to disk. */
  private readonly persisted = new Map<number, number>();
  private readonly insertFrame: Database.Statement;
  private readonly insertObject: Database.Statement;

  constructor(readonly file: string, options: ResultStoreOptions = {}) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBatch = options.maxBatch ?? 64;
    this.onError = options.onError ?? ((err) => console.error(`[store] ${err.message}`));
    this.insertFrame = this.db.prepare(
      `INSERT INTO frames (run_id, seq, captured_at_ms, width, height, recipe_name, recipe_version, ok, object_count, processing_ms, metrics, reasons)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertObject = this.db.prepare(
      `INSERT INTO objects (frame_id, object_id, part, ok, metrics, reasons, bbox, outline) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  beginRun(source: SourceSpec, recipe: { name: string; version: number }, startedAtMs = Date.now()): number {
    const info = this.db
      .prepare('INSERT INTO runs (started_at_ms, source, recipe_name, recipe_version) VALUES (?, ?, ?, ?)')
      .run(startedAtMs, JSON.stringify(source), recipe.name, recipe.version);
    return Number(info.lastInsertRowid);
  }

  /** Queues a frame; it is committed within flushIntervalMs (or at once when the batch is full). */
  append(runId: number, result: FrameResult): void {
    this.queue.push({ runId, result });
    if (this.queue.length > MAX_QUEUED) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUED);
      this.onError(new Error(`results store is not accepting writes; dropped ${dropped.length} unrecorded frame(s)`));
    }
    if (this.queue.length >= this.maxBatch) this.flushReportingErrors();
    else this.timer ??= setTimeout(() => this.flushReportingErrors(), this.flushIntervalMs);
  }

  private flushReportingErrors(): void {
    try {
      this.flush();
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
      this.timer ??= setTimeout(() => this.flushReportingErrors(), this.flushIntervalMs);
    }
  }

  /** Commits everything queued in one transaction; returns how many frames were written. */
  flush(): number {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    if (batch.length === 0) return 0;
    this.queue = [];
    try {
      this.db.transaction(() => {
        for (const { runId, result } of batch) this.write(runId, result);
      })();
    } catch (err) {
      // The transaction rolled back: nothing of the batch is on disk, so it goes back in front for the next try.
      this.queue = batch.concat(this.queue);
      throw err;
    }
    for (const { runId, result } of batch) {
      this.persisted.set(runId, Math.max(this.persisted.get(runId) ?? -1, result.seq));
    }
    return batch.length;
  }

  /** Highest seq of this run that is on disk, or -1. */
  persistedSeq(runId: number): number {
    return this.persisted.get(runId) ?? -1;
  }

  get pending(): number {
    return this.queue.length;
  }

  frameCount(runId?: number): number {
    const row = (runId === undefined
      ? this.db.prepare('SELECT COUNT(*) AS n FROM frames').get()
      : this.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE run_id = ?').get(runId)) as { n: number };
    return row.n;
  }

  recentFrames(limit: number): StoredFrameSummary[] {
    const rows = this.db
      .prepare(
        `SELECT run_id, seq, captured_at_ms, ok, object_count, recipe_version FROM frames ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as { run_id: number; seq: number; captured_at_ms: number; ok: number; object_count: number; recipe_version: number }[];
    return rows.map((r) => ({
      runId: r.run_id,
      seq: r.seq,
      capturedAtMs: r.captured_at_ms,
      ok: r.ok === 1,
      objectCount: r.object_count,
      recipeVersion: r.recipe_version,
    }));
  }

  close(): void {
    this.flush();
    this.db.close();
  }

  private write(runId: number, r: FrameResult): void {
    const info = this.insertFrame.run(
      runId,
      r.seq,
      Math.round(r.timestampMs),
      r.width,
      r.height,
      r.recipe.name,
      r.recipe.version,
      r.verdict.ok ? 1 : 0,
      r.objects.length,
      r.metrics.processingMs,
      JSON.stringify(r.metrics),
      JSON.stringify(r.verdict.reasons),
    );
    const frameId = Number(info.lastInsertRowid);
    for (const o of r.objects) {
      this.insertObject.run(
        frameId,
        o.id,
        o.part,
        o.verdict.ok ? 1 : 0,
        JSON.stringify(o.metrics),
        JSON.stringify(o.verdict.reasons),
        JSON.stringify(o.bbox),
        JSON.stringify(o.outline),
      );
    }
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function openResultStore(dataDir: string, options?: ResultStoreOptions): ResultStore {
  return new ResultStore(path.join(dataDir, DATABASE_FILE), options);
}
