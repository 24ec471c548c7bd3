// The engine talks to exactly one peer through a port: a forked Node process's
// IPC channel, an Electron MessagePortMain, or an in-memory pair in tests. The
// service only sees this interface, so it never knows which host runs it.

export interface EnginePort {
  /** Sends one message; the transport clones it (structured clone or V8 serialization). */
  postMessage(msg: unknown): void;
  /** Subscribes to inbound messages; returns a disposer. */
  onMessage(listener: (msg: unknown) => void): () => void;
}

/** A tiny listener set shared by the adapters: each adapter fans one transport callback out to many listeners. */
export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T): void {
    // Copy first: a listener may dispose itself (or another) while we iterate.
    for (const listener of [...this.listeners]) listener(value);
  }

  get size(): number {
    return this.listeners.size;
  }
}
