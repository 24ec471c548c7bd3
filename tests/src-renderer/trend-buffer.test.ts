import { describe, expect, it } from 'vitest';
import { isProxy } from 'vue';
import { TrendBuffer } from '../../src-renderer/lib/trend-buffer.js';
import { buildTrendData } from '../../src-renderer/lib/trend-chart-data.js';

describe('TrendBuffer', () => {
  it('folds samples into buckets with mean, min and max', () => {
    const t = new TrendBuffer(10, 100);
    t.add(0, [1, 3]);
    t.add(50, [5]);
    expect(t.add(100, [10])).toBe(true); // closes the first bucket
    const s = t.snapshot();
    expect(s.mean).toEqual([{ x: 0, y: 3 }]);
    expect(s.min).toEqual([{ x: 0, y: 1 }]);
    expect(s.max).toEqual([{ x: 0, y: 5 }]);
  });

  it('never holds more than its capacity, however long it streams', () => {
    const t = new TrendBuffer(50, 10);
    for (let ms = 0; ms < 100_000; ms += 5) t.add(ms, [ms % 7, ms % 11]);
    expect(t.size).toBe(50);
    const s = t.snapshot();
    expect(s.mean).toHaveLength(50);
    // It is a sliding window: the oldest buckets were dropped.
    expect(s.mean[0].x).toBeGreaterThan(99);
  });

  it('skips non-finite samples', () => {
    const t = new TrendBuffer(10, 100);
    t.add(0, [Number.NaN, 2, Number.POSITIVE_INFINITY]);
    t.add(200, []);
    expect(t.snapshot().mean).toEqual([{ x: 0, y: 2 }]);
  });

  it('rejects a capacity that cannot draw a line', () => {
    expect(() => new TrendBuffer(1)).toThrow(RangeError);
  });
});

describe('buildTrendData', () => {
  const t = new TrendBuffer(10, 100);
  t.add(0, [100]);
  t.add(100, [200]);
  t.add(200, [300]);
  const snapshot = t.snapshot();

  it('gives Chart.js plain arrays, never proxies', () => {
    const data = buildTrendData('area', snapshot, { min: 50, max: 250 }, null);
    for (const ds of data.datasets) {
      expect(isProxy(ds.data)).toBe(false);
      expect(Array.isArray(ds.data)).toBe(true);
    }
  });

  it('draws the band as lines spanning the visible range', () => {
    const data = buildTrendData('area', snapshot, { min: 50, max: 250 }, null);
    const min = data.datasets.find((d) => d.label === 'band min')!;
    const max = data.datasets.find((d) => d.label === 'band max')!;
    expect(min.data).toEqual([
      { x: 0, y: 50 },
      { x: 0.1, y: 50 },
    ]);
    expect(max.data.map((p) => p.y)).toEqual([250, 250]);
  });

  it('converts to calibrated units (area scales with the square)', () => {
    const data = buildTrendData('area', snapshot, { max: 250 }, 0.1);
    expect(data.datasets.find((d) => d.label === 'mean')!.data[0].y).toBeCloseTo(1, 9);
    expect(data.datasets.find((d) => d.label === 'band max')!.data[0].y).toBeCloseTo(2.5, 9);
    expect(data.datasets.some((d) => d.label === 'band min')).toBe(false);
  });
});
