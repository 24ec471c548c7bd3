// A newcomer's first minute: with autoRun (what `npm start` and the desktop app
// pass) the engine runs the synthetic line as soon as it is up; without it the
// line waits for run.start, as the tests and the web host's default expect.
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from './engine-harness.js';
import { engineOptionsFromEnv } from '../../../src-engine/host/engine-options-env.js';

let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

describe('autoRun', () => {
  it('starts the default source at once', async () => {
    const engine = await startEngine({ autoRun: true });
    close = engine.close;
    expect(engine.service.status().running).toBe(true);
    await engine.waitForFrames(2);
    expect(engine.logs.map((l) => l.message)).toContain('run started');
  });

  it('leaves the line stopped without it', async () => {
    const engine = await startEngine();
    close = engine.close;
    expect(engine.service.status().running).toBe(false);
  });

  it('comes from the process environment, validated', () => {
    expect(engineOptionsFromEnv({ LOUPE_ENGINE_OPTIONS: '{"autoRun":true}' }).options).toEqual({ autoRun: true });
    const bad = engineOptionsFromEnv({ LOUPE_ENGINE_OPTIONS: '{"autoRun":"yes"}' });
    expect(bad.options).toEqual({});
    expect(bad.problem).toMatch(/autoRun/);
  });
});
