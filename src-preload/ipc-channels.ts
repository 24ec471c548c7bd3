// Every IPC channel between main and the preload, listed once (main imports this
// file; the sandboxed preload may not import main). Engine traffic does not use
// these: it runs over the MessagePort main hands to the window.
export const IPC = {
  /** preload → main (invoke): "send me an engine port" (first load, reload, after an engine restart). */
  requestEnginePort: 'loupe:request-engine-port',
  /** main → preload (postMessage with ports[0]): the renderer's end of a fresh MessageChannel to the engine. */
  enginePort: 'loupe:engine-port',
  /** main → preload (send): the engine stopped or restarted; a human-readable message. */
  engineState: 'loupe:engine-state',
} as const;

export type EngineStateMessage = { state: 'restarting' | 'stopped' | 'running'; message: string };
