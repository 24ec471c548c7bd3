// A model bundle with untrained weights, for measuring inference in the live
// loop: a forward pass costs the same whatever the weights learned.
import { loadTensorFlow } from '../../src-engine/learn/tf/load-tensorflow.js';
import { buildModel } from '../../src-engine/learn/model/build-model.js';
import { saveBundle } from '../../src-engine/learn/bundle/save-bundle.js';
import { UNIT_NORMALISATION } from '../../src-engine/learn/bundle/bundle-manifest.js';
import type { ModelName } from '../../src-engine/learn/model/model-catalog.js';

export async function writeUntrainedBundle(modelsDir: string, name: string, architecture: ModelName = 'cnn-small', size = 64): Promise<string> {
  const { tf, backend } = await loadTensorFlow();
  const model = buildModel(architecture, { size, channels: 1, classes: 2 });
  const saved = await saveBundle(tf, model, {
    modelsDir,
    name,
    description: {
      runId: 'bench',
      createdAtMs: Date.now(),
      architecture,
      // The scale a synthetic-line dataset fits its crops to (see learn/dataset/crop.ts).
      input: { size, channels: 1, scale: 0.66, normalisation: UNIT_NORMALISATION, layout: 'NHWC' },
      classes: ['ok', 'ng'],
      okClasses: ['ok'],
      recipe: { name: 'default', version: 1 },
      metrics: {},
      epoch: 0,
      backend,
    },
  });
  model.dispose();
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value.dir;
}
