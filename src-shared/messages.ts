// The engine contract: every request, response and event, as zod schemas.
// Each host (Electron MessagePort, WebSocket) carries these envelopes unchanged,
// and each side validates what it receives, so a bad peer gets an error naming
// what was wrong instead of a crash.
import { z } from 'zod';
import { RecipeSchema } from './recipe.js';
import { SourceSpecSchema } from './sources.js';
import { TRAIN_METHODS, TrainRequestParams } from './train-contract.js';
import { RUNS_METHODS, RunsRequestParams } from './runs-contract.js';
import { MODEL_METHODS, ModelRequestParams } from './model-contract.js';
import { HISTORY_METHODS, HistoryRequestParams, LABELS_METHODS } from './history-methods.js';
import { PRODUCTION_EVENT_NAMES, PRODUCTION_METHODS, ProductionRequestParams } from './production-contract.js';

/** Largest message a client may send to the engine; recipes are a few KB. */
export const MAX_INBOUND_MESSAGE_BYTES = 1 << 20;

/** Methods the live engine serves. Other services add their own namespaces below. */
export const ENGINE_METHODS = [
  'engine.hello',
  'source.open',
  'run.start',
  'run.stop',
  'status.get',
  'recipe.get',
  'recipe.set',
  'recipe.preview',
  'recipe.save',
  'recipe.list',
  'view.configure',
  'preview.ack',
  ...MODEL_METHODS,
  ...PRODUCTION_METHODS,
] as const;

export const REQUEST_METHODS = [...ENGINE_METHODS, ...TRAIN_METHODS, ...RUNS_METHODS, ...HISTORY_METHODS, ...LABELS_METHODS] as const;

const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Params of each engine method. */
const EngineRequestParams = {
  'engine.hello': z.object({}).strict(),
  'source.open': z.object({ source: SourceSpecSchema }).strict(),
  'run.start': z.object({}).strict(),
  'run.stop': z.object({}).strict(),
  /** The engine's status (run state, source, recipe, counters) without changing anything. */
  'status.get': z.object({}).strict(),
  'recipe.get': z.object({}).strict(),
  /** Makes this recipe the one every following frame is judged by. */
  'recipe.set': z.object({ recipe: RecipeSchema }).strict(),
  /** Re-inspects the frame now on screen (the last one sent with a picture) with a candidate recipe, without adopting it. */
  'recipe.preview': z.object({ recipe: RecipeSchema }).strict(),
  /** Saves the recipe as the next version in the data folder (never overwriting one) and adopts it. */
  'recipe.save': z.object({ recipe: RecipeSchema }).strict(),
  /** The built-in default recipe and every version saved in the data folder. */
  'recipe.list': z.object({}).strict(),
  /** Size the renderer shows the image at; previews are encoded at this size. */
  'view.configure': z
    .object({ width: z.number().int().min(16).max(8192), height: z.number().int().min(16).max(8192), format: z.enum(['jpeg', 'webp']).default('jpeg') })
    .strict(),
  /** The renderer painted the preview with this seq; the engine may send the next. */
  'preview.ack': z.object({ seq: z.number().int().min(0) }).strict(),
  ...ModelRequestParams,
  ...ProductionRequestParams,
} as const satisfies Record<(typeof ENGINE_METHODS)[number], z.ZodType>;

/** Params of each request method, over every service. */
export const RequestParams = { ...EngineRequestParams, ...TrainRequestParams, ...RunsRequestParams, ...HistoryRequestParams } as const satisfies Record<
  (typeof REQUEST_METHODS)[number],
  z.ZodType
>;

export type RequestMethod = (typeof REQUEST_METHODS)[number];
export type EngineMethod = (typeof ENGINE_METHODS)[number];

export const RequestEnvelopeSchema = z
  .object({
    kind: z.literal('request'),
    id,
    method: z.enum(REQUEST_METHODS),
    params: z.unknown(),
  })
  .strict();
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

const LoupeErrorSchema = z.object({ code: z.string(), message: z.string(), subject: z.string().optional() });

export const ResponseEnvelopeSchema = z.object({
  kind: z.literal('response'),
  id,
  result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: LoupeErrorSchema })]),
});
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;

export const EVENT_NAMES = ['frame', 'status', 'log', 'model.verdict', 'train.progress', 'runs.update', 'history.job', ...PRODUCTION_EVENT_NAMES] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const EventEnvelopeSchema = z.object({
  kind: z.literal('event'),
  event: z.enum(EVENT_NAMES),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

export const EnvelopeSchema = z.discriminatedUnion('kind', [RequestEnvelopeSchema, ResponseEnvelopeSchema, EventEnvelopeSchema]);
export type Envelope = z.infer<typeof EnvelopeSchema>;
