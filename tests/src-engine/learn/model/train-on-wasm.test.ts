// The point of the wasm kernel: a catalog CNN actually learns on wasm.
import { beforeAll, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { buildModel } from '../../../../src-engine/learn/model/build-model.js';
import { barImages } from './bar-images.js';

let tf: typeof Tf;

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV];
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

it('cnn-tiny learns horizontal vs vertical bars on wasm: loss falls and held-out accuracy is high', async () => {
  expect(tf.getBackend()).toBe('wasm');
  const train = barImages(96, 32, 1);
  const heldOut = barImages(40, 32, 2);
  const model = buildModel('cnn-tiny', { size: 32, channels: 1, classes: 2 });
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });

  const history = await model.fit(train.xs, train.ys, { epochs: 12, batchSize: 16, shuffle: true, verbose: 0 });
  const losses = history.history.loss as number[];
  expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.5);

  const predicted = tf.tidy(() => Array.from((model.predict(heldOut.xs) as Tf.Tensor2D).argMax(1).dataSync()));
  const correct = predicted.filter((p, i) => p === heldOut.labels[i]).length;
  expect(correct / heldOut.labels.length).toBeGreaterThanOrEqual(0.9);
  tf.dispose([train.xs, train.ys, heldOut.xs, heldOut.ys]);
  model.dispose();
});
