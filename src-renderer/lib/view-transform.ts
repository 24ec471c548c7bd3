// Zoom and pan of the full-resolution picture: one scale and offset mapping
// image pixels to the viewer's pixels. "Fit" shows the whole picture, "1:1" one
// image pixel per screen pixel; the wheel zooms about the pointer so the point
// under it stays put.
import type { Point } from '../../src-shared/inspection.js';
import { fitContain, type Size } from './overlay-geometry.js';

export interface ViewTransform {
  scale: number;
  /** Viewer pixels of the image's top-left corner. */
  x: number;
  y: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;
const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

export function fitTransform(viewer: Size, image: Size): ViewTransform {
  const box = fitContain(viewer, image);
  return { scale: image.width > 0 ? box.width / image.width : 1, x: box.x, y: box.y };
}

/** One image pixel per viewer pixel, keeping the viewer's centre on the same image point. */
export function actualSize(t: ViewTransform, viewer: Size): ViewTransform {
  return zoomAt(t, [viewer.width / 2, viewer.height / 2], 1 / t.scale);
}

/** Multiplies the scale by `factor` about a viewer point. */
export function zoomAt(t: ViewTransform, at: Point, factor: number): ViewTransform {
  const scale = clampScale(t.scale * factor);
  const k = scale / t.scale;
  return { scale, x: at[0] - (at[0] - t.x) * k, y: at[1] - (at[1] - t.y) * k };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...t, x: t.x + dx, y: t.y + dy };
}

export function toImage(t: ViewTransform, p: Point): Point {
  return [(p[0] - t.x) / t.scale, (p[1] - t.y) / t.scale];
}

export function toViewer(t: ViewTransform, p: Point): Point {
  return [t.x + p[0] * t.scale, t.y + p[1] * t.scale];
}

/** Wheel zoom factor: one notch (100 px of deltaY) is 20 %. */
export const wheelFactor = (deltaY: number) => Math.pow(1.2, -deltaY / 100);
