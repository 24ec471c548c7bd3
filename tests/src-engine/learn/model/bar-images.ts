// A two-class task any working CNN learns in a few epochs: a bright horizontal
// bar (class 0) or vertical bar (class 1) at a random place, on noise.
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../tf/seeded-random.js';

export function barImages(count: number, size: number, seed: number): { xs: tf.Tensor4D; ys: tf.Tensor2D; labels: number[] } {
  const random = seededRandom(seed);
  const pixels = new Float32Array(count * size * size);
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    labels.push(label);
    const at = 2 + Math.floor(random() * (size - 6));
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) {
        const onBar = label === 0 ? r >= at && r < at + 2 : c >= at && c < at + 2;
        pixels[(n * size + r) * size + c] = onBar ? 0.8 + 0.2 * random() : 0.3 * random();
      }
  }
  return {
    xs: tf.tensor4d(pixels, [count, size, size, 1]),
    ys: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as tf.Tensor2D),
    labels,
  };
}
