// A port whose far end can be replaced. The Electron utility process gets a new
// MessagePort each time the window (re)loads; routing it through this keeps one
// EngineService (and its open source, counters and recipe) across reloads.
import { ListenerSet } from '../../src-shared/listener-set.js';
import type { EnginePort } from './port.js';

export interface SwitchablePort extends EnginePort {
  /** Routes traffic to `port` from now on; the previous one is detached (not closed). */
  attach(port: EnginePort): void;
}

export function createSwitchablePort(): SwitchablePort {
  const listeners = new ListenerSet<unknown>();
  let current: EnginePort | null = null;
  let detach: (() => void) | null = null;
  return {
    attach(port) {
      detach?.();
      current = port;
      detach = port.onMessage((msg) => listeners.emit(msg));
    },
    postMessage(msg) {
      // Before the first window connects there is no one to tell; events are state
      // snapshots, so the next status after attach brings the client up to date.
      current?.postMessage(msg);
    },
    onMessage: (listener) => listeners.add(listener),
  };
}
