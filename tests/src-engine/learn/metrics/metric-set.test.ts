// MetricSet and the metrics' edges: per-batch figures are the batch's own,
// epochs reset, names stay apart per phase, and a batch missing what a metric
// needs fails with a message saying what is missing.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { RecipeSchema } from '../../../../src-shared/recipe.js';
import { FEATURE_COUNT, FEATURE_NAMES, featureIndex } from '../../../../src-engine/learn/features/feature-names.js';
import { MetricSet } from '../../../../src-engine/learn/metrics/metric-set.js';
import { accuracy, accuracyByDefect, confusionMatrix } from '../../../../src-engine/learn/metrics/class-metrics.js';
import { averagePixelValue } from '../../../../src-engine/learn/metrics/average-pixel-value.js';
import { meanCircularity, recipeMetric } from '../../../../src-engine/learn/metrics/feature-mean.js';
import { recipeRejectRecall } from '../../../../src-engine/learn/metrics/verdict-metrics.js';
import { segmentationAccuracy, thresholdBand } from '../../../../src-engine/learn/metrics/segmentation-accuracy.js';
import type { FeatureBatch } from '../../../../src-engine/learn/metrics/streaming-metric.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n samples with given circularity / pixel counts; classes [ok, ng]. */
function batch(rows: Array<{ circ: number; px: number; found?: number; failsCirc?: number }>): FeatureBatch {
  const values = new Float32Array(rows.length * FEATURE_COUNT);
  rows.forEach((r, i) => {
    values[i * FEATURE_COUNT + featureIndex('circularity')] = r.circ;
    values[i * FEATURE_COUNT + featureIndex('object.found')] = r.found ?? 1;
    values[i * FEATURE_COUNT + featureIndex('frame.pixelsAboveThreshold')] = r.px;
    values[i * FEATURE_COUNT + featureIndex('recipe.fails.circularity')] = r.failsCirc ?? 0;
  });
  return { values, names: FEATURE_NAMES, n: rows.length };
}
const probs = (...classes: number[]) => Float32Array.from(classes.flatMap((c) => (c === 0 ? [0.9, 0.1] : [0.2, 0.8])));

describe('MetricSet', () => {
  it('returns each batch its own figures and keeps the epoch running; reset starts a new epoch', () => {
    const set = new MetricSet(() => [accuracy(), meanCircularity()], 'val_');
    const b1 = set.update(Int32Array.of(0, 1), probs(0, 0), batch([{ circ: 0.9, px: 1 }, { circ: 0.7, px: 1 }]));
    expect(b1.values).toEqual({ val_accuracy: 0.5, val_meanCircularity: expect.closeTo(0.8, 6) });
    const b2 = set.update(Int32Array.of(1, 1), probs(1, 1), batch([{ circ: 1, px: 1 }, { circ: 1, px: 1 }]));
    expect(b2.values).toEqual({ val_accuracy: 1, val_meanCircularity: expect.closeTo(1, 6) });
    expect(set.result().values).toEqual({ val_accuracy: 0.75, val_meanCircularity: expect.closeTo(0.9, 6) });
    set.reset();
    expect(Number.isNaN(set.result().values.val_accuracy)).toBe(true);
  });

  it('flattens tables into the record and keeps them whole beside it', () => {
    const set = new MetricSet(() => [confusionMatrix(['ok', 'ng'])]);
    set.update(Int32Array.of(0, 1, 1), probs(0, 0, 1), batch([{ circ: 1, px: 1 }, { circ: 1, px: 1 }, { circ: 1, px: 1 }]));
    const r = set.result();
    expect(r.tables.confusion.values).toEqual([[1, 0], [1, 1]]);
    expect(r.values).toEqual({ 'confusion.ok.ok': 1, 'confusion.ok.ng': 0, 'confusion.ng.ok': 1, 'confusion.ng.ng': 1 });
  });

  it('refuses two metrics of one name, a factory that reuses objects, and a batch whose sizes disagree', () => {
    expect(() => new MetricSet(() => [accuracy(), accuracy()])).toThrow(/two metrics are both named accuracy/);
    const shared = [accuracy()];
    expect(() => new MetricSet(() => shared)).toThrow(/same metric objects/);
    const set = new MetricSet(() => [accuracy()]);
    expect(() => set.update(Int32Array.of(0, 1), probs(0, 1), batch([{ circ: 1, px: 1 }]))).toThrow(/1 samples, the labels 2/);
    expect(() => set.update(Int32Array.of(0, 1), Float32Array.of(0.5, 0.5, 0.5), batch([{ circ: 1, px: 1 }, { circ: 1, px: 1 }]))).toThrow(/do not divide/);
  });
});

