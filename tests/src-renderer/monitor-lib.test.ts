import { describe, expect, it } from 'vitest';
import { baseRunOf, parseTag } from '../../src-renderer/lib/tag-parts.js';
import { epochMapper } from '../../src-renderer/lib/epoch-axis.js';
import { SeriesBuffer } from '../../src-renderer/lib/series-buffer.js';
import { columnsOf, runRows, sortRows } from '../../src-renderer/lib/run-rows.js';
import { buildDatasets, epochOfPoint, groupCharts, RUN_COLORS } from '../../src-renderer/lib/monitor-chart-data.js';
import { progressFraction } from '../../src-renderer/lib/train-progress.js';
import { defaultTrainForm, trainConfigOf } from '../../src-renderer/lib/train-form.js';
import { formatDuration, formatFigure } from '../../src-renderer/lib/monitor-format.js';
import { minMaxWindow } from '../../src-renderer/lib/min-max-window.js';
import { makeRunInfo } from './monitor-fixtures.js';

function buffer(steps: number[], values: number[], wallTimes = steps.map((s) => 1000 + s)): SeriesBuffer {
  const b = new SeriesBuffer();
  b.applyFrom({ steps, values, wallTimes });
  return b;
}

describe('tag parts', () => {
  it.each([
    ['epoch_loss', 'cnn/train', { metric: 'loss', granularity: 'epoch', split: 'train' }],
    ['epoch_loss', 'cnn/validation', { metric: 'loss', granularity: 'epoch', split: 'val' }],
    ['batch_accuracy', '.', { metric: 'accuracy', granularity: 'batch', split: 'train' }],
    ['epoch/val_f1', 'x', { metric: 'f1', granularity: 'epoch', split: 'val' }],
    ['val_loss', 'x', { metric: 'loss', granularity: 'step', split: 'val' }],
    ['loss/val', 'x', { metric: 'loss', granularity: 'step', split: 'val' }],
    ['train/loss', 'x', { metric: 'loss', granularity: 'step', split: 'train' }],
    ['lr', 'x', { metric: 'lr', granularity: 'step', split: 'train' }],
  ] as const)('%s in %s', (tag, run, parts) => {
    expect(parseTag(tag, run)).toEqual(parts);
  });

  it('names a run without its train / validation folder', () => {
    expect(baseRunOf('exp/cnn-a/validation')).toBe('exp/cnn-a');
    expect(baseRunOf('train')).toBe('.');
    expect(baseRunOf('cnn-a')).toBe('cnn-a');
  });
});

describe('epoch axis', () => {
  it('places a batch between the ends of the epochs around it', () => {
    // Run starts at t=0; epochs 1, 2, 3 end at t=10, 30, 40.
    const toEpoch = epochMapper([1, 2, 3], [10, 30, 40], 0)!;
    expect(toEpoch(5)).toBeCloseTo(0.5);
    expect(toEpoch(10)).toBeCloseTo(1);
    expect(toEpoch(20)).toBeCloseTo(1.5);
    expect(toEpoch(35)).toBeCloseTo(2.5);
    expect(toEpoch(45)).toBeCloseTo(3.5); // past the last end: at the last epoch's pace
    expect(epochMapper([], [], 0)).toBeNull();
  });
});

describe('series buffer', () => {
  it('appends in order and replaces everything from a rewritten step on', () => {
    const b = buffer([0, 1, 2, 3], [10, 11, 12, 13]);
    b.applyFrom({ steps: [4, 5], values: [14, 15], wallTimes: [4, 5] });
    expect([...b.steps]).toEqual([0, 1, 2, 3, 4, 5]);
    b.applyFrom({ steps: [2, 2.5], values: [20, 25], wallTimes: [9, 9] });
    expect([...b.steps]).toEqual([0, 1, 2, 2.5]);
    expect([...b.values]).toEqual([10, 11, 20, 25]);
    for (let i = 0; i < 200; i++) b.applyFrom({ steps: [10 + i], values: [i], wallTimes: [i] });
    expect(b.length).toBe(204);
    expect(b.values[203]).toBe(199);
  });
});

