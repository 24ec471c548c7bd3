// An in-process stand-in for the engine's end of the port: answers every
// request it is sent and lets a test push events, so the bridge and the web
// host can be tested without OpenCV or a child process.
import type { EnginePort } from '../../src-engine/host/port.js';

export class FakeEngine implements EnginePort {
  readonly received: { id: number; method: string; params: unknown }[] = [];
  private readonly listeners = new Set<(msg: unknown) => void>();

  postMessage(msg: unknown): void {
    // bridge → engine
    const req = msg as { id: number; method: string; params: unknown };
    this.received.push(req);
    const value = req.method === 'preview.ack' ? { seq: (req.params as { seq: number }).seq } : { engine: 'fake', opencv: '4.6.0', pid: 1 };
    queueMicrotask(() => this.emit({ kind: 'response', id: req.id, result: { ok: true, value } }));
  }

  onMessage(listener: (msg: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(msg: unknown): void {
    for (const l of [...this.listeners]) l(msg);
  }

  frame(seq: number, withPreview = true): void {
    this.emit({
      kind: 'event',
      event: 'frame',
      payload: {
        result: { seq, objects: [] },
        preview: withPreview ? { mime: 'image/jpeg', width: 64, height: 48, data: new Uint8Array([0x41, 0x42, 0x43]) } : null,
        truth: null,
        capturedAtMs: 1,
        sentAtMs: 2,
      },
    });
  }

  acks(): number[] {
    return this.received.filter((r) => r.method === 'preview.ack').map((r) => (r.params as { seq: number }).seq);
  }
}