describe('metric edges', () => {
  it('a metric missing its batch data says what it needs', () => {
    const b = batch([{ circ: 1, px: 1 }]);
    expect(() => averagePixelValue().update(Int32Array.of(0), probs(0), b)).toThrow(/needs the batch inputs/);
    expect(() => accuracyByDefect().update(Int32Array.of(0), probs(0), b)).toThrow(/needs the defect of each/);
    expect(() => recipeMetric('sharpness')).toThrow(/unknown feature sharpness/);
  });

  it('object metrics skip samples with no object; a recall with nothing to recall is NaN, not 0 or 1', () => {
    const m = meanCircularity();
    m.update(Int32Array.of(0, 0), probs(0, 0), batch([{ circ: 0.8, px: 1 }, { circ: 0, px: 0, found: 0 }]));
    expect(m.result()).toBeCloseTo(0.8, 6);
    const recall = recipeRejectRecall('circularity', 0);
    recall.update(Int32Array.of(0), probs(0), batch([{ circ: 1, px: 1 }]));
    expect(Number.isNaN(recall.result() as number)).toBe(true);
    recall.update(Int32Array.of(1, 1), probs(1, 0), batch([{ circ: 0.5, px: 1, failsCirc: 1 }, { circ: 0.5, px: 1, failsCirc: 1 }]));
    expect(recall.result()).toBe(0.5);
  });

  it('average pixel value reads raw crops and tensors alike', () => {
    const pixels = Uint8Array.from({ length: 2 * 16 }, (_, i) => i * 7);
    const expected = pixels.reduce((a, b) => a + b, 0) / pixels.length;
    const raw = averagePixelValue();
    raw.update(Int32Array.of(0, 0), probs(0, 0), { ...batch([{ circ: 1, px: 1 }, { circ: 1, px: 1 }]), inputs: { size: 4, pixels } });
    expect(raw.result()).toBeCloseTo(expected, 4);
    const scaled = averagePixelValue({ grayPerUnit: 255 });
    const t = tf.tensor4d(Float32Array.from(pixels, (v) => v / 255), [2, 4, 4, 1]);
    scaled.update(Int32Array.of(0, 0), probs(0, 0), { ...batch([{ circ: 1, px: 1 }, { circ: 1, px: 1 }]), inputs: t });
    t.dispose();
    expect(scaled.result()).toBeCloseTo(expected, 3);
  });

  it("segmentation accuracy uses the recipe's areaPixels band when it has one (in mm² once calibrated)", () => {
    const training = { values: batch([{ circ: 1, px: 100 }]).values, names: FEATURE_NAMES, yTrue: Int32Array.of(0), okClass: 0 };
    const base = { schema: 'loupe.recipe/1', name: 'r', version: 1, pipeline: {} };
    const px = thresholdBand(RecipeSchema.parse({ ...base, tolerances: { areaPixels: { min: 900, max: 1100 } } }), training);
    expect(px).toEqual({ min: 900, max: 1100, source: 'recipe' });
    const mm = thresholdBand(RecipeSchema.parse({ ...base, calibration: { mmPerPixel: 0.1 }, tolerances: { areaPixels: { min: 9, max: 11 } } }), training);
    expect(mm.min).toBeCloseTo(900, 6);
    expect(mm.max).toBeCloseTo(1100, 6);
    const learned = thresholdBand(RecipeSchema.parse(base), { ...training, values: batch([{ circ: 1, px: 100 }, { circ: 1, px: 140 }, { circ: 1, px: 5 }]).values, yTrue: Int32Array.of(0, 0, 1) });
    expect(learned).toEqual({ min: 100, max: 140, source: 'learned' });
    expect(() => thresholdBand(RecipeSchema.parse(base), { ...training, yTrue: Int32Array.of(1) })).toThrow(/no training sample is labelled OK/);

    const seg = segmentationAccuracy(learned, 0);
    // OK at 120 (inside: right), OK at 300 (outside: wrong), NG at 5 (outside: right).
    seg.update(Int32Array.of(0, 0, 1), probs(0, 0, 0), batch([{ circ: 1, px: 120 }, { circ: 1, px: 300 }, { circ: 1, px: 5 }]));
    expect(seg.result()).toBeCloseTo(2 / 3, 10);
  });
});
