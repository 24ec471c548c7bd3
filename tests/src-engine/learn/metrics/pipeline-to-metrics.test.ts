// The trainer's path end to end: dataset → FeaturePipeline (child process) →
// featureBatchOf → MetricSet. The figures equal those from features computed
// in this process, and the segmentation band comes from the training split.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { defaultRecipePath, loadRecipeFile } from '../../../../src-engine/recipes/index.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { buildSyntheticDataset } from '../../../../src-engine/learn/dataset/synthetic-dataset.js';
import type { Dataset } from '../../../../src-engine/learn/dataset/sample.js';
import { computeFeatures } from '../../../../src-engine/learn/features/compute-features.js';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../../../src-engine/learn/features/feature-names.js';
import { FeaturePipeline } from '../../../../src-engine/learn/features/feature-pipeline.js';
import { featureBatchOf, labelsOf } from '../../../../src-engine/learn/features/feature-batch.js';
import { MetricSet } from '../../../../src-engine/learn/metrics/metric-set.js';
import { standardMetrics } from '../../../../src-engine/learn/metrics/standard-metrics.js';
import { thresholdBand } from '../../../../src-engine/learn/metrics/segmentation-accuracy.js';
import { trainingThresholdBand } from '../../../../src-engine/learn/metrics/training-band.js';

let recipe: Recipe;
let dataset: Dataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  recipe = r.value;
  dataset = buildSyntheticDataset({ seed: 31, frames: 4, recipe }).dataset;
});

/** Predicts NG exactly when the part's true label is NG for even indices, OK otherwise. */
const predictions = (indices: number[]) => Float32Array.from(indices.flatMap((i) => (i % 2 === 0 && dataset.samples[i].label === 'ng' ? [0.1, 0.9] : [0.9, 0.1])));

describe('pipeline → MetricSet', () => {
  it('gives the same figures as in-process features, per phase', async () => {
    const pipeline = new FeaturePipeline({ samples: dataset.samples, recipe, workers: 1, cacheDir: null });
    try {
      await pipeline.ready();
      const band = await trainingThresholdBand(recipe, dataset, pipeline);
      const okClass = dataset.classes.indexOf(dataset.okLabel);
      const create = standardMetrics({ classes: dataset.classes, okClass, recipe, band });
      const val = dataset.samples.flatMap((s, i) => (s.split !== 'train' ? [i] : []));
      const order = [val.slice(0, 5), val.slice(5)];
      const viaPipeline = new MetricSet(create, 'val_');
      for await (const b of pipeline.batches(order)) viaPipeline.update(labelsOf(dataset, b.indices), predictions(b.indices), featureBatchOf(dataset, b, pipeline.names));

      const direct = new Float32Array(val.length * FEATURE_COUNT);
      val.forEach((i, k) => direct.set(computeFeatures(dataset.samples[i].window, recipe), k * FEATURE_COUNT));
      const train = dataset.samples.flatMap((s, i) => (s.split === 'train' ? [i] : []));
      const trainValues = new Float32Array(train.length * FEATURE_COUNT);
      train.forEach((i, k) => trainValues.set(computeFeatures(dataset.samples[i].window, recipe), k * FEATURE_COUNT));
      expect(band).toEqual(thresholdBand(recipe, { values: trainValues, names: FEATURE_NAMES, yTrue: labelsOf(dataset, train), okClass }));

      const oneShot = new MetricSet(create, 'val_');
      oneShot.update(labelsOf(dataset, val), predictions(val), featureBatchOf(dataset, { index: 0, indices: val, features: direct }, FEATURE_NAMES));
      const a = viaPipeline.result().values;
      const b = oneShot.result().values;
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(b)) {
        if (Number.isNaN(b[k])) expect(a[k]).toBeNaN(); // e.g. recall on a check nothing in val failed
        else expect(a[k]).toBeCloseTo(b[k], 4);
      }
      expect(Object.values(b).filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(10);
      expect(Object.keys(a)).toContain('val_segmentationAccuracy');
      expect(Object.keys(a)).toContain('val_recipeRejectRecall.circularity');
    } finally {
      await pipeline.close();
    }
  });

  it('labelsOf refuses a sample whose label is not a class', () => {
    const broken = { ...dataset, classes: ['ok'] };
    expect(() => labelsOf(broken, dataset.samples.flatMap((s, i) => (s.label === 'ng' ? [i] : [])))).toThrow(/not a class/);
  });
});
