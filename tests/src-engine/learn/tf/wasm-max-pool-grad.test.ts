import { beforeAll, describe, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { relativeError } from './conv-reference.js';
import { randomValues, seededRandom } from './seeded-random.js';

let tf: typeof Tf;

beforeAll(async () => {
  delete process.env[TF_BACKEND_ENV];
  ({ tf } = await loadTensorFlow({ prefer: 'wasm' }));
});

interface PoolCase {
  name: string;
  xShape: [number, number, number, number];
  filterSize: number;
  stride: number;
  pad: 'same' | 'valid';
}

/** dL/dx for L = Σ maxPool(x) · g on one backend, through tfjs's own gradient (which calls MaxPoolGrad). */
async function poolGradientOn(backend: 'wasm' | 'cpu', c: PoolCase, xValues: Float32Array): Promise<Float32Array> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(xValues, c.xShape);
  const outShape = tf.maxPool(x, c.filterSize, c.stride, c.pad).shape;
  const g = tf.tensor4d(randomValues(seededRandom(99), outShape.reduce((a, b) => a * b, 1)), outShape);
  const dx = tf.grad((t: Tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as Tf.Tensor4D, c.filterSize, c.stride, c.pad), g)))(x);
  const values = Float32Array.from(await dx.data());
  tf.dispose([x, g, dx]);
  return values;
}

const CASES: PoolCase[] = [
  { name: '2x2 stride 2 valid (the catalog CNNs)', xShape: [3, 8, 8, 16], filterSize: 2, stride: 2, pad: 'valid' },
  { name: '2x2 stride 2 same, odd size', xShape: [2, 7, 9, 3], filterSize: 2, stride: 2, pad: 'same' },
  { name: '3x3 stride 2 same (overlapping windows)', xShape: [2, 9, 9, 4], filterSize: 3, stride: 2, pad: 'same' },
  { name: '3x3 stride 1 valid', xShape: [1, 6, 6, 2], filterSize: 3, stride: 1, pad: 'valid' },
];

describe('MaxPoolGrad on wasm', () => {
  it.each(CASES)('matches the cpu backend on random values: $name', async (c) => {
    const x = randomValues(seededRandom(4), c.xShape.reduce((a, b) => a * b, 1));
    expect(relativeError(await poolGradientOn('wasm', c, x), await poolGradientOn('cpu', c, x))).toBeLessThan(1e-6);
  });

  it.each(CASES)('routes like the cpu backend on values after relu, full of ties at zero: $name', async (c) => {
    const random = seededRandom(8);
    const x = Float32Array.from({ length: c.xShape.reduce((a, b) => a * b, 1) }, () => Math.max(0, Math.round(random() * 4 - 2)));
    const onWasm = await poolGradientOn('wasm', c, x);
    const onCpu = await poolGradientOn('cpu', c, x);
    const receiving = (g: Float32Array) => Array.from(g.keys()).filter((i) => g[i] !== 0);
    expect(receiving(onWasm)).toEqual(receiving(onCpu));
    // Overlapping windows sum in float32 here and in float64 on cpu.
    expect(relativeError(onWasm, onCpu)).toBeLessThan(1e-6);
  });

  it('passes the gradient of an all-negative window to its maximum and breaks ties on the first (the stock kernel did neither)', async () => {
    const c: PoolCase = { name: '', xShape: [1, 4, 4, 1], filterSize: 2, stride: 2, pad: 'valid' };
    // windows: {-1,-2,-5,-6} {-3,-4,-7,-8} {0,0,0,0} {2,2,2,2}
    const x = Float32Array.from([-1, -2, -3, -4, -5, -6, -7, -8, 0, 0, 2, 2, 0, 0, 2, 2]);
    const onWasm = await poolGradientOn('wasm', c, x);
    const routedTo = Array.from(onWasm.keys()).filter((i) => onWasm[i] !== 0);
    expect(routedTo).toEqual([0, 2, 8, 10]);
    expect(Array.from(onWasm)).toEqual(Array.from(await poolGradientOn('cpu', c, x)));
  });
});
