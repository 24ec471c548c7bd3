// Checkpoints, resume and stop, and the bad inputs around them: each failure
// gives a clear error and costs nothing already on disk.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { readLatestCheckpoint } from '../../../../src-engine/learn/train/checkpoint-store.js';
import { nodeDurableFs, type DurableFs } from '../../../../src-engine/learn/bundle/durable-fs.js';
import { LogdirWatcher } from '../../../../src-engine/runs/logdir-watcher.js';
import { readRunFile } from '../../../../src-engine/learn/train/run-files.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { fastConfig, runShapes, treeHashes, wasmTf } from './run-fixture.js';
import { shapesDataset } from './shapes-dataset.js';

let loaded: LoadedTensorFlow;
const tempDir = useTempDirs('checkpoints');
const STEPS_PER_EPOCH = Math.ceil(80 / 16);

beforeAll(async () => {
  loaded = await wasmTf();
});

/** A disk that fills up on demand: every file write after fill() fails with ENOSPC, half written. */
function fillableDisk(): { fs: DurableFs; fill(): void } {
  let full = false;
  return {
    fs: {
      ...nodeDurableFs,
      writeFile(path, data) {
        if (full) {
          const bytes = typeof data === 'string' ? Buffer.from(data) : data;
          writeFileSync(path, bytes.subarray(0, bytes.byteLength >> 1));
          throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
        }
        nodeDurableFs.writeFile(path, data);
      },
    },
    fill: () => (full = true),
  };
}

describe('checkpoints', () => {
  it('stop between batches keeps the last checkpoint and the logs; resume continues the step count and epoch', async () => {
    const logdir = tempDir();
    const modelsDir = tempDir();
    let step = 0;
    const stopped = await runShapes(loaded, { logdir, modelsDir }, {
      config: fastConfig({ epochs: 3 }),
      onProgress: (p) => (step = p.step),
      // Stop two batches into the second epoch.
      shouldStop: () => step >= STEPS_PER_EPOCH + 2,
    });
    if (!stopped.ok) throw new Error(stopped.error.message);
    expect(stopped.value).toMatchObject({ state: 'stopped', epoch: 1, bundle: null });
    const checkpoint = readLatestCheckpoint(join(logdir, 'r1', 'checkpoints'));
    if (!checkpoint.ok) throw new Error(checkpoint.error.message);
    expect(checkpoint.value.state).toMatchObject({ epoch: 1, step: STEPS_PER_EPOCH });
    expect(readRunFile(join(logdir, 'r1'))?.state).toBe('stopped');
    expect(existsSync(join(logdir, 'r1', 'loupe', 'epoch-0.json'))).toBe(true);
    expect(existsSync(join(modelsDir, 'r1'))).toBe(false);

    const resumed = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 3 }), resume: true });
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.value).toMatchObject({ state: 'finished', epoch: 3, step: 3 * STEPS_PER_EPOCH });
    expect(readdirSync(join(logdir, 'r1', 'checkpoints')).sort()).toEqual(['epoch-000003', 'latest.json']);
    expect(existsSync(join(modelsDir, 'r1', 'bundle.json'))).toBe(true);

    // The event files carry on from the checkpoint's step: epochs 0..2 once each, batch steps up to 15.
    const watcher = new LogdirWatcher(logdir);
    watcher.poll();
    const train = watcher.snapshot().runs['r1/train'];
    watcher.close();
    expect(Array.from(train.epoch_loss.steps)).toEqual([0, 1, 2]);
    expect(train.batch_loss.steps.at(-1)).toBe(3 * STEPS_PER_EPOCH);
    expect(new Set(train.batch_loss.steps).size).toBe(3 * STEPS_PER_EPOCH);
  });

  it('a corrupt checkpoint on resume is refused with the file named, and nothing in the run is touched', async () => {
    const logdir = tempDir();
    const modelsDir = tempDir();
    const first = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 1 }) });
    expect(first.ok).toBe(true);
    const weights = join(logdir, 'r1', 'checkpoints', 'epoch-000001', 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[bytes.length >> 1] ^= 0x55;
    writeFileSync(weights, bytes);
    const runBefore = treeHashes(join(logdir, 'r1'));
    const modelsBefore = treeHashes(modelsDir);

    const resumed = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 3 }), resume: true });
    expect(resumed.ok).toBe(false);
    if (!resumed.ok) expect(resumed.error.message).toMatch(/checkpoint .*epoch-000001 is corrupt: weights\.bin does not match its checksum/);
    expect(treeHashes(join(logdir, 'r1'))).toEqual(runBefore);
    expect(treeHashes(modelsDir)).toEqual(modelsBefore);

    writeFileSync(join(logdir, 'r1', 'checkpoints', 'latest.json'), '{"checkpoint": "epoch-0000');
    const again = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 3 }), resume: true });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/latest\.json is corrupt: not valid JSON/);
  });

  it('a full disk while checkpointing fails the run with ENOSPC, and the previous checkpoint stays complete and resumable', async () => {
    const logdir = tempDir();
    const modelsDir = tempDir();
    const disk = fillableDisk();
    const result = await runShapes(loaded, { logdir, modelsDir }, {
      config: fastConfig({ epochs: 3 }),
      fs: disk.fs,
      onProgress: (p) => {
        if (p.epoch === 1) disk.fill(); // the first checkpoint is on disk; the second one will not fit
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/checkpoint of epoch 2 could not be written .*ENOSPC.*previous checkpoint is kept/);
    // No half-written folder or pointer: only the first checkpoint and its pointer.
    expect(readdirSync(join(logdir, 'r1', 'checkpoints')).sort()).toEqual(['epoch-000001', 'latest.json']);
    const kept = readLatestCheckpoint(join(logdir, 'r1', 'checkpoints'));
    if (!kept.ok) throw new Error(kept.error.message);
    expect(kept.value.state).toMatchObject({ epoch: 1, step: STEPS_PER_EPOCH });

    const resumed = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 2 }), resume: true });
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.value).toMatchObject({ state: 'finished', epoch: 2, step: 2 * STEPS_PER_EPOCH });
  });
});

