// Notices a source that stops delivering (a camera unplugged mid-run, a
// network stream gone quiet) while the run loop still waits on it: the status
// then says "no frames for N s" instead of RUNNING with stale figures.
export class StallWatch {
  private lastItemAtMs: number;

  constructor(
    /** Silence longer than this counts as a stall. */
    private readonly thresholdMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastItemAtMs = now();
  }

  /** The source delivered something (a frame or a skipped item): it is alive. */
  alive(): void {
    this.lastItemAtMs = this.now();
  }

  /** Seconds without an item when past the threshold, else null. */
  stalledSec(): number | null {
    const silentMs = this.now() - this.lastItemAtMs;
    return silentMs > this.thresholdMs ? Math.floor(silentMs / 1000) : null;
  }
}

/** A few frame periods, never under 2 s: slow folder replays (1 fps) are not stalls. */
export function stallThresholdMs(fps: number): number {
  const period = fps > 0 && Number.isFinite(fps) ? 1000 / fps : 1000;
  return Math.max(2000, 5 * period);
}
