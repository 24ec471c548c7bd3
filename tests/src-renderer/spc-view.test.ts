// @vitest-environment happy-dom
// The SPC screen over the live values the page received: the rolling buffer
// per part class × metric, the chart data (limits as lines, flagged points
// naming their rules), and what the screen says when it cannot chart or
// cannot give a capability index. Charts are stubbed (happy-dom has no canvas).
import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import SpcView from '../../src-renderer/views/SpcView.vue';
import { useSpcStore } from '../../src-renderer/stores/spc.js';
import { SpcBuffer } from '../../src-renderer/lib/spc-buffer.js';
import { controlChartData } from '../../src-renderer/lib/spc-chart-data.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import { makeResult } from './fixtures.js';
import { setupStores } from './setup-stores.js';

const stubs = { SpcChart: { props: ['series', 'label'], template: '<div data-testid="spc-chart-stub" :data-label="label" :data-points="series.points.length" />' } };

/** A frame of `parts` OK parts whose area wanders by frame, so the charts have spread. */
function frame(seq: number, parts = 4): FrameResult {
  const result = makeResult(seq, Array.from({ length: parts }, () => true));
  result.objects.forEach((o, i) => (o.metrics.area = 6400 + ((seq * 7 + i * 3) % 11)));
  return result;
}

function mountSpc() {
  const stores = setupStores();
  const wrapper = mount(SpcView, { global: { plugins: [stores.pinia], provide: { [LOUPE_CLIENT as symbol]: stores.client }, stubs } });
  return { wrapper, spc: useSpcStore(), ...stores };
}

async function feed(spc: ReturnType<typeof useSpcStore>, frames: number, parts = 4): Promise<void> {
  for (let seq = 1; seq <= frames; seq++) spc.buffer.ingest(frame(seq, parts), null);
  spc.revision++;
  await flushPromises();
}

describe('SpcBuffer', () => {
  it('keeps each part class × metric apart, in production order, bounded by its window', () => {
    const buffer = new SpcBuffer(5);
    const result = frame(1, 2);
    result.objects[1].part = 'washer';
    for (let i = 0; i < 400; i++) buffer.ingest({ ...result, objects: result.objects.map((o) => ({ ...o, metrics: { ...o.metrics, area: i } })) }, null);
    expect(buffer.values(null, 'area')).toEqual([395, 396, 397, 398, 399]);
    expect(buffer.values('washer', 'area')).toHaveLength(5);
    expect(buffer.partsSeen()).toEqual([null, 'washer']);
    expect(buffer.values('nobody', 'area')).toEqual([]);
  });

  it('converts lengths and areas to mm once calibrated, which is what the bands are in', () => {
    const buffer = new SpcBuffer();
    buffer.ingest(frame(1, 1), 0.1);
    expect(buffer.values(null, 'area')[0]).toBeCloseTo(frame(1, 1).objects[0].metrics.area * 0.01, 6);
  });
});

describe('controlChartData', () => {
  it('draws the limits as flat lines and flags each violating point with the rules it broke', () => {
    const { data, flagged } = controlChartData(
      {
        points: [1, 2, 9, 2],
        limits: { lower: 0, center: 2, upper: 4 },
        violations: [{ rule: 'WE1', title: 'WE1: one point beyond 3σ', indices: [2] }],
      },
      'I',
    );
    expect(data.datasets.map((d) => d.label)).toEqual(['I', 'UCL', 'CL', 'LCL']);
    expect(data.datasets[1].data).toEqual([{ x: 0, y: 4 }, { x: 3, y: 4 }]);
    expect(flagged.get(2)).toEqual(['WE1: one point beyond 3σ']);
    const colours = (data.datasets[0] as unknown as { pointBackgroundColor: string[] }).pointBackgroundColor;
    expect(colours[2]).not.toBe(colours[1]);
  });
});

