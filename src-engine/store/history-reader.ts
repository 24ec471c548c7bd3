// The review's read side: its own read-only connection (WAL lets it read while
// the worker writes, without delaying a commit), filtered pages in any sort
// order, match counts, and a frame's objects and label history. It is
// synchronous; run it off the live loop's thread (HistoryReaderThread does).
import type Database from 'better-sqlite3';
import {
  HistoryFilterSchema,
  HistoryQuerySchema,
  type HistoryFilter,
  type HistoryRow,
  type LabelRevision,
} from '../../src-shared/history-contract.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES } from '../../src-shared/metrics.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { orderAndPageSql, sortColumnSql, whereSql, type SqlValue } from './filter-sql.js';
import { toRevision, type RevisionRow } from './label-table.js';
import { FRAME_METRIC_COLUMNS, OBJECT_METRIC_COLUMNS } from './metric-columns.js';
import { databaseFile, openReadDatabase } from './open-database.js';

export interface StoredObject {
  objectId: number;
  part: string | null;
  ok: boolean;
  metrics: Record<string, number | null>;
  reasons: unknown[];
  bbox: { x: number; y: number; width: number; height: number };
  outline: [number, number][];
}

type FrameRowSql = Record<string, SqlValue>;

const ROW_COLUMNS = [
  'f.id AS frame_id', 'f.run_id', 'f.seq', 'f.captured_at_ms', 'f.width', 'f.height', 'f.recipe_name', 'f.recipe_version', 'f.ok',
  'f.object_count', 'f.label', 'f.labelled',
  ...FRAME_METRIC_NAMES.map((m) => `f.${FRAME_METRIC_COLUMNS[m]} AS m_${FRAME_METRIC_COLUMNS[m]}`),
  '(SELECT source_kind FROM runs r WHERE r.id = f.run_id) AS source_kind',
  '(SELECT revision FROM labels l WHERE l.frame_id = f.id AND l.object_id = -1) AS label_revision',
  'i.reason AS image_reason', 'i.full_path', 'i.thumb_path',
].join(', ');

export class HistoryReader {
  private readonly db: Database.Database;
  private readonly objectsOf: Database.Statement;
  private readonly labelsOf: Database.Statement;

  constructor(readonly file: string) {
    this.db = openReadDatabase(file);
    this.objectsOf = this.db.prepare(
      `SELECT object_id, part, ok, reasons, bbox, outline, ${OBJECT_METRIC_NAMES.map((m) => OBJECT_METRIC_COLUMNS[m]).join(', ')}
       FROM objects WHERE frame_id = ? ORDER BY object_id`,
    );
    this.labelsOf = this.db.prepare('SELECT * FROM label_revisions WHERE frame_id = ? ORDER BY id');
  }

  /** One page of frames matching the filter, in the sort's order. Input is validated; a bad one is refused, saying what is wrong. */
  query(input: unknown): Result<HistoryRow[]> {
    const parsed = HistoryQuerySchema.safeParse(input);
    if (!parsed.success) return fail('bad-request', `history query refused: ${describeIssues(parsed.error)}`);
    const { filter, sort, page } = parsed.data;
    const where = whereSql(filter);
    const paging = orderAndPageSql(sort, page);
    let whereText = where.sql;
    const params = [...where.params];
    if (paging.where) {
      whereText = whereText ? `${whereText} AND ${paging.where.sql}` : `WHERE ${paging.where.sql}`;
      params.push(...paging.where.params);
    }
    const sortCol = sortColumnSql(sort.column);
    const sql = `SELECT ${ROW_COLUMNS}, ${sortCol} AS sort_value FROM frames f LEFT JOIN images i ON i.frame_id = f.id ${whereText} ${paging.tail.sql}`;
    const rows = this.db.prepare(sql).all(...params, ...paging.tail.params) as FrameRowSql[];
    return ok(rows.map(toHistoryRow));
  }

  /** How many frames match the filter. */
  count(input: unknown): Result<number> {
    const parsed = HistoryFilterSchema.safeParse(input ?? {});
    if (!parsed.success) return fail('bad-request', `history filter refused: ${describeIssues(parsed.error)}`);
    return ok(this.countParsed(parsed.data));
  }

  private countParsed(filter: HistoryFilter): number {
    const where = whereSql(filter);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM frames f ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  objects(frameId: number): StoredObject[] {
    return (this.objectsOf.all(frameId) as Record<string, SqlValue>[]).map((r) => ({
      objectId: r.object_id as number,
      part: r.part as string | null,
      ok: r.ok === 1,
      metrics: Object.fromEntries(OBJECT_METRIC_NAMES.map((m) => [m, r[OBJECT_METRIC_COLUMNS[m]] as number | null])),
      reasons: JSON.parse(r.reasons as string) as unknown[],
      bbox: JSON.parse(r.bbox as string) as StoredObject['bbox'],
      outline: JSON.parse(r.outline as string) as StoredObject['outline'],
    }));
  }

  /** Every revision of every label on the frame (and its objects), oldest first. */
  labelHistory(frameId: number): LabelRevision[] {
    return (this.labelsOf.all(frameId) as RevisionRow[]).map(toRevision);
  }

  /** Runs an EXPLAIN QUERY PLAN of the page query (the bench prints it, so a slow plan is visible). */
  plan(input: unknown): string[] {
    const parsed = HistoryQuerySchema.parse(input);
    const where = whereSql(parsed.filter);
    const paging = orderAndPageSql(parsed.sort, parsed.page);
    const sql = `SELECT f.id FROM frames f LEFT JOIN images i ON i.frame_id = f.id ${where.sql} ${paging.tail.sql}`;
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...where.params, ...paging.tail.params) as { detail: string }[]).map((r) => r.detail);
  }

  close(): void {
    this.db.close();
  }
}

function toHistoryRow(r: FrameRowSql): HistoryRow {
  return {
    frameId: r.frame_id as number,
    runId: r.run_id as number,
    seq: r.seq as number,
    capturedAtMs: r.captured_at_ms as number,
    width: r.width as number,
    height: r.height as number,
    recipe: { name: r.recipe_name as string, version: r.recipe_version as number },
    source: (r.source_kind as string | null) ?? 'unknown',
    verdict: r.ok === 1 ? 'ok' : 'ng',
    objectCount: r.object_count as number,
    metrics: Object.fromEntries(FRAME_METRIC_NAMES.map((m) => [m, r[`m_${FRAME_METRIC_COLUMNS[m]}`] as number | null])),
    label: r.label as string | null,
    labelRevision: r.label_revision as number | null,
    labelled: r.labelled === 1,
    image: r.image_reason === null ? null : { full: r.full_path as string | null, thumb: r.thumb_path as string | null, reason: r.image_reason as 'ng' | 'sampled-ok' },
    sortValue: r.sort_value,
  };
}

export function openHistoryReader(dataDir: string): HistoryReader {
  return new HistoryReader(databaseFile(dataDir));
}
