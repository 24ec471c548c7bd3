// A LoupeClient over anything that can post and receive messages: an Electron
// MessagePort (preload), a WebSocket wrapper (browser), a Node IPC channel (web
// host, tests). It numbers requests, matches responses, validates everything the
// engine sends against the contract, and never leaves a caller waiting forever.
// Runtime-neutral: no Node or DOM API beyond timers and queueMicrotask.
import { EVENT_NAMES, EventEnvelopeSchema, ResponseEnvelopeSchema, type EventName, type RequestMethod } from './messages.js';
import { EventPayloads, ResponseValues, type LogEvent } from './events.js';
import type { LoupeClient, ParamsOf, PayloadOf, ValueOf } from './client.js';
import { describeIssues } from './recipe.js';
import { fail, type ErrorCode, type Result } from './result.js';
import { ListenerSet } from './listener-set.js';

/** The transport a client needs; EnginePort and the web/preload wrappers all fit. */
export interface ClientPort {
  postMessage(msg: unknown): void;
  onMessage(listener: (msg: unknown) => void): () => void;
}

export interface PortClientOptions {
  /** A request not answered within this time resolves to an error (default 15 s). */
  timeoutMs?: number;
}

export interface PortClient extends LoupeClient {
  /** Fails every pending request with `reason` and stops listening; later requests fail at once. */
  dispose(reason?: string): void;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

interface Pending {
  method: RequestMethod;
  resolve(result: Result<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}


export function createPortClient(port: ClientPort, options: PortClientOptions = {}): PortClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const pending = new Map<number, Pending>();
  const listeners = Object.fromEntries(EVENT_NAMES.map((name) => [name, new ListenerSet<unknown>()])) as Record<EventName, ListenerSet<unknown>>;
  const logListeners = listeners.log as ListenerSet<LogEvent>;
  let nextId = 1;
  let disposedReason: string | null = null;

  /** Protocol trouble is surfaced as a log event, where the UI already shows engine messages. */
  const warn = (message: string): void => logListeners.emit({ level: 'warn', message, atMs: Date.now() });

  const settle = (id: number, result: Result<unknown>): void => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  };

  const onResponse = (msg: unknown): void => {
    const envelope = ResponseEnvelopeSchema.safeParse(msg);
    if (!envelope.success) {
      const id = (msg as { id?: unknown }).id;
      const message = `invalid response envelope from the engine: ${describeIssues(envelope.error)}`;
      if (typeof id === 'number' && pending.has(id)) settle(id, fail('internal', message));
      else warn(message);
      return;
    }
    const { id, result } = envelope.data;
    const entry = pending.get(id);
    if (!entry) return; // answered after its timeout, or not ours: the caller has already been told
    if (!result.ok) {
      settle(id, { ok: false, error: { ...result.error, code: result.error.code as ErrorCode } });
      return;
    }
    const value = ResponseValues[entry.method].safeParse(result.value);
    settle(
      id,
      value.success
        ? { ok: true, value: value.data }
        : fail('internal', `the engine answered ${entry.method} with an invalid value: ${describeIssues(value.error)}`, entry.method),
    );
  };

  const onEvent = (msg: unknown): void => {
    const envelope = EventEnvelopeSchema.safeParse(msg);
    if (!envelope.success) {
      warn(`dropped an invalid event envelope from the engine: ${describeIssues(envelope.error)}`);
      return;
    }
    const { event, payload } = envelope.data;
    const parsed = EventPayloads[event].safeParse(payload);
    if (!parsed.success) {
      warn(`dropped an invalid ${event} event from the engine: ${describeIssues(parsed.error)}`);
      return;
    }
    listeners[event].emit(parsed.data);
  };

  const unsubscribe = port.onMessage((msg) => {
    const kind = typeof msg === 'object' && msg !== null ? (msg as { kind?: unknown }).kind : undefined;
    if (kind === 'response') onResponse(msg);
    else if (kind === 'event') onEvent(msg);
    else warn(`dropped a message from the engine that is neither a response nor an event (kind: ${String(kind)})`);
  });

  return {
    request<M extends RequestMethod>(method: M, params: ParamsOf<M>): Promise<Result<ValueOf<M>>> {
      if (disposedReason !== null) return Promise.resolve(fail('internal', `cannot send ${method}: ${disposedReason}`, method));
      const id = nextId++;
      return new Promise<Result<ValueOf<M>>>((resolve) => {
        const timer = setTimeout(
          () => settle(id, fail('internal', `the engine did not answer ${method} (request ${id}) within ${timeoutMs} ms`, method)),
          timeoutMs,
        );
        pending.set(id, { method, resolve: resolve as (r: Result<unknown>) => void, timer });
        try {
          port.postMessage({ kind: 'request', id, method, params });
        } catch (err) {
          // e.g. DataCloneError for a reactive proxy, or a closed port.
          settle(id, fail('bad-request', `could not send ${method}: ${err instanceof Error ? err.message : String(err)}`, method));
        }
      });
    },
    onDidReceiveFrame: (listener) => listeners.frame.add(listener as (e: unknown) => void),
    onDidChangeStatus: (listener) => listeners.status.add(listener as (e: unknown) => void),
    onDidLog: (listener) => logListeners.add(listener),
    onEvent: <E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) => listeners[event].add(listener as (e: unknown) => void),
    dispose(reason = 'the client was disposed') {
      if (disposedReason !== null) return;
      disposedReason = reason;
      unsubscribe();
      for (const id of [...pending.keys()]) settle(id, fail('internal', reason));
    },
  };
}
