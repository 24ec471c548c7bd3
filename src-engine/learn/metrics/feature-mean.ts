// The mean of one recipe metric over the samples seen, read from the features
// the pipeline computed with the engine's own inspection. Object metrics only
// count samples in which an object was found (a missing part has no
// circularity, and 0 would drag the mean down).
import { FEATURE_NAMES, featureIndex } from '../features/feature-names.js';
import { columnOf, featureAt, type FeatureBatch, type StreamingMetric } from './streaming-metric.js';

export function recipeMetric(metric: string, name = `mean.${metric.replace(/^object\./, '')}`): StreamingMetric {
  // Resolve the full column name once (this also refuses a name that is no feature).
  const full = FEATURE_NAMES[featureIndex(metric)];
  const perObject = full.startsWith('object.') && full !== 'object.found';
  let sum = 0;
  let count = 0;
  return {
    name,
    update(_yTrue: Int32Array, _yPred: Float32Array, batch: FeatureBatch) {
      const j = columnOf(batch, full);
      const found = perObject ? columnOf(batch, 'object.found') : -1;
      for (let i = 0; i < batch.n; i++) {
        if (found >= 0 && featureAt(batch, i, found) === 0) continue;
        sum += featureAt(batch, i, j);
        count++;
      }
    },
    result: () => (count === 0 ? NaN : sum / count),
    reset() {
      sum = 0;
      count = 0;
    },
  };
}

/** The seed's first metric: mean circularity of the largest object. */
export const meanCircularity = (): StreamingMetric => recipeMetric('circularity', 'meanCircularity');
