// The NG strip's memory: every NG frame of the last minutes, newest first,
// capped so a line that goes bad cannot grow the page without bound. Plain
// (non-reactive) on purpose: NG frames can arrive 25 times a second and each
// holds outlines and a picture; the store republishes a frozen copy a few times
// a second, and Vue never walks the entries.
import type { NgFrameEvent } from '../../src-shared/production-contract.js';

export const NG_STRIP_WINDOW_MS = 10 * 60_000;
export const NG_STRIP_MAX_ENTRIES = 300;

export interface NgStripEntry {
  /** Unique in the page (seqs restart with a new source). */
  key: number;
  receivedAtMs: number;
  event: NgFrameEvent;
}

export class NgStripBuffer {
  /** Oldest first, so expiry drops from the front. */
  private entries: NgStripEntry[] = [];
  private nextKey = 1;
  /** Every NG frame received since the page opened (or the last clear), kept or not. */
  received = 0;

  constructor(
    private readonly windowMs = NG_STRIP_WINDOW_MS,
    private readonly maxEntries = NG_STRIP_MAX_ENTRIES,
  ) {}

  push(event: NgFrameEvent, receivedAtMs: number): void {
    this.received++;
    this.entries.push({ key: this.nextKey++, receivedAtMs, event });
    this.expire(receivedAtMs);
  }

  /** Drops entries older than the window, then the oldest beyond the cap. */
  expire(nowMs: number): void {
    let drop = 0;
    while (drop < this.entries.length && nowMs - this.entries[drop].receivedAtMs > this.windowMs) drop++;
    drop = Math.max(drop, this.entries.length - this.maxEntries);
    if (drop > 0) this.entries = this.entries.slice(drop);
  }

  /** Newest first, as the strip shows them. */
  newestFirst(): NgStripEntry[] {
    return [...this.entries].reverse();
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    this.received = 0;
  }
}
