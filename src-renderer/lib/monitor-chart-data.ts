// Turns the overlaid runs' points into the monitor's charts: one chart per
// metric and granularity (train and val of every run together), and for each
// chart the Chart.js datasets for the chosen x axis and smoothing, thinned to
// the x range on screen. Datasets are built as fresh plain arrays of {x, y, i}
// (i: the point's index in its buffer), never reactive data: Chart.js walks and
// patches what it is given. What the points need once per data change (x on the
// axis, smoothing, min/max pyramids) comes from a MonitorLineCache.
import type { RunInfo } from '../../src-shared/runs-contract.js';
import type { SeriesBuffer } from './series-buffer.js';
import { baseRunOf, parseTag, type Granularity, type Split } from './tag-parts.js';
import { epochMapper, type ToEpoch } from './epoch-axis.js';
import { rowKeyOf } from './run-rows.js';
import { minMaxWindow, trendWindow } from './min-max-window.js';
import { MonitorLineCache, type LineValues } from './monitor-line-cache.js';
import type { XAxisMode } from '../stores/runs.js';

export interface ChartSeries {
  runId: string;
  /** The run as the user knows it (a Keras `x/validation` folder shows as `x`). */
  runLabel: string;
  tag: string;
  split: Split;
  color: string;
  buffer: SeriesBuffer;
  /** Epoch of a wall time, from the run's per-epoch points; null until an epoch has ended. */
  toEpoch: ToEpoch | null;
  granularity: Granularity;
}

export interface ChartGroup {
  key: string;
  metric: string;
  granularity: Granularity;
  series: ChartSeries[];
}

export interface MonitorPoint {
  x: number;
  y: number;
  i: number;
}

export interface MonitorDataset {
  label: string;
  data: MonitorPoint[];
  borderColor: string;
  backgroundColor: string;
  borderWidth: number;
  borderDash: number[];
  pointRadius: number;
  /** Index into the chart's series; raw datasets sit behind their smoothed twin. */
  series: number;
  raw: boolean;
}

export interface RunSeries {
  run: RunInfo;
  tags: ReadonlyMap<string, SeriesBuffer>;
}

export const RUN_COLORS = ['#60a5fa', '#f59e0b', '#34d399', '#f472b6', '#a78bfa', '#f87171', '#2dd4bf', '#facc15', '#94a3b8', '#fb923c'];

const METRIC_ORDER = ['loss', 'accuracy', 'acc'];
const GRANULARITY_ORDER: Granularity[] = ['epoch', 'batch', 'step'];

function metricRank(metric: string): number {
  const at = METRIC_ORDER.indexOf(metric.toLowerCase());
  return at < 0 ? METRIC_ORDER.length : at;
}

/** The epoch mapping of each base run, from its per-epoch series with the most points (any of its folders). */
function epochMappers(runs: readonly RunSeries[]): Map<string, ToEpoch | null> {
  const best = new Map<string, SeriesBuffer>();
  const starts = new Map<string, number>();
  for (const { run, tags } of runs) {
    const base = rowKeyOf(run);
    for (const [tag, buffer] of tags) {
      if (buffer.length === 0) continue;
      starts.set(base, Math.min(starts.get(base) ?? Infinity, buffer.wallTimes[0]));
      if (parseTag(tag, run.run).granularity !== 'epoch') continue;
      const current = best.get(base);
      if (!current || buffer.length > current.length) best.set(base, buffer);
    }
  }
  const out = new Map<string, ToEpoch | null>();
  for (const [base, start] of starts) {
    const b = best.get(base);
    out.set(base, b ? epochMapper(b.steps, b.wallTimes, start) : null);
  }
  return out;
}

/** Each run's colour, by the order runs are overlaid in; a run's train and validation folders share one. */
export function runColors(runs: readonly Pick<RunInfo, 'logdir' | 'run'>[]): Map<string, string> {
  const colors = new Map<string, string>();
  for (const run of runs) {
    const key = rowKeyOf(run);
    if (!colors.has(key)) colors.set(key, RUN_COLORS[colors.size % RUN_COLORS.length]);
  }
  return colors;
}

/**
 * The epoch a clicked point belongs to: a per-epoch point's own step; any other
 * point's by its wall time (an epoch is numbered by its end, so a batch 40 % into
 * the epoch that ends as epoch 3 is in epoch 3). Null when no epoch has ended.
 */
export function epochOfPoint(series: Pick<ChartSeries, 'buffer' | 'granularity' | 'toEpoch'>, index: number): number | null {
  if (index < 0 || index >= series.buffer.length) return null;
  if (series.granularity === 'epoch') return series.buffer.steps[index];
  if (!series.toEpoch) return null;
  return Math.ceil(series.toEpoch(series.buffer.wallTimes[index]) - 1e-9);
}

