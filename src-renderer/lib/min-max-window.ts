// Which points of a long series a chart needs for the x range on screen: all of
// them when they are few, otherwise the first, lowest, highest and last point of
// each of `buckets` equal slices of the range (what Chart.js' min-max
// decimation keeps), so spikes and dips survive. Chart.js then works on a few
// thousand points per line instead of 100,000 on every zoom or pan step; a zoom
// asks again for the new range, at full detail once it is narrow enough.
// `xs` must be non-decreasing (steps, wall times, epochs derived from them).

/** Indices to draw, in order; `min`/`max` bound the range (null: the whole series), with one point kept beyond each edge so lines reach the border. */
export function minMaxWindow(xs: ArrayLike<number>, ys: ArrayLike<number>, min: number | null, max: number | null, buckets: number): number[] {
  const n = xs.length;
  if (n === 0) return [];
  let from = min === null ? 0 : lowerBound(xs, min);
  let to = max === null ? n : upperBound(xs, max);
  from = Math.max(0, from - 1);
  to = Math.min(n, to + 1);
  const count = to - from;
  const out: number[] = [];
  if (count <= buckets * 4) {
    for (let i = from; i < to; i++) out.push(i);
    return out;
  }
  const x0 = xs[from];
  const span = xs[to - 1] - x0 || 1;
  let i = from;
  for (let b = 0; b < buckets && i < to; b++) {
    const end = b === buckets - 1 ? Infinity : x0 + (span * (b + 1)) / buckets;
    const first = i;
    let lo = i;
    let hi = i;
    for (; i < to && xs[i] < end; i++) {
      const y = ys[i];
      if (y < ys[lo] || Number.isNaN(ys[lo])) lo = i;
      if (y > ys[hi] || Number.isNaN(ys[hi])) hi = i;
    }
    if (i === first) continue; // an empty slice (a gap in the steps)
    const last = i - 1;
    const picks = [first, lo, hi, last].sort((a, b2) => a - b2);
    for (let k = 0; k < picks.length; k++) if (k === 0 || picks[k] !== picks[k - 1]) out.push(picks[k]);
  }
  return out;
}

function lowerBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
