// The defect-free outline of each part type (circles as fine polygons,
// polygons by their corners; a defect can reshape any stretch of either), with
// its analytic area and perimeter.
import type { PartShape, Point } from '../../../src-shared/inspection.js';
import { PART_CATALOG } from './part-catalog.js';

/**
 * Spacing of a circle's outline points: 2 px keeps the chords within 0.02 px of
 * the arc at these radii. Straight edges need no points between their corners.
 */
const SAMPLE_STEP = 2;
/** Notches stay this far from a corner so they never just bevel it (a bevelled corner stays convex and undetectable). */
const CORNER_CLEARANCE = 2;

export interface Hole {
  center: Point;
  radius: number;
}

export interface BaseShape {
  shape: PartShape;
  center: Point;
  /** Closed outline, counter-clockwise in (x, y): a circle's points SAMPLE_STEP apart, a polygon's corners. */
  outline: Point[];
  /** Arc-length stretches of the outline free of corners, where a notch may sit. */
  flats: Array<[number, number]>;
  /** Flats long enough for a wide dent (the long sides of a rectangle; every flat otherwise). */
  dentFlats: Array<[number, number]>;
  hole: Hole | null;
  /** Analytic area with the hole subtracted, and analytic outer perimeter. */
  area: number;
  perimeter: number;
  /** Distance from the centre to the nearest point of the outline. */
  inradius: number;
}

function circleOutline(center: Point, radius: number, phase: number): Point[] {
  const n = Math.max(24, Math.ceil((2 * Math.PI * radius) / SAMPLE_STEP));
  // Vertices sit slightly outside the circle so the polygon's area is exactly πr²: truth stays analytic.
  const r = radius * Math.sqrt((2 * Math.PI) / (n * Math.sin((2 * Math.PI) / n)));
  const points: Point[] = [];
  for (let k = 0; k < n; k++) {
    const a = phase + (2 * Math.PI * k) / n;
    points.push([center[0] + r * Math.cos(a), center[1] + r * Math.sin(a)]);
  }
  return points;
}

function polygonShape(vertices: Point[]): { outline: Point[]; flats: Array<[number, number]> } {
  const flats: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < vertices.length; i++) {
    const [ax, ay] = vertices[i];
    const [bx, by] = vertices[(i + 1) % vertices.length];
    const length = Math.hypot(bx - ax, by - ay);
    flats.push([s + CORNER_CLEARANCE, s + length - CORNER_CLEARANCE]);
    s += length;
  }
  return { outline: vertices, flats };
}

/** A part of the given type at `center`, turned by `angle` (radians), with every length multiplied by `scale`. */
export function buildBaseShape(shape: PartShape, center: Point, angle: number, scale: number, withHole = true): BaseShape {
  const spec = PART_CATALOG[shape];
  const [cx, cy] = center;
  const hole: Hole | null = spec.hole && withHole ? { center, radius: spec.hole * scale } : null;
  const holeArea = hole ? Math.PI * hole.radius ** 2 : 0;

  if (shape === 'disc' || shape === 'washer') {
    const r = spec.radius * scale;
    const outline = circleOutline(center, r, angle);
    const length = 2 * Math.PI * r;
    const all: Array<[number, number]> = [[0, length]];
    return { shape, center, outline, flats: all, dentFlats: all, hole, area: Math.PI * r * r - holeArea, perimeter: length, inradius: r };
  }

  if (shape === 'hex') {
    const r = spec.radius * scale;
    const vertices: Point[] = [];
    for (let k = 0; k < 6; k++) {
      const a = angle + (Math.PI / 3) * k;
      vertices.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
    const { outline, flats } = polygonShape(vertices);
    const area = ((3 * Math.sqrt(3)) / 2) * r * r - holeArea;
    return { shape, center, outline, flats, dentFlats: flats, hole, area, perimeter: 6 * r, inradius: (r * Math.sqrt(3)) / 2 };
  }

  const [long, short] = (spec.sides ?? [0, 0]).map((v) => v * scale);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const corner = (u: number, v: number): Point => [cx + u * c - v * s, cy + u * s + v * c];
  // Counter-clockwise in (x, y): the first edge is a long side.
  const vertices = [corner(-long / 2, -short / 2), corner(long / 2, -short / 2), corner(long / 2, short / 2), corner(-long / 2, short / 2)];
  const { outline, flats } = polygonShape(vertices);
  return {
    shape,
    center,
    outline,
    flats,
    dentFlats: [flats[0], flats[2]],
    hole: null,
    area: long * short,
    perimeter: 2 * (long + short),
    inradius: short / 2,
  };
}
