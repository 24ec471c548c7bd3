// Kept pictures on disk: <data>/images/<run>/<seq>.png (lossless) and
// <seq>.thumb.png (the gallery's), each written atomically (temp file, fsync,
// rename) so a crash never leaves half a picture under a name the database knows.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { constants } from 'node:zlib';
import writeFileAtomicLib from 'write-file-atomic';
import { syncDirectory } from '../files/write-file-atomic.js';
import { encodePng } from './png-encode.js';
import type { RawImage } from './raw-image.js';
import { thumbnail } from './thumbnail.js';

export const IMAGES_FOLDER = 'images';
export const THUMB_MAX_SIDE = 160;

export interface StoredPicture {
  /** Relative to the images folder, '/'-separated. */
  fullPath: string;
  fullBytes: number;
  thumbPath: string;
  thumbBytes: number;
}

export type WriteFile = (file: string, data: Buffer) => void;

/** How hard the full picture is compressed: 'compact' normally, 'fast' while the writer is behind. */
export type PictureEffort = 'compact' | 'fast';

/** Temp file, fsync, rename; the folder is synced once per picture by `write`, not once per file. */
const writeFileDurably: WriteFile = (file, data) => writeFileAtomicLib.sync(file, data, { fsync: true });

export class ImageFiles {
  constructor(
    readonly root: string,
    /** Injected in tests to play a full disk. */
    private readonly writeFile: WriteFile = writeFileDurably,
  ) {}

  /**
   * Encodes and writes the picture and its thumbnail; throws what the file system threw (ENOSPC
   * included). `effort` 'fast' stores the full picture's rows uncompressed: as lossless, about
   * twice the bytes, a tenth of the CPU.
   */
  write(runId: number, seq: number, image: RawImage, effort: PictureEffort = 'compact'): StoredPicture {
    const full = encodePng(image, effort === 'fast' ? { level: 0 } : {});
    const thumb = encodePng(thumbnail(image, THUMB_MAX_SIDE), { strategy: constants.Z_DEFAULT_STRATEGY }); // tiny: worth LZ77
    const fullPath = `${runId}/${seq}.png`;
    const thumbPath = `${runId}/${seq}.thumb.png`;
    mkdirSync(path.join(this.root, String(runId)), { recursive: true });
    this.writeFile(this.resolve(fullPath), full);
    try {
      this.writeFile(this.resolve(thumbPath), thumb);
    } catch (err) {
      this.remove(fullPath); // all or nothing: a picture without its thumbnail is not recorded
      throw err;
    }
    // Both renames made durable with one folder sync (a picture is 3 fsyncs, not 4): only then
    // may the database name the files.
    syncDirectory(path.join(this.root, String(runId)));
    return { fullPath, fullBytes: full.length, thumbPath, thumbBytes: thumb.length };
  }

  remove(relative: string): void {
    rmSync(this.resolve(relative), { force: true });
  }

  resolve(relative: string): string {
    return path.join(this.root, ...relative.split('/'));
  }
}
