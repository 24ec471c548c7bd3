// Validation of everything a client sends the engine, in the order that keeps a
// hostile or buggy peer cheap to refuse: size first, then the envelope, then the
// params of the named method. The result names what was wrong so the sender can fix it.
import type { z } from 'zod';
import { MAX_INBOUND_MESSAGE_BYTES, RequestEnvelopeSchema, RequestParams, type RequestMethod } from '../../src-shared/messages.js';
import { describeIssues } from '../../src-shared/recipe.js';
import type { LoupeError } from '../../src-shared/result.js';

export type ParsedParams<M extends RequestMethod> = z.output<(typeof RequestParams)[M]>;

/** A request whose envelope and params passed validation (params have their defaults applied). */
export type InboundRequest = { [M in RequestMethod]: { id: number; method: M; params: ParsedParams<M> } }[RequestMethod];

export type InboundResult =
  | { ok: true; request: InboundRequest }
  /** `id` is null when the message carried no usable id, so no response can be addressed to it. */
  | { ok: false; id: number | null; error: LoupeError };

const reject = (id: number | null, message: string, subject?: string): InboundResult => ({
  ok: false,
  id,
  error: subject === undefined ? { code: 'bad-request', message } : { code: 'bad-request', message, subject },
});

/** Recovers the id of a message that failed validation, so its sender still gets an answer. */
function salvageId(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** Serialized length, or a reason the message cannot be measured (cycles, BigInt, undefined). */
function jsonLength(raw: unknown): number | string {
  try {
    const text = JSON.stringify(raw);
    return text === undefined ? 'the message is empty (undefined or a function)' : text.length;
  } catch (err) {
    return `the message is not JSON-serializable (${err instanceof Error ? err.message : String(err)})`;
  }
}

export function parseInbound(raw: unknown, maxBytes = MAX_INBOUND_MESSAGE_BYTES): InboundResult {
  // Transports that relay text (a WebSocket) may hand us the JSON itself.
  let message = raw;
  if (typeof raw === 'string') {
    if (raw.length > maxBytes) return reject(null, `message of ${raw.length} bytes exceeds the ${maxBytes}-byte limit`);
    try {
      message = JSON.parse(raw);
    } catch (err) {
      return reject(null, `message is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  } else {
    const length = jsonLength(raw);
    if (typeof length === 'string') return reject(salvageId(raw), length);
    if (length > maxBytes) return reject(salvageId(raw), `message of ${length} bytes (as JSON) exceeds the ${maxBytes}-byte limit`);
  }

  const envelope = RequestEnvelopeSchema.safeParse(message);
  if (!envelope.success) {
    return reject(salvageId(message), `invalid request envelope: ${describeIssues(envelope.error)}`);
  }
  const { id, method } = envelope.data;
  const params = RequestParams[method].safeParse(envelope.data.params ?? {});
  if (!params.success) {
    return reject(id, `invalid params for ${method}: ${describeIssues(params.error)}`, method);
  }
  return { ok: true, request: { id, method, params: params.data } as InboundRequest };
}
