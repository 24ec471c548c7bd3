// A training run from start (or resume) to its end: checks the data before
// anything is written, builds or restores the model, runs epochs of the custom
// loop, and after every epoch writes the logs, the epoch's details and a
// checkpoint. It ends finished (epochs done or early stopping: the best epoch's
// weights become a model bundle), stopped (between batches, on request: the
// last checkpoint and the logs stay for a resume) or failed (with the reason;
// whatever was on disk before stays loadable).
import { join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import type { Recipe } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import type { TrainConfig } from '../../../src-shared/train-contract.js';
import type { LoadedTensorFlow } from '../tf/load-tensorflow.js';
import { buildModel } from '../model/build-model.js';
import { parseModelChoice } from '../model/model-catalog.js';
import { validateForTraining } from '../dataset/validate.js';
import type { Dataset, DatasetProblem } from '../dataset/sample.js';
import { FeaturePipeline } from '../features/feature-pipeline.js';
import { FEATURE_NAMES } from '../features/feature-names.js';
import { MetricSet } from '../metrics/metric-set.js';
import { standardMetrics } from '../metrics/standard-metrics.js';
import { trainingThresholdBand } from '../metrics/training-band.js';
import { accuracy } from '../metrics/class-metrics.js';
import type { StreamingMetric } from '../metrics/streaming-metric.js';
import { openRunEventWriters, type RunEventWriters } from '../../runs/run-event-writers.js';
import { nodeDurableFs, type DurableFs } from '../bundle/durable-fs.js';
import { saveBundle, type SavedBundle } from '../bundle/save-bundle.js';
import { UNIT_NORMALISATION } from '../bundle/bundle-manifest.js';
import { epochBatches, inOrderBatches } from './batch-order.js';
import { restoreRunCheckpoint, saveRunCheckpoint, type BestSoFar } from './run-checkpoint.js';
import { classWeights } from './class-weights.js';
import { observeEpoch, shouldStop as earlyStop, type EarlyStoppingState } from './early-stopping.js';
import { evaluatePass, trainPass, type PassContext } from './epoch-pass.js';
import { describeMistakes } from './misclassified.js';
import { hparamsOf, readRunFile, writeEpochFile, writeRunFile, finiteOnly } from './run-files.js';
import { datasetFingerprint, dropDamagedSamples, labelIndices } from './training-data.js';
import { encodeModelWeights, restoreModelWeights } from './training-state.js';

export type RunState = 'preparing' | 'training' | 'stopping' | 'stopped' | 'finished' | 'failed';

export interface TrainProgress {
  state: RunState;
  /** Epochs completed (and checkpointed). */
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  samplesPerSec: number;
  etaSec: number | null;
  metrics: Record<string, number>;
  message: string | null;
}

export interface TrainingRunOptions {
  tf: LoadedTensorFlow;
  config: TrainConfig;
  runId: string;
  /** The run's files go to `<logdir>/<runId>/`. */
  logdir: string;
  /** The bundle goes to `<modelsDir>/<runId>/`. */
  modelsDir: string;
  /** Feature cache folder, or null for memory only. */
  cacheDir: string | null;
  recipe: Recipe;
  data: { dataset: Dataset; problems: DatasetProblem[] };
  /** Continue from the run's last checkpoint; `epochs` (from config or here) may extend it. */
  resume?: boolean;
  epochs?: number;
  /** Checked between batches. */
  shouldStop?: () => boolean;
  /** Called after every batch and at every state change; throttling is the caller's business. */
  onProgress?: (p: TrainProgress) => void;
  /** false: loss and accuracy only, no feature pipeline (the bench's baseline). Default true. */
  customMetrics?: boolean;
  featureWorkers?: number;
  fs?: DurableFs;
  now?: () => number;
}

export interface EpochTiming {
  epoch: number;
  /** The whole epoch: training pass, validation, logs, epoch details and checkpoint. */
  epochWallMs: number;
  /** The training pass alone. */
  wallMs: number;
  valMs: number;
  stepMs: number;
  metricsMs: number;
  featureWaitMs: number;
  steps: number;
}

export interface TrainingOutcome {
  state: 'finished' | 'stopped';
  epoch: number;
  step: number;
  metrics: Record<string, number>;
  bestEpoch: number;
  bundle: SavedBundle | null;
  problems: DatasetProblem[];
  stoppedEarly: boolean;
  timings: EpochTiming[];
}

export const runDirOf = (logdir: string, runId: string): string => join(logdir, runId);
export const checkpointsDirOf = (runDir: string): string => join(runDir, 'checkpoints');

interface Restored {
  model: Tf.LayersModel;
  optimizer: Tf.Optimizer;
  epoch: number;
  step: number;
  early: EarlyStoppingState | null;
  best: BestSoFar | null;
  createdAtMs: number;
}

export async function runTraining(o: TrainingRunOptions): Promise<Result<TrainingOutcome>> {
  const { tf } = o.tf;
  const fs = o.fs ?? nodeDurableFs;
  const now = o.now ?? Date.now;
  const config = o.config;
  const runDir = runDirOf(o.logdir, o.runId);
  const checkpointsDir = checkpointsDirOf(runDir);
  const epochs = o.epochs ?? config.epochs;

  // Everything that can refuse the run does so before a single file is written.
  const cleaned = dropDamagedSamples(o.data.dataset);
  const dataset = cleaned.dataset;
  const problems = [...o.data.problems, ...cleaned.problems];
  const ready = validateForTraining(dataset);
  if (!ready.ok) return ready;
  const labelsR = labelIndices(dataset);
  if (!labelsR.ok) return labelsR;
  const labels = labelsR.value;
  const choice = parseModelChoice({ name: config.model, spec: { size: dataset.size, channels: 1, classes: dataset.classes.length } });
  if (!choice.ok) return choice;
  const fingerprint = datasetFingerprint(dataset);

  let restored: Restored;
  if (o.resume) {
    const r = await restoreRunCheckpoint(tf, { checkpointsDir, fs, runId: o.runId, fingerprint, epochs, learningRate: config.learningRate });
    if (!r.ok) return r;
    restored = { ...r.value, createdAtMs: readRunFile(runDir)?.createdAtMs ?? now() };
  } else {
    if (fs.exists(runDir)) return fail('busy', `a run named ${o.runId} already exists in ${o.logdir}; resume it or pick another name`, runDir);
    restored = { model: buildModel(choice.value.name, choice.value.spec, { seed: config.seed }), optimizer: tf.train.adam(config.learningRate), epoch: 0, step: 0, early: null, best: null, createdAtMs: now() };
  }

  const { model, optimizer } = restored;
  const trainIdx = dataset.samples.flatMap((s, i) => (s.split === 'train' ? [i] : []));
  const valIdx = dataset.samples.flatMap((s, i) => (s.split === 'val' ? [i] : []));
  const weights = classWeights(Array.from(trainIdx, (i) => labels[i]), dataset.classes.length, config.classWeights);
  const stepsPerEpoch = Math.ceil(trainIdx.length / config.batchSize);
  const okClass = dataset.classes.indexOf(dataset.okLabel);
  const custom = o.customMetrics !== false;
  const pipeline = custom ? new FeaturePipeline({ samples: dataset.samples, recipe: o.recipe, cacheDir: o.cacheDir, workers: o.featureWorkers ?? 1, prefetch: 2 }) : null;
  // The workers start (a few seconds: Node, tsx, OpenCV) while the rest is prepared.
  const workersReady = pipeline?.ready();
  workersReady?.catch(() => {}); // a failure surfaces at the first features asked for
  let writers: RunEventWriters | null = null;
  let step = restored.step;
  let epoch = restored.epoch;
  let early = restored.early;
  let best = restored.best;
  let lastMetrics: Record<string, number> = {};
  const timings: EpochTiming[] = [];
  const runFile = (state: RunState) =>
    writeRunFile(runDir, {
      schema: 'loupe.run/1',
      runId: o.runId,
      config: { ...config, epochs } as unknown as Record<string, unknown>,
      hparams: hparamsOf({ ...config, epochs }),
      backend: o.tf.backend,
      classes: dataset.classes,
      state,
      createdAtMs: restored.createdAtMs,
    });
  const progress = (state: RunState, extra: Partial<TrainProgress> = {}) =>
    o.onProgress?.({ state, epoch, epochs, step, stepsPerEpoch, samplesPerSec: 0, etaSec: null, metrics: lastMetrics, message: null, ...extra });

  try {
    progress('preparing', { message: problems.length > 0 ? `${problems.length} input(s) skipped: ${problems.slice(0, 3).map((p) => `${p.subject}: ${p.message}`).join('; ')}` : null });
    // Train features first: the pixel-count baseline's band is learned from them, and they warm the cache.
    let makeMetrics: () => StreamingMetric[] = () => [accuracy()];
    if (pipeline) {
      const band = await trainingThresholdBand(o.recipe, dataset, pipeline);
      makeMetrics = standardMetrics({ classes: dataset.classes, okClass, recipe: o.recipe, band, grayPerUnit: 1 / UNIT_NORMALISATION.scale });
    }
    const trainMetrics = new MetricSet(makeMetrics);
    const valMetrics = new MetricSet(makeMetrics);

    const opened = openRunEventWriters(o.logdir, o.runId);
    if (!opened.ok) return opened;
    writers = opened.value;
    runFile('training');

    const ctx: PassContext = { tf, model, dataset, labels, pipeline, featureNames: FEATURE_NAMES, metrics: null, shouldStop: o.shouldStop ?? (() => false) };
    let paceSamples = 0;
    let paceStart = performance.now();
    let samplesPerSec = 0;
    let stoppedEarly = false;

    while (epoch < epochs) {
      const epochStart = performance.now();
      trainMetrics.reset();
      valMetrics.reset();
      const train = await trainPass({ ...ctx, metrics: trainMetrics }, epochBatches(trainIdx, config.batchSize, config.seed, epoch), {
        optimizer,
        classWeights: weights,
        augment: config.augment,
        seed: config.seed,
        firstStep: step,
        onBatch: (b) => {
          step = b.step;
          writers!.train.addScalar('batch_loss', b.loss, step);
          writers!.train.addScalar('batch_accuracy', b.accuracy, step);
          paceSamples += b.samples;
          // The pace over the current window (at most about a second), known from the first batch on,
          // so a short run shows an ETA too; the window restarts each second to follow changes of pace.
          const t = performance.now();
          if (t > paceStart) samplesPerSec = (paceSamples * 1000) / (t - paceStart);
          if (t - paceStart > 1000) {
            paceSamples = 0;
            paceStart = t;
          }
          // Every batch: the host decides how often to pass progress on (train.progress is throttled there).
          const left = (epochs - epoch) * trainIdx.length - (b.batchIndex + 1) * config.batchSize;
          progress('training', { samplesPerSec, etaSec: samplesPerSec > 0 ? Math.max(0, left) / samplesPerSec : null, metrics: { ...lastMetrics, batch_loss: b.loss, batch_accuracy: b.accuracy } });
        },
      });
      if (train.stopped) break;
      const val = await evaluatePass({ ...ctx, metrics: valMetrics }, inOrderBatches(valIdx, config.batchSize));
      if (val.stopped) break;

      const trainFigures = { loss: train.loss, ...finiteOnly(trainMetrics.result().values), accuracy: train.accuracy };
      const valFigures = { loss: val.loss, ...finiteOnly(valMetrics.result().values), accuracy: val.accuracy };
      for (const [name, value] of Object.entries(trainFigures)) if (!name.startsWith('confusion.')) writers.train.addScalar(`epoch_${name}`, value, epoch);
      for (const [name, value] of Object.entries(valFigures)) if (!name.startsWith('confusion.')) writers.validation.addScalar(`epoch_${name}`, value, epoch);
      const flushed = writers.flush();
      if (!flushed.ok) return flushed;
      lastMetrics = { ...trainFigures, ...Object.fromEntries(Object.entries(valFigures).map(([k, v]) => [`val_${k}`, v])) };
      writeEpochFile(runDir, {
        epoch,
        classes: dataset.classes,
        confusion: val.confusion,
        metrics: lastMetrics,
        misclassified: describeMistakes(val.mistakes, { classes: dataset.classes, featureNames: FEATURE_NAMES, recipe: o.recipe, scale: dataset.scale, size: dataset.size }),
      });

      const observed = observeEpoch(early, epoch + 1, val.loss);
      early = observed.state;
      if (observed.improved || !best) best = { weights: await encodeModelWeights(tf, model), metrics: valFigures };
      epoch++;

      const saved = await saveRunCheckpoint(
        tf,
        { model, optimizer, checkpointsDir, fs, nowMs: now() },
        { runId: o.runId, config: { ...config, epochs }, classes: dataset.classes, fingerprint, metrics: lastMetrics, epoch, step, early, best },
      );
      if (!saved.ok) {
        runFile('failed');
        return saved;
      }
      timings.push({
        epoch: epoch - 1,
        epochWallMs: performance.now() - epochStart,
        wallMs: train.wallMs,
        valMs: val.wallMs,
        stepMs: train.stepMs,
        metricsMs: train.metricsMs,
        featureWaitMs: train.featureWaitMs,
        steps: train.batches,
      });
      progress('training', { samplesPerSec, etaSec: samplesPerSec > 0 ? ((epochs - epoch) * trainIdx.length) / samplesPerSec : null });
      if (earlyStop(early, config.patience)) {
        stoppedEarly = true;
        break;
      }
    }

    if (epoch < epochs && !stoppedEarly) {
      runFile('stopped');
      progress('stopped', { message: `stopped after ${epoch} epoch(s); the last checkpoint is kept for a resume` });
      return ok({ state: 'stopped', epoch, step, metrics: lastMetrics, bestEpoch: early?.bestEpoch ?? 0, bundle: null, problems, stoppedEarly, timings });
    }

    // The bundle holds the best epoch's weights, not the last epoch's.
    restoreModelWeights(tf, model, best!.weights);
    const bundle = await saveBundle(tf, model, {
      modelsDir: o.modelsDir,
      name: o.runId,
      fs,
      description: {
        runId: o.runId,
        createdAtMs: Math.round(now()),
        architecture: config.model,
        input: { size: dataset.size, channels: 1, scale: dataset.scale, normalisation: { ...UNIT_NORMALISATION }, layout: 'NHWC' },
        classes: dataset.classes,
        okClasses: [dataset.okLabel],
        recipe: dataset.recipe,
        metrics: finiteOnly(best!.metrics),
        epoch: early!.bestEpoch,
        backend: o.tf.backend,
      },
    });
    if (!bundle.ok) {
      runFile('failed');
      return bundle;
    }
    runFile('finished');
    progress('finished', { message: stoppedEarly ? `stopped early after ${epoch} epochs (best: epoch ${early!.bestEpoch})` : null });
    return ok({ state: 'finished', epoch, step, metrics: lastMetrics, bestEpoch: early!.bestEpoch, bundle: bundle.value, problems, stoppedEarly, timings });
  } catch (err) {
    try {
      runFile('failed');
    } catch {
      // the original error matters more
    }
    return fail('internal', `training run ${o.runId} failed: ${err instanceof Error ? err.message : String(err)}`, o.runId);
  } finally {
    writers?.close();
    await pipeline?.close();
    model.dispose();
    optimizer.dispose();
  }
}
