// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, type PropType } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../src-renderer/App.vue';
import { LOUPE_CLIENT } from '../../src-renderer/client/client-key.js';
import type { ChartGroup } from '../../src-renderer/lib/monitor-chart-data.js';
import type { RunInfo, RunsSnapshot, ScalarSeries } from '../../src-shared/runs-contract.js';
import type { TrainJobStatus } from '../../src-shared/train-contract.js';
import { FakeClient } from './fixtures.js';
import { makeRunInfo } from './monitor-fixtures.js';

// happy-dom has no canvas: charts are stubbed (and drawn for real in tests/e2e/monitor.spec.ts).
const MonitorChartStub = defineComponent({
  props: { group: { type: Object as PropType<ChartGroup>, required: true }, smoothing: Number, axis: String, logScale: Boolean },
  emits: ['pick'],
  setup(props, { emit }) {
    return () =>
      h('div', {
        'data-testid': 'chart-stub',
        'data-metric': props.group.metric,
        'data-points': props.group.series.reduce((n, s) => n + s.buffer.length, 0),
        onClick: () => emit('pick', 0, 0),
      });
  },
});
const stubs = { TrendChart: { props: ['metric'], template: '<div />' }, MonitorChart: MonitorChartStub };

const LOGDIR = '/data/runs';
const series = (runId: string, tag: string, steps: number[]): ScalarSeries => ({ runId, tag, steps, values: steps.map((s) => 1 / (s + 1)), wallTimes: steps.map((s) => 100 + s) });

function job(over: Partial<TrainJobStatus> = {}): TrainJobStatus {
  return {
    runId: 'cnn-a',
    state: 'training',
    epoch: 2,
    epochs: 10,
    step: 250,
    stepsPerEpoch: 100,
    samplesPerSec: 120,
    etaSec: 200,
    backend: 'wasm',
    metrics: { batch_loss: 0.4 },
    message: null,
    logdir: LOGDIR,
    startedAtMs: 1,
    bundle: null,
    ...over,
  };
}

