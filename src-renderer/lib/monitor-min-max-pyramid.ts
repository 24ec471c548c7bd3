// The lowest and highest point of a long series per block of 2, 4, 8, … points,
// built once per data change, so that thinning any x range to what the chart's
// pixel columns can show costs a few thousand steps instead of a pass over every
// point in the range on every zoom or pan step. A chart line cannot show more
// than the lowest and highest point of the points inside one pixel column; the
// thinning keeps exactly those (real points, at their own x), so spikes and dips
// survive at every zoom level.
//
// Blocks are cut by index, not by x: `thinIndices` uses a block only where its
// points span at most one pixel column on the x axis, and splits it otherwise,
// so sparse stretches (a pause in wall time, uneven epochs) keep all their detail.

/** Which of two points wins as the lowest / highest: a NaN never beats a number; a tie keeps the earlier one. */
function lowerOf(ys: ArrayLike<number>, a: number, b: number): number {
  const ya = ys[a];
  const yb = ys[b];
  return yb < ya || (Number.isNaN(ya) && !Number.isNaN(yb)) ? b : a;
}
function higherOf(ys: ArrayLike<number>, a: number, b: number): number {
  const ya = ys[a];
  const yb = ys[b];
  return yb > ya || (Number.isNaN(ya) && !Number.isNaN(yb)) ? b : a;
}

export class MinMaxPyramid {
  /** lo[k - 1][b] / hi[k - 1][b]: index of the lowest / highest value of points [b·2^k, (b+1)·2^k). */
  private readonly lo: Int32Array[] = [];
  private readonly hi: Int32Array[] = [];

  constructor(readonly ys: ArrayLike<number>) {
    const n = ys.length;
    let prevLo: Int32Array | null = null;
    let prevHi: Int32Array | null = null;
    let prevLength = n;
    while (prevLength > 1) {
      const length = Math.ceil(prevLength / 2);
      const lo = new Int32Array(length);
      const hi = new Int32Array(length);
      for (let b = 0; b < length; b++) {
        const left = 2 * b;
        const right = left + 1;
        const lLo = prevLo ? prevLo[left] : left;
        const lHi = prevHi ? prevHi[left] : left;
        if (right >= prevLength) {
          lo[b] = lLo;
          hi[b] = lHi;
          continue;
        }
        lo[b] = lowerOf(ys, lLo, prevLo ? prevLo[right] : right);
        hi[b] = higherOf(ys, lHi, prevHi ? prevHi[right] : right);
      }
      this.lo.push(lo);
      this.hi.push(hi);
      prevLo = lo;
      prevHi = hi;
      prevLength = length;
    }
  }

  /** Levels above single points: block size 2^levels covers the whole series. */
  get levels(): number {
    return this.lo.length;
  }

  /** Index of the lowest value of block `b` at level `k` (blocks of 2^k points), k ≥ 1. */
  lowestOf(k: number, b: number): number {
    return this.lo[k - 1][b];
  }

  highestOf(k: number, b: number): number {
    return this.hi[k - 1][b];
  }
}

/** Position of the lowest set bit (i > 0). */
function trailingZeros(i: number): number {
  return 31 - Math.clz32(i & -i);
}

/**
 * Appends to `out`, in order, the indices in [from, to) that draw the same
 * picture as all of them when no more than `maxSpan` of x fits in a pixel
 * column: each stretch is cut into the largest aligned blocks whose points lie
 * within `maxSpan` of each other, and each block gives its lowest and highest
 * point. Without a pyramid, each block gives its last point instead: a line's
 * trend at one point per pixel column (for a smoothed line, whose raw line
 * behind it shows the extremes). `xs` must be non-decreasing.
 */
export function thinIndices(xs: ArrayLike<number>, pyramid: MinMaxPyramid | null, from: number, to: number, maxSpan: number, out: number[]): void {
  const top = pyramid ? pyramid.levels : Math.max(0, Math.ceil(Math.log2(Math.max(1, xs.length))));
  let i = from;
  while (i < to) {
    let k = i === 0 ? top : Math.min(top, trailingZeros(i));
    while (k > 0 && (i + (1 << k) > to || xs[i + (1 << k) - 1] - xs[i] > maxSpan)) k--;
    const size = 1 << k;
    if (k === 0) out.push(i);
    else if (!pyramid) out.push(i + size - 1);
    else {
      const b = i >>> k;
      const lo = pyramid.lowestOf(k, b);
      const hi = pyramid.highestOf(k, b);
      if (lo === hi) out.push(lo);
      else if (lo < hi) out.push(lo, hi);
      else out.push(hi, lo);
    }
    i += size;
  }
}
