// The pixel-count band of the segmentation baseline for a dataset: the
// recipe's own areaPixels band, or the one the training samples labelled OK
// span (their features come from the pipeline, so from its cache once computed).
import type { Recipe } from '../../../src-shared/recipe.js';
import type { Dataset } from '../dataset/sample.js';
import { labelsOf } from '../features/feature-batch.js';
import type { FeaturePipeline } from '../features/feature-pipeline.js';
import { thresholdBand, type ThresholdBand } from './segmentation-accuracy.js';

export async function trainingThresholdBand(recipe: Recipe, dataset: Dataset, pipeline: FeaturePipeline): Promise<ThresholdBand> {
  const train = dataset.samples.flatMap((s, i) => (s.split === 'train' ? [i] : []));
  const values = await pipeline.featuresFor(train);
  return thresholdBand(recipe, { values, names: pipeline.names, yTrue: labelsOf(dataset, train), okClass: dataset.classes.indexOf(dataset.okLabel) });
}
