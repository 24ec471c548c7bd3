// The trainer's part of the contract (`train.*`): start, stop and resume training
// runs, and the progress events the monitor shows. Training runs in its own
// process, never in the engine, so a run can never slow the live line.
import { z } from 'zod';
import { HistoryFilterSchema } from './history-contract.js';

/** A run's name doubles as its folder under the log dir, so it is kept to safe characters. */
export const RunNameSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only, starting with a letter or digit');

/** The small CNNs the trainer builds (src-engine/learn/model/model-catalog.ts has their layers). */
export const TRAINABLE_MODEL_NAMES = ['cnn-tiny', 'cnn-small', 'cnn-medium'] as const;

/** Where a run's samples come from. */
export const TrainDataSpecSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('synthetic'),
      /** Seed of the synthetic line; its ground truth labels every part it draws. */
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(7),
      frames: z.number().int().min(1).max(5000).default(80),
      defectRate: z.number().min(0).max(1).default(0.35),
    })
    .strict(),
  /** A labelled folder: class from sub-folder names (good/, defect_x/). */
  z.object({ kind: z.literal('folder'), path: z.string().min(1).max(4096) }).strict(),
  /**
   * The labelled history: every labelled frame whose full picture is kept, one sample per object
   * (its own label, else its frame's). `dataDir` is the data folder holding it; default: the trainer's own.
   */
  z.object({ kind: z.literal('history'), filter: HistoryFilterSchema.optional(), dataDir: z.string().min(1).max(4096).optional() }).strict(),
]);
export type TrainDataSpec = z.infer<typeof TrainDataSpecSchema>;

export const TrainConfigSchema = z
  .object({
    data: TrainDataSpecSchema,
    model: z.string().min(1).max(64).default('cnn-small'),
    epochs: z.number().int().min(1).max(1000).default(10),
    batchSize: z.number().int().min(1).max(512).default(32),
    learningRate: z.number().positive().max(1).default(0.001),
    /** 'binary': OK / NG; 'defect': one class per defect kind (plus ok). */
    labels: z.enum(['binary', 'defect']).default('binary'),
    /** Flips, 90° turns and small brightness changes on the training split. */
    augment: z.boolean().default(true),
    /** 'balanced' weighs each class by the inverse of its share, for imbalanced lines. */
    classWeights: z.enum(['balanced', 'none']).default('balanced'),
    /** Stop when val loss has not improved for this many epochs (0 = never). */
    patience: z.number().int().min(0).max(1000).default(5),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    runName: RunNameSchema.optional(),
  })
  .strict();
export type TrainConfig = z.infer<typeof TrainConfigSchema>;
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;

export const TRAIN_STATES = ['preparing', 'training', 'stopping', 'stopped', 'finished', 'failed'] as const;

export const TrainJobStatusSchema = z.object({
  runId: z.string(),
  state: z.enum(TRAIN_STATES),
  /** Epochs done (completed and checkpointed) and asked for. */
  epoch: z.number().int(),
  epochs: z.number().int(),
  /** Optimizer steps over the run's whole life (a resumed run continues the count). */
  step: z.number().int(),
  stepsPerEpoch: z.number().int(),
  samplesPerSec: z.number(),
  /** Seconds until the asked-for epochs are done, at the current pace; null before the pace is known. */
  etaSec: z.number().nullable(),
  backend: z.string().nullable(),
  /** Latest figures: loss, accuracy and every custom metric, train and val (val_ prefix). */
  metrics: z.record(z.string(), z.number()),
  message: z.string().nullable(),
  logdir: z.string(),
  startedAtMs: z.number(),
  /** Model bundle written at the end of the run, when there is one. */
  bundle: z.string().nullable(),
});
export type TrainJobStatus = z.infer<typeof TrainJobStatusSchema>;

export const TRAIN_METHODS = ['train.start', 'train.stop', 'train.resume', 'train.status'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];

const RunIdSchema = z.string().min(1).max(200);

export const TrainRequestParams = {
  'train.start': z.object({ config: TrainConfigSchema }).strict(),
  /** Stops after the current batch; the last checkpoint and the logs are kept. */
  'train.stop': z.object({ runId: RunIdSchema }).strict(),
  /** Continues a stopped run from its last checkpoint (step count included), optionally to more epochs. */
  'train.resume': z.object({ runId: RunIdSchema, epochs: z.number().int().min(1).max(1000).optional() }).strict(),
  'train.status': z.object({}).strict(),
} as const satisfies Record<TrainMethod, z.ZodType>;

export const TrainStatusSchema = z.object({
  /** Backend the trainer uses (tensorflow-gpu, tensorflow, wasm or cpu), null until loaded. */
  backend: z.string().nullable(),
  logdir: z.string(),
  jobs: z.array(TrainJobStatusSchema),
});

export const TrainResponseValues = {
  'train.start': TrainJobStatusSchema,
  'train.stop': TrainJobStatusSchema,
  'train.resume': TrainJobStatusSchema,
  'train.status': TrainStatusSchema,
} as const satisfies Record<TrainMethod, z.ZodType>;

export const TrainEventPayloads = {
  'train.progress': TrainJobStatusSchema,
} as const;
