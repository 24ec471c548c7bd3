import { describe, expect, it } from 'vitest';
import { keepDatasets, sourceStamp } from '../../../src-renderer/lib/monitor-chart-sync.js';
import { buildDatasets, type ChartGroup, type ChartSeries } from '../../../src-renderer/lib/monitor-chart-data.js';
import { SeriesBuffer } from '../../../src-renderer/lib/series-buffer.js';

function chartSeries(buffer: SeriesBuffer, over: Partial<ChartSeries> = {}): ChartSeries {
  return { runId: 'r', runLabel: 'r', tag: 'batch_loss', split: 'train', color: '#60a5fa', buffer, toEpoch: null, granularity: 'batch', ...over };
}
function bufferOf(n: number): SeriesBuffer {
  const b = new SeriesBuffer();
  b.applyFrom({ steps: Array.from({ length: n }, (_, i) => i), values: Array.from({ length: n }, (_, i) => Math.sin(i / 50) + (i % 7) / 10), wallTimes: Array.from({ length: n }, (_, i) => i) });
  return b;
}
const group = (series: ChartSeries[]): ChartGroup => ({ key: 'batch:loss', metric: 'loss', granularity: 'batch', series });

describe('monitor chart sync', () => {
  it('stamps what the lines are drawn from: the same for a fresh group over the same points, new on points, smoothing or axis', () => {
    const buffer = bufferOf(10);
    const stamp = sourceStamp(group([chartSeries(buffer)]), 'step', 0.6);
    expect(sourceStamp(group([chartSeries(buffer)]), 'step', 0.6)).toBe(stamp);
    expect(sourceStamp(group([chartSeries(buffer)]), 'step', 0.7)).not.toBe(stamp);
    expect(sourceStamp(group([chartSeries(buffer)]), 'wall', 0.6)).not.toBe(stamp);
    expect(sourceStamp(group([chartSeries(bufferOf(10))]), 'step', 0.6)).not.toBe(stamp);
    expect(sourceStamp(group([chartSeries(buffer), chartSeries(bufferOf(3))]), 'step', 0.6)).not.toBe(stamp);
    buffer.applyFrom({ steps: [9], values: [5], wallTimes: [9] }); // same length, a point rewritten
    expect(sourceStamp(group([chartSeries(buffer)]), 'step', 0.6)).not.toBe(stamp);
  });

  it('keeps the dataset objects Chart.js knows, with the new contents, while the lines stay the same in number', () => {
    const g = group([chartSeries(bufferOf(10))]);
    const before = buildDatasets(g, 'step', 0.6);
    const after = buildDatasets(g, 'step', 0.6, { min: 2, max: 5, pixels: 100 });
    const kept = keepDatasets(before, after);
    expect(kept).toBe(before);
    expect(kept[0].data).toBe(after[0].data);
    expect(kept[1].data.map((p) => p.i)).toEqual([1, 2, 3, 4, 5, 6]);
    const fewer = buildDatasets(g, 'step', 0);
    expect(keepDatasets(before, fewer)).toBe(fewer);
  });

  it('draws a long smoothed line at one point per two pixel columns over its raw extremes, and a dense raw line 1 px wide', () => {
    const g = group([chartSeries(bufferOf(50_000))]);
    const [raw, smoothed] = buildDatasets(g, 'step', 0.6, { min: null, max: null, pixels: 500 });
    expect(raw.raw).toBe(true);
    expect(raw.data.length).toBeGreaterThan(500);
    expect(raw.data.length).toBeLessThanOrEqual(2000);
    expect(smoothed.data.length).toBeLessThanOrEqual(500 + 2);
    expect(smoothed.borderWidth).toBe(1.6);
    const [line] = buildDatasets(g, 'step', 0, { min: null, max: null, pixels: 500 });
    expect(line.borderWidth).toBe(1);
    const [near] = buildDatasets(g, 'step', 0, { min: 100, max: 300, pixels: 500 });
    expect(near.data.length).toBe(203);
    expect(near.borderWidth).toBe(1.6);
  });
});
