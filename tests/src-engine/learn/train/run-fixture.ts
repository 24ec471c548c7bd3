// Shared set-up for the training-run tests: tf on wasm, the default recipe, a
// fast config, and folders for logs, bundles and the feature cache.
import type * as Tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { loadTensorFlow, type LoadedTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import { TF_BACKEND_ENV } from '../../../../src-engine/learn/tf/backend-choice.js';
import { loadRecipeFile } from '../../../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../../../src-engine/recipes/recipe-paths.js';
import { TrainConfigSchema, type TrainConfigInput } from '../../../../src-shared/train-contract.js';
import { runTraining, type TrainingRunOptions } from '../../../../src-engine/learn/train/training-run.js';
import type { Dataset } from '../../../../src-engine/learn/dataset/sample.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { shapesDataset } from './shapes-dataset.js';

export async function wasmTf(): Promise<LoadedTensorFlow & { tf: typeof Tf }> {
  delete process.env[TF_BACKEND_ENV];
  return loadTensorFlow({ prefer: 'wasm' });
}

export function defaultRecipe(): Recipe {
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const fastConfig = (over: Partial<TrainConfigInput> = {}) =>
  TrainConfigSchema.parse({ data: { kind: 'synthetic', seed: 1 }, model: 'cnn-tiny', epochs: 3, batchSize: 16, learningRate: 0.01, patience: 0, runName: 'r1', ...over });

export function runShapes(
  loaded: LoadedTensorFlow,
  dirs: { logdir: string; modelsDir: string },
  over: Partial<TrainingRunOptions> & { dataset?: Dataset } = {},
) {
  const config = over.config ?? fastConfig();
  return runTraining({
    tf: loaded,
    config,
    runId: config.runName ?? 'r1',
    logdir: dirs.logdir,
    modelsDir: dirs.modelsDir,
    cacheDir: null,
    recipe: defaultRecipe(),
    data: { dataset: over.dataset ?? shapesDataset(), problems: [] },
    ...over,
  });
}

/** sha256 of every file under `dir`, by relative path: to show that nothing changed. */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
