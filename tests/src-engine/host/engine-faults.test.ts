// Faults inside the engine (a throwing source, a pipeline bug, a transport that
// refuses a message) cost one frame or one message, never the service.
import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultEngineDeps } from '../../../src-engine/host/default-engine-deps.js';
import type { EngineDeps } from '../../../src-engine/host/engine-deps.js';
import { EngineService } from '../../../src-engine/host/engine-service.js';
import type { EnginePort } from '../../../src-engine/host/port.js';
import type { FrameSource, SourceItem } from '../../../src-engine/sources/frame-source.js';
import { opencv } from '../../../src-engine/opencv.js';
import { ok as okResult, fail } from '../../../src-shared/result.js';
import { ok, startEngine } from './engine-harness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

/** A scripted source: each entry is a frame, a skipped item, or a throw. */
function scriptedSource(script: ('frame' | 'skip' | 'throw')[], fps = 200): FrameSource {
  const cv = opencv();
  let i = 0;
  let seq = 0;
  return {
    info: { kind: 'synthetic', label: 'scripted', fps, length: script.length },
    async next(): Promise<SourceItem | null> {
      const step = script[i++];
      if (step === undefined) return null;
      if (step === 'throw') throw new Error('device unplugged');
      if (step === 'skip') return { kind: 'skipped', error: { code: 'bad-image', message: 'truncated', subject: `item-${i}` } };
      const image = new cv.Mat(64, 64, cv.CV_8UC1, 20);
      image.drawCircle(new cv.Point2(32, 32), 12, new cv.Vec3(230, 230, 230), -1);
      return { kind: 'frame', frame: { seq: seq++, timestampMs: Date.now(), image } };
    },
    close() {},
  };
}

function depsWith(overrides: Partial<EngineDeps>): EngineDeps {
  return { ...createDefaultEngineDeps(), ...overrides };
}

describe('EngineService faults', () => {
  it('counts a throwing source and a failing inspection as skipped and goes on', async () => {
    const real = createDefaultEngineDeps();
    let calls = 0;
    engine = await startEngine(
      {},
      depsWith({
        openSource: () => okResult(scriptedSource(['frame', 'throw', 'frame', 'skip', 'frame', 'frame'])),
        inspectImage: (image, recipe, meta) => {
          if (++calls === 2) throw new Error('pipeline bug');
          return real.inspectImage(image, recipe, meta);
        },
      }),
    );
    await ok(engine.client.request('run.start', {}));
    await expect.poll(() => engine!.service.status().running, { timeout: 5000 }).toBe(false);
    const status = engine.service.status();
    expect(status.counters.frames).toBe(3); // 4 frames delivered, one broke the pipeline
    expect(status.counters.framesSkipped).toBe(3); // the throw, the skipped item, the pipeline bug
    expect(engine.logs.some((l) => /device unplugged/.test(l.message))).toBe(true);
    expect(engine.logs.some((l) => /pipeline bug/.test(l.message))).toBe(true);
    expect((await ok(engine.client.request('engine.hello', {}))).pid).toBe(process.pid);
  });

  it('answers an internal error when a handler throws, and keeps serving', async () => {
    let broken = true;
    const real = createDefaultEngineDeps();
    engine = await startEngine(
      {},
      depsWith({
        identity: () => {
          if (broken) throw new Error('identity exploded');
          return real.identity();
        },
      }),
    );
    const first = await engine.client.request('engine.hello', {});
    expect(first.ok).toBe(false);
    if (!first.ok) {
      expect(first.error.code).toBe('internal');
      expect(first.error.message).toMatch(/identity exploded/);
    }
    broken = false;
    expect((await ok(engine.client.request('engine.hello', {}))).pid).toBe(process.pid);
  });

  it('starts with the built-in fallback recipe when the default recipe cannot be loaded, and says so', async () => {
    engine = await startEngine({}, depsWith({ loadDefaultRecipe: () => fail('bad-recipe', 'default.json is not valid JSON') }));
    expect((await ok(engine.client.request('recipe.get', {}))).name).toBe('built-in fallback');
    expect(engine.logs.some((l) => l.level === 'error' && /default\.json is not valid JSON/.test(l.message))).toBe(true);
  });

  it('survives a transport that throws on send', async () => {
    const listeners: ((msg: unknown) => void)[] = [];
    let posts = 0;
    const port: EnginePort = {
      postMessage: () => {
        posts++;
        throw new Error('DataCloneError');
      },
      onMessage: (l) => {
        listeners.push(l);
        return () => undefined;
      },
    };
    const errors: string[] = [];
    const original = console.error;
    console.error = (msg: string) => errors.push(msg);
    try {
      const service = new EngineService(port, createDefaultEngineDeps(), { defaultSource: { kind: 'synthetic', width: 64, height: 64 } });
      await service.start();
      listeners[0]({ kind: 'request', id: 1, method: 'engine.hello', params: {} });
      await new Promise((r) => setTimeout(r, 20));
      expect(posts).toBeGreaterThan(0);
      expect(errors.some((e) => /could not post/.test(e))).toBe(true);
      service.dispose();
    } finally {
      console.error = original;
    }
  });
});
