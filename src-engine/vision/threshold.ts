// Segmentation: turns the (blurred) gray ROI into a 0/255 mask where 255 is
// part. `invert` flips which side is part, so dark parts on a bright
// background use the same recipe shape as bright parts on a dark belt.
import { opencv, type Mat } from '../opencv.js';
import type { PipelineParams } from '../../src-shared/recipe.js';
import { otsuLevel } from './otsu.js';
import { histogram8Native } from './native-geometry.js';

export interface Segmentation {
  mask: Mat;
  /** Level in 8-bit gray the mask was cut at; for adaptive thresholds the mean local level. */
  level8: number;
  /** True when level8 is one global level (fixed, Otsu), so the sub-pixel estimator may fall back to it. */
  global: boolean;
}

/**
 * @param gray 8-bit gray ROI (already blurred)
 * @param scale input-unit → 8-bit factor, so a fixed level written for a 16-bit camera still applies
 * @param mean8 mean gray of the ROI, used to report an adaptive threshold's typical level
 * @param histogram gray's 256-bin histogram when it is already counted (blur-histogram.ts), for Otsu
 */
export function segment(gray: Mat, params: PipelineParams, scale: number, mean8: number, histogram?: Float64Array): Segmentation {
  const cv = opencv();
  const type = params.invert ? cv.THRESH_BINARY_INV : cv.THRESH_BINARY;
  const t = params.threshold;
  if (t.method === 'adaptive') {
    // OpenCV's C is subtracted from the local mean. We define `offset` as how much
    // brighter (or, inverted, darker) than its neighbourhood a part pixel must be.
    const c = params.invert ? t.offset : -t.offset;
    const mask = gray.adaptiveThreshold(255, cv.ADAPTIVE_THRESH_MEAN_C, type, t.blockSize, c);
    const level8 = Math.min(255, Math.max(0, mean8 + (params.invert ? -t.offset : t.offset)));
    return { mask, level8, global: false };
  }
  const level8 = t.method === 'fixed' ? t.value * scale : otsuLevel(histogram ?? histogram8Native(gray));
  // On 8-bit data OpenCV tests src > floor(level), which for integer pixels is the
  // same as src > level, so the unrounded level is the one actually applied.
  return { mask: gray.threshold(level8, 255, type), level8, global: true };
}
