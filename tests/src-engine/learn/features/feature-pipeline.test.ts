// The feature pipeline: child processes compute what the cache lacks, batches
// come back in order as typed arrays, a second epoch (and a second run on the
// same cache folder) computes nothing, prefetch stays bounded, and a worker
// that dies is reported and its batch recomputed, or failed clearly, never hung.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRecipePath, loadRecipeFile } from '../../../../src-engine/recipes/index.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { buildSyntheticDataset } from '../../../../src-engine/learn/dataset/synthetic-dataset.js';
import type { Sample } from '../../../../src-engine/learn/dataset/sample.js';
import { computeFeatures } from '../../../../src-engine/learn/features/compute-features.js';
import { FEATURE_COUNT } from '../../../../src-engine/learn/features/feature-names.js';
import { FeaturePipeline, type PipelineBatch } from '../../../../src-engine/learn/features/feature-pipeline.js';
import { useTempDirs } from '../../../temp-dirs.js';

const tempDir = useTempDirs('feature-pipeline');
let recipe: Recipe;
let samples: Sample[];
let expected: Float32Array[];

beforeAll(() => {
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  recipe = r.value;
  samples = buildSyntheticDataset({ seed: 5, frames: 3, recipe }).dataset.samples;
  expected = samples.map((s) => computeFeatures(s.window, recipe));
});

/** Batches of `size` sample indices, shuffled deterministically. */
function order(size: number, shift = 0): number[][] {
  const idx = samples.map((_, i) => (i * 7 + shift) % samples.length);
  const out: number[][] = [];
  for (let i = 0; i < idx.length; i += size) out.push(idx.slice(i, i + size));
  return out;
}

