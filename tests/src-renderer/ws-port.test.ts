// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketPort, defaultWebSocketUrl } from '../../src-renderer/client/ws-port.js';
import { createPortClient } from '../../src-shared/port-client.js';
import { packFrameEvent } from '../../src-shared/frame-packet.js';
import type { FrameEvent } from '../../src-shared/events.js';
import { makeFrame } from './fixtures.js';

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
  binaryType = 'blob';
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  receiveBinary(bytes: Uint8Array) {
    // What a browser hands over with binaryType 'arraybuffer': a fresh ArrayBuffer.
    this.onmessage?.({ data: this.binaryType === 'arraybuffer' ? bytes.slice().buffer : new Blob([bytes.slice()]) });
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

  it('takes frames with a picture as binary packets; a broken packet is reported and the stream goes on', () => {
    const port = make();
    const client = createPortClient(port);
    const frames: FrameEvent[] = [];
    const logs: string[] = [];
    client.onDidReceiveFrame((f) => frames.push(f));
    client.onDidLog((l) => logs.push(l.message));
    const socket = FakeSocket.instances[0];
    socket.open();
    const packet = (seq: number) => packFrameEvent({ kind: 'event', event: 'frame', payload: makeFrame(seq, [true]) } as never);
    socket.receiveBinary(packet(1));
    socket.receiveBinary(packet(2).subarray(0, 30)); // cut short
    socket.receiveBinary(packet(3));
    expect(frames.map((f) => f.result.seq)).toEqual([1, 3]);
    expect([...frames[0].preview!.data]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(logs).toEqual([expect.stringMatching(/The host sent a broken frame: frame packet truncated/)]);
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
