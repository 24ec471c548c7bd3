// Labels are written by the review (the workbench process), not the engine:
// its own short write transactions on the same file. SQLite's WAL lets one
// writer in at a time, and the engine's worker and this writer each wait their
// turn (busy_timeout), so a label never costs the line a frame.
import type Database from 'better-sqlite3';
import { LabelChangeSchema, type LabelRevision } from '../../src-shared/history-contract.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { fail, type Result } from '../../src-shared/result.js';
import { errorText } from './failure-streak.js';
import { LabelTable } from './label-table.js';
import { databaseFile, openWriteDatabase } from './open-database.js';

export class LabelWriter {
  private readonly db: Database.Database;
  private readonly table: LabelTable;

  constructor(readonly file: string) {
    this.db = openWriteDatabase(file);
    this.table = new LabelTable(this.db);
  }

  /** Validates and applies one change; a stale `replaces` is refused, naming the current revision. */
  apply(change: unknown, nowMs = Date.now()): Result<LabelRevision> {
    const parsed = LabelChangeSchema.safeParse(change);
    if (!parsed.success) return fail('bad-request', `label change refused: ${describeIssues(parsed.error)}`);
    try {
      return this.table.apply(parsed.data, nowMs);
    } catch (err) {
      // Disk full, or the engine held the write lock past the timeout: the change is not made, and said so.
      return fail('busy', `label change not saved: ${errorText(err)}; try again`, `frame ${parsed.data.frameId}`);
    }
  }

  close(): void {
    this.db.close();
  }
}

export function openLabelWriter(dataDir: string): LabelWriter {
  return new LabelWriter(databaseFile(dataDir));
}