async function collect(it: AsyncIterable<PipelineBatch>): Promise<PipelineBatch[]> {
  const out: PipelineBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

function expectMatches(batches: PipelineBatch[], plan: number[][]): void {
  expect(batches.map((b) => b.index)).toEqual(plan.map((_, i) => i));
  batches.forEach((b, i) => {
    expect(b.indices).toEqual(plan[i]);
    expect(b.features).toBeInstanceOf(Float32Array);
    expect(b.features.length).toBe(plan[i].length * FEATURE_COUNT);
    plan[i].forEach((s, row) => expect(Array.from(b.features.subarray(row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT))).toEqual(Array.from(expected[s])));
  });
}

describe('FeaturePipeline', () => {
  it('computes in 2 child processes what the in-process code computes; the second epoch and a later run compute nothing', async () => {
    expect(samples.length).toBeGreaterThan(25);
    const cacheDir = tempDir();
    const plan = order(8);
    const pids = new Set<number>();
    const pipeline = new FeaturePipeline({ samples, recipe, workers: 2, prefetch: 2, cacheDir, onDispatch: (pid) => pids.add(pid) });
    try {
      await pipeline.ready();
      expectMatches(await collect(pipeline.batches(plan)), plan);
      expect(pids.size).toBe(2);
      expect(pipeline.stats()).toEqual({ computed: samples.length, fromMemory: 0, fromDisk: 0 });
      const second = order(8, 3);
      expectMatches(await collect(pipeline.batches(second)), second);
      expect(pipeline.stats()).toEqual({ computed: samples.length, fromMemory: samples.length, fromDisk: 0 });
    } finally {
      await pipeline.close();
    }
    const [folder] = readdirSync(cacheDir);
    expect(folder).toMatch(new RegExp(`-v${recipe.version}-`));
    expect(readdirSync(`${cacheDir}/${folder}`)).toHaveLength(new Set(samples.map((s) => s.hash)).size);

    const later = new FeaturePipeline({ samples, recipe, workers: 1, cacheDir });
    try {
      expectMatches(await collect(later.batches(plan)), plan);
      expect(later.stats()).toEqual({ computed: 0, fromMemory: 0, fromDisk: samples.length });
    } finally {
      await later.close();
    }

    // Another recipe version is another cache: everything is computed again.
    const bumped = new FeaturePipeline({ samples, recipe: { ...recipe, version: recipe.version + 1 }, workers: 1, cacheDir });
    try {
      await collect(bumped.batches(plan.slice(0, 1)));
      expect(bumped.stats().computed).toBe(plan[0].length);
    } finally {
      await bumped.close();
    }
  });

  it('stays at most `prefetch` batches ahead of a slow consumer', async () => {
    let dispatched = 0;
    const plan = order(4);
    const pipeline = new FeaturePipeline({ samples, recipe, workers: 1, prefetch: 2, cacheDir: null, minChunk: 100, onDispatch: () => dispatched++ });
    try {
      const it = pipeline.batches(plan)[Symbol.asyncIterator]();
      await it.next();
      await new Promise((r) => setTimeout(r, 1500));
      // Batch 0 was consumed; batches 1 and 2 may be under way; nothing beyond.
      expect(dispatched).toBeLessThanOrEqual(3);
      let rest = 0;
      while (!(await it.next()).done) rest++;
      expect(rest).toBe(plan.length - 1);
      expect(dispatched).toBe(plan.length);
    } finally {
      await pipeline.close();
    }
  });

  it('a worker killed mid-batch is reported and its batch recomputed on a new worker', async () => {
    const reports: string[] = [];
    let killed = false;
    const plan = order(10);
    const pipeline = new FeaturePipeline({
      samples,
      recipe,
      workers: 1,
      cacheDir: null,
      minChunk: 100,
      onWorkerExit: (r) => reports.push(r),
      onDispatch: (pid) => {
        if (!killed) {
          killed = true;
          process.kill(pid, 'SIGKILL');
        }
      },
    });
    try {
      expectMatches(await collect(pipeline.batches(plan)), plan);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatch(/died \(signal SIGKILL\) while computing 10 samples; retrying/);
    } finally {
      await pipeline.close();
    }
  });

  it('fails the batch clearly, without hanging, when its workers keep dying', async () => {
    const reports: string[] = [];
    const pipeline = new FeaturePipeline({
      samples,
      recipe,
      workers: 1,
      cacheDir: null,
      maxAttempts: 2,
      minChunk: 100,
      onWorkerExit: (r) => reports.push(r),
      onDispatch: (pid) => process.kill(pid, 'SIGKILL'),
    });
    try {
      await expect(collect(pipeline.batches(order(10)))).rejects.toThrow(/died \(signal SIGKILL\) while computing 10 samples, attempt 2 of 2; giving up/);
      expect(reports).toHaveLength(2);
    } finally {
      await pipeline.close();
    }
  });

  it('closing while a batch is being computed rejects it at once instead of leaving the consumer waiting', async () => {
    let closing: Promise<void> | null = null;
    const pipeline = new FeaturePipeline({
      samples,
      recipe,
      workers: 1,
      cacheDir: null,
      minChunk: 100,
      onDispatch: () => {
        closing ??= pipeline.close();
      },
    });
    await expect(collect(pipeline.batches(order(10)))).rejects.toThrow(/the feature pool was closed/);
    await closing;
  });

  it('goes on in memory, saying why, when the cache folder cannot be created', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const pipeline = new FeaturePipeline({ samples, recipe, cacheDir: blocker });
    try {
      expect(pipeline.cacheProblem).toMatch(/a-file.*cannot be created.*in memory/);
      const plan = order(8).slice(0, 2);
      expectMatches(await collect(pipeline.batches(plan)), plan);
    } finally {
      await pipeline.close();
    }
  });

  it('refuses a sample index out of range, and a window whose pixels do not fill it, with a clear error', async () => {
    const broken = [...samples, { hash: 'x', window: { width: 10, height: 10, pixels: new Uint8Array(50) } }];
    const pipeline = new FeaturePipeline({ samples: broken, recipe, cacheDir: null });
    try {
      await expect(collect(pipeline.batches([[0, broken.length]]))).rejects.toThrow(/sample index \d+ is out of range/);
      await expect(collect(pipeline.batches([[broken.length - 1]]))).rejects.toThrow(/10×10 but holds 50 pixels/);
    } finally {
      await pipeline.close();
    }
  });
});
