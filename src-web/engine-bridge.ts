// Relays the contract between many WebSocket clients and ONE engine, plus the
// other services (trainer, run monitor), each request routed to the process
// that serves its namespace (src-shared/services.ts). Requests are validated
// (size, envelope, params) before they reach a service, renumbered so answers
// find their way back to the right socket, and events are broadcast.
// Previews are latest-wins end to end: a client that has not painted its last
// preview, or whose socket is backed up, gets the frame without its picture, and
// the engine hears one ack per preview, from whichever client painted it first.
import type { EnginePort } from '../src-engine/host/port.js';
import { parseInbound } from '../src-engine/host/inbound.js';
import { MAX_INBOUND_MESSAGE_BYTES } from '../src-shared/messages.js';
import type { LoupeError } from '../src-shared/result.js';
import { hasPreviewBytes, packFrameEvent } from '../src-shared/frame-packet.js';
import { SERVICE_LABELS, serviceOf, type ServiceName } from '../src-shared/services.js';

/** The part of a `ws` WebSocket the bridge uses (so tests can drive it with a fake). */
export interface SocketLike {
  readonly bufferedAmount: number;
  readonly readyState: number;
  /** Text for JSON messages; bytes go out as one binary message (a frame packet). */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface BridgeLimits {
  /** Largest inbound message, in bytes. */
  maxInboundBytes: number;
  /** Above this many unsent bytes a client gets frames without their preview. */
  previewHighWater: number;
  /** Above this, frame events are skipped entirely for that client (status still flows). */
  frameHighWater: number;
  /** Above this the client is not reading at all: it is disconnected. */
  killHighWater: number;
}

export const DEFAULT_LIMITS: BridgeLimits = {
  maxInboundBytes: MAX_INBOUND_MESSAGE_BYTES,
  previewHighWater: 128 * 1024,
  frameHighWater: 2 * 1024 * 1024,
  killHighWater: 32 * 1024 * 1024,
};

export interface BridgeStats {
  clients: number;
  requestsInFlight: number;
  previewsSent: number;
  previewsWithheld: number;
  framesSkipped: number;
  refused: number;
  maxBufferedAmount: number;
}

type Logger = (line: string) => void;

interface Client {
  id: number;
  socket: SocketLike;
  /** Seq of the preview this client was sent and has not acked. */
  awaitingAck: number | null;
  awaitingSinceMs: number;
}

interface Route {
  client: Client | null; // null: the bridge's own request (an ack on behalf of nobody)
  clientRequestId: number;
  service: ServiceName;
  /** The bridge's own status query after a restart: its answer is broadcast as a status event. */
  asStatus?: boolean;
}

const OPEN = 1;
/**
 * A client that has not acked its preview for this long (a hidden tab: no
 * animation frames) no longer holds up the engine for everybody else.
 */
export const STALE_ACK_MS = 1000;
// Engine-side ids start high so they never collide with the spawnEngine client's own ids on the same port.
const FIRST_ENGINE_ID = 1_000_000_000;

export class EngineBridge {
  private readonly clients = new Set<Client>();
  private readonly routes = new Map<number, Route>();
  private nextEngineId = FIRST_ENGINE_ID;
  private nextClientId = 1;
  /** Seq of the preview the engine sent and has not had acked. */
  private engineAwaiting: number | null = null;
  private unsubscribe: () => void;
  private readonly counters = { previewsSent: 0, previewsWithheld: 0, framesSkipped: 0, refused: 0, maxBufferedAmount: 0 };
  /** Services other than the engine (trainer, run monitor) and their subscriptions. */
  private readonly services = new Map<ServiceName, { port: EnginePort; unsubscribe: () => void }>();

  constructor(
    private engine: EnginePort,
    private readonly log: Logger = (line) => process.stderr.write(`${line}\n`),
    private readonly limits: BridgeLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = engine.onMessage((msg) => this.fromEngine(msg));
  }

  /** Registers a connected socket; returns the handlers its transport calls. */
  connect(socket: SocketLike): { onMessage(data: string | Buffer, isBinary: boolean): void; onClose(): void } {
    const client: Client = { id: this.nextClientId++, socket, awaitingAck: null, awaitingSinceMs: 0 };
    this.clients.add(client);
    return {
      onMessage: (data, isBinary) => this.fromClient(client, data, isBinary),
      onClose: () => this.disconnect(client),
    };
  }

  stats(): BridgeStats {
    return { clients: this.clients.size, requestsInFlight: this.routes.size, ...this.counters };
  }

