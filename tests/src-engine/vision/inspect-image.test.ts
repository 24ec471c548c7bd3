import { describe, expect, it } from 'vitest';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { RecipeSchema, type Recipe, type RecipeInput } from '../../../src-shared/recipe.js';
import { inspectImage, inspectImageDetailed } from '../../../src-engine/vision/inspect-image.js';
import { sampleBitsFor } from '../../../src-engine/vision/to-gray8.js';
import { renderCoverage, rng, addNoise, toMat, type ShapeSpec } from './synthetic-shapes.js';

const cv = opencv();
const meta = { seq: 7, timestampMs: 1_700_000_000_000 };
const BRIGHT = { background: 30, foreground: 210 };

function recipe(pipeline: RecipeInput['pipeline'] = {}, over: Partial<RecipeInput> = {}): Recipe {
  return RecipeSchema.parse({ schema: 'loupe.recipe/1', name: 'test', version: 3, pipeline: { minArea: 100, ...pipeline }, ...over });
}

const disc = (cx: number, cy: number, r: number): ShapeSpec => ({ kind: 'ellipse', cx, cy, a: r, b: r, angleDeg: 0 });

/** 400×300 scene: three discs of radius 30, 25 and 20. */
function scene(levels = BRIGHT): { img: Float64Array; width: number; height: number; shapes: ShapeSpec[] } {
  const shapes = [disc(80.3, 90.6, 30), disc(220.7, 150.2, 25), disc(330.1, 220.9, 20)];
  return { img: renderCoverage(400, 300, shapes, levels), width: 400, height: 300, shapes };
}

function areas(m: Mat, r: Recipe): number[] {
  return inspectImage(m, r, meta).objects.map((o) => o.metrics.area);
}

describe('inspectImage: input formats', () => {
  const { img, width, height } = scene();
  const gray = toMat(img, width, height);
  const expected = areas(gray, recipe());

  it('finds the three discs in 8-bit gray and reports frame metadata', () => {
    const r = inspectImage(gray, recipe(), meta);
    expect(r).toMatchObject({ seq: 7, timestampMs: meta.timestampMs, width: 400, height: 300, recipe: { name: 'test', version: 3 } });
    expect(r.objects.map((o) => o.id)).toEqual([1, 2, 3]);
    for (const [i, rad] of [30, 25, 20].entries()) expect(expected[i] / (Math.PI * rad * rad)).toBeCloseTo(1, 2);
  });

  it('gives the same measurements for BGR and BGRA input', () => {
    const bgr = gray.cvtColor(cv.COLOR_GRAY2BGR);
    const bgra = gray.cvtColor(cv.COLOR_GRAY2BGRA);
    for (const m of [bgr, bgra]) areas(m, recipe()).forEach((a, i) => expect(a).toBeCloseTo(expected[i], 6));
  });

  it('scales 12-bit data in 16-bit containers to the full gray range and reports the threshold in input units', () => {
    const twelve = toMat(img.map((v) => (v * 4095) / 255), width, height, 16);
    const r = inspectImage(twelve, recipe(), meta);
    expect(r.objects).toHaveLength(3);
    r.objects.forEach((o, i) => expect(o.metrics.area / expected[i]).toBeCloseTo(1, 2));
    expect(r.metrics.meanIntensity).toBeCloseTo(inspectImage(gray, recipe(), meta).metrics.meanIntensity, 0);
    // Otsu picks a level between the plateaus; in 12-bit units it is ×4095/255.
    expect(r.thresholdUsed).toBeGreaterThan((BRIGHT.background * 4095) / 255);
    expect(r.thresholdUsed).toBeLessThan((BRIGHT.foreground * 4095) / 255);
    // A fixed level written for the 12-bit camera applies in its units.
    const fixed = inspectImage(twelve, recipe({ threshold: { method: 'fixed', value: 2000 } }), meta);
    expect(fixed.thresholdUsed).toBeCloseTo(2000, 6);
    expect(fixed.objects).toHaveLength(3);
  });

  it('infers the sample depth of 16-bit frames from their maximum', () => {
    expect(sampleBitsFor(200)).toBe(8);
    expect(sampleBitsFor(1023)).toBe(10);
    expect(sampleBitsFor(4095)).toBe(12);
    expect(sampleBitsFor(9000)).toBe(14);
    expect(sampleBitsFor(65535)).toBe(16);
  });

  it('rejects depths and channel counts it cannot read, with a message saying what it expects', () => {
    const f32 = new cv.Mat(20, 20, cv.CV_32FC1, 0.5);
    expect(() => inspectImage(f32, recipe(), meta)).toThrow(/8- or 16-bit/);
    const two = new cv.Mat(20, 20, cv.CV_8UC2, [0, 0]);
    expect(() => inspectImage(two, recipe(), meta)).toThrow(/channel count 2/);
  });
});

