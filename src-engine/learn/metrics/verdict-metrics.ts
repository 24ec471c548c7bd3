// The model against the recipe: how often it agrees with the recipe's verdict,
// and how many of the parts the recipe rejects for one check (e.g. circularity
// below its band) the model also calls NG. Both read the verdict the pipeline
// stored as features (recipe.ok, recipe.fails.<check>).
import { failsFeature, type VerdictCheck } from '../features/feature-names.js';
import { classCountOf, columnOf, featureAt, predictedClass, share, type FeatureBatch, type StreamingMetric } from './streaming-metric.js';

export function recipeAgreement(okClass: number): StreamingMetric {
  let hits = 0;
  let count = 0;
  return {
    name: 'recipeAgreement',
    update(yTrue: Int32Array, yPred: Float32Array, batch: FeatureBatch) {
      const C = classCountOf(yTrue, yPred, 'recipeAgreement');
      const j = columnOf(batch, 'recipe.ok');
      for (let i = 0; i < batch.n; i++) {
        const modelOk = predictedClass(yPred, i, C) === okClass;
        if (modelOk === (featureAt(batch, i, j) === 1)) hits++;
        count++;
      }
    },
    result: () => share(hits, count),
    reset() {
      hits = 0;
      count = 0;
    },
  };
}

/** Among samples the recipe rejected on `check`, the share the model predicts NG (NaN until one is seen). */
export function recipeRejectRecall(check: VerdictCheck, okClass: number): StreamingMetric {
  const column = failsFeature(check);
  let hits = 0;
  let count = 0;
  return {
    name: `recipeRejectRecall.${check}`,
    update(yTrue: Int32Array, yPred: Float32Array, batch: FeatureBatch) {
      const C = classCountOf(yTrue, yPred, this.name);
      const j = columnOf(batch, column);
      for (let i = 0; i < batch.n; i++) {
        if (featureAt(batch, i, j) !== 1) continue;
        count++;
        if (predictedClass(yPred, i, C) !== okClass) hits++;
      }
    },
    result: () => share(hits, count),
    reset() {
      hits = 0;
      count = 0;
    },
  };
}
