// A camera that stops delivering frames mid-run: the status says "no frames for
// N s" (and the log says it once), the engine keeps answering, and the state
// clears as soon as frames arrive again.
import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultEngineDeps } from '../../../src-engine/host/default-engine-deps.js';
import type { FrameSource, SourceItem } from '../../../src-engine/sources/frame-source.js';
import { opencv } from '../../../src-engine/opencv.js';
import { ok as okResult } from '../../../src-shared/result.js';
import { ok, startEngine } from './engine-harness.js';
import { StallWatch, stallThresholdMs } from '../../../src-engine/host/stall-watch.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

/** Two frames, then silence until `resume()` is called. */
function stallingCamera() {
  const cv = opencv();
  let seq = 0;
  let resume: (() => void) | null = null;
  const frame = (): SourceItem => ({ kind: 'frame', frame: { seq: seq++, timestampMs: Date.now(), image: new cv.Mat(64, 64, cv.CV_8UC1, 20) } });
  const source: FrameSource = {
    info: { kind: 'camera', label: 'stalling camera', fps: 50, length: null },
    next: () => (seq < 2 ? Promise.resolve(frame()) : new Promise<SourceItem>((r) => (resume = () => r(frame())))),
    close() {},
  };
  return { source, resume: () => resume?.() };
}

describe('a source that stops delivering', () => {
  it('is reported as "no frames for N s" while the engine keeps serving, and clears when frames return', async () => {
    const camera = stallingCamera();
    engine = await startEngine({ statusIntervalMs: 100 }, { ...createDefaultEngineDeps(), openSource: () => okResult(camera.source) });
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(2);
    expect(engine.service.status().stalledSec).toBeNull();

    await expect.poll(() => engine!.service.status().stalledSec, { timeout: 6000 }).toBeGreaterThanOrEqual(2);
    const status = await ok(engine.client.request('status.get', {}));
    expect(status.running).toBe(true);
    expect(status.stalledSec).toBeGreaterThanOrEqual(2);
    expect(status.lastError?.message).toMatch(/^no frames for \d+ s from stalling camera: check the camera or stream$/);
    expect(engine.logs.filter((l) => l.level === 'error' && /no frames for/.test(l.message))).toHaveLength(1);
    expect((await ok(engine.client.request('recipe.get', {}))).name).toBeTruthy(); // still serving

    camera.resume();
    await expect.poll(() => engine!.service.status().stalledSec, { timeout: 3000 }).toBeNull();
    await expect.poll(() => engine!.logs.some((l) => l.message === 'frames are arriving again'), { timeout: 3000 }).toBe(true);
    expect(engine.service.status().lastError).toBeNull();
  });
});

describe('StallWatch', () => {
  it('counts silence past the threshold in whole seconds', () => {
    let now = 1000;
    const watch = new StallWatch(2000, () => now);
    now += 1999;
    expect(watch.stalledSec()).toBeNull();
    now += 1500;
    expect(watch.stalledSec()).toBe(3);
    watch.alive();
    expect(watch.stalledSec()).toBeNull();
  });

  it('allows a few frame periods, never under 2 s', () => {
    expect(stallThresholdMs(30)).toBe(2000);
    expect(stallThresholdMs(1)).toBe(5000);
    expect(stallThresholdMs(0)).toBe(5000);
  });
});
