// Turns one OpenCV outer contour (with its holes) into the measured object:
// geometry from the sub-pixel outline (or the pixel contour as a fallback),
// pixel count and mean gray from the label image. The per-pixel work is done by
// objectGeometry (object-geometry.ts, the JS reference) or its native port
// (native-geometry.ts, what the engine runs); the metrics are derived here, from
// either, by one formula.
import type { ObjectMetricName } from '../../src-shared/metrics.js';
import type { Point, Rect } from '../../src-shared/inspection.js';
import type { Polygon } from './polygon.js';
import type { Box } from './subpixel-outline.js';
import { objectGeometry, type MeasureContext, type ObjectGeometry } from './object-geometry.js';
import { objectGeometryNative } from './native-geometry.js';
import type { PixelContour } from './native-contours.js';

export type { MeasureContext } from './object-geometry.js';

/** Which implementation measures each object: the native helper (default), or the JS reference it is tested against. */
export type GeometryImplementation = 'native' | 'js';

export interface MeasuredObject {
  bbox: Rect;
  centroid: Point;
  outline: Point[];
  holes: Point[][];
  metrics: Record<ObjectMetricName, number>;
  /** 'subpixel' normally; 'pixel-contour' when the outer iso-line could not be traced. */
  method: 'subpixel' | 'pixel-contour';
  /** Holes measured on their pixel contour because their iso-line could not be traced. */
  holeFallbacks: number;
}

/** The contour's bounding box as inclusive pixel bounds. */
export function contourBox(c: PixelContour): Box {
  const pts = c.points;
  const box: Box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < pts.length; i += 2) {
    if (pts[i] < box.minX) box.minX = pts[i];
    if (pts[i] > box.maxX) box.maxX = pts[i];
    if (pts[i + 1] < box.minY) box.minY = pts[i + 1];
    if (pts[i + 1] > box.maxY) box.maxY = pts[i + 1];
  }
  return box;
}

/** Measures one object. `box` is its outer contour's bounding box. */
export function measureObject(
  outer: PixelContour,
  box: Box,
  holeContours: PixelContour[],
  ctx: MeasureContext,
  implementation: GeometryImplementation = 'native',
): MeasuredObject {
  const g: ObjectGeometry = (implementation === 'native' ? objectGeometryNative : objectGeometry)(outer, box, holeContours, ctx);
  const { area, outerArea, perimeter } = g;
  const cvPerimeter = outer.perimeter;
  const metrics: Record<ObjectMetricName, number> = {
    area,
    areaPixels: g.count,
    perimeter,
    // Shape of the outer outline (a washer is as round as a disc), per the metric table.
    circularity: perimeter > 0 ? (4 * Math.PI * outerArea) / (perimeter * perimeter) : 0,
    circularityCv: cvPerimeter > 0 ? (4 * Math.PI * outer.area) / (cvPerimeter * cvPerimeter) : 0,
    convexity: perimeter > 0 ? g.hullPerimeter / perimeter : 0,
    solidity: g.hullArea > 0 ? area / g.hullArea : 0,
    aspectRatio: g.rectShort > 0 ? g.rectLong / g.rectShort : 0,
    equivalentDiameter: Math.sqrt((4 * area) / Math.PI),
    meanIntensity: g.meanGray,
    holes: holeContours.length,
  };

  const [ox, oy] = ctx.offset;
  const [cx, cy] = g.centroid;
  return {
    bbox: { x: box.minX + ox, y: box.minY + oy, width: box.maxX - box.minX + 1, height: box.maxY - box.minY + 1 },
    centroid: [round2(cx + ox), round2(cy + oy)],
    outline: toPoints(g.outline, ox, oy),
    holes: g.holes.map((h) => toPoints(h, ox, oy)),
    metrics,
    method: g.subpixel ? 'subpixel' : 'pixel-contour',
    holeFallbacks: g.holeFallbacks,
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Flat polygon → Point[] in image coordinates, rounded to 0.01 px (plenty for drawing, small to send). */
function toPoints(p: Polygon, ox: number, oy: number): Point[] {
  const out: Point[] = new Array(p.length / 2);
  for (let i = 0; i < p.length; i += 2) out[i / 2] = [round2(p[i] + ox), round2(p[i + 1] + oy)];
  return out;
}
