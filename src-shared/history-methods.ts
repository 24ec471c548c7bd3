// The review, labelling, import/export and what-if part of the contract:
// `history.*` and `labels.*`, served by the workbench process (never the live
// engine: a review query or a re-inspection must not slow the line). Filters,
// rows and label changes are defined in history-contract.ts.
import { z } from 'zod';
import {
  HistoryFilterSchema,
  HistoryQuerySchema,
  HistoryRowSchema,
  LabelChangeSchema,
  LabelRevisionSchema,
  LabelValueSchema,
} from './history-contract.js';
import { RecipeSchema } from './recipe.js';

const PointSchema = z.tuple([z.number().finite(), z.number().finite()]);
const FrameIdSchema = z.number().int().positive();
const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path may not contain a NUL byte');

/** One object of a recorded frame, with its label and (edited) outline. */
export const HistoryObjectSchema = z.object({
  objectId: z.number().int(),
  part: z.string().nullable(),
  ok: z.boolean(),
  reasons: z.array(z.object({ metric: z.string(), value: z.number().nullable(), min: z.number().optional(), max: z.number().optional(), message: z.string() })),
  metrics: z.record(z.string(), z.number().nullable()),
  bbox: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  /** The outline as measured, or as last edited by a person (then `outlineEdited`). */
  outline: z.array(PointSchema),
  /** The holes' outlines as measured (a washer's bore); empty for frames recorded before they were kept. */
  holes: z.array(z.array(PointSchema)),
  outlineEdited: z.boolean(),
  outlineRevision: z.number().int().nullable(),
  label: z.string().nullable(),
  labelRevision: z.number().int().nullable(),
});
export type HistoryObject = z.infer<typeof HistoryObjectSchema>;

/**
 * A label or outline change. Labels and outlines are numbered separately (each kind's `revision`
 * is what its next change names as `replaces`), so `kind` says which one a revision is.
 */
export const HistoryRevisionSchema = LabelRevisionSchema.extend({
  kind: z.enum(['label', 'outline']),
  /** The outline a person drew (kind 'outline'); null for a label. */
  outline: z.array(PointSchema).nullable(),
});
export type HistoryRevision = z.infer<typeof HistoryRevisionSchema>;

export const HistoryFrameSchema = z.object({
  row: HistoryRowSchema,
  objects: z.array(HistoryObjectSchema),
  /** Every label and outline change of the frame and its objects, oldest first. */
  revisions: z.array(HistoryRevisionSchema),
});
export type HistoryFrame = z.infer<typeof HistoryFrameSchema>;

export const HistoryPictureSchema = z.object({
  frameId: z.number().int(),
  mime: z.enum(['image/png', 'image/jpeg']),
  width: z.number().int(),
  height: z.number().int(),
  /** The file's bytes, base64 (every transport carries it as JSON text). */
  dataBase64: z.string(),
});
export type HistoryPicture = z.infer<typeof HistoryPictureSchema>;

export const HISTORY_JOB_KINDS = ['import', 'export', 'whatif'] as const;
export const HistoryJobSchema = z.object({
  jobId: z.string(),
  kind: z.enum(HISTORY_JOB_KINDS),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int().nullable(),
  /** What is happening, or why it failed. */
  message: z.string(),
  /** Items skipped, each with why (an unreadable file by name, a frame without a picture). */
  problems: z.array(z.string()),
  startedAtMs: z.number(),
  /** Kind-specific outcome once done: counts imported, files written, verdict flips. */
  result: z.record(z.string(), z.union([z.number(), z.string()])).nullable(),
});
export type HistoryJob = z.infer<typeof HistoryJobSchema>;

export const WhatIfFlipSchema = z.object({ frameId: z.number().int(), from: z.enum(['ok', 'ng']), to: z.enum(['ok', 'ng']) });
export const WhatIfResultSchema = z.object({
  jobId: z.string(),
  recipe: z.object({ name: z.string(), version: z.number().int() }),
  inspected: z.number().int(),
  okToNg: z.number().int(),
  ngToOk: z.number().int(),
  unchanged: z.number().int(),
  /** Frames without a kept picture cannot be re-inspected. */
  skipped: z.number().int(),
  flipped: z.array(WhatIfFlipSchema),
});
export type WhatIfResult = z.infer<typeof WhatIfResultSchema>;

