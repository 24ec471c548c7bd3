// Accuracy of the sub-pixel estimator (src-engine/vision/subpixel-outline.ts)
// against analytic truth. Each image holds several shapes at random sub-pixel
// centres; every shape must be found, measured on the sub-pixel outline (no
// fallback to OpenCV's pixel contour), and land within the bounds below.
import { describe, expect, it } from 'vitest';
import { opencv } from '../../../src-engine/opencv.js';
import { RecipeSchema, type Recipe } from '../../../src-shared/recipe.js';
import type { ObjectResult } from '../../../src-shared/inspection.js';
import { inspectImageDetailed } from '../../../src-engine/vision/inspect-image.js';
import {
  addNoise,
  drawOpenCvEllipse,
  paintedArea,
  renderCoverage,
  rng,
  toMat,
  truthOf,
  type EllipseSpec,
  type Levels,
  type ShapeSpec,
} from './synthetic-shapes.js';

const BRIGHT: Levels = { background: 25, foreground: 215 };
const DARK: Levels = { background: 230, foreground: 40 };
const RADII = [20, 27.5, 40, 63];
const ANGLES = [0, 22.5, 45, 71];

function recipe(invert = false): Recipe {
  return RecipeSchema.parse({ schema: 'loupe.recipe/1', name: 'accuracy', version: 1, pipeline: { invert, minArea: 100 } });
}

/** One row of shapes (one per angle), spaced so their windows never overlap. */
function layout(kind: 'disc' | 'ellipse' | 'square', r: number, random: () => number): { shapes: ShapeSpec[]; width: number; height: number } {
  const reach = kind === 'ellipse' ? 2 * r : kind === 'square' ? r * Math.SQRT2 : r;
  const pitch = Math.ceil(2 * reach + 30);
  const shapes = ANGLES.map((angleDeg, k): ShapeSpec => {
    const cx = pitch / 2 + k * pitch + random() - 0.5;
    const cy = pitch / 2 + random() - 0.5;
    if (kind === 'square') return { kind, cx, cy, side: 2 * r, angleDeg };
    return { kind: 'ellipse', cx, cy, a: kind === 'disc' ? r : 2 * r, b: r, angleDeg };
  });
  return { shapes, width: pitch * ANGLES.length, height: pitch };
}

/** Matches each shape to the object whose centroid is nearest (and close). */
function match(shapes: ShapeSpec[], objects: ObjectResult[]): ObjectResult[] {
  return shapes.map((s) => {
    const o = objects.find((ob) => Math.hypot(ob.centroid[0] - s.cx, ob.centroid[1] - s.cy) < 0.5);
    if (!o) throw new Error(`no object found at (${s.cx.toFixed(2)}, ${s.cy.toFixed(2)})`);
    return o;
  });
}

interface Errors {
  area: number;
  circularity: number;
}

