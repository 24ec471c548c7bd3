// What a checkpoint records besides the weights: enough to continue a run
// exactly where its last completed epoch left it (step count, early-stopping
// state, the best epoch so far and its weights), and the sha256 of every file,
// so a damaged checkpoint is refused on resume instead of training on garbage.
import { z } from 'zod';
import { TrainConfigSchema } from '../../../src-shared/train-contract.js';

export const CHECKPOINT_SCHEMA = 'loupe.checkpoint/1';
export const STATE_JSON = 'state.json';
export const OPTIMIZER_BIN = 'optimizer.bin';
export const BEST_WEIGHTS_BIN = 'best-weights.bin';
export const LATEST_POINTER = 'latest.json';

const WeightSpecSchema = z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.enum(['float32', 'int32']) }).strict();
export type SavedWeightSpec = z.infer<typeof WeightSpecSchema>;

export const CheckpointStateSchema = z
  .object({
    schema: z.literal(CHECKPOINT_SCHEMA),
    runId: z.string().min(1),
    /** Epochs completed; the next epoch to run has this index. */
    epoch: z.number().int().min(1),
    /** Optimizer steps taken over the run's life. */
    step: z.number().int().min(0),
    config: TrainConfigSchema,
    classes: z.array(z.string()).min(2),
    /** Fingerprint of the samples trained on, so a resume on other data is refused. */
    dataset: z.string(),
    metrics: z.record(z.string(), z.number()),
    best: z.object({ epoch: z.number().int().min(1), valLoss: z.number(), metrics: z.record(z.string(), z.number()) }).strict(),
    /** Epochs since val loss last improved (early stopping). */
    sinceBest: z.number().int().min(0),
    optimizer: z.array(WeightSpecSchema),
    /** The best epoch's weights (same specs as the model's), for the bundle written at the end. */
    bestWeights: z.array(WeightSpecSchema),
    files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
    writtenAtMs: z.number().int(),
  })
  .strict();
export type CheckpointState = z.infer<typeof CheckpointStateSchema>;

export const LatestPointerSchema = z.object({ checkpoint: z.string().regex(/^epoch-\d+$/), epoch: z.number().int().min(1), step: z.number().int().min(0) }).strict();
export type LatestPointer = z.infer<typeof LatestPointerSchema>;

export const checkpointFolderName = (epoch: number): string => `epoch-${String(epoch).padStart(6, '0')}`;
