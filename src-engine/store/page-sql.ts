// How one page of frame ids is found, two ways that give the same rows:
// - scan: through the filter's own index (time span and verdict, run, ...), every matching frame is
//   read, then sorted; the cost grows with the frames the filter matches.
// - walk: along the sort column's index, in page order, stopping once the page is full. The index
//   carries the capture time and verdict, and SQLite reads a frame's row only once its index entry
//   is inside the time span and verdict (a deferred seek), so the cost grows with how far the walk
//   goes, not with how many frames the span holds.
// Which is cheaper depends on the span (spanAtLeastSql): a small span is scanned, a large one walked.
// A scan or a count with an object-metric range reads that metric's bounds index (boundsIndexFor).
import type { HistoryFilter, HistoryPage, HistorySort } from '../../src-shared/history-contract.js';
import { FRAME_METRIC_NAMES, type FrameMetricName, type ObjectMetricName } from '../../src-shared/metrics.js';
import { orderAndPageSql, sortColumnSql, spanWhereSql, whereSql, type SqlPart } from './filter-sql.js';
import { frameMetricSortIndex, objectMetricBoundsIndex } from './metric-columns.js';

function joinWhere(parts: (SqlPart | null)[]): SqlPart {
  const present = parts.filter((p): p is SqlPart => p !== null && p.sql !== '');
  return { sql: present.length ? `WHERE ${present.map((p) => p.sql).join(' AND ')}` : '', params: present.flatMap((p) => p.params) };
}

function pageSql(filter: HistoryFilter, sort: HistorySort, page: HistoryPage, indexedBy: string | null): SqlPart {
  const filterWhere = whereSql(filter);
  const paging = orderAndPageSql(sort, page);
  const where = joinWhere([{ sql: filterWhere.sql.replace(/^WHERE /, ''), params: filterWhere.params }, paging.where]);
  const from = indexedBy ? `frames f INDEXED BY ${indexedBy}` : 'frames f';
  return { sql: `SELECT f.id AS id, ${sortColumnSql(sort.column)} AS sort_key FROM ${from} ${where.sql} ${paging.tail.sql}`, params: [...where.params, ...paging.tail.params] };
}

/**
 * The index of the filter's first object-metric range's per-frame bounds in time order, when reading
 * it beats what SQLite would pick (the verdict and time index, then each frame's row): when the
 * filter has a time span (the index's range), when `inTimeOrder` (a page in capture order walks it
 * and stops), or for a count with no run, recipe or label to narrow the frames first.
 */
export function boundsIndexFor(filter: HistoryFilter, use: { inTimeOrder: boolean; count: boolean }): string | null {
  const metric = Object.entries(filter.objectMetrics ?? {}).find(([, r]) => r !== undefined)?.[0] as ObjectMetricName | undefined;
  if (!metric) return null;
  const narrowedElsewhere = filter.runIds !== undefined || filter.recipe !== undefined || filter.label !== undefined;
  if (filter.time || use.inTimeOrder || (use.count && !narrowedElsewhere)) return objectMetricBoundsIndex(metric);
  return null;
}

/**
 * The whole filter, through the bounds index or whichever SQLite picks, in the sort's order: the
 * frames up to the page's end (its offset is skipped by the caller, see orderAndPageSql). Selects
 * `id` and `sort_key`.
 */
export function scanPageSql(filter: HistoryFilter, sort: HistorySort, page: HistoryPage): SqlPart {
  return pageSql(filter, sort, page, boundsIndexFor(filter, { inTimeOrder: sort.column === 'capturedAtMs', count: false }));
}

/** How many frames match the filter. */
export function countSql(filter: HistoryFilter): SqlPart {
  const where = whereSql(filter);
  const index = boundsIndexFor(filter, { inTimeOrder: false, count: true });
  return { sql: `SELECT COUNT(*) AS n FROM frames f ${index ? `INDEXED BY ${index} ` : ''}${where.sql}`, params: where.params };
}

/**
 * The same query walking the sort column's index (its order is the page's: no sort), or null when
 * that column has none, or when the filter names runs, recipes, labels or kept pictures: those match
 * few frames (or have an index of their own), and a walk would read much of the span's rows, in sort
 * order rather than in the order they lie on disk, before its page is full.
 */
export function walkPageSql(filter: HistoryFilter, sort: HistorySort, page: HistoryPage): SqlPart | null {
  if (!(FRAME_METRIC_NAMES as readonly string[]).includes(sort.column)) return null;
  if (filter.runIds || filter.recipe || filter.label || filter.withImage !== undefined) return null;
  return pageSql(filter, sort, page, frameMetricSortIndex(sort.column as FrameMetricName));
}

/**
 * Whether at least `atLeast` frames are inside the filter's time span and verdict, counting no
 * further than that (through the (ok, captured_at_ms) or time index alone). A span with fewer is
 * scanned, which reads no more than `atLeast` frames; null when the filter has neither (the span is
 * every frame).
 */
export function spanAtLeastSql(filter: HistoryFilter, atLeast: number): SqlPart | null {
  const span = spanWhereSql(filter);
  if (!span.sql) return null;
  return { sql: `SELECT COUNT(*) >= ? AS holds FROM (SELECT 1 FROM frames f WHERE ${span.sql} LIMIT ?)`, params: [atLeast, ...span.params, atLeast] };
}
