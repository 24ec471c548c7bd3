// The geometry behind the synthetic line, without OpenCV: defects really cut
// into the outline by the intended amount, outlines stay simple polygons, and
// the coverage rasteriser integrates area exactly.
import { describe, expect, it } from 'vitest';
import type { DefectKind, PartShape, Point } from '../../../src-shared/inspection.js';
import { buildPart, defectsFor } from '../../../src-engine/sources/synthetic/build-part.js';
import { CoverageCanvas } from '../../../src-engine/sources/synthetic/coverage-canvas.js';
import { polygonArea } from '../../../src-engine/sources/synthetic/polygon.js';
import { mulberry32, deriveSeed } from '../../../src-engine/sources/synthetic/prng.js';

function convexHullArea(points: readonly Point[]): number {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return polygonArea([...lower.slice(0, -1), ...upper.slice(0, -1)]);
}

/** True when no two non-adjacent edges of the closed polygon properly cross (collinear touching is not a crossing). */
function isSimple(points: readonly Point[]): boolean {
  const n = points.length;
  const crosses = (a: Point, b: Point, c: Point, d: Point): boolean => {
    const o = (p: Point, q: Point, r: Point) => {
      const z = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
      return Math.abs(z) < 1e-6 ? 0 : Math.sign(z);
    };
    return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (crosses(points[i], points[(i + 1) % n], points[j], points[(j + 1) % n])) return false;
    }
  }
  return true;
}

const SHAPES: PartShape[] = ['disc', 'washer', 'hex', 'rect'];

describe('defects', () => {
  for (const shape of SHAPES) {
    for (const defect of defectsFor(shape).filter((d): d is DefectKind => d !== 'touching')) {
      it(`${shape} with ${defect}: a simple outline, cut by a visible amount`, () => {
        for (let k = 0; k < 40; k++) {
          // The same stream draws the same size and angle first, so `good` is the defect-free twin of `part`.
          const seed = deriveSeed(77 + SHAPES.indexOf(shape), k);
          const good = buildPart(shape, 'none', 1, mulberry32(seed));
          const part = buildPart(shape, defect, 1, mulberry32(seed));
          expect(part.defect).toBe(defect);
          expect(isSimple(part.outline)).toBe(true);
          const outer = polygonArea(part.outline);
          const solidity = outer / convexHullArea(part.outline);
          if (defect === 'chip' || defect === 'dent') {
            // A concavity solidity sees (a good outline is convex: solidity 1); a dent on a
            // curved edge is partly hidden by the curvature, hence the looser bound.
            expect(solidity).toBeLessThan(defect === 'chip' ? 0.98 : 0.993);
            expect(part.area).toBeLessThan(good.area * (defect === 'chip' ? 0.97 : 0.985));
            expect(part.holes).toHaveLength(good.holes.length);
          }
          if (defect === 'crack' && good.holes.length > 0) {
            // A ring split open: no hole left, and the hole is carved into the outline instead.
            expect(part.holes).toHaveLength(0);
            expect(solidity).toBeLessThan(0.9);
          } else if (defect === 'crack') {
            expect(part.perimeter).toBeGreaterThan(good.perimeter * 1.12);
          }
          if (defect === 'missing-hole') {
            expect(part.holes).toHaveLength(0);
            expect(part.area).toBeGreaterThan(good.area * 1.1);
          }
          expect(part.area).toBeCloseTo(outer - part.holes.reduce((s, h) => s + Math.PI * h.radius ** 2, 0), 6);
        }
      });
    }
  }

  it('splits rings open with a crack', () => {
    for (const shape of ['washer', 'hex'] as const) {
      const part = buildPart(shape, 'crack', 1, mulberry32(5));
      expect(part.holes).toHaveLength(0);
    }
  });
});

describe('CoverageCanvas', () => {
  const square = (x0: number, y0: number, x1: number, y1: number): Point[] => [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  const total = (canvas: CoverageCanvas) => canvas.data.reduce((s, v) => s + v, 0) / 255;

  it('integrates the exact area of sub-pixel shapes', () => {
    const canvas = new CoverageCanvas(64, 64);
    canvas.fill([square(10.25, 12.5, 30.75, 20.1)]);
    expect(total(canvas)).toBeCloseTo(20.5 * 7.6, 0);
    // Pixel centres are at integer coordinates: a unit square centred on (40, 40) fills exactly that pixel.
    canvas.clear();
    canvas.fill([square(39.5, 39.5, 40.5, 40.5)]);
    expect(canvas.data[40 * 64 + 40]).toBe(255);
    expect(total(canvas)).toBeCloseTo(1, 5);
  });

  it('leaves holes empty when they turn against the outline, and clears what it drew', () => {
    const canvas = new CoverageCanvas(64, 64);
    const outer = square(10, 10, 50, 50);
    const hole = square(20, 20, 30, 30).reverse();
    canvas.fill([outer, hole]);
    expect(total(canvas)).toBeCloseTo(1600 - 100, 0);
    expect(canvas.data[25 * 64 + 25]).toBe(0);
    canvas.clear();
    expect(total(canvas)).toBe(0);
  });

  it('refuses shapes that reach the border', () => {
    const canvas = new CoverageCanvas(32, 32);
    expect(() => canvas.fill([square(0, 0, 10, 10)])).toThrow(/frame border/);
  });
});

describe('mulberry32', () => {
  it('is reproducible and roughly uniform and normal', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 20000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    const g = Array.from({ length: 20000 }, () => a.gaussian());
    const mean = g.reduce((s, x) => s + x, 0) / g.length;
    const sd = Math.sqrt(g.reduce((s, x) => s + (x - mean) ** 2, 0) / g.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeCloseTo(1, 1);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });
});
