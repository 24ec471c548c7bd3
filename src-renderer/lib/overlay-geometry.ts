// Geometry that keeps the vector overlay glued to the preview image. Contours
// arrive in full-resolution image pixels while the preview is encoded at the
// size it is shown, so both are placed in one "contain" box and the SVG maps
// image pixels onto it with a viewBox; nothing is rescaled point by point.
import type { Point } from '../../src-shared/inspection.js';

export interface Size {
  width: number;
  height: number;
}

export interface Box extends Size {
  x: number;
  y: number;
}

/** Largest box with the image's aspect ratio that fits in the container, centred (CSS object-fit: contain). */
export function fitContain(container: Size, image: Size): Box {
  if (container.width <= 0 || container.height <= 0 || image.width <= 0 || image.height <= 0) {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  const scale = Math.min(container.width / image.width, container.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  return { x: (container.width - width) / 2, y: (container.height - height) / 2, width, height };
}

/** Maps a point in image pixels to container pixels inside the fitted box (used to place hover labels). */
export function imageToDisplay(p: Point, image: Size, box: Box): Point {
  return [box.x + (p[0] / image.width) * box.width, box.y + (p[1] / image.height) * box.height];
}

/** Inverse of imageToDisplay: a pointer position in the container back to image pixels. */
export function displayToImage(p: Point, image: Size, box: Box): Point {
  return [((p[0] - box.x) / box.width) * image.width, ((p[1] - box.y) / box.height) * image.height];
}

// One decimal is far below a display pixel at any realistic zoom and keeps the
// `d` strings (rebuilt up to 30 times a second) short.
const round1 = (v: number): number => Math.round(v * 10) / 10;

function ring(points: readonly Point[]): string {
  if (points.length < 2) return '';
  let d = `M${round1(points[0][0])} ${round1(points[0][1])}`;
  for (let i = 1; i < points.length; i++) d += `L${round1(points[i][0])} ${round1(points[i][1])}`;
  return `${d}Z`;
}

/** SVG path data for an outline with its holes; draw with fill-rule="evenodd" so holes stay open. */
export function outlinePath(outline: readonly Point[], holes: readonly (readonly Point[])[] = []): string {
  return [ring(outline), ...holes.map(ring)].filter((s) => s.length > 0).join('');
}

/** Contract limits of `view.configure` (messages.ts). */
const MIN_PREVIEW = 16;
const MAX_PREVIEW = 8192;

/**
 * Size to ask the engine to encode previews at: the box the image is shown in,
 * in device pixels (sharp on HiDPI), never larger than the image itself (the
 * engine would only upscale), clamped to the contract's range.
 */
export function previewRequestSize(box: Size, devicePixelRatio: number, image: Size | null): Size {
  const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  let width = box.width * dpr;
  let height = box.height * dpr;
  if (image && image.width > 0 && image.height > 0) {
    const shrink = Math.min(1, image.width / width, image.height / height);
    width *= shrink;
    height *= shrink;
  }
  const clamp = (v: number) => Math.min(MAX_PREVIEW, Math.max(MIN_PREVIEW, Math.round(v)));
  return { width: clamp(width), height: clamp(height) };
}

/** True when two requested sizes differ enough to be worth re-encoding for (avoids resize storms). */
export function sizeChanged(a: Size | null, b: Size, tolerancePx = 8): boolean {
  return a === null || Math.abs(a.width - b.width) > tolerancePx || Math.abs(a.height - b.height) > tolerancePx;
}