describe('Training screen', () => {
  let client: FakeClient;
  let wrapper: VueWrapper;
  let runs: RunInfo[];

  beforeEach(async () => {
    client = new FakeClient();
    runs = [
      makeRunInfo(LOGDIR, 'cnn-a/train', { loupe: true, hparams: { learningRate: 0.01 }, final: { epoch_loss: 0.5 }, points: 3 }),
      makeRunInfo(LOGDIR, 'cnn-a/validation', { loupe: true, hparams: { learningRate: 0.01 }, final: { epoch_loss: 0.6 }, points: 3 }),
      makeRunInfo(LOGDIR, 'cnn-b/train', { loupe: true, hparams: { learningRate: 0.001 }, final: { epoch_loss: 0.2 }, points: 3 }),
    ];
    const snapshot = (): RunsSnapshot => ({ logdirs: [LOGDIR], runs, problems: [] });
    client.responders.set('runs.list', () => ({ ok: true, value: snapshot() }));
    client.responders.set('runs.scalars', (p) => {
      const runId = (p as { runId: string }).runId;
      return { ok: true, value: { runId, series: [series(runId, 'epoch_loss', [0, 1, 2])] } };
    });
    client.responders.set('train.status', () => ({ ok: true, value: { backend: 'wasm', logdir: LOGDIR, jobs: [] } }));
    client.responders.set('train.start', () => ({ ok: true, value: job({ runId: 'new-run', state: 'preparing' }) }));
    client.responders.set('train.stop', () => ({ ok: true, value: job({ state: 'stopping' }) }));
    client.responders.set('train.resume', () => ({ ok: true, value: job() }));
    client.responders.set('runs.open', (p) => {
      const logdir = (p as { logdir: string }).logdir;
      if (logdir === '/nope') return { ok: false, error: { code: 'not-found', message: 'no folder at /nope' } };
      return { ok: true, value: { ...snapshot(), logdirs: [LOGDIR, logdir] } };
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia], provide: { [LOUPE_CLIENT as symbol]: client }, stubs } });
    await flushPromises();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2' }));
    await flushPromises();
  });
  afterEach(() => wrapper.unmount());

  const rows = () => wrapper.findAll('[data-testid="run-row"]').map((r) => r.attributes('data-run'));
  const chart = (metric: string) => wrapper.find(`[data-testid="chart-stub"][data-metric="${metric}"]`);

  it('F2 opens it and F1 goes back to Live; Space there does not start the line', async () => {
    expect(wrapper.find('[data-testid="monitor-view"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="tab-training"]').attributes('aria-selected')).toBe('true');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    await flushPromises();
    expect(client.methods()).not.toContain('run.start');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1' }));
    await flushPromises();
    expect(wrapper.find('[data-testid="monitor-view"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="run-state"]').exists()).toBe(true);
  });

  it('lists a run of train and validation folders once, overlays every run, and fetches their points', () => {
    expect(rows()).toEqual(['cnn-a', 'cnn-b']);
    expect(client.requests.filter((r) => r.method === 'runs.scalars').map((r) => (r.params as { runId: string }).runId)).toEqual(runs.map((r) => r.id));
    expect(chart('loss').attributes('data-points')).toBe('9');
    expect(wrapper.find('[data-testid="run-row"][data-run="cnn-a"] [data-testid="final-val_loss"]').text()).toBe('0.6');
  });

  it('grows a chart with the points a runs.update brings, and takes new runs on', async () => {
    client.emitEvent('runs.update', { runs: [], appended: [series(runs[0].id, 'epoch_loss', [3, 4])], removed: [], problems: [] });
    await flushPromises();
    expect(chart('loss').attributes('data-points')).toBe('11');
    const fresh = makeRunInfo(LOGDIR, 'cnn-c', { final: { epoch_loss: 1 } });
    client.emitEvent('runs.update', { runs: [fresh], appended: [], removed: [runs[2].id], problems: [{ logdir: LOGDIR, message: 'cnn-b/train: event file disappeared' }] });
    await flushPromises();
    expect(rows()).toEqual(['cnn-a', 'cnn-c']);
    expect(client.requests.at(-1)).toEqual({ method: 'runs.scalars', params: { runId: fresh.id } });
    expect(wrapper.find('[data-testid="runs-problems"]').text()).toContain('1 problem');
  });

  it('unticking a run takes it off the charts', async () => {
    await wrapper.find('[data-testid="run-row"][data-run="cnn-b"] [data-testid="run-show"]').setValue(false);
    await flushPromises();
    expect(chart('loss').attributes('data-points')).toBe('6');
  });

  it('sorts the runs by a column, and reverses on a second click', async () => {
    await wrapper.find('[data-testid="sort-final-loss"]').trigger('click');
    expect(rows()).toEqual(['cnn-a', 'cnn-b']); // highest first
    await wrapper.find('[data-testid="sort-final-loss"]').trigger('click');
    expect(rows()).toEqual(['cnn-b', 'cnn-a']);
    await wrapper.find('[data-testid="sort-hparam-learningRate"]').trigger('click');
    expect(rows()).toEqual(['cnn-b', 'cnn-a']);
  });

  it('names a folder that does not open under the field and keeps the open ones', async () => {
    await wrapper.find('[data-testid="logdir-input"]').setValue('/nope');
    await wrapper.find('form.open').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="logdir-error"]').text()).toBe('no folder at /nope');
    expect(wrapper.findAll('[data-testid="logdir-chip"]')).toHaveLength(1);
    await wrapper.find('[data-testid="logdir-input"]').setValue('/other/logs');
    await wrapper.find('form.open').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="logdir-error"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="logdir-chip"]').map((c) => c.text())).toEqual([`${LOGDIR}×`, '/other/logs×']);
  });

  it('starts a run on the synthetic line with the defaults, and refuses a bad field without asking the trainer', async () => {
    await wrapper.find('[data-testid="train-epochs"]').setValue(0);
    await wrapper.find('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="train-form-error"]').text()).toContain('epochs');
    expect(client.methods()).not.toContain('train.start');
    await wrapper.find('[data-testid="train-epochs"]').setValue(3);
    await wrapper.find('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    const start = client.requests.find((r) => r.method === 'train.start')!;
    expect(start.params).toEqual({ config: { data: { kind: 'synthetic', seed: 7, frames: 80, defectRate: 0.35 }, epochs: 3, batchSize: 32, learningRate: 0.001, labels: 'binary', augment: true, patience: 5 } });
    expect(wrapper.find('[data-testid="train-job"][data-run="new-run"]').exists()).toBe(true);
  });

  it('starts a run on a labelled folder chosen in the form, with the model picked', async () => {
    await wrapper.find('[data-testid="train-data"]').setValue('folder');
    expect(wrapper.find('[data-testid="train-seed"]').exists()).toBe(false);
    await wrapper.find('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="train-form-error"]').text()).toContain('needs its path');
    expect(client.methods()).not.toContain('train.start');
    await wrapper.find('[data-testid="train-folder"]').setValue('/data/labelled');
    await wrapper.find('[data-testid="train-model"]').setValue('cnn-tiny');
    await wrapper.find('[data-testid="train-form"]').trigger('submit');
    await flushPromises();
    const start = client.requests.find((r) => r.method === 'train.start')!;
    expect(start.params).toMatchObject({ config: { data: { kind: 'folder', path: '/data/labelled' }, model: 'cnn-tiny' } });
  });

  it('shows a training run’s progress and ETA from train.progress, and stops and resumes it', async () => {
    client.emitEvent('train.progress', job());
    await flushPromises();
    const card = wrapper.find('[data-testid="train-job"][data-run="cnn-a"]');
    expect(card.find('[data-testid="train-job-epoch"]').text()).toBe('epoch 2 / 10');
    expect(card.find('[data-testid="train-job-eta"]').text()).toBe('ETA 3 min 20 s');
    expect(card.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('25');
    // The runs table offers Stop for the run that is training, Resume for the others.
    expect(wrapper.find('[data-testid="run-row"][data-run="cnn-a"] [data-testid="run-stop"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="run-row"][data-run="cnn-b"] [data-testid="run-resume"]').exists()).toBe(true);
    await card.find('[data-testid="train-stop"]').trigger('click');
    await flushPromises();
    expect(client.requests.at(-1)).toEqual({ method: 'train.stop', params: { runId: 'cnn-a' } });
    client.emitEvent('train.progress', job({ state: 'stopped', etaSec: null }));
    await flushPromises();
    const stopped = wrapper.find('[data-testid="train-job"][data-run="cnn-a"]');
    await stopped.find('input[type="number"]').setValue(20);
    await stopped.find('[data-testid="train-resume"]').trigger('click');
    await flushPromises();
    expect(client.requests.at(-1)).toEqual({ method: 'train.resume', params: { runId: 'cnn-a', epochs: 20 } });
  });

  it('asks for the epoch of a clicked point and shows it, or says why there is none', async () => {
    client.responders.set('runs.epoch', (p) => ({
      ok: true,
      value: { runId: (p as { runId: string }).runId, epoch: 0, classes: ['ok', 'ng'], confusion: [[5, 1], [2, 4]], misclassified: [], metrics: { val_loss: 0.6 } },
    }));
    await chart('loss').trigger('click');
    await flushPromises();
    expect(client.requests.at(-1)).toEqual({ method: 'runs.epoch', params: { runId: runs[0].id, epoch: 0 } });
    expect(wrapper.findAll('[data-testid="confusion-cell"]').map((c) => c.text())).toEqual(['5', '1', '2', '4']);
    client.responders.set('runs.epoch', () => ({ ok: false, error: { code: 'not-found', message: 'details of epoch 0 not found' } }));
    await chart('loss').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="epoch-error"]').text()).toBe('details of epoch 0 not found');
    expect(wrapper.find('[data-testid="confusion-matrix"]').exists()).toBe(false);
  });
});
