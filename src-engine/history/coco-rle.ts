// COCO's uncompressed RLE of a shape with holes. COCO tools fill every ring of
// a polygon list, so a washer must go out as a mask: rasterized here with the
// even-odd rule (a pixel is inside when its centre is), then run-length coded
// in COCO's order: column-major (down each column, columns left to right),
// counts alternating starting with a run of zeros.
import type { Point } from '../../src-shared/inspection.js';

export interface CocoRle {
  size: [height: number, width: number];
  counts: number[];
}

interface Raster {
  x0: number;
  y0: number;
  w: number;
  h: number;
  /** Row-major inside flags over the box. */
  inside: Uint8Array;
  pixels: number;
}

/** Even-odd fill of the rings (outer outline and holes) at pixel centres, inside the picture. */
export function rasterize(rings: readonly (readonly Point[])[], width: number, height: number): Raster {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const ring of rings) for (const [x, y] of ring) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  const x0 = Math.max(0, Math.floor(minX)), y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(width, Math.ceil(maxX) + 1), y1 = Math.min(height, Math.ceil(maxY) + 1);
  const w = Math.max(0, x1 - x0), h = Math.max(0, y1 - y0);
  const inside = new Uint8Array(w * h);
  let pixels = 0;
  const xs: number[] = [];
  for (let row = 0; row < h; row++) {
    const yc = y0 + row + 0.5;
    xs.length = 0;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j];
        const [bx, by] = ring[i];
        if (ay <= yc !== by <= yc) xs.push(ax + ((yc - ay) * (bx - ax)) / (by - ay));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(x0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(x1, Math.ceil(xs[k + 1] - 0.5));
      for (let x = from; x < to; x++) {
        inside[row * w + (x - x0)] = 1;
        pixels++;
      }
    }
  }
  return { x0, y0, w, h, inside, pixels };
}

/** The rings as COCO RLE over the whole picture, with the pixel count (COCO's `area`) and the mask's bbox. */
export function ringsToRle(rings: readonly (readonly Point[])[], width: number, height: number): { rle: CocoRle; area: number; bbox: [number, number, number, number] } {
  const r = rasterize(rings, width, height);
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  const push = (v: number, n: number) => {
    if (n === 0) return;
    if (v === value) run += n;
    else {
      counts.push(run);
      value = v;
      run = n;
    }
  };
  let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
  for (let x = 0; x < width; x++) {
    if (x < r.x0 || x >= r.x0 + r.w) {
      push(0, height);
      continue;
    }
    push(0, r.y0);
    for (let row = 0; row < r.h; row++) {
      const v = r.inside[row * r.w + (x - r.x0)];
      push(v, 1);
      if (v) {
        bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x);
        by0 = Math.min(by0, r.y0 + row); by1 = Math.max(by1, r.y0 + row);
      }
    }
    push(0, height - r.y0 - r.h);
  }
  counts.push(run);
  const bbox: [number, number, number, number] = r.pixels === 0 ? [0, 0, 0, 0] : [bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1];
  return { rle: { size: [height, width], counts }, area: r.pixels, bbox };
}

/** COCO's decoding (as pycocotools does it): column-major flags, 1 = inside. */
export function decodeRle(rle: CocoRle): Uint8Array {
  const [height, width] = rle.size;
  const mask = new Uint8Array(height * width);
  let at = 0;
  rle.counts.forEach((n, i) => {
    if (i % 2 === 1) mask.fill(1, at, at + n);
    at += n;
  });
  if (at !== height * width) throw new Error(`RLE counts sum to ${at}, not ${height}×${width} = ${height * width}`);
  return mask;
}
