// The run loop paces frames to the source's rate and lets skipped items through at once.
import { describe, expect, it } from 'vitest';
import { RunLoop } from '../../../src-engine/host/run-loop.js';
import type { FrameSource, SourceItem } from '../../../src-engine/sources/frame-source.js';

function countingSource(fps: number, items: ('frame' | 'skip')[] | null): FrameSource {
  let i = 0;
  return {
    info: { kind: 'synthetic', label: 'counting', fps, length: items?.length ?? null },
    async next(): Promise<SourceItem | null> {
      const step = items ? items[i] : 'frame';
      if (step === undefined) return null;
      i++;
      if (step === 'skip') return { kind: 'skipped', error: { code: 'bad-image', message: 'bad' } };
      return { kind: 'frame', frame: { seq: i, timestampMs: Date.now(), image: null as never } };
    },
    close() {},
  };
}

describe('RunLoop', () => {
  it('delivers frames at about the source rate', async () => {
    const stamps: number[] = [];
    const loop = new RunLoop(countingSource(25, null), { onItem: () => stamps.push(performance.now()), onEnd: () => {}, onError: () => {} });
    loop.start();
    await new Promise((r) => setTimeout(r, 600));
    loop.stop();
    // 25 fps over 0.6 s ≈ 15 frames; a loaded machine may be a little slow, never much faster.
    expect(stamps.length).toBeGreaterThanOrEqual(9);
    expect(stamps.length).toBeLessThanOrEqual(17);
    const n = stamps.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(stamps.length).toBe(n); // stopped means stopped
  });

  it('does not spend a frame slot on skipped items, and reports the end once', async () => {
    const seen: string[] = [];
    let ended = 0;
    const loop = new RunLoop(countingSource(5, ['skip', 'skip', 'skip', 'frame', 'skip', 'frame']), {
      onItem: (item) => seen.push(item.kind),
      onEnd: () => ended++,
      onError: () => {},
    });
    const t0 = performance.now();
    loop.start();
    await expect.poll(() => ended, { timeout: 3000 }).toBe(1);
    // Two frames at 5 fps: one 200 ms slot between them, no slot for the four skips.
    expect(performance.now() - t0).toBeLessThan(700);
    expect(seen).toEqual(['skipped', 'skipped', 'skipped', 'frame', 'skipped', 'frame']);
    expect(loop.running).toBe(false);
  });

  it('keeps going after next() throws', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const frames: number[] = [];
    const source: FrameSource = {
      info: { kind: 'camera', label: 'flaky', fps: 100, length: null },
      async next() {
        calls++;
        if (calls === 2) throw new Error('glitch');
        if (calls > 4) return null;
        return { kind: 'frame', frame: { seq: calls, timestampMs: 0, image: null as never } };
      },
      close() {},
    };
    let ended = false;
    const loop = new RunLoop(source, { onItem: (i) => i.kind === 'frame' && frames.push(i.frame.seq), onEnd: () => (ended = true), onError: (e) => errors.push(e) });
    loop.start();
    await expect.poll(() => ended, { timeout: 3000 }).toBe(true);
    expect(frames).toEqual([1, 3, 4]);
    expect(errors).toHaveLength(1);
  });
});

describe('RunLoop behind its schedule', () => {
  /** A 50 fps source whose first `slow` frames each take `costMs` of the loop's thread. */
  function slowStart(slow: number, costMs: number, maxBacklogMs?: number) {
    const stamps: number[] = [];
    const waiting: number[] = [];
    let n = 0;
    const loop = new RunLoop(
      countingSource(50, null),
      {
        onItem: (_item, newerWaiting) => {
          stamps.push(performance.now());
          waiting.push(newerWaiting);
          if (n++ < slow) {
            const until = performance.now() + costMs;
            while (performance.now() < until); // inspection hogging the thread
          }
        },
        onEnd: () => {},
        onError: () => {},
      },
      maxBacklogMs,
    );
    return { loop, stamps, waiting };
  }

  it('catches up on the frames a slow stretch delayed, as a camera buffer delivers them', async () => {
    // 5 frames of 60 ms: 300 ms spent where 100 ms were due, so ~10 frames are owed.
    const { loop, stamps, waiting } = slowStart(5, 60);
    const t0 = performance.now();
    loop.start();
    await new Promise((r) => setTimeout(r, 1000));
    loop.stop();
    const elapsed = performance.now() - t0;
    // Every frame of the second is delivered (50 ± a few for timer slack), none silently lost.
    expect(stamps.length).toBeGreaterThanOrEqual(Math.floor((elapsed / 1000) * 50) - 4);
    // …and the owed frames came back to back right after the slow stretch, not spread out.
    const gaps = stamps.slice(6, 12).map((t, i) => t - stamps[5 + i]);
    expect(Math.max(...gaps)).toBeLessThan(10);
    // Each caught-up frame is told that newer ones wait; once caught up, none do.
    expect(waiting[5]).toBeGreaterThanOrEqual(5);
    expect(waiting.slice(-5).every((w) => w === 0)).toBe(true);
  });

  it('gives up a backlog longer than its buffer instead of bursting through it', async () => {
    // One 500 ms frame with a 100 ms buffer: at most ~5 frames are caught up, not 25.
    const { loop, stamps } = slowStart(1, 500, 100);
    loop.start();
    await new Promise((r) => setTimeout(r, 700));
    loop.stop();
    const burst = stamps.slice(1).filter((t) => t - stamps[1] < 15).length;
    expect(burst).toBeLessThanOrEqual(7);
    expect(stamps.length).toBeLessThan(25);
  });
});
