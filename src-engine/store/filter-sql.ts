// Turns a parsed history filter and sort into SQL over `frames f`. Every
// condition is a bound parameter (never spliced text), and each maps onto an
// index: verdict and time on (ok, captured_at_ms), recipe on its own, object
// metrics as an EXISTS probe of the frame's objects through their primary key.
import type { HistoryFilter, HistoryPage, HistorySort, HistorySortColumn, Range } from '../../src-shared/history-contract.js';
import { FRAME_METRIC_COLUMNS, OBJECT_METRIC_COLUMNS, objectMetricBoundColumns } from './metric-columns.js';
import type { FrameMetricName, ObjectMetricName } from '../../src-shared/metrics.js';

export type SqlValue = number | string | null;

export interface SqlPart {
  sql: string;
  params: SqlValue[];
}

const SORT_COLUMNS: Record<HistorySortColumn, string> = {
  capturedAtMs: 'f.captured_at_ms',
  frameId: 'f.id',
  seq: 'f.seq',
  runId: 'f.run_id',
  verdict: 'f.ok',
  recipeVersion: 'f.recipe_version',
  label: 'f.label',
  ...(Object.fromEntries(Object.entries(FRAME_METRIC_COLUMNS).map(([m, c]) => [m, `f.${c}`])) as Record<FrameMetricName, string>),
};

export function sortColumnSql(column: HistorySortColumn): string {
  return SORT_COLUMNS[column];
}

function range(column: string, r: Range, out: string[], params: SqlValue[]): void {
  if (r.min !== undefined) {
    out.push(`${column} >= ?`);
    params.push(r.min);
  }
  if (r.max !== undefined) {
    out.push(`${column} <= ?`);
    params.push(r.max);
  }
}

function inList(column: string, values: readonly SqlValue[], params: SqlValue[]): string {
  params.push(...values);
  return `${column} IN (${values.map(() => '?').join(', ')})`;
}

/** The verdict and time span alone: what every frame index carries, so a walk along one tests them without reading the frame row. */
export function spanWhereSql(filter: HistoryFilter): SqlPart {
  const where: string[] = [];
  const params: SqlValue[] = [];
  spanConditions(filter, where, params);
  return { sql: where.join(' AND '), params };
}

function spanConditions(filter: HistoryFilter, where: string[], params: SqlValue[]): void {
  if (filter.verdict) {
    where.push('f.ok = ?');
    params.push(filter.verdict === 'ok' ? 1 : 0);
  }
  if (filter.time) range('f.captured_at_ms', { min: filter.time.fromMs, max: filter.time.toMs }, where, params);
}

