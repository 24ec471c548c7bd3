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
