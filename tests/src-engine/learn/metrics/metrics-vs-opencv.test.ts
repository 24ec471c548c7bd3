// Every custom metric equals the same figure computed directly with OpenCV
// (inspectImage on each sample's window, Mat.mean on each crop) on the same
// samples, and streaming batch by batch equals one pass over all samples.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { opencv } from '../../../../src-engine/opencv.js';
import { defaultRecipePath, loadRecipeFile } from '../../../../src-engine/recipes/index.js';
import type { FrameResult } from '../../../../src-shared/inspection.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { buildSyntheticDataset } from '../../../../src-engine/learn/dataset/synthetic-dataset.js';
import type { Dataset } from '../../../../src-engine/learn/dataset/sample.js';
import { featuresOf, inspectWindow } from '../../../../src-engine/learn/features/compute-features.js';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../../../src-engine/learn/features/feature-names.js';
import { largestObject } from '../../../../src-engine/learn/features/largest-object.js';
import { mulberry32 } from '../../../../src-engine/sources/synthetic/prng.js';
import { MetricSet, type MetricResults } from '../../../../src-engine/learn/metrics/metric-set.js';
import { standardMetrics } from '../../../../src-engine/learn/metrics/standard-metrics.js';
import { thresholdBand, type ThresholdBand } from '../../../../src-engine/learn/metrics/segmentation-accuracy.js';
import type { FeatureBatch } from '../../../../src-engine/learn/metrics/streaming-metric.js';

let recipe: Recipe;
let dataset: Dataset;
let results: FrameResult[];
let features: Float32Array;
let yTrue: Int32Array;
let yPred: Float32Array;
let band: ThresholdBand;
let C: number;
let okClass: number;

/** A stand-in model: probabilities from a seeded generator, leaning towards the true class 60 % of the time. */
function fakePredictions(labels: Int32Array, classes: number): Float32Array {
  const rng = mulberry32(99);
  const out = new Float32Array(labels.length * classes);
  labels.forEach((t, i) => {
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[i * classes + c] = rng.next() + (c === t && rng.chance(0.6) ? 1 : 0);
    for (let c = 0; c < classes; c++) out[i * classes + c] /= sum;
  });
  return out;
}

const argmax = (i: number) => {
  let best = 0;
  for (let c = 1; c < C; c++) if (yPred[i * C + c] > yPred[i * C + best]) best = c;
  return best;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  recipe = r.value;
  dataset = buildSyntheticDataset({ seed: 8, frames: 10, recipe, labelBy: 'defect' }).dataset;
  results = dataset.samples.map((s) => inspectWindow(s.window, recipe));
  features = new Float32Array(results.length * FEATURE_COUNT);
  results.forEach((res, i) => featuresOf(res, features, i * FEATURE_COUNT));
  C = dataset.classes.length;
  okClass = dataset.classes.indexOf(dataset.okLabel);
  yTrue = Int32Array.from(dataset.samples.map((s) => dataset.classes.indexOf(s.label)));
  yPred = fakePredictions(yTrue, C);
  const train = dataset.samples.flatMap((s, i) => (s.split === 'train' ? [i] : []));
  band = thresholdBand(recipe, {
    values: Float32Array.from(train.flatMap((i) => Array.from(features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT)))),
    names: FEATURE_NAMES,
    yTrue: Int32Array.from(train.map((i) => yTrue[i])),
    okClass,
  });
});

/** The samples [from, to) as a batch, inputs as a tf tensor scaled to 0–1 like a trainer would feed them. */
function batchOf(from: number, to: number): { y: Int32Array; p: Float32Array; f: FeatureBatch; dispose: () => void } {
  const n = to - from;
  const S = dataset.size;
  const pixels = new Float32Array(n * S * S);
  for (let i = 0; i < n; i++) dataset.samples[from + i].input.forEach((v, k) => (pixels[i * S * S + k] = v / 255));
  const inputs = tf.tensor4d(pixels, [n, S, S, 1]);
  return {
    y: yTrue.subarray(from, to),
    p: yPred.subarray(from * C, to * C),
    f: { values: features.subarray(from * FEATURE_COUNT, to * FEATURE_COUNT), names: FEATURE_NAMES, n, inputs, defects: dataset.samples.slice(from, to).map((s) => s.defect) },
    dispose: () => inputs.dispose(),
  };
}

