// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { isReactive } from 'vue';
import { useLiveStore, TABLE_REFRESH_MS } from '../../src-renderer/stores/live.js';
import { useErrorsStore } from '../../src-renderer/stores/errors.js';
import { useTrendsStore } from '../../src-renderer/stores/trends.js';
import { fail } from '../../src-shared/result.js';
import { makeFrame, makeStatus, type FakeClient } from './fixtures.js';
import { setupStores } from './setup-stores.js';

let client: FakeClient;
beforeEach(() => {
  ({ client } = setupStores());
});

describe('live store', () => {
  it('takes frames from the client once attached, without deep reactivity', () => {
    const live = useLiveStore();
    live.attach();
    client.emitFrame(makeFrame(1, [true, false]));
    expect(live.latest?.seq).toBe(1);
    expect(isReactive(live.latest)).toBe(false);
    expect(live.pendingPreview?.event.result.seq).toBe(1);
  });

  it('leaves the picture alone for frames whose preview was withheld (latest-wins)', () => {
    const live = useLiveStore();
    live.attach();
    client.emitFrame(makeFrame(1, [true]));
    live.pendingPreview = null;
    client.emitFrame(makeFrame(2, [true], false));
    expect(live.latest?.seq).toBe(2);
    expect(live.pendingPreview).toBeNull();
  });

  it('throttles the table but always shows the last frame once the stream pauses', async () => {
    const live = useLiveStore();
    live.attach();
    client.emitFrame(makeFrame(1, [true]));
    client.emitFrame(makeFrame(2, [true, true]));
    expect(live.tableResult?.seq).toBe(1); // the second came within the refresh interval
    await new Promise((r) => setTimeout(r, TABLE_REFRESH_MS + 20));
    expect(live.tableResult?.seq).toBe(2);
  });

  it('counts frames it never received', () => {
    const live = useLiveStore();
    live.attach();
    client.emitFrame(makeFrame(1, []));
    client.emitFrame(makeFrame(5, []));
    expect(live.seqGaps).toBe(3);
  });

  it('acks a preview with its seq and records latency once painted', async () => {
    const live = useLiveStore();
    live.ingestStatus(makeStatus({ running: true }));
    const frame = makeFrame(7, [true]);
    live.showFrame(frame);
    await live.ackPreview(7);
    live.previewPainted(frame, frame.capturedAtMs + 12);
    expect(client.requests.at(-1)).toEqual({ method: 'preview.ack', params: { seq: 7 } });
    expect(live.shown?.seq).toBe(7);
    expect(live.probe().latencyP50).toBe(13); // upper edge of the 12 ms bin
  });

  it('does not count latency of a picture shown while stopped (it may be minutes old)', () => {
    const live = useLiveStore();
    const frame = makeFrame(1, [true]);
    live.previewPainted(frame, frame.capturedAtMs + 60_000);
    expect(live.probe().latencySamples).toBe(0);
  });

  it('goes offline when the transport says so, and counts reconnections', async () => {
    let drop: () => void = () => {};
    client.onDidDisconnect = (l: () => void) => ((drop = l), () => {});
    const live = useLiveStore();
    live.attach();
    await live.hello();
    expect([live.connected, live.connectionEpoch]).toEqual([true, 1]);
    drop();
    expect(live.connected).toBe(false);
    await live.hello();
    expect([live.connected, live.connectionEpoch]).toEqual([true, 2]);
  });

  it('feeds every result into the trends', () => {
    const live = useLiveStore();
    const trends = useTrendsStore();
    live.attach();
    for (let i = 0; i < 20; i++) live.ingestFrame({ ...makeFrame(i, [true]), result: { ...makeFrame(i, [true]).result } });
    expect(trends.buffers.get('area')).toBeDefined();
  });

  it('derives part and frame yield from the engine counters', () => {
    const live = useLiveStore();
    live.ingestStatus(makeStatus({ counters: { frames: 10, framesOk: 8, framesNg: 2, objectsOk: 95, objectsNg: 5, previewsDropped: 0, framesSkipped: 0, framesMissed: 0 } }));
    expect(live.partYieldPct).toBe(95);
    expect(live.frameYieldPct).toBe(80);
  });

  it('reports a new engine lastError once, not on every status', () => {
    const live = useLiveStore();
    const errors = useErrorsStore();
    const lastError = { code: 'bad-source', message: 'camera 3 not found' };
    live.ingestStatus(makeStatus({ lastError }));
    live.ingestStatus(makeStatus({ lastError }));
    expect(errors.items).toHaveLength(1);
    expect(errors.current?.message).toBe('camera 3 not found');
  });

  it('starts and stops the run with the matching requests', async () => {
    const live = useLiveStore();
    client.responders.set('run.start', () => ({ ok: true, value: makeStatus({ running: true }) }));
    await live.toggleRun();
    expect(live.running).toBe(true);
    await live.toggleRun();
    expect(client.methods()).toEqual(['run.start', 'run.stop']);
    expect(live.running).toBe(false);
  });

  it('shows a refused request in the error store with the method that failed', async () => {
    const live = useLiveStore();
    client.responders.set('source.open', () => fail('bad-source', 'no such folder', '/nope'));
    expect(await live.openSource({ kind: 'folder', path: '/nope' })).toBe(false);
    expect(useErrorsStore().current).toMatchObject({ origin: 'source.open', code: 'bad-source', subject: '/nope' });
  });

  it('turns a transport that throws into an error, not an unhandled rejection', async () => {
    const live = useLiveStore();
    client.responders.set('run.start', () => {
      throw new Error('port closed');
    });
    expect(await live.start()).toBe(false);
    expect(useErrorsStore().current?.message).toBe('port closed');
  });
});
