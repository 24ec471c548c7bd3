// Streaming trend of one metric with a hard cap on points. At 30 fps with a
// dozen parts a frame, a metric yields ~360 samples a second; charting them raw
// would grow without bound and stall Chart.js. Samples are folded into time
// buckets (mean plus min/max, so a single out-of-band part still shows as a
// spike) and only the last `capacity` buckets are kept: a sliding window.

export interface TrendPoint {
  /** Seconds since the trend started (a linear axis needs no date adapter). */
  x: number;
  y: number;
}

export interface TrendSnapshot {
  mean: TrendPoint[];
  min: TrendPoint[];
  max: TrendPoint[];
}

/** Which frame a sample came from: its seq and the engine's capture time (the history's clock). */
export interface TrendFrame {
  seq: number;
  timestampMs: number;
}

interface Bucket {
  startMs: number;
  /** The last frame folded in, by the engine's clock (what a click on this point opens in Review). */
  frame: TrendFrame | null;
  sum: number;
  count: number;
  min: number;
  max: number;
}

export class TrendBuffer {
  private readonly buckets: Bucket[] = [];
  private open: Bucket | null = null;
  private originMs: number | null = null;

  constructor(
    readonly capacity = 240,
    readonly bucketMs = 250,
  ) {
    if (capacity < 2) throw new RangeError('capacity must be at least 2');
    if (bucketMs <= 0) throw new RangeError('bucketMs must be positive');
  }

  /** Adds samples taken at `atMs` (of `frame`, when known). Returns true when a bucket was closed (the chart has something new to show). */
  add(atMs: number, values: Iterable<number>, frame: TrendFrame | null = null): boolean {
    if (this.originMs === null) this.originMs = atMs;
    let closed = false;
    if (this.open && atMs - this.open.startMs >= this.bucketMs) {
      this.commit(this.open);
      this.open = null;
      closed = true;
    }
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (!this.open) this.open = { startMs: atMs, frame, sum: 0, count: 0, min: v, max: v };
      this.open.frame = frame ?? this.open.frame;
      this.open.sum += v;
      this.open.count++;
      if (v < this.open.min) this.open.min = v;
      if (v > this.open.max) this.open.max = v;
    }
    return closed;
  }

  private commit(bucket: Bucket): void {
    if (bucket.count === 0) return;
    this.buckets.push(bucket);
    if (this.buckets.length > this.capacity) this.buckets.splice(0, this.buckets.length - this.capacity);
  }

  get size(): number {
    return this.buckets.length;
  }

  clear(): void {
    this.buckets.length = 0;
    this.open = null;
    this.originMs = null;
  }

  /** The frame behind the point nearest `x` (seconds on the chart's axis), or null when none was recorded. */
  frameAt(x: number): TrendFrame | null {
    if (this.originMs === null || this.buckets.length === 0) return null;
    const atMs = this.originMs + x * 1000;
    let best = this.buckets[0];
    for (const b of this.buckets) if (Math.abs(b.startMs - atMs) < Math.abs(best.startMs - atMs)) best = b;
    return best.frame;
  }

  /** Plain arrays, safe to hand to Chart.js (never a reactive proxy; see ENVIRONMENT.md). */
  snapshot(): TrendSnapshot {
    const origin = this.originMs ?? 0;
    const mean: TrendPoint[] = [];
    const min: TrendPoint[] = [];
    const max: TrendPoint[] = [];
    for (const b of this.buckets) {
      const x = Math.round((b.startMs - origin) / 10) / 100;
      mean.push({ x, y: b.sum / b.count });
      min.push({ x, y: b.min });
      max.push({ x, y: b.max });
    }
    return { mean, min, max };
  }
}
