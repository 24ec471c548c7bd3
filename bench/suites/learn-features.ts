// The feature pipeline's cost (issue "Training with OpenCV-derived custom
// metrics"): wall time to compute the OpenCV features of 1,000 part samples
// with 1 and with 2 child processes once they are up, the children's start-up
// (tsx and OpenCV loading, which FeaturePipeline.ready() lets a trainer overlap
// with its own), and the in-process cost per sample for reference. Later
// epochs read the cache and cost nothing (tested, not benched).
import type { BenchRow, BenchSuite } from '../bench-row.js';
import { round } from '../lib/stats.js';
import { defaultRecipePath, loadRecipeFile } from '../../src-engine/recipes/index.js';
import { buildSyntheticDataset } from '../../src-engine/learn/dataset/synthetic-dataset.js';
import { computeFeatures } from '../../src-engine/learn/features/compute-features.js';
import { FeaturePipeline } from '../../src-engine/learn/features/feature-pipeline.js';
import type { Recipe } from '../../src-shared/recipe.js';
import type { Sample } from '../../src-engine/learn/dataset/sample.js';

const SAMPLES = 1000;
const BATCH = 32;

function thousandSamples(recipe: Recipe): Sample[] {
  const samples: Sample[] = [];
  for (let first = 0; samples.length < SAMPLES; first += 20) {
    samples.push(...buildSyntheticDataset({ seed: 17, frames: 20, firstFrame: first, recipe }).dataset.samples);
  }
  return samples.slice(0, SAMPLES);
}

/** Seconds to start the workers, and to compute every sample's features once they are up. */
async function timePipeline(samples: Sample[], recipe: Recipe, workers: number): Promise<{ startS: number; computeS: number }> {
  const order: number[][] = [];
  for (let i = 0; i < samples.length; i += BATCH) order.push(Array.from({ length: Math.min(BATCH, samples.length - i) }, (_, k) => i + k));
  const t0 = performance.now();
  const pipeline = new FeaturePipeline({ samples, recipe, workers, prefetch: 4, cacheDir: null });
  try {
    await pipeline.ready();
    const t1 = performance.now();
    let seen = 0;
    for await (const b of pipeline.batches(order)) seen += b.indices.length;
    if (seen !== samples.length) throw new Error(`the pipeline yielded ${seen} of ${samples.length} samples`);
    return { startS: (t1 - t0) / 1000, computeS: (performance.now() - t1) / 1000 };
  } finally {
    await pipeline.close();
  }
}

/** The better of two runs: the machine is shared, and a neighbour's burst is not the pipeline's cost. */
async function bestOf(samples: Sample[], recipe: Recipe, workers: number): Promise<{ startS: number; computeS: number }> {
  const a = await timePipeline(samples, recipe, workers);
  const b = await timePipeline(samples, recipe, workers);
  return { startS: Math.min(a.startS, b.startS), computeS: Math.min(a.computeS, b.computeS) };
}

async function run(): Promise<BenchRow[]> {
  const recipe = loadRecipeFile(defaultRecipePath());
  if (!recipe.ok) throw new Error(recipe.error.message);
  const samples = thousandSamples(recipe.value);

  const t0 = performance.now();
  for (const s of samples.slice(0, 200)) computeFeatures(s.window, recipe.value);
  const inProcessMs = (performance.now() - t0) / 200;

  const one = await bestOf(samples, recipe.value, 1);
  const two = await bestOf(samples, recipe.value, 2);
  const speedUp = one.computeS / two.computeS;
  console.log(
    `learn-features: 1,000 samples in ${round(one.computeS, 2)} s with 1 worker, ${round(two.computeS, 2)} s with 2 (×${round(speedUp, 2)}); ` +
      `start-up ${round(one.startS, 2)} s / ${round(two.startS, 2)} s; ${round(inProcessMs, 2)} ms per sample in process`,
  );
  return [
    { name: 'time to compute features for 1,000 samples, 1 worker', value: round(one.computeS, 2), unit: 's', target: '<= 3', ok: one.computeS <= 3 },
    { name: 'time to compute features for 1,000 samples, 2 workers', value: round(two.computeS, 2), unit: 's', target: '<= 2', ok: two.computeS <= 2 },
    // Reported, no longer a target: since the per-object work went native a sample
    // costs under 0.1 ms, so 1,000 take about 0.1 s and what a second worker can
    // save is mostly handing crops over, which both share.
    { name: 'features: 2 workers vs 1 speed-up', value: round(speedUp, 2), unit: '×', target: 'report', ok: true },
    { name: 'features: worker start-up, 1 worker', value: round(one.startS, 2), unit: 's', target: '<= 3', ok: one.startS <= 3 },
    { name: 'features: worker start-up, 2 workers', value: round(two.startS, 2), unit: 's', target: '<= 3', ok: two.startS <= 3 },
    { name: 'features: in-process cost per sample', value: round(inProcessMs, 3), unit: 'ms', target: '<= 3', ok: inProcessMs <= 3 },
  ];
}

const suite: BenchSuite = { name: 'learn-features', run };
export default suite;