function streamed(batchSize: number): MetricResults {
  const set = new MetricSet(standardMetrics({ classes: dataset.classes, okClass, recipe, band, grayPerUnit: 255, recipeMetrics: ['solidity', 'frame.meanIntensity'] }));
  for (let from = 0; from < dataset.samples.length; from += batchSize) {
    const b = batchOf(from, Math.min(dataset.samples.length, from + batchSize));
    set.update(b.y, b.p, b.f);
    b.dispose();
  }
  return set.result();
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('custom metrics against OpenCV on the same samples', () => {
  let all: MetricResults;
  beforeAll(() => {
    all = streamed(dataset.samples.length);
  });

  it('has enough of every case to mean something', () => {
    expect(dataset.samples.length).toBeGreaterThan(100);
    expect(results.filter((r) => !largestObject(r)!.verdict.ok).length).toBeGreaterThan(5);
    expect(results.filter((r) => largestObject(r)!.verdict.reasons.some((x) => x.metric === 'circularity')).length).toBeGreaterThan(2);
  });

  it('mean circularity and recipe metrics equal the means of inspectImage on the windows', () => {
    expect(all.values.meanCircularity).toBeCloseTo(mean(results.map((r) => largestObject(r)!.metrics.circularity)), 5);
    expect(all.values['mean.solidity']).toBeCloseTo(mean(results.map((r) => largestObject(r)!.metrics.solidity)), 5);
    expect(all.values['mean.frame.meanIntensity']).toBeCloseTo(mean(results.map((r) => r.metrics.meanIntensity)), 3);
  });

  it('average pixel value (tf ops on the batch tensor) equals the mean of OpenCV Mat.mean() over the crops', () => {
    const cv = opencv();
    const S = dataset.size;
    const matMeans = dataset.samples.map((s) => new cv.Mat(Buffer.from(s.input), S, S, cv.CV_8UC1).mean().w);
    expect(all.values.averagePixelValue).toBeCloseTo(mean(matMeans), 3);
  });

  it('segmentation accuracy equals thresholding alone, judged directly from the OpenCV pixel counts', () => {
    expect(band.source).toBe('learned'); // the default recipe has no recipe-wide areaPixels band
    const trainOk = dataset.samples.flatMap((s, i) => (s.split === 'train' && s.label === dataset.okLabel ? [results[i].metrics.pixelsAboveThreshold] : []));
    expect([band.min, band.max]).toEqual([Math.min(...trainOk), Math.max(...trainOk)]);
    const right = results.filter((r, i) => {
      const v = r.metrics.pixelsAboveThreshold;
      return (v >= band.min && v <= band.max) === (yTrue[i] === okClass);
    }).length;
    expect(all.values.segmentationAccuracy).toBeCloseTo(right / results.length, 10);
  });

  it('agreement with the recipe and recall on its circularity rejects equal the verdicts of inspectImage', () => {
    const agree = results.filter((r, i) => largestObject(r)!.verdict.ok === (argmax(i) === okClass)).length;
    expect(all.values.recipeAgreement).toBeCloseTo(agree / results.length, 10);
    const rejected = results.flatMap((r, i) => (largestObject(r)!.verdict.reasons.some((x) => x.metric === 'circularity') ? [i] : []));
    const caught = rejected.filter((i) => argmax(i) !== okClass).length;
    expect(all.values['recipeRejectRecall.circularity']).toBeCloseTo(caught / rejected.length, 10);
  });

  it('accuracy per defect kind and the confusion matrix count the predictions directly', () => {
    const kinds = [...new Set(dataset.samples.map((s) => s.defect ?? 'none'))];
    for (const k of kinds) {
      const idx = dataset.samples.flatMap((s, i) => ((s.defect ?? 'none') === k ? [i] : []));
      expect(all.values[`accuracyByDefect.${k}.accuracy`]).toBeCloseTo(idx.filter((i) => argmax(i) === yTrue[i]).length / idx.length, 10);
      expect(all.values[`accuracyByDefect.${k}.samples`]).toBe(idx.length);
    }
    const table = all.tables.confusion;
    expect(table.rows).toEqual(dataset.classes);
    for (let t = 0; t < C; t++) {
      for (let p = 0; p < C; p++) expect(table.values[t][p]).toBe(dataset.samples.filter((_, i) => yTrue[i] === t && argmax(i) === p).length);
    }
    expect(all.values.accuracy).toBeCloseTo(dataset.samples.filter((_, i) => argmax(i) === yTrue[i]).length / dataset.samples.length, 10);
  });

  it('streaming in batches of 1, 7 and 32 gives the one-shot figures', () => {
    for (const size of [1, 7, 32]) {
      const s = streamed(size);
      expect(Object.keys(s.values).sort()).toEqual(Object.keys(all.values).sort());
      for (const [k, v] of Object.entries(all.values)) {
        if (k === 'averagePixelValue') expect(s.values[k]).toBeCloseTo(v, 3); // float32 partial sums
        else expect(s.values[k]).toBe(v);
      }
      expect(s.tables).toEqual(all.tables);
    }
  });
});
