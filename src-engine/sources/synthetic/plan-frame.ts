// What one frame of the synthetic line shows: which parts, which defects, and
// where. The belt is indexed: each frame is a fresh field of view, as on a
// line where the camera is triggered once per belt pitch, so no part is ever
// cut by the image border (the pipeline ignores border objects, and truth must
// only list parts that can be measured).
import type { SyntheticSourceSpec } from '../../../src-shared/sources.js';
import type { DefectKind, FrameTruth, PartShape, Point } from '../../../src-shared/inspection.js';
import { buildPart, defectsFor, translatePart, type PartDrawing } from './build-part.js';
import { PART_SHAPES, REFERENCE_HEIGHT, REFERENCE_WIDTH } from './part-catalog.js';
import { reach } from './polygon.js';
import { deriveSeed, mulberry32, type Rng } from './prng.js';

/** Below a quarter of the reference size parts would be too small to carry visible defects. */
const MIN_SCALE = 0.25;
const PLACEMENT_TRIES = 200;

/** Reference pixels → frame pixels for a frame of this size. */
export function frameScale(width: number, height: number): number {
  return Math.max(MIN_SCALE, Math.min(width / REFERENCE_WIDTH, height / REFERENCE_HEIGHT));
}

/** Parts that must be placed together (one part, or two touching ones), around their own centre. */
interface Cluster {
  parts: PartDrawing[];
  radius: number;
}

function clusterOf(parts: PartDrawing[], centre: Point): Cluster {
  let radius = 0;
  for (const part of parts) for (const [x, y] of part.outline) radius = Math.max(radius, Math.hypot(x - centre[0], y - centre[1]));
  const centred = parts.map((p) => translatePart(p, -centre[0], -centre[1]));
  return { parts: centred, radius };
}

/**
 * Two whole parts pushed together tip to tip: the point of the second that
 * reaches furthest towards the first sits inside the first's furthest point by
 * a quarter to a third of the smaller reach, so they always overlap (aligning
 * reaches alone is not enough: two rectangles' corners can pass each other)
 * and form one blob with a clear waist. The overlap is too shallow to reach a hole.
 */
function touchingPair(first: PartShape, second: PartShape, scale: number, rng: Rng): Cluster {
  const a = buildPart(first, 'touching', scale, rng);
  const b = buildPart(second, 'touching', scale, rng);
  const phi = rng.range(0, 2 * Math.PI);
  const [ux, uy] = [Math.cos(phi), Math.sin(phi)];
  const tipA = farthest(a.outline, ux, uy);
  const tipB = farthest(b.outline, -ux, -uy);
  const overlap = rng.range(0.25, 0.35) * Math.min(reach(a.outline, a.center, ux, uy), reach(b.outline, b.center, -ux, -uy));
  const moved = translatePart(b, tipA[0] - tipB[0] - ux * overlap, tipA[1] - tipB[1] - uy * overlap);
  return clusterOf([a, moved], [(a.center[0] + moved.center[0]) / 2, (a.center[1] + moved.center[1]) / 2]);
}

/** The outline point furthest in direction (ux, uy). */
function farthest(points: readonly Point[], ux: number, uy: number): Point {
  let best = points[0];
  let bestDot = -Infinity;
  for (const p of points) {
    const dot = p[0] * ux + p[1] * uy;
    if (dot > bestDot) [best, bestDot] = [p, dot];
  }
  return best;
}

function drawClusters(spec: SyntheticSourceSpec, scale: number, rng: Rng): Cluster[] {
  const mean = spec.partsPerFrame;
  const count = mean === 0 ? 0 : rng.int(mean - Math.floor(mean / 4), mean + Math.floor(mean / 4));
  const clusters: Cluster[] = [];
  for (let slot = 0; slot < count; slot++) {
    const shape = rng.pick(PART_SHAPES);
    let defect: DefectKind = rng.chance(spec.defectRate) ? rng.pick(defectsFor(shape)) : 'none';
    if (defect === 'touching' && slot + 1 >= count) defect = rng.pick(defectsFor(shape).filter((d) => d !== 'touching'));
    if (defect === 'touching') {
      clusters.push(touchingPair(shape, rng.pick(PART_SHAPES), scale, rng));
      slot++; // the partner fills the next slot
    } else {
      clusters.push(clusterOf([buildPart(shape, defect, scale, rng)], [0, 0]));
    }
  }
  return clusters;
}

/** Random non-overlapping positions, a margin away from the border; clusters that find no room are left out. */
function placeClusters(clusters: Cluster[], width: number, height: number, scale: number, rng: Rng): PartDrawing[] {
  const margin = Math.max(4, 10 * scale);
  const gap = Math.max(4, 12 * scale);
  const placed: Array<{ x: number; y: number; r: number }> = [];
  const parts: PartDrawing[] = [];
  for (const cluster of clusters) {
    const r = cluster.radius;
    if (2 * (r + margin) > width || 2 * (r + margin) > height) continue;
    for (let attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
      const x = rng.range(r + margin, width - r - margin);
      const y = rng.range(r + margin, height - r - margin);
      if (placed.some((o) => Math.hypot(o.x - x, o.y - y) < o.r + r + gap)) continue;
      placed.push({ x, y, r });
      for (const part of cluster.parts) parts.push(translatePart(part, x, y));
      break;
    }
  }
  return parts;
}

/** The parts of frame `index` of the line, in frame pixel coordinates. Same spec and index → same parts. */
export function planFrame(spec: SyntheticSourceSpec, index: number): PartDrawing[] {
  const rng = mulberry32(deriveSeed(spec.seed, index));
  const scale = frameScale(spec.width, spec.height);
  return placeClusters(drawClusters(spec, scale, rng), spec.width, spec.height, scale, rng);
}

export function truthOf(parts: PartDrawing[]): FrameTruth {
  const truth = parts.map((p, id) => ({
    id,
    shape: p.shape,
    center: p.center,
    area: p.area,
    perimeter: p.perimeter,
    ok: p.defect === 'none',
    defect: p.defect,
  }));
  return { ok: truth.every((p) => p.ok), parts: truth };
}
