// Which points of a long series a chart needs for the x range on screen: all of
// them when there are no more than two per pixel column, otherwise the lowest
// and highest point of each pixel column's worth of points (what Chart.js'
// min-max decimation would keep), so spikes and dips survive. The per-column
// extremes come from a MinMaxPyramid built once per data change, so a zoom or
// pan step costs a few thousand steps per line, not a pass over 100,000 points;
// a zoom asks again for the new range, at full detail once it is narrow enough.
// `xs` must be non-decreasing (steps, wall times, epochs derived from them).
import { MinMaxPyramid, thinIndices } from './monitor-min-max-pyramid.js';

/**
 * Indices to draw, in order; `min`/`max` bound the range (null: the whole
 * series), with one point kept beyond each edge so lines reach the border;
 * `pixels`: the pixel columns the range is drawn across. `ys` may be given as
 * its pyramid (cached by the caller), else one is built for this call.
 */
export function minMaxWindow(xs: ArrayLike<number>, ys: ArrayLike<number> | MinMaxPyramid, min: number | null, max: number | null, pixels: number): number[] {
  return thinWindow(xs, () => (ys instanceof MinMaxPyramid ? ys : new MinMaxPyramid(ys)), min, max, pixels);
}

/**
 * Like minMaxWindow, but one point (the last) per pixel column's worth of
 * points: for a smoothed line, drawn over its raw line, which shows the
 * extremes. A line of 3 points per pixel column, zig-zagging up and down each
 * column, costs the browser 5–10 times as much to stroke 1.6 px wide as a line
 * of one point per column (a hairline is cheap either way).
 */
export function trendWindow(xs: ArrayLike<number>, min: number | null, max: number | null, pixels: number): number[] {
  return thinWindow(xs, () => null, min, max, pixels);
}

function thinWindow(xs: ArrayLike<number>, pyramid: () => MinMaxPyramid | null, min: number | null, max: number | null, pixels: number): number[] {
  const n = xs.length;
  if (n === 0) return [];
  let from = min === null ? 0 : lowerBound(xs, min);
  let to = max === null ? n : upperBound(xs, max);
  from = Math.max(0, from - 1);
  to = Math.min(n, to + 1);
  const out: number[] = [];
  const columns = Math.max(1, Math.floor(pixels));
  if (to - from <= columns * 2) {
    for (let i = from; i < to; i++) out.push(i);
    return out;
  }
  const lo = min ?? xs[0];
  const hi = max ?? xs[n - 1];
  // The edge points themselves, so the line runs to the border of the plot.
  out.push(from);
  thinIndices(xs, pyramid(), from + 1, to - 1, (hi - lo) / columns, out);
  if (out[out.length - 1] !== to - 1) out.push(to - 1);
  return out;
}

export function lowerBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function upperBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
