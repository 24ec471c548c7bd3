// Plain polygon arithmetic for the synthetic line's outlines. Truth for
// defective parts is computed from the very polygon that is drawn, so it is
// exact for what the camera sees (up to anti-aliasing).
import type { Point } from '../../../src-shared/inspection.js';

/** Signed shoelace area: positive when the points turn counter-clockwise in (x, y) axes. */
export function signedArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    twice += points[j][0] * points[i][1] - points[i][0] * points[j][1];
  }
  return twice / 2;
}

export const polygonArea = (points: readonly Point[]): number => Math.abs(signedArea(points));

export function polygonLength(points: readonly Point[]): number {
  let length = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    length += Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);
  }
  return length;
}

/** How far the polygon reaches from `center` in direction (ux, uy): its support function. */
export function reach(points: readonly Point[], center: Point, ux: number, uy: number): number {
  let best = -Infinity;
  for (const [x, y] of points) best = Math.max(best, (x - center[0]) * ux + (y - center[1]) * uy);
  return best;
}

/** A closed outline addressed by arc length, with tangent and inward normal anywhere along it. */
export class ArcOutline {
  readonly cumulative: number[];
  readonly length: number;
  private readonly inwardSign: number;

  constructor(readonly points: readonly Point[]) {
    this.cumulative = [0];
    for (let i = 1; i <= points.length; i++) {
      const [ax, ay] = points[i - 1];
      const [bx, by] = points[i % points.length];
      this.cumulative.push(this.cumulative[i - 1] + Math.hypot(bx - ax, by - ay));
    }
    this.length = this.cumulative[points.length];
    // For a counter-clockwise polygon the interior lies to the left of travel.
    this.inwardSign = signedArea(points) > 0 ? 1 : -1;
  }

  /** Index of the segment holding arc length s (segment i runs from point i to point i+1). */
  private segmentAt(s: number): number {
    let lo = 0;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cumulative[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Position, unit tangent (direction of travel) and unit inward normal at arc length s. */
  frameAt(s: number): { p: Point; t: Point; n: Point } {
    const wrapped = ((s % this.length) + this.length) % this.length;
    const i = this.segmentAt(wrapped);
    const a = this.points[i];
    const b = this.points[(i + 1) % this.points.length];
    const segment = this.cumulative[i + 1] - this.cumulative[i];
    const f = segment > 0 ? (wrapped - this.cumulative[i]) / segment : 0;
    const tx = (b[0] - a[0]) / (segment || 1);
    const ty = (b[1] - a[1]) / (segment || 1);
    return {
      p: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f],
      t: [tx, ty],
      n: [-ty * this.inwardSign, tx * this.inwardSign],
    };
  }

  /** The outline with the stretch (from, to) replaced by `inserted` (points in travel order); 0 <= from < to <= length. */
  replaceStretch(from: number, to: number, inserted: readonly Point[]): Point[] {
    const out: Point[] = [];
    for (let i = 0; i < this.points.length && this.cumulative[i] <= from; i++) out.push(this.points[i]);
    out.push(...inserted);
    for (let i = 0; i < this.points.length; i++) if (this.cumulative[i] >= to) out.push(this.points[i]);
    return out;
  }
}
