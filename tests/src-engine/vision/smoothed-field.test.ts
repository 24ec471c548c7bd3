// The native helper smooths only the samples the iso-line walker reads
// (native/contours/src/smoothed_field.h); the JS reference smooths whole
// windows with cv.GaussianBlur. Both must give the same 16-bit samples, on every
// pixel, for windows of any size (borders replicate) and any content.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { nativeHelper } from '../../../src-engine/vision/native-contours.js';
import { mulberry32 } from '../../../src-engine/sources/synthetic/prng.js';
import { requireRealImagesDir } from '../../shared-data.js';

const cv = opencv();

/** What object-geometry.ts readWindow traces on: the window ×256 in 16 bits, Gaussian 7×7, σ = 1, replicated borders. */
function openCvField(window: Mat): Uint16Array {
  const wide = window.convertTo(cv.CV_16U, 256);
  const smooth = wide.gaussianBlur(new cv.Size(7, 7), 1, 1, cv.BORDER_REPLICATE);
  const bytes = Uint8Array.from(smooth.getData());
  wide.release();
  smooth.release();
  return new Uint16Array(bytes.buffer);
}

function nativeField(window: Mat): Uint16Array {
  const out = new Uint16Array(window.rows * window.cols);
  nativeHelper().smoothedField(window, out);
  return out;
}

/** Index of the first differing sample, or -1. */
function firstDifference(a: Uint16Array, b: Uint16Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('SmoothedField (native) = cv.GaussianBlur of the 16-bit window', () => {
  it('agrees on every sample of windows cut from the real images, from 1×1 up', () => {
    const dir = requireRealImagesDir();
    const files = readdirSync(dir).filter((f) => /\.(png|jpe?g|tif)$/i.test(f)).sort();
    expect(files.length).toBeGreaterThan(0);
    const rnd = mulberry32(11).next;
    let windows = 0;
    for (const f of files) {
      const gray = cv.imread(join(dir, f), cv.IMREAD_GRAYSCALE);
      for (let k = 0; k < 12; k++) {
        const width = Math.min(gray.cols, 1 + Math.floor(rnd() * (k < 6 ? 12 : 160)));
        const height = Math.min(gray.rows, 1 + Math.floor(rnd() * (k < 6 ? 12 : 160)));
        const x = Math.floor(rnd() * (gray.cols - width + 1));
        const y = Math.floor(rnd() * (gray.rows - height + 1));
        const window = gray.getRegion(new cv.Rect(x, y, width, height));
        const at = firstDifference(nativeField(window), openCvField(window));
        expect(at, `${f} window ${x},${y} ${width}×${height}: first difference at sample ${at}`).toBe(-1);
        windows++;
      }
      gray.release();
    }
    expect(windows).toBeGreaterThan(100);
  });

  it('agrees on the extremes: black, white, hard 0/255 noise and single bright pixels', () => {
    const rnd = mulberry32(5).next;
    for (const [width, height] of [[1, 1], [2, 9], [7, 7], [8, 3], [64, 40], [131, 77]]) {
      const noise = new cv.Mat(height, width, cv.CV_8UC1, 0);
      const bytes = new Uint8Array(width * height);
      for (let i = 0; i < bytes.length; i++) bytes[i] = rnd() < 0.5 ? 0 : 255;
      noise.setData(Buffer.from(bytes));
      const spot = new cv.Mat(height, width, cv.CV_8UC1, 0);
      spot.set(Math.floor(height / 2), Math.floor(width / 2), 255);
      for (const m of [new cv.Mat(height, width, cv.CV_8UC1, 0), new cv.Mat(height, width, cv.CV_8UC1, 255), noise, spot]) {
        expect(firstDifference(nativeField(m), openCvField(m)), `${width}×${height}`).toBe(-1);
      }
    }
  });

  it('refuses anything but an 8-bit one-channel Mat with an output of its size', () => {
    const m = new cv.Mat(4, 5, cv.CV_8UC1, 0);
    expect(() => nativeHelper().smoothedField(m, new Uint16Array(19))).toThrow(/Uint16Array of its size/);
    expect(() => nativeHelper().smoothedField(m.cvtColor(cv.COLOR_GRAY2BGR), new Uint16Array(20))).toThrow(/8-bit one-channel Mat/);
  });
});
