// Fixed-size window of recent samples for the figures the operator watches
// (processing time, latency, display rate). Bounded so a shift-long run uses the
// same memory as a minute.

export class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly capacity = 300) {
    this.values = new Float64Array(capacity);
  }

  push(value: number): void {
    if (!Number.isFinite(value)) return;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  get count(): number {
    return this.filled;
  }

  mean(): number | null {
    if (this.filled === 0) return null;
    let sum = 0;
    for (let i = 0; i < this.filled; i++) sum += this.values[i];
    return sum / this.filled;
  }

  /** Nearest-rank percentile, p in [0, 100]. */
  percentile(p: number): number | null {
    if (this.filled === 0) return null;
    const sorted = Array.from(this.values.subarray(0, this.filled)).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }

  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}

/** Events per second over a sliding time window (the display's own frame rate). */
export class RateMeter {
  private readonly stamps: number[] = [];

  constructor(readonly windowMs = 2000) {}

  tick(atMs: number): void {
    this.stamps.push(atMs);
    this.trim(atMs);
  }

  rate(nowMs: number): number {
    this.trim(nowMs);
    if (this.stamps.length < 2) return 0;
    const span = this.stamps[this.stamps.length - 1] - this.stamps[0];
    return span > 0 ? ((this.stamps.length - 1) * 1000) / span : 0;
  }

  private trim(nowMs: number): void {
    let drop = 0;
    while (drop < this.stamps.length && nowMs - this.stamps[drop] > this.windowMs) drop++;
    if (drop) this.stamps.splice(0, drop);
  }
}
