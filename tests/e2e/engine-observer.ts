// A second client of the web host, speaking the contract from Node: it records
// what the engine itself reported (frame results by seq, statuses) so the tests
// can compare the page against the engine instead of against itself.
import WebSocket from 'ws';
import type { EngineStatus, FrameEvent } from '../../src-shared/events.js';
import { unpackFrameEvent } from '../../src-shared/frame-packet.js';

export interface ObservedFrame {
  seq: number;
  objects: number;
  ng: number;
  recipeVersion: number;
  recipeName: string;
}

export class EngineObserver {
  readonly frames = new Map<number, ObservedFrame>();
  readonly logs: { level: string; message: string }[] = [];
  status: EngineStatus | null = null;
  private readonly ws: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, (r: { ok: boolean; value?: unknown; error?: { code: string; message: string } }) => void>();
  readonly opened: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (!isBinary) return this.onMessage(JSON.parse(bytes.toString('utf8')));
      // Frames with a picture come as binary frame packets (src-shared/frame-packet.ts).
      const unpacked = unpackFrameEvent(bytes);
      if (!unpacked.ok) throw new Error(unpacked.error);
      this.onMessage(unpacked.message as never);
    });
  }

  private onMessage(msg: { kind: string; id?: number; event?: string; payload?: unknown; result?: never }): void {
    if (msg.kind === 'response' && msg.id !== undefined) {
      this.pending.get(msg.id)?.(msg.result!);
      this.pending.delete(msg.id);
    } else if (msg.event === 'frame') {
      const f = msg.payload as FrameEvent;
      this.frames.set(f.result.seq, {
        seq: f.result.seq,
        objects: f.result.objects.length,
        ng: f.result.objects.filter((o) => !o.verdict.ok).length,
        recipeVersion: f.result.recipe.version,
        recipeName: f.result.recipe.name,
      });
      // Behave like a polite client: release the preview at once (we do not paint).
      if (f.preview) this.send({ kind: 'request', id: this.nextId++, method: 'preview.ack', params: { seq: f.result.seq } });
    } else if (msg.event === 'status') {
      this.status = msg.payload as EngineStatus;
    } else if (msg.event === 'log') {
      this.logs.push(msg.payload as { level: string; message: string });
    }
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  request<T = unknown>(method: string, params: unknown = {}): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as never);
      this.send({ kind: 'request', id, method, params });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.close();
  }
}
