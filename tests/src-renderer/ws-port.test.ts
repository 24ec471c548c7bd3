// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketPort, defaultWebSocketUrl } from '../../src-renderer/client/ws-port.js';
import { createPortClient } from '../../src-shared/port-client.js';

class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const make = () => createWebSocketPort('ws://h/ws', { WebSocketImpl: FakeSocket as unknown as typeof WebSocket, minReconnectMs: 100, maxReconnectMs: 400 });

describe('WebSocket port', () => {
  it('carries requests and responses as JSON text', async () => {
    const port = make();
    const client = createPortClient(port);
    FakeSocket.instances[0].open();
    const pending = client.request('engine.hello', {});
    const sent = JSON.parse(FakeSocket.instances[0].sent[0]);
    expect(sent).toMatchObject({ kind: 'request', method: 'engine.hello' });
    FakeSocket.instances[0].receive({ kind: 'response', id: sent.id, result: { ok: true, value: { engine: 'e', opencv: '4.6', pid: 3 } } });
    expect(await pending).toEqual({ ok: true, value: { engine: 'e', opencv: '4.6', pid: 3 } });
  });

  it('fails requests in flight when the socket drops, instead of leaving them hanging', async () => {
    const port = make();
    const client = createPortClient(port);
    FakeSocket.instances[0].open();
    const pending = client.request('run.start', {});
    FakeSocket.instances[0].drop();
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/Lost the connection/);
  });

  it('fails a request at once while disconnected (no stale replay later)', async () => {
    const client = createPortClient(make());
    const result = await client.request('run.stop', {});
    expect(result.ok).toBe(false);
    expect(FakeSocket.instances[0].sent).toEqual([]);
  });

  it('reconnects with backoff, tells listeners, and logs the outage', async () => {
    const port = make();
    const logs: string[] = [];
    createPortClient(port).onDidLog((l) => logs.push(l.message));
    let connects = 0;
    let disconnects = 0;
    port.onDidConnect(() => connects++);
    port.onDidDisconnect(() => disconnects++);
    FakeSocket.instances[0].open();
    FakeSocket.instances[0].drop();
    expect(disconnects).toBe(1);
    expect(logs.at(-1)).toMatch(/retrying in 0.1 s/);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1].open();
    expect(connects).toBe(2);
    expect(logs.at(-1)).toBe('Reconnected to the engine');
  });

  it('derives the endpoint from the page origin', () => {
    expect(defaultWebSocketUrl({ protocol: 'http:', host: '127.0.0.1:5173' })).toBe('ws://127.0.0.1:5173/ws');
    expect(defaultWebSocketUrl({ protocol: 'https:', host: 'line3.local' })).toBe('wss://line3.local/ws');
  });
});
