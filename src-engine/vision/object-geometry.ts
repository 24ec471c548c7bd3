// The per-pixel and per-polygon part of measuring one object, in JS: the window
// around it, its pixels and edge levels, the sub-pixel outline and the polygon
// measures. This is the reference implementation: the engine runs the native
// port of the same steps (native/contours/src/object_geometry.cc, through
// native-geometry.ts), and tests/src-engine/vision/native-geometry-agreement.test.ts
// holds the two to 1e-9 on real and synthetic frames. Change both together.
import { opencv, type Mat } from '../opencv.js';
import { centroidWithHoles, convexHull, minAreaRectSides, polygonArea, polygonLength, simplifyClosed, type Polygon } from './polygon.js';
import { FIELD_SCALE, traceObjectOutline, type Boundary, type Box, type IsoField } from './subpixel-outline.js';
import { clearVisited, firstSetPixel, scanObjectPixels, type ObjectWindow } from './object-pixels.js';
import { edgeLevels } from './edge-level.js';
import type { PixelContour } from './native-contours.js';

export interface MeasureContext {
  /** The ROI's mask (0/255), unblurred gray and segmentation gray (blurred when the recipe blurs). */
  mask: Mat;
  gray: Mat;
  segGray: Mat;
  polarity: 1 | -1;
  /** The global threshold in 8-bit gray, or null for adaptive thresholds. */
  threshold8: number | null;
  /** ROI offset, added to every reported coordinate. */
  offset: [number, number];
}

/** One object's raw measures, in ROI coordinates (before the offset and rounding measure-object.ts applies). */
export interface ObjectGeometry {
  /** Pixels of the object's 8-connected component, and their mean unblurred gray. */
  count: number;
  meanGray: number;
  /** False when the outer iso-line could not be traced and the pixel contour was measured instead. */
  subpixel: boolean;
  /** Holes measured on their pixel contour because their iso-line could not be traced. */
  holeFallbacks: number;
  /** Area inside the outer outline, and that minus the holes (never below 0). */
  outerArea: number;
  area: number;
  perimeter: number;
  hullArea: number;
  hullPerimeter: number;
  /** Sides of the minimum-area enclosing rectangle. */
  rectLong: number;
  rectShort: number;
  centroid: [number, number];
  /** Outer outline and holes, simplified for drawing. */
  outline: Polygon;
  holes: Polygon[];
}

/** A contour's points as a flat polygon, with its bounding box and top-most (then left-most) point. */
export interface ContourGeometry {
  poly: Polygon;
  boundary: Boundary;
}

export function contourGeometry(c: PixelContour): ContourGeometry {
  const pts = c.points;
  const poly: Polygon = Array.from(pts);
  const box: Box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  let seed: [number, number] = [0, 0];
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i];
    const y = pts[i + 1];
    if (x < box.minX) box.minX = x;
    if (x > box.maxX) box.maxX = x;
    if (y < box.minY || (y === box.minY && x < seed[0])) {
      if (y < box.minY) box.minY = y;
      seed = [x, y];
    }
    if (y > box.maxY) box.maxY = y;
  }
  return { poly, boundary: { seed, box } };
}

/** Background nearer than this (px) to the object's box is mixed with its edge by the smoothing; see object-pixels.ts. */
const BACKGROUND_MARGIN = 3;
/**
 * Window margin around the object's box: the walker's margin (3) plus one
 * cell, plus the smoothing kernel's reach (3), so replicated window borders
 * never touch a sample the walker reads.
 */
const WINDOW_MARGIN = 7;
/** Drawing tolerance for simplified outlines (px). */
const OUTLINE_EPSILON = 0.5;
/** σ (px) of the smoothing the sub-pixel estimator traces on; see subpixel-outline.ts. */
const ESTIMATOR_SIGMA = 1;

/**
 * Measures one object. `box` is its outer contour's bounding box; the contour's
 * points only become a polygon when they are needed: a seed the mask cannot
 * give, or the pixel-contour fallback.
 */
