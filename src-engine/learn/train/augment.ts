// Augmentation of training batches, on the input tensor only: a part's OpenCV
// features describe the part, not its pose, so they stay as computed. Each
// sample gets one of the 8 symmetries of the square (flips and 90° turns: a
// part on the belt has no up or left) and a small brightness change (lighting
// drifts along a line). Samples are grouped by symmetry so a batch costs at
// most 8 gathers instead of one op chain per sample; the batch comes back in
// `order`, which the caller applies to labels and weights.
import type * as Tf from '@tensorflow/tfjs';
import type { Rng } from '../../sources/synthetic/prng.js';

/** Largest relative brightness change, ±. */
export const MAX_BRIGHTNESS = 0.1;

export interface AugmentedBatch {
  x: Tf.Tensor4D;
  /** Row j of x is row order[j] of the input batch. */
  order: number[];
}

/** Turns (0–3 quarter turns) then an optional horizontal flip, on a square NHWC batch. */
function symmetry(tf: typeof Tf, x: Tf.Tensor4D, k: number): Tf.Tensor4D {
  let out = x;
  for (let t = 0; t < k % 4; t++) out = tf.reverse(tf.transpose(out, [0, 2, 1, 3]), 2); // one quarter turn clockwise
  return k >= 4 ? tf.reverse(out, 2) : out;
}

/** Call inside tf.tidy: intermediate tensors are not disposed here. */
export function augmentBatch(tf: typeof Tf, x: Tf.Tensor4D, rng: Rng): AugmentedBatch {
  const n = x.shape[0];
  const groups: number[][] = Array.from({ length: 8 }, () => []);
  const brightness: number[] = [];
  for (let i = 0; i < n; i++) {
    groups[Math.floor(rng.next() * 8)].push(i);
    brightness.push(1 + (rng.next() * 2 - 1) * MAX_BRIGHTNESS);
  }
  const order: number[] = [];
  const parts: Tf.Tensor4D[] = [];
  groups.forEach((rows, k) => {
    if (rows.length === 0) return;
    order.push(...rows);
    parts.push(symmetry(tf, tf.gather(x, rows) as Tf.Tensor4D, k));
  });
  const turned = parts.length === 1 ? parts[0] : (tf.concat(parts, 0) as Tf.Tensor4D);
  const factors = tf.tensor4d(order.map((i) => brightness[i]), [n, 1, 1, 1]);
  return { x: tf.clipByValue(tf.mul(turned, factors), 0, 1) as Tf.Tensor4D, order };
}
