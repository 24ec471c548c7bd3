// Writes one inspected frame as rows: the frame with its typed frame metrics,
// one row per object with a typed column per object metric, and one row per
// object with its shape (bbox, outline, holes).
import type Database from 'better-sqlite3';
import type { FrameResult } from '../../src-shared/inspection.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES } from '../../src-shared/metrics.js';
import { FRAME_METRIC_COLUMNS, OBJECT_METRIC_COLUMNS, objectMetricBoundColumns } from './metric-columns.js';

const FRAME_EXTRA_METRICS = FRAME_METRIC_NAMES.filter((m) => m !== 'objectCount' && m !== 'processingMs');

export class FrameRows {
  private readonly insertFrame: Database.Statement;
  private readonly insertObject: Database.Statement;
  private readonly insertShape: Database.Statement;

  constructor(db: Database.Database) {
    const frameMetricCols = [
      ...FRAME_EXTRA_METRICS.map((m) => FRAME_METRIC_COLUMNS[m]),
      ...OBJECT_METRIC_NAMES.flatMap((m) => [objectMetricBoundColumns(m).min, objectMetricBoundColumns(m).max]),
    ];
    this.insertFrame = db.prepare(
      `INSERT INTO frames (run_id, seq, captured_at_ms, width, height, recipe_name, recipe_version, ok, object_count, processing_ms, metrics, reasons, ${frameMetricCols.join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${frameMetricCols.map(() => '?').join(', ')})`,
    );
    const objectCols = OBJECT_METRIC_NAMES.map((m) => OBJECT_METRIC_COLUMNS[m]);
    this.insertObject = db.prepare(
      `INSERT INTO objects (frame_id, object_id, part, ok, reasons, ${objectCols.join(', ')})
       VALUES (?, ?, ?, ?, ?, ${objectCols.map(() => '?').join(', ')})`,
    );
    // Shapes apart (schema 6): a filter's probes read object rows without the outlines' bytes.
    this.insertShape = db.prepare('INSERT INTO object_shapes (frame_id, object_id, bbox, outline, hole_outlines) VALUES (?, ?, ?, ?, ?)');
  }

  /** Inserts the frame and its objects (inside the caller's transaction); returns the frame's row id. */
  insert(runId: number, r: FrameResult): number {
    const info = this.insertFrame.run(
      runId,
      r.seq,
      Math.round(r.timestampMs),
      r.width,
      r.height,
      r.recipe.name,
      r.recipe.version,
      r.verdict.ok ? 1 : 0,
      r.objects.length,
      r.metrics.processingMs,
      JSON.stringify(r.metrics),
      JSON.stringify(r.verdict.reasons),
      ...FRAME_EXTRA_METRICS.map((m) => finiteOrNull(r.metrics[m])),
      ...objectMetricBounds(r),
    );
    const frameId = Number(info.lastInsertRowid);
    for (const o of r.objects) {
      this.insertObject.run(frameId, o.id, o.part, o.verdict.ok ? 1 : 0, JSON.stringify(o.verdict.reasons), ...OBJECT_METRIC_NAMES.map((m) => finiteOrNull(o.metrics[m])));
      this.insertShape.run(
        frameId,
        o.id,
        JSON.stringify(o.bbox),
        JSON.stringify(o.outline),
        // A washer's holes: the export writes such a part as a mask, not a polygon COCO tools would fill.
        o.holes.length > 0 ? JSON.stringify(o.holes) : null,
      );
    }
    return frameId;
  }
}

/** Per object metric, [min, max] over the frame's objects (NULLs when it has none, or none measured). */
function objectMetricBounds(r: FrameResult): (number | null)[] {
  const out: (number | null)[] = [];
  for (const m of OBJECT_METRIC_NAMES) {
    let min = Infinity;
    let max = -Infinity;
    for (const o of r.objects) {
      const v = o.metrics[m];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out.push(min === Infinity ? null : min, max === -Infinity ? null : max);
  }
  return out;
}

/** NaN and ±Infinity (a degenerate contour) are stored as NULL: no range matches them, and they sort first. */
function finiteOrNull(v: number | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
