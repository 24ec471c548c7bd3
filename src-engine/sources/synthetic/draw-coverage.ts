// Draws a frame's parts into the coverage canvas and hands the result to
// OpenCV as an 8-bit mask (0 = belt, 255 = part, edges in between).
import { opencv, type Mat } from '../../opencv.js';
import type { Point } from '../../../src-shared/inspection.js';
import type { PartDrawing } from './build-part.js';
import type { Hole } from './base-shapes.js';
import type { CoverageCanvas } from './coverage-canvas.js';
import { signedArea } from './polygon.js';

/** Hole outline points this far apart (px); as for outer circles, chords stay within 0.02 px of the arc. */
const HOLE_STEP = 2;

/** A hole as a polygon turning against `outline`, so non-zero winding leaves it empty; its area is exactly πr². */
function holePolygon(hole: Hole, outline: readonly Point[]): Point[] {
  const n = Math.max(24, Math.ceil((2 * Math.PI * hole.radius) / HOLE_STEP));
  const r = hole.radius * Math.sqrt((2 * Math.PI) / (n * Math.sin((2 * Math.PI) / n)));
  const turn = signedArea(outline) > 0 ? -1 : 1;
  const points: Point[] = [];
  for (let k = 0; k < n; k++) {
    const a = (turn * 2 * Math.PI * k) / n;
    points.push([hole.center[0] + r * Math.cos(a), hole.center[1] + r * Math.sin(a)]);
  }
  return points;
}

/** Redraws `canvas` with `parts` and returns it as a new 8-bit one-channel Mat (the caller releases it). */
export function drawCoverage(canvas: CoverageCanvas, parts: PartDrawing[]): Mat {
  const cv = opencv();
  canvas.clear();
  for (const part of parts) canvas.fill([part.outline, ...part.holes.map((h) => holePolygon(h, part.outline))]);
  const bytes = canvas.data;
  return new cv.Mat(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), canvas.height, canvas.width, cv.CV_8UC1);
}
