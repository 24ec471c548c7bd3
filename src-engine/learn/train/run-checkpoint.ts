// A run's live state to and from a checkpoint folder: model, optimizer slots,
// step and epoch, early-stopping state and the best epoch's weights. A resume
// is refused (nothing written) when the checkpoint is damaged, was made on
// other samples, or already has the epochs asked for.
import type * as Tf from '@tensorflow/tfjs';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import type { TrainConfig } from '../../../src-shared/train-contract.js';
import type { DurableFs } from '../bundle/durable-fs.js';
import { MODEL_JSON, WEIGHTS_BIN, modelFromFiles, modelToFiles } from '../bundle/model-files.js';
import { BEST_WEIGHTS_BIN, CHECKPOINT_SCHEMA, OPTIMIZER_BIN } from './checkpoint-state.js';
import { readLatestCheckpoint, writeCheckpoint } from './checkpoint-store.js';
import type { EarlyStoppingState } from './early-stopping.js';
import { encodeOptimizer, restoreOptimizer, type EncodedWeights } from './training-state.js';

export interface BestSoFar {
  weights: EncodedWeights;
  metrics: Record<string, number>;
}

export interface RunPosition {
  epoch: number;
  step: number;
  early: EarlyStoppingState;
  best: BestSoFar;
}

export async function saveRunCheckpoint(
  tf: typeof Tf,
  o: { model: Tf.LayersModel; optimizer: Tf.Optimizer; checkpointsDir: string; fs: DurableFs; nowMs: number },
  run: { runId: string; config: TrainConfig; classes: string[]; fingerprint: string; metrics: Record<string, number> } & RunPosition,
): Promise<Result<{ dir: string }>> {
  const files = await modelToFiles(tf, o.model);
  const opt = await encodeOptimizer(tf, o.optimizer);
  return writeCheckpoint(
    o.checkpointsDir,
    {
      schema: CHECKPOINT_SCHEMA,
      runId: run.runId,
      epoch: run.epoch,
      step: run.step,
      config: run.config,
      classes: run.classes,
      dataset: run.fingerprint,
      metrics: run.metrics,
      // JSON has no Infinity: a val loss that was never finite is recorded as huge.
      best: { epoch: run.early.bestEpoch, valLoss: Number.isFinite(run.early.bestValLoss) ? run.early.bestValLoss : 1e30, metrics: run.best.metrics },
      sinceBest: run.early.sinceBest,
      optimizer: opt.specs,
      bestWeights: run.best.weights.specs,
      writtenAtMs: Math.round(o.nowMs),
    },
    { [MODEL_JSON]: files[MODEL_JSON], [WEIGHTS_BIN]: files[WEIGHTS_BIN], [OPTIMIZER_BIN]: opt.data, [BEST_WEIGHTS_BIN]: run.best.weights.data },
    o.fs,
  );
}

export async function restoreRunCheckpoint(
  tf: typeof Tf,
  o: { checkpointsDir: string; fs: DurableFs; runId: string; fingerprint: string; epochs: number; learningRate: number },
): Promise<Result<RunPosition & { model: Tf.LayersModel; optimizer: Tf.Optimizer }>> {
  const loaded = readLatestCheckpoint(o.checkpointsDir, o.fs);
  if (!loaded.ok) return loaded;
  const s = loaded.value.state;
  if (s.dataset !== o.fingerprint) return fail('bad-request', `run ${o.runId} was trained on other samples than the ones loaded now (its data: ${JSON.stringify(s.config.data)}); resume it with the same data`, o.runId);
  if (s.epoch >= o.epochs) return fail('bad-request', `run ${o.runId} has already trained ${s.epoch} epochs; ask for more than ${s.epoch} to resume it`, o.runId);
  let model: Tf.LayersModel | undefined;
  try {
    model = await modelFromFiles(tf, loaded.value.bytes[MODEL_JSON], loaded.value.bytes[WEIGHTS_BIN]);
    const optimizer = tf.train.adam(o.learningRate);
    await restoreOptimizer(tf, optimizer, { data: loaded.value.bytes[OPTIMIZER_BIN], specs: s.optimizer });
    return ok({
      model,
      optimizer,
      epoch: s.epoch,
      step: s.step,
      early: { bestEpoch: s.best.epoch, bestValLoss: s.best.valLoss, sinceBest: s.sinceBest },
      best: { weights: { data: loaded.value.bytes[BEST_WEIGHTS_BIN], specs: s.bestWeights }, metrics: s.best.metrics },
    });
  } catch (err) {
    model?.dispose();
    return fail('bad-request', `checkpoint ${loaded.value.dir} cannot be restored: ${err instanceof Error ? err.message : String(err)}`, loaded.value.dir);
  }
}
