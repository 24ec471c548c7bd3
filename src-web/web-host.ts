// The web host: one node:http server that serves the built renderer and upgrades
// /ws to a WebSocket bridged to the engine. With a token, every request and
// upgrade without it gets a bare 401 (no body, no hint of what is behind it).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { EnginePort } from '../src-engine/host/port.js';
import { authorize, tokenCookie, tokensOf, withoutToken } from './auth.js';
import { EngineBridge, DEFAULT_LIMITS, type BridgeLimits } from './engine-bridge.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { serveStatic } from './static-files.js';

export const WS_PATH = '/ws';
/**
 * Frames larger than this are cut off by `ws` itself (close 1009): reading a
 * gigabyte to refuse it politely would be the attack. Between the contract's
 * MAX_INBOUND_MESSAGE_BYTES and this, a message is refused with an error reply
 * and the connection stays open.
 */
export const WS_MAX_FRAME_BYTES = 8 * 1024 * 1024;

export interface WebHostOptions {
  host: string;
  port: number;
  token: string | null;
  rendererDir: string;
  engine: EnginePort;
  log?: (line: string) => void;
  limits?: BridgeLimits;
}

export interface WebHost {
  url: string;
  port: number;
  bridge: EngineBridge;
  close(): Promise<void>;
}

function bare(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': '0', ...headers });
  res.end();
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/** Browsers always send Origin on a WebSocket; one from another site is a cross-site hijack attempt. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (scripts, tests): the token is the gate
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bridge = new EngineBridge(options.engine, log, options.limits ?? DEFAULT_LIMITS);
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_FRAME_BYTES, perMessageDeflate: false });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const verdict = authorize(tokensOf(req, url), options.token);
    if (verdict === 'denied') {
      bare(res, 401);
      return;
    }
    if (verdict === 'ok-via-query') {
      // Trade the URL token for an HttpOnly cookie at once, so it leaves the address bar and history.
      bare(res, 303, { ...SECURITY_HEADERS, 'Set-Cookie': tokenCookie(options.token!), Location: withoutToken(url), 'Cache-Control': 'no-store' });
      return;
    }
    if (url.pathname === WS_PATH) {
      bare(res, 426, { ...SECURITY_HEADERS, Upgrade: 'websocket' });
      return;
    }
    serveStatic(req, res, options.rendererDir, url.pathname).catch((err: unknown) => {
      log(`[web] error serving ${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) bare(res, 500, SECURITY_HEADERS);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (authorize(tokensOf(req, url), options.token) === 'denied') return refuseUpgrade(socket, 401);
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404);
    if (!sameOrigin(req)) {
      log(`[web] refused a WebSocket from origin ${req.headers.origin}`);
      return refuseUpgrade(socket, 403);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const handlers = bridge.connect(ws);
      ws.on('message', (data, isBinary) => handlers.onMessage(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer), isBinary));
      ws.on('close', handlers.onClose);
      ws.on('error', (err) => log(`[web] socket error: ${err.message}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    bridge,
    close: async () => {
      bridge.dispose();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
