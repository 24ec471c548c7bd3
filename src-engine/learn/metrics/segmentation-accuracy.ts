// Segmentation accuracy: how often thresholding ALONE judges a sample as its
// label says. "Thresholding alone" is: count the pixels above the recipe's
// threshold (OpenCV, frame.pixelsAboveThreshold of the sample's window) and
// call the part OK when the count lies inside a band: the recipe's own
// recipe-wide `areaPixels` tolerance when it has one, otherwise the band the
// training samples labelled OK span. No shape, no classes, no model.
//
// It is the baseline the model should beat: a model that does not judge parts
// better than a pixel count has learned nothing a threshold did not know.
import { toCalibrated, OBJECT_METRICS } from '../../../src-shared/metrics.js';
import type { Band, Recipe } from '../../../src-shared/recipe.js';
import { columnOf, featureAt, share, type FeatureBatch, type StreamingMetric } from './streaming-metric.js';

export interface ThresholdBand {
  min: number;
  max: number;
  /** Where the band came from, for reports. */
  source: 'recipe' | 'learned';
}

/**
 * The band of pixel counts an OK part has: the recipe's `tolerances.areaPixels`
 * (converted back to pixels when the recipe is calibrated), else the span of
 * frame.pixelsAboveThreshold over the OK training samples.
 */
export function thresholdBand(recipe: Recipe, training: { values: Float32Array; names: readonly string[]; yTrue: Int32Array; okClass: number }): ThresholdBand {
  const band = recipe.tolerances.areaPixels as Band | undefined;
  if (band && (band.min !== undefined || band.max !== undefined)) {
    const mm = recipe.calibration.mmPerPixel;
    // Bands are written in calibrated units; the pixel count is in px², so convert the band back.
    const perPixel = toCalibrated(OBJECT_METRICS.areaPixels, 1, mm);
    return { min: band.min === undefined ? -Infinity : band.min / perPixel, max: band.max === undefined ? Infinity : band.max / perPixel, source: 'recipe' };
  }
  const j = training.names.indexOf('frame.pixelsAboveThreshold');
  if (j < 0) throw new Error('the training features have no frame.pixelsAboveThreshold column');
  let min = Infinity;
  let max = -Infinity;
  const F = training.names.length;
  for (let i = 0; i < training.yTrue.length; i++) {
    if (training.yTrue[i] !== training.okClass) continue;
    const v = training.values[i * F + j];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) throw new Error('no training sample is labelled OK, so no pixel-count band can be learned');
  return { min, max, source: 'learned' };
}

export function segmentationAccuracy(band: ThresholdBand, okClass: number): StreamingMetric {
  let hits = 0;
  let count = 0;
  return {
    name: 'segmentationAccuracy',
    update(yTrue: Int32Array, _yPred: Float32Array, batch: FeatureBatch) {
      const j = columnOf(batch, 'frame.pixelsAboveThreshold');
      for (let i = 0; i < batch.n; i++) {
        const v = featureAt(batch, i, j);
        const judgedOk = v >= band.min && v <= band.max;
        if (judgedOk === (yTrue[i] === okClass)) hits++;
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
