// train.progress goes out at most every `intervalMs` while a run trains, and
// always at once when the state changes, so a client never misses "stopped"
// or "finished" and is never flooded by batch-level updates.
export class ProgressThrottle<T extends { state: string }> {
  private lastAt = -Infinity;
  private lastState: string | null = null;
  private pending: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly emit: (value: T) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    const t = this.now();
    if (value.state !== this.lastState || t - this.lastAt >= this.intervalMs) {
      this.send(value, t);
      return;
    }
    // Within the interval: keep the latest, and send it when the interval is up.
    this.pending = value;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (this.pending) this.send(this.pending, this.now());
    }, this.intervalMs - (t - this.lastAt));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private send(value: T, t: number): void {
    this.pending = null;
    this.lastAt = t;
    this.lastState = value.state;
    this.emit(value);
  }
}
