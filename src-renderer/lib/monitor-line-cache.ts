// What a chart derives from a series' points, kept until the points change:
// the x of each point on the chosen axis, the smoothed values, and the min/max
// pyramids that thin the raw and the smoothed line to the range on screen.
// Zooming and panning only re-thin; smoothing 100,000 points (or placing them
// on the epoch axis) happens once per data change, smoothing or axis change,
// never per redraw. Keyed by the SeriesBuffer itself (its version says when its
// points changed), so a chart that is handed a fresh group object for the same
// buffers finds its work done.
import type { SeriesBuffer } from './series-buffer.js';
import type { ToEpoch } from './epoch-axis.js';
import type { Granularity } from './tag-parts.js';
import type { XAxisMode } from '../stores/runs.js';
import { emaSmooth } from './ema-smoothing.js';
import { MinMaxPyramid } from './monitor-min-max-pyramid.js';

/** The parts of a chart series the derived data depends on. */
export interface LineSource {
  buffer: SeriesBuffer;
  toEpoch: ToEpoch | null;
  granularity: Granularity;
}

/** One line's y values and, built on first use, their pyramid. */
export class LineValues {
  private built: MinMaxPyramid | null = null;
  constructor(readonly ys: ArrayLike<number>) {}
  get pyramid(): MinMaxPyramid {
    return (this.built ??= new MinMaxPyramid(this.ys));
  }
}

interface Entry {
  version: number;
  raw: LineValues;
  weight: number | null;
  smoothed: LineValues | null;
  axis: XAxisMode | null;
  toEpoch: ToEpoch | null;
  xs: ArrayLike<number>;
}

/** The x of each point of `series` on the chosen axis. */
export function xsOf(series: LineSource, axis: XAxisMode): ArrayLike<number> {
  const { steps, wallTimes } = series.buffer;
  if (axis === 'wall') return wallTimes;
  // Per-epoch points are numbered by epoch already; others are placed by their wall time.
  if (axis === 'step' || series.granularity === 'epoch' || !series.toEpoch) return steps;
  const toEpoch = series.toEpoch;
  return Float64Array.from(wallTimes, (t) => toEpoch(t));
}

export class MonitorLineCache {
  private readonly entries = new WeakMap<SeriesBuffer, Entry>();

  private entry(series: LineSource): Entry {
    const { buffer } = series;
    let e = this.entries.get(buffer);
    if (!e || e.version !== buffer.version) {
      e = { version: buffer.version, raw: new LineValues(buffer.values), weight: null, smoothed: null, axis: null, toEpoch: null, xs: [] };
      this.entries.set(buffer, e);
    }
    return e;
  }

  /** x of every point on `axis`. */
  xs(series: LineSource, axis: XAxisMode): ArrayLike<number> {
    const e = this.entry(series);
    // The epoch mapping is rebuilt whenever any of the run's points change: a new one may place batches anew.
    if (e.axis !== axis || e.toEpoch !== series.toEpoch) {
      e.xs = xsOf(series, axis);
      e.axis = axis;
      e.toEpoch = series.toEpoch;
    }
    return e.xs;
  }

  /** The logged values. */
  raw(series: LineSource): LineValues {
    return this.entry(series).raw;
  }

  /** The values smoothed with `weight` (TensorBoard's debiased EMA; the raw values at 0). */
  smoothed(series: LineSource, weight: number): LineValues {
    const e = this.entry(series);
    if (weight <= 0) return e.raw;
    if (!e.smoothed || e.weight !== weight) {
      e.smoothed = new LineValues(emaSmooth(series.buffer.values, weight));
      e.weight = weight;
    }
    return e.smoothed;
  }
}
