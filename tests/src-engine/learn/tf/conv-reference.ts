// A plain-loop Conv2DBackpropFilter, straight from the definition, for checking
// the wasm kernel where tfjs has nothing to compare with (dilations > 1).
import * as tf from '@tensorflow/tfjs';

export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

export function outputShape(c: ConvCase): [number, number, number, number] {
  return tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, c.dilations, c.pad).outShape;
}

/** dw[p, q, ci, co] = Σ_{b, i, j} x[b, i·sh + p·dh − top, j·sw + q·dw − left, ci] · dy[b, i, j, co], out-of-range x being 0. */
export function referenceFilterGradient(c: ConvCase, x: Float32Array, dy: Float32Array): Float64Array {
  const info = tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, c.dilations, c.pad);
  const [batch, height, width, inC] = c.xShape;
  const [kh, kw, , outC] = c.filterShape;
  const { outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const dw = new Float64Array(kh * kw * inC * outC);
  for (let p = 0; p < kh; p++)
    for (let q = 0; q < kw; q++)
      for (let b = 0; b < batch; b++)
        for (let i = 0; i < outHeight; i++) {
          const row = i * strideHeight + p * dilationHeight - top;
          if (row < 0 || row >= height) continue;
          for (let j = 0; j < outWidth; j++) {
            const col = j * strideWidth + q * dilationWidth - left;
            if (col < 0 || col >= width) continue;
            const xAt = ((b * height + row) * width + col) * inC;
            const dyAt = ((b * outHeight + i) * outWidth + j) * outC;
            for (let ci = 0; ci < inC; ci++) {
              const xv = x[xAt + ci];
              const dwAt = ((p * kw + q) * inC + ci) * outC;
              for (let co = 0; co < outC; co++) dw[dwAt + co] += xv * dy[dyAt + co];
            }
          }
        }
  return dw;
}

/** Largest |a − b| over the largest |b|: one number for "how far off", independent of the gradient's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? worst : worst / scale;
}
