// Training with OpenCV-derived metrics: what the feature pipeline and the
// custom metrics cost the training loop, and how much of an epoch the trainer
// spends in training steps. Runs on whichever backend loadTensorFlow picks
// (LOUPE_TF_BACKEND forces one; the backend is in each row's name), on crops
// from the synthetic line.
//
// - custom-metric overhead: time per training step with the feature pipeline
//   and every custom metric, against the same loop with loss and accuracy only;
//   pairs of runs alternate so machine load drifts into both sides alike.
// - trainer busy: time inside training steps (forward, backward, update) over
//   the wall time of the whole epoch (training pass, validation pass, logs,
//   epoch details, checkpoint).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { median, round } from '../lib/stats.js';
import { loadTensorFlow } from '../../src-engine/learn/tf/load-tensorflow.js';
import { loadRecipeFile } from '../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../src-engine/recipes/recipe-paths.js';
import { loadTrainingData } from '../../src-engine/learn/train/training-data.js';
import { runTraining, type EpochTiming } from '../../src-engine/learn/train/training-run.js';
import { TrainConfigSchema } from '../../src-shared/train-contract.js';

const PAIRS = Number(process.env.LOUPE_BENCH_TRAIN_PAIRS ?? 3);
const FRAMES = Number(process.env.LOUPE_BENCH_TRAIN_FRAMES ?? 20);
const MODEL = process.env.LOUPE_BENCH_TRAIN_MODEL ?? 'cnn-small';
const EPOCHS = 2; // the first epoch warms tf's kernels; the second is measured

async function run(): Promise<BenchRow[]> {
  const loaded = await loadTensorFlow();
  const recipe = loadRecipeFile(defaultRecipePath());
  if (!recipe.ok) throw new Error(recipe.error.message);
  const config = TrainConfigSchema.parse({ data: { kind: 'synthetic', seed: 21, frames: FRAMES }, model: MODEL, epochs: EPOCHS, batchSize: 32, patience: 0 });
  const data = loadTrainingData(config, recipe.value);
  if (!data.ok) throw new Error(data.error.message);
  const root = mkdtempSync(join(tmpdir(), 'loupe-bench-train-'));
  try {
    let n = 0;
    const once = async (customMetrics: boolean): Promise<EpochTiming> => {
      const runId = `bench-${n++}`;
      const r = await runTraining({
        tf: loaded,
        config: { ...config, runName: runId },
        runId,
        logdir: join(root, 'runs'),
        modelsDir: join(root, 'models'),
        cacheDir: join(root, 'cache'),
        recipe: recipe.value,
        data: data.value,
        customMetrics,
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.timings.at(-1)!;
    };
    const overheads: number[] = [];
    const busy: number[] = [];
    const perStep = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < PAIRS; i++) {
      const without = await once(false);
      const withMetrics = await once(true);
      const a = without.wallMs / without.steps;
      const b = withMetrics.wallMs / withMetrics.steps;
      perStep.without.push(a);
      perStep.with.push(b);
      overheads.push(((b - a) / a) * 100);
      busy.push((withMetrics.stepMs / withMetrics.epochWallMs) * 100);
    }
    const overhead = median(overheads);
    const busyShare = median(busy);
    const on = `${loaded.backend}, ${MODEL}`;
    console.log(
      `training-pipeline: ${data.value.dataset.samples.length} samples; ms per step without ${perStep.without.map((v) => v.toFixed(0)).join('/')}, with ${perStep.with.map((v) => v.toFixed(0)).join('/')}; busy ${busy.map((v) => v.toFixed(1)).join('/')} %`,
    );
    return [
      { name: `custom-metric overhead (${on})`, value: round(overhead, 2), unit: '%', target: '<= 5', ok: overhead <= 5 },
      { name: `trainer busy (${on})`, value: round(busyShare, 1), unit: '%', target: '>= 90', ok: busyShare >= 90 },
      { name: `training step (${on}, batch 32)`, value: round(median(perStep.with), 1), unit: 'ms', target: 'info', ok: true },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'training-pipeline', run };
export default suite;
