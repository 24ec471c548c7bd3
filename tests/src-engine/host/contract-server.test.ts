// The generic server of a service's namespace: validated requests reach their
// handler, everything else is answered with an error naming what was wrong, and
// the server keeps serving.
import { afterEach, describe, expect, it } from 'vitest';
import { ContractServer } from '../../../src-engine/host/contract-server.js';
import { createMemoryPortPair, type MemoryPortPair } from '../../../src-engine/host/memory-port.js';
import { ok } from '../../../src-shared/result.js';

let pair: MemoryPortPair;
afterEach(() => pair?.close());

function setUp(handlers: ConstructorParameters<typeof ContractServer<'runs.list' | 'runs.open'>>[2]) {
  pair = createMemoryPortPair();
  const logs: string[] = [];
  const server = new ContractServer(pair.engine, 'workbench', handlers, (level, message) => logs.push(`${level}: ${message}`));
  const received: { kind: string; id?: number; event?: string; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }[] = [];
  pair.client.onMessage((m) => received.push(m as (typeof received)[number]));
  const answer = async (id: number) => {
    for (let i = 0; i < 100 && !received.some((m) => m.kind === 'response' && m.id === id); i++) await new Promise((r) => setTimeout(r, 5));
    return received.find((m) => m.kind === 'response' && m.id === id)!.result!;
  };
  return { server, logs, received, answer, send: (msg: unknown) => pair.client.postMessage(msg) };
}

const snapshot = { logdirs: [], runs: [], problems: [] };

describe('ContractServer', () => {
  it('hands validated params to the handler and answers with its result', async () => {
    const seen: unknown[] = [];
    const t = setUp({ 'runs.list': () => ok(snapshot), 'runs.open': (p) => (seen.push(p), ok(snapshot)) });
    t.send({ kind: 'request', id: 1, method: 'runs.open', params: { logdir: '/tmp/x' } });
    expect(await t.answer(1)).toEqual({ ok: true, value: snapshot });
    expect(seen).toEqual([{ logdir: '/tmp/x' }]);
  });

  it('refuses bad params, a method of another service and a throwing handler, and keeps serving', async () => {
    const t = setUp({
      'runs.list': () => ok(snapshot),
      'runs.open': () => {
        throw new Error('disk on fire');
      },
    });
    t.send({ kind: 'request', id: 1, method: 'runs.open', params: { logdir: 42 } });
    t.send({ kind: 'request', id: 2, method: 'train.start', params: { config: { data: { kind: 'synthetic' } } } });
    t.send({ kind: 'request', id: 3, method: 'runs.open', params: { logdir: '/tmp/x' } });
    t.send({ kind: 'request', id: 4, method: 'runs.list', params: {} });
    const bad = await t.answer(1);
    expect(bad.ok).toBe(false);
    expect(bad.error!.message).toMatch(/invalid params for runs\.open.*logdir/);
    const elsewhere = await t.answer(2);
    expect(elsewhere.error).toMatchObject({ code: 'bad-request', message: 'train.start is not served by the workbench (review, labels, run monitor)' });
    const thrown = await t.answer(3);
    expect(thrown.error).toMatchObject({ code: 'internal' });
    expect(thrown.error!.message).toMatch(/disk on fire/);
    expect(await t.answer(4)).toEqual({ ok: true, value: snapshot });
    expect(t.logs.some((l) => l.startsWith('error: runs.open failed: disk on fire'))).toBe(true);
  });

  it('pushes events and stops after dispose', async () => {
    const t = setUp({ 'runs.list': () => ok(snapshot), 'runs.open': () => ok(snapshot) });
    t.server.emit('runs.update', { runs: [], appended: [], removed: ['a'], problems: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(t.received).toEqual([{ kind: 'event', event: 'runs.update', payload: { runs: [], appended: [], removed: ['a'], problems: [] } }]);
    t.server.dispose();
    t.send({ kind: 'request', id: 9, method: 'runs.list', params: {} });
    await new Promise((r) => setTimeout(r, 20));
    expect(t.received).toHaveLength(1);
  });
});
