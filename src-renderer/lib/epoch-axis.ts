// Puts per-batch points on an epoch axis. Event files do not say which epoch a
// batch belonged to, but the per-epoch points are written when each epoch ends,
// so a batch's wall time falls between two epoch ends: its epoch is the
// fraction of the way between them. Before the first epoch's end the span from
// the run's first point is used; after the last, the last epoch's length.

export type ToEpoch = (wallTime: number) => number;

/**
 * `epochs` and `epochWallTimes`: the epoch-level points (step = epoch number,
 * in order); `runStart`: the wall time of the run's first point. Null when no
 * epoch has ended yet, so there is nothing to map against.
 */
export function epochMapper(epochs: ArrayLike<number>, epochWallTimes: ArrayLike<number>, runStart: number): ToEpoch | null {
  const n = epochs.length;
  if (n === 0) return null;
  const ends: number[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < n; i++) {
    // A rewritten epoch can leave wall times out of order; keep them increasing so the search holds.
    if (ends.length && epochWallTimes[i] <= ends[ends.length - 1]) continue;
    ends.push(epochWallTimes[i]);
    numbers.push(epochs[i]);
  }
  const firstSpan = Math.max(ends[0] - runStart, 1e-9);
  const lastSpan = ends.length > 1 ? ends[ends.length - 1] - ends[ends.length - 2] : firstSpan;
  return (t: number) => {
    if (t <= ends[0]) return numbers[0] - 1 + Math.max(t - runStart, 0) / firstSpan;
    const last = ends.length - 1;
    if (t >= ends[last]) return numbers[last] + (t - ends[last]) / lastSpan;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid] <= t) lo = mid;
      else hi = mid;
    }
    return numbers[lo] + ((t - ends[lo]) / (ends[hi] - ends[lo])) * (numbers[hi] - numbers[lo]);
  };
}
