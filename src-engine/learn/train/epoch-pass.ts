// One pass over a split, batch by batch: the features of each batch come from
// the FeaturePipeline (computed ahead, outside the graph), the crops become the
// input tensor, and the model's predictions meet the features in the metrics.
// Training passes take an optimizer step per batch; validation passes only
// predict. Between batches the pass yields to the event loop, so a stop or
// status request is answered within one batch.
import type * as Tf from '@tensorflow/tfjs';
import type { Dataset } from '../dataset/sample.js';
import type { FeaturePipeline } from '../features/feature-pipeline.js';
import type { MetricSet } from '../metrics/metric-set.js';
import { mulberry32, deriveSeed } from '../../sources/synthetic/prng.js';
import { inputBatch } from './input-batch.js';
import { predictedClass } from '../metrics/streaming-metric.js';
import { evaluateBatch, trainStep } from './train-step.js';
import type { Mistake } from './misclassified.js';

export interface PassContext {
  tf: typeof Tf;
  model: Tf.LayersModel;
  dataset: Dataset;
  labels: Int32Array;
  /** null: no custom metrics, and no features (the bench's baseline). */
  pipeline: FeaturePipeline | null;
  featureNames: readonly string[];
  metrics: MetricSet | null;
  shouldStop: () => boolean;
}

export interface TrainPassOptions {
  optimizer: Tf.Optimizer;
  classWeights: readonly number[];
  augment: boolean;
  seed: number;
  /** Global step before the pass's first batch. */
  firstStep: number;
  onBatch: (b: { step: number; loss: number; accuracy: number; batchMetrics: Record<string, number>; batchIndex: number; samples: number }) => void;
}

export interface PassTotals {
  /** Mean loss over the samples seen. */
  loss: number;
  accuracy: number;
  samples: number;
  batches: number;
  stopped: boolean;
  /** Time inside the tf step (forward, backward, update) and inside the metrics. */
  stepMs: number;
  metricsMs: number;
  /** Time spent waiting for the feature pipeline. */
  featureWaitMs: number;
  wallMs: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function* featureBatches(ctx: PassContext, order: number[][]): AsyncGenerator<{ indices: number[]; features: Float32Array | null }> {
  if (!ctx.pipeline) {
    for (const indices of order) yield { indices, features: null };
    return;
  }
  for await (const b of ctx.pipeline.batches(order)) yield { indices: b.indices, features: b.features };
}

function accuracyOf(labels: Int32Array, probs: Float32Array, classes: number): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predictedClass(probs, i, classes) === labels[i]) hits++;
  return labels.length === 0 ? NaN : hits / labels.length;
}

async function pass(
  ctx: PassContext,
  order: number[][],
  step: (x: Tf.Tensor4D, labels: Int32Array, batchIndex: number) => { loss: number; probs: Float32Array },
  after: (indices: number[], labels: Int32Array, probs: Float32Array, features: Float32Array | null, loss: number, batchIndex: number, batchMetrics: Record<string, number>) => void,
): Promise<PassTotals> {
  const t0 = performance.now();
  const totals: PassTotals = { loss: 0, accuracy: 0, samples: 0, batches: 0, stopped: false, stepMs: 0, metricsMs: 0, featureWaitMs: 0, wallMs: 0 };
  let hits = 0;
  const classes = ctx.dataset.classes.length;
  const batches = featureBatches(ctx, order);
  try {
    for (let b = 0; ; b++) {
      if (ctx.shouldStop()) {
        totals.stopped = true;
        break;
      }
      const w0 = performance.now();
      const next = await batches.next();
      totals.featureWaitMs += performance.now() - w0;
      if (next.done) break;
      const { indices, features } = next.value;
      const labels = Int32Array.from(indices, (i) => ctx.labels[i]);
      const x = inputBatch(ctx.tf, indices.map((i) => ctx.dataset.samples[i].input), ctx.dataset.size);
      let result: { loss: number; probs: Float32Array };
      let batchMetrics: Record<string, number> = {};
      try {
        const s0 = performance.now();
        result = step(x, labels, b);
        totals.stepMs += performance.now() - s0;
        if (ctx.metrics && features) {
          const m0 = performance.now();
          batchMetrics = ctx.metrics.update(labels, result.probs, {
            values: features,
            names: ctx.featureNames,
            n: indices.length,
            inputs: x,
            defects: indices.map((i) => ctx.dataset.samples[i].defect),
          }).values;
          totals.metricsMs += performance.now() - m0;
        }
      } finally {
        x.dispose();
      }
      for (let i = 0; i < labels.length; i++) if (predictedClass(result.probs, i, classes) === labels[i]) hits++;
      totals.loss += result.loss * labels.length;
      totals.samples += labels.length;
      totals.batches++;
      after(indices, labels, result.probs, features, result.loss, b, batchMetrics);
      await nextTurn();
    }
  } finally {
    await batches.return(undefined);
  }
  totals.loss = totals.samples === 0 ? NaN : totals.loss / totals.samples;
  totals.accuracy = totals.samples === 0 ? NaN : hits / totals.samples;
  totals.wallMs = performance.now() - t0;
  return totals;
}

export function trainPass(ctx: PassContext, order: number[][], o: TrainPassOptions): Promise<PassTotals> {
  const classes = ctx.dataset.classes.length;
  return pass(
    ctx,
    order,
    (x, labels, b) =>
      trainStep(ctx.tf, ctx.model, o.optimizer, {
        x,
        labels,
        classWeights: o.classWeights,
        // Seeded by the global step: a resumed run augments exactly as an uninterrupted one.
        augmentRng: o.augment ? mulberry32(deriveSeed(o.seed ^ 0x5eed, o.firstStep + b)) : null,
      }),
    (indices, labels, probs, _features, loss, b, batchMetrics) =>
      o.onBatch({ step: o.firstStep + b + 1, loss, accuracy: accuracyOf(labels, probs, classes), batchMetrics, batchIndex: b, samples: indices.length }),
  );
}

/** Validation: predictions only; every wrong prediction is collected for the epoch's details. */
export async function evaluatePass(ctx: PassContext, order: number[][]): Promise<PassTotals & { mistakes: Mistake[]; confusion: number[][] }> {
  const classes = ctx.dataset.classes.length;
  const mistakes: Mistake[] = [];
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const F = ctx.featureNames.length;
  const totals = await pass(
    ctx,
    order,
    (x, labels) => evaluateBatch(ctx.tf, ctx.model, x, labels),
    (indices, labels, probs, features) => {
      indices.forEach((sampleIndex, i) => {
        const predicted = predictedClass(probs, i, classes);
        confusion[labels[i]][predicted]++;
        if (predicted !== labels[i]) {
          mistakes.push({
            sample: ctx.dataset.samples[sampleIndex],
            predicted,
            confidence: probs[i * classes + predicted],
            features: features ? features.slice(i * F, (i + 1) * F) : new Float32Array(0),
          });
        }
      });
    },
  );
  return { ...totals, mistakes, confusion };
}
