// What `npm run train` does once its arguments are parsed: load TensorFlow
// (saying which backend), the recipe and the samples, run (or resume) the
// training with a progress bar, print each epoch's figures and where the logs
// and the bundle went. Ctrl-C stops after the current batch and keeps the last
// checkpoint. Every failure is one line on stderr and a non-zero exit.
import { join, resolve } from 'node:path';
import type { Recipe } from '../../src-shared/recipe.js';
import { TrainConfigSchema, type TrainConfig, type TrainConfigInput } from '../../src-shared/train-contract.js';
import { describeIssues } from '../../src-shared/recipe.js';
import { loadRecipeFile } from '../recipes/load-recipe-file.js';
import { loadTensorFlow, type LoadedTensorFlow } from '../learn/tf/load-tensorflow.js';
import { readLatestCheckpoint } from '../learn/train/checkpoint-store.js';
import { loadTrainingData } from '../learn/train/training-data.js';
import { checkpointsDirOf, runDirOf, runTraining, type TrainProgress } from '../learn/train/training-run.js';
import { newRunId } from '../learn/host/run-id.js';
import { MODEL_NAMES, ModelNameSchema } from '../learn/model/model-catalog.js';
import { parseTrainSource } from './train-source.js';
import { createTrainProgress } from './train-progress.js';

export interface TrainCommandOptions {
  data?: string;
  epochs?: number;
  logdir: string;
  models?: string;
  cache?: string;
  model?: string;
  batch?: number;
  learningRate?: number;
  labels?: 'binary' | 'defect';
  frames?: number;
  augment?: boolean;
  patience?: number;
  seed?: number;
  resume?: string;
  run?: string;
  recipeFile: string;
}

export interface TrainCommandIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Resolves... never; calls `stop` when the user asks to stop (Ctrl-C). Injectable for tests. */
  onInterrupt?: (stop: () => void) => () => void;
  loadTf?: () => Promise<LoadedTensorFlow>;
}

const PREFIX = 'loupe-train';
const METRICS_SHOWN = ['loss', 'accuracy', 'meanCircularity', 'segmentationAccuracy', 'recipeAgreement'];

function describeData(config: TrainConfig): string {
  if (config.data.kind === 'synthetic') return `synthetic line seed ${config.data.seed}, ${config.data.frames} frames`;
  if (config.data.kind === 'history') return `labelled history in ${config.data.dataDir ?? 'the data folder'}`;
  return `labelled folder ${config.data.path}`;
}

function epochLine(p: TrainProgress): string {
  const part = (prefix: string) =>
    METRICS_SHOWN.filter((m) => p.metrics[prefix + m] !== undefined)
      .map((m) => `${prefix}${m} ${p.metrics[prefix + m].toFixed(4)}`)
      .join(', ');
  return `epoch ${p.epoch}/${p.epochs}: ${part('')} | ${part('val_')}\n`;
}

