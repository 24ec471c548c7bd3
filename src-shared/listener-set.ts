// The one listener set behind every `onDid…`/`onMessage` subscription: ports,
// the port client and the preload all fan one transport callback out to many
// listeners. A listener that throws must not starve the others, so errors are
// isolated: handed to `onError`, or rethrown on a fresh microtask where the
// runtime's own error reporting sees them.

export type Listener<T> = (value: T) => void;

export class ListenerSet<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(
    private readonly onError: (err: unknown) => void = (err) =>
      queueMicrotask(() => {
        throw err;
      }),
  ) {}

  /** Subscribes; returns the disposer. */
  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T): void {
    // Copy first: a listener may dispose itself (or another) while we iterate.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