  /**
   * Routes traffic to a new engine after the old one died. Requests the dead one
   * held will never be answered, so their clients hear `reason` now; preview
   * bookkeeping starts over (the new engine's seqs begin again); every client gets
   * an error log event and then a fresh status, so open pages show the restart.
   */
  replaceEngine(engine: EnginePort, reason: string): void {
    this.unsubscribe();
    this.failRoutesOf('engine', reason);
    this.engineAwaiting = null;
    for (const c of this.clients) c.awaitingAck = null;
    this.engine = engine;
    this.unsubscribe = engine.onMessage((msg) => this.fromEngine(msg));
    this.notifyAll('error', reason);
    const id = this.nextEngineId++;
    this.routes.set(id, { client: null, clientRequestId: 0, service: 'engine', asStatus: true });
    this.engine.postMessage({ kind: 'request', id, method: 'status.get', params: {} });
  }

  /**
   * Routes a service's namespace to `port` (first start, or a restart after a
   * crash: requests the old process held are answered with `reason`). Until a
   * service is attached, its requests are answered at once with an error.
   */
  attachService(name: Exclude<ServiceName, 'engine'>, port: EnginePort, reason?: string): void {
    this.detachService(name, reason ?? `${SERVICE_LABELS[name]} was restarted`);
    this.services.set(name, { port, unsubscribe: port.onMessage((msg) => this.fromEngine(msg)) });
    if (reason) this.notifyAll('error', reason);
  }

  /** The service's process is gone: its pending requests fail with `reason`, new ones at once. */
  detachService(name: Exclude<ServiceName, 'engine'>, reason: string): void {
    const current = this.services.get(name);
    if (!current) return;
    current.unsubscribe();
    this.services.delete(name);
    this.failRoutesOf(name, reason);
  }

  private failRoutesOf(service: ServiceName, reason: string): void {
    for (const [id, route] of this.routes) {
      if (route.service !== service) continue;
      this.routes.delete(id);
      if (route.client) this.sendTo(route.client, JSON.stringify({ kind: 'response', id: route.clientRequestId, result: { ok: false, error: { code: 'internal', message: reason } } }));
    }
  }

  /** A log event from the host itself to every connected client. */
  notifyAll(level: 'info' | 'error', message: string): void {
    const text = JSON.stringify({ kind: 'event', event: 'log', payload: { level, message, atMs: Date.now() } });
    for (const c of this.clients) this.sendTo(c, text);
  }

  dispose(): void {
    this.unsubscribe();
    for (const { unsubscribe } of this.services.values()) unsubscribe();
    this.services.clear();
    for (const c of this.clients) c.socket.close(1001, 'host shutting down');
    this.clients.clear();
  }

  // ---- client → engine -------------------------------------------------------

  private fromClient(client: Client, data: string | Buffer, isBinary: boolean): void {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (bytes > this.limits.maxInboundBytes) {
      this.refuse(client, null, { code: 'too-large', message: `message of ${bytes} bytes exceeds the ${this.limits.maxInboundBytes}-byte limit` }, data);
      return;
    }
    if (isBinary) {
      this.refuse(client, null, { code: 'bad-request', message: 'binary messages are not part of the contract; send JSON text' }, data);
      return;
    }
    const text = typeof data === 'string' ? data : data.toString('utf8');
    const parsed = parseInbound(text, this.limits.maxInboundBytes);
    if (!parsed.ok) {
      this.refuse(client, parsed.id, parsed.error, text);
      return;
    }
    const { request } = parsed;
    if (request.method === 'preview.ack') {
      this.onClientAck(client, request.id, request.params.seq);
      return;
    }
    this.forward(client, request.id, request.method, request.params);
  }

  private forward(client: Client | null, clientRequestId: number, method: string, params: unknown): void {
    const service = serviceOf(method);
    const port = service === 'engine' ? this.engine : this.services.get(service)?.port;
    if (!port) {
      const error = { code: 'internal', message: `${SERVICE_LABELS[service]} is not running; ${method} cannot be served`, subject: method };
      if (client) this.sendTo(client, JSON.stringify({ kind: 'response', id: clientRequestId, result: { ok: false, error } }));
      return;
    }
    const id = this.nextEngineId++;
    this.routes.set(id, { client, clientRequestId, service });
    port.postMessage({ kind: 'request', id, method, params });
  }

  private onClientAck(client: Client, requestId: number, seq: number): void {
    if (client.awaitingAck !== null && seq >= client.awaitingAck) client.awaitingAck = null;
    const engineSeq = this.engineAwaiting;
    if (engineSeq !== null && seq >= engineSeq) {
      // First painter of the engine's newest preview: its answer comes from the engine.
      this.engineAwaiting = null;
      this.forward(client, requestId, 'preview.ack', { seq });
      return;
    }
    if (engineSeq !== null) {
      // The engine has moved on (its ack timeout reopened the gate) and its newest
      // preview was withheld while this client painted: now that the client is
      // free, release the engine for the next one.
      this.engineAwaiting = null;
      this.forward(null, 0, 'preview.ack', { seq: engineSeq });
    }
    this.sendTo(client, JSON.stringify({ kind: 'response', id: requestId, result: { ok: true, value: { seq } } }));
  }

