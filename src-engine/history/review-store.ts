// The workbench's own view of a data folder's history: the store's read
// connection (HistoryReader) for pages and counts, and one write connection of
// its own for what reviewers change (labels, outlines). WAL lets both run while
// the live engine's writer commits; busy_timeout (set by openWriteDatabase)
// makes a write wait for the engine's commit instead of failing.
import type Database from 'better-sqlite3';
import type { HistoryRow, LabelChange, LabelRevision } from '../../src-shared/history-contract.js';
import type { HistoryFrame, HistoryObject, HistoryRevision } from '../../src-shared/history-methods.js';
import type { Point, VerdictReason } from '../../src-shared/inspection.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { HistoryReader } from '../store/history-reader.js';
import { FRAME_TARGET, LabelTable, type RevisionRow } from '../store/label-table.js';
import { databaseFile, openWriteDatabase } from '../store/open-database.js';
import { OutlineTable, type OutlineChange } from './outline-table.js';

/** A write the disk or the engine's lock refused (full disk, lock held past the timeout) is not made, and said so. */
function writeOrBusy<T>(subject: string, write: () => Result<T>): Result<T> {
  try {
    return write();
  } catch (err) {
    return fail('busy', `not saved: ${(err as Error).message}; try again`, subject);
  }
}

export class ReviewStore {
  readonly labels: LabelTable;
  readonly outlines: OutlineTable;
  private readonly currentLabel: Database.Statement;
  private readonly revisionById: Database.Statement;
  private readonly labelsOfFrame: Database.Statement;
  private readonly holesOfFrame: Database.Statement;

  private constructor(
    readonly dataDir: string,
    readonly db: Database.Database,
    readonly reader: HistoryReader,
  ) {
    this.labels = new LabelTable(db);
    this.outlines = new OutlineTable(db);
    this.currentLabel = db.prepare('SELECT revision FROM labels WHERE frame_id = ? AND object_id = ?');
    this.revisionById = db.prepare('SELECT * FROM label_revisions WHERE id = ?');
    this.labelsOfFrame = db.prepare('SELECT object_id, value, revision FROM labels WHERE frame_id = ? AND object_id >= 0');
    this.holesOfFrame = db.prepare('SELECT object_id, hole_outlines FROM object_shapes WHERE frame_id = ? AND hole_outlines IS NOT NULL');
  }

  /** Opens (creating or upgrading the file when needed) or says why it cannot. */
  static open(dataDir: string): Result<ReviewStore> {
    let db: Database.Database | null = null;
    try {
      db = openWriteDatabase(databaseFile(dataDir));
      return ok(new ReviewStore(dataDir, db, new HistoryReader(databaseFile(dataDir))));
    } catch (err) {
      db?.close();
      return fail('bad-source', `the history in ${dataDir} cannot be opened: ${(err as Error).message}`, databaseFile(dataDir));
    }
  }

  /** A label change; a stale one is a 'conflict' naming the current revision, and changes nothing. */
  setLabel(change: LabelChange): Result<LabelRevision> {
    return writeOrBusy(`frame ${change.frameId}`, () => this.db.transaction((): Result<LabelRevision> => {
      const target = change.objectId ?? FRAME_TARGET;
      const current = (this.currentLabel.get(change.frameId, target) as { revision: number } | undefined)?.revision ?? null;
      if (current !== null && current !== change.replaces) {
        const by = this.revisionById.get(current) as RevisionRow;
        const where = target === FRAME_TARGET ? `frame ${change.frameId}` : `frame ${change.frameId} object ${target}`;
        return fail(
          'conflict',
          `stale label change: it replaces revision ${change.replaces ?? 'none'}, but the current label of ${where} is revision ${current} (${by.value ?? 'cleared'}, by ${by.author}); reload and try again`,
          where,
        );
      }
      const applied = this.labels.apply(change);
      // Left: unknown frame or object (not-found), or replacing a revision on an unlabelled target.
      if (!applied.ok && applied.error.message.startsWith('stale')) return fail('conflict', applied.error.message, applied.error.subject);
      return applied;
      // IMMEDIATE: the check and the write under the write lock, waiting (busy_timeout) for the engine's commit.
    }).immediate());
  }

  setOutline(change: OutlineChange): Result<HistoryRevision> {
    return writeOrBusy(`frame ${change.frameId} object ${change.objectId}`, () => this.outlines.apply(change));
  }

  /** One frame's row, by id, through the reader's own paging (frame ids are the primary key). */
  row(frameId: number): HistoryRow | null {
    const page = this.reader.query({ sort: { column: 'frameId', direction: 'desc' }, page: { limit: 1, after: { value: frameId + 1, frameId: frameId + 1 } } });
    if (!page.ok || page.value.length === 0 || page.value[0].frameId !== frameId) return null;
    return page.value[0];
  }

  frame(frameId: number): Result<HistoryFrame> {
    const row = this.row(frameId);
    if (!row) return fail('not-found', `frame ${frameId} is not in the history`, `frame ${frameId}`);
    const edited = this.outlines.currentOf(frameId);
    const labels = new Map((this.labelsOfFrame.all(frameId) as { object_id: number; value: string | null; revision: number }[]).map((l) => [l.object_id, l]));
    const holes = new Map((this.holesOfFrame.all(frameId) as { object_id: number; hole_outlines: string }[]).map((h) => [h.object_id, JSON.parse(h.hole_outlines) as Point[][]]));
    const objects: HistoryObject[] = this.reader.objects(frameId).map((o) => {
      const outline = edited.get(o.objectId);
      const label = labels.get(o.objectId);
      return {
        objectId: o.objectId,
        part: o.part,
        ok: o.ok,
        reasons: o.reasons as VerdictReason[],
        metrics: o.metrics,
        bbox: o.bbox,
        outline: outline?.outline ?? o.outline,
        holes: holes.get(o.objectId) ?? [],
        outlineEdited: outline !== undefined,
        outlineRevision: outline?.revision ?? null,
        label: label?.value ?? null,
        labelRevision: label?.revision ?? null,
      };
    });
    const revisions: HistoryRevision[] = [
      ...this.reader.labelHistory(frameId).map((r) => ({ ...r, kind: 'label' as const, outline: null })),
      ...this.outlines.history(frameId),
    ].sort((a, b) => a.atMs - b.atMs || (a.kind === b.kind ? a.revision - b.revision : a.kind === 'label' ? -1 : 1));
    return ok({ row, objects, revisions });
  }

  close(): void {
    this.reader.close();
    this.db.close();
  }
}
