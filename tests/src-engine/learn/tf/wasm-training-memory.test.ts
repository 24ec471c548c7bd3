// Training on wasm runs the registered Conv2DBackpropFilter every step; a leak
// of even one buffer per call would grow without bound over a training run.
import { beforeAll, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';

let tf: typeof Tf;

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV];
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

const STEPS = 1000;

it(`keeps tensors and wasm buffers flat over ${STEPS} training steps of a tiny conv model`, async () => {
  expect(tf.getBackend()).toBe('wasm');
  const model = tf.sequential({
    layers: [
      // stride 2 + same, then valid: both the plain and the sliced path of the kernel
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform([4, 12, 12, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2).toFloat());

  // The first steps create the optimizer's slots; count from after them.
  for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
  const before = { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };
  let lastLoss = Number.NaN;
  for (let i = 0; i < STEPS; i++) lastLoss = (await model.trainOnBatch(xs, ys)) as number;
  const after = { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };

  expect(after).toEqual(before);
  expect(Number.isFinite(lastLoss)).toBe(true);
  tf.dispose([xs, ys]);
  model.dispose();
});
