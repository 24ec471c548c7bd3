// The run monitor's part of the contract (`runs.*`): log folders of TensorBoard
// event files, Loupe's own runs and runs made elsewhere alike, charted live as
// they grow. The monitor reads files only; it never trains.
import { z } from 'zod';

/** A log folder the user opens; any folder, but never a NUL byte or an absurd length. */
const LogdirSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path may not contain a NUL byte');
const RunIdSchema = z.string().min(1).max(8192);

export const RunInfoSchema = z.object({
  /** Stable id: the log folder and the run's path inside it. */
  id: z.string(),
  logdir: z.string(),
  /** The folder holding the event files, relative to the log folder ('/' between parts, '.' for the folder itself). */
  run: z.string(),
  tags: z.array(z.string()),
  points: z.number().int(),
  lastStep: z.number().nullable(),
  lastWallTime: z.number().nullable(),
  /** Hyper-parameters, when the run recorded them (Loupe runs do). */
  hparams: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Last value of every tag. */
  final: z.record(z.string(), z.number()),
  /** Written by Loupe's trainer: epoch details (confusion matrix, misclassified samples) are available. */
  loupe: z.boolean(),
  badRecords: z.number().int(),
  truncatedTails: z.number().int(),
});
export type RunInfo = z.infer<typeof RunInfoSchema>;

export const ScalarSeriesSchema = z.object({
  runId: z.string(),
  tag: z.string(),
  steps: z.array(z.number()),
  values: z.array(z.number()),
  /** Seconds since the epoch, as event files store them. */
  wallTimes: z.array(z.number()),
});
export type ScalarSeries = z.infer<typeof ScalarSeriesSchema>;

export const RunsSnapshotSchema = z.object({
  logdirs: z.array(z.string()),
  runs: z.array(RunInfoSchema),
  problems: z.array(z.object({ logdir: z.string(), message: z.string() })),
});
export type RunsSnapshot = z.infer<typeof RunsSnapshotSchema>;

const PointSchema = z.tuple([z.number(), z.number()]);

export const MisclassifiedSampleSchema = z.object({
  sampleId: z.string(),
  label: z.string(),
  predicted: z.string(),
  confidence: z.number(),
  /** The crop the model saw, as a PNG. */
  cropPng: z.string().describe('base64'),
  cropSize: z.number().int(),
  /** The OpenCV measurements of the sample (the features fed beside the batch). */
  metrics: z.record(z.string(), z.number()),
  /** The part's outline in crop pixel coordinates, when the engine found one. */
  outline: z.array(PointSchema).nullable(),
  /** Where the sample came from, for going back to it. */
  origin: z.string(),
  /** The frame in the history store, when the sample came from there. */
  historyRef: z.object({ frameId: z.number().int(), objectId: z.number().int() }).nullable(),
});
export type MisclassifiedSample = z.infer<typeof MisclassifiedSampleSchema>;

export const EpochDetailsSchema = z.object({
  runId: z.string(),
  epoch: z.number().int(),
  classes: z.array(z.string()),
  /** confusion[true][predicted], counts over the validation split. */
  confusion: z.array(z.array(z.number().int())),
  misclassified: z.array(MisclassifiedSampleSchema),
  metrics: z.record(z.string(), z.number()),
});
export type EpochDetails = z.infer<typeof EpochDetailsSchema>;

export const RUNS_METHODS = ['runs.open', 'runs.close', 'runs.list', 'runs.scalars', 'runs.epoch', 'runs.exportCsv'] as const;
export type RunsMethod = (typeof RUNS_METHODS)[number];

export const RunsRequestParams = {
  /** Starts watching a log folder (its runs appear, and grow live). */
  'runs.open': z.object({ logdir: LogdirSchema }).strict(),
  'runs.close': z.object({ logdir: LogdirSchema }).strict(),
  'runs.list': z.object({}).strict(),
  /** Every point of a run's tags so far (the live part follows as runs.update events). */
  'runs.scalars': z.object({ runId: RunIdSchema, tags: z.array(z.string().max(1000)).max(1000).optional() }).strict(),
  /** A Loupe run's details for one epoch: confusion matrix and misclassified validation samples. */
  'runs.epoch': z.object({ runId: RunIdSchema, epoch: z.number().int().min(0).max(1_000_000) }).strict(),
  'runs.exportCsv': z.object({ runId: RunIdSchema }).strict(),
} as const satisfies Record<RunsMethod, z.ZodType>;

export const RunsResponseValues = {
  'runs.open': RunsSnapshotSchema,
  'runs.close': RunsSnapshotSchema,
  'runs.list': RunsSnapshotSchema,
  'runs.scalars': z.object({ runId: z.string(), series: z.array(ScalarSeriesSchema) }),
  'runs.epoch': EpochDetailsSchema,
  'runs.exportCsv': z.object({ fileName: z.string(), csv: z.string() }),
} as const satisfies Record<RunsMethod, z.ZodType>;

export const RunsUpdateSchema = z.object({
  /** Runs that are new or changed since the last update. */
  runs: z.array(RunInfoSchema),
  /** Points appended since the last update, per run and tag. */
  appended: z.array(ScalarSeriesSchema),
  /** Runs that disappeared (their folder was deleted). */
  removed: z.array(z.string()),
  problems: z.array(z.object({ logdir: z.string(), message: z.string() })),
});
export type RunsUpdate = z.infer<typeof RunsUpdateSchema>;

export const RunsEventPayloads = {
  'runs.update': RunsUpdateSchema,
} as const;
