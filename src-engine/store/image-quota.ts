// The disk quota for kept pictures. Only sampled OK pictures are ever evicted,
// oldest first, and never one whose frame carries a label: NG and labelled
// pictures are the evidence the history exists for.
import type Database from 'better-sqlite3';
import type { ImageFiles } from './image-files.js';

export interface QuotaOutcome {
  evicted: number;
  freedBytes: number;
  /** Still over the quota with nothing left that may be evicted. */
  stillOver: boolean;
}

const EVICT_BATCH = 256;

export class ImageQuota {
  private used: number;
  private readonly evictable: Database.Statement;
  private readonly markEvicted: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly files: ImageFiles,
    readonly quotaBytes: number,
  ) {
    const row = db.prepare('SELECT COALESCE(SUM(full_bytes + thumb_bytes), 0) AS n FROM images WHERE full_path IS NOT NULL').get() as { n: number };
    this.used = row.n;
    this.evictable = db.prepare(
      `SELECT i.frame_id, i.full_path, i.thumb_path, i.full_bytes + i.thumb_bytes AS bytes
       FROM images i JOIN frames f ON f.id = i.frame_id
       WHERE i.reason = 'sampled-ok' AND i.full_path IS NOT NULL AND f.labelled = 0
       ORDER BY i.frame_id LIMIT ?`,
    );
    this.markEvicted = db.prepare('UPDATE images SET full_path = NULL, thumb_path = NULL, evicted_at_ms = ? WHERE frame_id = ?');
  }

  get usedBytes(): number {
    return this.used;
  }

  added(bytes: number): void {
    this.used += bytes;
  }

  /** Evicts until the pictures fit. The database forgets a picture before its files go, so it never names a missing file. */
  enforce(nowMs = Date.now()): QuotaOutcome {
    let evicted = 0;
    let freedBytes = 0;
    while (this.used > this.quotaBytes) {
      const victims = this.evictable.all(EVICT_BATCH) as { frame_id: number; full_path: string; thumb_path: string | null; bytes: number }[];
      if (victims.length === 0) return { evicted, freedBytes, stillOver: true };
      const chosen: typeof victims = [];
      let over = this.used - this.quotaBytes;
      for (const v of victims) {
        if (over <= 0) break;
        chosen.push(v);
        over -= v.bytes;
      }
      this.db.transaction(() => {
        for (const v of chosen) this.markEvicted.run(nowMs, v.frame_id);
      })();
      for (const v of chosen) {
        this.files.remove(v.full_path);
        if (v.thumb_path) this.files.remove(v.thumb_path);
        this.used -= v.bytes;
        freedBytes += v.bytes;
        evicted++;
      }
    }
    return { evicted, freedBytes, stillOver: false };
  }
}
