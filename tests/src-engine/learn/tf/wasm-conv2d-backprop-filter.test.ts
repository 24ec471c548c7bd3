import { beforeAll, describe, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { outputShape, referenceFilterGradient, relativeError, type ConvCase, type Pad } from './conv-reference.js';
import { randomValues, seededRandom } from './seeded-random.js';

let tf: typeof Tf;

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV]; // this file is about wasm whatever the machine forces
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

const TOLERANCE = 1e-4;

interface Shape {
  label: string;
  height: number;
  width: number;
  inC: number;
  outC: number;
  kh: number;
  kw: number;
}

const SHAPES: Shape[] = [
  { label: '9x9x1 -> 4, 3x3', height: 9, width: 9, inC: 1, outC: 4, kh: 3, kw: 3 },
  { label: '12x10x3 -> 5, 5x5', height: 12, width: 10, inC: 3, outC: 5, kh: 5, kw: 5 },
  { label: '8x11x4 -> 2, 2x3 (even, uneven same-padding)', height: 8, width: 11, inC: 4, outC: 2, kh: 2, kw: 3 },
  { label: '7x7x8 -> 16, 1x1', height: 7, width: 7, inC: 8, outC: 16, kh: 1, kw: 1 },
];

function makeCase(shape: Shape, batch: number, stride: number, pad: Pad, dilation = 1): ConvCase {
  return {
    xShape: [batch, shape.height, shape.width, shape.inC],
    filterShape: [shape.kh, shape.kw, shape.inC, shape.outC],
    strides: [stride, stride],
    dilations: [dilation, dilation],
    pad,
  };
}

/** dL/dw for L = Σ conv2d(x, w) · g on one backend, through tfjs's own gradient (which calls Conv2DBackpropFilter). */
async function filterGradientOn(backend: 'wasm' | 'cpu', c: ConvCase, seed: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  const random = seededRandom(seed);
  const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const [x, w, g] = [c.xShape, c.filterShape, outputShape(c)].map((s) => tf.tensor4d(randomValues(random, sizeOf(s)), s as [number, number, number, number]));
  const lossOfFilter = (f: Tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as Tf.Tensor4D, f as Tf.Tensor4D, c.strides, c.pad), g));
  const dw = tf.grad(lossOfFilter)(w);
  const values = Float32Array.from(await dw.data());
  tf.dispose([x, w, g, dw]);
  return values;
}

describe('Conv2DBackpropFilter on wasm', () => {
  it('is registered once TensorFlow is loaded on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  const cases = [1, 2].flatMap((stride) =>
    (['same', 'valid'] as const).flatMap((pad) =>
      [1, 3, 8].flatMap((batch) => SHAPES.map((shape) => ({ name: `stride ${stride}, ${pad}, batch ${batch}, ${shape.label}`, c: makeCase(shape, batch, stride, pad) }))),
    ),
  );

  it.each(cases)('matches the cpu backend through tf.grad: $name', async ({ c }) => {
    const onWasm = await filterGradientOn('wasm', c, 7);
    const onCpu = await filterGradientOn('cpu', c, 7);
    expect(onWasm.length).toBe(c.filterShape.reduce((a, b) => a * b, 1));
    expect(relativeError(onWasm, onCpu)).toBeLessThan(TOLERANCE);
  });

  it.each([1, 2])('matches the cpu backend with explicit padding, stride %i', async (stride) => {
    const c = makeCase(SHAPES[1], 3, stride, [[0, 0], [1, 2], [2, 0], [0, 0]]);
    expect(relativeError(await filterGradientOn('wasm', c, 11), await filterGradientOn('cpu', c, 11))).toBeLessThan(TOLERANCE);
  });

  it('the plain-loop reference agrees with the cpu backend (so it can stand in where cpu cannot)', async () => {
    const c = makeCase(SHAPES[2], 3, 2, 'same');
    const random = seededRandom(5);
    const x = randomValues(random, c.xShape.reduce((a, b) => a * b, 1));
    const dy = randomValues(random, outputShape(c).reduce((a, b) => a * b, 1));
    await tf.setBackend('cpu');
    const onCpu = tf.tidy(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x, c.xShape), dy: tf.tensor4d(dy, outputShape(c)) }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filterShape }),
    ) as Tf.Tensor;
    expect(relativeError(Float32Array.from(await onCpu.data()), referenceFilterGradient(c, x, dy))).toBeLessThan(TOLERANCE);
    onCpu.dispose();
  });

  // tfjs's conv2d gradient refuses dilations > 1, so the kernel is called directly and checked against the plain loop.
  const dilated = [1, 2].flatMap((stride) =>
    (['same', 'valid', [[0, 0], [2, 1], [0, 3], [0, 0]]] as Pad[]).map((pad) => ({
      name: `dilation 2, stride ${stride}, ${typeof pad === 'string' ? pad : 'explicit'} padding`,
      c: makeCase({ label: '', height: 13, width: 12, inC: 2, outC: 3, kh: 3, kw: 3 }, 3, stride, pad, 2),
    })),
  );

  it.each(dilated)('matches the plain-loop reference called directly: $name', async ({ c }) => {
    await tf.setBackend('wasm');
    const random = seededRandom(3);
    const x = randomValues(random, c.xShape.reduce((a, b) => a * b, 1));
    const dy = randomValues(random, outputShape(c).reduce((a, b) => a * b, 1));
    const dw = tf.tidy(() =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x: tf.tensor4d(x, c.xShape), dy: tf.tensor4d(dy, outputShape(c)) },
        { strides: c.strides, dilations: c.dilations, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filterShape },
      ),
    ) as Tf.Tensor;
    expect(dw.shape).toEqual(c.filterShape);
    expect(relativeError(Float32Array.from(await dw.data()), referenceFilterGradient(c, x, dy))).toBeLessThan(TOLERANCE);
    dw.dispose();
  });

  it('frees every intermediate it makes on the wasm backend', async () => {
    await tf.setBackend('wasm');
    const c = makeCase(SHAPES[1], 3, 2, 'valid'); // valid + stride 2 takes the slice path as well
    const x = tf.randomUniform(c.xShape) as Tf.Tensor4D;
    const dy = tf.randomUniform(outputShape(c)) as Tf.Tensor4D;
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filterShape };
    const before = { tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() };
    for (let i = 0; i < 50; i++) (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as Tf.Tensor).dispose();
    expect({ tensors: tf.memory().numTensors, buffers: tf.engine().backend.numDataIds() }).toEqual(before);
    tf.dispose([x, dy]);
  });

  it('refuses NCHW and a dy that does not fit, saying why, and keeps working afterwards', async () => {
    await tf.setBackend('wasm');
    const c = makeCase(SHAPES[0], 2, 1, 'same');
    const x = tf.zeros(c.xShape);
    const dy = tf.zeros(outputShape(c));
    const wrongDy = tf.zeros([2, 4, 4, 4]);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filterShape };
    const buffersBefore = tf.engine().backend.numDataIds();
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, dataFormat: 'NCHW' })).toThrow(/NHWC/);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: wrongDy }, attrs)).toThrow(/dy has shape \[2, 4, 4, 4\].*\[2, 9, 9, 4\]/);
    expect(tf.engine().backend.numDataIds()).toBe(buffersBefore);
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as Tf.Tensor;
    expect(dw.shape).toEqual(c.filterShape);
    tf.dispose([x, dy, wrongDy, dw]);
  });
});
