// The production side of the live line (`production.*`, served by the engine):
// lots, shift and lot counters, alarms and their acknowledgements, the shift
// report; plus the two events that must reach every client even when the
// display is behind: each alarm change, and each NG frame with a small picture.
import { z } from 'zod';
import { AlarmConfigSchema } from './spc/alarms.js';

export const LotStartSchema = z
  .object({
    lotId: z.string().trim().min(1).max(64),
    product: z.string().trim().min(1).max(128),
    operator: z.string().trim().min(1).max(64),
  })
  .strict();
export type LotStart = z.input<typeof LotStartSchema>;

export const LotSchema = z.object({
  lotId: z.string(),
  product: z.string(),
  operator: z.string(),
  startedAtMs: z.number(),
  endedAtMs: z.number().nullable(),
});
export type LotInfo = z.infer<typeof LotSchema>;

export const ProductionCountersSchema = z.object({
  frames: z.number().int(),
  framesNg: z.number().int(),
  partsOk: z.number().int(),
  partsNg: z.number().int(),
  /** NG parts per failed check; a part failing two checks counts under both. */
  ngByReason: z.record(z.string(), z.number().int()),
});
export type ProductionCounters = z.infer<typeof ProductionCountersSchema>;

export const ShiftSchema = z.object({ key: z.string(), name: z.string(), startMs: z.number(), endMs: z.number() });

export const AlarmSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['consecutive-ng', 'ng-rate']),
  message: z.string(),
  raisedAtMs: z.number(),
  active: z.boolean(),
  clearedAtMs: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAtMs: z.number().nullable(),
});
export type AlarmInfo = z.infer<typeof AlarmSchema>;

/** What the line has produced: the running lot and shift with their counters, and the alarms not yet closed. */
export const ProductionStatusSchema = z.object({
  lot: LotSchema.nullable(),
  lotCounters: ProductionCountersSchema.nullable(),
  shift: ShiftSchema,
  shiftCounters: ProductionCountersSchema,
  openAlarms: z.array(AlarmSchema),
  alarmConfig: AlarmConfigSchema,
});
export type ProductionStatus = z.infer<typeof ProductionStatusSchema>;

export const AlarmEventSchema = z.object({
  change: z.enum(['raised', 'reactivated', 'cleared', 'acknowledged', 'closed']),
  alarm: AlarmSchema,
});
export type AlarmEvent = z.infer<typeof AlarmEventSchema>;

/**
 * A small JPEG of an NG frame. It travels as base64 text, not bytes: it is a
 * few KB, goes out only with NG frames, and as text it crosses every transport
 * inside an ordinary JSON event (the binary frame packet carries one picture,
 * the preview) and is shown by an <img> as a data: URL without a decoder.
 */
export const NgThumbnailSchema = z.object({
  mime: z.literal('image/jpeg'),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  base64: z.string().min(1),
});
export type NgThumbnail = z.infer<typeof NgThumbnailSchema>;

const PointSchema = z.tuple([z.number(), z.number()]);

/**
 * One NG frame for the NG strip: sent for EVERY NG frame as its own event, so
 * it is never dropped with a withheld preview or a skipped frame event.
 * Outlines are in image pixels (the frame is width × height), thinned to a few
 * dozen points each: enough to draw them over the thumbnail or a larger view.
 */
export const NgFrameEventSchema = z.object({
  seq: z.number().int(),
  timestampMs: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  recipe: z.object({ name: z.string(), version: z.number().int() }),
  lotId: z.string().nullable(),
  /**
   * The results-store run the frame was recorded in (null when the engine records
   * nothing): with seq and timestampMs it finds the frame in the history, whose
   * full picture is kept for every NG frame (history.query, then history.picture).
   */
  runId: z.number().int().nullable(),
  /** The frame's own failed checks and each NG part's failed metrics, deduplicated. */
  reasons: z.array(z.string()),
  objects: z.array(
    z.object({
      id: z.number().int(),
      part: z.string().nullable(),
      ok: z.boolean(),
      outline: z.array(PointSchema),
      /** The part's failed checks as the recipe words them. */
      messages: z.array(z.string()),
    }),
  ),
  /** Null when encoding failed (the NG is still listed, without its picture). */
  thumbnail: NgThumbnailSchema.nullable(),
});
export type NgFrameEvent = z.infer<typeof NgFrameEventSchema>;

export const ShiftReportFilesSchema = z.object({
  shiftKey: z.string(),
  /** File names inside <data>/reports. */
  csvFile: z.string(),
  chartsFile: z.string(),
  /** The CSV file's text, so the page can offer it as a download. */
  csv: z.string(),
  /** The report itself, so the page can draw its charts without reading the files. */
  report: z.object({
    schema: z.string(),
    shift: ShiftSchema,
    generatedAtMs: z.number(),
    lots: z.array(
      z.object({
        lotId: z.string().nullable(),
        product: z.string().nullable(),
        operator: z.string().nullable(),
        counters: ProductionCountersSchema,
        alarms: z.number().int(),
      }),
    ),
    totals: ProductionCountersSchema,
    hours: z.array(
      z.object({
        startMs: z.number(),
        frames: z.number().int(),
        framesNg: z.number().int(),
        partsOk: z.number().int(),
        partsNg: z.number().int(),
        ngRatePercent: z.number().nullable(),
      }),
    ),
    ngPareto: z.array(z.object({ reason: z.string(), parts: z.number().int() })),
    alarms: z.array(AlarmSchema.extend({ lotId: z.string().nullable(), shiftKey: z.string(), closed: z.boolean() })),
  }),
});
export type ShiftReportFiles = z.infer<typeof ShiftReportFilesSchema>;

export const PRODUCTION_METHODS = [
  'production.status',
  'production.startLot',
  'production.endLot',
  'production.ackAlarm',
  'production.report',
  'production.alarmConfig',
] as const;
export type ProductionMethod = (typeof PRODUCTION_METHODS)[number];

export const ProductionRequestParams = {
  'production.status': z.object({}).strict(),
  /** Starts a lot; a lot still running ends at the same moment. Lot ids are never reused. */
  'production.startLot': LotStartSchema,
  'production.endLot': z.object({}).strict(),
  /** The operator acknowledges an open alarm; recorded with their name. */
  'production.ackAlarm': z.object({ alarmId: z.number().int().min(1), by: z.string().trim().min(1).max(64) }).strict(),
  /** Writes the shift's report (the current shift when omitted) into <data>/reports. */
  'production.report': z.object({ shiftKey: z.string().min(1).max(32).optional() }).strict(),
  /** Reads the alarm rules, or replaces them with `config` (open alarms stay open). */
  'production.alarmConfig': z.object({ config: AlarmConfigSchema.optional() }).strict(),
} as const satisfies Record<ProductionMethod, z.ZodType>;

export const ProductionResponseValues = {
  'production.status': ProductionStatusSchema,
  'production.startLot': z.object({ lot: LotSchema, ended: LotSchema.nullable() }),
  'production.endLot': LotSchema,
  'production.ackAlarm': AlarmSchema,
  'production.report': ShiftReportFilesSchema,
  'production.alarmConfig': AlarmConfigSchema,
} as const satisfies Record<ProductionMethod, z.ZodType>;

export const PRODUCTION_EVENT_NAMES = ['production.alarm', 'production.ng'] as const;

export const ProductionEventPayloads = {
  'production.alarm': AlarmEventSchema,
  'production.ng': NgFrameEventSchema,
} as const satisfies Record<(typeof PRODUCTION_EVENT_NAMES)[number], z.ZodType>;