/** One chart per metric and granularity, loss and accuracy first; runs keep their colour (by overlay order) everywhere. */
export function groupCharts(runs: readonly RunSeries[]): ChartGroup[] {
  const mappers = epochMappers(runs);
  const groups = new Map<string, ChartGroup>();
  const colors = runColors(runs.map((r) => r.run));
  for (const { run, tags } of runs) {
    const base = rowKeyOf(run);
    for (const [tag, buffer] of tags) {
      const parts = parseTag(tag, run.run);
      const key = `${parts.granularity}:${parts.metric}`;
      let group = groups.get(key);
      if (!group) {
        group = { key, metric: parts.metric, granularity: parts.granularity, series: [] };
        groups.set(key, group);
      }
      group.series.push({
        runId: run.id,
        runLabel: baseRunOf(run.run),
        tag,
        split: parts.split,
        color: colors.get(base)!,
        buffer,
        toEpoch: mappers.get(base) ?? null,
        granularity: parts.granularity,
      });
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      metricRank(a.metric) - metricRank(b.metric) ||
      a.metric.localeCompare(b.metric) ||
      GRANULARITY_ORDER.indexOf(a.granularity) - GRANULARITY_ORDER.indexOf(b.granularity),
  );
}

function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * A line's width, and a dense one's (more points than pixel columns: at
 * smoothing 0, each column's extremes). Zig-zagging up and down every column,
 * a 1.6 px line costs the browser 5–10 times as much to stroke as a 1 px one
 * (a hairline), and the band it draws looks the same at either width.
 */
const LINE_WIDTH = 1.6;
const DENSE_WIDTH = 1;

/** One point of a smoothed line per this many pixel columns: TensorBoard draws its smoothed lines from 1,000 points whatever the width. */
const TREND_COLUMNS = 2;

/** `trend`: one point per TREND_COLUMNS pixel columns (a smoothed line over its raw one); else each column's lowest and highest point. */
function points(xs: ArrayLike<number>, line: LineValues, window: XWindow, trend: boolean): MonitorPoint[] {
  const { ys } = line;
  const { min, max, pixels } = window;
  // The pyramid is built (once per data change) only for a series long enough to be thinned.
  const picked = trend ? trendWindow(xs, min, max, pixels / TREND_COLUMNS) : minMaxWindow(xs, xs.length > pixels * 2 ? line.pyramid : ys, min, max, pixels);
  const out = new Array<MonitorPoint>(picked.length);
  for (let k = 0; k < picked.length; k++) {
    const i = picked[k];
    out[k] = { x: xs[i], y: ys[i], i };
  }
  return out;
}

/** The x range on screen (null: the whole series) and how many pixel columns it is drawn across. */
export interface XWindow {
  min: number | null;
  max: number | null;
  pixels: number;
}

export const WHOLE_SERIES: XWindow = { min: null, max: null, pixels: 1000 };

/**
 * Datasets of one chart: each series as its smoothed line, and, when smoothing
 * is on, the raw line kept faint behind it (TensorBoard's way: the smoothing
 * must never hide what was logged). Smoothing runs over the whole series; only
 * what is drawn is thinned to the window: the raw line (and the line itself at
 * smoothing 0) to each pixel column's lowest and highest point, so no spike is
 * lost; the smoothed line to one point per TREND_COLUMNS columns. Pass the
 * chart's own `cache` so that only the thinning is redone while the points
 * stay the same.
 */
export function buildDatasets(group: ChartGroup, axis: XAxisMode, smoothing: number, window: XWindow = WHOLE_SERIES, cache = new MonitorLineCache()): MonitorDataset[] {
  const datasets: MonitorDataset[] = [];
  group.series.forEach((series, index) => {
    const xs = cache.xs(series, axis);
    const label = `${series.runLabel} · ${series.split}`;
    const dash = series.split === 'val' ? [6, 4] : [];
    if (smoothing > 0) {
      datasets.push({ label: `${label} (raw)`, data: points(xs, cache.raw(series), window, false), borderColor: withAlpha(series.color, 0.25), backgroundColor: withAlpha(series.color, 0.25), borderWidth: 1, borderDash: dash, pointRadius: 0, series: index, raw: true });
    }
    const data = points(xs, cache.smoothed(series, smoothing), window, smoothing > 0);
    datasets.push({ label, data, borderColor: series.color, backgroundColor: series.color, borderWidth: data.length > window.pixels ? DENSE_WIDTH : LINE_WIDTH, borderDash: dash, pointRadius: 0, series: index, raw: false });
  });
  return datasets;
}

/** Chart title: "loss · per epoch". */
export function chartTitle(group: Pick<ChartGroup, 'metric' | 'granularity'>): string {
  return group.granularity === 'step' ? group.metric : `${group.metric} · per ${group.granularity}`;
}
