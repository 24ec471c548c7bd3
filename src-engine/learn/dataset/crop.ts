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
 * does not alias the noise the way point sampling would; beyond the window
 * the edge pixels repeat (the belt continues).
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
  const out = new Uint8Array(size * size);
  for (let v = 0; v < size; v++) {
    const y = Math.min(h - 1, Math.max(0, v + dy));
    for (let u = 0; u < size; u++) {
      const x = Math.min(w - 1, Math.max(0, u + dx));
      out[v * size + u] = small[y * w + x];
    }
  }
  return out;
}
