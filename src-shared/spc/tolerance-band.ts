// The band a part class's metric is judged by. judgeObject applies both the
// part class's tolerances and the recipe-wide ones, so an object must meet
// both: the band capability is measured against is their intersection.
import { fail, ok, type Result } from '../result.js';
import type { Band, Recipe } from '../recipe.js';
import { OBJECT_METRICS, toCalibrated, type ObjectMetricName } from '../metrics.js';
import type { ObjectResult } from '../inspection.js';

/** The effective band, or null when neither the part class nor the recipe bands this metric. `part` null means objects without a class. */
export function toleranceBand(recipe: Recipe, part: string | null, metric: ObjectMetricName): Result<Band | null> {
  const common = recipe.tolerances[metric];
  if (part === null) return ok(common ? { ...common } : null);
  const partClass = recipe.parts.find((p) => p.name === part);
  if (!partClass) {
    const known = recipe.parts.map((p) => p.name).join(', ') || 'none';
    return fail('not-found', `recipe "${recipe.name}" has no part class "${part}" (classes: ${known})`, part);
  }
  return ok(intersect(partClass.tolerances[metric], common));
}

function intersect(a: Band | undefined, b: Band | undefined): Band | null {
  if (!a && !b) return null;
  const mins = [a?.min, b?.min].filter((v): v is number => v !== undefined);
  const maxs = [a?.max, b?.max].filter((v): v is number => v !== undefined);
  const band: Band = {};
  if (mins.length) band.min = Math.max(...mins);
  if (maxs.length) band.max = Math.min(...maxs);
  return band;
}

/**
 * One metric's values for one part class, in production order and in the
 * recipe's units (mm / mm² once calibrated), which is what its bands are in.
 */
export function metricSeries(
  objects: Iterable<Pick<ObjectResult, 'part' | 'metrics'>>,
  part: string | null,
  metric: ObjectMetricName,
  mmPerPixel: number | null,
): number[] {
  const out: number[] = [];
  for (const o of objects) {
    if (o.part === part) out.push(toCalibrated(OBJECT_METRICS[metric], o.metrics[metric], mmPerPixel));
  }
  return out;
}
