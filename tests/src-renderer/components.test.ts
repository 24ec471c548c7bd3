// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, ref } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import ContourOverlay from '../../src-renderer/components/ContourOverlay.vue';
import App from '../../src-renderer/App.vue';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import { usePreviewPainter, type PreviewDecoder } from '../../src-renderer/composables/use-preview-painter.js';
import { useLiveStore } from '../../src-renderer/stores/live.js';
import { FakeClient, makeFrame, makeResult, makeStatus } from './fixtures.js';

// happy-dom has no canvas: the charts are stubbed and tested for real in Chromium (tests/e2e).
const stubs = { TrendChart: { props: ['metric'], template: '<div data-testid="trend-chart-stub" />' } };

describe('ContourOverlay', () => {
  it('draws one path per object, coloured by verdict, in image coordinates', () => {
    const result = makeResult(3, [true, false, true]);
    const w = mount(ContourOverlay, { props: { result, box: { x: 10, y: 0, width: 640, height: 512 }, hoveredId: null, preview: false } });
    const paths = w.findAll('[data-testid="contour"]');
    expect(paths).toHaveLength(3);
    expect(paths.map((p) => p.attributes('data-ok'))).toEqual(['true', 'false', 'true']);
    expect(w.find('svg').attributes('viewBox')).toBe('0 0 1280 1024');
    expect(w.find('svg').attributes('data-count')).toBe('3');
    expect(paths[0].attributes('d')).toBe('M220 200L300 200L300 280L220 280Z');
    expect(w.findAll('text.tag').map((t) => t.text())).toEqual(['NG #2']);
  });

  it('reports the hovered part', async () => {
    const w = mount(ContourOverlay, { props: { result: makeResult(1, [false]), box: { x: 0, y: 0, width: 640, height: 512 }, hoveredId: null, preview: false } });
    await w.find('g').trigger('mouseenter');
    expect(w.emitted('hover')).toEqual([[1]]);
  });
});

describe('preview painter', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = new FakeClient();
  });

  function harness(decode: PreviewDecoder) {
    return defineComponent({
      setup() {
        const canvas = ref<HTMLCanvasElement | null>(null);
        usePreviewPainter(canvas, decode);
        return () => h('canvas', { ref: canvas });
      },
    });
  }
  const fakeBitmap = (w: number, hgt: number) => ({ width: w, height: hgt, close() {} }) as unknown as ImageBitmap;

  it('paints, switches the overlay to that frame and acks it', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    mount(harness(async (p) => fakeBitmap(p.width, p.height)), { global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client } } });
    const live = useLiveStore();
    live.ingestFrame(makeFrame(4, [true, true]));
    await new Promise((r) => setTimeout(r, 50));
    await flushPromises();
    expect(live.shown?.seq).toBe(4);
    expect(client.requests).toContainEqual({ method: 'preview.ack', params: { seq: 4 } });
  });

  it('acks a preview it cannot decode, so the engine keeps sending', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const pinia = createPinia();
    setActivePinia(pinia);
    mount(harness(() => Promise.reject(new Error('corrupt JPEG'))), { global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client } } });
    const live = useLiveStore();
    live.ingestFrame(makeFrame(9, [true]));
    await new Promise((r) => setTimeout(r, 20));
    await flushPromises();
    expect(live.shown).toBeNull();
    expect(client.requests).toContainEqual({ method: 'preview.ack', params: { seq: 9 } });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('App', () => {
  let client: FakeClient;
  let wrapper: VueWrapper;
  beforeEach(async () => {
    client = new FakeClient();
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client }, stubs } });
    await flushPromises();
  });
  afterEach(() => wrapper.unmount());

  it('greets the engine, asks for its state and loads its recipe on start', () => {
    // The production store asks for the lot and alarms on its own, in parallel.
    // status.get right after hello: a page opened on a running line shows it at once, not "no source".
    expect(client.methods().filter((m) => !m.startsWith('production.')).slice(0, 4)).toEqual(['engine.hello', 'status.get', 'recipe.get', 'recipe.list']);
    expect(wrapper.find('[data-testid="recipe-select"]').text()).toContain('discs v1');
  });

  it('shows the engine counters, big', async () => {
    client.emitStatus(makeStatus({ running: true, counters: { frames: 40, framesOk: 30, framesNg: 10, objectsOk: 470, objectsNg: 10, previewsDropped: 0, framesSkipped: 0, framesMissed: 0 } }));
    await flushPromises();
    expect(wrapper.find('[data-testid="count-ok"]').text()).toBe('470');
    expect(wrapper.find('[data-testid="count-ng"]').text()).toBe('10');
    expect(wrapper.find('[data-testid="yield"]').text()).toBe('97.9 %');
    expect(wrapper.find('[data-testid="run-state"]').text()).toBe('RUNNING');
  });

  it('shows frames never inspected, in red only once there are some', async () => {
    const missedCell = () => wrapper.find('[data-testid="frames-missed"]');
    expect(missedCell().text()).toBe('0');
    expect(missedCell().element.parentElement!.classList.contains('alarm')).toBe(false);
    client.emitStatus(makeStatus({ running: true, counters: { frames: 90, framesOk: 90, framesNg: 0, objectsOk: 900, objectsNg: 0, previewsDropped: 0, framesSkipped: 0, framesMissed: 12 } }));
    await flushPromises();
    expect(missedCell().text()).toBe('12');
    expect(missedCell().element.parentElement!.classList.contains('alarm')).toBe(true);
  });

  it('Space starts the line, R opens the recipe editor, Esc closes it', async () => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    await flushPromises();
    expect(client.methods()).toContain('run.start');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'r' }));
    await flushPromises();
    expect(wrapper.find('[data-testid="recipe-editor"]').exists()).toBe(true);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(wrapper.find('[data-testid="recipe-editor"]').exists()).toBe(false);
  });

  it('ignores shortcuts typed into a field', async () => {
    const input = wrapper.find('[data-testid="source-seed"]');
    input.element.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    await flushPromises();
    expect(client.methods()).not.toContain('run.start');
  });

  it('names the failing metric, value and band when pointing at an NG part', async () => {
    const live = useLiveStore();
    live.showFrame(makeFrame(2, [true, false]));
    await flushPromises();
    await wrapper.findAll('[data-testid="overlay"] g')[1].trigger('mouseenter');
    const tip = wrapper.find('[data-testid="part-tooltip"]');
    expect(tip.text()).toContain('NG');
    expect(wrapper.find('[data-testid="failing-metric"]').text()).toBe('Circularity 0.700 (band ≥ 0.850)');
  });

  it('shows a failed request in the error banner until dismissed', async () => {
    client.responders.set('run.start', () => ({ ok: false, error: { code: 'bad-source', message: 'the folder is empty' } }));
    await wrapper.find('[data-testid="run-toggle"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="error-message"]').text()).toBe('the folder is empty');
    await wrapper.find('[data-testid="error-dismiss"]').trigger('click');
    expect(wrapper.find('[data-testid="error-banner"]').exists()).toBe(false);
  });
});