  /** Error reply (when the message had an id) or an error log event, plus a log line; the connection stays open. */
  private refuse(client: Client, id: number | null, error: LoupeError | { code: string; message: string }, raw: string | Buffer): void {
    this.counters.refused++;
    const sample = (typeof raw === 'string' ? raw : raw.subarray(0, 80).toString('utf8')).slice(0, 80).replace(/\s+/g, ' ');
    this.log(`[web] refused a message from client ${client.id}: ${error.code}: ${error.message} (starts: ${JSON.stringify(sample)})`);
    const reply =
      id !== null
        ? { kind: 'response', id, result: { ok: false, error } }
        : { kind: 'event', event: 'log', payload: { level: 'error', message: `message refused: ${error.message}`, atMs: Date.now() } };
    this.sendTo(client, JSON.stringify(reply));
  }

  private disconnect(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const route of this.routes.values()) if (route.client === client) route.client = null;
    this.releaseIfUnclaimed();
  }

  /**
   * Acks the engine's outstanding preview ourselves when no client will: nobody
   * received it (all backed up, or none connected) or its holder left. While any
   * client is still painting a preview, its ack will release the engine instead.
   */
  private releaseIfUnclaimed(): void {
    if (this.engineAwaiting === null) return;
    const now = this.now();
    for (const c of this.clients) if (c.awaitingAck !== null && now - c.awaitingSinceMs < STALE_ACK_MS) return;
    const seq = this.engineAwaiting;
    this.engineAwaiting = null;
    this.forward(null, 0, 'preview.ack', { seq });
  }

  // ---- engine → clients ------------------------------------------------------

  private fromEngine(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const env = msg as { kind?: unknown; id?: unknown; event?: unknown; payload?: unknown };
    if (env.kind === 'response' && typeof env.id === 'number') {
      const route = this.routes.get(env.id);
      if (!route) return; // not ours (the spawnEngine client's own request)
      this.routes.delete(env.id);
      const result = (env as { result?: { ok?: unknown; value?: unknown } }).result;
      if (route.asStatus && result?.ok === true) this.fromEngine({ kind: 'event', event: 'status', payload: result.value });
      if (route.client) this.sendTo(route.client, JSON.stringify({ ...env, id: route.clientRequestId }));
      return;
    }
    if (env.kind !== 'event') return;
    if (env.event === 'frame') this.broadcastFrame(env);
    else {
      const text = JSON.stringify(env);
      for (const c of this.clients) this.sendTo(c, text);
    }
  }

  private broadcastFrame(env: { payload?: unknown }): void {
    const payload = env.payload as { preview?: unknown; result?: { seq?: unknown } } | undefined;
    const seq = typeof payload?.result?.seq === 'number' ? payload.result.seq : null;
    const withPicture = hasPreviewBytes(env) && seq !== null ? env : null;
    const hasPreview = withPicture !== null;
    // Serialise at most twice per frame (with and without the picture), not once per client.
    let full: Uint8Array | null = null;
    let bare: string | null = null;
    let delivered = false;
    for (const c of this.clients) {
      const backlog = c.socket.bufferedAmount;
      if (backlog > this.counters.maxBufferedAmount) this.counters.maxBufferedAmount = backlog;
      if (backlog > this.limits.frameHighWater) {
        this.counters.framesSkipped++;
        continue;
      }
      if (withPicture && c.awaitingAck === null && backlog <= this.limits.previewHighWater) {
        full ??= packFrameEvent(withPicture);
        if (this.sendTo(c, full)) {
          c.awaitingAck = seq;
          c.awaitingSinceMs = this.now();
          delivered = true;
          this.counters.previewsSent++;
        }
      } else {
        if (hasPreview) this.counters.previewsWithheld++;
        bare ??= JSON.stringify(payload && 'preview' in payload ? { ...env, payload: { ...payload, preview: null } } : env);
        this.sendTo(c, bare);
      }
    }
    if (hasPreview) {
      this.engineAwaiting = seq;
      if (!delivered) this.releaseIfUnclaimed();
    }
  }

  private sendTo(client: Client, data: string | Uint8Array): boolean {
    if (client.socket.readyState !== OPEN) return false;
    if (client.socket.bufferedAmount > this.limits.killHighWater) {
      this.log(`[web] client ${client.id} is not reading (${client.socket.bufferedAmount} bytes queued); disconnecting it`);
      client.socket.terminate();
      this.disconnect(client);
      return false;
    }
    client.socket.send(data);
    return true;
  }
}
