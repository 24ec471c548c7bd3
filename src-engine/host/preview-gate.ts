// Latest-wins backpressure for previews. At most one preview is in flight: the
// next one is encoded only after the client acks the last, so a slow renderer
// sees fresh frames instead of a growing queue of old ones. Frames whose preview
// is withheld still carry their results.

export class PreviewGate {
  /** Seq of the preview sent and not yet acknowledged, or null when the client is ready. */
  private outstanding: number | null = null;
  private sentAtMs = 0;

  /**
   * @param ackTimeoutMs after this long without an ack, the gate reopens: a lost
   * ack (a reloaded renderer, a dropped socket) must not freeze the picture forever.
   */
  constructor(
    private readonly ackTimeoutMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when a preview may be attached to the frame `seq`; the gate then waits for its ack. */
  tryAcquire(seq: number): boolean {
    if (this.outstanding !== null && this.now() - this.sentAtMs < this.ackTimeoutMs) return false;
    this.outstanding = seq;
    this.sentAtMs = this.now();
    return true;
  }

  /** Undoes tryAcquire when the preview could not be produced after all. */
  release(seq: number): void {
    if (this.outstanding === seq) this.outstanding = null;
  }

  /** The client painted preview `seq`. Acks for older previews are ignored (a newer one is in flight). */
  ack(seq: number): void {
    if (this.outstanding !== null && seq >= this.outstanding) this.outstanding = null;
  }

  /** Forget any outstanding preview (a new view, a new source). */
  reset(): void {
    this.outstanding = null;
  }
}
