// What makes a person's outline usable as an object's shape: at least three
// distinct corners, inside the picture, enclosing some area, and no two edges
// crossing (a bow-tie has no inside that a mask, an area or COCO agree on).
import type { Point } from '../../src-shared/inspection.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/** Drops a closing point equal to the first and consecutive repeats (a double click adds one). */
export function normalizeOutline(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

export function checkOutline(points: readonly Point[], width: number, height: number): Result<Point[]> {
  const outline = normalizeOutline(points);
  if (outline.length < 3) return fail('bad-request', `an outline needs at least 3 distinct points (got ${outline.length})`, 'outline');
  const outside = outline.findIndex(([x, y]) => x < 0 || y < 0 || x > width || y > height);
  if (outside >= 0) {
    const [x, y] = outline[outside];
    return fail('bad-request', `outline point ${outside} (${x}, ${y}) is outside the ${width}×${height} picture`, 'outline');
  }
  const crossing = firstCrossing(outline);
  if (crossing) {
    return fail('bad-request', `the outline crosses itself: edge ${crossing[0]} crosses edge ${crossing[1]}; move the points so no two edges cross`, 'outline');
  }
  if (Math.abs(signedArea(outline)) < 1e-9) return fail('bad-request', 'the outline encloses no area (its points lie on one line)', 'outline');
  return ok(outline);
}

/** Shoelace area, positive for counter-clockwise in a y-up frame. */
export function signedArea(ring: readonly Point[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum / 2;
}

/**
 * The first pair of non-adjacent edges that touch or cross (edge i runs from point i to i+1).
 * Quadratic, with a bounding-box reject first: 10,000 points (the contract's limit) is 50 M
 * cheap pairs, well under a second, and outlines people edit have tens to hundreds of points.
 */
export function firstCrossing(ring: readonly Point[]): [number, number] | null {
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    const minX = Math.min(a[0], b[0]), maxX = Math.max(a[0], b[0]), minY = Math.min(a[1], b[1]), maxY = Math.max(a[1], b[1]);
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a corner
      const c = ring[j];
      const d = ring[(j + 1) % n];
      if (Math.max(c[0], d[0]) < minX || Math.min(c[0], d[0]) > maxX || Math.max(c[1], d[1]) < minY || Math.min(c[1], d[1]) > maxY) continue;
      if (segmentsTouch(a, b, c, d)) return [i, j];
    }
  }
  return null;
}

function orientation(p: Point, q: Point, r: Point): number {
  const v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(p: Point, q: Point, r: Point): boolean {
  return Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1]);
}

function segmentsTouch(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orientation(a, b, c), o2 = orientation(a, b, d), o3 = orientation(c, d, a), o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, c, b)) || (o2 === 0 && onSegment(a, d, b)) || (o3 === 0 && onSegment(c, a, d)) || (o4 === 0 && onSegment(c, b, d));
}