describe('runs table rows', () => {
  const runs = [
    makeRunInfo('/logs', 'cnn-a/train', { final: { epoch_loss: 0.3, batch_loss: 0.9, epoch_accuracy: 0.9 }, hparams: { lr: 0.01 }, points: 10 }),
    makeRunInfo('/logs', 'cnn-a/validation', { final: { epoch_loss: 0.4 }, hparams: { lr: 0.01 }, points: 5 }),
    makeRunInfo('/logs', 'cnn-b/train', { final: { epoch_loss: 0.2 }, hparams: { lr: 0.001 }, points: 7 }),
    makeRunInfo('/logs', 'other', { final: { loss: Number.NaN }, hparams: {}, points: 1 }),
  ];

  it('makes one row of a train and a validation folder, named like Keras history', () => {
    const rows = runRows(runs);
    expect(rows.map((r) => r.label)).toEqual(['cnn-a', 'cnn-b', 'other']);
    expect(rows[0]).toMatchObject({ runs: ['cnn-a/train', 'cnn-a/validation'], points: 15, final: { loss: 0.3, val_loss: 0.4, accuracy: 0.9 }, hparams: { lr: 0.01 } });
    expect(columnsOf(rows)).toEqual({ hparams: ['lr'], finals: ['accuracy', 'loss', 'val_loss'] });
  });

  it('sorts by a figure either way, numbers as numbers, missing values last', () => {
    const rows = runRows(runs);
    const order = (desc: boolean) => sortRows(rows, { kind: 'final', name: 'loss' }, desc).map((r) => r.label);
    expect(order(false)).toEqual(['cnn-b', 'cnn-a', 'other']);
    expect(order(true)).toEqual(['cnn-a', 'cnn-b', 'other']);
    expect(sortRows(rows, { kind: 'hparam', name: 'lr' }, false).map((r) => r.label)).toEqual(['cnn-b', 'cnn-a', 'other']);
  });
});

describe('monitor chart data', () => {
  const runA = makeRunInfo('/logs', 'a/train');
  const runAv = makeRunInfo('/logs', 'a/validation');
  const runB = makeRunInfo('/logs', 'b');
  const groups = () =>
    groupCharts([
      { run: runA, tags: new Map([['epoch_loss', buffer([1, 2], [1, 0.5], [10, 20])], ['batch_loss', buffer([0, 1, 2, 3], [2, 1, 0.8, 0.6], [3, 8, 13, 18])], ['epoch_f1', buffer([1], [0.5])]]) },
      { run: runAv, tags: new Map([['epoch_loss', buffer([1, 2], [1.2, 0.7], [10, 20])]]) },
      { run: runB, tags: new Map([['epoch_loss', buffer([1], [3])]]) },
    ]);

  it('makes a chart per metric and granularity, loss first, train and val of every run together', () => {
    const g = groups();
    expect(g.map((c) => c.key)).toEqual(['epoch:loss', 'batch:loss', 'epoch:f1']);
    expect(g[0].series.map((s) => [s.runLabel, s.split, s.color])).toEqual([
      ['a', 'train', RUN_COLORS[0]],
      ['a', 'val', RUN_COLORS[0]],
      ['b', 'train', RUN_COLORS[1]],
    ]);
  });

  it('draws the smoothed line over a faint raw one, and only the raw line at smoothing 0', () => {
    const chart = groups()[0];
    const smoothed = buildDatasets(chart, 'step', 0.6);
    expect(smoothed.map((d) => [d.label, d.raw])).toEqual([
      ['a · train (raw)', true],
      ['a · train', false],
      ['a · val (raw)', true],
      ['a · val', false],
      ['b · train (raw)', true],
      ['b · train', false],
    ]);
    expect(smoothed[0].data).toEqual([{ x: 1, y: 1, i: 0 }, { x: 2, y: 0.5, i: 1 }]);
    expect(smoothed[1].data[1].y).toBeCloseTo((0.4 * 0.6 + 0.4 * 0.5) / (1 - 0.36), 12);
    expect(smoothed[2].borderDash).toEqual([6, 4]);
    const raw = buildDatasets(chart, 'step', 0);
    expect(raw.map((d) => d.raw)).toEqual([false, false, false]);
  });

  it('puts batches on the epoch axis by wall time, and by wall time on the wall axis', () => {
    const batch = groups()[1];
    // Epochs end at t=10 and 20; the run's first point is at t=3.
    expect(buildDatasets(batch, 'epoch', 0)[0].data.map((p) => +p.x.toFixed(3))).toEqual([0, +(5 / 7).toFixed(3), 1.3, 1.8]);
    expect(buildDatasets(batch, 'wall', 0)[0].data.map((p) => p.x)).toEqual([3, 8, 13, 18]);
  });

  it('finds the epoch of a clicked point', () => {
    const [epochChart, batchChart] = groups();
    expect(epochOfPoint(epochChart.series[0], 1)).toBe(2);
    expect(epochOfPoint(batchChart.series[0], 1)).toBe(1); // t=8, inside the first epoch
    expect(epochOfPoint(batchChart.series[0], 2)).toBe(2); // t=13, inside the second
    expect(epochOfPoint(batchChart.series[0], 9)).toBeNull();
  });
});

