// A short training run on the labelled history: it completes, and the
// misclassified samples the monitor shows point back to their frame in review.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { EpochFileSchema } from '../../../../src-engine/learn/train/run-files.js';
import { describeMistakes } from '../../../../src-engine/learn/train/misclassified.js';
import { loadTrainingData } from '../../../../src-engine/learn/train/training-data.js';
import { runTraining } from '../../../../src-engine/learn/train/training-run.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { labelledHistory } from '../dataset/labelled-history.js';
import { defaultRecipe, fastConfig, wasmTf } from './run-fixture.js';

let loaded: LoadedTensorFlow;
const tempDir = useTempDirs('history-training');

beforeAll(async () => {
  loaded = await wasmTf();
});

const refOfId = (id: string) => {
  const [, frameId, objectId] = /^history:(\d+):(\d+)$/.exec(id)!.map(Number);
  return { frameId, objectId };
};

describe('training on the labelled history', () => {
  it('runs two epochs to the end; every misclassified sample names its frame and object', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    labelledHistory(dir, dataDir, defaultRecipe(), 10);
    // A tiny learning rate: the untrained model's mistakes are there to look at.
    const config = fastConfig({ data: { kind: 'history' }, epochs: 2, learningRate: 1e-6, labels: 'defect' });
    const data = loadTrainingData(config, defaultRecipe(), 16, { dataDir });
    if (!data.ok) throw new Error(data.error.message);
    expect(data.value.dataset.samples).toHaveLength(20);
    expect(data.value.dataset.classes).toEqual(['good', 'defect_x']);

    const logdir = tempDir();
    const result = await runTraining({ tf: loaded, config, runId: 'r1', logdir, modelsDir: tempDir(), cacheDir: null, recipe: defaultRecipe(), data: data.value });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ state: 'finished', epoch: 2 });
    const misclassified = [0, 1].flatMap((e) => EpochFileSchema.parse(JSON.parse(readFileSync(join(logdir, 'r1', 'loupe', `epoch-${e}.json`), 'utf8'))).misclassified);
    expect(misclassified.length).toBeGreaterThan(0);
    for (const m of misclassified) {
      expect(m.historyRef).toEqual(refOfId(m.sampleId));
      expect(m.origin).toBe(`history frame ${m.historyRef!.frameId} object ${m.historyRef!.objectId}`);
    }
  });

  it('a history sample is described with its historyRef, a sample from elsewhere with none', () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    labelledHistory(dir, dataDir, defaultRecipe(), 1);
    const data = loadTrainingData(fastConfig({ data: { kind: 'history', dataDir }, labels: 'defect' }), defaultRecipe(), 16);
    if (!data.ok) throw new Error(data.error.message);
    const [history] = data.value.dataset.samples;
    const folder = { ...history, id: 'good/a.png', origin: { kind: 'folder' as const, file: 'good/a.png', fileHash: '0'.repeat(64) } };
    const described = describeMistakes(
      [history, folder].map((sample) => ({ sample, predicted: 1, confidence: 0.9, features: new Float32Array(0) })),
      { classes: ['good', 'defect_x'], featureNames: [], recipe: defaultRecipe(), scale: data.value.dataset.scale, size: 16 },
    );
    const byId = new Map(described.map((d) => [d.sampleId, d]));
    expect(byId.get(history.id)!.historyRef).toEqual(refOfId(history.id));
    expect(byId.get('good/a.png')!.historyRef).toBeNull();
  });
});
