// The points of one run's tag, kept in three growing Float64Arrays (step, value,
// wall time) sorted by step, instead of an array of objects: a million points
// cost 24 MB and no per-point allocation, and a chart can read them directly.
//
// Several event files of one run (a restarted trainer, a TF2 writer next to a
// tensorboardX one) are merged by step: a point at a step already held replaces
// it when its wall time is the same or later, which is what a rerun from a
// checkpoint means. Points arriving in step order (the normal case) append in O(1).

export interface ScalarPoints {
  steps: Float64Array;
  values: Float64Array;
  wallTimes: Float64Array;
}

export interface TagSummary {
  count: number;
  firstStep: number;
  lastStep: number;
  lastValue: number;
  min: number;
  max: number;
}

const INITIAL_CAPACITY = 64;

export class ScalarSeries {
  private steps = new Float64Array(INITIAL_CAPACITY);
  private values = new Float64Array(INITIAL_CAPACITY);
  private wallTimes = new Float64Array(INITIAL_CAPACITY);
  private size = 0;
  /** Lowest index written since the last takeChanges(); everything from it on is "changed". */
  private changedFrom = Number.POSITIVE_INFINITY;

  get length(): number {
    return this.size;
  }

  /** Wall time of the point at the highest step, or null when empty. */
  get lastWallTime(): number | null {
    return this.size === 0 ? null : this.wallTimes[this.size - 1];
  }

  get lastStep(): number | null {
    return this.size === 0 ? null : this.steps[this.size - 1];
  }

  add(step: number, value: number, wallTime: number): void {
    const n = this.size;
    if (n === 0 || step > this.steps[n - 1]) {
      if (n === this.steps.length) this.grow();
      this.steps[n] = step;
      this.values[n] = value;
      this.wallTimes[n] = wallTime;
      this.size = n + 1;
      if (n < this.changedFrom) this.changedFrom = n;
      return;
    }
    const at = this.lowerBound(step);
    if (at < n && this.steps[at] === step) {
      if (wallTime < this.wallTimes[at]) return;
      this.values[at] = value;
      this.wallTimes[at] = wallTime;
    } else {
      if (n === this.steps.length) this.grow();
      this.steps.copyWithin(at + 1, at, n);
      this.values.copyWithin(at + 1, at, n);
      this.wallTimes.copyWithin(at + 1, at, n);
      this.steps[at] = step;
      this.values[at] = value;
      this.wallTimes[at] = wallTime;
      this.size = n + 1;
    }
    if (at < this.changedFrom) this.changedFrom = at;
  }

  /** Copies of every point, in step order. */
  points(): ScalarPoints {
    return this.slice(0);
  }

  /**
   * The points added or changed since the last call, to be upserted by step: the
   * tail from the lowest index touched (an insertion shifts everything after it),
   * or null when nothing changed.
   */
  takeChanges(): ScalarPoints | null {
    if (this.changedFrom >= this.size) return null;
    const changes = this.slice(this.changedFrom);
    this.changedFrom = Number.POSITIVE_INFINITY;
    return changes;
  }

  summary(): TagSummary | null {
    const n = this.size;
    if (n === 0) return null;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = this.values[i];
      // NaN (a diverged loss) is a value TensorBoard shows, but it has no order.
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return {
      count: n,
      firstStep: this.steps[0],
      lastStep: this.steps[n - 1],
      lastValue: this.values[n - 1],
      min: min === Number.POSITIVE_INFINITY ? Number.NaN : min,
      max: max === Number.NEGATIVE_INFINITY ? Number.NaN : max,
    };
  }

  private slice(from: number): ScalarPoints {
    return {
      steps: this.steps.slice(from, this.size),
      values: this.values.slice(from, this.size),
      wallTimes: this.wallTimes.slice(from, this.size),
    };
  }

  private lowerBound(step: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.steps[mid] < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const capacity = this.steps.length * 2;
    const grown = (old: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.steps = grown(this.steps);
    this.values = grown(this.values);
    this.wallTimes = grown(this.wallTimes);
  }
}
