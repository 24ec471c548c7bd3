// objectGeometry (object-geometry.ts) and the Otsu histogram from Loupe's native
// helper: one call per object that reads the frame's Mats in place and writes
// into one reused Float64Array (see native/contours/src/measure_binding.cc for
// the layout and why). The JS implementation stays the reference the native one
// is tested against.
import { opencv, type Mat } from '../opencv.js';
import type { Polygon } from './polygon.js';
import type { Box } from './subpixel-outline.js';
import type { MeasureContext, ObjectGeometry } from './object-geometry.js';
import { nativeHelper } from './native-contours.js';
import type { PixelContour } from './native-contours.js';

/** Header fields of measureObject's output, before the per-hole lengths and the coordinates. */
const HEADER = 15;

let out = new Float64Array(4096);

export function objectGeometryNative(outer: PixelContour, box: Box, holeContours: PixelContour[], ctx: MeasureContext): ObjectGeometry {
  const cv = opencv();
  if (!(ctx.mask instanceof cv.Mat) || !(ctx.gray instanceof cv.Mat) || !(ctx.segGray instanceof cv.Mat)) {
    throw new TypeError('objectGeometryNative: expected cv.Mat mask, gray and segGray');
  }
  const points = allPointsOf(outer.points);
  const spec = new Int32Array(8 + 2 * holeContours.length);
  spec[0] = box.minX;
  spec[1] = box.minY;
  spec[2] = box.maxX;
  spec[3] = box.maxY;
  spec[4] = ctx.polarity;
  setRange(spec, 5, outer.points, points);
  spec[7] = holeContours.length;
  holeContours.forEach((h, k) => setRange(spec, 8 + 2 * k, h.points, points));
  const native = nativeHelper();
  const threshold8 = ctx.threshold8 ?? Number.NaN;
  let length = native.measureObject(ctx.mask, ctx.gray, ctx.segGray, spec, threshold8, points, out);
  if (length > out.length) {
    out = new Float64Array(Math.max(length, 2 * out.length));
    length = native.measureObject(ctx.mask, ctx.gray, ctx.segGray, spec, threshold8, points, out);
  }
  const holeCount = out[13];
  let at = HEADER + holeCount;
  const take = (n: number): Polygon => {
    const p: Polygon = new Array(n);
    for (let i = 0; i < n; i++) p[i] = out[at + i];
    at += n;
    return p;
  };
  const outline = take(out[14]);
  const holes: Polygon[] = [];
  for (let k = 0; k < holeCount; k++) holes.push(take(out[HEADER + k]));
  return {
    count: out[0],
    meanGray: out[1],
    subpixel: out[2] === 1,
    holeFallbacks: out[3],
    outerArea: out[4],
    area: out[5],
    perimeter: out[6],
    hullArea: out[7],
    hullPerimeter: out[8],
    rectLong: out[9],
    rectShort: out[10],
    centroid: [out[11], out[12]],
    outline,
    holes,
  };
}

/**
 * Every contour of one findContoursFlat result is a view into the same buffer,
 * so the helper is handed that buffer once (as an Int32Array, cached) and each
 * contour as a range of point indices into it.
 */
let allPoints: Int32Array | null = null;
function allPointsOf(view: Int32Array): Int32Array {
  if (allPoints?.buffer !== view.buffer) allPoints = new Int32Array(view.buffer, 0, Math.floor(view.buffer.byteLength / 4));
  return allPoints;
}

function setRange(spec: Int32Array, at: number, view: Int32Array, points: Int32Array): void {
  if (view.buffer !== points.buffer) throw new TypeError('objectGeometryNative: every contour must come from the same findContoursFlat result');
  spec[at] = view.byteOffset / 8;
  spec[at + 1] = view.byteOffset / 8 + view.length / 2;
}

/** 256-bin histogram of an 8-bit one-channel Mat, counted natively in place. */
export function histogram8Native(gray: Mat): Float64Array {
  const cv = opencv();
  if (!(gray instanceof cv.Mat)) throw new TypeError('histogram8Native: expected a cv.Mat');
  const counts = new Float64Array(256);
  nativeHelper().histogram8(gray, counts);
  return counts;
}
