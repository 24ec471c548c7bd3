// What the trainer hands the metrics for one batch: the pipeline's features,
// the labels as class indices, the defects, and the crops (raw, tf-free; a
// trainer that already holds the input tensor can put that in `inputs` instead).
import type { Dataset } from '../dataset/sample.js';
import type { FeatureBatch } from '../metrics/streaming-metric.js';
import type { PipelineBatch } from './feature-pipeline.js';

/** Class index of each sample (dataset.classes order). */
export function labelsOf(dataset: Dataset, indices: readonly number[]): Int32Array {
  return Int32Array.from(indices, (i) => {
    const c = dataset.classes.indexOf(dataset.samples[i].label);
    if (c < 0) throw new Error(`sample ${dataset.samples[i].id} has label ${dataset.samples[i].label}, which is not a class of ${dataset.name}`);
    return c;
  });
}

/** The crops of the samples, one after another (n × size × size). */
export function cropsOf(dataset: Dataset, indices: readonly number[]): Uint8Array {
  const S = dataset.size * dataset.size;
  const out = new Uint8Array(indices.length * S);
  indices.forEach((i, k) => out.set(dataset.samples[i].input, k * S));
  return out;
}

export function featureBatchOf(dataset: Dataset, batch: PipelineBatch, names: readonly string[]): FeatureBatch {
  return {
    values: batch.features,
    names,
    n: batch.indices.length,
    inputs: { size: dataset.size, pixels: cropsOf(dataset, batch.indices) },
    defects: batch.indices.map((i) => dataset.samples[i].defect),
  };
}
