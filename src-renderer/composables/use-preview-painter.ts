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

interface ImageDecoderLike {
  decode(): Promise<{ image: CanvasImageSource & { close(): void } }>;
  close(): void;
}
type ImageDecoderCtor = new (init: { data: Uint8Array; type: string }) => ImageDecoderLike;

/** The preview to a bitmap, decoded off the main thread. */
export const decodePreview: PreviewDecoder = async ({ data, mime }) => {
  const Decoder = (globalThis as { ImageDecoder?: ImageDecoderCtor }).ImageDecoder;
  if (!Decoder) return createImageBitmap(new Blob([data as Uint8Array<ArrayBuffer>], { type: mime }));
  // WebCodecs reads the bytes where they are; a Blob would first be registered
  // with the browser process and read back from it, a round trip that waits on
  // a busy browser process (bench: decode p50/p95 24/54 → 17/35 ms). ImageDecoder
  // exists only in secure contexts, so a page opened over plain http from
  // another machine takes the Blob path.
  const decoder = new Decoder({ data, type: mime });
  try {
    const { image } = await decoder.decode();
    try {
      // Drawing the VideoFrame itself would convert it on the main thread (~8 ms); this converts off it.
      return await createImageBitmap(image);
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
};

const nextAnimationFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

export function usePreviewPainter(canvas: Ref<HTMLCanvasElement | null>, decode: PreviewDecoder = decodePreview): void {
  const live = useLiveStore();
  let busy = false;
  let disposed = false;

  async function paint(pending: PendingPreview): Promise<void> {
    const { event } = pending;
    const takenUpAtMs = Date.now();
    // Taken up: the engine may send the next preview now (see the top of this file).
    void live.ackPreview(event.result.seq);
    let bitmap: ImageBitmap;
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
    // Handed over, not drawn: the canvas takes the decoded bitmap as its picture
    // without copying it into a 2D backing store first.
    const ctx = el.getContext('bitmaprenderer');
    if (ctx) ctx.transferFromImageBitmap(bitmap);
    else bitmap.close();
    const decodedAtMs = Date.now();
    live.showFrame(event);
    await nextTick(); // the overlay for this result is in the DOM
    await nextAnimationFrame(); // ...and the browser is about to put it on screen
    const paintedAtMs = Date.now();
    live.previewPainted(event, paintedAtMs, {
      waitMs: takenUpAtMs - pending.receivedAtMs,
      decodeMs: decodedAtMs - takenUpAtMs,
      showMs: paintedAtMs - decodedAtMs,
    });
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
