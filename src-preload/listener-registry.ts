// Listeners registered by the page survive engine restarts: they live here,
// not on the per-port client that is replaced when a new port arrives.
export class ListenerRegistry<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        console.error('a window.loupe listener threw', err);
      }
    }
  }
}
