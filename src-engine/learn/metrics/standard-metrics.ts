// The metrics a training run reports by default, as one factory for MetricSet.
import type { Recipe } from '../../../src-shared/recipe.js';
import { OBJECT_METRIC_NAMES } from '../../../src-shared/metrics.js';
import { averagePixelValue } from './average-pixel-value.js';
import { accuracy, accuracyByDefect, confusionMatrix } from './class-metrics.js';
import { meanCircularity, recipeMetric } from './feature-mean.js';
import { segmentationAccuracy, type ThresholdBand } from './segmentation-accuracy.js';
import type { ClassInfo, StreamingMetric } from './streaming-metric.js';
import { recipeAgreement, recipeRejectRecall } from './verdict-metrics.js';
import type { VerdictCheck } from '../features/feature-names.js';

export interface StandardMetricOptions extends ClassInfo {
  recipe: Recipe;
  /** From thresholdBand(recipe, training features): the pixel-count baseline's band. */
  band: ThresholdBand;
  /** Gray levels per input unit (255 when inputs are scaled to 0–1). Default 1. */
  grayPerUnit?: number;
  /** Extra recipe metrics to average (bare object metric names or full feature names). */
  recipeMetrics?: string[];
  /** Whether batches carry inputs (for averagePixelValue) and defects (for accuracyByDefect). Default true. */
  withInputs?: boolean;
  withDefects?: boolean;
}

/** Checks the recipe actually bands (any part class or recipe-wide), each getting a reject-recall figure. */
export function bandedChecks(recipe: Recipe): VerdictCheck[] {
  const banded = new Set<string>(Object.keys(recipe.tolerances));
  for (const p of recipe.parts) for (const k of Object.keys(p.tolerances)) banded.add(k);
  const checks: VerdictCheck[] = OBJECT_METRIC_NAMES.filter((m) => banded.has(m));
  return recipe.parts.length > 0 ? [...checks, 'part'] : checks;
}

export function standardMetrics(o: StandardMetricOptions): () => StreamingMetric[] {
  return () => [
    accuracy(),
    meanCircularity(),
    segmentationAccuracy(o.band, o.okClass),
    ...(o.withInputs === false ? [] : [averagePixelValue({ grayPerUnit: o.grayPerUnit })]),
    ...(o.recipeMetrics ?? []).map((m) => recipeMetric(m)),
    recipeAgreement(o.okClass),
    ...bandedChecks(o.recipe).map((c) => recipeRejectRecall(c, o.okClass)),
    ...(o.withDefects === false ? [] : [accuracyByDefect()]),
    confusionMatrix(o.classes),
  ];
}
