// The store's writing side, run by its worker: frames are committed in batches
// (one fsync per batch, never per frame), then their pictures are encoded and
// written, one at a time so a batch of pictures never holds back the next
// commit. A failed commit keeps its frames queued and unacknowledged for the
// next try; a picture that cannot be written costs that picture, never a frame.
import type Database from 'better-sqlite3';
import { errorText, FailureStreak } from './failure-streak.js';
import { FrameRows } from './frame-rows.js';
import { type ImageFiles, type PictureEffort } from './image-files.js';
import { ImageQuota } from './image-quota.js';
import type { KeepReason } from './image-retention.js';
import type { RawImage } from './raw-image.js';
import type { ToStoreWorker } from './store-protocol.js';

export interface HistoryWriterOptions {
  files: ImageFiles;
  imageQuotaBytes: number;
  report: (message: string) => void;
  /** Frames held while commits fail; beyond it the oldest are dropped, and said so. */
  maxQueued?: number;
  /** Pictures waiting to be written; beyond it new ones are not kept (a slow or full disk must not exhaust memory). */
  maxPendingPictures?: number;
  /**
   * Pictures waiting at which they start being kept uncompressed (lossless, larger, a tenth of the
   * CPU) until the queue is nearly empty again, so a line with many NG frames keeps every picture
   * instead of dropping some. Default 8.
   */
  fastPictureBacklog?: number;
  /** Given each picture's pixel buffer once the writer is done with it (written, failed or dropped). */
  recycle?: (data: ArrayBuffer) => void;
}

export interface Committed {
  /** Highest committed seq per run handle. */
  runs: Map<number, number>;
  /** The database id SQLite gave each run whose row this commit inserted, by handle. */
  runIds: Map<number, number>;
  frames: number;
}

type QueuedRecord = Extract<ToStoreWorker, { type: 'run' } | { type: 'frame' }>;

interface PendingPicture {
  frameId: number;
  runId: number;
  seq: number;
  image: RawImage;
  reason: KeepReason;
}

export class HistoryWriter {
  private queue: QueuedRecord[] = [];
  private readonly pictures: PendingPicture[] = [];
  private readonly rows: FrameRows;
  private readonly quota: ImageQuota;
  private readonly insertRun: Database.Statement;
  private readonly insertImage: Database.Statement;
  private readonly commitStreak: FailureStreak;
  private readonly pictureStreak: FailureStreak;
  private readonly quotaStreak: FailureStreak;
  private readonly maxQueued: number;
  private readonly maxPendingPictures: number;
  private readonly fastPictureBacklog: number;
  /** Said when pictures start and stop being kept uncompressed. */
  private readonly fastStreak: FailureStreak;
  private picturesSkipped = 0;
  private queuedPictures = 0;
  private queuedFrames = 0;
  /** Database id of every committed run, by the handle its frames name. */
  private runIds = new Map<number, number>();

