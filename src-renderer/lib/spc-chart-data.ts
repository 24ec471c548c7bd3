// A control chart series as Chart.js data: the statistic as a line with its
// points, the control limits as flat lines, and the points where a run rule
// tripped drawn larger and red, each knowing which rules (by name) it broke,
// for the tooltip. Plain objects: Chart.js never sees Vue's proxies.
import type { ChartData } from 'chart.js';
import type { ChartSeries } from '../../src-shared/spc/control-chart.js';

export interface SpcPoint {
  x: number;
  y: number;
}

/** For each point index, the titles of the rules it is part of. */
export function violationsByPoint(series: ChartSeries): Map<number, string[]> {
  const byPoint = new Map<number, string[]>();
  for (const v of series.violations) {
    for (const i of v.indices) {
      const list = byPoint.get(i) ?? [];
      list.push(v.title);
      byPoint.set(i, list);
    }
  }
  return byPoint;
}

export function controlChartData(series: ChartSeries, label: string): { data: ChartData<'line', SpcPoint[]>; flagged: Map<number, string[]> } {
  const flagged = violationsByPoint(series);
  const points = series.points.map((y, x) => ({ x, y }));
  const last = Math.max(0, series.points.length - 1);
  const flat = (y: number) => [
    { x: 0, y },
    { x: last, y },
  ];
  const { lower, center, upper } = series.limits;
  return {
    flagged,
    data: {
      datasets: [
        {
          label,
          data: points,
          borderColor: '#58a6ff',
          borderWidth: 1.5,
          pointRadius: points.map((p) => (flagged.has(p.x) ? 4 : 1.5)),
          pointBackgroundColor: points.map((p) => (flagged.has(p.x) ? '#f85149' : '#58a6ff')),
          pointBorderColor: points.map((p) => (flagged.has(p.x) ? '#f85149' : '#58a6ff')),
        },
        { label: 'UCL', data: flat(upper), borderColor: '#f85149', borderDash: [6, 4], borderWidth: 1, pointRadius: 0 },
        { label: 'CL', data: flat(center), borderColor: '#3fb950', borderWidth: 1, pointRadius: 0 },
        { label: 'LCL', data: flat(lower), borderColor: '#f85149', borderDash: [6, 4], borderWidth: 1, pointRadius: 0 },
      ],
    },
  };
}