function interruptBySigint(stop: () => void): () => void {
  const handler = () => stop();
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

export async function trainCommand(o: TrainCommandOptions, io: TrainCommandIO): Promise<number> {
  const error = (message: string): number => {
    io.stderr.write(`${PREFIX}: error: ${message}\n`);
    return 1;
  };
  const logdir = resolve(o.logdir);
  const modelsDir = resolve(o.models ?? join(logdir, '..', 'models'));
  const cacheDir = resolve(o.cache ?? join(logdir, '..', 'cache', 'features'));

  let config: TrainConfig;
  let runId: string;
  let resumeEpochs: number | undefined;
  if (o.resume) {
    const checkpoint = readLatestCheckpoint(checkpointsDirOf(runDirOf(logdir, o.resume)));
    if (!checkpoint.ok) return error(`cannot resume ${o.resume}: ${checkpoint.error.message}`);
    config = checkpoint.value.state.config;
    runId = o.resume;
    resumeEpochs = o.epochs ?? config.epochs;
    if (resumeEpochs <= checkpoint.value.state.epoch) return error(`run ${o.resume} has already trained ${checkpoint.value.state.epoch} epochs; pass --epochs with more to resume it`);
  } else {
    if (!o.data) return error('--data is required: synthetic, synthetic:SEED, history, history:DATA_DIR or a labelled folder (or --resume RUN)');
    const data = parseTrainSource(o.data, { frames: o.frames });
    if (!data.ok) return error(data.error.message);
    const input: TrainConfigInput = { data: data.value, model: o.model, epochs: o.epochs, batchSize: o.batch, learningRate: o.learningRate, labels: o.labels, augment: o.augment, patience: o.patience, seed: o.seed, runName: o.run };
    const parsed = TrainConfigSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    if (!parsed.success) return error(`bad options: ${describeIssues(parsed.error)}`);
    config = parsed.data;
    runId = newRunId(config, Date.now());
  }

  // Cheap checks before TensorFlow and the samples are loaded.
  const modelName = ModelNameSchema.safeParse(config.model);
  if (!modelName.success) return error(`unknown model ${JSON.stringify(config.model)}; known models: ${MODEL_NAMES.join(', ')}`);

  const recipe = loadRecipeFile(resolve(o.recipeFile));
  if (!recipe.ok) return error(recipe.error.message);

  let loaded: LoadedTensorFlow;
  try {
    loaded = await (io.loadTf ?? (() => loadTensorFlow()))();
  } catch (err) {
    return error(err instanceof Error ? err.message : String(err));
  }
  io.stdout.write(`${PREFIX}: backend ${loaded.backend}: ${loaded.detail}\n`);

  const data = loadTrainingData(config, recipe.value as Recipe);
  if (!data.ok) return error(data.error.message);
  const d = data.value.dataset;
  const bySplit = (s: string) => d.samples.filter((x) => x.split === s).length;
  io.stdout.write(`${PREFIX}: ${describeData(config)}: ${d.samples.length} samples (train ${bySplit('train')}, val ${bySplit('val')}, test ${bySplit('test')}), classes ${d.classes.join(', ')}\n`);
  for (const p of data.value.problems.slice(0, 10)) io.stderr.write(`${PREFIX}: skipped ${p.subject}: ${p.message}\n`);
  if (data.value.problems.length > 10) io.stderr.write(`${PREFIX}: … and ${data.value.problems.length - 10} more inputs skipped\n`);

  const progress = createTrainProgress(io.stderr);
  let stopRequested = false;
  const release = (io.onInterrupt ?? interruptBySigint)(() => {
    if (!stopRequested) io.stderr.write(`\n${PREFIX}: stopping after the current batch (the last checkpoint is kept)\n`);
    stopRequested = true;
  });
  let lastEpoch = -1;
  try {
    const outcome = await runTraining({
      tf: loaded,
      config,
      runId,
      logdir,
      modelsDir,
      cacheDir,
      recipe: recipe.value,
      data: data.value,
      resume: o.resume !== undefined,
      epochs: resumeEpochs,
      shouldStop: () => stopRequested,
      onProgress: (p) => {
        if (lastEpoch < 0) lastEpoch = p.epoch;
        if (p.epoch > lastEpoch) {
          lastEpoch = p.epoch;
          progress.pause();
          io.stdout.write(epochLine(p));
        }
        progress.update(p);
      },
    });
    progress.stop();
    if (!outcome.ok) return error(outcome.error.message);
    const v = outcome.value;
    io.stdout.write(`${PREFIX}: logs in ${runDirOf(logdir, runId)} (tensorboard --logdir ${logdir})\n`);
    for (const p of v.problems.filter((x) => !data.value.problems.includes(x))) io.stderr.write(`${PREFIX}: skipped ${p.subject}: ${p.message}\n`);
    if (v.state === 'stopped') {
      io.stdout.write(`${PREFIX}: stopped after ${v.epoch} epoch(s), step ${v.step}; resume with --resume ${runId}\n`);
      return 130;
    }
    io.stdout.write(`${PREFIX}: ${v.stoppedEarly ? `stopped early after ${v.epoch} epochs` : `${v.epoch} epochs`}; best epoch ${v.bestEpoch}: val accuracy ${(v.bundle?.manifest.metrics.accuracy ?? NaN).toFixed(4)}\n`);
    io.stdout.write(`${PREFIX}: bundle in ${v.bundle?.dir}\n`);
    return 0;
  } finally {
    progress.stop();
    release();
  }
}