function worst(rows: Errors[]): Errors {
  return {
    area: Math.max(...rows.map((r) => Math.abs(r.area))),
    circularity: Math.max(...rows.map((r) => Math.abs(r.circularity))),
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(3)} %`;

function measureCoverage(kind: 'disc' | 'ellipse' | 'square', noise: number, levels: Levels, seed: number): Errors[] {
  const random = rng(seed);
  const rows: Errors[] = [];
  for (const r of RADII) {
    const { shapes, width, height } = layout(kind, r, random);
    const img = renderCoverage(width, height, shapes, levels);
    if (noise > 0) addNoise(img, noise, random);
    const mat = toMat(img, width, height);
    const { result, diagnostics } = inspectImageDetailed(mat, recipe(levels.foreground < levels.background), { seq: 0, timestampMs: 0 });
    mat.release();
    expect(result.objects).toHaveLength(shapes.length);
    expect(diagnostics.pixelContourFallbacks).toEqual([]);
    match(shapes, result.objects).forEach((o, i) => {
      const t = truthOf(shapes[i]);
      rows.push({ area: o.metrics.area / t.area - 1, circularity: o.metrics.circularity / t.circularity - 1 });
      if (kind === 'disc') {
        expect(o.metrics.circularity).toBeGreaterThan(0.98);
        expect(o.metrics.circularity).toBeLessThan(1.02);
      }
      if (kind === 'ellipse') expect(Math.abs(o.metrics.aspectRatio / 2 - 1)).toBeLessThan(0.01);
    });
  }
  return rows;
}

describe('sub-pixel estimator on exactly anti-aliased shapes (analytic truth)', () => {
  for (const noise of [0, 3]) {
    for (const kind of ['disc', 'ellipse'] as const) {
      it(`${kind}s r ≥ 20 px${noise ? `, Gaussian noise σ=${noise}` : ''}: area within 1 %, circularity within 2 %`, () => {
        const rows = [...measureCoverage(kind, noise, BRIGHT, 11 + noise), ...measureCoverage(kind, noise, DARK, 23 + noise)];
        const w = worst(rows);
        console.log(`[accuracy] coverage-rendered ${kind}s, noise σ=${noise}: ${rows.length} shapes, worst area error ${pct(w.area)}, worst circularity error ${pct(w.circularity)}`);
        expect(w.area).toBeLessThanOrEqual(0.01);
        expect(w.circularity).toBeLessThanOrEqual(0.02);
      });
    }
  }

  it('squares and rotated squares: reports the error (corners are rounded by the σ=1 smoothing)', () => {
    for (const noise of [0, 3]) {
      const rows = measureCoverage('square', noise, BRIGHT, 5 + noise);
      const w = worst(rows);
      // Per size: the corner rounding shortens the perimeter by a fixed amount, so the relative error falls with size.
      const bySize = RADII.map((r, k) => `side ${2 * r}: ${pct(worst(rows.slice(k * ANGLES.length, (k + 1) * ANGLES.length)).circularity)}`).join(', ');
      console.log(`[accuracy] squares (side 40–126, angles ${ANGLES.join('/')}°), noise σ=${noise}: worst area error ${pct(w.area)}, worst circularity error ${pct(w.circularity)} (${bySize})`);
      expect(w.area).toBeLessThanOrEqual(0.01);
      expect(w.circularity).toBeLessThanOrEqual(0.06);
      const small = worst(rows.slice(0, ANGLES.length)).circularity;
      const large = worst(rows.slice(-ANGLES.length)).circularity;
      expect(large).toBeLessThan(small);
    }
  });
});

describe('thin parts', () => {
  it('measures washers whose ring is only 3–8 px wide within 1 %', () => {
    const W = 120;
    for (const width of [3, 4, 5, 8]) {
      const outer = 30;
      const inner = outer - width;
      const img = renderCoverage(W, W, [{ kind: 'ellipse', cx: 60.3, cy: 59.8, a: outer, b: outer, angleDeg: 0 }], BRIGHT);
      const hole = renderCoverage(W, W, [{ kind: 'ellipse', cx: 60.3, cy: 59.8, a: inner, b: inner, angleDeg: 0 }], {
        background: 0,
        foreground: BRIGHT.foreground - BRIGHT.background,
      });
      for (let i = 0; i < img.length; i++) img[i] -= hole[i];
      const { result, diagnostics } = inspectImageDetailed(toMat(img, W, W), recipe(), { seq: 0, timestampMs: 0 });
      expect(result.objects).toHaveLength(1);
      expect(diagnostics).toEqual({ pixelContourFallbacks: [], pixelContourHoleFallbacks: [] });
      const m = result.objects[0].metrics;
      expect(m.holes).toBe(1);
      expect(Math.abs(m.area / (Math.PI * (outer * outer - inner * inner)) - 1), `ring ${width} px`).toBeLessThan(0.01);
    }
  });
});

describe('sub-pixel estimator on shapes drawn by OpenCV (cv.drawEllipse, LINE_AA, thickness -1)', () => {
  it('measures the painted area within 1 % and the analytic circularity within 2 %, with and without noise', () => {
    const cv = opencv();
    const random = rng(99);
    const rows: Errors[] = [];
    const nominalBias: number[] = [];
    for (const noise of [0, 3]) {
      for (const kind of ['disc', 'ellipse'] as const) {
        for (const r of RADII) {
          const { shapes, width, height } = layout(kind, r, random);
          let mat = new cv.Mat(height, width, cv.CV_8UC1, BRIGHT.background);
          for (const s of shapes) drawOpenCvEllipse(mat, s as EllipseSpec, BRIGHT.foreground);
          // Painted area per shape, measured on the clean drawing (shapes are far apart, so split by column).
          const painted = shapes.map((s, k) => {
            const pitch = width / shapes.length;
            const col = mat.getRegion(new cv.Rect(Math.round(k * pitch), 0, Math.round(pitch), height)).copy();
            return paintedArea(col, BRIGHT);
          });
          if (noise > 0) {
            const f = Float64Array.from(mat.getData());
            addNoise(f, noise, random);
            mat = toMat(f, width, height);
          }
          const { result, diagnostics } = inspectImageDetailed(mat, recipe(), { seq: 0, timestampMs: 0 });
          expect(result.objects).toHaveLength(shapes.length);
          expect(diagnostics.pixelContourFallbacks).toEqual([]);
          match(shapes, result.objects).forEach((o, i) => {
            const t = truthOf(shapes[i]);
            rows.push({ area: o.metrics.area / painted[i] - 1, circularity: o.metrics.circularity / t.circularity - 1 });
            nominalBias.push(painted[i] / t.area - 1);
          });
        }
      }
    }
    const w = worst(rows);
    console.log(
      `[accuracy] OpenCV LINE_AA discs/ellipses r=${RADII.join('/')}: worst area error vs painted ${pct(w.area)}, worst circularity error vs analytic ${pct(w.circularity)}; ` +
        `OpenCV paints ${pct(Math.min(...nominalBias))} … ${pct(Math.max(...nominalBias))} more area than the nominal shape`,
    );
    expect(w.area).toBeLessThanOrEqual(0.01);
    expect(w.circularity).toBeLessThanOrEqual(0.02);
  });
});

describe('the pixel-contour figures the estimator replaces', () => {
  it('OpenCV contourArea/arcLength reads a disc of radius 40 near 0.89, the sub-pixel outline near 1', () => {
    const random = rng(3);
    const { shapes, width, height } = layout('disc', 40, random);
    const mat = toMat(renderCoverage(width, height, shapes, BRIGHT), width, height);
    const { result } = inspectImageDetailed(mat, recipe(), { seq: 0, timestampMs: 0 });
    for (const o of result.objects) {
      expect(o.metrics.circularityCv).toBeGreaterThan(0.86);
      expect(o.metrics.circularityCv).toBeLessThan(0.92);
      expect(Math.abs(o.metrics.circularity - 1)).toBeLessThan(0.01);
    }
  });
});

describe('fallback to the pixel contour', () => {
  it('uses OpenCV\'s contour when there is no edge level to trace at, and says so', () => {
    // Contrast of 4 gray levels: below the estimator's minimum, and an adaptive
    // threshold has no global level to fall back on.
    const W = 200;
    const mat = toMat(renderCoverage(W, W, [{ kind: 'ellipse', cx: 100, cy: 100, a: 40, b: 40, angleDeg: 0 }], { background: 100, foreground: 104 }), W, W);
    const r = RecipeSchema.parse({
      schema: 'loupe.recipe/1',
      name: 'low contrast',
      version: 1,
      pipeline: { threshold: { method: 'adaptive', blockSize: 99, offset: 1 }, morphology: { op: 'open', kernel: 5 }, minArea: 500 },
    });
    const { result, diagnostics } = inspectImageDetailed(mat, r, { seq: 0, timestampMs: 0 });
    expect(result.objects).toHaveLength(1);
    expect(diagnostics.pixelContourFallbacks).toEqual([1]);
    const m = result.objects[0].metrics;
    // Area and perimeter still describe one curve (the pixel polygon), so circularity equals OpenCV's.
    expect(m.circularity).toBeCloseTo(m.circularityCv, 6); // OpenCV sums the length in float
    expect(m.circularity).toBeLessThan(0.93);
  });
});

