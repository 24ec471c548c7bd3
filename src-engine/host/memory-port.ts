// Two connected in-memory ports, for driving the engine without a process.
// Delivery is asynchronous and structured-cloned, like a real transport, so a
// test cannot pass by accident by sharing objects or relying on synchronous replies.
import { ListenerSet } from '../../src-shared/listener-set.js';
import type { EnginePort } from './port.js';

export interface MemoryPortPair {
  /** The engine's end. */
  engine: EnginePort;
  /** The client's end. */
  client: EnginePort;
  /** Stops delivery both ways (messages in flight are dropped). */
  close(): void;
}

export function createMemoryPortPair(): MemoryPortPair {
  const toEngine = new ListenerSet<unknown>();
  const toClient = new ListenerSet<unknown>();
  let open = true;
  const deliver = (target: ListenerSet<unknown>, msg: unknown): void => {
    if (!open) return;
    const copy = structuredClone(msg); // throws DataCloneError for what a real port would refuse
    setImmediate(() => {
      if (open) target.emit(copy);
    });
  };
  return {
    engine: { postMessage: (msg) => deliver(toClient, msg), onMessage: (l) => toEngine.add(l) },
    client: { postMessage: (msg) => deliver(toEngine, msg), onMessage: (l) => toClient.add(l) },
    close: () => {
      open = false;
    },
  };
}