describe('inspectImage: pipeline steps', () => {
  it('finds dark parts on a bright background with invert', () => {
    const { img, width, height } = scene({ background: 220, foreground: 40 });
    const m = toMat(img, width, height);
    expect(inspectImage(m, recipe(), meta).objects.length).not.toBe(3);
    const r = inspectImage(m, recipe({ invert: true }), meta);
    expect(r.objects).toHaveLength(3);
    expect(r.objects[0].metrics.meanIntensity).toBeLessThan(60);
    expect(r.objects[0].metrics.circularity).toBeGreaterThan(0.98);
  });

  it('applies a fixed threshold as given and Otsu as OpenCV does', () => {
    const { img, width, height } = scene();
    const m = toMat(img, width, height);
    expect(inspectImage(m, recipe({ threshold: { method: 'fixed', value: 100 } }), meta).thresholdUsed).toBe(100);
    const otsu = inspectImage(m, recipe(), meta);
    const ours = m.threshold(otsu.thresholdUsed, 255, cv.THRESH_BINARY);
    const theirs = m.threshold(0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
    expect(ours.absdiff(theirs).countNonZero()).toBe(0);
    expect(otsu.metrics.pixelsAboveThreshold).toBe(theirs.countNonZero());
    expect(otsu.metrics.meanIntensity).toBeCloseTo(m.mean().w, 9);
  });

  it('segments parts under uneven light with the adaptive threshold where a global one fails', () => {
    const { img, width, height, shapes } = scene({ background: 0, foreground: 90 });
    // Light falls off from left to right: the left background is brighter than the right-hand part.
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) img[y * width + x] += 150 - (150 * x) / width;
    const m = toMat(img, width, height);
    const global = inspectImage(m, recipe({ threshold: { method: 'fixed', value: 120 } }), meta);
    expect(global.objects.length).not.toBe(3);
    const adaptive = inspectImage(m, recipe({ threshold: { method: 'adaptive', blockSize: 99, offset: 10 }, morphology: { op: 'open', kernel: 5 } }), meta);
    expect(adaptive.objects).toHaveLength(3);
    adaptive.objects.forEach((o, i) => {
      const s = shapes[i];
      expect(Math.hypot(o.centroid[0] - s.cx, o.centroid[1] - s.cy)).toBeLessThan(1);
    });
  });

  it('drops blobs smaller than minArea and keeps them when minArea allows', () => {
    const shapes = [disc(100, 100, 30), disc(200, 100, 4)]; // ~50 px² speck
    const m = toMat(renderCoverage(300, 200, shapes, BRIGHT), 300, 200);
    expect(inspectImage(m, recipe({ minArea: 100 }), meta).objects).toHaveLength(1);
    expect(inspectImage(m, recipe({ minArea: 20 }), meta).objects).toHaveLength(2);
  });

  it('skips parts cut by the image border unless told not to', () => {
    const shapes = [disc(100, 100, 30), disc(5, 150, 25)];
    const m = toMat(renderCoverage(300, 200, shapes, BRIGHT), 300, 200);
    expect(inspectImage(m, recipe(), meta).objects).toHaveLength(1);
    const all = inspectImage(m, recipe({ ignoreBorderObjects: false }), meta);
    expect(all.objects).toHaveLength(2);
    const cut = all.objects.find((o) => o.bbox.x === 0)!;
    // The visible part of a disc of r=25 whose centre is 5.5 px inside the image edge (x = -0.5).
    const d = 5.5;
    const visible = 25 * 25 * Math.acos(-d / 25) + d * Math.sqrt(25 * 25 - d * d);
    expect(cut.metrics.area / visible).toBeCloseTo(1, 1);
  });

  it('restricts the search to the ROI and reports coordinates in image pixels', () => {
    const { img, width, height } = scene();
    const m = toMat(img, width, height);
    const r = inspectImage(m, recipe({ roi: { x: 150, y: 100, width: 120, height: 110 } }), meta);
    expect(r.objects).toHaveLength(1);
    const o = r.objects[0];
    expect(o.centroid[0]).toBeCloseTo(220.7, 1);
    expect(o.centroid[1]).toBeCloseTo(150.2, 1);
    expect(o.bbox.x).toBeGreaterThanOrEqual(150);
    for (const [x, y] of o.outline) expect(Math.hypot(x - 220.7, y - 150.2)).toBeCloseTo(25, 0);
  });

  it('calls a frame whose ROI misses the image NG with a reason, without throwing', () => {
    const { img, width, height } = scene();
    const r = inspectImage(toMat(img, width, height), recipe({ roi: { x: 1000, y: 0, width: 50, height: 50 } }), meta);
    expect(r.objects).toEqual([]);
    expect(r.verdict.ok).toBe(false);
    expect(r.verdict.reasons[0]).toMatchObject({ metric: 'roi' });
    expect(r.verdict.reasons[0].message).toMatch(/outside the 400×300 image/);
  });

  it('measures holes: count, outlines, area with holes subtracted; pinholes below minArea/10 are ignored', () => {
    const W = 300;
    const H = 200;
    const img = renderCoverage(W, H, [disc(100.4, 100.2, 50), disc(220, 100, 30)], BRIGHT);
    const hole = renderCoverage(W, H, [disc(100.4, 100.2, 20)], { background: 0, foreground: BRIGHT.foreground - BRIGHT.background });
    for (let i = 0; i < img.length; i++) img[i] -= hole[i];
    img[100 * W + 220] = BRIGHT.background; // a one-pixel pinhole in the second disc
    const r = inspectImage(toMat(img, W, H), recipe(), meta);
    expect(r.objects).toHaveLength(2);
    const [washer, solid] = r.objects;
    expect(washer.metrics.holes).toBe(1);
    expect(washer.holes).toHaveLength(1);
    for (const [x, y] of washer.holes[0]) expect(Math.hypot(x - 100.4, y - 100.2)).toBeCloseTo(20, 0);
    expect(washer.metrics.area / (Math.PI * (50 * 50 - 20 * 20))).toBeCloseTo(1, 2);
    expect(washer.metrics.circularity).toBeGreaterThan(0.98); // the outer outline's shape
    expect(washer.metrics.solidity).toBeCloseTo(1 - (20 * 20) / (50 * 50), 2);
    expect(washer.metrics.areaPixels / (Math.PI * (50 * 50 - 20 * 20))).toBeCloseTo(1, 1);
    expect(solid.metrics.holes).toBe(0);
  });

  it('opens specks away and closes pinholes with morphology', () => {
    const random = rng(5);
    const W = 300;
    const H = 200;
    const img = renderCoverage(W, H, [disc(150, 100, 40)], BRIGHT);
    for (let k = 0; k < 40; k++) img[Math.floor(random() * H) * W + Math.floor(random() * W)] = BRIGHT.foreground; // specks
    img[100 * W + 150] = BRIGHT.background; // pinhole
    img[101 * W + 150] = BRIGHT.background;
    const m = toMat(img, W, H);
    const raw = inspectImage(m, recipe({ minArea: 0 }), meta);
    expect(raw.objects.length).toBeGreaterThan(1);
    expect(raw.objects.find((o) => o.metrics.area > 1000)!.metrics.holes).toBe(1);
    const opened = inspectImage(m, recipe({ minArea: 0, morphology: { op: 'open', kernel: 3 } }), meta);
    expect(opened.objects).toHaveLength(1);
    const closed = inspectImage(m, recipe({ minArea: 0, morphology: { op: 'close', kernel: 5 } }), meta);
    expect(closed.objects.find((o) => o.metrics.area > 1000)!.metrics.holes).toBe(0);
  });

  it('keeps measuring accurately with a median or Gaussian blur before thresholding', () => {
    const { img, width, height } = scene();
    addNoise(img, 8, rng(8));
    const m = toMat(img, width, height);
    for (const blur of [{ kind: 'median', kernel: 5 }, { kind: 'gaussian', kernel: 5 }] as const) {
      const r = inspectImage(m, recipe({ blur }), meta);
      expect(r.objects).toHaveLength(3);
      [30, 25, 20].forEach((rad, i) => expect(r.objects[i].metrics.area / (Math.PI * rad * rad)).toBeCloseTo(1, 1));
    }
  });
});

