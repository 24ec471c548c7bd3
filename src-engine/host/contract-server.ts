// Serves one slice of the contract (a service's namespace) over a port: every
// request is validated (size, envelope, params) before a handler sees it, is
// answered exactly once with a Result, and a handler that throws costs its
// caller an error, never the process. The live engine has its own loop
// (engine-service.ts) because it also paces frames and previews; the other
// services (trainer, run monitor) are plain request/response plus events.
import type { EventName, RequestMethod } from '../../src-shared/messages.js';
import type { PayloadOf } from '../../src-shared/client.js';
import { fail, type Result } from '../../src-shared/result.js';
import { SERVICE_LABELS, type ServiceName } from '../../src-shared/services.js';
import { parseInbound, type ParsedParams } from './inbound.js';
import type { EnginePort } from './port.js';

export type ContractHandlers<M extends RequestMethod> = {
  [K in M]: (params: ParsedParams<K>) => Promise<Result<unknown>> | Result<unknown>;
};

export class ContractServer<M extends RequestMethod> {
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly port: EnginePort,
    private readonly service: ServiceName,
    private readonly handlers: ContractHandlers<M>,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void = (level, message) =>
      process.stderr.write(`[${service}] ${level}: ${message}\n`),
  ) {
    this.unsubscribe = port.onMessage((msg) => void this.onMessage(msg));
  }

  /** Pushes an event to the client(s) behind the port. */
  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    this.post({ kind: 'event', event, payload });
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const parsed = parseInbound(raw);
    if (!parsed.ok) {
      this.log('warn', `refused a message: ${parsed.error.message}`);
      if (parsed.id !== null) this.post({ kind: 'response', id: parsed.id, result: { ok: false, error: parsed.error } });
      return;
    }
    const { id, method, params } = parsed.request;
    const handler = (this.handlers as Record<string, ((p: unknown) => Promise<Result<unknown>> | Result<unknown>) | undefined>)[method];
    let result: Result<unknown>;
    if (!handler) {
      result = fail('bad-request', `${method} is not served by ${SERVICE_LABELS[this.service]}`, method);
    } else {
      try {
        result = await handler(params);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.log('error', `${method} failed: ${message}`);
        result = fail('internal', `${method} failed inside ${SERVICE_LABELS[this.service]}: ${message}`, method);
      }
    }
    this.post({ kind: 'response', id, result });
  }

  private post(message: unknown): void {
    if (this.disposed) return;
    try {
      this.port.postMessage(message);
    } catch (err) {
      process.stderr.write(`[${this.service}] could not post a message: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}
