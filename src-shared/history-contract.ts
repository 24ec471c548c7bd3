// The history's part of the contract: which recorded frames a reviewer asks for
// (filter), in which order (sort), one page at a time, and what comes back.
// The store (src-engine/store) answers these; the future `history.*` namespace
// carries them over the wire unchanged.
import { z } from 'zod';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES, type FrameMetricName, type ObjectMetricName } from './metrics.js';

/** A closed range with either end optional; an inverted one (min > max) is refused rather than matching nothing. */
export const RangeSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: 'the range is inverted: min is greater than max',
  });
export type Range = z.infer<typeof RangeSchema>;

/** Epoch milliseconds; same rules as a range, on capture time. */
export const TimeSpanSchema = z
  .object({ fromMs: z.number().int().optional(), toMs: z.number().int().optional() })
  .strict()
  .refine((t) => t.fromMs === undefined || t.toMs === undefined || t.fromMs <= t.toMs, {
    message: 'the time span is inverted: fromMs is after toMs',
  });

const LABEL_MAX = 64;
export const LabelValueSchema = z
  .string()
  .min(1)
  .max(LABEL_MAX)
  .regex(/^[\p{L}\p{N}_. -]+$/u, 'a label is letters, digits, spaces, "_", "." or "-"');

const objectMetricRanges = z
  .partialRecord(z.enum(OBJECT_METRIC_NAMES as [ObjectMetricName, ...ObjectMetricName[]]), RangeSchema)
  .optional();
const frameMetricRanges = z
  .partialRecord(z.enum(FRAME_METRIC_NAMES as [FrameMetricName, ...FrameMetricName[]]), RangeSchema)
  .optional();

export const HistoryFilterSchema = z
  .object({
    verdict: z.enum(['ok', 'ng']).optional(),
    time: TimeSpanSchema.optional(),
    runIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
    recipe: z
      .object({ name: z.string().min(1).max(200).optional(), versions: z.array(z.number().int().min(0)).min(1).max(1000).optional() })
      .strict()
      .optional(),
    /** Source kinds (synthetic, folder, video, camera). */
    sources: z.array(z.enum(['synthetic', 'folder', 'video', 'camera'])).min(1).optional(),
    /** Frames with at least one object of one of these part classes; null means "no class matched". */
    partClasses: z.array(z.string().min(1).max(200).nullable()).min(1).max(100).optional(),
    /**
     * Frames with at least ONE object whose metrics are all inside these ranges (and of one of
     * `partClasses`, when given): "a disc with circularity under 0.8", not "some object under 0.8
     * and some other disc".
     */
    objectMetrics: objectMetricRanges,
    frameMetrics: frameMetricRanges,
    label: z
      .object({
        state: z.enum(['labelled', 'unlabelled']).optional(),
        /** Frames whose frame-level label is one of these. */
        values: z.array(LabelValueSchema).min(1).max(100).optional(),
      })
      .strict()
      .optional(),
    /** Only frames whose full picture is kept (labelling needs one). */
    withImage: z.boolean().optional(),
  })
  .strict();
export type HistoryFilter = z.infer<typeof HistoryFilterSchema>;

/** Columns a page can be sorted by: the frame's own fields and its frame metrics. */
export const HISTORY_SORT_COLUMNS = ['capturedAtMs', 'frameId', 'seq', 'runId', 'verdict', 'objectCount', 'recipeVersion', 'label', ...FRAME_METRIC_NAMES] as const;
export type HistorySortColumn = (typeof HISTORY_SORT_COLUMNS)[number];

export const HistorySortSchema = z
  .object({ column: z.enum(HISTORY_SORT_COLUMNS), direction: z.enum(['asc', 'desc']).default('desc') })
  .strict();
export type HistorySort = z.infer<typeof HistorySortSchema>;

export const MAX_PAGE = 1000;
/**
 * A page: `offset` for jumping, `after` (the last row's sort value and frame id) for walking
 * millions of rows without the cost of skipping them.
 */
export const HistoryPageSchema = z.union([
  z.object({ limit: z.number().int().min(1).max(MAX_PAGE), offset: z.number().int().min(0).default(0) }).strict(),
  z
    .object({
      limit: z.number().int().min(1).max(MAX_PAGE),
      after: z.object({ value: z.union([z.number(), z.string(), z.null()]), frameId: z.number().int() }).strict(),
    })
    .strict(),
]);
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

export const HistoryQuerySchema = z
  .object({ filter: HistoryFilterSchema.default({}), sort: HistorySortSchema.default({ column: 'capturedAtMs', direction: 'desc' }), page: HistoryPageSchema })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;
export type HistoryQueryInput = z.input<typeof HistoryQuerySchema>;

export const HistoryImageSchema = z.object({
  /** Relative to the data folder's images/ folder; null once evicted by the disk quota. */
  full: z.string().nullable(),
  thumb: z.string().nullable(),
  /** Why the picture was kept: every NG frame, and 1 in N OK frames (the retention setting). */
  reason: z.enum(['ng', 'sampled-ok']),
});

export const HistoryRowSchema = z.object({
  frameId: z.number().int(),
  runId: z.number().int(),
  seq: z.number().int(),
  capturedAtMs: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  recipe: z.object({ name: z.string(), version: z.number().int() }),
  source: z.string(),
  verdict: z.enum(['ok', 'ng']),
  objectCount: z.number().int(),
  metrics: z.record(z.string(), z.number().nullable()),
  /** Frame-level label, when there is one. */
  label: z.string().nullable(),
  /** The frame-level label's current revision: what a change to it must name as `replaces`. */
  labelRevision: z.number().int().nullable(),
  /** Any label on the frame or one of its objects. */
  labelled: z.boolean(),
  image: HistoryImageSchema.nullable(),
  /** The sort column's value, for the next page's `after`. */
  sortValue: z.union([z.number(), z.string(), z.null()]),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

/** A label change: it names the revision it replaces (null for the first), so a stale edit is refused, never merged. */
export const LabelChangeSchema = z
  .object({
    frameId: z.number().int().positive(),
    /** Omitted for a frame-level label. */
    objectId: z.number().int().min(0).optional(),
    /** null clears the label (kept in the history like any other change). */
    value: LabelValueSchema.nullable(),
    author: z.string().min(1).max(200),
    replaces: z.number().int().positive().nullable(),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type LabelChange = z.infer<typeof LabelChangeSchema>;

export const LabelRevisionSchema = z.object({
  revision: z.number().int(),
  frameId: z.number().int(),
  objectId: z.number().int().nullable(),
  value: z.string().nullable(),
  author: z.string(),
  atMs: z.number(),
  replaces: z.number().int().nullable(),
  note: z.string().nullable(),
});
export type LabelRevision = z.infer<typeof LabelRevisionSchema>;
