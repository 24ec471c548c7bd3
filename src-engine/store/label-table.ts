// Labels with their history. Every change is a new, immutable revision naming
// who made it, when, and the revision it replaces; a change that names anything
// but the current revision is stale and refused, so one reviewer never silently
// overwrites another.
import type Database from 'better-sqlite3';
import type { LabelChange, LabelRevision } from '../../src-shared/history-contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

export const FRAME_TARGET = -1; // object_id of a frame-level label

export interface RevisionRow {
  id: number;
  frame_id: number;
  object_id: number;
  value: string | null;
  author: string;
  at_ms: number;
  replaces: number | null;
  note: string | null;
}

export class LabelTable {
  private readonly frameExists: Database.Statement;
  private readonly objectExists: Database.Statement;
  private readonly current: Database.Statement;
  private readonly insertRevision: Database.Statement;
  private readonly upsertCurrent: Database.Statement;
  private readonly setFrameLabel: Database.Statement;
  private readonly refreshLabelled: Database.Statement;
  private readonly revision: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.frameExists = db.prepare('SELECT 1 FROM frames WHERE id = ?');
    this.objectExists = db.prepare('SELECT 1 FROM objects WHERE frame_id = ? AND object_id = ?');
    this.current = db.prepare('SELECT revision FROM labels WHERE frame_id = ? AND object_id = ?');
    this.insertRevision = db.prepare(
      'INSERT INTO label_revisions (frame_id, object_id, value, author, at_ms, replaces, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertCurrent = db.prepare(
      `INSERT INTO labels (frame_id, object_id, revision, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (frame_id, object_id) DO UPDATE SET revision = excluded.revision, value = excluded.value`,
    );
    this.setFrameLabel = db.prepare('UPDATE frames SET label = ? WHERE id = ?');
    this.refreshLabelled = db.prepare(
      'UPDATE frames SET labelled = EXISTS (SELECT 1 FROM labels WHERE frame_id = @frameId AND value IS NOT NULL) WHERE id = @frameId',
    );
    this.revision = db.prepare('SELECT * FROM label_revisions WHERE id = ?');
  }

  /** Applies the change in one transaction, or says why not (unknown frame or object, stale revision). */
  apply(change: LabelChange, nowMs = Date.now()): Result<LabelRevision> {
    return this.db.transaction((): Result<LabelRevision> => {
      const target = change.objectId ?? FRAME_TARGET;
      if (!this.frameExists.get(change.frameId)) return fail('not-found', `frame ${change.frameId} is not in the history`, `frame ${change.frameId}`);
      if (target !== FRAME_TARGET && !this.objectExists.get(change.frameId, target)) {
        return fail('not-found', `frame ${change.frameId} has no object ${target}`, `frame ${change.frameId} object ${target}`);
      }
      const current = (this.current.get(change.frameId, target) as { revision: number } | undefined)?.revision ?? null;
      if (current !== change.replaces) {
        const by = current === null ? null : (this.revision.get(current) as RevisionRow);
        return fail(
          'bad-request',
          by === null
            ? `stale label change: it replaces revision ${change.replaces}, but this target has no label; reload and try again`
            : `stale label change: it replaces revision ${change.replaces ?? 'none'}, but the current one is revision ${current} (${by.value ?? 'cleared'}, by ${by.author}); reload and try again`,
          describeTarget(change.frameId, target),
        );
      }
      const info = this.insertRevision.run(change.frameId, target, change.value, change.author, nowMs, change.replaces, change.note ?? null);
      const revision = Number(info.lastInsertRowid);
      this.upsertCurrent.run(change.frameId, target, revision, change.value);
      if (target === FRAME_TARGET) this.setFrameLabel.run(change.value, change.frameId);
      this.refreshLabelled.run({ frameId: change.frameId });
      return ok(toRevision(this.revision.get(revision) as RevisionRow));
      // IMMEDIATE: the check and the write happen under the write lock. A deferred transaction that
      // read first would fail at once (SQLITE_BUSY, no waiting) whenever the engine committed in between.
    }).immediate();
  }
}

function describeTarget(frameId: number, objectId: number): string {
  return objectId === FRAME_TARGET ? `frame ${frameId}` : `frame ${frameId} object ${objectId}`;
}

export function toRevision(r: RevisionRow): LabelRevision {
  return {
    revision: r.id,
    frameId: r.frame_id,
    objectId: r.object_id === FRAME_TARGET ? null : r.object_id,
    value: r.value,
    author: r.author,
    atMs: r.at_ms,
    replaces: r.replaces,
    note: r.note,
  };
}
