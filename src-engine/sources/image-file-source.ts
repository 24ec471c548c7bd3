// A single image file as a one-frame source, for the CLI's `inspect FILE`.
// The file is read at open, so a bad file is an open error, not a skipped item.
import type { Mat } from '../opencv.js';
import { ok, type Result } from '../../src-shared/result.js';
import type { FrameSource, SourceItem } from './frame-source.js';
import { readImageFile } from '../images/read-image.js';

export function openImageFileSource(path: string, fps = 1): Result<FrameSource> {
  const read = readImageFile(path);
  if (!read.ok) return read;
  let image: Mat | null = read.value;
  const source: FrameSource = {
    info: { kind: 'file', label: path, fps, length: 1 },
    async next(): Promise<SourceItem | null> {
      if (!image) return null;
      const frame = { seq: 0, timestampMs: Date.now(), image, origin: path };
      image = null;
      return { kind: 'frame', frame };
    },
    close(): void {
      image = null;
    },
  };
  return ok(source);
}
