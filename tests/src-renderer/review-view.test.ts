// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../src-renderer/App.vue';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import { useReviewStore } from '../../src-renderer/stores/review.js';
import { TrendBuffer } from '../../src-renderer/lib/trend-buffer.js';
import { FakeClient } from './fixtures.js';
import { FakeHistory, paramsOf } from './review-fixtures.js';
import type { HistoryQuery, LabelChange } from '../../src-shared/history-contract.js';

// happy-dom has no canvas: charts are stubbed.
const stubs = { TrendChart: { props: ['metric'], template: '<div />' }, MonitorChart: { template: '<div />' } };
const key = (k: string, over: KeyboardEventInit = {}) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, ...over }));

describe('Review screen', () => {
  let client: FakeClient;
  let wrapper: VueWrapper;

  beforeEach(async () => {
    localStorage.clear();
    client = new FakeClient();
    new FakeHistory(client, 30);
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client }, stubs } });
    await flushPromises();
  });
  afterEach(() => wrapper.unmount());

  const open = async () => {
    key('F3');
    await flushPromises();
  };

  it('Live stays the default; F3 opens Review with the match count of the whole history', async () => {
    expect(wrapper.find('[data-testid="tab-live"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.find('[data-testid="review-view"]').exists()).toBe(false);
    await open();
    expect(wrapper.find('[data-testid="tab-review"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.find('[data-testid="review-count"]').text()).toBe('30 matches');
  });

  it('an inverted range is refused in the form with a message, and the matches shown stay', async () => {
    await open();
    const queries = paramsOf(client, 'history.query').length;
    await wrapper.find('[data-testid="filter-add-range"]').trigger('click');
    const range = wrapper.find('[data-testid="filter-range-0"]');
    await range.find('input[aria-label="min"]').setValue('0.9');
    await range.find('input[aria-label="max"]').setValue('0.1');
    await wrapper.find('[data-testid="review-filters"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="filter-error"]').text()).toMatch(/Circularity: the range is inverted/);
    expect(paramsOf(client, 'history.query').length).toBe(queries);
    expect(wrapper.find('[data-testid="review-count"]').text()).toBe('30 matches');
    await wrapper.find('[data-testid="filter-verdict"]').setValue('ng');
    await range.find('input[aria-label="max"]').setValue('1');
    await wrapper.find('[data-testid="review-filters"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="filter-error"]').exists()).toBe(false);
    expect(paramsOf<HistoryQuery>(client, 'history.query').at(-1)!.filter).toEqual({ verdict: 'ng', objectMetrics: { circularity: { min: 0.9, max: 1 } } });
    expect(wrapper.find('[data-testid="review-count"]').text()).toBe('10 matches');
  });

  it('keyboard-first: → opens, a number key labels (once named), Ctrl+Z undoes, J steps back, ? lists the keys', async () => {
    await open();
    key('ArrowRight');
    await flushPromises();
    expect(wrapper.find('[data-testid="record-viewer"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="label-current"]').text()).toBe('unlabelled');
    key('2');
    await flushPromises();
    expect(wrapper.find('[data-testid="author-missing"]').exists()).toBe(true);
    expect(paramsOf(client, 'labels.set')).toEqual([]);
    await wrapper.find('[data-testid="author-input"]').setValue('Ana');
    await wrapper.find('[data-testid="author-input"]').trigger('change');
    key('2');
    await flushPromises();
    expect(wrapper.find('[data-testid="label-current"]').text()).toBe('NG');
    key('z', { ctrlKey: true });
    await flushPromises();
    expect(wrapper.find('[data-testid="label-current"]').text()).toBe('unlabelled');
    expect(paramsOf<LabelChange>(client, 'labels.set').map((c) => [c.value, c.replaces])).toEqual([
      ['NG', null],
      [null, 1],
    ]);
    key('k');
    await flushPromises();
    expect(useReviewStore().selectedIndex).toBe(1);
    key('j');
    await flushPromises();
    expect(useReviewStore().selectedIndex).toBe(0);
    key('o');
    await flushPromises();
    expect(wrapper.find('[data-testid="label-target"]').text()).toBe('object 0 (disc)');
    key('?');
    await flushPromises();
    expect(wrapper.find('[data-testid="shortcut-help"]').text()).toContain('Ctrl+Z');
    key('Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="shortcut-help"]').exists()).toBe(false);
  });

  it('a point clicked on a live trend switches to Review at that frame (±1 s, by seq)', async () => {
    // The trend remembers which frame each point came from, by the engine's clock.
    const buffer = new TrendBuffer(10, 250);
    const row = { seq: 17, timestampMs: Date.UTC(2026, 0, 5, 6, 0, 0) + 17 * 100 };
    buffer.add(5_000, [1], { seq: 16, timestampMs: row.timestampMs - 100 });
    buffer.add(5_100, [1], row);
    buffer.add(5_400, [1], { seq: 20, timestampMs: row.timestampMs + 300 });
    buffer.add(5_700, [1]);
    expect(buffer.frameAt(0.05)).toEqual(row);
    useReviewStore().pickLiveFrame({ atMs: row.timestampMs, seq: row.seq });
    await flushPromises();
    await flushPromises();
    expect(wrapper.find('[data-testid="tab-review"]').attributes('aria-selected')).toBe('true');
    expect(useReviewStore().frame?.row.seq).toBe(17);
    expect(paramsOf<HistoryQuery>(client, 'history.query').at(-1)!.filter.time).toEqual({ fromMs: row.timestampMs - 1000, toMs: row.timestampMs + 1000 });
  });
});
