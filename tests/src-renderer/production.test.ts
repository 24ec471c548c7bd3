// @vitest-environment happy-dom
// The operator's production side in the page: the NG strip keeps every NG
// frame (up to its cap and window), the alarm banner shows the rule and takes
// an acknowledgement (button or A) only with the operator's name, which is kept
// in localStorage; a refused acknowledgement leaves the alarm up and says why;
// the lot form starts a lot with the operator's name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import AlarmBanner from '../../src-renderer/components/AlarmBanner.vue';
import LotPanel from '../../src-renderer/components/LotPanel.vue';
import NgStrip from '../../src-renderer/components/NgStrip.vue';
import { OPERATOR_KEY, useProductionStore } from '../../src-renderer/stores/production.js';
import { useErrorsStore } from '../../src-renderer/stores/errors.js';
import { NgStripBuffer } from '../../src-renderer/lib/ng-strip-buffer.js';
import { ngHistoryPicture } from '../../src-renderer/lib/ng-history-picture.js';
import type { AlarmInfo, NgFrameEvent } from '../../src-shared/production-contract.js';
import { fail } from '../../src-shared/result.js';
import { makeProductionStatus, makeStatus } from './fixtures.js';
import { setupStores } from './setup-stores.js';

function ngEvent(seq: number): NgFrameEvent {
  return {
    seq,
    timestampMs: 1_000_000 + seq,
    width: 1280,
    height: 1024,
    recipe: { name: 'discs', version: 1 },
    lotId: null,
    runId: 3,
    reasons: ['circularity'],
    objects: [
      { id: 1, part: null, ok: false, outline: [[10, 10], [90, 10], [90, 90]], messages: ['circularity 0.70 below min 0.85'] },
      { id: 2, part: null, ok: true, outline: [[200, 10], [290, 10], [290, 90]], messages: [] },
    ],
    thumbnail: { mime: 'image/jpeg', width: 160, height: 128, base64: '/9j/2Q==' },
  };
}

const alarm = (over: Partial<AlarmInfo> = {}): AlarmInfo => ({
  id: 7,
  kind: 'consecutive-ng',
  message: '5 NG parts in a row',
  raisedAtMs: Date.parse('2026-12-01T07:00:00Z'),
  active: true,
  clearedAtMs: null,
  acknowledgedBy: null,
  acknowledgedAtMs: null,
  ...over,
});

function mountWith<T>(component: T, stores = setupStores()) {
  const wrapper = mount(component as never, { global: { plugins: [stores.pinia], provide: { [LOUPE_CLIENT as symbol]: stores.client } }, attachTo: document.body });
  return { wrapper, ...stores };
}

beforeEach(() => localStorage.clear());
afterEach(() => (document.body.innerHTML = ''));

describe('NgStripBuffer', () => {
  it('keeps the newest entries up to its cap and drops those older than its window, counting every one received', () => {
    const buffer = new NgStripBuffer(60_000, 3);
    for (let i = 1; i <= 5; i++) buffer.push(ngEvent(i), i * 1000);
    expect(buffer.received).toBe(5);
    expect(buffer.newestFirst().map((e) => e.event.seq)).toEqual([5, 4, 3]);
    buffer.expire(64_500); // 3 s and 4 s are more than a minute old; 5 s is not
    expect(buffer.newestFirst().map((e) => e.event.seq)).toEqual([5]);
    expect(buffer.received).toBe(5);
  });
});

describe('NG strip', () => {
  it('lists every NG frame event, newest first, and opens one on click', async () => {
    const { wrapper, client } = mountWith(NgStrip);
    const production = useProductionStore();
    production.attach();
    for (let seq = 1; seq <= 12; seq++) client.emitEvent('production.ng', ngEvent(seq));
    production.publishStrip();
    await flushPromises();
    const entries = wrapper.findAll('[data-testid="ng-entry"]');
    expect(entries.map((e) => e.attributes('data-seq'))).toEqual(['12', '11', '10', '9', '8', '7', '6', '5', '4', '3', '2', '1']);
    expect(wrapper.find('[data-testid="ng-strip-count"]').text()).toBe('12');
    expect(entries[0].findAll('[data-testid="ng-outline"]').map((p) => p.attributes('data-ok'))).toEqual(['false', 'true']);
    expect(entries[0].find('image').attributes('href')).toBe('data:image/jpeg;base64,/9j/2Q==');
    await entries[0].trigger('click');
    expect(production.opened?.event.seq).toBe(12);
  });

  it('past its cap it shows the newest 300 but still counts them all', () => {
    setupStores();
    const production = useProductionStore();
    for (let seq = 1; seq <= 350; seq++) production.ingestNg(ngEvent(seq), Date.now());
    production.publishStrip();
    expect(production.ngReceived).toBe(350);
    expect(production.stripEntries).toHaveLength(300);
    expect(production.stripEntries[0].event.seq).toBe(350);
  });
});

