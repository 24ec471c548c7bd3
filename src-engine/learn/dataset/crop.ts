// The model's input: a size × size grey crop centred on the part, at ONE
// scale for the whole dataset. Stretching each part to fill its crop would
// erase size, the very thing an undersized or chipped part differs in, so the
// scale is chosen once, from the largest part, and every part keeps its size
// relative to the others.
import { opencv } from '../../opencv.js';
import type { Point } from '../../../src-shared/inspection.js';
import type { PixelWindow } from './sample.js';

/** Pixels kept free at each edge of the crop, so the largest part does not touch it. */
export const CROP_PAD = 2;

/** The scale (crop px per native px) at which a part reaching `maxReach` px from its centre fits in the crop. */
export function fitScale(maxReach: number, size: number): number {
  if (!(maxReach > 0)) return 1;
  return (size - 2 * CROP_PAD) / (2 * maxReach);
}

/**
 * Resamples the window so `centre` lands on the crop's centre, `scale` crop
 * pixels per native pixel. Shrinking uses area averaging (INTER_AREA), which
 * does not alias the noise the way point sampling would. Beyond the window
 * the crop is filled with the median of the window's edge pixels, the belt's
 * level: repeating the edge instead would smear any neighbour the window's
 * edge cuts through into streaks.
 */
export function cropPart(window: PixelWindow, centre: Point, scale: number, size: number): Uint8Array {
  const cv = opencv();
  const src = new cv.Mat(Buffer.from(window.pixels.buffer, window.pixels.byteOffset, window.pixels.byteLength), window.height, window.width, cv.CV_8UC1);
  const w = Math.max(1, Math.round(window.width * scale));
  const h = Math.max(1, Math.round(window.height * scale));
  const resized = src.resize(h, w, 0, 0, scale < 1 ? cv.INTER_AREA : cv.INTER_LINEAR);
  const small = new Uint8Array(resized.getData());
  resized.release();
  src.release();

  // Where the centre lands after resizing (resize maps pixel centres, hence the ½ shifts).
  const sx = w / window.width;
  const sy = h / window.height;
  const cx = (centre[0] + 0.5) * sx - 0.5;
  const cy = (centre[1] + 0.5) * sy - 0.5;
  const dx = Math.round(cx - (size - 1) / 2);
  const dy = Math.round(cy - (size - 1) / 2);
  const out = new Uint8Array(size * size).fill(edgeMedian(window));
  for (let v = 0; v < size; v++) {
    const y = v + dy;
    if (y < 0 || y >= h) continue;
    for (let u = 0; u < size; u++) {
      const x = u + dx;
      if (x >= 0 && x < w) out[v * size + u] = small[y * w + x];
    }
  }
  return out;
}

/** Median gray of the window's outermost rows and columns. */
export function edgeMedian(window: PixelWindow): number {
  const { width: w, height: h, pixels } = window;
  const histogram = new Uint32Array(256);
  let n = 0;
  const add = (i: number): void => {
    histogram[pixels[i]]++;
    n++;
  };
  for (let x = 0; x < w; x++) {
    add(x);
    if (h > 1) add((h - 1) * w + x);
  }
  for (let y = 1; y < h - 1; y++) {
    add(y * w);
    if (w > 1) add(y * w + w - 1);
  }
  for (let v = 0, seen = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen * 2 >= n) return v;
  }
  return 0;
}
