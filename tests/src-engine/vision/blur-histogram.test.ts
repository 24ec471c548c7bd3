// The fused native blur + histogram (blur-histogram.ts) must give exactly what
// applyBlur (cv.gaussianBlur, kernel 3), the histogram of its output and the
// input's mean (cv.mean) give,
// on the real images and on images of awkward sizes, and must leave views
// (whose blur OpenCV computes from the pixels beyond their edge) to OpenCV.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { applyBlur } from '../../../src-engine/vision/blur.js';
import { fusesBlurAndHistogram, gaussian3WithHistogram } from '../../../src-engine/vision/blur-histogram.js';
import { histogram8 } from '../../../src-engine/vision/otsu.js';
import { mulberry32 } from '../../../src-engine/sources/synthetic/prng.js';
import { RecipeSchema } from '../../../src-shared/recipe.js';
import { requireRealImagesDir } from '../../shared-data.js';

const cv = opencv();

function expectSameAsOpenCv(gray: Mat, label: string): void {
  const fused = gaussian3WithHistogram(gray);
  expect(fused, label).not.toBeNull();
  const reference = applyBlur(gray, { kind: 'gaussian', kernel: 3 })!;
  expect(Buffer.compare(fused!.blurred.getData(), reference.getData()), `${label}: blurred pixels`).toBe(0);
  expect([...fused!.histogram], `${label}: histogram`).toEqual([...histogram8(reference)]);
  expect(fused!.mean, `${label}: mean`).toBe(gray.mean().w);
  fused!.blurred.release();
  reference.release();
}

describe('gaussian3WithHistogram = applyBlur (Gaussian 3) + the histogram of its output + the mean', () => {
  it('agrees on every real image', () => {
    const dir = requireRealImagesDir();
    const files = readdirSync(dir).filter((f) => /\.(png|jpe?g|tif)$/i.test(f)).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const gray = cv.imread(join(dir, f), cv.IMREAD_GRAYSCALE);
      expectSameAsOpenCv(gray, f);
      gray.release();
    }
  });

  it('agrees on noise, flat images and edges at sizes from 1×1 up, widths no multiple of 16 included', () => {
    const rnd = mulberry32(3).next;
    for (const [width, height] of [[1, 1], [1, 7], [9, 1], [2, 2], [15, 4], [16, 16], [17, 3], [33, 20], [250, 131]]) {
      const noise = new cv.Mat(height, width, cv.CV_8UC1, 0);
      const bytes = new Uint8Array(width * height);
      for (let i = 0; i < bytes.length; i++) bytes[i] = rnd() < 0.3 ? 255 : Math.floor(rnd() * 256);
      noise.setData(Buffer.from(bytes));
      const flat = new cv.Mat(height, width, cv.CV_8UC1, 40);
      const disc = new cv.Mat(height, width, cv.CV_8UC1, 40);
      disc.drawCircle(new cv.Point2(Math.floor(width / 2), Math.floor(height / 2)), Math.max(1, Math.floor(width / 3)), new cv.Vec3(210, 210, 210), -1, cv.LINE_AA);
      for (const [m, kind] of [[noise, 'noise'], [flat, 'flat'], [disc, 'disc']] as const) expectSameAsOpenCv(m, `${kind} ${width}×${height}`);
    }
  });

  it('leaves a view into a larger image to OpenCV, and is used only for a Gaussian of kernel 3 with Otsu', () => {
    const gray = new cv.Mat(50, 60, cv.CV_8UC1, 40);
    expect(gaussian3WithHistogram(gray.getRegion(new cv.Rect(5, 5, 30, 30)))).toBeNull();
    const pipeline = (blur: object, threshold: object) =>
      RecipeSchema.parse({ schema: 'loupe.recipe/1', name: 'fused', version: 1, pipeline: { blur, threshold } }).pipeline;
    expect(fusesBlurAndHistogram(pipeline({ kind: 'gaussian', kernel: 3 }, { method: 'otsu' }))).toBe(true);
    expect(fusesBlurAndHistogram(pipeline({ kind: 'gaussian', kernel: 5 }, { method: 'otsu' }))).toBe(false);
    expect(fusesBlurAndHistogram(pipeline({ kind: 'median', kernel: 3 }, { method: 'otsu' }))).toBe(false);
    expect(fusesBlurAndHistogram(pipeline({ kind: 'gaussian', kernel: 3 }, { method: 'fixed', value: 100 }))).toBe(false);
  });
});
