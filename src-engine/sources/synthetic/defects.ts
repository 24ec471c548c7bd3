// Reshapes a defect-free part outline into a defective one. Each defect is a
// physical change a real line rejects for, sized (see part-catalog.ts) so it
// shows in the silhouette after thresholding:
//   chip  – a circular bite out of an edge (concave: solidity and area drop)
//   dent  – a wide, shallow, smooth push inward (concave: solidity drops)
//   slit  – a crack as a deep narrow slit from an edge (perimeter jumps, convexity drops)
//   split – a crack right through a ring, opening the hole to the outside (the hole disappears)
import type { Point } from '../../../src-shared/inspection.js';
import { ArcOutline, signedArea } from './polygon.js';
import type { Rng } from './prng.js';
import type { Hole } from './base-shapes.js';
import type { Span } from './part-catalog.js';

const draw = (rng: Rng, span: Span): number => rng.range(span[0], span[1]);

/** Picks an arc length where a notch of the given half-width fits inside one flat, or null when none is long enough. */
export function pickNotchCentre(flats: ReadonlyArray<[number, number]>, halfWidth: number, rng: Rng): number | null {
  const room = flats.map(([from, to]) => Math.max(0, to - from - 2 * halfWidth));
  const total = room.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  let u = rng.next() * total;
  for (let i = 0; i < flats.length; i++) {
    if (u < room[i] || i === flats.length - 1) return flats[i][0] + halfWidth + Math.min(u, room[i]);
    u -= room[i];
  }
  return null;
}

/** Moves the stretch around s0 inward by depth(ds), sampled at the given offsets ds (increasing, spanning ±halfWidth). */
function pushInward(arc: ArcOutline, s0: number, halfWidth: number, offsets: number[], depth: (ds: number) => number): Point[] {
  const inserted = offsets.map((ds): Point => {
    const { p, n } = arc.frameAt(s0 + ds);
    const d = depth(ds);
    return [p[0] + n[0] * d, p[1] + n[1] * d];
  });
  return arc.replaceStretch(s0 - halfWidth, s0 + halfWidth, inserted);
}

export function chip(outline: Point[], flats: ReadonlyArray<[number, number]>, bite: Span, rng: Rng): Point[] | null {
  const b = draw(rng, bite);
  const s0 = pickNotchCentre(flats, b, rng);
  if (s0 === null) return null;
  // Sample the bite by angle so its steep flanks are as well resolved as its floor.
  const steps = Math.max(16, Math.ceil(b * 2));
  const angles = Array.from({ length: steps + 1 }, (_, k) => Math.PI - (Math.PI * k) / steps);
  const offsets = angles.map((a) => b * Math.cos(a));
  return pushInward(new ArcOutline(outline), s0, b, offsets, (ds) => Math.sqrt(Math.max(0, b * b - ds * ds)));
}

export function dent(outline: Point[], flats: ReadonlyArray<[number, number]>, spec: { depth: Span; halfWidth: Span }, rng: Rng): Point[] | null {
  const depth = draw(rng, spec.depth);
  const w = draw(rng, spec.halfWidth);
  const s0 = pickNotchCentre(flats, w, rng);
  if (s0 === null) return null;
  const steps = Math.ceil(2 * w);
  const offsets = Array.from({ length: steps + 1 }, (_, k) => -w + (2 * w * k) / steps);
  // Raised cosine: no kink where the dent meets the edge, as a pressed dent looks.
  return pushInward(new ArcOutline(outline), s0, w, offsets, (ds) => (depth * (1 + Math.cos((Math.PI * ds) / w))) / 2);
}

/**
 * A crack as a slit `depth` px deep from an edge of a solid part, wandering a
 * little sideways, `mouth` px wide at the edge narrowing to `tip` px.
 */
