// The port adapters, with structural fakes for Electron's MessagePortMain / parentPort.
import { describe, expect, it } from 'vitest';
import { acceptParentPorts, type MessagePortLike } from '../../../src-engine/host/utility-port.js';
import { createSwitchablePort } from '../../../src-engine/host/switchable-port.js';
import { createMemoryPortPair } from '../../../src-engine/host/memory-port.js';
import { parseInbound } from '../../../src-engine/host/inbound.js';

class FakeMessagePort implements MessagePortLike {
  started = false;
  sent: unknown[] = [];
  private listeners: ((e: { data: unknown }) => void)[] = [];
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  on(event: 'message' | 'close', listener: never) {
    if (event === 'message') this.listeners.push(listener);
    return this;
  }
  start() {
    this.started = true;
  }
  deliver(data: unknown) {
    for (const l of this.listeners) l({ data });
  }
}

describe('utility process ports', () => {
  it('adopts the MessagePort main hands over, starts it and carries messages both ways', () => {
    let onParentMessage: ((e: { data: unknown; ports: MessagePortLike[] }) => void) | null = null;
    const parentPort = { on: (_: 'message', l: typeof onParentMessage) => (onParentMessage = l) };
    const raw = new FakeMessagePort();
    const received: unknown[] = [];
    acceptParentPorts(parentPort, (port) => {
      port.onMessage((m) => received.push(m));
      port.postMessage({ kind: 'event' });
    });
    onParentMessage!({ data: 'port', ports: [] }); // no port: ignored
    onParentMessage!({ data: 'port', ports: [raw] });
    expect(raw.started).toBe(true);
    expect(raw.sent).toEqual([{ kind: 'event' }]);
    raw.deliver({ kind: 'request' });
    expect(received).toEqual([{ kind: 'request' }]);
  });

  it('a switchable port follows the newest window and drops traffic from the old one', () => {
    const port = createSwitchablePort();
    const received: unknown[] = [];
    port.onMessage((m) => received.push(m));
    port.postMessage('before any window'); // no one to tell: dropped, not thrown
    const a = new FakeMessagePort();
    const b = new FakeMessagePort();
    acceptParentPorts({ on: (_e, l) => l({ data: null, ports: [a] }) }, (p) => port.attach(p));
    port.postMessage('to a');
    acceptParentPorts({ on: (_e, l) => l({ data: null, ports: [b] }) }, (p) => port.attach(p));
    port.postMessage('to b');
    a.deliver('stale');
    b.deliver('fresh');
    expect(a.sent).toEqual(['to a']);
    expect(b.sent).toEqual(['to b']);
    expect(received).toEqual(['fresh']);
  });
});

describe('memory port pair', () => {
  it('delivers asynchronously and by copy', async () => {
    const pair = createMemoryPortPair();
    const got: unknown[] = [];
    pair.engine.onMessage((m) => got.push(m));
    const msg = { a: [1, 2], bytes: new Uint8Array([1, 2, 3]) };
    pair.client.postMessage(msg);
    expect(got).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([msg]);
    expect(got[0]).not.toBe(msg);
    expect(() => pair.client.postMessage({ f: () => 1 })).toThrow();
  });
});

describe('parseInbound', () => {
  it('accepts JSON text as relayed by a text transport', () => {
    const parsed = parseInbound('{"kind":"request","id":3,"method":"view.configure","params":{"width":640,"height":480}}');
    expect(parsed).toEqual({ ok: true, request: { id: 3, method: 'view.configure', params: { width: 640, height: 480, format: 'jpeg' } } });
  });

  it('refuses oversized text before parsing it', () => {
    const parsed = parseInbound('x'.repeat(2000), 1000);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/2000 bytes exceeds the 1000-byte limit/);
  });

  it('refuses what cannot be serialized, keeping the id when there is one', () => {
    const cyclic: Record<string, unknown> = { kind: 'request', id: 4, method: 'engine.hello' };
    cyclic.params = cyclic;
    const parsed = parseInbound(cyclic);
    expect(parsed).toMatchObject({ ok: false, id: 4, error: { code: 'bad-request' } });
    expect(parseInbound(10n)).toMatchObject({ ok: false, id: null });
  });
});
