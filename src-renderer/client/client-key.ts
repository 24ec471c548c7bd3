// How views and stores reach the engine: one LoupeClient provided at the app
// root. Which transport sits behind it (Electron's preload or a WebSocket) is
// decided once in main.ts, so nothing else knows which host it runs in.
import { inject, type InjectionKey } from 'vue';
import type { LoupeClient } from '../../src-shared/client.js';

/** Optional extra a transport may offer: called each time the link to the engine is (re)established. */
export interface ConnectionEvents {
  onDidConnect?(listener: () => void): () => void;
  /** Optional: called when an established link is lost (the UI shows OFFLINE until it is back). */
  onDidDisconnect?(listener: () => void): () => void;
}

export type RendererClient = LoupeClient & ConnectionEvents;

export const LOUPE_CLIENT: InjectionKey<RendererClient> = Symbol('loupe-client');

export function useLoupeClient(): RendererClient {
  const client = inject(LOUPE_CLIENT, null);
  if (!client) throw new Error('No LoupeClient provided: main.ts must app.provide(LOUPE_CLIENT, client)');
  return client;
}
