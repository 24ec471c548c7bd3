// @vitest-environment happy-dom
// The model's verdict beside the rules in the live view: its column in the part
// table, the overlay's mark on parts where the two disagree, the counters
// (disagreements, inference time), and the picker that loads a bundle.
import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ContourOverlay from '../../src-renderer/components/ContourOverlay.vue';
import PartTable from '../../src-renderer/components/PartTable.vue';
import CounterPanel from '../../src-renderer/components/CounterPanel.vue';
import ModelPicker from '../../src-renderer/components/ModelPicker.vue';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import { useLiveStore } from '../../src-renderer/stores/live.js';
import { FakeClient, makeFrame, makeResult, makeStatus } from './fixtures.js';
import { setupStores } from './setup-stores.js';
import type { FrameResult } from '../../src-shared/inspection.js';

/** Rules: OK, NG, OK. Model: OK, OK (disagrees), NG (disagrees). */
function judged(): FrameResult {
  const result = makeResult(5, [true, false, true]);
  const model = [
    { label: 'ok', ok: true, confidence: 0.97 },
    { label: 'ok', ok: true, confidence: 0.61 },
    { label: 'ng', ok: false, confidence: 0.88 },
  ];
  result.objects.forEach((o, i) => (o.model = model[i]));
  result.model = { name: 'tiny', inferenceMs: 2.4, disagreements: 2 };
  return result;
}

function mountWithStores<T>(component: T, client = new FakeClient()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const w = mount(component as never, { global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client } } });
  return { w, client, live: useLiveStore() };
}

describe('model verdict in the live view', () => {
  it('marks the parts where the model disagrees with the rules on the overlay', () => {
    const w = mount(ContourOverlay, { props: { result: judged(), box: { x: 0, y: 0, width: 640, height: 512 }, hoveredId: null, preview: false } });
    const paths = w.findAll('[data-testid="contour"]');
    expect(paths.map((p) => p.classes('disagrees'))).toEqual([false, true, true]);
    expect(paths.map((p) => p.attributes('data-model-ok'))).toEqual(['true', 'true', 'false']);
    expect(w.findAll('[data-testid="model-disagrees"]').map((t) => t.text())).toEqual(['model: OK', 'model: NG']);
  });

  it('draws no model marks without a model', () => {
    const w = mount(ContourOverlay, { props: { result: makeResult(1, [true, false]), box: { x: 0, y: 0, width: 640, height: 512 }, hoveredId: null, preview: false } });
    expect(w.findAll('[data-testid="model-disagrees"]')).toHaveLength(0);
    expect(w.findAll('.contour.disagrees')).toHaveLength(0);
  });

  it('shows the model column in the part table with disagreements highlighted, and hides it without a model', async () => {
    const { w, live } = mountWithStores(PartTable);
    live.tableResult = judged();
    await flushPromises();
    expect(w.findAll('th').map((t) => t.text())).toContain('Model');
    const cells = w.findAll('[data-testid="model-cell"]');
    expect(cells.map((c) => c.text())).toEqual(['ok 97%', 'ok 61%', 'ng 88%']);
    expect(w.findAll('[data-testid="part-row"]').map((r) => r.classes('disagree'))).toEqual([false, true, true]);
    live.tableResult = makeResult(6, [true]);
    await flushPromises();
    expect(w.findAll('th').map((t) => t.text())).not.toContain('Model');
  });

  it('counts disagreements and shows inference time per frame', async () => {
    const { w, live } = mountWithStores(CounterPanel);
    expect(w.find('[data-testid="model-figures"]').exists()).toBe(false);
    live.status = makeStatus({
      model: { name: 'tiny', classes: ['ok', 'ng'], backend: 'wasm', partsJudged: 120, disagreements: 7, framesNotJudged: 0, lastInferenceMs: 2.44, meanInferenceMs: 2.1 },
    });
    await flushPromises();
    expect(w.find('[data-testid="model-disagreements"]').text()).toBe('7');
    expect(w.find('[data-testid="model-inference-ms"]').text()).toBe('2.4 ms');
  });

  it('loads the chosen bundle, and unloads it for "none"', async () => {
    const client = new FakeClient();
    client.responders.set('model.list', () => ({
      ok: true,
      value: {
        bundles: [
          { name: 'tiny', architecture: 'cnn-tiny', classes: ['ok', 'ng'], okClasses: ['ok'], recipe: { name: 'r', version: 1 }, metrics: { val_accuracy: 0.95 }, backend: 'wasm', createdAtMs: 1, runId: 'r1' },
        ],
        problems: [],
      },
    }));
    client.responders.set('model.load', () => ({ ok: true, value: { name: 'tiny', classes: ['ok', 'ng'], backend: 'wasm', partsJudged: 0, disagreements: 0, framesNotJudged: 0, lastInferenceMs: null, meanInferenceMs: null } }));
    client.responders.set('model.unload', () => ({ ok: true, value: { unloaded: 'tiny' } }));
    const { w } = mountWithStores(ModelPicker, client);
    const select = w.find('[data-testid="model-select"]');
    await select.trigger('focus');
    await flushPromises();
    expect(w.findAll('option').map((o) => o.text())).toEqual(['none (rules only)', 'tiny · val acc 95.0 %']);
    await select.setValue('tiny');
    await flushPromises();
    expect(client.requests).toContainEqual({ method: 'model.load', params: { name: 'tiny' } });
    await select.setValue('');
    await flushPromises();
    expect(client.methods()).toContain('model.unload');
  });
});

describe('model verdicts arriving after their frame', () => {
  it('are folded into the newest result and into a frame shown later', () => {
    const { client } = setupStores();
    const live = useLiveStore();
    live.attach();
    const event = makeFrame(9, [true, false]);
    live.ingestFrame(event);
    client.emitEvent('model.verdict', {
      seq: 9,
      name: 'tiny',
      inferenceMs: 3.1,
      disagreements: 1,
      objects: [
        { id: 1, label: 'ok', ok: true, confidence: 0.9 },
        { id: 2, label: 'ok', ok: true, confidence: 0.7 },
      ],
    });
    expect(live.latest!.model).toEqual({ name: 'tiny', inferenceMs: 3.1, disagreements: 1 });
    expect(live.latest!.objects.map((o) => o.model?.label)).toEqual(['ok', 'ok']);
    // The painter shows the frame's original result object later: the verdict is folded in then too.
    live.showFrame(event);
    expect(live.shown!.objects[1].model).toEqual({ label: 'ok', ok: true, confidence: 0.7 });
    // A verdict for another frame leaves this one alone.
    client.emitEvent('model.verdict', { seq: 10, name: 'tiny', inferenceMs: 1, disagreements: 0, objects: [] });
    expect(live.shown!.seq).toBe(9);
    live.detach();
  });
});
