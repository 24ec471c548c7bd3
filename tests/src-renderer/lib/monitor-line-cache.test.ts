import { describe, expect, it } from 'vitest';
import { MonitorLineCache } from '../../../src-renderer/lib/monitor-line-cache.js';
import { SeriesBuffer } from '../../../src-renderer/lib/series-buffer.js';
import { emaSmooth } from '../../../src-renderer/lib/ema-smoothing.js';
import type { ToEpoch } from '../../../src-renderer/lib/epoch-axis.js';

function series(values: number[], toEpoch: ToEpoch | null = null) {
  const buffer = new SeriesBuffer();
  buffer.applyFrom({ steps: values.map((_, i) => i), values, wallTimes: values.map((_, i) => 100 + i) });
  return { buffer, toEpoch, granularity: 'batch' as const };
}

describe('monitor line cache', () => {
  it('smooths once per change of the points or the weight, as TensorBoard does', () => {
    const cache = new MonitorLineCache();
    const s = series([1, 3, 2, 5]);
    const first = cache.smoothed(s, 0.6);
    expect(Array.from(first.ys)).toEqual([...emaSmooth([1, 3, 2, 5], 0.6)]);
    expect(cache.smoothed(s, 0.6)).toBe(first);
    expect(cache.smoothed(s, 0.9)).not.toBe(first);
    s.buffer.applyFrom({ steps: [2], values: [7], wallTimes: [102] }); // step 2 rewritten, step 3 dropped
    const again = cache.smoothed(s, 0.9);
    expect(Array.from(again.ys)).toEqual([...emaSmooth([1, 3, 7], 0.9)]);
    expect(Array.from(cache.raw(s).ys)).toEqual([1, 3, 7]);
  });

  it('hands the raw values back at smoothing 0, and builds a pyramid only when asked, once', () => {
    const cache = new MonitorLineCache();
    const s = series([4, 2, 8]);
    expect(cache.smoothed(s, 0)).toBe(cache.raw(s));
    const line = cache.raw(s);
    expect(line.pyramid).toBe(line.pyramid);
    expect(line.pyramid.lowestOf(1, 0)).toBe(1);
  });

  it('places points on the chosen axis, again when a new epoch mapping comes', () => {
    const cache = new MonitorLineCache();
    const s = series([1, 1, 1], (t) => (t - 100) / 2);
    expect(Array.from(cache.xs(s, 'step'))).toEqual([0, 1, 2]);
    expect(Array.from(cache.xs(s, 'wall'))).toEqual([100, 101, 102]);
    expect(Array.from(cache.xs(s, 'epoch'))).toEqual([0, 0.5, 1]);
    const remapped = { ...s, toEpoch: (t: number) => t - 100 };
    expect(Array.from(cache.xs(remapped, 'epoch'))).toEqual([0, 1, 2]);
  });
});
