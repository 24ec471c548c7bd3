// The client is the renderer's only view of the engine, so it must not trust it:
// these tests play a misbehaving engine on the far end of an in-memory port.
import { describe, expect, it } from 'vitest';
import { createPortClient } from '../../src-shared/port-client.js';
import { createMemoryPortPair } from '../../src-engine/host/memory-port.js';
import type { EngineStatus, LogEvent } from '../../src-shared/events.js';

interface SeenRequest {
  kind: 'request';
  id: number;
  method: string;
  params: unknown;
}

function setup(timeoutMs = 2000) {
  const pair = createMemoryPortPair();
  const client = createPortClient(pair.client, { timeoutMs });
  const requests: SeenRequest[] = [];
  pair.engine.onMessage((msg) => requests.push(msg as SeenRequest));
  const nextRequest = async (): Promise<SeenRequest> => {
    await expect.poll(() => requests.length, { timeout: 2000 }).toBeGreaterThan(0);
    return requests.shift()!;
  };
  return { pair, client, nextRequest, engine: pair.engine };
}

const status: EngineStatus = {
  running: false,
  source: { kind: 'synthetic', seed: 1, width: 1280, height: 1024, fps: 30, partsPerFrame: 12, defectRate: 0.15, noise: 3, lightingDrift: 12, frames: 0 },
  recipe: { name: 'r', version: 1 },
  counters: { frames: 0, framesOk: 0, framesNg: 0, objectsOk: 0, objectsNg: 0, previewsDropped: 0, framesSkipped: 0, framesMissed: 0 },
  fps: 0,
  lastError: null,
};

describe('createPortClient', () => {
  it('sends numbered request envelopes and resolves with the validated value', async () => {
    const { client, nextRequest, engine } = setup();
    const answer = client.request('engine.hello', {});
    const req = await nextRequest();
    expect(req).toMatchObject({ kind: 'request', method: 'engine.hello', params: {} });
    expect(req.id).toBeGreaterThan(0);
    engine.postMessage({ kind: 'response', id: req.id, result: { ok: true, value: { engine: '0.1.0', opencv: '4.6.0', pid: 42 } } });
    expect(await answer).toEqual({ ok: true, value: { engine: '0.1.0', opencv: '4.6.0', pid: 42 } });
  });

  it('matches responses by id even when they arrive out of order', async () => {
    const { client, nextRequest, engine } = setup();
    const first = client.request('preview.ack', { seq: 1 });
    const second = client.request('preview.ack', { seq: 2 });
    const a = await nextRequest();
    const b = await nextRequest();
    engine.postMessage({ kind: 'response', id: b.id, result: { ok: true, value: { seq: 2 } } });
    engine.postMessage({ kind: 'response', id: a.id, result: { ok: true, value: { seq: 1 } } });
    expect(await first).toEqual({ ok: true, value: { seq: 1 } });
    expect(await second).toEqual({ ok: true, value: { seq: 2 } });
  });

  it('turns a response value that breaks the contract into an error naming the method and field', async () => {
    const { client, nextRequest, engine } = setup();
    const answer = client.request('engine.hello', {});
    const req = await nextRequest();
    engine.postMessage({ kind: 'response', id: req.id, result: { ok: true, value: { engine: '0.1.0', opencv: 4, pid: 'x' } } });
    const result = await answer;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toContain('engine.hello');
    expect(result.error.message).toContain('opencv');
  });

  it('turns a malformed response envelope for a pending id into an error', async () => {
    const { client, nextRequest, engine } = setup();
    const answer = client.request('recipe.get', {});
    const req = await nextRequest();
    engine.postMessage({ kind: 'response', id: req.id, result: { ok: 'yes' } });
    const result = await answer;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/invalid response envelope/);
  });

  it('passes engine errors through unchanged', async () => {
    const { client, nextRequest, engine } = setup();
    const answer = client.request('run.start', {});
    const req = await nextRequest();
    engine.postMessage({ kind: 'response', id: req.id, result: { ok: false, error: { code: 'bad-source', message: 'no source', subject: 'x' } } });
    expect(await answer).toEqual({ ok: false, error: { code: 'bad-source', message: 'no source', subject: 'x' } });
  });

  it('times out a request the engine never answers, with a clear error', async () => {
    const { client } = setup(80);
    const started = Date.now();
    const result = await client.request('recipe.get', {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/did not answer recipe\.get .* within 80 ms/);
  });

  it('ignores a late answer after its timeout', async () => {
    const { client, nextRequest, engine } = setup(50);
    const answer = client.request('recipe.get', {});
    const req = await nextRequest();
    expect((await answer).ok).toBe(false);
    engine.postMessage({ kind: 'response', id: req.id, result: { ok: true, value: {} } }); // must not throw or resolve anything
    await new Promise((r) => setTimeout(r, 20));
  });

  it('delivers valid events and drops invalid ones, reporting the drop as a warning log', async () => {
    const { client, engine } = setup();
    const statuses: EngineStatus[] = [];
    const logs: LogEvent[] = [];
    client.onDidChangeStatus((s) => statuses.push(s));
    client.onDidLog((l) => logs.push(l));
    engine.postMessage({ kind: 'event', event: 'status', payload: { ...status, fps: 'fast' } });
    engine.postMessage({ kind: 'event', event: 'frame', payload: { result: null } });
    engine.postMessage({ kind: 'event', event: 'gossip', payload: {} });
    engine.postMessage('hello?');
    engine.postMessage({ kind: 'event', event: 'status', payload: status });
    await expect.poll(() => statuses.length).toBe(1);
    expect(statuses[0]).toEqual(status);
    await expect.poll(() => logs.length).toBe(4);
    expect(logs.every((l) => l.level === 'warn')).toBe(true);
    expect(logs[0].message).toMatch(/invalid status event.*fps/);
    expect(logs[1].message).toMatch(/invalid frame event/);
    expect(logs[2].message).toMatch(/invalid event envelope/);
  });

  it('stops calling a listener once its disposer ran', async () => {
    const { client, engine } = setup();
    const seen: number[] = [];
    const dispose = client.onDidLog((l) => seen.push(l.atMs));
    engine.postMessage({ kind: 'event', event: 'log', payload: { level: 'info', message: 'a', atMs: 1 } });
    await expect.poll(() => seen.length).toBe(1);
    dispose();
    engine.postMessage({ kind: 'event', event: 'log', payload: { level: 'info', message: 'b', atMs: 2 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([1]);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const { client, engine } = setup();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const onError = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onError);
    try {
      client.onDidLog(() => {
        throw new Error('listener bug');
      });
      client.onDidLog((l) => seen.push(l.message));
      engine.postMessage({ kind: 'event', event: 'log', payload: { level: 'info', message: 'still here', atMs: 1 } });
      await expect.poll(() => seen).toEqual(['still here']);
      await expect.poll(() => errors.length).toBe(1);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('fails pending and later requests after dispose', async () => {
    const { client, nextRequest } = setup();
    const pending = client.request('recipe.get', {});
    await nextRequest();
    client.dispose('engine gone');
    expect(await pending).toEqual({ ok: false, error: { code: 'internal', message: 'engine gone' } });
    const later = await client.request('recipe.get', {});
    expect(later.ok).toBe(false);
    if (!later.ok) expect(later.error.message).toContain('engine gone');
  });

  it('reports a message the port cannot carry as a bad request instead of throwing', async () => {
    const { client } = setup();
    const result = await client.request('preview.ack', { seq: (() => 1) as unknown as number });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad-request');
  });
});