describe('inspectImage: metrics and verdicts', () => {
  it('reports per-object metrics consistent with each other', () => {
    const { img, width, height } = scene();
    const { result, diagnostics } = inspectImageDetailed(toMat(img, width, height), recipe(), meta);
    expect(diagnostics.pixelContourFallbacks).toEqual([]);
    for (const o of result.objects) {
      const m = o.metrics;
      expect(m.equivalentDiameter).toBeCloseTo(Math.sqrt((4 * m.area) / Math.PI), 9);
      expect(Math.abs(m.areaPixels - m.area) / m.area).toBeLessThan(0.02);
      expect(m.aspectRatio).toBeCloseTo(1, 1);
      expect(m.convexity).toBeCloseTo(1, 2);
      expect(m.solidity).toBeCloseTo(1, 2);
      expect(m.meanIntensity).toBeGreaterThan(BRIGHT.foreground - 15);
      expect(m.circularityCv).toBeLessThan(0.93);
      expect(m.holes).toBe(0);
      expect(o.outline.length).toBeGreaterThan(8);
      expect(o.outline.length).toBeLessThan(m.perimeter / 2); // simplified for drawing
      expect(o.part).toBeNull();
    }
    expect(result.metrics.objectCount).toBe(3);
    expect(result.metrics.processingMs).toBeGreaterThan(0);
    expect(result.verdict).toEqual({ ok: true, reasons: [] });
  });

  it('identifies part classes and judges them, in mm when calibrated', () => {
    const W = 400;
    const H = 200;
    const img = renderCoverage(W, H, [disc(100, 100, 50), disc(280, 100, 40)], BRIGHT);
    const hole = renderCoverage(W, H, [disc(100, 100, 20)], { background: 0, foreground: BRIGHT.foreground - BRIGHT.background });
    for (let i = 0; i < img.length; i++) img[i] -= hole[i];
    const m = toMat(img, W, H);
    // 0.1 mm/px: the washer is π(5² − 2²) = 66 mm², the disc π·4² = 50.3 mm².
    const r = recipe(
      {},
      {
        calibration: { mmPerPixel: 0.1 },
        parts: [
          { name: 'washer', identify: { holes: { min: 1 } }, tolerances: { area: { min: 60, max: 70 } } },
          { name: 'disc', identify: { holes: { max: 0 }, circularity: { min: 0.9 } }, tolerances: { area: { min: 55 } } },
        ],
      },
    );
    const res = inspectImage(m, r, meta);
    expect(res.objects.map((o) => o.part)).toEqual(['washer', 'disc']);
    expect(res.objects[0].verdict.ok).toBe(true);
    expect(res.objects[1].verdict.ok).toBe(false);
    expect(res.objects[1].verdict.reasons[0].message).toMatch(/^area 50\.\d mm² < 55\.0 mm²$/);
    expect(res.objects[1].metrics.area).toBeGreaterThan(5000); // stored in px²
    expect(res.verdict.ok).toBe(false);
    expect(res.verdict.reasons[0].message).toMatch(/^object 2 \(disc\): area/);
  });

  it('checks frame tolerances', () => {
    const { img, width, height } = scene();
    const res = inspectImage(toMat(img, width, height), recipe({}, { frameTolerances: { objectCount: { min: 4 } } }), meta);
    expect(res.verdict.ok).toBe(false);
    expect(res.verdict.reasons).toEqual([{ metric: 'objectCount', value: 3, min: 4, message: 'objectCount 3 < 4' }]);
  });
});
