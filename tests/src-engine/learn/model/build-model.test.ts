import { beforeAll, describe, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { buildModel } from '../../../../src-engine/learn/model/build-model.js';
import { ARCHITECTURES, MODEL_NAMES } from '../../../../src-engine/learn/model/model-catalog.js';

let tf: typeof Tf;

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV];
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

describe('buildModel', () => {
  it.each(MODEL_NAMES)('%s maps [n, 64, 64, 1] in [0, 1] to a softmax over the classes', (name) => {
    const model = buildModel(name, { size: 64, channels: 1, classes: 5 });
    expect(model.inputs[0].shape).toEqual([null, 64, 64, 1]);
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.map((l) => (l.getConfig() as { filters: number }).filters)).toEqual(ARCHITECTURES[name].convFilters);
    const out = tf.tidy(() => {
      const y = model.predict(tf.randomUniform([3, 64, 64, 1])) as Tf.Tensor2D;
      return { shape: y.shape, sums: Array.from(y.sum(1).dataSync()), min: y.min().dataSync()[0] };
    });
    expect(out.shape).toEqual([3, 5]);
    for (const s of out.sums) expect(s).toBeCloseTo(1, 5);
    expect(out.min).toBeGreaterThanOrEqual(0);
    model.dispose();
  });

  it.each(MODEL_NAMES)('%s takes a training step on wasm (every gradient kernel it needs is there)', async (name) => {
    const model = buildModel(name, { size: 32, channels: 1, classes: 2 });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    const xs = tf.randomUniform([4, 32, 32, 1]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2).toFloat());
    const loss = (await model.trainOnBatch(xs, ys)) as number;
    expect(Number.isFinite(loss)).toBe(true);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('stays small: cnn-small at 64×64 with 4 classes has under 100k weights', () => {
    const model = buildModel('cnn-small', { size: 64, channels: 1, classes: 4 });
    // 3×3 convs 1→16→32→64 (160 + 4,640 + 18,496) and 8·8·64 → 4 dense (16,388)
    expect(model.countParams()).toBe(160 + 4640 + 18496 + 16388);
    model.dispose();
  });

  it('throws on a spec that does not fit, naming what is wrong', () => {
    expect(() => buildModel('cnn-medium', { size: 8, channels: 1, classes: 2 })).toThrow('cnn-medium halves its input 4 times, so it needs size >= 16; got 8');
    expect(() => buildModel('nope' as never, { size: 64, channels: 1, classes: 2 })).toThrow(/unknown model "nope"/);
  });
});
