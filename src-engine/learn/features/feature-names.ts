// The features a sample carries into training, in one fixed order: column j of
// every feature matrix is FEATURE_NAMES[j]. All of them come from the engine's
// own inspection of the sample's native window (see compute-features.ts), so a
// metric means the same thing on the line and in training.
import { OBJECT_METRIC_NAMES, type ObjectMetricName } from '../../../src-shared/metrics.js';

/** Checks whose failure the recipe can report for an object: every object metric, and `part` (no part class matched). */
export const VERDICT_CHECKS = [...OBJECT_METRIC_NAMES, 'part'] as const;
export type VerdictCheck = (typeof VERDICT_CHECKS)[number];

export const FEATURE_NAMES: readonly string[] = [
  // The largest object's metrics (0 when no object was found; see object.found).
  ...OBJECT_METRIC_NAMES.map((n) => `object.${n}`),
  'object.found',
  // Metrics of the whole window.
  'frame.pixelsAboveThreshold',
  'frame.meanIntensity',
  'frame.objectCount',
  // The recipe's verdict on the largest object: 1 = OK, and 1 per check it failed.
  'recipe.ok',
  ...VERDICT_CHECKS.map((n) => `recipe.fails.${n}`),
];

export const FEATURE_COUNT = FEATURE_NAMES.length;

const INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]));

/** Column of a feature: its full name (`object.solidity`) or, for object metrics, the bare metric name (`solidity`). */
export function featureIndex(name: string, names: readonly string[] = FEATURE_NAMES): number {
  const table = names === FEATURE_NAMES ? INDEX : new Map(names.map((n, i) => [n, i]));
  const i = table.get(name) ?? table.get(`object.${name}`);
  if (i === undefined) throw new Error(`unknown feature ${name} (known: ${names.join(', ')})`);
  return i;
}

export const objectFeature = (metric: ObjectMetricName): string => `object.${metric}`;
export const failsFeature = (check: VerdictCheck): string => `recipe.fails.${check}`;
