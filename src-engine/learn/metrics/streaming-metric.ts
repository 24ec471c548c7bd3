// Streaming metrics, Keras-Metric-like (tfjs has none): update() once per
// batch, result() whenever, reset() per epoch. Each metric keeps running sums
// and counts only, so a metric streamed batch by batch equals the same metric
// computed on all samples at once.
//
// One rule: no OpenCV inside the tf graph. Metrics read the features the
// pipeline already computed (FeatureBatch.values, FEATURE_NAMES columns); only
// the pixel statistics use tf ops, on the batch's input tensor.
import type { Tensor4D } from '@tensorflow/tfjs';

export interface MetricTable {
  kind: 'table';
  rows: string[];
  columns: string[];
  /** values[row][column] */
  values: number[][];
}

/** Pixels of a batch without tf: n crops of size × size grey, row-major, one after another. */
export interface PixelBatch {
  size: number;
  pixels: Uint8Array;
}

export interface FeatureBatch {
  /** n × names.length, row-major. */
  values: Float32Array;
  names: readonly string[];
  n: number;
  /** The batch's model inputs: a tf tensor [n, h, w, 1] or the raw crops. */
  inputs?: Tensor4D | PixelBatch;
  /** Defect kind of each sample (null = good), for per-defect figures. */
  defects?: ReadonlyArray<string | null>;
}

export interface StreamingMetric {
  name: string;
  /** yTrue: class index per sample; yPred: n × C probabilities (row-major). */
  update(yTrue: Int32Array, yPred: Float32Array, features: FeatureBatch): void;
  result(): number | MetricTable;
  reset(): void;
}

/** Which class index means a good part; every other class is NG. */
export interface ClassInfo {
  classes: readonly string[];
  okClass: number;
}

/** Index of the largest probability in row i. */
export function predictedClass(yPred: Float32Array, i: number, classCount: number): number {
  let best = 0;
  const base = i * classCount;
  for (let c = 1; c < classCount; c++) if (yPred[base + c] > yPred[base + best]) best = c;
  return best;
}

/** Classes per row, checked against the batch size so a mis-shaped batch fails loudly instead of skewing a figure. */
export function classCountOf(yTrue: Int32Array, yPred: Float32Array, name: string): number {
  const n = yTrue.length;
  if (n === 0) return 0;
  const c = yPred.length / n;
  if (!Number.isInteger(c) || c < 1) throw new Error(`${name}: ${yPred.length} predictions do not divide into ${n} samples`);
  return c;
}

/** Column j of the feature batch for sample i. */
export function featureAt(batch: FeatureBatch, i: number, column: number): number {
  return batch.values[i * batch.names.length + column];
}

export function columnOf(batch: FeatureBatch, name: string): number {
  const j = batch.names.indexOf(name);
  if (j < 0) throw new Error(`the feature batch has no column ${name}`);
  return j;
}

/** A share as a number: NaN when nothing was counted (an empty share is undefined, not 0 or 1). */
export const share = (hits: number, count: number): number => (count === 0 ? NaN : hits / count);
