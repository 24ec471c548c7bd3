// Pictures arrive from the history as base64 text (every transport carries JSON);
// the browser shows them from Blob URLs, which must be revoked when dropped or
// each one keeps its bytes alive for the page's lifetime.
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

/** Blob URLs of gallery thumbnails, least recently used dropped (and revoked) first. */
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
    if (old !== undefined && old !== url) URL.revokeObjectURL(old);
    this.urls.delete(frameId);
    this.urls.set(frameId, url);
    while (this.urls.size > this.capacity) {
      const [oldest, oldUrl] = this.urls.entries().next().value as [number, string];
      this.urls.delete(oldest);
      URL.revokeObjectURL(oldUrl);
    }
  }

  get size(): number {
    return this.urls.size;
  }

  clear(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}
