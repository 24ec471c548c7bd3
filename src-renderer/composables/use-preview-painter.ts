// Paints engine previews onto a canvas, one at a time, newest first. The engine
// sends the next preview only after an ack. The ack goes out as soon as a
// preview is taken up for decoding, so the engine encodes and ships the next
// picture while this one decodes and paints: with an ack only after painting,
// the round trip (ack → engine → next preview) made every other frame miss its
// picture at 30 fps. Nothing queues: at most one preview is decoding and one
// waits in `pendingPreview`, where a newer one replaces it. Latency is measured
// at the animation frame after the DOM update, when the browser puts the
// picture and its overlay on screen.
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
    // Taken up: the engine may send the next preview now (see the top of this file).
    void live.ackPreview(event.result.seq);
    let bitmap: ImageBitmap | null = null;
    try {
      bitmap = await decode(event.preview!);
    } catch (err) {
      // A broken image is skipped; it was acked already, so the stream goes on.
      console.warn(`preview ${event.result.seq} could not be decoded`, err);
      return;
    }
    const el = canvas.value;
    if (disposed || !el) {
      bitmap.close();
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