export function whereSql(filter: HistoryFilter): SqlPart {
  const where: string[] = [];
  const params: SqlValue[] = [];
  spanConditions(filter, where, params);
  if (filter.runIds) where.push(inList('f.run_id', filter.runIds, params));
  if (filter.recipe?.name !== undefined) {
    where.push('f.recipe_name = ?');
    params.push(filter.recipe.name);
  }
  if (filter.recipe?.versions) where.push(inList('f.recipe_version', filter.recipe.versions, params));
  if (filter.sources) where.push(`f.run_id IN (SELECT id FROM runs WHERE ${inList('source_kind', filter.sources, params)})`);
  for (const [metric, r] of Object.entries(filter.frameMetrics ?? {})) {
    if (r) range(`f.${FRAME_METRIC_COLUMNS[metric as FrameMetricName]}`, r, where, params);
  }
  const ranges = Object.entries(filter.objectMetrics ?? {}).filter((e): e is [ObjectMetricName, Range] => e[1] !== undefined);
  // The frame's per-metric bounds first: cheap, on the frame row, and they rule out most frames.
  for (const [metric, r] of ranges) {
    const bounds = objectMetricBoundColumns(metric);
    if (r.max !== undefined) {
      where.push(`f.${bounds.min} <= ?`);
      params.push(r.max);
    }
    if (r.min !== undefined) {
      where.push(`f.${bounds.max} >= ?`);
      params.push(r.min);
    }
  }
  // The bounds alone are exact for one one-sided range. For one two-sided range [a, b] they settle
  // most frames too: the smallest object inside it (min >= a) or the largest (max <= b) is a match;
  // only a frame with objects on both sides of the range needs its objects looked at. Part classes
  // or several ranges need one object to satisfy them all, so those always look.
  const single = !filter.partClasses && ranges.length === 1 ? ranges[0] : null;
  const oneSided = single !== null && (single[1].min === undefined || single[1].max === undefined);
  const probeParams: SqlValue[] = [];
  const objectConditions = oneSided ? [] : objectWhere(filter, probeParams);
  if (objectConditions.length > 0) {
    const probe = `EXISTS (SELECT 1 FROM objects o WHERE o.frame_id = f.id AND ${objectConditions.join(' AND ')})`;
    if (single) {
      const bounds = objectMetricBoundColumns(single[0]);
      // OR stops at the first true term, so the probe runs only when neither bound settles it.
      where.push(`(f.${bounds.min} >= ? OR f.${bounds.max} <= ? OR ${probe})`);
      params.push(single[1].min!, single[1].max!);
    } else where.push(probe);
    params.push(...probeParams);
  }
  if (filter.label?.state) where.push(`f.labelled = ${filter.label.state === 'labelled' ? 1 : 0}`);
  if (filter.label?.values) where.push(inList('f.label', filter.label.values, params));
  if (filter.withImage !== undefined) {
    where.push(`${filter.withImage ? '' : 'NOT '}EXISTS (SELECT 1 FROM images i WHERE i.frame_id = f.id AND i.full_path IS NOT NULL)`);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Conditions on ONE object: part class and every metric range together. */
function objectWhere(filter: HistoryFilter, params: SqlValue[]): string[] {
  const conditions: string[] = [];
  if (filter.partClasses) {
    const named = filter.partClasses.filter((p): p is string => p !== null);
    const parts: string[] = [];
    if (named.length) parts.push(inList('o.part', named, params));
    if (named.length < filter.partClasses.length) parts.push('o.part IS NULL');
    conditions.push(parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);
  }
  for (const [metric, r] of Object.entries(filter.objectMetrics ?? {})) {
    if (r) range(`o.${OBJECT_METRIC_COLUMNS[metric as ObjectMetricName]}`, r, conditions, params);
  }
  return conditions;
}

/**
 * ORDER BY plus keyset or offset paging. Ties break on the frame id, so a page boundary is exact;
 * NULLs (a metric not measured, no label) sort first ascending and last descending, as SQLite does.
 * An offset page asks for the rows up to its end (LIMIT offset + limit) and its caller skips the
 * offset over those: SQLite's own OFFSET miscounts when it turns an object EXISTS into a join and
 * walks an index in page order (a frame with two matching objects is skipped as two; SQLite 3.51).
 */
export function orderAndPageSql(sort: HistorySort, page: HistoryPage): { where: SqlPart | null; tail: SqlPart } {
  const col = sortColumnSql(sort.column);
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const offset = 'offset' in page ? page.offset : 0;
  const tail: SqlPart = { sql: `ORDER BY ${col} ${dir}, f.id ${dir} LIMIT ?`, params: [offset + page.limit] };
  if ('offset' in page) return { where: null, tail };
  const { value, frameId } = page.after;
  const beyond = sort.direction === 'asc' ? '>' : '<';
  if (value === null) {
    const sql = sort.direction === 'asc' ? `((${col} IS NULL AND f.id > ?) OR ${col} IS NOT NULL)` : `(${col} IS NULL AND f.id < ?)`;
    return { where: { sql, params: [frameId] }, tail };
  }
  const nullsAfter = sort.direction === 'desc' ? ` OR ${col} IS NULL` : '';
  return { where: { sql: `(${col} ${beyond} ? OR (${col} = ? AND f.id ${beyond} ?)${nullsAfter})`, params: [value, value, frameId] }, tail };
}