export const HISTORY_METHODS = [
  'history.query',
  'history.count',
  'history.frame',
  'history.picture',
  'history.thumbnails',
  'history.import',
  'history.export',
  'history.whatif',
  'history.whatifResult',
  'history.cancel',
  'history.jobs',
] as const;
export const LABELS_METHODS = ['labels.set', 'labels.outline', 'labels.classes', 'labels.setClasses'] as const;
export type HistoryMethod = (typeof HISTORY_METHODS)[number] | (typeof LABELS_METHODS)[number];

const JobIdSchema = z.string().min(1).max(100);

export const HistoryRequestParams = {
  'history.query': HistoryQuerySchema,
  'history.count': z.object({ filter: HistoryFilterSchema.default({}) }).strict(),
  'history.frame': z.object({ frameId: FrameIdSchema }).strict(),
  /** The full-resolution picture (lossless PNG) of a frame whose picture is kept. */
  'history.picture': z.object({ frameId: FrameIdSchema }).strict(),
  /** Gallery thumbnails for a page of frames (frames without a kept picture are left out). */
  'history.thumbnails': z.object({ frameIds: z.array(FrameIdSchema).min(1).max(200) }).strict(),
  /** Imports a labelled folder (class from sub-folder names); progress comes as history.job events. */
  'history.import': z.object({ folder: PathSchema }).strict(),
  'history.export': z.object({ format: z.enum(['coco', 'csv']), out: PathSchema, filter: HistoryFilterSchema.default({}) }).strict(),
  /** Re-inspects the kept pictures of the filtered frames with a candidate recipe, in the background. */
  'history.whatif': z.object({ recipe: RecipeSchema, filter: HistoryFilterSchema.default({}), limit: z.number().int().min(1).max(1_000_000).default(10_000) }).strict(),
  'history.whatifResult': z.object({ jobId: JobIdSchema }).strict(),
  'history.cancel': z.object({ jobId: JobIdSchema }).strict(),
  'history.jobs': z.object({}).strict(),
  'labels.set': LabelChangeSchema,
  /** A person's outline for an object: at least 3 points, not crossing itself; replaces names the outline revision it edits. */
  'labels.outline': z
    .object({
      frameId: FrameIdSchema,
      objectId: z.number().int().min(0),
      outline: z.array(PointSchema).min(3, 'an outline needs at least 3 points').max(10_000),
      author: z.string().min(1).max(200),
      replaces: z.number().int().positive().nullable(),
    })
    .strict(),
  /** The image classes a labeller picks from: OK, NG and the defect kinds the user keeps. */
  'labels.classes': z.object({}).strict(),
  'labels.setClasses': z.object({ classes: z.array(LabelValueSchema).min(1).max(50) }).strict(),
} as const satisfies Record<HistoryMethod, z.ZodType>;

export const HistoryResponseValues = {
  'history.query': z.object({ rows: z.array(HistoryRowSchema) }),
  'history.count': z.object({ count: z.number().int() }),
  'history.frame': HistoryFrameSchema,
  'history.picture': HistoryPictureSchema,
  'history.thumbnails': z.object({ pictures: z.array(HistoryPictureSchema) }),
  'history.import': HistoryJobSchema,
  'history.export': HistoryJobSchema,
  'history.whatif': HistoryJobSchema,
  'history.whatifResult': WhatIfResultSchema,
  'history.cancel': HistoryJobSchema,
  'history.jobs': z.array(HistoryJobSchema),
  'labels.set': LabelRevisionSchema,
  'labels.outline': HistoryRevisionSchema,
  'labels.classes': z.object({ classes: z.array(z.string()) }),
  'labels.setClasses': z.object({ classes: z.array(z.string()) }),
} as const satisfies Record<HistoryMethod, z.ZodType>;

export const HistoryEventPayloads = {
  /** An import, export or what-if job's progress (at most a few times a second) and its end. */
  'history.job': HistoryJobSchema,
} as const;
