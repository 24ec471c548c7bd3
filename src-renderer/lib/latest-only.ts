// Runs an async job so that at most one is in flight and only the newest
// pending input runs next; inputs superseded while waiting are skipped.
// Used for `recipe.preview`: a slider drag must not queue dozens of re-inspections.
export class LatestOnly<T, R> {
  private running = false;
  private pending: { input: T } | null = null;

  constructor(
    private readonly job: (input: T) => Promise<R>,
    private readonly onResult: (result: R, input: T) => void,
  ) {}

  submit(input: T): void {
    this.pending = { input };
    if (!this.running) void this.drain();
  }

  get busy(): boolean {
    return this.running;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending) {
        const { input } = this.pending;
        this.pending = null;
        let result: R;
        try {
          result = await this.job(input);
        } catch (err) {
          // Jobs report failures as values; a throw is a bug, but must not wedge the queue.
          console.error('LatestOnly job threw', err);
          continue;
        }
        // A newer input arrived while this ran: its result will replace this one, so skip showing a stale one.
        if (!this.pending) this.onResult(result, input);
      }
    } finally {
      this.running = false;
    }
  }
}
