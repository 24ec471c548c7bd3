// Cumulative latency histogram with 1 ms bins: exact enough for p50/p95 over a
// whole run (a benchmark minute is ~1,800 samples, a shift ~1M) in fixed memory.
export class Histogram {
  private readonly bins: Uint32Array;
  private overflow = 0;
  private total = 0;
  private maxSeen = 0;

  constructor(readonly maxMs = 2000) {
    this.bins = new Uint32Array(maxMs);
  }

  record(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const v = Math.max(0, ms);
    this.total++;
    if (v > this.maxSeen) this.maxSeen = v;
    if (v >= this.maxMs) this.overflow++;
    else this.bins[Math.floor(v)]++;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxSeen;
  }

  /** Upper edge of the bin holding the p-th percentile (nearest rank); values past maxMs report the largest seen. */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i];
      if (seen >= rank) return i + 1;
    }
    return this.maxSeen;
  }

  reset(): void {
    this.bins.fill(0);
    this.overflow = 0;
    this.total = 0;
    this.maxSeen = 0;
  }
}
