// EnginePort over Electron's utility-process plumbing, typed structurally: the
// engine must not import electron (it also runs as a plain Node child and a CLI),
// so only the few members we use are described here.
import { ListenerSet } from '../../src-shared/listener-set.js';
import type { EnginePort } from './port.js';

/** The part of Electron's MessagePortMain the engine uses. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
}

/** The part of `process.parentPort` (Electron utility process) the engine uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortLike[] }) => void): unknown;
}

/** Wraps a MessagePortMain (structured clone both ways). */
export function createMessagePortPort(port: MessagePortLike): EnginePort {
  const listeners = new ListenerSet<unknown>();
  port.on('message', (event) => listeners.emit(event.data));
  port.start(); // MessagePortMain queues messages until started
  return {
    postMessage: (msg) => port.postMessage(msg),
    onMessage: (listener) => listeners.add(listener),
  };
}

/**
 * Waits for main to hand over the renderer-facing MessagePort (`message.ports[0]`)
 * and calls `onPort` for each one: a renderer reload brings a fresh port, and the
 * engine then serves the new one.
 */
export function acceptParentPorts(parentPort: ParentPortLike, onPort: (port: EnginePort, raw: MessagePortLike) => void): void {
  parentPort.on('message', (event) => {
    const raw = event.ports?.[0];
    if (raw) onPort(createMessagePortPort(raw), raw);
  });
}
