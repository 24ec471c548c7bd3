// Pulls frames from a source at the source's frame rate. Each step is scheduled
// with a timer (or setImmediate when late), never a tight loop, so the port keeps
// serving requests between frames.
import type { FrameSource, SourceItem } from '../sources/frame-source.js';

export interface RunLoopHooks {
  /** A frame or a skipped item arrived. Must not throw (the service catches its own errors). */
  onItem(item: SourceItem): void;
  /** The source is exhausted; the loop has stopped itself. */
  onEnd(): void;
  /** `next()` threw or rejected; the loop goes on with the next item. */
  onError(err: unknown): void;
}

export class RunLoop {
  private generation = 0;
  private active = false;
  private dueAt = 0;
  private timer: { kind: 'timeout'; handle: ReturnType<typeof setTimeout> } | { kind: 'immediate'; handle: ReturnType<typeof setImmediate> } | null =
    null;

  constructor(
    private readonly source: FrameSource,
    private readonly hooks: RunLoopHooks,
  ) {}

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.dueAt = performance.now();
    const generation = ++this.generation;
    this.schedule(generation, 0);
  }

  /** Stops after the current step; an item still being read is discarded. */
  stop(): void {
    this.active = false;
    this.generation++;
    this.clearTimer();
  }

  private get periodMs(): number {
    const fps = this.source.info.fps;
    return fps > 0 && Number.isFinite(fps) ? 1000 / fps : 0;
  }

  private schedule(generation: number, delayMs: number): void {
    this.clearTimer();
    const run = () => {
      this.timer = null;
      void this.step(generation);
    };
    this.timer = delayMs > 0 ? { kind: 'timeout', handle: setTimeout(run, delayMs) } : { kind: 'immediate', handle: setImmediate(run) };
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    if (this.timer.kind === 'timeout') clearTimeout(this.timer.handle);
    else clearImmediate(this.timer.handle);
    this.timer = null;
  }

  private async step(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    let item: SourceItem | null;
    try {
      item = await this.source.next();
    } catch (err) {
      if (generation !== this.generation) return;
      this.hooks.onError(err);
      this.schedule(generation, this.periodMs); // a failing device is retried at frame pace, not spun on
      return;
    }
    if (generation !== this.generation) return;
    if (item === null) {
      this.active = false;
      this.generation++;
      this.hooks.onEnd();
      return;
    }
    this.hooks.onItem(item);
    if (generation !== this.generation) return; // a hook stopped us
    if (item.kind === 'skipped') {
      // An unreadable file takes no frame slot: move straight on to the next one.
      this.schedule(generation, 0);
      return;
    }
    const now = performance.now();
    // Pace to the nominal rate; when we fall behind, do not burst to catch up.
    this.dueAt = Math.max(this.dueAt + this.periodMs, now - this.periodMs);
    this.schedule(generation, this.dueAt - now);
  }
}