describe('Alarm banner', () => {
  it('shows the rule and takes an acknowledgement only once the operator has a name, which is kept', async () => {
    const stores = setupStores();
    stores.client.responders.set('production.ackAlarm', (params) => ({
      ok: true,
      value: alarm({ acknowledgedBy: (params as { by: string }).by, acknowledgedAtMs: Date.now() }),
    }));
    const { wrapper, client } = mountWith(AlarmBanner, stores);
    const production = useProductionStore();
    production.attach();
    await flushPromises();
    expect(wrapper.find('[data-testid="alarm-banner"]').exists()).toBe(false);

    client.emitEvent('production.alarm', { change: 'raised', alarm: alarm() });
    await flushPromises();
    expect(wrapper.find('[data-testid="alarm-message"]').text()).toBe('5 NG parts in a row');
    const ack = wrapper.find('[data-testid="alarm-ack"]');
    expect(ack.attributes('disabled')).toBeDefined();

    const name = wrapper.find('[data-testid="operator-name"]');
    await name.setValue('  Ana ');
    await name.trigger('change');
    expect(localStorage.getItem(OPERATOR_KEY)).toBe('Ana');
    expect(wrapper.find('[data-testid="alarm-ack"]').attributes('disabled')).toBeUndefined();

    await wrapper.find('[data-testid="alarm-ack"]').trigger('click');
    await flushPromises();
    expect(client.requests.filter((r) => r.method === 'production.ackAlarm').map((r) => r.params)).toEqual([{ alarmId: 7, by: 'Ana' }]);
    // Still active, so it stays up, marked with who acknowledged it.
    expect(wrapper.find('[data-testid="alarm-acked-by"]').text()).toMatch(/acknowledged by Ana/);
    expect(wrapper.find('[data-testid="alarm-ack"]').exists()).toBe(false);

    client.emitEvent('production.alarm', { change: 'closed', alarm: alarm({ active: false, acknowledgedBy: 'Ana' }) });
    await flushPromises();
    expect(wrapper.find('[data-testid="alarm-banner"]').exists()).toBe(false);
  });

  it('A acknowledges the oldest waiting alarm with the stored name', async () => {
    localStorage.setItem(OPERATOR_KEY, 'Bo');
    const stores = setupStores();
    stores.client.responders.set('production.ackAlarm', () => ({ ok: true, value: alarm({ id: 3, active: false, clearedAtMs: 1, acknowledgedBy: 'Bo', acknowledgedAtMs: 2 }) }));
    const { wrapper, client } = mountWith(AlarmBanner, stores);
    const production = useProductionStore();
    production.ingestStatus(makeStatus({ production: makeProductionStatus({ openAlarms: [alarm({ id: 9, kind: 'ng-rate', message: 'NG rate 30.0%' }), alarm({ id: 3 })] }) }));
    await flushPromises();
    expect(wrapper.findAll('[data-testid="alarm"]').map((a) => a.attributes('data-alarm-id'))).toEqual(['3', '9']);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await flushPromises();
    expect(client.requests.filter((r) => r.method === 'production.ackAlarm').map((r) => r.params)).toEqual([{ alarmId: 3, by: 'Bo' }]);
    expect(wrapper.findAll('[data-testid="alarm"]').map((a) => a.attributes('data-alarm-id'))).toEqual(['9']);
  });

  it('a refused acknowledgement leaves the alarm waiting and says why', async () => {
    localStorage.setItem(OPERATOR_KEY, 'Ana');
    const stores = setupStores();
    stores.client.responders.set('production.ackAlarm', () => fail('internal', 'the acknowledgement of alarm 7 could not be recorded; try again: disk full'));
    const { wrapper, client } = mountWith(AlarmBanner, stores);
    useProductionStore().attach();
    await flushPromises();
    client.emitEvent('production.alarm', { change: 'raised', alarm: alarm() });
    await flushPromises();
    await wrapper.find('[data-testid="alarm-ack"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="alarm-ack"]').exists()).toBe(true);
    expect(useErrorsStore().current?.message).toMatch(/disk full/);
  });

  it('without a name the shortcut asks for one instead of acknowledging', async () => {
    const { client } = mountWith(AlarmBanner);
    const production = useProductionStore();
    production.ingestAlarm({ change: 'raised', alarm: alarm() });
    expect(await production.acknowledgeFirst()).toBe(false);
    expect(client.methods()).not.toContain('production.ackAlarm');
    expect(useErrorsStore().current?.message).toMatch(/enter your name/);
  });
});

