import { beforeEach, describe, expect, it } from 'vitest';
import { EngineBridge, DEFAULT_LIMITS, type SocketLike } from '../../src-web/engine-bridge.js';
import { MAX_INBOUND_MESSAGE_BYTES } from '../../src-shared/messages.js';
import { FakeEngine } from './fake-engine.js';
import { unpackFrameEvent } from '../../src-shared/frame-packet.js';

class FakeSocket implements SocketLike {
  bufferedAmount = 0;
  readyState = 1;
  sent: unknown[] = [];
  terminated = false;
  binary = 0;
  send(data: string | Uint8Array) {
    if (typeof data === 'string') return void this.sent.push(JSON.parse(data));
    this.binary++;
    const unpacked = unpackFrameEvent(data);
    if (!unpacked.ok) throw new Error(unpacked.error);
    this.sent.push(unpacked.message);
  }
  close() {
    this.readyState = 3;
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
  }
  frames() {
    return this.sent.filter((m) => (m as { event?: string }).event === 'frame') as { payload: { result: { seq: number }; preview: unknown } }[];
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const req = (id: number, method: string, params: unknown = {}) => JSON.stringify({ kind: 'request', id, method, params });

let engine: FakeEngine;
let logs: string[];
let bridge: EngineBridge;
beforeEach(() => {
  engine = new FakeEngine();
  logs = [];
  bridge = new EngineBridge(engine, (l) => logs.push(l));
});

describe('EngineBridge requests', () => {
  it('forwards a valid request and routes the answer back with the client id', async () => {
    const a = new FakeSocket();
    const b = new FakeSocket();
    const ha = bridge.connect(a);
    const hb = bridge.connect(b);
    ha.onMessage(req(1, 'engine.hello'), false);
    hb.onMessage(req(1, 'engine.hello'), false);
    await tick();
    expect(new Set(engine.received.map((r) => r.id)).size).toBe(2); // renumbered: both clients used id 1
    expect(a.sent).toEqual([{ kind: 'response', id: 1, result: { ok: true, value: { engine: 'fake', opencv: '4.6.0', pid: 1 } } }]);
    expect(b.sent).toHaveLength(1);
  });

  it('refuses malformed JSON with an error event and a log line, and keeps serving', async () => {
    const s = new FakeSocket();
    const h = bridge.connect(s);
    h.onMessage('{"kind":"request", nope', false);
    expect(s.sent[0]).toMatchObject({ kind: 'event', event: 'log', payload: { level: 'error' } });
    expect(logs[0]).toMatch(/refused a message from client 1: bad-request: message is not valid JSON/);
    expect(engine.received).toHaveLength(0);
    h.onMessage(req(2, 'engine.hello'), false);
    await tick();
    expect(s.sent[1]).toMatchObject({ kind: 'response', id: 2, result: { ok: true } });
  });

  it('answers a request with bad params by id, naming the field', () => {
    const s = new FakeSocket();
    bridge.connect(s).onMessage(req(5, 'view.configure', { width: 3, height: 100 }), false);
    expect(s.sent[0]).toMatchObject({ kind: 'response', id: 5, result: { ok: false, error: { code: 'bad-request' } } });
    expect((s.sent[0] as { result: { error: { message: string } } }).result.error.message).toMatch(/width/);
    expect(engine.received).toHaveLength(0);
  });

  it('refuses an oversized message before parsing it', () => {
    const s = new FakeSocket();
    const big = req(6, 'engine.hello').replace('{}', JSON.stringify({ pad: 'x'.repeat(MAX_INBOUND_MESSAGE_BYTES) }));
    bridge.connect(s).onMessage(Buffer.from(big), false);
    expect(s.sent[0]).toMatchObject({ kind: 'event', event: 'log', payload: { message: expect.stringMatching(/exceeds the 1048576-byte limit/) } });
    expect(logs[0]).toMatch(/too-large/);
    expect(engine.received).toHaveLength(0);
  });

  it('refuses binary frames', () => {
    const s = new FakeSocket();
    bridge.connect(s).onMessage(Buffer.from([1, 2, 3]), true);
    expect(logs[0]).toMatch(/binary messages/);
  });

  it('drops answers for a client that left', async () => {
    const s = new FakeSocket();
    const h = bridge.connect(s);
    h.onMessage(req(1, 'engine.hello'), false);
    h.onClose();
    await tick();
    expect(s.sent).toHaveLength(0);
    expect(bridge.stats().requestsInFlight).toBe(0);
  });
});

describe('EngineBridge previews (latest-wins across the socket)', () => {
  it('sends a frame with a picture as one binary packet, bytes intact, and a frame without as JSON text', async () => {
    const s = new FakeSocket();
    const h = bridge.connect(s);
    engine.frame(1);
    expect(s.binary).toBe(1);
    expect([...(s.frames()[0].payload.preview as { data: Uint8Array }).data]).toEqual([0x41, 0x42, 0x43]);
    engine.frame(2); // not acked yet: withheld, so it goes as text with no picture
    expect(s.binary).toBe(1);
    expect(s.frames()[1].payload.preview).toBeNull();
    h.onMessage(req(10, 'preview.ack', { seq: 1 }), false);
    await tick();
    engine.frame(3);
    expect(s.binary).toBe(2);
  });

  it('sends the next preview only after the client acked the last', async () => {
    const s = new FakeSocket();
    const h = bridge.connect(s);
    engine.frame(1);
    engine.frame(2); // the engine's gate timed out, or a second engine frame raced: client still busy
    expect(s.frames().map((f) => f.payload.preview !== null)).toEqual([true, false]);
    h.onMessage(req(10, 'preview.ack', { seq: 1 }), false);
    await tick();
    engine.frame(3);
    expect(s.frames()[2].payload.preview).not.toBeNull();
    // The client's ack of 1 released the engine's newest (withheld) preview 2: one ack, for the newest.
    expect(engine.acks()).toEqual([2]);
  });

  it('acks the engine once per preview, whichever client paints first', async () => {
    const a = new FakeSocket();
    const b = new FakeSocket();
    const ha = bridge.connect(a);
    const hb = bridge.connect(b);
    engine.frame(1);
    hb.onMessage(req(1, 'preview.ack', { seq: 1 }), false);
    ha.onMessage(req(1, 'preview.ack', { seq: 1 }), false);
    await tick();
    expect(engine.acks()).toEqual([1]);
    // Both clients still get an answer to their ack.
    expect(a.sent.at(-1)).toMatchObject({ kind: 'response', id: 1, result: { ok: true, value: { seq: 1 } } });
    expect(b.sent.at(-1)).toMatchObject({ kind: 'response', id: 1, result: { ok: true } });
  });

  it('withholds previews from a backed-up socket and skips frames when it is far behind', () => {
    const s = new FakeSocket();
    bridge.connect(s);
    s.bufferedAmount = DEFAULT_LIMITS.previewHighWater + 1;
    engine.frame(1);
    expect(s.frames()[0].payload.preview).toBeNull();
    s.bufferedAmount = DEFAULT_LIMITS.frameHighWater + 1;
    engine.frame(2);
    expect(s.frames()).toHaveLength(1);
    expect(bridge.stats()).toMatchObject({ previewsWithheld: 1, framesSkipped: 1 });
  });

  it('releases the engine when nobody could take the preview, so the picture never freezes', async () => {
    const s = new FakeSocket();
    bridge.connect(s);
    s.bufferedAmount = DEFAULT_LIMITS.previewHighWater + 1;
    engine.frame(4);
    await tick();
    expect(engine.acks()).toEqual([4]);
  });

  it('acks on behalf of a client that left holding the preview', async () => {
    const s = new FakeSocket();
    const h = bridge.connect(s);
    engine.frame(8);
    h.onClose();
    await tick();
    expect(engine.acks()).toEqual([8]);
  });

  it('waits for a painting client rather than releasing the engine early', async () => {
    const painting = new FakeSocket();
    const backedUp = new FakeSocket();
    const h = bridge.connect(painting);
    bridge.connect(backedUp);
    backedUp.bufferedAmount = DEFAULT_LIMITS.previewHighWater + 1;
    engine.frame(1);
    await tick();
    expect(engine.acks()).toEqual([]);
    h.onMessage(req(3, 'preview.ack', { seq: 1 }), false);
    await tick();
    expect(engine.acks()).toEqual([1]);
  });

  it('stops waiting for a client that has not acked for a second (a hidden tab)', async () => {
    let now = 0;
    bridge.dispose();
    bridge = new EngineBridge(engine, (l) => logs.push(l), DEFAULT_LIMITS, () => now);
    const hidden = new FakeSocket();
    const backedUp = new FakeSocket();
    bridge.connect(hidden);
    bridge.connect(backedUp);
    engine.frame(1); // hidden tab takes it and never paints
    backedUp.bufferedAmount = DEFAULT_LIMITS.previewHighWater + 1;
    now = 500;
    engine.frame(2);
    await tick();
    expect(engine.acks()).toEqual([]);
    now = 1500;
    engine.frame(3);
    await tick();
    expect(engine.acks()).toEqual([3]);
  });

  it('disconnects a client that stopped reading entirely', () => {
    const s = new FakeSocket();
    bridge.connect(s);
    s.bufferedAmount = DEFAULT_LIMITS.killHighWater + 1;
    engine.emit({ kind: 'event', event: 'status', payload: {} });
    expect(s.terminated).toBe(true);
    expect(bridge.stats().clients).toBe(0);
  });
});

describe('EngineBridge.replaceEngine (after an engine crash)', () => {
  it('fails requests the dead engine held, tells every client, and moves traffic to the new engine', async () => {
    // A dead engine: it takes requests and never answers.
    const held: unknown[] = [];
    const dead = { postMessage: (m: unknown) => void held.push(m), onMessage: () => () => {} };
    const b = new EngineBridge(dead, (l) => logs.push(l));
    const a = new FakeSocket();
    const other = new FakeSocket();
    const ha = b.connect(a);
    b.connect(other);
    ha.onMessage(req(7, 'run.start'), false);
    expect(held).toHaveLength(1);

    const next = new FakeEngine();
    b.replaceEngine(next, 'the engine stopped (SIGKILL); restarted');
    expect(a.sent[0]).toEqual({ kind: 'response', id: 7, result: { ok: false, error: { code: 'internal', message: 'the engine stopped (SIGKILL); restarted' } } });
    for (const s of [a, other]) {
      expect(s.sent).toContainEqual({ kind: 'event', event: 'log', payload: { level: 'error', message: 'the engine stopped (SIGKILL); restarted', atMs: expect.any(Number) } });
    }
    // The bridge asks the new engine for its status and broadcasts the answer as a status event.
    await tick();
    expect(next.received.map((r) => r.method)).toEqual(['status.get']);
    for (const s of [a, other]) expect(s.sent.at(-1)).toMatchObject({ kind: 'event', event: 'status' });
    expect(b.stats().requestsInFlight).toBe(0);

    ha.onMessage(req(8, 'engine.hello'), false);
    await tick();
    expect(a.sent.at(-1)).toMatchObject({ kind: 'response', id: 8, result: { ok: true } });
    expect(held).toHaveLength(1); // nothing more went to the dead engine
  });

  it('forgets the preview the dead engine was waiting on, so the new engine’s first preview is delivered', async () => {
    const s = new FakeSocket();
    bridge.connect(s);
    engine.frame(40); // delivered, not acked
    const next = new FakeEngine();
    bridge.replaceEngine(next, 'restarted');
    next.frame(1); // the new engine counts from the start again
    expect(s.frames().at(-1)!.payload.preview).not.toBeNull();
    engine.frame(41); // late traffic from the old port is ignored
    expect(s.frames().at(-1)!.payload.result.seq).toBe(1);
  });
});

describe('EngineBridge side services', () => {
  it('routes each namespace to its service and answers with the client id; their events reach every client', async () => {
    const trainer = new FakeEngine();
    bridge.attachService('trainer', trainer);
    const a = new FakeSocket();
    const b = new FakeSocket();
    const ha = bridge.connect(a);
    bridge.connect(b);
    ha.onMessage(req(7, 'train.status'), false);
    ha.onMessage(req(8, 'engine.hello'), false);
    await tick();
    expect(trainer.received.map((r) => r.method)).toEqual(['train.status']);
    expect(engine.received.map((r) => r.method)).toEqual(['engine.hello']);
    expect(a.sent.map((m) => (m as { id: number }).id).sort()).toEqual([7, 8]);
    trainer.emit({ kind: 'event', event: 'train.progress', payload: { runId: 'r1' } });
    expect(b.sent).toContainEqual({ kind: 'event', event: 'train.progress', payload: { runId: 'r1' } });
  });

  it('answers a request for a service that is not running at once, and the engine keeps serving', async () => {
    const s = new FakeSocket();
    const h = bridge.connect(s);
    h.onMessage(req(1, 'runs.list'), false);
    h.onMessage(req(2, 'engine.hello'), false);
    await tick();
    expect(s.sent).toContainEqual({
      kind: 'response',
      id: 1,
      result: { ok: false, error: { code: 'internal', message: 'the workbench (review, labels, run monitor) is not running; runs.list cannot be served', subject: 'runs.list' } },
    });
    expect(s.sent).toContainEqual(expect.objectContaining({ kind: 'response', id: 2, result: expect.objectContaining({ ok: true }) }));
  });

  it('fails what a restarted service held, and routes to the new process', async () => {
    const silent = { received: [] as unknown[], postMessage(m: unknown) { this.received.push(m); }, onMessage: () => () => undefined };
    bridge.attachService('workbench', silent);
    const s = new FakeSocket();
    const h = bridge.connect(s);
    h.onMessage(req(3, 'runs.list'), false);
    await tick();
    expect(silent.received).toHaveLength(1);
    const fresh = new FakeEngine();
    bridge.attachService('workbench', fresh, 'the workbench stopped and was restarted');
    expect(s.sent).toContainEqual({ kind: 'response', id: 3, result: { ok: false, error: { code: 'internal', message: 'the workbench stopped and was restarted' } } });
    h.onMessage(req(4, 'runs.list'), false);
    await tick();
    expect(fresh.received.map((r) => r.method)).toEqual(['runs.list']);
  });
});