describe('training progress and form', () => {
  it('counts the done epochs and the part of the current one', () => {
    const job = { epoch: 2, epochs: 10, step: 250, stepsPerEpoch: 100, state: 'training' as const };
    expect(progressFraction(job)).toBeCloseTo(0.25);
    expect(progressFraction({ ...job, state: 'stopped' })).toBeCloseTo(0.2);
    expect(progressFraction({ ...job, epoch: 10, step: 1000 })).toBe(1);
  });

  it('builds a synthetic-line config with the defaults, and names a bad field', () => {
    expect(trainConfigOf(defaultTrainForm())).toEqual({
      ok: true,
      config: { data: { kind: 'synthetic', seed: 7, frames: 80, defectRate: 0.35 }, epochs: 10, batchSize: 32, learningRate: 0.001, labels: 'binary', augment: true, patience: 5 },
    });
    const bad = trainConfigOf({ ...defaultTrainForm(), epochs: 0, runName: 'my run' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain('epochs');
      expect(bad.message).toContain('runName');
    }
  });

  it('builds a labelled-folder config, and asks for the path when it is empty', () => {
    const built = trainConfigOf({ ...defaultTrainForm(), data: 'folder', folderPath: '  /data/parts  ', model: 'cnn-tiny' });
    expect(built).toMatchObject({ ok: true, config: { data: { kind: 'folder', path: '/data/parts' }, model: 'cnn-tiny' } });
    const empty = trainConfigOf({ ...defaultTrainForm(), data: 'folder', folderPath: ' ' });
    expect(empty).toEqual({ ok: false, message: expect.stringContaining('needs its path') });
  });

  it('builds a labelled-history config: everything, or the Review filter when asked', () => {
    const reviewFilter = { verdict: 'ng' as const, label: { state: 'labelled' as const } };
    expect(trainConfigOf({ ...defaultTrainForm(), data: 'history' }, reviewFilter)).toMatchObject({ ok: true, config: { data: { kind: 'history' } } });
    const all = trainConfigOf({ ...defaultTrainForm(), data: 'history' }, reviewFilter);
    expect(all.ok && 'filter' in all.config.data).toBe(false);
    expect(trainConfigOf({ ...defaultTrainForm(), data: 'history', useReviewFilter: true }, reviewFilter)).toMatchObject({
      ok: true,
      config: { data: { kind: 'history', filter: reviewFilter } },
    });
  });

  it('formats durations and figures', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatFigure(0.123456)).toBe('0.1235');
    expect(formatFigure(0.00001234)).toBe('1.23e-5');
  });
});

describe('min-max window', () => {
  const xs = Array.from({ length: 100_000 }, (_, i) => i);
  // A flat line with one spike and one dip: thinning must keep both.
  const ys = xs.map((i) => (i === 31_337 ? 50 : i === 70_001 ? -50 : 1));

  it('keeps every point of a short series or a narrow range, plus one beyond each edge', () => {
    expect(minMaxWindow([0, 1, 2], [5, 6, 7], null, null, 10)).toEqual([0, 1, 2]);
    expect(minMaxWindow(xs, ys, 500, 510, 1000)).toEqual(Array.from({ length: 13 }, (_, k) => 499 + k));
  });

  it('thins a long range to the lowest and highest point of each pixel column, spikes kept', () => {
    const picked = minMaxWindow(xs, ys, null, null, 1000);
    expect(picked.length).toBeLessThanOrEqual(4000);
    expect(picked).toContain(31_337);
    expect(picked).toContain(70_001);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(99_999);
    expect(picked.every((v, k) => k === 0 || v > picked[k - 1])).toBe(true);
  });
});
