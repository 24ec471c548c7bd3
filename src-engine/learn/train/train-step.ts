// One optimizer step, written out instead of model.fit: the loop needs each
// batch's predictions (to join them with the batch's OpenCV features in the
// custom metrics) and a class-weighted loss, and tfjs's fit() gives neither
// per batch. Everything the step creates is disposed before it returns except
// what it hands back as plain numbers.
import type * as Tf from '@tensorflow/tfjs';
import { augmentBatch } from './augment.js';
import { weightedCrossEntropy } from './weighted-loss.js';
import type { Rng } from '../../sources/synthetic/prng.js';

export interface StepResult {
  loss: number;
  /** n × C softmax outputs, rows in the batch's original order (augmentation reorders internally). */
  probs: Float32Array;
}

export interface StepInput {
  x: Tf.Tensor4D;
  labels: Int32Array;
  /** Class weight per class index. */
  classWeights: readonly number[];
  /** null: no augmentation. */
  augmentRng: Rng | null;
}

export function trainStep(tf: typeof Tf, model: Tf.LayersModel, optimizer: Tf.Optimizer, input: StepInput): StepResult {
  const n = input.labels.length;
  let kept: Tf.Tensor2D | undefined;
  let order: number[] = [...Array(n).keys()];
  const loss = tf.tidy(() => {
    let x = input.x;
    if (input.augmentRng) {
      const augmented = augmentBatch(tf, input.x, input.augmentRng);
      x = augmented.x;
      order = augmented.order;
    }
    const labels = tf.tensor1d(Int32Array.from(order, (i) => input.labels[i]), 'int32');
    const weights = tf.tensor1d(order.map((i) => input.classWeights[input.labels[i]]));
    const vars = model.trainableWeights.map((w) => w.read() as Tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const probs = model.apply(x, { training: true }) as Tf.Tensor2D;
      kept = tf.keep(probs);
      return weightedCrossEntropy(tf, probs, labels, weights);
    }, vars);
    optimizer.applyGradients(grads);
    return value;
  });
  try {
    const shuffled = kept!.dataSync() as Float32Array;
    const classes = kept!.shape[1];
    const probs = new Float32Array(shuffled.length);
    order.forEach((original, row) => probs.set(shuffled.subarray(row * classes, (row + 1) * classes), original * classes));
    return { loss: loss.dataSync()[0], probs };
  } finally {
    loss.dispose();
    kept?.dispose();
  }
}

/** Forward pass only (validation, inference): probabilities and the unweighted mean loss. */
export function evaluateBatch(tf: typeof Tf, model: Tf.LayersModel, x: Tf.Tensor4D, labels: Int32Array): StepResult {
  const [probsT, lossT] = tf.tidy(() => {
    const probs = model.predict(x) as Tf.Tensor2D;
    const ones = tf.ones([labels.length]) as Tf.Tensor1D;
    return [probs, weightedCrossEntropy(tf, probs, tf.tensor1d(labels, 'int32'), ones)];
  });
  try {
    return { loss: lossT.dataSync()[0], probs: probsT.dataSync() as Float32Array };
  } finally {
    probsT.dispose();
    lossT.dispose();
  }
}
