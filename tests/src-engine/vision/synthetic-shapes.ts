// Test images with known geometry. Two renderers:
//  - renderCoverage: exact anti-aliasing computed here (16×16 samples per pixel),
//    so the drawn shape IS the analytic shape and errors are the estimator's alone.
//  - OpenCV's own LINE_AA drawing (drawOpenCvEllipse): what the synthetic line
//    and most users draw with. It paints filled shapes about 0.6 px fatter than
//    asked (a disc of radius 20 covers ~6 % more than πr²), so its truth is the
//    drawn coverage, not the nominal radius.
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { mulberry32 } from '../../../src-engine/sources/synthetic/prng.js';

export interface EllipseSpec {
  kind: 'ellipse';
  cx: number;
  cy: number;
  a: number;
  b: number;
  angleDeg: number;
}
export interface SquareSpec {
  kind: 'square';
  cx: number;
  cy: number;
  side: number;
  angleDeg: number;
}
export type ShapeSpec = EllipseSpec | SquareSpec;

export interface Levels {
  background: number;
  foreground: number;
}

/** Analytic area, perimeter (Ramanujan's second formula for ellipses) and circularity. */
export function truthOf(s: ShapeSpec): { area: number; perimeter: number; circularity: number } {
  if (s.kind === 'square') {
    return { area: s.side * s.side, perimeter: 4 * s.side, circularity: Math.PI / 4 };
  }
  const { a, b } = s;
  const h = ((a - b) * (a - b)) / ((a + b) * (a + b));
  const perimeter = Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
  const area = Math.PI * a * b;
  return { area, perimeter, circularity: (4 * Math.PI * area) / (perimeter * perimeter) };
}

/** Signed distance bound in px: at least this far outside (positive) or inside (negative) the shape's edge. */
function outsideDistance(s: ShapeSpec): (x: number, y: number) => number {
  const t = (s.angleDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const n = Math.sin(t);
  if (s.kind === 'ellipse') {
    const ia = 1 / (s.a * s.a);
    const ib = 1 / (s.b * s.b);
    const minor = Math.min(s.a, s.b);
    return (x, y) => {
      const dx = x - s.cx;
      const dy = y - s.cy;
      const u = dx * c + dy * n;
      const v = -dx * n + dy * c;
      // A point at ellipse "radius" q ≥ 1 is at least (q − 1)·minor from the curve.
      return (Math.sqrt(u * u * ia + v * v * ib) - 1) * minor;
    };
  }
  const h = s.side / 2;
  return (x, y) => {
    const dx = x - s.cx;
    const dy = y - s.cy;
    return Math.max(Math.abs(dx * c + dy * n), Math.abs(-dx * n + dy * c)) - h;
  };
}

function extent(s: ShapeSpec): number {
  return s.kind === 'ellipse' ? Math.max(s.a, s.b) : (s.side * Math.SQRT2) / 2;
}

/** Pixel (i, j) covers [i-0.5, i+0.5] × [j-0.5, j+0.5]; its value is background + coverage·(foreground − background). */
export function renderCoverage(width: number, height: number, shapes: ShapeSpec[], levels: Levels): Float64Array {
  const img = new Float64Array(width * height).fill(levels.background);
  const S = 16;
  for (const s of shapes) {
    const dist = outsideDistance(s);
    const r = extent(s) + 2;
    const x0 = Math.max(0, Math.floor(s.cx - r));
    const x1 = Math.min(width - 1, Math.ceil(s.cx + r));
    const y0 = Math.max(0, Math.floor(s.cy - r));
    const y1 = Math.min(height - 1, Math.ceil(s.cy + r));
    for (let j = y0; j <= y1; j++) {
      for (let i = x0; i <= x1; i++) {
        const d = dist(i, j);
        let cov: number;
        if (d > 1) cov = 0; // the pixel reaches at most 0.71 px from its centre
        else if (d < -1) cov = 1;
        else {
          let k = 0;
          for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) if (dist(i - 0.5 + (sx + 0.5) / S, j - 0.5 + (sy + 0.5) / S) <= 0) k++;
          cov = k / (S * S);
        }
        if (cov > 0) img[j * width + i] += cov * (levels.foreground - levels.background);
      }
    }
  }
  return img;
}

/** Deterministic PRNG (mulberry32), so a failing noisy case can be reproduced. */
export function rng(seed: number): () => number {
  return mulberry32(seed).next;
}

/** Adds Gaussian noise (Box–Muller) in place. */
export function addNoise(img: Float64Array, sigma: number, random: () => number): void {
  for (let i = 0; i < img.length; i++) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    img[i] += sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Rounds a float image into an 8-bit (or 16-bit) single-channel Mat. */
export function toMat(img: Float64Array, width: number, height: number, bits: 8 | 16 = 8): Mat {
  const cv = opencv();
  const max = bits === 8 ? 255 : 65535;
  if (bits === 8) {
    const buf = Buffer.alloc(width * height);
    for (let i = 0; i < img.length; i++) buf[i] = Math.min(max, Math.max(0, Math.round(img[i])));
    return new cv.Mat(buf, height, width, cv.CV_8UC1);
  }
  const arr = new Uint16Array(width * height);
  for (let i = 0; i < img.length; i++) arr[i] = Math.min(max, Math.max(0, Math.round(img[i])));
  return new cv.Mat(Buffer.from(arr.buffer), height, width, cv.CV_16UC1);
}

/** Filled ellipse drawn by OpenCV with LINE_AA, centre and axes at 1/256 px via shift bits. */
export function drawOpenCvEllipse(img: Mat, s: EllipseSpec, gray: number): void {
  const cv = opencv();
  const F = 256;
  img.drawEllipse(
    new cv.Point2(Math.round(s.cx * F), Math.round(s.cy * F)),
    new cv.Size(Math.round(s.a * F), Math.round(s.b * F)),
    s.angleDeg,
    0,
    360,
    new cv.Vec3(gray, gray, gray),
    -1,
    cv.LINE_AA,
    8,
  );
}

/** Area actually painted: Σ (v − background) / (foreground − background) over the image. */
export function paintedArea(img: Mat, levels: Levels): number {
  const d = img.getData();
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] - levels.background;
  return s / (levels.foreground - levels.background);
}
