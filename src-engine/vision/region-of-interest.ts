// The recipe's ROI is written by hand or dragged in the UI for one camera; a
// frame of another size must not crash the pipeline, so the ROI is clipped to
// the image and an ROI that misses the image entirely is reported, not thrown.
import type { Rect } from '../../src-shared/inspection.js';

/** The part of `roi` inside a width×height image; the whole image when `roi` is null; null when they do not overlap. */
export function clampRoi(roi: Rect | null, width: number, height: number): Rect | null {
  if (roi === null) return { x: 0, y: 0, width, height };
  const x0 = Math.max(0, Math.floor(roi.x));
  const y0 = Math.max(0, Math.floor(roi.y));
  const x1 = Math.min(width, Math.floor(roi.x + roi.width));
  const y1 = Math.min(height, Math.floor(roi.y + roi.height));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
