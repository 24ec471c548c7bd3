// The engine as a real forked process: what the web host runs.
import { describe, expect, it } from 'vitest';
import { spawnEngine } from '../../../src-engine/host/spawn-engine.js';
import type { FrameEvent } from '../../../src-shared/events.js';

describe('spawnEngine', () => {
  it('starts a child engine that answers, runs the synthetic line, stops and exits on close', async () => {
    const engine = await spawnEngine({
      engine: { defaultSource: { kind: 'synthetic', seed: 5, width: 320, height: 256, fps: 30 }, statusIntervalMs: 200 },
      stdio: 'pipe',
    });
    let stderr = '';
    engine.child.stdout?.resume();
    engine.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      expect(engine.hello.pid).toBe(engine.child.pid);
      expect(engine.hello.pid).not.toBe(process.pid);
      expect(engine.hello.opencv).toMatch(/^4\./);

      const frames: FrameEvent[] = [];
      engine.client.onDidReceiveFrame((f) => frames.push(f));
      const opened = await engine.client.request('source.open', { source: { kind: 'synthetic', seed: 2, width: 256, height: 200, fps: 60 } });
      expect(opened.ok).toBe(true);
      const started = await engine.client.request('run.start', {});
      expect(started.ok && started.value.running).toBe(true);
      await expect.poll(() => frames.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
      expect(frames[0].result.width).toBe(256);
      expect(frames[0].preview?.mime).toBe('image/jpeg'); // the first frame always carries a preview
      expect(frames[0].truth).not.toBeNull();

      const stopped = await engine.client.request('run.stop', {});
      expect(stopped.ok && stopped.value.running).toBe(false);
    } finally {
      await engine.close();
    }
    const { code } = await engine.exited;
    expect(code).toBe(0);
    expect(stderr).toBe(''); // no engine errors on the way
    // Requests after the engine is gone fail at once instead of waiting for a timeout.
    const late = await engine.client.request('engine.hello', {});
    expect(late.ok).toBe(false);
  });
});
