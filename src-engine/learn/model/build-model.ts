// Builds one of the catalog's CNNs as an uncompiled tfjs-layers model: the
// trainer picks the optimizer, loss and metrics. Layers are created on whatever
// backend tf currently runs on, so load TensorFlow first (loadTensorFlow).
import * as tf from '@tensorflow/tfjs';
import { ARCHITECTURES, parseModelChoice, type ModelName, type ModelSpec } from './model-catalog.js';

/**
 * Input: [n, size, size, 1] float32 in [0, 1] (NHWC). Output: [n, classes], a
 * softmax. Throws on a spec that does not fit the model; requests from outside
 * should go through parseModelChoice first, which says what is wrong as a value.
 */
export function buildModel(name: ModelName, spec: ModelSpec, options: { seed?: number } = {}): tf.LayersModel {
  const checked = parseModelChoice({ name, spec });
  if (!checked.ok) throw new Error(checked.error.message);
  const { convFilters, hiddenUnits } = ARCHITECTURES[name];
  // Seeded initial weights make a run repeatable: same data, config and seed → same model.
  let layerSeed = options.seed;
  const he = () => (layerSeed === undefined ? 'heNormal' : tf.initializers.heNormal({ seed: layerSeed++ }));
  const glorot = () => (layerSeed === undefined ? 'glorotUniform' : tf.initializers.glorotUniform({ seed: layerSeed++ }));

  const model = tf.sequential({ name });
  convFilters.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [spec.size, spec.size, spec.channels] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: he(), // relu layers: keeps activations from shrinking block by block
      }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  });
  model.add(tf.layers.flatten());
  for (const units of hiddenUnits) model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: he() }));
  model.add(tf.layers.dense({ units: spec.classes, activation: 'softmax', kernelInitializer: glorot() }));
  return model;
}
