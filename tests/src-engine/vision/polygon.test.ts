import { describe, expect, it } from 'vitest';
import {
  centroidWithHoles,
  convexHull,
  minAreaRectSides,
  polygonArea,
  polygonLength,
  signedArea,
  simplifyClosed,
} from '../../../src-engine/vision/polygon.js';

function ellipse(cx: number, cy: number, a: number, b: number, angle: number, n: number): number[] {
  const out: number[] = [];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const x = a * Math.cos(t);
    const y = b * Math.sin(t);
    out.push(cx + x * c - y * s, cy + x * s + y * c);
  }
  return out;
}

describe('polygon geometry', () => {
  it('measures a unit square in either orientation', () => {
    const cw = [0, 0, 1, 0, 1, 1, 0, 1];
    expect(signedArea(cw)).toBe(1);
    expect(signedArea([0, 0, 0, 1, 1, 1, 1, 0])).toBe(-1);
    expect(polygonArea(cw)).toBe(1);
    expect(polygonLength(cw)).toBe(4);
  });

  it('puts the centroid of a square with an off-centre hole away from the hole', () => {
    const outer = [0, 0, 10, 0, 10, 10, 0, 10];
    const hole = [6, 4, 8, 4, 8, 6, 6, 6]; // 2×2 hole right of centre
    const [x, y] = centroidWithHoles(outer, [hole]);
    // (100·5 − 4·7) / 96
    expect(x).toBeCloseTo((500 - 28) / 96, 9);
    expect(y).toBeCloseTo(5, 9);
  });

  it('builds the hull of a concave polygon', () => {
    const arrow = [0, 0, 10, 0, 10, 10, 5, 5, 0, 10];
    const hull = convexHull(arrow);
    expect(hull.length / 2).toBe(4);
    expect(polygonArea(hull)).toBe(100);
  });

  it('finds the minimum-area rectangle of rotated rectangles and ellipses', () => {
    for (const deg of [0, 10, 33, 45, 77, 90, 135]) {
      const a = (deg * Math.PI) / 180;
      const rect = [
        [-30, -10],
        [30, -10],
        [30, 10],
        [-30, 10],
      ].flatMap(([x, y]) => [50 + x * Math.cos(a) - y * Math.sin(a), 40 + x * Math.sin(a) + y * Math.cos(a)]);
      const r = minAreaRectSides(convexHull(rect));
      expect(r.long).toBeCloseTo(60, 6);
      expect(r.short).toBeCloseTo(20, 6);
      const e = minAreaRectSides(convexHull(ellipse(0, 0, 40, 20, a, 720)));
      expect(e.long / e.short).toBeCloseTo(2, 3);
    }
  });

  it('simplifies a dense circle within epsilon and keeps its shape', () => {
    const circle = ellipse(0, 0, 50, 50, 0, 2000);
    const s = simplifyClosed(circle, 0.5);
    expect(s.length).toBeLessThan(circle.length / 10);
    expect(polygonArea(s) / polygonArea(circle)).toBeGreaterThan(0.99);
    for (let i = 0; i < s.length; i += 2) expect(Math.hypot(s[i], s[i + 1])).toBeCloseTo(50, 6);
  });
});