export function slit(outline: Point[], flats: ReadonlyArray<[number, number]>, depth: number, width: { mouth: number; tip: number }, rng: Rng): Point[] | null {
  // Keep the mouth far enough from corners that the sideways wander stays inside the part.
  const s0 = pickNotchCentre(flats, Math.max(width.mouth / 2, 0.35 * depth), rng);
  if (s0 === null) return null;
  const arc = new ArcOutline(outline);
  const { p, t, n } = arc.frameAt(s0);
  const segments = 3;
  const left: Point[] = [];
  const right: Point[] = [];
  let lateral = 0;
  let centre: Point = p;
  for (let k = 0; k <= segments; k++) {
    const d = (depth * k) / segments;
    // Slopes stay under 0.3 so the walls, offset along the edge tangent, keep nearly their full width.
    if (k > 0) lateral += rng.range(-0.1, 0.1) * (depth / segments);
    const w = (width.mouth + ((width.tip - width.mouth) * k) / segments) / 2;
    centre = [p[0] + n[0] * d + t[0] * lateral, p[1] + n[1] * d + t[1] * lateral];
    left.push([centre[0] - t[0] * w, centre[1] - t[1] * w]);
    right.push([centre[0] + t[0] * w, centre[1] + t[1] * w]);
  }
  const tip: Point = [centre[0] + (n[0] * width.tip) / 2, centre[1] + (n[1] * width.tip) / 2];
  // The mouth corners sit on the outline itself: on a curved edge the tangent-line points
  // would stand a fraction of a pixel proud of it and the outline would cross itself there.
  left[0] = arc.frameAt(s0 - width.mouth / 2).p;
  right[0] = arc.frameAt(s0 + width.mouth / 2).p;
  return arc.replaceStretch(s0 - width.mouth / 2, s0 + width.mouth / 2, [...left, tip, ...right.reverse()]);
}

/**
 * A crack right through a ring: a straight cut `width` px wide from the outer
 * edge into the hole, leaving one C-shaped outline and no hole.
 */
export function split(outline: Point[], flats: ReadonlyArray<[number, number]>, hole: Hole, width: number, rng: Rng): Point[] | null {
  const arc = new ArcOutline(outline);
  const half = width / 2;
  const s0 = pickNotchCentre(flats, half + 1, rng);
  if (s0 === null) return null;
  const { p, t, n } = arc.frameAt(s0);
  // Hole centre in the cut's frame (lateral along t, depth along n).
  const e = (hole.center[0] - p[0]) * t[0] + (hole.center[1] - p[1]) * t[1];
  const dc = (hole.center[0] - p[0]) * n[0] + (hole.center[1] - p[1]) * n[1];
  const wallAtHole = (x: number): Point | null => {
    const under = hole.radius ** 2 - (x - e) ** 2;
    if (under <= 0) return null;
    const y = dc - Math.sqrt(under);
    return [p[0] + t[0] * x + n[0] * y, p[1] + t[1] * x + n[1] * y];
  };
  const innerLeft = wallAtHole(-half);
  const innerRight = wallAtHole(half);
  if (!innerLeft || !innerRight) return null;

  // Outer edge the long way round, in travel order: from the right wall past the
  // end of the outline and on from its start to the left wall.
  const from = s0 + half;
  const to = s0 - half;
  const ordered: Point[] = [arc.frameAt(from).p];
  for (let i = 0; i < outline.length; i++) if (arc.cumulative[i] > from) ordered.push(outline[i]);
  for (let i = 0; i < outline.length; i++) if (arc.cumulative[i] < to) ordered.push(outline[i]);
  ordered.push(arc.frameAt(to).p);

  // Down the left wall, round the hole the long way (against the outer edge's turn), up the right wall.
  const turn = signedArea(outline) > 0 ? 1 : -1;
  const aStart = Math.atan2(innerLeft[1] - hole.center[1], innerLeft[0] - hole.center[0]);
  let aEnd = Math.atan2(innerRight[1] - hole.center[1], innerRight[0] - hole.center[0]);
  if (turn > 0) while (aEnd > aStart) aEnd -= 2 * Math.PI;
  else while (aEnd < aStart) aEnd += 2 * Math.PI;
  const steps = Math.max(24, Math.ceil(Math.abs(aStart - aEnd) * hole.radius));
  ordered.push(innerLeft);
  for (let k = 1; k < steps; k++) {
    const a = aStart + ((aEnd - aStart) * k) / steps;
    ordered.push([hole.center[0] + hole.radius * Math.cos(a), hole.center[1] + hole.radius * Math.sin(a)]);
  }
  ordered.push(innerRight);
  return ordered;
}
