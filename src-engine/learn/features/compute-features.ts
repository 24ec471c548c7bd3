// One sample's features: the engine's inspectImage on the sample's native
// window with the recipe, read out in FEATURE_NAMES order. No second
// definition of any metric exists for training.
import { opencv } from '../../opencv.js';
import { OBJECT_METRIC_NAMES } from '../../../src-shared/metrics.js';
import type { FrameResult } from '../../../src-shared/inspection.js';
import type { Recipe } from '../../../src-shared/recipe.js';
import { inspectImage } from '../../vision/inspect-image.js';
import type { PixelWindow } from '../dataset/sample.js';
import { FEATURE_COUNT, VERDICT_CHECKS } from './feature-names.js';
import { largestObject } from './largest-object.js';

/** Runs the inspection on a window (8-bit grey). */
export function inspectWindow(window: PixelWindow, recipe: Recipe): FrameResult {
  const cv = opencv();
  const { pixels, width, height } = window;
  const mat = new cv.Mat(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), height, width, cv.CV_8UC1);
  try {
    return inspectImage(mat, recipe, { seq: 0, timestampMs: 0 });
  } finally {
    mat.release();
  }
}

/** FEATURE_NAMES-ordered features of one inspected window. */
export function featuresOf(result: FrameResult, out: Float32Array = new Float32Array(FEATURE_COUNT), at = 0): Float32Array {
  const part = largestObject(result);
  let j = at;
  for (const m of OBJECT_METRIC_NAMES) out[j++] = part ? part.metrics[m] : 0;
  out[j++] = part ? 1 : 0;
  out[j++] = result.metrics.pixelsAboveThreshold;
  out[j++] = result.metrics.meanIntensity;
  out[j++] = result.metrics.objectCount;
  out[j++] = part?.verdict.ok ? 1 : 0;
  const failed = new Set(part ? part.verdict.reasons.map((r) => r.metric) : []);
  for (const check of VERDICT_CHECKS) out[j++] = failed.has(check) ? 1 : 0;
  return out;
}

export function computeFeatures(window: PixelWindow, recipe: Recipe): Float32Array {
  return featuresOf(inspectWindow(window, recipe));
}
