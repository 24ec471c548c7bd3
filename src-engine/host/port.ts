// The engine talks to exactly one peer through a port: a forked Node process's
// IPC channel, an Electron MessagePortMain, or an in-memory pair in tests. The
// service only sees this interface, so it never knows which host runs it.

export interface EnginePort {
  /** Sends one message; the transport clones it (structured clone or V8 serialization). */
  postMessage(msg: unknown): void;
  /** Subscribes to inbound messages; returns a disposer. */
  onMessage(listener: (msg: unknown) => void): () => void;
}
