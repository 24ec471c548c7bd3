// Every IPC channel between main and the preload, listed once (main imports this
// file; the sandboxed preload may not import main). Service traffic does not use
// these: it runs over the MessagePorts main hands to the window.
import type { ServiceName } from '../src-shared/services.js';

export const IPC = {
  /** preload → main (invoke): "send me my service ports" (first load, reload). */
  requestEnginePort: 'loupe:request-engine-port',
  /**
   * main → preload (postMessage with ports[0]): the renderer's end of a fresh
   * MessageChannel to one service's process; the message says which
   * (`ServicePortMessage`). Each service (engine, trainer, run monitor) has its
   * own, and a restarted service sends a new one.
   */
  enginePort: 'loupe:engine-port',
  /** main → preload (send): a service stopped or restarted; a human-readable message. */
  engineState: 'loupe:engine-state',
} as const;

export type EngineStateMessage = { state: 'restarting' | 'stopped' | 'running'; message: string; service: ServiceName };
export type ServicePortMessage = { service: ServiceName };
