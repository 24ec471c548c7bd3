// Turns a trend snapshot and its tolerance band into Chart.js data: plain
// arrays only (Chart.js walks and mutates its data; a Vue proxy there overflows
// the stack), values in the operator's units.
import type { ChartData } from 'chart.js';
import type { Band } from '../../src-shared/recipe.js';
import type { TrendPoint, TrendSnapshot } from './trend-buffer.js';
import { metricInfo } from './metric-format.js';
import { toCalibrated } from '../../src-shared/metrics.js';

export const COLORS = { mean: '#60a5fa', envelope: 'rgba(96, 165, 250, 0.18)', band: 'rgba(34, 197, 94, 0.85)', bandFill: 'rgba(34, 197, 94, 0.10)' };

export function buildTrendData(metric: string, snapshot: TrendSnapshot, band: Band | null, mmPerPixel: number | null): ChartData<'line', TrendPoint[]> {
  const info = metricInfo(metric);
  const conv = (v: number) => (info ? toCalibrated(info, v, mmPerPixel) : v);
  const map = (pts: TrendPoint[]) => pts.map((p) => ({ x: p.x, y: conv(p.y) }));
  const mean = map(snapshot.mean);
  const datasets: ChartData<'line', TrendPoint[]>['datasets'] = [
    // min and max first so the envelope can fill between them, under the mean line.
    { label: 'min', data: map(snapshot.min), borderWidth: 0, pointRadius: 0, fill: false, borderColor: 'transparent' },
    { label: 'max', data: map(snapshot.max), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: COLORS.envelope, borderColor: 'transparent' },
    { label: 'mean', data: mean, borderColor: COLORS.mean, borderWidth: 1.5, pointRadius: 0, fill: false },
  ];
  if (band && mean.length > 0) {
    const x0 = mean[0].x;
    const x1 = mean[mean.length - 1].x;
    const line = (y: number, label: string) => ({ label, data: [{ x: x0, y: conv(y) }, { x: x1, y: conv(y) }], borderColor: COLORS.band, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false as const });
    if (band.min !== undefined) datasets.push(line(band.min, 'band min'));
    if (band.max !== undefined) datasets.push({ ...line(band.max, 'band max'), ...(band.min !== undefined ? { fill: '-1' as const, backgroundColor: COLORS.bandFill } : {}) });
  }
  return { datasets };
}
