// Pixel-level facts about one object, read from small per-object windows
// rather than whole-frame buffers: copying a 1280×1024 frame out of the native
// binding costs several milliseconds (allocation plus GC of the buffer), while
// the windows around the objects are usually a small part of the frame.
//
// The object's pixels are found by an 8-connected flood fill of the mask from
// a pixel of its contour (the same connectivity findContours uses), so
// neighbouring parts reaching into the window and pixels of holes are not
// counted.

/** Buffers of one object's window (window coordinates, row-major, `width` × `height`). */
export interface ObjectWindow {
  width: number;
  height: number;
  /** Mask bytes (0 background, 255 part); the fill marks visited object pixels with VISITED. */
  mask: Uint8Array;
  /** Unblurred 8-bit gray: what "mean intensity" reports. */
  gray: Uint8Array;
  /** The 8-bit gray the mask was cut from (the same array as `gray` unless the recipe blurs): the edge levels come from it. */
  segGray: Uint8Array;
  /** Smoothed gray × FIELD_SCALE (the sub-pixel estimator's field). */
  field: Uint16Array;
}

export interface ObjectPixels {
  count: number;
  /** Box of the filled pixels (window coordinates, inclusive): tells whether the seed was in the intended component. */
  filled: { minX: number; minY: number; maxX: number; maxY: number };
  meanGray: number;
  /** Median gray (segmentation image) of the object's inner pixels. */
  objectLevel: number;
  /** Median gray (segmentation image) of background pixels more than `margin` px outside the object's box; NaN when there are none. */
  backgroundLevel: number;
}

const VISITED = 1;

/**
 * @param seed a pixel of the object (window coordinates)
 * @param box the object's box (window coordinates, inclusive)
 * @param margin background closer than this to the box is not used for the background level (smoothing mixes it with the edge)
 */
export function scanObjectPixels(
  win: ObjectWindow,
  seed: [number, number],
  box: { minX: number; minY: number; maxX: number; maxY: number },
  margin: number,
): ObjectPixels {
  const { width: W, height: H, mask, gray, segGray } = win;
  let count = 0;
  let sum = 0;
  const filled = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };

  // Scan-line flood fill: fill a run, then queue the runs it touches (8-connected) in the rows above and below.
  const stack: number[] = [seed[0], seed[1]];
  while (stack.length) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    const row = y * W;
    if (mask[row + x] !== 255) continue;
    let l = x;
    let r = x;
    while (l > 0 && mask[row + l - 1] === 255) l--;
    while (r < W - 1 && mask[row + r + 1] === 255) r++;
    if (l < filled.minX) filled.minX = l;
    if (r > filled.maxX) filled.maxX = r;
    if (y < filled.minY) filled.minY = y;
    if (y > filled.maxY) filled.maxY = y;
    for (let i = row + l; i <= row + r; i++) {
      mask[i] = VISITED;
      count++;
      sum += gray[i];
    }
    const from = l > 0 ? l - 1 : 0;
    const to = r < W - 1 ? r + 1 : W - 1;
    for (let ny = y - 1; ny <= y + 1; ny += 2) {
      if (ny < 0 || ny >= H) continue;
      const nrow = ny * W;
      let inRun = false;
      for (let nx = from; nx <= to; nx++) {
        const on = mask[nrow + nx] === 255;
        if (on && !inRun) stack.push(nx, ny);
        inRun = on;
      }
    }
  }

  // Levels for the sub-pixel edge, from the unsmoothed segmentation image (on the
  // smoothed one a part only a few pixels wide never reaches its plateau, which
  // would pull the level down and the outline out). Both sides stay clear of the
  // edge, where anti-aliasing mixes the two: the object's level from pixels whose
  // four neighbours are object too (objHist, when any), the background's from unset
  // pixels more than `margin` px outside the object's box (the window's outer ring),
  // falling back to any unset pixel in the window when that ring is empty (ROI border).
  const interior = new Uint32Array(256);
  const edge = new Uint32Array(256);
  let interiorCount = 0;
  let edgeCount = 0;
  const bgHist = new Uint32Array(256);
  const nearHist = new Uint32Array(256);
  let bgCount = 0;
  let nearCount = 0;
  const bx0 = box.minX - margin;
  const by0 = box.minY - margin;
  const bx1 = box.maxX + margin;
  const by1 = box.maxY + margin;
  // Medians do not need every pixel: large windows are sampled on every other row and column.
  const step = W * H > 4096 ? 2 : 1;
  for (let y = 0; y < H; y += step) {
    const inRows = y >= by0 && y <= by1;
    for (let x = 0, i = y * W; x < W; x += step, i += step) {
      const m = mask[i];
      if (m === VISITED) {
        const v = segGray[i];
        if (x > 0 && y > 0 && x < W - 1 && y < H - 1 && mask[i - 1] !== 0 && mask[i + 1] !== 0 && mask[i - W] !== 0 && mask[i + W] !== 0) {
          interior[v]++;
          interiorCount++;
        } else {
          edge[v]++;
          edgeCount++;
        }
      } else if (m === 0) {
        const v = segGray[i];
        if (inRows && x >= bx0 && x <= bx1) {
          nearHist[v]++;
          nearCount++;
        } else {
          bgHist[v]++;
          bgCount++;
        }
      }
    }
  }
  if (interiorCount < 8) {
    for (let v = 0; v < 256; v++) interior[v] += edge[v];
    interiorCount += edgeCount;
  }
  if (bgCount < 8) {
    for (let v = 0; v < 256; v++) bgHist[v] += nearHist[v];
    bgCount += nearCount;
  }

  return {
    count,
    filled,
    meanGray: count ? sum / count : 0,
    objectLevel: interiorCount ? histMedian(interior, interiorCount) : NaN,
    backgroundLevel: bgCount ? histMedian(bgHist, bgCount) : NaN,
  };
}

function histMedian(hist: Uint32Array, total: number): number {
  const half = total / 2;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= half) return v;
  }
  return 255;
}

/** Undoes the fill's marks, so the window can be filled again from another seed. */
export function clearVisited(win: ObjectWindow): void {
  const m = win.mask;
  for (let i = 0; i < m.length; i++) if (m[i] === VISITED) m[i] = 255;
}

/** Left-most set pixel of row `y` between `x0` and `x1`, or -1. */
export function firstSetPixel(win: ObjectWindow, y: number, x0: number, x1: number): number {
  const row = y * win.width;
  for (let x = Math.max(0, x0); x <= Math.min(win.width - 1, x1); x++) if (win.mask[row + x] === 255) return x;
  return -1;
}

