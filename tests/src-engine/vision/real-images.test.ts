// The pipeline on real photographs (shared/data/real beside the repo, see SOURCES.md there).
// One general recipe for all of them: Otsu, a 5 px Gaussian blur, minArea =
// 0.05 % of the image, and only `invert` chosen per image (dark parts on a
// light background). Nothing else is tuned per image.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { RecipeSchema, type Recipe } from '../../../src-shared/recipe.js';
import type { FrameResult } from '../../../src-shared/inspection.js';
import { inspectImageDetailed } from '../../../src-engine/vision/inspect-image.js';
import { requireRealImagesDir } from '../../shared-data.js';

const DIR = requireRealImagesDir();
const cv = opencv();

/** Images whose parts are darker than their background. */
const DARK_PARTS = /^(beads|shapes-01|colonies-01|wellplate-01|alien_)/;

function generalRecipe(image: Mat, invert: boolean): Recipe {
  return RecipeSchema.parse({
    schema: 'loupe.recipe/1',
    name: 'real images',
    version: 1,
    pipeline: { invert, blur: { kind: 'gaussian', kernel: 5 }, threshold: { method: 'otsu' }, minArea: 0.0005 * image.rows * image.cols },
  });
}

const results = new Map<string, FrameResult>();
function inspectFile(name: string): FrameResult {
  const cached = results.get(name);
  if (cached) return cached;
  const image = cv.imread(join(DIR, name), cv.IMREAD_UNCHANGED);
  const { result } = inspectImageDetailed(image, generalRecipe(image, DARK_PARTS.test(name)), { seq: 0, timestampMs: 0 });
  image.release();
  results.set(name, result);
  return result;
}

const files = readdirSync(DIR).filter((f) => /\.(png|jpe?g|tif)$/i.test(f)).sort();

describe('real images', () => {
  it('inspects every image without error and with sane numbers', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const r = inspectFile(f);
      expect(r.width, f).toBeGreaterThan(0);
      for (const o of r.objects) {
        for (const v of Object.values(o.metrics)) expect(Number.isFinite(v), `${f} object ${o.id}`).toBe(true);
        expect(o.metrics.area, f).toBeGreaterThan(0);
        expect(o.metrics.circularity, f).toBeLessThan(1.05);
        expect(o.outline.length, f).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('reads the colonies TIFF although its header says width 0', () => {
    // `file` reports "width=0, height=0" for this ImageJ TIFF; libtiff in OpenCV reads it fine.
    const m = cv.imread(join(DIR, 'colonies-01.tif'), cv.IMREAD_UNCHANGED);
    expect([m.cols, m.rows, m.channels, m.depth]).toEqual([306, 303, 3, cv.CV_8U]);
    // Global Otsu sees three gray classes here (white margin, yellow dish, dark colonies)
    // and splits off the margin; the dish then touches the border and nothing is
    // judged. Pinned so a change in this behaviour is noticed; the fix is an ROI inside
    // the dish or an adaptive threshold, not a different global level.
    expect(inspectFile('colonies-01.tif').objects).toHaveLength(0);
  });

  it('counts the 12 marbles in beads.jpg', () => {
    expect(inspectFile('beads.jpg').objects).toHaveLength(12);
  });

  it('finds the three dark cut-outs in shapes-01.jpg; the yellow and salmon ones are too light for Otsu in gray', () => {
    // In gray the yellow/salmon paper (≈190–200) sits on the white side of Otsu's
    // level (≈172), so only the purple square, the brown bar and the brown
    // quadrilateral are parts. (Without the blur, a paper-edge shadow adds a 4th, thin object.)
    const r = inspectFile('shapes-01.jpg');
    expect(r.objects).toHaveLength(3);
    const square = r.objects.find((o) => o.metrics.aspectRatio < 1.1)!;
    expect(square).toBeDefined();
    expect(square.metrics.circularity).toBeGreaterThan((Math.PI / 4) * 0.97);
    expect(square.metrics.circularity).toBeLessThan((Math.PI / 4) * 1.03);
    const bar = r.objects.find((o) => o.metrics.aspectRatio > 3)!;
    expect(bar).toBeDefined();
  });

  it('separates coloured parts from a white background in the saturation plane', () => {
    // The same general recipe with `channel: saturation`: white paper has none, so
    // the light-coloured cut-outs that gray Otsu misses become parts too.
    const inSaturation = (name: string): FrameResult => {
      const image = cv.imread(join(DIR, name), cv.IMREAD_UNCHANGED);
      const recipe = { ...generalRecipe(image, false) };
      recipe.pipeline = { ...recipe.pipeline, channel: 'saturation' };
      const { result } = inspectImageDetailed(image, recipe, { seq: 0, timestampMs: 0 });
      image.release();
      return result;
    };
    expect(inSaturation('shapes-01.jpg').objects).toHaveLength(6); // of 7 cut-outs, against 3 in gray
    // 88 of the 96 wells hold enough colour (the rest are nearly clear); the wells read round.
    const wells = inSaturation('wellplate-01.jpg').objects;
    expect(wells).toHaveLength(88);
    expect(wells.filter((o) => o.metrics.circularity > 0.95 && o.metrics.circularity < 1.02).length).toBeGreaterThanOrEqual(80);
  });

  it('finds 22 of the 24 coins in coins.png, all of them round', () => {
    // The background brightens towards the top left, and the two dimmest coins of the
    // top row fall below the single global level there: a known limit of global
    // Otsu on this image (scikit-image's own tutorial moves on to region-based
    // segmentation for it). Every coin that is found is measured as a round part.
    const r = inspectFile('coins.png');
    expect(r.objects).toHaveLength(22);
    const round = r.objects.filter((o) => o.metrics.circularity > 0.95 && o.metrics.circularity < 1.02);
    expect(round.length).toBeGreaterThanOrEqual(20);
  });

  it('finds exactly one part in the single-part photos', () => {
    for (const f of ['cookie_normal-3.jpg', 'cookie_normal-13.jpg', 'cookie_normal-9.jpg', 'hazelnut_good.jpg', 'alien_normal_1.png', 'alien_anomaly_3.png']) {
      expect(inspectFile(f).objects, f).toHaveLength(1);
    }
  });
});
