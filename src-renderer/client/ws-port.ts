// A message port over a browser WebSocket, so the browser build can reuse the
// same port client as Electron's preload. It owns the transport's failure
// modes: it reconnects with backoff, answers requests that were in flight when
// the socket dropped with an error response (the caller's promise must settle),
// and reports the outage as a contract `log` event the UI already shows.
// Frames with a picture arrive as binary frame packets, everything else as JSON text.
import { unpackFrameEvent } from '../../src-shared/frame-packet.js';

export interface MessagePortLike {
  postMessage(msg: unknown): void;
  onMessage(listener: (msg: unknown) => void): () => void;
}

export interface WebSocketPort extends MessagePortLike {
  /** Called each time a socket opens (first connect and every reconnect). */
  onDidConnect(listener: () => void): () => void;
  /** Called each time an open socket is lost. */
  onDidDisconnect(listener: () => void): () => void;
  readonly connected: boolean;
  close(): void;
}

export interface WebSocketPortOptions {
  /** Injected in tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket;
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

type Envelope = { kind?: unknown; id?: unknown };

function lostResponse(id: number, message: string) {
  return { kind: 'response', id, result: { ok: false, error: { code: 'internal', message } } };
}

function logEvent(level: 'info' | 'error', message: string) {
  return { kind: 'event', event: 'log', payload: { level, message, atMs: Date.now() } };
}

export function createWebSocketPort(url: string, options: WebSocketPortOptions = {}): WebSocketPort {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const minDelay = options.minReconnectMs ?? 500;
  const maxDelay = options.maxReconnectMs ?? 5000;
  const messageListeners = new Set<(msg: unknown) => void>();
  const connectListeners = new Set<() => void>();
  const disconnectListeners = new Set<() => void>();
  const inFlight = new Set<number>();
  let socket: WebSocket | null = null;
  let delay = minDelay;
  let closed = false;
  let everConnected = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const emit = (msg: unknown) => {
    for (const l of [...messageListeners]) l(msg);
  };

  function failInFlight(reason: string): void {
    const ids = [...inFlight];
    inFlight.clear();
    for (const id of ids) emit(lostResponse(id, reason));
  }

  function connect(): void {
    timer = null;
    const ws = new Impl(url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      delay = minDelay;
      if (everConnected) emit(logEvent('info', 'Reconnected to the engine'));
      everConnected = true;
      for (const l of [...connectListeners]) l();
    };
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e: MessageEvent) => {
      if (e.data instanceof ArrayBuffer) {
        const unpacked = unpackFrameEvent(e.data);
        if (unpacked.ok) emit(unpacked.message);
        else emit(logEvent('error', `The host sent a broken frame: ${unpacked.error}`));
        return;
      }
      if (typeof e.data !== 'string') return;
      let msg: Envelope;
      try {
        msg = JSON.parse(e.data) as Envelope;
      } catch {
        emit(logEvent('error', 'The host sent a message that is not JSON'));
        return;
      }
      if (msg && msg.kind === 'response' && typeof msg.id === 'number') inFlight.delete(msg.id);
      emit(msg);
    };
    ws.onclose = (e: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      if (opened) for (const l of [...disconnectListeners]) l();
      const why = e.code === 1008 || e.code === 4401 ? 'the host refused the connection (token?)' : `connection closed (${e.code})`;
      failInFlight(`Lost the connection to the engine: ${why}`);
      if (closed) return;
      emit(logEvent('error', `Lost the connection to the engine: ${why}; retrying in ${Math.round(delay / 100) / 10} s`));
      timer = setTimeout(connect, delay);
      delay = Math.min(maxDelay, delay * 2);
    };
  }

  connect();

  return {
    postMessage(msg: unknown) {
      const env = msg as Envelope;
      const isRequest = env && env.kind === 'request' && typeof env.id === 'number';
      if (!socket || socket.readyState !== Impl.OPEN) {
        // Queueing would replay stale commands (start, stop) minutes later; fail now instead.
        if (isRequest) queueMicrotask(() => emit(lostResponse(env.id as number, 'Not connected to the engine')));
        return;
      }
      if (isRequest) inFlight.add(env.id as number);
      socket.send(JSON.stringify(msg));
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onDidConnect(listener) {
      connectListeners.add(listener);
      if (socket && socket.readyState === Impl.OPEN) queueMicrotask(listener);
      return () => connectListeners.delete(listener);
    },
    onDidDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    get connected() {
      return socket !== null && socket.readyState === Impl.OPEN;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close(1000, 'client closed');
      failInFlight('The client was closed');
    },
  };
}

/** The host's WebSocket endpoint, on the origin the page was served from (the auth cookie rides along). */
export function defaultWebSocketUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
