// The review's read side: its own read-only connection (WAL lets it read while
// the worker writes, without delaying a commit), filtered pages in any sort
// order, match counts, and a frame's objects and label history. It is
// synchronous; run it off the live loop's thread (HistoryReaderThread does).
import type Database from 'better-sqlite3';
import {
  HistoryFilterSchema,
  HistoryQuerySchema,
  type HistoryFilter,
  type HistoryPage,
  type HistoryRow,
  type HistorySort,
  type LabelRevision,
} from '../../src-shared/history-contract.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES } from '../../src-shared/metrics.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { sortColumnSql, type SqlPart, type SqlValue } from './filter-sql.js';
import { countSql, scanPageSql, spanAtLeastSql, walkPageSql } from './page-sql.js';
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

/**
 * A page sorted by a frame metric is found by scanning the filter's time span and verdict when they
 * hold fewer than this many frames per row of the page (and of the pages it skips), else by walking
 * the metric's index. At 20 a scan reads and sorts at most 4,000 frames for a page of 200, and a
 * walk pays off as long as 1 frame in 20 of the span passes the rest of the filter.
 */
const SCAN_AT_MOST_PER_PAGE_ROW = 20;

export interface HistoryReaderOptions {
  /** See SCAN_AT_MOST_PER_PAGE_ROW; Infinity never walks, 0 always does (tests compare both ways). */
  scanAtMostPerPageRow?: number;
}

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
  private readonly scanAtMostPerPageRow: number;

  constructor(
    readonly file: string,
    options: HistoryReaderOptions = {},
  ) {
    this.db = openReadDatabase(file);
    this.scanAtMostPerPageRow = options.scanAtMostPerPageRow ?? SCAN_AT_MOST_PER_PAGE_ROW;
    this.objectsOf = this.db.prepare(
      `SELECT o.object_id, o.part, o.ok, o.reasons, s.bbox, s.outline, ${OBJECT_METRIC_NAMES.map((m) => `o.${OBJECT_METRIC_COLUMNS[m]}`).join(', ')}
       FROM objects o JOIN object_shapes s ON s.frame_id = o.frame_id AND s.object_id = o.object_id WHERE o.frame_id = ? ORDER BY o.object_id`,
    );
    this.labelsOf = this.db.prepare('SELECT * FROM label_revisions WHERE frame_id = ? ORDER BY id');
  }

  /** One page of frames matching the filter, in the sort's order. Input is validated; a bad one is refused, saying what is wrong. */
  query(input: unknown): Result<HistoryRow[]> {
    const parsed = HistoryQuerySchema.safeParse(input);
    if (!parsed.success) return fail('bad-request', `history query refused: ${describeIssues(parsed.error)}`);
    const { filter, sort, page } = parsed.data;
    return ok(this.pageRows(this.walkFor(filter, sort, page) ?? scanPageSql(filter, sort, page), sort, page));
  }

  /**
   * The walk along the sort column's index, when it has one and the filter's time span and verdict
   * hold more frames than a scan should read and sort.
   */
  private walkFor(filter: HistoryFilter, sort: HistorySort, page: HistoryPage): SqlPart | null {
    const walk = walkPageSql(filter, sort, page);
    if (!walk || !Number.isFinite(this.scanAtMostPerPageRow)) return null;
    const span = spanAtLeastSql(filter, this.scanAtMostPerPageRow * (page.limit + ('offset' in page ? page.offset : 0)));
    if (span && (this.db.prepare(span.sql).get(...span.params) as { holds: number }).holds !== 1) return null;
    return walk;
  }

  /**
   * The page's rows: the frame ids up to its end first, its offset skipped over those alone, then the
   * columns the review shows for the page's frames alone (never for every frame sorted).
   */
  private pageRows(ids: SqlPart, sort: HistorySort, page: HistoryPage): HistoryRow[] {
    const sortCol = sortColumnSql(sort.column);
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const offset = 'offset' in page ? page.offset : 0;
    const sql = `WITH upto AS MATERIALIZED (${ids.sql}),
      page AS MATERIALIZED (SELECT id FROM upto ORDER BY sort_key ${dir}, id ${dir} LIMIT ? OFFSET ?)
      SELECT ${ROW_COLUMNS}, ${sortCol} AS sort_value FROM page CROSS JOIN frames f ON f.id = page.id LEFT JOIN images i ON i.frame_id = f.id
      ORDER BY ${sortCol} ${dir}, f.id ${dir}`;
    return (this.db.prepare(sql).all(...ids.params, page.limit, offset) as FrameRowSql[]).map(toHistoryRow);
  }

  /** How many frames match the filter. */
  count(input: unknown): Result<number> {
    const parsed = HistoryFilterSchema.safeParse(input ?? {});
    if (!parsed.success) return fail('bad-request', `history filter refused: ${describeIssues(parsed.error)}`);
    return ok(this.countParsed(parsed.data));
  }

  private countParsed(filter: HistoryFilter): number {
    const count = countSql(filter);
    return (this.db.prepare(count.sql).get(...count.params) as { n: number }).n;
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

  /** The EXPLAIN QUERY PLAN of the page query the reader runs first (the bench prints it, so a slow plan is visible). */
  plan(input: unknown): string[] {
    const { filter, sort, page } = HistoryQuerySchema.parse(input);
    const ids = this.walkFor(filter, sort, page) ?? scanPageSql(filter, sort, page);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${ids.sql}`).all(...ids.params) as { detail: string }[]).map((r) => r.detail);
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

export function openHistoryReader(dataDir: string, options?: HistoryReaderOptions): HistoryReader {
  return new HistoryReader(databaseFile(dataDir), options);
}
