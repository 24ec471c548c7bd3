// Replays the images of a folder at a set rate, once or in a loop. The file
// list is taken at open; a file that cannot be read becomes a `skipped` item
// naming it, and the replay goes on with the next one.
import { statSync } from 'node:fs';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { FolderSourceSpec } from '../../src-shared/sources.js';
import type { FrameSource, SourceInfo, SourceItem } from './frame-source.js';
import { readImageFile } from '../images/read-image.js';
import { listImageFiles } from './list-images.js';

export function openFolderSource(spec: FolderSourceSpec): Result<FrameSource> {
  const folder = spec.path;
  let files: string[];
  try {
    if (!statSync(folder).isDirectory()) return fail('bad-source', `${folder}: not a folder`, folder);
    files = listImageFiles(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('not-found', `no such folder: ${folder}`, folder);
    return fail('bad-source', `${folder}: cannot be listed (${code ?? String(err)})`, folder);
  }
  if (files.length === 0) {
    return fail('bad-source', `no images in ${folder} (looked for .png, .jpg, .jpeg, .tif, .tiff, .bmp)`, folder);
  }
  return ok(new FolderSource(files, { kind: 'folder', label: folder, fps: spec.fps, length: spec.loop ? null : files.length }, spec.loop));
}

class FolderSource implements FrameSource {
  private cursor = 0;
  private seq = 0;
  private deliveredThisPass = 0;
  private closed = false;

  constructor(
    private readonly files: string[],
    readonly info: SourceInfo,
    private readonly loop: boolean,
  ) {}

  async next(): Promise<SourceItem | null> {
    if (this.closed) return null;
    if (this.cursor >= this.files.length) {
      // Looping over a folder where nothing reads would spin on errors forever.
      if (!this.loop || this.deliveredThisPass === 0) return null;
      this.cursor = 0;
      this.deliveredThisPass = 0;
    }
    const path = this.files[this.cursor++];
    const read = readImageFile(path);
    if (!read.ok) return { kind: 'skipped', error: read.error };
    this.deliveredThisPass++;
    return { kind: 'frame', frame: { seq: this.seq++, timestampMs: Date.now(), image: read.value, origin: path } };
  }

  close(): void {
    this.closed = true;
  }
}
