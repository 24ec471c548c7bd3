// Contours of a binary Mat as flat typed arrays, from Loupe's native helper
// (native/contours): one call per image instead of one JS object and two
// native calls per contour through opencv4nodejs (why: see the helper's source).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { opencv, type Mat } from '../opencv.js';
import { repoRoot } from '../repo-root.js';

/**
 * Every contour of an image; contour i's points are points[2·offsets[i] …
 * 2·offsets[i+1]) as x, y pairs. The arrays are views into a scratch buffer
 * that the next findContoursFlat call overwrites: copy what must outlive it.
 */
export interface FlatContours {
  count: number;
  points: Int32Array;
  offsets: Int32Array;
  /** OpenCV's hierarchy, four per contour: next, previous, first child, parent (-1: none). */
  hierarchy: Int32Array;
  /** contourArea of each contour (absolute). */
  areas: Float64Array;
  /** arcLength of each contour, closed. */
  perimeters: Float64Array;
}

/** The helper's calls (see native/contours/src/find_contours_flat.cc and measure_binding.cc for the buffer layouts). */
interface NativeContours {
  findContours(mat: Mat, mode: number, method: number): [count: number, totalPoints: number];
  fillContours(buffer: ArrayBuffer): void;
  measureObject(mask: Mat, gray: Mat, segGray: Mat, spec: Int32Array, threshold8: number, points: Int32Array, out: Float64Array): number;
  histogram8(mat: Mat, out: Float64Array): void;
  /** Returns the sum of src's pixels, or -1 when src is a view (left to OpenCV). */
  gaussian3Histogram(src: Mat, dst: Mat, out: Float64Array): number;
  /** Test hook: the lazily smoothed field (smoothed_field.h) at every sample of an 8-bit Mat. */
  smoothedField(mat: Mat, out: Uint16Array): void;
}

export class NativeHelperUnavailableError extends Error {
  readonly code = 'native-helper-unavailable';
}

let loaded: NativeContours | undefined;

export function nativeContoursPath(): string {
  return join(repoRoot(), 'native', 'contours', 'build', 'Release', 'loupe_contours.node');
}

/** The loaded helper (for native-geometry.ts, which shares it). */
export function nativeHelper(): NativeContours {
  loaded ??= loadNativeContours(nativeContoursPath());
  return loaded;
}

/** Loads the helper from a path; separate from first use so the failure message can be tested. */
export function loadNativeContours(path: string): NativeContours {
  opencv(); // the helper links the same OpenCV; load the binding first so its error explains a missing OpenCV
  try {
    return createRequire(import.meta.url)(path) as NativeContours;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new NativeHelperUnavailableError(
      `Loupe's native contour helper could not be loaded (${reason}); run \`npm run setup\` to build it against the system OpenCV.`,
    );
  }
}

/**
 * cv.findContours on an 8-bit one-channel Mat, with each contour's area and
 * closed perimeter. The Mat is read in place, never copied.
 */
export function findContoursFlat(mat: Mat, mode: number, method: number): FlatContours {
  const cv = opencv();
  // The helper reads the Mat through opencv4nodejs's own class layout: anything else must not reach it.
  if (!(mat instanceof cv.Mat)) throw new TypeError('findContoursFlat: expected a cv.Mat');
  const native = nativeHelper();
  const [count, totalPoints] = native.findContours(mat, mode, method);
  const intsAt = count * 2 * Float64Array.BYTES_PER_ELEMENT;
  const bytes = intsAt + (totalPoints * 2 + count + 1 + count * 4) * Int32Array.BYTES_PER_ELEMENT;
  native.fillContours(scratchOf(bytes));
  const pointsAt = intsAt;
  const offsetsAt = pointsAt + totalPoints * 2 * Int32Array.BYTES_PER_ELEMENT;
  const hierarchyAt = offsetsAt + (count + 1) * Int32Array.BYTES_PER_ELEMENT;
  return {
    count,
    areas: new Float64Array(scratch, 0, count),
    perimeters: new Float64Array(scratch, count * Float64Array.BYTES_PER_ELEMENT, count),
    points: new Int32Array(scratch, pointsAt, totalPoints * 2),
    offsets: new Int32Array(scratch, offsetsAt, count + 1),
    hierarchy: new Int32Array(scratch, hierarchyAt, count * 4),
  };
}

/**
 * One buffer for every call, grown when a frame needs more: a fresh
 * ArrayBuffer per frame was the dearest part of the call (V8 accounts each as
 * external memory, and the collections that follow cost more than the copy).
 */
let scratch = new ArrayBuffer(64 * 1024);
function scratchOf(bytes: number): ArrayBuffer {
  if (scratch.byteLength < bytes) scratch = new ArrayBuffer(Math.max(bytes, 2 * scratch.byteLength));
  return scratch;
}

/** One contour of a FlatContours, as the measuring code uses it. */
export interface PixelContour {
  /** Its points as [x0, y0, x1, y1, …] (a view into the set, not a copy). */
  points: Int32Array;
  area: number;
  perimeter: number;
  /** Index of the enclosing contour, or -1 for an outer one (RETR_CCOMP: a hole's parent is its object). */
  parent: number;
}

export function contourAt(contours: FlatContours, i: number): PixelContour {
  return {
    points: contours.points.subarray(2 * contours.offsets[i], 2 * contours.offsets[i + 1]),
    area: contours.areas[i],
    perimeter: contours.perimeters[i],
    parent: contours.hierarchy[4 * i + 3],
  };
}
