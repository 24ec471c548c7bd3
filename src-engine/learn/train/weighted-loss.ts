// Categorical cross-entropy on the model's softmax output, each sample weighed
// by its class weight and summed over the batch size (Keras' class_weight
// semantics). Probabilities are clipped away from 0 so one confident mistake
// cannot make the loss infinite.
import type * as Tf from '@tensorflow/tfjs';

export const PROBABILITY_EPSILON = 1e-7;

/** probs: [n, C]; labels: class index per row; weights: per row (1 for an unweighted loss). Call inside tidy. */
export function weightedCrossEntropy(tf: typeof Tf, probs: Tf.Tensor2D, labels: Tf.Tensor1D, weights: Tf.Tensor1D): Tf.Scalar {
  const classes = probs.shape[1];
  const oneHot = tf.oneHot(labels, classes);
  const logP = tf.log(tf.clipByValue(probs, PROBABILITY_EPSILON, 1));
  const perSample = tf.neg(tf.sum(tf.mul(oneHot, logP), 1));
  return tf.div(tf.sum(tf.mul(perSample, weights)), probs.shape[0]) as Tf.Scalar;
}
