// Every metric's typed column. Metrics are filtered over millions of rows, so
// each one has its own REAL column instead of living in a JSON blob. The maps
// are typed against metrics.ts: a new metric does not compile until it is given
// a column here, and a migration in schema.ts that adds it.
import type { FrameMetricName, ObjectMetricName } from '../../src-shared/metrics.js';

export const OBJECT_METRIC_COLUMNS: Readonly<Record<ObjectMetricName, string>> = {
  area: 'area',
  areaPixels: 'area_pixels',
  perimeter: 'perimeter',
  circularity: 'circularity',
  circularityCv: 'circularity_cv',
  convexity: 'convexity',
  solidity: 'solidity',
  aspectRatio: 'aspect_ratio',
  equivalentDiameter: 'equivalent_diameter',
  meanIntensity: 'mean_intensity',
  holes: 'holes',
};

export const FRAME_METRIC_COLUMNS: Readonly<Record<FrameMetricName, string>> = {
  meanIntensity: 'mean_intensity',
  pixelsAboveThreshold: 'pixels_above_threshold',
  objectCount: 'object_count',
  processingMs: 'processing_ms',
};

/** Frame columns holding the smallest and largest value of an object metric over the frame's objects. */
export function objectMetricBoundColumns(metric: ObjectMetricName): { min: string; max: string } {
  const col = OBJECT_METRIC_COLUMNS[metric];
  return { min: `objects_${col}_min`, max: `objects_${col}_max` };
}

/**
 * The index a page sorted by this frame metric walks: (column, id, captured_at_ms, ok), made by
 * migration 4, so its order is the page's order and the time span and verdict are tested on it.
 */
export function frameMetricSortIndex(metric: FrameMetricName): string {
  return `frames_sorted_by_${FRAME_METRIC_COLUMNS[metric]}`;
}

/**
 * The index of an object metric's per-frame bounds in time order: (captured_at_ms, id, ok, min,
 * max), made by migration 5, so a range over a time span is tested without reading frame rows.
 */
export function objectMetricBoundsIndex(metric: ObjectMetricName): string {
  return `frames_objects_${OBJECT_METRIC_COLUMNS[metric]}_by_time`;
}
