// The part at native resolution: its bounding box grown by a margin and
// copied out of the frame. The margin gives the pipeline background to
// threshold against (Otsu needs both levels) and keeps the part off the
// window's border, where ignoreBorderObjects would drop it.
import { opencv, type Mat } from '../../opencv.js';
import type { ObjectResult, Point, Rect } from '../../../src-shared/inspection.js';
import type { PixelWindow } from './sample.js';

export interface PartWindow {
  window: PixelWindow;
  /** The part's centroid inside the window (px). */
  centre: Point;
  /** Largest distance from the centroid to the edge of the part's box (px): what must fit in the crop. */
  reach: number;
}

/** Margin around the box: a fifth of its long side, at least 6 px. */
export function marginFor(box: Rect): number {
  return Math.max(6, Math.round(0.2 * Math.max(box.width, box.height)));
}

/** Copies the object's box plus margin (clamped to the image) out of an 8-bit grey Mat. */
export function partWindow(gray: Mat, object: Pick<ObjectResult, 'bbox' | 'centroid'>): PartWindow {
  const cv = opencv();
  const { bbox, centroid } = object;
  const m = marginFor(bbox);
  const x0 = Math.max(0, bbox.x - m);
  const y0 = Math.max(0, bbox.y - m);
  const x1 = Math.min(gray.cols, bbox.x + bbox.width + m);
  const y1 = Math.min(gray.rows, bbox.y + bbox.height + m);
  const region = gray.getRegion(new cv.Rect(x0, y0, x1 - x0, y1 - y0));
  // A region is a view with the parent's row stride; copy to get packed rows.
  const packed = region.copy();
  const pixels = new Uint8Array(packed.getData());
  packed.release();
  region.release();
  const [cx, cy] = centroid;
  const reach = Math.max(cx - bbox.x, bbox.x + bbox.width - cx, cy - bbox.y, bbox.y + bbox.height - cy);
  return { window: { width: x1 - x0, height: y1 - y0, pixels }, centre: [cx - x0, cy - y0], reach };
}