  constructor(
    private readonly db: Database.Database,
    private readonly options: HistoryWriterOptions,
  ) {
    this.rows = new FrameRows(db);
    this.quota = new ImageQuota(db, options.files, options.imageQuotaBytes);
    // No id: SQLite gives the next one inside this transaction, so another writer's runs (an import) never collide with ours.
    this.insertRun = db.prepare('INSERT INTO runs (started_at_ms, source, source_kind, recipe_name, recipe_version) VALUES (?, ?, ?, ?, ?)');
    this.insertImage = db.prepare(
      'INSERT INTO images (frame_id, reason, full_path, full_bytes, thumb_path, thumb_bytes, stored_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.commitStreak = new FailureStreak(options.report);
    this.pictureStreak = new FailureStreak(options.report);
    this.quotaStreak = new FailureStreak(options.report);
    this.maxQueued = options.maxQueued ?? 20_000;
    this.maxPendingPictures = options.maxPendingPictures ?? 64;
    this.fastPictureBacklog = options.fastPictureBacklog ?? 8;
    this.fastStreak = new FailureStreak(options.report);
  }

  /** Frames waiting to be committed. */
  get queued(): number {
    return this.queuedFrames;
  }

  get pendingPictures(): number {
    return this.pictures.length;
  }

  get imageBytes(): number {
    return this.quota.usedBytes;
  }

  add(record: QueuedRecord): void {
    if (record.type === 'frame' && record.picture) {
      // While commits fail, frames wait here with their pixels: bound the pixels, not just the frames.
      if (this.queuedPictures >= this.maxPendingPictures) {
        this.picturesSkipped++;
        this.pictureStreak.failed(`results store: too many pictures wait for the disk; the picture of frame ${record.result.seq} (${this.runName(record.run)}) and later ones are not kept until it catches up`);
        this.options.recycle?.(record.picture.image.data);
        record = { ...record, picture: null };
      } else this.queuedPictures++;
    }
    this.queue.push(record);
    if (record.type === 'frame') this.queuedFrames++;
    if (this.queuedFrames > this.maxQueued) {
      // Drop frames, never a run: a run's frames need its row.
      const drop = this.queue.findIndex((r) => r.type === 'frame');
      if (drop >= 0) {
        const [dropped] = this.queue.splice(drop, 1) as Extract<QueuedRecord, { type: 'frame' }>[];
        if (dropped.picture) {
          this.queuedPictures--;
          this.options.recycle?.(dropped.picture.image.data);
        }
        this.queuedFrames--;
        this.options.report(`results store: ${this.maxQueued} frames are waiting for the disk; frame ${dropped.result.seq} of ${this.runName(dropped.run)} was dropped unrecorded`);
      }
    }
  }

  /**
   * Commits everything queued in one transaction and returns the highest committed seq per run and
   * the number of frames, or null when the commit failed (reported; the records stay queued, unacknowledged).
   */
  commit(): Committed | null {
    const batch = this.queue;
    const committed = new Map<number, number>();
    const newRunIds = new Map<number, number>();
    if (batch.length === 0) return { runs: committed, runIds: newRunIds, frames: 0 };
    let frames = 0;
    const pictures: PendingPicture[] = [];
    try {
      this.db.transaction(() => {
        for (const r of batch) {
          if (r.type === 'run') {
            const info = this.insertRun.run(r.startedAtMs, JSON.stringify(r.source), r.source.kind, r.recipe.name, r.recipe.version);
            newRunIds.set(r.run, Number(info.lastInsertRowid));
            continue;
          }
          const runId = newRunIds.get(r.run) ?? this.runIds.get(r.run);
          // A run's record is never dropped and always queued before its frames: this is a caller's bug.
          if (runId === undefined) throw new Error(`frame ${r.result.seq} names run ${r.run}, which was never begun`);
          const frameId = this.rows.insert(runId, r.result);
          frames++;
          committed.set(r.run, Math.max(committed.get(r.run) ?? -1, r.result.seq));
          if (r.picture) pictures.push({ frameId, runId, seq: r.result.seq, ...r.picture });
        }
      }).immediate();
    } catch (err) {
      this.commitStreak.failed(`results store: frames could not be committed, ${batch.length} wait in memory and are retried: ${errorText(err)}`);
      return null;
    }
    // Only now: a rolled-back commit's ids are given again on the retry.
    for (const [run, id] of newRunIds) this.runIds.set(run, id);
    this.queue = [];
    this.queuedPictures = 0;
    this.queuedFrames = 0;
    this.commitStreak.recovered((n) => `results store: committing again after ${n} failed attempt(s); nothing acknowledged was lost`);
    for (const p of pictures) this.keepPicture(p);
    return { runs: committed, runIds: newRunIds, frames };
  }

  private keepPicture(picture: PendingPicture): void {
    if (this.pictures.length >= this.maxPendingPictures) {
      this.picturesSkipped++;
      this.pictureStreak.failed(`results store: pictures are written slower than they come; the picture of frame ${picture.seq} (run ${picture.runId}) and later ones are not kept until the writer catches up`);
      this.options.recycle?.(picture.image.data);
      return;
    }
    this.pictures.push(picture);
  }

  /** Writes the oldest pending picture; returns whether more wait. */
  storeNextPicture(nowMs = Date.now()): boolean {
    const p = this.pictures.shift();
    if (!p) return false;
    try {
      return this.storePicture(p, nowMs);
    } finally {
      this.options.recycle?.(p.image.data);
    }
  }

  /** Behind by the backlog: fast until the queue is down to one, then compact again (hysteresis, no flapping). */
  private pictureEffort(): PictureEffort {
    const waiting = this.pictures.length;
    if (waiting >= this.fastPictureBacklog) {
      this.fastStreak.failed(`results store: pictures come faster than they compress (${waiting} waiting); they are kept uncompressed, lossless and larger, until the writer catches up`);
    } else if (waiting <= 1) {
      this.fastStreak.recovered((n) => `results store: pictures are compressed again (${n} kept uncompressed)`);
    } else if (this.fastStreak.failing) this.fastStreak.failed('');
    return this.fastStreak.failing ? 'fast' : 'compact';
  }

  private storePicture(p: PendingPicture, nowMs: number): boolean {
    let stored;
    try {
      stored = this.options.files.write(p.runId, p.seq, p.image, this.pictureEffort());
    } catch (err) {
      this.pictureStreak.failed(
        `results store: the picture of frame ${p.seq} (run ${p.runId}) was not kept: ${errorText(err)}; inspection and result records go on, later pictures are dropped while this lasts`,
      );
      return this.pictures.length > 0;
    }
    try {
      this.insertImage.run(p.frameId, p.reason, stored.fullPath, stored.fullBytes, stored.thumbPath, stored.thumbBytes, nowMs);
    } catch (err) {
      // Unrecorded files would never be found or evicted: take them back.
      this.options.files.remove(stored.fullPath);
      this.options.files.remove(stored.thumbPath);
      this.pictureStreak.failed(`results store: the picture of frame ${p.seq} (run ${p.runId}) was not recorded: ${errorText(err)}`);
      return this.pictures.length > 0;
    }
    this.pictureStreak.recovered((n) => `results store: pictures are kept again (${n} failure(s) before)`);
    this.quota.added(stored.fullBytes + stored.thumbBytes);
    this.enforceQuota(nowMs);
    return this.pictures.length > 0;
  }

  private enforceQuota(nowMs: number): void {
    let outcome;
    try {
      outcome = this.quota.enforce(nowMs);
    } catch (err) {
      this.quotaStreak.failed(`results store: the picture quota could not be enforced: ${errorText(err)}`);
      return;
    }
    if (outcome.stillOver) {
      this.quotaStreak.failed(
        `results store: kept pictures take ${mb(this.quota.usedBytes)} MB, over the ${mb(this.quota.quotaBytes)} MB quota, and only NG or labelled ones are left; none of those is ever evicted`,
      );
    } else {
      this.quotaStreak.recovered(() => 'results store: kept pictures are within the quota again');
    }
  }

  /** How a run is named in a report: its database id once committed. */
  private runName(run: number): string {
    const id = this.runIds.get(run);
    return id === undefined ? 'a run not yet committed' : `run ${id}`;
  }

  /** Pictures counted as not kept because the writer fell behind. */
  get skippedPictures(): number {
    return this.picturesSkipped;
  }
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