describe('Lot panel', () => {
  it('starts a lot with the operator name and shows the lot and shift counters', async () => {
    localStorage.setItem(OPERATOR_KEY, 'Ana');
    const stores = setupStores();
    const lot = { lotId: 'L-9', product: 'washer', operator: 'Ana', startedAtMs: 1, endedAtMs: null };
    let running = false;
    stores.client.responders.set('production.startLot', () => {
      running = true;
      return { ok: true, value: { lot, ended: null } };
    });
    stores.client.responders.set('production.status', () => ({
      ok: true,
      value: makeProductionStatus(
        running
          ? { lot, lotCounters: { frames: 10, framesNg: 4, partsOk: 36, partsNg: 4, ngByReason: {} }, shiftCounters: { frames: 30, framesNg: 9, partsOk: 111, partsNg: 9, ngByReason: {} } }
          : {},
      ),
    }));
    const { wrapper, client } = mountWith(LotPanel, stores);
    useProductionStore().attach();
    await flushPromises();
    expect(wrapper.find('[data-testid="lot-current"]').text()).toBe('No lot running');
    await wrapper.find('[data-testid="lot-id"]').setValue('L-9');
    await wrapper.find('[data-testid="lot-product"]').setValue('washer');
    await wrapper.find('[data-testid="lot-form"]').trigger('submit');
    await flushPromises();
    expect(client.requests.find((r) => r.method === 'production.startLot')?.params).toEqual({ lotId: 'L-9', product: 'washer', operator: 'Ana' });
    expect(wrapper.find('[data-testid="lot-current"]').text()).toMatch(/L-9/);
    expect(wrapper.find('[data-testid="lot-counters"]').text()).toMatch(/10\s*4\s*36\s*4\s*10\.0 %/);
    expect(wrapper.find('[data-testid="shift-counters"]').text()).toMatch(/early\s*30/);
  });

  it('says that nothing is counted when the engine has no data folder', async () => {
    const stores = setupStores();
    stores.client.responders.set('production.status', () => fail('bad-request', 'lots, shift counters and alarms need a data folder'));
    const { wrapper } = mountWith(LotPanel, stores);
    useProductionStore().attach();
    await flushPromises();
    expect(wrapper.find('[data-testid="lot-off"]').text()).toMatch(/nothing is being counted/);
  });
});

describe('Alarm rules', () => {
  it('sends the rules as edited, and a refusal shows the engine reason', async () => {
    const stores = setupStores();
    let refuse = false;
    stores.client.responders.set('production.alarmConfig', (params) =>
      refuse ? fail('bad-request', 'bad alarm settings: consecutiveNg: too small') : { ok: true, value: (params as { config: unknown }).config },
    );
    const { wrapper, client } = mountWith(LotPanel, stores);
    useProductionStore().attach();
    await flushPromises();
    expect((wrapper.find('[data-testid="rule-streak"]').element as HTMLInputElement).value).toBe('5');
    await wrapper.find('[data-testid="rule-streak"]').setValue(3);
    await wrapper.find('[data-testid="rule-rate-on"]').setValue(false);
    await wrapper.find('[data-testid="rule-unit"]').setValue('frame');
    await wrapper.find('[data-testid="alarm-rules"] form').trigger('submit');
    await flushPromises();
    expect(client.requests.filter((r) => r.method === 'production.alarmConfig').map((r) => r.params)).toEqual([
      { config: { consecutiveNg: 3, ngRate: null, unit: 'frame' } },
    ]);

    refuse = true;
    await wrapper.find('[data-testid="rule-streak"]').setValue(0);
    await wrapper.find('[data-testid="alarm-rules"] form').trigger('submit');
    await flushPromises();
    expect(useErrorsStore().current?.message).toMatch(/consecutiveNg: too small/);
  });
});

describe('ngHistoryPicture', () => {
  it('finds the NG frame in the history by run, moment and seq, then fetches its picture', async () => {
    const { client } = setupStores();
    const event = ngEvent(12);
    client.responders.set('history.query', () => ({
      ok: true,
      value: { rows: [{ frameId: 40, seq: 11 }, { frameId: 41, seq: 12 }] },
    }));
    client.responders.set('history.picture', (params) => ({ ok: true, value: { frameId: (params as { frameId: number }).frameId, mime: 'image/png', width: 1280, height: 1024, dataBase64: 'iVBO' } }));
    const found = await ngHistoryPicture(client, event);
    expect(found.ok && found.value.frameId).toBe(41);
    expect(client.requests[0].params).toMatchObject({ filter: { runIds: [3], time: { fromMs: event.timestampMs - 1, toMs: event.timestampMs + 1 } } });
  });

  it('says why when the frame was never recorded or is not in the history yet', async () => {
    const { client } = setupStores();
    const unrecorded = await ngHistoryPicture(client, { ...ngEvent(1), runId: null });
    expect(!unrecorded.ok && unrecorded.error.message).toMatch(/not recorded/);
    client.responders.set('history.query', () => ({ ok: true, value: { rows: [] } }));
    const pending = await ngHistoryPicture(client, ngEvent(2));
    expect(!pending.ok && pending.error.message).toMatch(/not in the history yet/);
    expect(client.methods()).not.toContain('history.picture');
  });
});
