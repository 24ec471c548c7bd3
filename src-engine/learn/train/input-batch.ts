// A batch of crops as the model's input tensor: [n, size, size, 1] float32,
// each pixel × 1/255 (the normalisation every bundle records, so inference
// prepares crops the same way).
import type * as Tf from '@tensorflow/tfjs';
import { UNIT_NORMALISATION } from '../bundle/bundle-manifest.js';

export function inputBatch(tf: typeof Tf, crops: readonly Uint8Array[], size: number): Tf.Tensor4D {
  const per = size * size;
  const data = new Float32Array(crops.length * per);
  crops.forEach((crop, i) => {
    if (crop.length !== per) throw new Error(`crop ${i} has ${crop.length} pixels, expected ${size}×${size}`);
    const base = i * per;
    for (let k = 0; k < per; k++) data[base + k] = crop[k] * UNIT_NORMALISATION.scale + UNIT_NORMALISATION.offset;
  });
  return tf.tensor4d(data, [crops.length, size, size, 1]);
}
