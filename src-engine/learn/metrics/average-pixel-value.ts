// Average pixel value of the model's inputs, computed with tf ops on the
// batch's input tensor (tf.sum inside tf.tidy) and accumulated across batches
// as a sum and a count in float64, so streaming equals one pass over all
// crops. `grayPerUnit` turns the input's units back into gray levels (255 when
// the trainer feeds x / 255), so the figure reads like OpenCV's Mat.mean().
import * as tf from '@tensorflow/tfjs';
import type { FeatureBatch, PixelBatch, StreamingMetric } from './streaming-metric.js';

export function averagePixelValue(options: { grayPerUnit?: number } = {}): StreamingMetric {
  const grayPerUnit = options.grayPerUnit ?? 1;
  let sum = 0;
  let count = 0;
  return {
    name: 'averagePixelValue',
    update(_yTrue: Int32Array, _yPred: Float32Array, batch: FeatureBatch) {
      const inputs = batch.inputs;
      if (!inputs) throw new Error('averagePixelValue needs the batch inputs (FeatureBatch.inputs)');
      const batchSum = tf.tidy(() => {
        const x = isPixelBatch(inputs) ? tf.tensor4d(inputs.pixels, [inputs.pixels.length / (inputs.size * inputs.size), inputs.size, inputs.size, 1], 'int32') : inputs;
        // Sum per sample first: each partial sum stays small enough for float32 to hold exactly-ish.
        return tf.sum(tf.cast(x, 'float32'), [1, 2, 3]);
      });
      const perSample = batchSum.dataSync();
      batchSum.dispose();
      for (const s of perSample) sum += s;
      count += isPixelBatch(inputs) ? inputs.pixels.length : inputs.size;
    },
    result: () => (count === 0 ? NaN : (sum / count) * grayPerUnit),
    reset() {
      sum = 0;
      count = 0;
    },
  };
}

function isPixelBatch(x: NonNullable<FeatureBatch['inputs']>): x is PixelBatch {
  return (x as PixelBatch).pixels instanceof Uint8Array;
}
