// Pictures arrive from the history as base64 text (every transport carries JSON).
// The full picture (megabytes) is shown from a Blob URL, revoked when dropped;
// thumbnails (a few kB each, hundreds a second while scrolling) as data: URLs
// of that same text. Profiled in the review-gallery bench, Blob + createObjectURL
// + revokeObjectURL for thumbnails took 2.4 s of the page's main thread over one
// scrolling session (Vue's rendering: 0.2 s); a data URL costs nothing to make.
import type { HistoryPicture } from '../../src-shared/history-methods.js';

export function pictureBlob(picture: Pick<HistoryPicture, 'dataBase64' | 'mime'>): Blob {
  const text = atob(picture.dataBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type: picture.mime });
}

export function pictureUrl(picture: Pick<HistoryPicture, 'dataBase64' | 'mime'>): string {
  return URL.createObjectURL(pictureBlob(picture));
}

/** A data: URL of the picture's own base64 text: no decoding, no Blob, nothing to revoke. */
export function pictureDataUrl(picture: Pick<HistoryPicture, 'dataBase64' | 'mime'>): string {
  return `data:${picture.mime};base64,${picture.dataBase64}`;
}

/** URLs of gallery thumbnails, least recently used dropped first (Blob URLs among them are revoked). */
export class ThumbnailCache {
  private readonly urls = new Map<number, string>();

  constructor(readonly capacity = 600) {}

  get(frameId: number): string | undefined {
    const url = this.urls.get(frameId);
    if (url !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.urls.delete(frameId);
      this.urls.set(frameId, url);
    }
    return url;
  }

  has(frameId: number): boolean {
    return this.urls.has(frameId);
  }

  set(frameId: number, url: string): void {
    const old = this.urls.get(frameId);
    if (old !== undefined && old !== url) revoke(old);
    this.urls.delete(frameId);
    this.urls.set(frameId, url);
    while (this.urls.size > this.capacity) {
      const [oldest, oldUrl] = this.urls.entries().next().value as [number, string];
      this.urls.delete(oldest);
      revoke(oldUrl);
    }
  }

  get size(): number {
    return this.urls.size;
  }

  clear(): void {
    for (const url of this.urls.values()) revoke(url);
    this.urls.clear();
  }
}

function revoke(url: string): void {
  if (url.startsWith('blob:')) URL.revokeObjectURL(url);
}
