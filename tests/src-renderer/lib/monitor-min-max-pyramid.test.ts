import { describe, expect, it } from 'vitest';
import { MinMaxPyramid, thinIndices } from '../../../src-renderer/lib/monitor-min-max-pyramid.js';
import { minMaxWindow, trendWindow } from '../../../src-renderer/lib/min-max-window.js';

/** Brute force: index of the lowest / highest of ys[from, to), earliest on ties, NaN only when all are NaN. */
function extreme(ys: ArrayLike<number>, from: number, to: number, higher: boolean): number {
  let best = from;
  for (let i = from + 1; i < to; i++) {
    const y = ys[i];
    const b = ys[best];
    if (Number.isNaN(b) ? !Number.isNaN(y) : higher ? y > b : y < b) best = i;
  }
  return best;
}

function noisy(n: number, seed: number): number[] {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => Math.exp(-i / (n / 3)) + (rnd() - 0.5) * 0.3);
}

/** Every dropped point lies inside the band drawn within `span` of it: some kept point at or below it, and one at or above it. */
function expectBandsCover(xs: number[], ys: number[], kept: number[], from: number, to: number, span: number): void {
  const keptSet = new Set(kept);
  for (let j = from; j < to; j++) {
    if (keptSet.has(j)) continue;
    const near = kept.filter((i) => Math.abs(xs[i] - xs[j]) <= span);
    expect(near.some((i) => ys[i] <= ys[j]), `point ${j} has no kept point below it`).toBe(true);
    expect(near.some((i) => ys[i] >= ys[j]), `point ${j} has no kept point above it`).toBe(true);
  }
}

describe('min/max pyramid', () => {
  it('knows the lowest and highest point of every block of 2^k points, a NaN never winning over a number', () => {
    const ys = noisy(1000, 5);
    ys[3] = Number.NaN;
    ys[17] = Number.NaN;
    for (let i = 512; i < 520; i++) ys[i] = Number.NaN; // a block of NaN only
    ys[700] = ys[701]; // a tie: the earlier one wins
    const p = new MinMaxPyramid(ys);
    expect(p.levels).toBe(10); // 2^10 = 1024 ≥ 1000
    for (let k = 1; k <= p.levels; k++) {
      const size = 2 ** k;
      for (let b = 0; b * size < ys.length; b++) {
        const from = b * size;
        const to = Math.min(ys.length, from + size);
        expect(p.lowestOf(k, b)).toBe(extreme(ys, from, to, false));
        expect(p.highestOf(k, b)).toBe(extreme(ys, from, to, true));
      }
    }
  });

  it('has no levels for a single point', () => {
    expect(new MinMaxPyramid([4]).levels).toBe(0);
  });
});

describe('thinning to pixel columns', () => {
  it('keeps, in order, points whose bands cover every point dropped', () => {
    const n = 5000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = noisy(n, 11);
    const kept: number[] = [];
    thinIndices(xs, new MinMaxPyramid(ys), 0, n, 40, kept);
    expect(kept.length).toBeLessThan(n / 10);
    expect(kept.every((v, k) => k === 0 || v > kept[k - 1])).toBe(true);
    expectBandsCover(xs, ys, kept, 0, n, 40);
  });

  it('keeps every point of a sparse stretch, where one point spans more than a column', () => {
    // 2000 dense points, then 20 points 100 apart, then dense again.
    const xs = [...Array.from({ length: 2000 }, (_, i) => i), ...Array.from({ length: 20 }, (_, i) => 2000 + 100 * (i + 1)), ...Array.from({ length: 2000 }, (_, i) => 4100 + i)];
    const ys = noisy(xs.length, 3);
    const kept: number[] = [];
    thinIndices(xs, new MinMaxPyramid(ys), 0, xs.length, 10, kept);
    for (let i = 2001; i < 2020; i++) expect(kept).toContain(i);
    expectBandsCover(xs, ys, kept, 0, xs.length, 10);
  });

  it('thins a window of a long series to about two points per pixel column, keeping a spike, a dip and one point beyond each edge', () => {
    const n = 100_000;
    const xs = Array.from({ length: n }, (_, i) => i * 0.5);
    const ys = noisy(n, 7);
    ys[40_000] = 50;
    ys[60_001] = -50;
    const pyramid = new MinMaxPyramid(ys);
    const picked = minMaxWindow(xs, pyramid, 10_000, 40_000, 500);
    expect(picked[0]).toBe(19_999); // x 9999.5, just left of the window
    expect(picked.at(-1)).toBe(80_001); // x 40000.5, just right of it
    expect(picked.length).toBeLessThanOrEqual(4 * 500);
    expect(picked).toContain(40_000);
    expect(picked).toContain(60_001);
    expect(minMaxWindow(xs, ys, 10_000, 40_000, 500)).toEqual(picked); // the pyramid is only a cache
  });

  it('gives a trend of one point per pixel column, each point standing for the points just before it', () => {
    const n = 20_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const picked = trendWindow(xs, null, null, 200);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(n - 1);
    expect(picked.length).toBeLessThanOrEqual(2 * 200 + 2);
    expect(picked.length).toBeGreaterThanOrEqual(200);
    const span = n / 200;
    let k = 0;
    for (let j = 0; j < n; j++) {
      while (picked[k] < j) k++;
      expect(xs[picked[k]] - xs[j]).toBeLessThanOrEqual(span);
    }
  });

  it('keeps every point when there are no more than two per pixel column', () => {
    const xs = Array.from({ length: 300 }, (_, i) => i);
    expect(trendWindow(xs, null, null, 150)).toEqual(xs);
    expect(minMaxWindow(xs, xs, 100, 120, 10)).toEqual(Array.from({ length: 23 }, (_, k) => 99 + k));
  });
});
