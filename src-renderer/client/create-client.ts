// Chooses the transport once: inside Electron the preload has put a client on
// window.loupe (its MessagePort goes straight to the engine); in a browser the
// page talks to the web host it was served from over a WebSocket.
import { createPortClient } from '../../src-shared/port-client.js';
import type { RendererClient } from './client-key.js';
import { createWebSocketPort, defaultWebSocketUrl } from './ws-port.js';

declare global {
  interface Window {
    /** Exposed by src-preload in the Electron app; absent in a browser. */
    loupe?: RendererClient;
  }
}

export function createBrowserClient(url = defaultWebSocketUrl()): RendererClient {
  const port = createWebSocketPort(url);
  const client = createPortClient(port);
  return {
    request: (method, params) => client.request(method, params),
    onDidReceiveFrame: (listener) => client.onDidReceiveFrame(listener),
    onDidChangeStatus: (listener) => client.onDidChangeStatus(listener),
    onDidLog: (listener) => client.onDidLog(listener),
    onEvent: (event, listener) => client.onEvent(event, listener),
    onDidConnect: (listener) => port.onDidConnect(listener),
    onDidDisconnect: (listener) => port.onDidDisconnect(listener),
  };
}

export function createClient(): RendererClient {
  return window.loupe ?? createBrowserClient();
}
