// Models in live inspection (`model.*`, served by the engine): list the model
// bundles the trainer wrote, load one beside the recipe's rules, unload it. A
// loaded model judges every part's crop; its verdict travels with each object
// and its disagreements with the rules are counted.
import { z } from 'zod';

/** A name the trainer gave a bundle; also its folder under <data>/models. */
export const ModelNameSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a bundle name is letters, digits, ".", "_" and "-"');

export const ModelBundleInfoSchema = z.object({
  name: z.string(),
  architecture: z.string(),
  classes: z.array(z.string()),
  okClasses: z.array(z.string()),
  recipe: z.object({ name: z.string(), version: z.number().int() }),
  /** Validation figures of the epoch whose weights the bundle holds. */
  metrics: z.record(z.string(), z.number()),
  backend: z.string(),
  createdAtMs: z.number(),
  runId: z.string(),
});
export type ModelBundleInfo = z.infer<typeof ModelBundleInfoSchema>;

export const ModelListSchema = z.object({
  bundles: z.array(ModelBundleInfoSchema),
  /** Folders under <data>/models that are not readable bundles, and why. */
  problems: z.array(z.object({ name: z.string(), message: z.string() })),
});

/** The model judging the line now, and how it has done since it was loaded. */
export const LiveModelStatusSchema = z.object({
  name: z.string(),
  classes: z.array(z.string()),
  /** TensorFlow.js backend running the inference (wasm, tensorflow, …). */
  backend: z.string(),
  partsJudged: z.number().int(),
  /** Parts where the model and the recipe's rules disagree (OK vs NG). */
  disagreements: z.number().int(),
  /** Frames the model could not keep up with (its worker was still busy), judged by the rules alone. */
  framesNotJudged: z.number().int(),
  /** Inference time per frame (crops + forward pass), ms: the last and the mean since loading. */
  lastInferenceMs: z.number().nullable(),
  meanInferenceMs: z.number().nullable(),
});
export type LiveModelStatus = z.infer<typeof LiveModelStatusSchema>;

/** The model's verdict on one part. */
export const ObjectModelVerdictSchema = z.object({
  label: z.string(),
  ok: z.boolean(),
  confidence: z.number(),
});
export type ObjectModelVerdict = z.infer<typeof ObjectModelVerdictSchema>;

/** The model's part of one frame's result. */
export const FrameModelSummarySchema = z.object({
  name: z.string(),
  inferenceMs: z.number(),
  /** Parts of this frame where the model and the rules disagree. */
  disagreements: z.number().int(),
});
export type FrameModelSummary = z.infer<typeof FrameModelSummarySchema>;

/**
 * The model's verdicts on one frame's parts. They follow the frame's own event
 * (the forward pass runs beside the live loop, never in its way), matched by seq.
 */
export const ModelVerdictEventSchema = z.object({
  seq: z.number().int(),
  name: z.string(),
  inferenceMs: z.number(),
  disagreements: z.number().int(),
  objects: z.array(ObjectModelVerdictSchema.extend({ id: z.number().int() })),
});
export type ModelVerdictEvent = z.infer<typeof ModelVerdictEventSchema>;

export const ModelEventPayloads = {
  'model.verdict': ModelVerdictEventSchema,
} as const;

export const MODEL_METHODS = ['model.list', 'model.load', 'model.unload'] as const;
export type ModelMethod = (typeof MODEL_METHODS)[number];

export const ModelRequestParams = {
  'model.list': z.object({}).strict(),
  'model.load': z.object({ name: ModelNameSchema }).strict(),
  'model.unload': z.object({}).strict(),
} as const satisfies Record<ModelMethod, z.ZodType>;

export const ModelResponseValues = {
  'model.list': ModelListSchema,
  'model.load': LiveModelStatusSchema,
  'model.unload': z.object({ unloaded: z.string().nullable() }),
} as const satisfies Record<ModelMethod, z.ZodType>;
