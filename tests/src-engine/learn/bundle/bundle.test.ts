// Model bundles: what the trainer writes is what the engine loads, a bundle
// that does not fit the caller's input or whose files are damaged is refused
// with the reason, and a failed write never costs the bundle already there.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { buildModel } from '../../../../src-engine/learn/model/build-model.js';
import { saveBundle, type BundleDescription } from '../../../../src-engine/learn/bundle/save-bundle.js';
import { loadBundle } from '../../../../src-engine/learn/bundle/load-bundle.js';
import { listBundles } from '../../../../src-engine/learn/bundle/list-bundles.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { diskFullAfter } from './failing-fs.js';

let tf: typeof Tf;
const tempDir = useTempDirs('bundle');

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV];
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

const description = (over: Partial<BundleDescription> = {}): BundleDescription => ({
  runId: 'run-1',
  createdAtMs: 1_700_000_000_000,
  architecture: 'cnn-tiny',
  input: { size: 16, channels: 1, scale: 0.344, normalisation: { scale: 1 / 255, offset: 0 }, layout: 'NHWC' },
  classes: ['ok', 'ng'],
  okClasses: ['ok'],
  recipe: { name: 'Default', version: 3 },
  metrics: { accuracy: 0.95, loss: 0.12 },
  epoch: 4,
  backend: 'wasm',
  ...over,
});

function predict(model: Tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.linspace(0, 1, 256).reshape([1, 16, 16, 1])) as Tf.Tensor).dataSync()));
}

describe('saveBundle / loadBundle', () => {
  it('round-trips: the loaded model predicts exactly what the saved one did, and the manifest says what it takes', async () => {
    const models = tempDir();
    const model = buildModel('cnn-tiny', { size: 16, channels: 1, classes: 2 });
    const saved = await saveBundle(tf, model, { modelsDir: models, name: 'run-1', description: description() });
    expect(saved.ok).toBe(true);
    expect(readdirSync(join(models, 'run-1')).sort()).toEqual(['bundle.json', 'model.json', 'weights.bin']);
    expect(readdirSync(models)).toEqual(['run-1']); // no temporary folder left behind

    const loaded = await loadBundle(join(models, 'run-1'), { tf, expectedInput: { size: 16, channels: 1, scale: 0.344 } });
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.manifest).toMatchObject({ schema: 'loupe.model/1', classes: ['ok', 'ng'], okClasses: ['ok'], recipe: { name: 'Default', version: 3 }, backend: 'wasm', runId: 'run-1' });
    expect(predict(loaded.value.model)).toEqual(predict(model));
    model.dispose();
    loaded.value.model.dispose();
  });

  it('refuses a bundle whose input spec does not match the caller, naming each field', async () => {
    const models = tempDir();
    const model = buildModel('cnn-tiny', { size: 16, channels: 1, classes: 2 });
    await saveBundle(tf, model, { modelsDir: models, name: 'run-1', description: description() });
    model.dispose();
    const before = readFileSync(join(models, 'run-1', 'bundle.json'));

    const wrongSize = await loadBundle(join(models, 'run-1'), { tf, expectedInput: { size: 64 } });
    expect(wrongSize.ok).toBe(false);
    if (!wrongSize.ok) expect(wrongSize.error.message).toMatch(/does not fit this input: size: the bundle takes 16×16 crops, given 64×64/);
    const wrongScale = await loadBundle(join(models, 'run-1'), { tf, expectedInput: { scale: 0.5, normalisation: { scale: 1, offset: 0 } } });
    expect(wrongScale.ok).toBe(false);
    if (!wrongScale.ok) {
      expect(wrongScale.error.message).toMatch(/scale: the bundle's crops are 0.344 crop px per native px, given 0.5/);
      expect(wrongScale.error.message).toMatch(/normalisation/);
    }
    // A float that went through JSON still matches.
    const ok = await loadBundle(join(models, 'run-1'), { tf, expectedInput: { scale: 0.344 + 1e-9 } });
    expect(ok.ok).toBe(true);
    if (ok.ok) ok.value.model.dispose();
    expect(readFileSync(join(models, 'run-1', 'bundle.json'))).toEqual(before);
  });

  it('refuses damaged files with the file named: flipped weights, truncated weights, broken bundle.json', async () => {
    const models = tempDir();
    const model = buildModel('cnn-tiny', { size: 16, channels: 1, classes: 2 });
    await saveBundle(tf, model, { modelsDir: models, name: 'run-1', description: description() });
    model.dispose();
    const dir = join(models, 'run-1');
    const weights = readFileSync(join(dir, 'weights.bin'));

    const flipped = Buffer.from(weights);
    flipped[10] ^= 0xff;
    writeFileSync(join(dir, 'weights.bin'), flipped);
    const a = await loadBundle(dir, { tf });
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.error.message).toMatch(/is corrupt: .*weights\.bin does not match the checksum/);

    writeFileSync(join(dir, 'weights.bin'), weights);
    writeFileSync(join(dir, 'bundle.json'), '{"schema": "loupe.model/1", ');
    const b = await loadBundle(dir, { tf });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error.message).toMatch(/bundle\.json is corrupt: not valid JSON/);
  });

  it('a full disk while saving leaves the earlier bundle of that name intact and loadable, and no temporary folder', async () => {
    const models = tempDir();
    const first = buildModel('cnn-tiny', { size: 16, channels: 1, classes: 2 });
    await saveBundle(tf, first, { modelsDir: models, name: 'run-1', description: description() });
    const expected = predict(first);
    const second = buildModel('cnn-tiny', { size: 16, channels: 1, classes: 2 });
    for (const writes of [0, 1, 2]) {
      const failed = await saveBundle(tf, second, { modelsDir: models, name: 'run-1', description: description({ epoch: 9 }), fs: diskFullAfter(writes) });
      expect(failed.ok).toBe(false);
      if (!failed.ok) expect(failed.error.message).toMatch(/ENOSPC.*earlier bundle of that name is unchanged/);
      expect(readdirSync(models)).toEqual(['run-1']);
      const loaded = await loadBundle(join(models, 'run-1'), { tf });
      if (!loaded.ok) throw new Error(loaded.error.message);
      expect(loaded.value.manifest.epoch).toBe(4);
      expect(predict(loaded.value.model)).toEqual(expected);
      loaded.value.model.dispose();
    }
    first.dispose();
    second.dispose();
  });
});

describe('listBundles', () => {
  it('lists bundles newest first, reports folders that are not bundles, and skips temporary folders', async () => {
    const models = tempDir();
    const model = buildModel('cnn-tiny', { size: 16, channels: 1, classes: 2 });
    await saveBundle(tf, model, { modelsDir: models, name: 'older', description: description({ createdAtMs: 1000 }) });
    await saveBundle(tf, model, { modelsDir: models, name: 'newer', description: description({ createdAtMs: 2000 }) });
    model.dispose();
    mkdirSync(join(models, 'not-a-bundle'));
    mkdirSync(join(models, '.newer.tmp-123-abcd'));
    const listing = listBundles(models);
    expect(listing.bundles.map((b) => b.manifest.name)).toEqual(['newer', 'older']);
    expect(listing.problems).toEqual([{ dir: join(models, 'not-a-bundle'), message: expect.stringMatching(/is not a model bundle \(no bundle\.json\)/) }]);
    expect(listBundles(join(models, 'missing'))).toEqual({ bundles: [], problems: [] });
  });
});