export function objectGeometry(outer: PixelContour, box: Box, holeContours: PixelContour[], ctx: MeasureContext): ObjectGeometry {
  const { polarity, threshold8 } = ctx;
  const holeGeoms = holeContours.map(contourGeometry);
  let outerGeom: ContourGeometry | null = null;
  const pixelContour = (): ContourGeometry => (outerGeom ??= contourGeometry(outer));

  // Everything per-pixel below happens in one window around the object, in window coordinates.
  const win = readWindow(ctx, box);
  const toLocal = (b: Box): Box => ({ minX: b.minX - win.x, minY: b.minY - win.y, maxX: b.maxX - win.x, maxY: b.maxY - win.y });
  const local = (b: Boundary): Boundary => ({ seed: [b.seed[0] - win.x, b.seed[1] - win.y], box: toLocal(b.box) });
  const localBox = toLocal(box);
  // The contour's top-most, left-most pixel is the first set pixel of its box's top row,
  // unless another part reaches into that row from the left; the fill's box tells.
  const topX = firstSetPixel(win.buffers, localBox.minY, localBox.minX, localBox.maxX);
  let outerLocal: Boundary = { seed: [topX, localBox.minY], box: localBox };
  let px = topX >= 0 ? scanObjectPixels(win.buffers, outerLocal.seed, localBox, BACKGROUND_MARGIN) : null;
  if (!px || !sameBox(px.filled, localBox)) {
    if (px) clearVisited(win.buffers);
    outerLocal = local(pixelContour().boundary);
    px = scanObjectPixels(win.buffers, outerLocal.seed, localBox, BACKGROUND_MARGIN);
  }
  const field: IsoField = { data: win.buffers.field, width: win.buffers.width, height: win.buffers.height };

  const levels = edgeLevels(px.objectLevel, px.backgroundLevel, polarity, threshold8);
  const traced = levels.length
    ? traceObjectOutline({ field, levels, polarity, outer: outerLocal, holes: holeGeoms.map((h) => local(h.boundary)) })
    : null;
  const outerPoly = traced ? translate(traced.outer, win.x, win.y) : pixelContour().poly;
  const holePolys = traced
    ? traced.holes.map((h, k) => (h ? translate(h, win.x, win.y) : holeGeoms[k].poly))
    : holeGeoms.map((h) => h.poly);

  const outerArea = polygonArea(outerPoly);
  let area = outerArea;
  for (const h of holePolys) area -= polygonArea(h);
  const hull = convexHull(outerPoly);
  const rect = minAreaRectSides(hull);
  return {
    count: px.count,
    meanGray: px.meanGray,
    subpixel: traced !== null,
    holeFallbacks: traced ? traced.holes.filter((h) => h === null).length : 0,
    outerArea,
    area: Math.max(0, area),
    perimeter: polygonLength(outerPoly),
    hullArea: polygonArea(hull),
    hullPerimeter: polygonLength(hull),
    rectLong: rect.long,
    rectShort: rect.short,
    centroid: centroidWithHoles(outerPoly, holePolys),
    outline: simplifyClosed(outerPoly, OUTLINE_EPSILON),
    holes: holePolys.map((h) => simplifyClosed(h, OUTLINE_EPSILON)),
  };
}

interface PlacedWindow {
  x: number;
  y: number;
  buffers: ObjectWindow;
}

/**
 * Copies the mask, the gray and the smoothed field of the window around `box`
 * out of OpenCV: a few small native calls per object instead of whole-frame copies.
 */
function readWindow(ctx: MeasureContext, box: Box): PlacedWindow {
  const cv = opencv();
  const W = ctx.mask.cols;
  const H = ctx.mask.rows;
  const x = Math.max(0, box.minX - WINDOW_MARGIN);
  const y = Math.max(0, box.minY - WINDOW_MARGIN);
  const width = Math.min(W, box.maxX + WINDOW_MARGIN + 1) - x;
  const height = Math.min(H, box.maxY + WINDOW_MARGIN + 1) - y;
  const rect = new cv.Rect(x, y, width, height);
  const copyBytes = (m: Mat): Uint8Array => {
    const c = m.getRegion(rect).copy();
    const b = c.getData();
    c.release();
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  };
  const mask = copyBytes(ctx.mask);
  const gray = copyBytes(ctx.gray);
  const segGray = ctx.segGray === ctx.gray ? gray : copyBytes(ctx.segGray);
  // 16-bit so the smoothing keeps sub-gray-level detail for the interpolation.
  const wide = ctx.segGray.getRegion(rect).convertTo(cv.CV_16U, FIELD_SCALE);
  const smooth = wide.gaussianBlur(new cv.Size(7, 7), ESTIMATOR_SIGMA, ESTIMATOR_SIGMA, cv.BORDER_REPLICATE);
  wide.release();
  const fb = smooth.getData();
  smooth.release();
  // A Buffer's offset into its pool is not always 2-byte aligned.
  const field = fb.byteOffset % 2 === 0 ? new Uint16Array(fb.buffer, fb.byteOffset, fb.byteLength / 2) : new Uint16Array(Uint8Array.from(fb).buffer);
  return { x, y, buffers: { width, height, mask, gray, segGray, field } };
}

function sameBox(a: Box, b: Box): boolean {
  return a.minX === b.minX && a.minY === b.minY && a.maxX === b.maxX && a.maxY === b.maxY;
}

function translate(p: Polygon, dx: number, dy: number): Polygon {
  const out: Polygon = new Array(p.length);
  for (let i = 0; i < p.length; i += 2) {
    out[i] = p[i] + dx;
    out[i + 1] = p[i + 1] + dy;
  }
  return out;
}
