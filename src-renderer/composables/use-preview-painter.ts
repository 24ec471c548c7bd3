// Paints engine previews onto a canvas, one at a time, newest first. The engine
// sends the next preview only after an ack, so the ack is sent once the picture
// is drawn and its overlay is in the DOM: a renderer that falls behind sees
// fresher pictures, never a queue. Latency is measured at the animation frame
// after that DOM update, when the browser puts both on screen.
import { nextTick, onUnmounted, watch, type Ref } from 'vue';
import type { Preview } from '../../src-shared/events.js';
import { useLiveStore, type PendingPreview } from '../stores/live.js';

export type PreviewDecoder = (preview: Preview) => Promise<ImageBitmap>;

/** Base64 → bytes without fetch (the CSP allows no data: connections). */
export function base64ToBytes(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** createImageBitmap decodes off the main thread in Chromium; an <img> would decode on it at paint time. */
export const decodePreview: PreviewDecoder = (preview) => createImageBitmap(new Blob([base64ToBytes(preview.data)], { type: preview.mime }));

const nextAnimationFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

export function usePreviewPainter(canvas: Ref<HTMLCanvasElement | null>, decode: PreviewDecoder = decodePreview): void {
  const live = useLiveStore();
  let busy = false;
  let disposed = false;

  async function paint(pending: PendingPreview): Promise<void> {
    const { event } = pending;
    let bitmap: ImageBitmap | null = null;
    try {
      bitmap = await decode(event.preview!);
    } catch (err) {
      // A broken image must not freeze the stream: ack it so the engine sends the next.
      console.warn(`preview ${event.result.seq} could not be decoded`, err);
      await live.ackPreview(event.result.seq);
      return;
    }
    const el = canvas.value;
    if (disposed || !el) {
      bitmap.close();
      await live.ackPreview(event.result.seq);
      return;
    }
    if (el.width !== bitmap.width || el.height !== bitmap.height) {
      el.width = bitmap.width;
      el.height = bitmap.height;
    }
    el.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    live.showFrame(event);
    await nextTick(); // the overlay for this result is in the DOM
    // Picture drawn and overlay in the DOM: release the engine now, so it encodes
    // the next preview while the browser composites this one (saves a frame of
    // round trip at 30 fps). Latency is still taken at the animation frame.
    void live.ackPreview(event.result.seq);
    await nextAnimationFrame(); // ...and the browser is about to put it on screen
    live.previewPainted(event, Date.now());
  }

  async function drain(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      // Whatever arrived while painting replaces what came before it: only the newest is drawn.
      for (let next = live.pendingPreview; next && !disposed; next = live.pendingPreview) {
        live.pendingPreview = null;
        await paint(next);
      }
    } finally {
      busy = false;
    }
  }

  watch(
    () => live.pendingPreview,
    (pending) => {
      if (pending) void drain();
    },
  );
  onUnmounted(() => {
    disposed = true;
  });
}
