// People's outlines of objects, with their history: like labels, every edit is
// a new immutable revision naming the one it replaces, and an edit that names
// anything but the current revision is stale and refused ('conflict'), so two
// reviewers never silently overwrite each other's polygon.
import type Database from 'better-sqlite3';
import type { Point } from '../../src-shared/inspection.js';
import type { HistoryRevision } from '../../src-shared/history-methods.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { checkOutline } from './outline-check.js';

export interface OutlineChange {
  frameId: number;
  objectId: number;
  outline: Point[];
  author: string;
  replaces: number | null;
}

interface OutlineRevisionRow {
  id: number;
  frame_id: number;
  object_id: number;
  outline: string;
  author: string;
  at_ms: number;
  replaces: number | null;
}

export class OutlineTable {
  private readonly frameSize: Database.Statement;
  private readonly objectExists: Database.Statement;
  private readonly current: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly upsertCurrent: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly ofFrame: Database.Statement;
  private readonly currentOfFrame: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.frameSize = db.prepare('SELECT width, height FROM frames WHERE id = ?');
    this.objectExists = db.prepare('SELECT 1 FROM objects WHERE frame_id = ? AND object_id = ?');
    this.current = db.prepare('SELECT revision FROM outlines WHERE frame_id = ? AND object_id = ?');
    this.insert = db.prepare('INSERT INTO outline_revisions (frame_id, object_id, outline, author, at_ms, replaces) VALUES (?, ?, ?, ?, ?, ?)');
    this.upsertCurrent = db.prepare(
      `INSERT INTO outlines (frame_id, object_id, revision) VALUES (?, ?, ?)
       ON CONFLICT (frame_id, object_id) DO UPDATE SET revision = excluded.revision`,
    );
    this.byId = db.prepare('SELECT * FROM outline_revisions WHERE id = ?');
    this.ofFrame = db.prepare('SELECT * FROM outline_revisions WHERE frame_id = ? ORDER BY id');
    this.currentOfFrame = db.prepare(
      'SELECT r.* FROM outlines o JOIN outline_revisions r ON r.id = o.revision WHERE o.frame_id = ?',
    );
  }

  /** Records the outline in one transaction, or says why not; nothing is written when it refuses. */
  apply(change: OutlineChange, nowMs = Date.now()): Result<HistoryRevision> {
    return this.db.transaction((): Result<HistoryRevision> => {
      const where = `frame ${change.frameId} object ${change.objectId}`;
      const size = this.frameSize.get(change.frameId) as { width: number; height: number } | undefined;
      if (!size) return fail('not-found', `frame ${change.frameId} is not in the history`, `frame ${change.frameId}`);
      if (!this.objectExists.get(change.frameId, change.objectId)) return fail('not-found', `frame ${change.frameId} has no object ${change.objectId}`, where);
      const checked = checkOutline(change.outline, size.width, size.height);
      if (!checked.ok) return fail(checked.error.code, `outline of ${where} refused: ${checked.error.message}`, where);
      const current = (this.current.get(change.frameId, change.objectId) as { revision: number } | undefined)?.revision ?? null;
      if (current !== change.replaces) {
        const by = current === null ? null : (this.byId.get(current) as OutlineRevisionRow);
        return fail(
          'conflict',
          by === null
            ? `stale outline change: it replaces outline revision ${change.replaces}, but ${where} has no edited outline; reload and try again`
            : `stale outline change: it replaces outline revision ${change.replaces ?? 'none'}, but the current one is revision ${current} (by ${by.author}); reload and try again`,
          where,
        );
      }
      const info = this.insert.run(change.frameId, change.objectId, JSON.stringify(checked.value), change.author, nowMs, change.replaces);
      const revision = Number(info.lastInsertRowid);
      this.upsertCurrent.run(change.frameId, change.objectId, revision);
      return ok(toOutlineRevision(this.byId.get(revision) as OutlineRevisionRow));
    }).immediate();
  }

  /** Every outline revision of the frame's objects, oldest first. */
  history(frameId: number): HistoryRevision[] {
    return (this.ofFrame.all(frameId) as OutlineRevisionRow[]).map(toOutlineRevision);
  }

  /** The current edited outline per object id (objects never edited are absent). */
  currentOf(frameId: number): Map<number, HistoryRevision> {
    return new Map((this.currentOfFrame.all(frameId) as OutlineRevisionRow[]).map((r) => [r.object_id, toOutlineRevision(r)]));
  }
}

function toOutlineRevision(r: OutlineRevisionRow): HistoryRevision {
  return {
    kind: 'outline',
    revision: r.id,
    frameId: r.frame_id,
    objectId: r.object_id,
    value: null,
    author: r.author,
    atMs: r.at_ms,
    replaces: r.replaces,
    note: null,
    outline: JSON.parse(r.outline) as Point[],
  };
}
