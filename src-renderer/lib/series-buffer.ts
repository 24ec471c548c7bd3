// One run's tag as the monitor holds it: three growing Float64Arrays (step,
// value, wall time) in step order, outside Vue's reactivity, so a run of a
// million points costs 24 MB and no per-point object until a chart asks.
//
// The run monitor sends changes as "every point from step S on" (a rewritten
// point shifts everything after it), so applying them is: drop what this buffer
// holds from S on, append the chunk. Points arriving in order are a plain append.

export interface SeriesChunk {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  wallTimes: ArrayLike<number>;
}

export class SeriesBuffer {
  private stepsArr = new Float64Array(64);
  private valuesArr = new Float64Array(64);
  private wallArr = new Float64Array(64);
  private size = 0;
  private changes = 0;

  get length(): number {
    return this.size;
  }

  /** Bumped on every change, so what is derived from the points (smoothing, thinning) is redone only then. */
  get version(): number {
    return this.changes;
  }

  /** Views of the held points (valid until the next change). */
  get steps(): Float64Array {
    return this.stepsArr.subarray(0, this.size);
  }
  get values(): Float64Array {
    return this.valuesArr.subarray(0, this.size);
  }
  get wallTimes(): Float64Array {
    return this.wallArr.subarray(0, this.size);
  }

  /** Replaces everything from the chunk's first step on with the chunk (which must be in step order). */
  applyFrom(chunk: SeriesChunk): void {
    const n = chunk.steps.length;
    if (n === 0) return;
    const at = this.lowerBound(chunk.steps[0]);
    this.ensure(at + n);
    for (let i = 0; i < n; i++) {
      this.stepsArr[at + i] = chunk.steps[i];
      this.valuesArr[at + i] = chunk.values[i];
      this.wallArr[at + i] = chunk.wallTimes[i];
    }
    this.size = at + n;
    this.changes++;
  }

  clear(): void {
    this.size = 0;
    this.changes++;
  }

  private lowerBound(step: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stepsArr[mid] < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private ensure(capacity: number): void {
    if (capacity <= this.stepsArr.length) return;
    let next = this.stepsArr.length;
    while (next < capacity) next *= 2;
    const grow = (old: Float64Array) => {
      const arr = new Float64Array(next);
      arr.set(old.subarray(0, this.size));
      return arr;
    };
    this.stepsArr = grow(this.stepsArr);
    this.valuesArr = grow(this.valuesArr);
    this.wallArr = grow(this.wallArr);
  }
}
