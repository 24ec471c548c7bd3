// Pulls frames from a source at the source's frame rate. Each step is scheduled
// with a timer (or setImmediate when late), never a tight loop, so the port keeps
// serving requests between frames.
//
// A camera runs free: when inspection falls behind (a slow frame, another program
// taking the core), its frames wait in the camera's buffer, and the loop catches
// up on them back to back rather than pretending they were never taken. Only a
// backlog longer than the buffer is given up (the source decides which frames
// that loses; the engine counts them from the gap in frame numbers).
import type { FrameSource, SourceItem } from '../sources/frame-source.js';

export interface RunLoopHooks {
  /**
   * A frame or a skipped item arrived. Must not throw (the service catches its own errors).
   * `newerWaiting`: frames the camera has taken since this one was due (0 when on time): while it
   * is above 0 the loop is catching up, and this frame is not the newest any more.
   */
  onItem(item: SourceItem, newerWaiting: number): void;
  /** The source is exhausted; the loop has stopped itself. */
  onEnd(): void;
  /** `next()` threw or rejected; the loop goes on with the next item. */
  onError(err: unknown): void;
  /** The loop fell more than its buffer behind and gave up `frames` frame slots (told to the source too). */
  onBehind?(frames: number): void;
}

/** How far behind its schedule the loop still catches up: a camera buffer of about a second. */
export const MAX_BACKLOG_MS = 1000;

export class RunLoop {
  private generation = 0;
  private active = false;
  private dueAt = 0;
  private timer: { kind: 'timeout'; handle: ReturnType<typeof setTimeout> } | { kind: 'immediate'; handle: ReturnType<typeof setImmediate> } | null =
    null;

  constructor(
    private readonly source: FrameSource,
    private readonly hooks: RunLoopHooks,
    private readonly maxBacklogMs = MAX_BACKLOG_MS,
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
      // The due time on the wall clock: when a free-running camera would have taken this frame.
      const dueAtMs = Date.now() - Math.max(0, performance.now() - this.dueAt);
      item = await this.source.next({ dueAtMs });
    } catch (err) {
      if (generation !== this.generation) return;
      this.hooks.onError(err);
      // A failing device is retried at frame pace, not spun on; the time it was down is not owed.
      this.dueAt = performance.now() + this.periodMs;
      this.schedule(generation, this.periodMs);
      return;
    }
    if (generation !== this.generation) return;
    if (item === null) {
      this.active = false;
      this.generation++;
      this.hooks.onEnd();
      return;
    }
    const newerWaiting = this.periodMs > 0 ? Math.max(0, Math.floor((performance.now() - this.dueAt) / this.periodMs)) : 0;
    this.hooks.onItem(item, newerWaiting);
    if (generation !== this.generation) return; // a hook stopped us
    if (item.kind === 'skipped') {
      // An unreadable file takes no frame slot: move straight on to the next one.
      this.schedule(generation, 0);
      return;
    }
    const now = performance.now();
    // Pace to the nominal rate; behind it, catch up back to back (each step still goes through
    // setImmediate, so requests are served between frames), but never on more than the buffer holds.
    this.dueAt += this.periodMs;
    const overflow = this.periodMs > 0 ? Math.floor((now - this.maxBacklogMs - this.dueAt) / this.periodMs) : 0;
    if (overflow > 0) {
      this.dueAt += overflow * this.periodMs;
      this.source.skip?.(overflow);
      this.hooks.onBehind?.(overflow);
    }
    this.schedule(generation, this.dueAt - now);
  }
}
