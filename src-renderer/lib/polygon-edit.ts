// Pure edits of an object's outline, in image pixels: move, insert and delete a
// vertex, and the hit tests the editor needs. Each returns a new array (the old
// one is what undo restores). An outline keeps at least 3 points, and an edit
// that would make it cross itself is reported, since the store refuses those.
import type { Point } from '../../src-shared/inspection.js';

export const MIN_OUTLINE_POINTS = 3;

export function moveVertex(outline: readonly Point[], index: number, to: Point): Point[] {
  if (index < 0 || index >= outline.length) throw new RangeError(`no vertex ${index} in an outline of ${outline.length}`);
  return outline.map((p, i) => (i === index ? ([to[0], to[1]] as Point) : ([p[0], p[1]] as Point)));
}

/** Inserts `at` as a new vertex after `index` (on the edge index → index+1). */
export function insertVertex(outline: readonly Point[], index: number, at: Point): Point[] {
  const next = outline.map((p) => [p[0], p[1]] as Point);
  next.splice(index + 1, 0, [at[0], at[1]]);
  return next;
}

/** Removes a vertex, or returns null when the outline would drop below 3 points. */
export function deleteVertex(outline: readonly Point[], index: number): Point[] | null {
  if (outline.length <= MIN_OUTLINE_POINTS) return null;
  return outline.filter((_, i) => i !== index).map((p) => [p[0], p[1]] as Point);
}

const dist2 = (a: Point, b: Point) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

/** The vertex within `radius` of `p`, nearest first, or -1. */
export function nearestVertex(outline: readonly Point[], p: Point, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  outline.forEach((v, i) => {
    const d = dist2(v, p);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

function closestOnSegment(a: Point, b: Point, p: Point): Point {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * dx, a[1] + t * dy];
}

/** The edge (index of its first vertex) within `radius` of `p`, with the point on it, or null. */
export function nearestEdge(outline: readonly Point[], p: Point, radius: number): { index: number; at: Point } | null {
  let best: { index: number; at: Point } | null = null;
  let bestD = radius * radius;
  for (let i = 0; i < outline.length; i++) {
    const at = closestOnSegment(outline[i], outline[(i + 1) % outline.length], p);
    const d = dist2(at, p);
    if (d <= bestD) {
      best = { index: i, at };
      bestD = d;
    }
  }
  return best;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** True when two non-adjacent edges cross (O(n²): outlines edited by hand are small enough). */
export function selfIntersects(outline: readonly Point[]): boolean {
  const n = outline.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(outline[i], outline[(i + 1) % n], outline[j], outline[(j + 1) % n])) return true;
    }
  }
  return false;
}

/** A freehand stroke thinned to vertices at least `spacing` apart (a redrawn outline). */
export function thinStroke(stroke: readonly Point[], spacing: number): Point[] {
  const out: Point[] = [];
  for (const p of stroke) if (out.length === 0 || dist2(out[out.length - 1], p) >= spacing * spacing) out.push([p[0], p[1]]);
  return out;
}
