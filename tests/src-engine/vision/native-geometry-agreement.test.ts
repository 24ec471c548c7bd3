// The native per-object measurement (native-geometry.ts → native/contours) must
// give what the JS reference (object-geometry.ts) gives: every metric of every
// object within 1e-9 relative, the same outlines, holes, centroids, boxes,
// methods and fallbacks, on the real photographs and on synthetic frames (the
// synthetic line with its defects, and low-contrast parts that take the
// pixel-contour fallback). Also the native Otsu histogram against cv.calcHist,
// on real images and on flat backgrounds.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { RecipeSchema, type Recipe, type RecipeInput } from '../../../src-shared/recipe.js';
import { DEFAULT_SOURCE, SourceSpecSchema } from '../../../src-shared/sources.js';
import { openSource } from '../../../src-engine/sources/open-source.js';
import { defaultRecipePath, loadRecipeFile } from '../../../src-engine/recipes/index.js';
import { inspectImageDetailed } from '../../../src-engine/vision/inspect-image.js';
import { histogram8 } from '../../../src-engine/vision/otsu.js';
import { histogram8Native } from '../../../src-engine/vision/native-geometry.js';
import { requireRealImagesDir } from '../../shared-data.js';
import { renderCoverage, toMat } from './synthetic-shapes.js';

const cv = opencv();
const DIR = requireRealImagesDir();
const meta = { seq: 0, timestampMs: 0 };
const REL = 1e-9;
const DARK_PARTS = /^(beads|shapes-01|colonies-01|wellplate-01|alien_)/;

interface Tally {
  objects: number;
  values: number;
  worstRelative: number;
  pixelContour: number;
  holes: number;
}
const tally: Tally = { objects: 0, values: 0, worstRelative: 0, pixelContour: 0, holes: 0 };

function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Inspects with both implementations and checks that every object agrees. */
function expectAgreement(image: Mat, recipe: Recipe, label: string): void {
  const js = inspectImageDetailed(image, recipe, meta, { geometry: 'js' });
  const native = inspectImageDetailed(image, recipe, meta, { geometry: 'native' });
  expect(native.diagnostics, label).toEqual(js.diagnostics);
  expect(native.result.thresholdUsed, label).toBe(js.result.thresholdUsed);
  expect(native.result.objects.length, label).toBe(js.result.objects.length);
  js.result.objects.forEach((a, i) => {
    const b = native.result.objects[i];
    const where = `${label} object ${a.id}`;
    expect(b.bbox, where).toEqual(a.bbox);
    expect(b.part, where).toBe(a.part);
    expect(b.verdict, where).toEqual(a.verdict);
    expect(Object.keys(b.metrics).sort(), where).toEqual(Object.keys(a.metrics).sort());
    for (const [name, value] of Object.entries(a.metrics)) {
      const r = relative(value, b.metrics[name as keyof typeof b.metrics]);
      expect(r, `${where} ${name}: js ${value}, native ${b.metrics[name as keyof typeof b.metrics]}`).toBeLessThanOrEqual(REL);
      tally.worstRelative = Math.max(tally.worstRelative, r);
      tally.values++;
    }
    // Drawn coordinates are rounded to 0.01 px, so a difference far below 1e-9 could at most flip one rounding.
    expectSamePoints(b.outline, a.outline, `${where} outline`);
    expect(b.holes.length, where).toBe(a.holes.length);
    b.holes.forEach((h, k) => expectSamePoints(h, a.holes[k], `${where} hole ${k}`));
    expectSamePoints([b.centroid], [a.centroid], `${where} centroid`);
    tally.objects++;
    tally.holes += a.holes.length;
  });
  tally.pixelContour += js.diagnostics.pixelContourFallbacks.length;
}

function expectSamePoints(b: [number, number][], a: [number, number][], where: string): void {
  expect(b.length, where).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(b[i][0] - a[i][0]), where).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(Math.abs(b[i][1] - a[i][1]), where).toBeLessThanOrEqual(0.01 + 1e-9);
  }
}

function recipe(pipeline: RecipeInput['pipeline']): Recipe {
  return RecipeSchema.parse({ schema: 'loupe.recipe/1', name: 'agreement', version: 1, pipeline });
}

const files = readdirSync(DIR).filter((f) => /\.(png|jpe?g|tif)$/i.test(f)).sort();

