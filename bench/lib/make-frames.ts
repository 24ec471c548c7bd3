// The benchmark's input: 1280×1024 gray frames with 40 filled anti-aliased discs
// each, drawn deterministically (seeded) and cached as PNG so every implementation
// decodes the very same pixels.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { opencv } from '../../src-engine/opencv.js';
import { mulberry32 } from '../../src-engine/sources/synthetic/prng.js';

export interface FrameSetSpec {
  count: number;
  width: number;
  height: number;
  discs: number;
  seed: number;
}

export const BENCH_FRAMES: FrameSetSpec = { count: 4, width: 1280, height: 1024, discs: 40, seed: 7 };
/** The same scene on a 5 MP (2592×1944) sensor: 40 parts of the same sizes, so the extra pixels are all background. */
export const BENCH_FRAMES_5MP: FrameSetSpec = { count: 4, width: 2592, height: 1944, discs: 40, seed: 7 };


interface Disc {
  x: number;
  y: number;
  r: number;
}

/** Non-overlapping discs well inside the frame, so each is exactly one external contour. */
function scatter(spec: FrameSetSpec, rnd: () => number): Disc[] {
  const discs: Disc[] = [];
  const gap = 6;
  for (let attempts = 0; discs.length < spec.discs; attempts++) {
    if (attempts > 100_000) throw new Error('cannot place the discs without overlap; use fewer or smaller ones');
    const r = 18 + Math.floor(rnd() * 30);
    const x = r + gap + rnd() * (spec.width - 2 * (r + gap));
    const y = r + gap + rnd() * (spec.height - 2 * (r + gap));
    if (discs.every((d) => Math.hypot(d.x - x, d.y - y) > d.r + r + gap)) discs.push({ x, y, r });
  }
  return discs;
}

/** Writes the frames (if not cached already) and returns their paths. */
export function ensureBenchFrames(dir: string, spec: FrameSetSpec = BENCH_FRAMES): string[] {
  const cv = opencv();
  mkdirSync(dir, { recursive: true });
  const rnd = mulberry32(spec.seed).next;
  const paths: string[] = [];
  for (let i = 0; i < spec.count; i++) {
    const discs = scatter(spec, rnd);
    const path = join(dir, `discs-${spec.width}x${spec.height}-${spec.discs}-s${spec.seed}-${i}.png`);
    paths.push(path);
    if (existsSync(path)) continue;
    const mat = new cv.Mat(spec.height, spec.width, cv.CV_8UC1, 40);
    for (const d of discs) {
      // shift=4 gives sub-pixel centres and radii, as real parts do not sit on the grid.
      const shift = 4;
      const s = 1 << shift;
      mat.drawCircle(new cv.Point2(Math.round(d.x * s), Math.round(d.y * s)), Math.round(d.r * s), new cv.Vec3(210, 210, 210), -1, cv.LINE_AA, shift);
    }
    cv.imwrite(path, mat);
  }
  return paths;
}
