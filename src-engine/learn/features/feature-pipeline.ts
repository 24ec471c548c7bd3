// Features ahead of the trainer: for each batch of sample indices, the
// pipeline looks every sample up in the cache, has the child processes
// compute the rest, stores them, and yields the batch's feature matrix
// (n × FEATURE_COUNT, a Float32Array) while later batches are already being
// computed, at most `prefetch` batches ahead. Nothing here touches tf: the
// trainer hands these arrays to the metrics beside its tensors.
import type { Recipe } from '../../../src-shared/recipe.js';
import type { PixelWindow } from '../dataset/sample.js';
import { FeatureCache } from './feature-cache.js';
import { FEATURE_COUNT, FEATURE_NAMES } from './feature-names.js';
import { FeatureWorkerPool } from './worker-pool.js';

export interface FeatureSample {
  hash: string;
  window: PixelWindow;
}

export interface FeaturePipelineOptions {
  /** The samples batches refer to by index (a Dataset's samples fit). */
  samples: readonly FeatureSample[];
  recipe: Recipe;
  /** Child processes (default 1). */
  workers?: number;
  /** Batches computed ahead of the consumer (default 2). */
  prefetch?: number;
  /** Cache folder (under the data folder), or null for memory only. */
  cacheDir: string | null;
  /** Smallest share of a batch sent to one worker (default 8 samples). */
  minChunk?: number;
  maxAttempts?: number;
  onWorkerExit?: (report: string) => void;
  onDispatch?: (pid: number, attempt: number) => void;
}

export interface PipelineBatch {
  /** Position of the batch in the order given to batches(). */
  index: number;
  /** Sample indices of the batch, as given. */
  indices: number[];
  /** indices.length × FEATURE_COUNT, row i = sample indices[i], columns in FEATURE_NAMES order. */
  features: Float32Array;
}

export interface PipelineStats {
  /** Samples inspected by a worker. */
  computed: number;
  fromMemory: number;
  fromDisk: number;
}

export class FeaturePipeline {
  readonly names = FEATURE_NAMES;
  /** Why features are not cached on disk although cacheDir was given (the run goes on, caching in memory), or null. */
  readonly cacheProblem: string | null;
  private readonly cache: FeatureCache;
  private readonly pool: FeatureWorkerPool;
  private readonly counters: PipelineStats = { computed: 0, fromMemory: 0, fromDisk: 0 };
  /** Samples being computed right now, so two batches sharing a sample compute it once. */
  private readonly inFlight = new Map<string, Promise<Float32Array>>();

  constructor(private readonly o: FeaturePipelineOptions) {
    this.cache = new FeatureCache(o.cacheDir, o.recipe);
    this.cacheProblem = this.cache.problem;
    this.pool = new FeatureWorkerPool({ size: o.workers ?? 1, recipe: o.recipe, maxAttempts: o.maxAttempts, onWorkerExit: o.onWorkerExit, onDispatch: o.onDispatch });
  }

  /** Yields one PipelineBatch per entry of `order`, in order; rejects (never hangs) when a batch cannot be computed. */
  async *batches(order: readonly number[][]): AsyncGenerator<PipelineBatch> {
    const prefetch = Math.max(1, this.o.prefetch ?? 2);
    const pending: Array<Promise<Float32Array>> = [];
    const start = (b: number): void => {
      const p = this.featuresFor(order[b]);
      p.catch(() => {}); // awaited in turn below; this only stops an early failure counting as unhandled
      pending.push(p);
    };
    let next = 0;
    for (; next < Math.min(prefetch, order.length); next++) start(next);
    for (let b = 0; b < order.length; b++) {
      const features = await pending.shift()!;
      if (next < order.length) start(next++);
      yield { index: b, indices: order[b], features };
    }
  }

  /** Features of the given samples (indices.length × FEATURE_COUNT). */
  async featuresFor(indices: readonly number[]): Promise<Float32Array> {
    const out = new Float32Array(indices.length * FEATURE_COUNT);
    const missing: Array<{ row: number; sample: FeatureSample }> = [];
    const waits: Array<Promise<void>> = [];
    indices.forEach((index, row) => {
      const sample = this.o.samples[index];
      if (!sample) throw new RangeError(`sample index ${index} is out of range (0–${this.o.samples.length - 1})`);
      const w = sample.window;
      // Checked here: a short pixel buffer handed to OpenCV would read past its end in the child.
      if (!(w.width >= 1 && w.height >= 1 && w.pixels.length === w.width * w.height)) {
        throw new RangeError(`sample ${index}: its window is ${w.width}×${w.height} but holds ${w.pixels.length} pixels`);
      }
      const hit = this.cache.get(sample.hash);
      if (hit) {
        if (hit.from === 'memory') this.counters.fromMemory++;
        else this.counters.fromDisk++;
        out.set(hit.features, row * FEATURE_COUNT);
        return;
      }
      const running = this.inFlight.get(sample.hash);
      if (running) waits.push(running.then((f) => out.set(f, row * FEATURE_COUNT)));
      else missing.push({ row, sample });
    });

    if (missing.length > 0) {
      const workers = this.o.workers ?? 1;
      const chunk = Math.max(this.o.minChunk ?? 8, Math.ceil(missing.length / workers));
      for (let i = 0; i < missing.length; i += chunk) {
        const part = missing.slice(i, i + chunk);
        const computed = this.pool.compute(part.map((m) => m.sample.window));
        part.forEach((m, k) => {
          const one = computed.then((all) => all.slice(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT));
          one.catch(() => {});
          this.inFlight.set(m.sample.hash, one);
        });
        waits.push(
          computed.then(
            (all) => {
              part.forEach((m, k) => {
                const f = all.subarray(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT);
                this.cache.set(m.sample.hash, f);
                out.set(f, m.row * FEATURE_COUNT);
                this.inFlight.delete(m.sample.hash);
              });
              this.counters.computed += part.length;
            },
            (err: unknown) => {
              for (const m of part) this.inFlight.delete(m.sample.hash);
              throw err;
            },
          ),
        );
      }
    }
    await Promise.all(waits);
    return out;
  }

  /** Starts every worker and resolves when all are ready; call it early so start-up overlaps the trainer's own. */
  ready(): Promise<void> {
    return this.pool.start();
  }

  stats(): PipelineStats {
    return { ...this.counters };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