describe('bad training data', () => {
  it('a damaged image in the training set is reported by id and skipped; the run trains on the rest', async () => {
    const dataset = shapesDataset();
    const victim = dataset.samples.find((s) => s.split === 'train')!;
    victim.input = victim.input.slice(0, 100); // truncated: no longer a 16×16 crop
    const other = dataset.samples.filter((s) => s.split === 'train')[3];
    other.input[5] ^= 0xff; // pixels changed after hashing
    const result = await runShapes(loaded, { logdir: tempDir(), modelsDir: tempDir() }, { dataset, config: fastConfig({ epochs: 1 }) });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.state).toBe('finished');
    expect(result.value.problems).toEqual([
      { subject: victim.id, message: 'its crop has 100 pixels, not 16×16; skipped' },
      { subject: other.id, message: 'its pixels do not match their hash (damaged); skipped' },
    ]);
    expect(result.value.step).toBe(Math.ceil(78 / 16));
  });

  it('a dataset with one class only is refused before anything is written', async () => {
    const logdir = tempDir();
    const dataset = shapesDataset();
    dataset.samples = dataset.samples.filter((s) => s.label === 'ok');
    const result = await runShapes(loaded, { logdir, modelsDir: tempDir() }, { dataset });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/has only the class ok: training needs at least two classes/);
    expect(readdirSync(logdir)).toEqual([]);
  });

  it('a dataset with too few samples is refused with the count', async () => {
    const logdir = tempDir();
    const result = await runShapes(loaded, { logdir, modelsDir: tempDir() }, { dataset: shapesDataset({ train: 4, val: 2, test: 2 }) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/has 16 samples; training needs at least 20/);
    expect(readdirSync(logdir)).toEqual([]);
  });

  it('starting a run whose name is taken is refused, and the existing run is untouched', async () => {
    const logdir = tempDir();
    const modelsDir = tempDir();
    await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 1 }) });
    const before = treeHashes(logdir);
    const again = await runShapes(loaded, { logdir, modelsDir }, { config: fastConfig({ epochs: 1 }) });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/a run named r1 already exists/);
    expect(treeHashes(logdir)).toEqual(before);
  });
});
