// Payloads of the events the engine pushes to its clients, and of the values its
// requests answer with. Clients validate these on arrival (the engine is trusted
// less than nothing crossing a process boundary is).
import { z } from 'zod';
import { SourceSpecSchema } from './sources.js';
import { RecipeSchema } from './recipe.js';
import { TrainEventPayloads, TrainResponseValues } from './train-contract.js';
import { RunsEventPayloads, RunsResponseValues } from './runs-contract.js';
import { HistoryEventPayloads, HistoryResponseValues } from './history-methods.js';
import { ProductionEventPayloads, ProductionResponseValues, ProductionStatusSchema } from './production-contract.js';
import { FrameModelSummarySchema, LiveModelStatusSchema, ModelEventPayloads, ModelResponseValues, ObjectModelVerdictSchema } from './model-contract.js';

const PointSchema = z.tuple([z.number(), z.number()]);
const RectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const VerdictSchema = z.object({
  ok: z.boolean(),
  reasons: z.array(
    z.object({ metric: z.string(), value: z.number().nullable(), min: z.number().optional(), max: z.number().optional(), message: z.string() }),
  ),
});

export const ObjectResultSchema = z.object({
  id: z.number().int(),
  part: z.string().nullable(),
  bbox: RectSchema,
  centroid: PointSchema,
  outline: z.array(PointSchema),
  holes: z.array(z.array(PointSchema)),
  metrics: z.record(z.string(), z.number()),
  verdict: VerdictSchema,
  /** The loaded model's verdict on this part; absent without a model. */
  model: ObjectModelVerdictSchema.nullable().optional(),
});

export const FrameResultSchema = z.object({
  seq: z.number().int(),
  timestampMs: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  recipe: z.object({ name: z.string(), version: z.number().int() }),
  thresholdUsed: z.number(),
  metrics: z.record(z.string(), z.number()),
  objects: z.array(ObjectResultSchema),
  verdict: VerdictSchema,
  model: FrameModelSummarySchema.nullable().optional(),
});

export const FrameTruthSchema = z.object({
  ok: z.boolean(),
  parts: z.array(
    z.object({
      id: z.number().int(),
      shape: z.enum(['disc', 'washer', 'hex', 'rect']),
      center: PointSchema,
      area: z.number(),
      perimeter: z.number(),
      ok: z.boolean(),
      defect: z.enum(['none', 'chip', 'dent', 'crack', 'missing-hole', 'touching']),
    }),
  ),
});

/** A preview image encoded at display size; never the raw frame. */
export const PreviewSchema = z.object({
  mime: z.enum(['image/jpeg', 'image/webp']),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  /**
   * The encoded image's bytes. Every transport carries them as bytes: V8
   * serialization (Node IPC), structured clone (MessagePort) and a binary
   * frame packet on the WebSocket (see frame-packet.ts).
   */
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected the picture as bytes (a Uint8Array)' }),
});

export const FrameEventSchema = z.object({
  result: FrameResultSchema,
  /** Absent when the client has not yet acknowledged the previous preview (latest-wins). */
  preview: PreviewSchema.nullable(),
  truth: FrameTruthSchema.nullable(),
  /** Engine clock (ms since epoch) when the frame was captured and when this event was sent. */
  capturedAtMs: z.number(),
  sentAtMs: z.number(),
});
export type FrameEvent = z.infer<typeof FrameEventSchema>;
export type Preview = z.infer<typeof PreviewSchema>;

export const CountersSchema = z.object({
  frames: z.number().int(),
  framesOk: z.number().int(),
  framesNg: z.number().int(),
  objectsOk: z.number().int(),
  objectsNg: z.number().int(),
  previewsDropped: z.number().int(),
  framesSkipped: z.number().int(),
  /** Frames a free-running source took that were never inspected: the engine fell further behind than the camera buffers. */
  framesMissed: z.number().int().default(0),
});
export type Counters = z.infer<typeof CountersSchema>;

export const EngineStatusSchema = z.object({
  running: z.boolean(),
  source: SourceSpecSchema.nullable(),
  recipe: z.object({ name: z.string(), version: z.number().int() }),
  counters: CountersSchema,
  /** Frames inspected per second over the last few seconds. */
  fps: z.number(),
  /** The last error from the source (bad file, camera gone), if any. */
  lastError: z.object({ code: z.string(), message: z.string(), subject: z.string().optional() }).nullable(),
  /** The model judging beside the rules, when one is loaded. */
  model: LiveModelStatusSchema.nullable().optional(),
  /** While running: seconds since the source last delivered anything, once that is past a few frame periods. */
  stalledSec: z.number().int().nullable().optional(),
  /** Lot, shift, their counters and the open alarms, when the engine has a data folder. */
  production: ProductionStatusSchema.nullable().optional(),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

export const LogEventSchema = z.object({
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  atMs: z.number(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

export const EventPayloads = {
  frame: FrameEventSchema,
  status: EngineStatusSchema,
  log: LogEventSchema,
  ...ModelEventPayloads,
  ...TrainEventPayloads,
  ...RunsEventPayloads,
  ...HistoryEventPayloads,
  ...ProductionEventPayloads,
} as const;

/** A recipe the engine can offer: the built-in default or a saved version (file is its name in the data folder). */
export const RecipeEntrySchema = z.object({
  recipe: RecipeSchema,
  origin: z.enum(['builtin', 'saved']),
  file: z.string(),
});
export type RecipeEntry = z.infer<typeof RecipeEntrySchema>;

export const HelloSchema = z.object({
  engine: z.string(),
  opencv: z.string(),
  pid: z.number().int(),
});

/** Values each request answers with. */
export const ResponseValues = {
  'engine.hello': HelloSchema,
  'source.open': EngineStatusSchema,
  'run.start': EngineStatusSchema,
  'run.stop': EngineStatusSchema,
  'status.get': EngineStatusSchema,
  'recipe.get': RecipeSchema,
  'recipe.set': EngineStatusSchema,
  'recipe.preview': FrameResultSchema.nullable(),
  'recipe.save': z.object({ recipe: RecipeSchema, file: z.string() }),
  'recipe.list': z.array(RecipeEntrySchema),
  'view.configure': z.object({ width: z.number().int(), height: z.number().int(), format: z.enum(['jpeg', 'webp']) }),
  'preview.ack': z.object({ seq: z.number().int() }),
  ...ModelResponseValues,
  ...ProductionResponseValues,
  ...TrainResponseValues,
  ...RunsResponseValues,
  ...HistoryResponseValues,
} as const;
