// @vitest-environment happy-dom
// From a misclassified training sample to its frame in review: the epoch
// panel's "Open in review" switches to Review with that frame open (alone in
// the gallery, its object selected); the store's showFrame on its own; a frame
// the history no longer has is said so and opens nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import App from '../../src-renderer/App.vue';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import { useLabelsStore } from '../../src-renderer/stores/labels.js';
import { useReviewStore } from '../../src-renderer/stores/review.js';
import { useErrorsStore } from '../../src-renderer/stores/errors.js';
import type { MisclassifiedSample } from '../../src-shared/runs-contract.js';
import { FakeClient } from './fixtures.js';
import { makeRunInfo } from './monitor-fixtures.js';
import { FakeHistory, PNG_1X1, paramsOf } from './review-fixtures.js';
import { flush, setupStores } from './setup-stores.js';

const LOGDIR = '/data/runs';
const ChartStub = defineComponent({ emits: ['pick'], setup: (_, { emit }) => () => h('div', { 'data-testid': 'chart-stub', onClick: () => emit('pick', 0, 0) }) });
const stubs = { TrendChart: { props: ['metric'], template: '<div />' }, MonitorChart: ChartStub };

function sample(sampleId: string, historyRef: MisclassifiedSample['historyRef']): MisclassifiedSample {
  return { sampleId, label: 'good', predicted: 'defect_x', confidence: 0.8, cropPng: PNG_1X1, cropSize: 16, metrics: {}, outline: null, origin: sampleId, historyRef };
}

describe('Open in review from the epoch panel', () => {
  let client: FakeClient;
  let wrapper: VueWrapper;

  beforeEach(async () => {
    localStorage.clear();
    client = new FakeClient();
    new FakeHistory(client, 30);
    const run = makeRunInfo(LOGDIR, 'cnn-a', { loupe: true, final: { epoch_loss: 0.5 }, points: 1 });
    client.responders.set('runs.list', () => ({ ok: true, value: { logdirs: [LOGDIR], runs: [run], problems: [] } }));
    client.responders.set('runs.scalars', () => ({ ok: true, value: { runId: run.id, series: [{ runId: run.id, tag: 'epoch_loss', steps: [0], values: [1], wallTimes: [1] }] } }));
    client.responders.set('train.status', () => ({ ok: true, value: { backend: 'wasm', logdir: LOGDIR, jobs: [] } }));
    client.responders.set('runs.epoch', () => ({
      ok: true,
      value: { runId: run.id, epoch: 0, classes: ['good', 'defect_x'], confusion: [[0, 2], [0, 0]], metrics: {}, misclassified: [sample('history:12:1', { frameId: 12, objectId: 1 }), sample('good/a.png', null)] },
    }));
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client }, stubs } });
    await flushPromises();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2' }));
    await flushPromises();
    await wrapper.find('[data-testid="chart-stub"]').trigger('click');
    await flushPromises();
  });
  afterEach(() => wrapper.unmount());

  it('only a history sample has the link; it switches to Review with its frame open and its object selected', async () => {
    const links = wrapper.findAll('[data-testid="misclassified-sample"]').map((s) => [s.attributes('data-sample'), s.find('[data-testid="sample-open-in-review"]').exists()]);
    expect(links).toEqual([['history:12:1', true], ['good/a.png', false]]);

    await wrapper.find('[data-testid="sample-open-in-review"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="tab-review"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.find('[data-testid="monitor-view"]').exists()).toBe(false);
    const review = useReviewStore();
    expect(review.frame?.row.frameId).toBe(12);
    expect(review.length).toBe(1);
    expect(review.rowAt(0)?.frameId).toBe(12);
    expect(paramsOf(client, 'history.picture')).toEqual([{ frameId: 12 }]);
    expect(useLabelsStore().selectedObjectId).toBe(1);
    expect(wrapper.find('[data-testid="frame-shown"]').text()).toContain('frame 12');

    // Applying a filter shows the history again.
    await wrapper.find('[data-testid="review-filters"]').trigger('submit');
    await flushPromises();
    expect(review.length).toBe(30);
    expect(wrapper.find('[data-testid="frame-shown"]').exists()).toBe(false);
  });
});

describe('review store: showFrame', () => {
  it('opens one frame by id even outside the filter; a frame the history no longer has opens nothing and is reported', async () => {
    const client = new FakeClient();
    new FakeHistory(client, 30);
    setupStores(client);
    const review = useReviewStore();
    await review.attach();
    review.form.verdict = 'ng';
    await review.applyForm();
    expect(review.count).toBe(10); // NG frames are every third; frame 7 is OK, outside the filter

    review.pickFrame({ frameId: 7, objectId: 0 });
    expect(review.framePick).toEqual({ frameId: 7, objectId: 0 });
    await review.showFrame(review.framePick!);
    expect(review.framePick).toBeNull();
    expect(review.frame?.row.frameId).toBe(7);
    expect(review.selectedIndex).toBe(0);
    expect(review.frameShown).toEqual({ frameId: 7, objectId: 0 });

    await review.showFrame({ frameId: 999, objectId: 0 });
    await flush();
    expect(review.frame).toBeNull();
    expect(review.selectedIndex).toBeNull();
    expect(useErrorsStore().current).toMatchObject({ origin: 'history.frame', message: 'no such frame' });
  });
});
