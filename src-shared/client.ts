// The one interface the renderer talks to. Electron's preload and the browser's
// WebSocket client both implement it, so views never know which host they run in.
import type { z } from 'zod';
import type { EventName, RequestMethod, RequestParams } from './messages.js';
import type { ResponseValues, FrameEvent, EngineStatus, LogEvent, EventPayloads } from './events.js';
import type { Result } from './result.js';

export type ParamsOf<M extends RequestMethod> = z.input<(typeof RequestParams)[M]>;
export type ValueOf<M extends RequestMethod> = z.infer<(typeof ResponseValues)[M]>;
export type PayloadOf<E extends EventName> = z.infer<(typeof EventPayloads)[E]>;

export interface LoupeClient {
  request<M extends RequestMethod>(method: M, params: ParamsOf<M>): Promise<Result<ValueOf<M>>>;
  onDidReceiveFrame(listener: (event: FrameEvent) => void): () => void;
  onDidChangeStatus(listener: (status: EngineStatus) => void): () => void;
  onDidLog(listener: (event: LogEvent) => void): () => void;
  /** Any event of the contract by name (train.progress, runs.update, …); returns a disposer. */
  onEvent<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
}
