// Entry of a feature child process: inspects windows for the parent until the
// parent disconnects. OpenCV runs here, one process per worker, because the
// addon aborts the whole process when a second worker thread loads it.
import { opencv } from '../../opencv.js';
import type { Recipe } from '../../../src-shared/recipe.js';
import { FEATURE_COUNT } from './feature-names.js';
import { featuresOf, inspectWindow } from './compute-features.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const send = (message: FromWorker): void => {
  process.send?.(message);
};

let recipe: Recipe | null = null;

process.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    recipe = message.recipe;
    try {
      opencv();
      send({ type: 'ready' });
    } catch (err) {
      send({ type: 'error', job: null, message: (err as Error).message });
    }
    return;
  }
  if (!recipe) {
    send({ type: 'error', job: message.job, message: 'the feature worker got work before its recipe' });
    return;
  }
  try {
    const features = new Float32Array(message.windows.length * FEATURE_COUNT);
    message.windows.forEach((w, i) => featuresOf(inspectWindow(w, recipe!), features, i * FEATURE_COUNT));
    send({ type: 'result', job: message.job, features });
  } catch (err) {
    send({ type: 'error', job: message.job, message: err instanceof Error ? err.message : String(err) });
  }
});

process.on('disconnect', () => process.exit(0));