describe('SPC view', () => {
  it('says "not enough data" while there are fewer values than one subgroup', async () => {
    const { wrapper, spc } = mountSpc();
    await flushPromises();
    await feed(spc, 1); // 4 values, subgroups of 5
    expect(wrapper.find('[data-testid="spc-problem"]').text()).toMatch(/not enough data: 4 usable value\(s\), one subgroup needs 5/);
    expect(wrapper.findAll('[data-testid="spc-chart-stub"]')).toHaveLength(0);
  });

  it('charts X̄-R of subgroups of n, and gives no Cpk for a metric without a band, saying why', async () => {
    const { wrapper, spc } = mountSpc();
    await flushPromises();
    await feed(spc, 30); // 120 values: 24 subgroups of 5
    const charts = wrapper.findAll('[data-testid="spc-chart-stub"]');
    expect(charts.map((c) => [c.attributes('data-label'), c.attributes('data-points')])).toEqual([
      ['X̄', '24'],
      ['R', '24'],
    ]);
    const cpk = wrapper.find('[data-testid="spc-capability"] [data-index="Cpk"]');
    expect(cpk.find('.value').text()).toBe('–');
    expect(cpk.text()).toMatch(/no tolerance band for this metric, so no Cpk/);
    // Fewer subgroups than the baseline asks for: the limits are marked provisional.
    expect(wrapper.find('[data-testid="spc-notes"]').text()).toMatch(/provisional/);
  });

  it('gives Cpk against a one-sided band but no Cp, with the reason', async () => {
    const { wrapper, spc } = mountSpc();
    await flushPromises();
    await feed(spc, 30);
    await wrapper.find('[data-testid="spc-metric"]').setValue('circularity');
    const row = (name: string) => wrapper.find(`[data-testid="spc-capability"] [data-index="${name}"]`);
    // Every circularity is 0.9: no spread, so the indices say that instead of a number.
    expect(row('Cp').text()).toMatch(/needs both limits/);
    expect(row('Cpk').text()).toMatch(/no variation|sigma/);
  });

  it('lists the run rules a shift trips, naming the rule and the points', async () => {
    const { wrapper, spc } = mountSpc();
    await flushPromises();
    await feed(spc, 35); // 28 subgroups: the baseline's 25 are all before the shift
    // Then the line's parts come out much larger: points beyond 3σ of the baseline.
    for (let seq = 36; seq <= 45; seq++) {
      const shifted = frame(seq);
      shifted.objects.forEach((o) => (o.metrics.area += 500));
      spc.buffer.ingest(shifted, null);
    }
    spc.revision++;
    await flushPromises();
    const rules = wrapper.findAll('[data-testid="spc-violation"]');
    expect(rules.map((r) => r.attributes('data-rule'))).toContain('WE1');
    // Subgroups 29 to 36 hold the larger parts, numbered from 1 as the operator reads them.
    expect(rules.find((r) => r.attributes('data-rule') === 'WE1')!.text()).toMatch(/^WE1: one point beyond 3σ: points .*29, 30, 31, 32, 33, 34, 35, 36$/);
  });

  it('switches to I-MR and freezes the limits from the chart on screen', async () => {
    const { wrapper, spc } = mountSpc();
    await flushPromises();
    await feed(spc, 30);
    await wrapper.find('[data-testid="spc-kind"]').setValue('i-mr');
    expect(wrapper.findAll('[data-testid="spc-chart-stub"]').map((c) => [c.attributes('data-label'), c.attributes('data-points')])).toEqual([
      ['I', '120'],
      ['MR', '119'],
    ]);
    await wrapper.find('[data-testid="spc-freeze"]').trigger('click');
    expect(wrapper.find('[data-testid="spc-frozen"]').exists()).toBe(true);
    await feed(spc, 40);
    expect(wrapper.text()).toMatch(/limits from a frozen baseline/);
  });

  it('a baseline of 0 subgroups is taken as 1, so the chart stays up', async () => {
    const { wrapper, spc } = mountSpc();
    await flushPromises();
    await feed(spc, 30);
    await wrapper.find('[data-testid="spc-baseline"]').setValue(0);
    // Clamped to one subgroup rather than refused: the chart stays up.
    expect(wrapper.findAll('[data-testid="spc-chart-stub"]')).toHaveLength(2);
  });
});