describe('native per-object measurement = the JS reference', () => {
  it('agrees on every real image, with blur + Otsu and with an adaptive threshold, an ROI and border parts kept', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    const before = tally.objects;
    for (const f of files) {
      const image = cv.imread(join(DIR, f), cv.IMREAD_UNCHANGED);
      const invert = DARK_PARTS.test(f);
      const minArea = 0.0005 * image.rows * image.cols;
      expectAgreement(image, recipe({ invert, blur: { kind: 'gaussian', kernel: 5 }, threshold: { method: 'otsu' }, minArea }), `${f} otsu`);
      const roi = { x: 5, y: 3, width: image.cols - 11, height: image.rows - 8 };
      expectAgreement(
        image,
        recipe({ invert, blur: { kind: 'none', kernel: 3 }, threshold: { method: 'adaptive', blockSize: 31, offset: 5 }, minArea, roi, ignoreBorderObjects: false }),
        `${f} adaptive`,
      );
      image.release();
    }
    expect(tally.objects - before).toBeGreaterThan(300);
  });

  it('agrees on frames of the synthetic line (washers, hex nuts, defects, touching parts) with the default recipe', async () => {
    const loaded = loadRecipeFile(defaultRecipePath());
    if (!loaded.ok) throw new Error(loaded.error.message);
    const opened = openSource(SourceSpecSchema.parse({ ...DEFAULT_SOURCE, frames: 12 }));
    if (!opened.ok) throw new Error(opened.error.message);
    const holesBefore = tally.holes;
    for (let item = await opened.value.next(); item; item = await opened.value.next()) {
      if (item.kind !== 'frame') throw new Error(item.error.message);
      expectAgreement(item.frame.image, loaded.value, `synthetic frame ${item.frame.seq}`);
      item.frame.image.release();
    }
    opened.value.close();
    expect(tally.holes - holesBefore).toBeGreaterThan(20);
  });

  it('agrees where the outline falls back to the pixel contour (contrast too low to trace)', () => {
    const W = 200;
    const faint = toMat(renderCoverage(W, W, [{ kind: 'ellipse', cx: 100, cy: 100, a: 40, b: 40, angleDeg: 0 }], { background: 100, foreground: 104 }), W, W);
    const before = tally.pixelContour;
    expectAgreement(faint, recipe({ threshold: { method: 'adaptive', blockSize: 99, offset: 1 }, minArea: 100, ignoreBorderObjects: false }), 'faint disc');
    expect(tally.pixelContour - before).toBeGreaterThan(0);
    console.log(
      `native = JS: ${tally.objects} objects (${tally.holes} holes, ${tally.pixelContour} pixel-contour fallbacks), ` +
        `${tally.values} metric values, worst relative difference ${tally.worstRelative}`,
    );
  });

  it('counts the Otsu histogram exactly as cv.calcHist does, on whole images and on ROI views', () => {
    for (const f of files.slice(0, 8)) {
      const gray = cv.imread(join(DIR, f), cv.IMREAD_GRAYSCALE);
      const view = gray.getRegion(new cv.Rect(3, 2, gray.cols - 7, gray.rows - 5));
      for (const m of [gray, view]) {
        const counts = histogram8Native(m);
        expect([...counts], f).toEqual([...histogram8(m)]);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(m.rows * m.cols);
      }
      gray.release();
    }
  });

  it('counts flat backgrounds (the helper adds up 64 equal pixels at once) exactly as cv.calcHist does', () => {
    // Runs of equal pixels that start and end anywhere, widths that are no multiple of 64, views that start mid-row.
    const flat = new cv.Mat(301, 1283, cv.CV_8UC1, 40);
    flat.drawCircle(new cv.Point2(640, 150), 90, new cv.Vec3(210, 210, 210), -1, cv.LINE_AA);
    flat.drawRectangle(new cv.Rect(3, 7, 70, 200), new cv.Vec3(255, 255, 255), -1);
    flat.drawRectangle(new cv.Rect(900, 0, 129, 301), new cv.Vec3(0, 0, 0), -1);
    for (let x = 1100; x < 1283; x += 3) flat.set(150, x, 41);
    for (const m of [flat, flat.getRegion(new cv.Rect(5, 1, 1270, 299)), flat.getRegion(new cv.Rect(63, 0, 65, 10))]) {
      const counts = histogram8Native(m);
      expect([...counts]).toEqual([...histogram8(m)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(m.rows * m.cols);
    }
  });
});
