// What the status event reports about a run: frame and object tallies and the
// inspection rate over a sliding window.
import type { Counters } from '../../src-shared/events.js';
import type { FrameResult } from '../../src-shared/inspection.js';

export function emptyCounters(): Counters {
  return { frames: 0, framesOk: 0, framesNg: 0, objectsOk: 0, objectsNg: 0, previewsDropped: 0, framesSkipped: 0, framesMissed: 0 };
}

export function countFrame(counters: Counters, result: FrameResult): void {
  counters.frames += 1;
  if (result.verdict.ok) counters.framesOk += 1;
  else counters.framesNg += 1;
  for (const object of result.objects) {
    if (object.verdict.ok) counters.objectsOk += 1;
    else counters.objectsNg += 1;
  }
}

/** Frames per second over the last `windowMs`. */
export class RateMeter {
  private readonly stamps: number[] = [];

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  tick(): void {
    this.stamps.push(this.now());
    this.trim();
  }

  rate(): number {
    this.trim();
    if (this.stamps.length < 2) return 0;
    const span = this.stamps[this.stamps.length - 1] - this.stamps[0];
    return span > 0 ? ((this.stamps.length - 1) * 1000) / span : 0;
  }

  reset(): void {
    this.stamps.length = 0;
  }

  private trim(): void {
    const oldest = this.now() - this.windowMs;
    while (this.stamps.length > 0 && this.stamps[0] < oldest) this.stamps.shift();
  }
}
