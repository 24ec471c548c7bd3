// The "basic" inspection work, done through opencv4nodejs exactly as the C++ and
// Python references do it: mean, fixed threshold, pixel count, external contours,
// and area / perimeter / circularity per contour. Totals are returned so the
// benchmark can prove all three did the same work.
import type { Mat, OpenCV } from '../../src-engine/opencv.js';
import { findContoursFlat } from '../../src-engine/vision/native-contours.js';

export interface WorkTotals {
  objects: number;
  area_total: number;
  perimeter_total: number;
  circularity_sum: number;
  pixels_on: number;
  mean: number;
}

const FOUR_PI = 4 * Math.PI;

/**
 * One frame of basic work, in the fastest form measured (see bench/README.md):
 * - the binary image is released as soon as the contours are found: a Mat's
 *   pixels otherwise live until V8 collects its small JS wrapper, so every frame
 *   would get fresh (page-faulting) memory where C++ reuses one buffer;
 * - contours, areas and perimeters come from the engine's native helper in one
 *   call (src-engine/vision/native-contours.ts), as the engine's inspection gets
 *   them: opencv4nodejs would wrap each contour in a JS object.
 */
export function basicWork(cv: OpenCV, gray: Mat, threshold: number, minArea = 0): WorkTotals {
  const mean = gray.mean().w; // Vec4 is (w, x, y, z): channel 0 is w
  const binary = gray.threshold(threshold, 255, cv.THRESH_BINARY);
  const pixelsOn = binary.countNonZero();
  const contours = findContoursFlat(binary, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
  binary.release();
  let objects = 0;
  let area = 0;
  let perimeter = 0;
  let circularity = 0;
  for (let i = 0; i < contours.count; i++) {
    const a = contours.areas[i];
    if (a < minArea) continue;
    const p = contours.perimeters[i];
    objects++;
    area += a;
    perimeter += p;
    circularity += p > 0 ? (FOUR_PI * a) / (p * p) : 0;
  }
  return { objects, area_total: area, perimeter_total: perimeter, circularity_sum: circularity, pixels_on: pixelsOn, mean };
}
