// The training loop end to end on a small dataset: it learns, it logs in the
// Keras layout plus Loupe's own files, it leaks no tensors across epochs, and
// it writes a bundle of the best epoch.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { LogdirWatcher } from '../../../../src-engine/runs/logdir-watcher.js';
import { EpochFileSchema, RunFileSchema } from '../../../../src-engine/learn/train/run-files.js';
import { EpochDetailsSchema } from '../../../../src-shared/runs-contract.js';
import { loadBundle } from '../../../../src-engine/learn/bundle/load-bundle.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { fastConfig, runShapes, wasmTf } from './run-fixture.js';

let loaded: LoadedTensorFlow;
const tempDir = useTempDirs('train-run');

beforeAll(async () => {
  loaded = await wasmTf();
});

describe('runTraining', () => {
  it('learns discs vs squares, logs train/validation event files and Loupe files, and bundles the best epoch', async () => {
    const logdir = tempDir();
    const modelsDir = tempDir();
    const epochTensors: number[] = [];
    const before = loaded.tf.memory().numTensors;
    const result = await runShapes(loaded, { logdir, modelsDir }, {
      config: fastConfig({ epochs: 6 }),
      onProgress: (p) => {
        if (p.state === 'training' && p.epoch > epochTensors.length) epochTensors.push(loaded.tf.memory().numTensors);
      },
    });
    if (!result.ok) throw new Error(result.error.message);
    const out = result.value;
    expect(out.state).toBe('finished');
    expect(out.epoch).toBe(6);
    expect(out.step).toBe(6 * Math.ceil(80 / 16));
    expect(out.metrics.val_accuracy).toBeGreaterThanOrEqual(0.9);
    // Custom metrics ran beside the model, from the OpenCV features.
    expect(out.metrics.val_meanCircularity).toBeGreaterThan(0.5);
    expect(out.metrics).toHaveProperty('val_recipeAgreement');
    expect(out.metrics).toHaveProperty('val_segmentationAccuracy');
    expect(out.metrics.val_averagePixelValue).toBeGreaterThan(40);

    // Memory: the same number of tensors after every epoch, and none left after the run.
    expect(epochTensors).toHaveLength(6);
    expect(new Set(epochTensors).size).toBe(1);
    expect(loaded.tf.memory().numTensors).toBe(before);

    // Keras layout: <run>/train and <run>/validation.
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    const runs = watcher.snapshot().runs;
    expect(Object.keys(runs).sort()).toEqual(['r1/train', 'r1/validation']);
    expect(Array.from(runs['r1/train'].batch_loss.steps)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(Array.from(runs['r1/train'].epoch_loss.steps)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs['r1/train']).toHaveProperty('batch_accuracy');
    expect(runs['r1/train']).toHaveProperty('epoch_meanCircularity');
    expect(Array.from(runs['r1/validation'].epoch_accuracy.steps)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs['r1/validation'].epoch_accuracy.values.at(-1)).toBeCloseTo(out.metrics.val_accuracy, 5);
    expect(Object.keys(runs['r1/validation']).every((t) => t.startsWith('epoch_'))).toBe(true);
    watcher.close();

    // Loupe's files for the monitor.
    const run = RunFileSchema.parse(JSON.parse(readFileSync(join(logdir, 'r1', 'loupe', 'run.json'), 'utf8')));
    expect(run).toMatchObject({ schema: 'loupe.run/1', runId: 'r1', state: 'finished', backend: 'wasm', classes: ['ok', 'ng'] });
    expect(run.hparams).toMatchObject({ model: 'cnn-tiny', batchSize: 16, learningRate: 0.01, 'data.kind': 'synthetic' });
    const first = EpochFileSchema.parse(JSON.parse(readFileSync(join(logdir, 'r1', 'loupe', 'epoch-0.json'), 'utf8')));
    expect(EpochDetailsSchema.safeParse({ ...first, runId: 'r1' }).success).toBe(true);
    expect(first.confusion.flat().reduce((a, b) => a + b, 0)).toBe(24); // every val sample, once
    const wrong = first.confusion[0][1] + first.confusion[1][0];
    expect(first.misclassified).toHaveLength(Math.min(64, wrong));
    for (const m of first.misclassified) {
      expect(m.label).not.toBe(m.predicted);
      expect(Buffer.from(m.cropPng, 'base64').subarray(1, 4).toString()).toBe('PNG');
      expect(m.cropSize).toBe(16);
      expect(m.metrics).toHaveProperty('object.circularity');
    }
    expect(readdirSync(join(logdir, 'r1', 'loupe')).sort()).toEqual(['epoch-0.json', 'epoch-1.json', 'epoch-2.json', 'epoch-3.json', 'epoch-4.json', 'epoch-5.json', 'run.json']);

    // The bundle: best epoch's weights, the dataset's input spec.
    expect(out.bundle?.dir).toBe(join(modelsDir, 'r1'));
    const bundle = await loadBundle(join(modelsDir, 'r1'), { tf: loaded.tf, expectedInput: { size: 16, channels: 1, scale: 0.5 } });
    if (!bundle.ok) throw new Error(bundle.error.message);
    expect(bundle.value.manifest).toMatchObject({ classes: ['ok', 'ng'], okClasses: ['ok'], epoch: out.bestEpoch, runId: 'r1', architecture: 'cnn-tiny' });
    expect(bundle.value.manifest.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    bundle.value.model.dispose();
  });

  it('misclassified samples carry the part outline in crop coordinates', async () => {
    const logdir = tempDir();
    // One epoch at a tiny learning rate: plenty of mistakes to look at.
    const result = await runShapes(loaded, { logdir, modelsDir: tempDir() }, { config: fastConfig({ epochs: 1, learningRate: 1e-6 }) });
    if (!result.ok) throw new Error(result.error.message);
    const details = EpochFileSchema.parse(JSON.parse(readFileSync(join(logdir, 'r1', 'loupe', 'epoch-0.json'), 'utf8')));
    expect(details.misclassified.length).toBeGreaterThan(0);
    for (const m of details.misclassified) {
      expect(m.outline).not.toBeNull();
      const xs = m.outline!.map((p) => p[0]);
      const ys = m.outline!.map((p) => p[1]);
      // The part sits within 1.5 px of the 16×16 crop's centre, radius 4.2 to 5.5 px.
      for (const v of [...xs, ...ys]) {
        expect(v).toBeGreaterThan(-0.5);
        expect(v).toBeLessThan(15.5);
      }
      expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeGreaterThan(5.5);
      expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeLessThan(9.5);
      expect((Math.max(...ys) - Math.min(...ys)) / 2).toBeGreaterThan(3.5);
      expect((Math.max(...ys) - Math.min(...ys)) / 2).toBeLessThan(6.5);
    }
  });

  it('stops early when val loss stops improving, keeping the best epoch for the bundle', async () => {
    const logdir = tempDir();
    const modelsDir = tempDir();
    // A learning rate far too high: val loss gets worse after the first epochs.
    const result = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 30, patience: 2, learningRate: 0.9 }) });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.state).toBe('finished');
    expect(result.value.stoppedEarly).toBe(true);
    expect(result.value.epoch).toBe(result.value.bestEpoch + 2);
    expect(existsSync(join(modelsDir, 'r1', 'bundle.json'))).toBe(true);
    const bundle = JSON.parse(readFileSync(join(modelsDir, 'r1', 'bundle.json'), 'utf8')) as { epoch: number };
    expect(bundle.epoch).toBe(result.value.bestEpoch);
  });
});
