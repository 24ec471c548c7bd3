import { beforeAll, describe, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { registerWasmConv2DBackpropInput } from '../../../../src-engine/learn/tf/wasm-conv2d-backprop-input.js';
import { outputShape, relativeError, type ConvCase, type Pad } from './conv-reference.js';
import { randomValues, seededRandom } from './seeded-random.js';

let tf: typeof Tf;

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV];
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

const TOLERANCE = 1e-4;
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

const SHAPES = [
  { label: '9x9x1 -> 4, 3x3', xShape: [9, 9, 1], filterShape: [3, 3, 1, 4] },
  { label: '12x10x3 -> 5, 5x5', xShape: [12, 10, 3], filterShape: [5, 5, 3, 5] },
  { label: '8x11x4 -> 2, 2x3 (even, uneven same-padding)', xShape: [8, 11, 4], filterShape: [2, 3, 4, 2] },
  { label: '7x7x16 -> 8, 1x1', xShape: [7, 7, 16], filterShape: [1, 1, 16, 8] },
] as const;

function makeCase(shape: (typeof SHAPES)[number], batch: number, stride: number, pad: Pad): ConvCase {
  return {
    xShape: [batch, ...shape.xShape],
    filterShape: [...shape.filterShape],
    strides: [stride, stride],
    dilations: [1, 1],
    pad,
  };
}

/** dL/dx for L = Σ conv2d(x, w) · g on one backend, through tfjs's own gradient (which calls Conv2DBackpropInput). */
async function inputGradientOn(backend: 'wasm' | 'cpu', c: ConvCase, seed: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  const random = seededRandom(seed);
  const [x, w, g] = [c.xShape, c.filterShape, outputShape(c)].map((s) => tf.tensor4d(randomValues(random, size(s)), s));
  const dx = tf.grad((input: Tf.Tensor) => tf.sum(tf.mul(tf.conv2d(input as Tf.Tensor4D, w as Tf.Tensor4D, c.strides, c.pad), g)))(x);
  const values = Float32Array.from(await dx.data());
  tf.dispose([x, w, g, dx]);
  return values;
}

const EXPLICIT: Pad = [[0, 0], [1, 2], [2, 0], [0, 0]];
// Wider than the 3×3 filter: the XNNPACK path would need negative padding, so the original kernel runs.
const TOO_WIDE: Pad = [[0, 0], [4, 3], [0, 5], [0, 0]];

describe('Conv2DBackpropInput on wasm', () => {
  it('is Loupe’s once TensorFlow is loaded on wasm (registering again changes nothing)', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(registerWasmConv2DBackpropInput()).toBe(false);
  });

  const cases = [1, 2].flatMap((stride) =>
    (['same', 'valid', EXPLICIT] as Pad[]).flatMap((pad) =>
      [1, 3, 8].flatMap((batch) =>
        SHAPES.map((shape) => ({ name: `stride ${stride}, ${typeof pad === 'string' ? pad : 'explicit'}, batch ${batch}, ${shape.label}`, c: makeCase(shape, batch, stride, pad) })),
      ),
    ),
  );

  it.each(cases)('matches the cpu backend through tf.grad: $name', async ({ c }) => {
    expect(relativeError(await inputGradientOn('wasm', c, 13), await inputGradientOn('cpu', c, 13))).toBeLessThan(TOLERANCE);
  });

  it.each([1, 2])('falls back to the original kernel for padding wider than the filter, stride %i', async (stride) => {
    const c = makeCase(SHAPES[0], 3, stride, TOO_WIDE);
    expect(relativeError(await inputGradientOn('wasm', c, 17), await inputGradientOn('cpu', c, 17))).toBeLessThan(TOLERANCE);
  });

  it('frees every intermediate it makes on the wasm backend', async () => {
    await tf.setBackend('wasm');
    const c = makeCase(SHAPES[1], 3, 1, 'same');
    const dy = tf.randomUniform(outputShape(c));
    const filter = tf.randomUniform(c.filterShape);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.xShape };
    const before = { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };
    for (let i = 0; i < 50; i++) (tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs) as Tf.Tensor).dispose();
    expect({ tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() }).toEqual(before);
    tf.dispose([dy, filter]);
  });
});
