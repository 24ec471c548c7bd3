// Kept pictures as the review receives them: the lossless PNG of one frame, or
// a page of thumbnails, as base64 with their pixel size read from the PNG's
// header (a thumbnail is not the frame's size).
import { readFileSync } from 'node:fs';
import type { HistoryRow } from '../../src-shared/history-contract.js';
import type { HistoryPicture } from '../../src-shared/history-methods.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { parsePngHeader } from '../images/png-header.js';
import { ImageFiles, IMAGES_FOLDER } from '../store/image-files.js';
import { join } from 'node:path';

export class PictureFiles {
  private readonly files: ImageFiles;

  constructor(dataDir: string) {
    this.files = new ImageFiles(join(dataDir, IMAGES_FOLDER));
  }

  /** Absolute path of a file the images table names (relative, '/'-separated). */
  resolve(relative: string): string {
    return this.files.resolve(relative);
  }

  full(row: HistoryRow | null, frameId: number): Result<HistoryPicture> {
    if (!row) return fail('not-found', `frame ${frameId} is not in the history`, `frame ${frameId}`);
    if (!row.image) return fail('not-found', `frame ${frameId} kept no picture (OK frames keep 1 in N; see the retention setting)`, `frame ${frameId}`);
    if (!row.image.full) return fail('not-found', `the picture of frame ${frameId} was removed by the disk quota`, `frame ${frameId}`);
    return this.read(frameId, row.image.full);
  }

  /** Thumbnails of the frames that have one, in the order asked; the others are left out. */
  thumbnails(rows: (HistoryRow | null)[]): HistoryPicture[] {
    const out: HistoryPicture[] = [];
    for (const row of rows) {
      if (!row?.image?.thumb) continue;
      const read = this.read(row.frameId, row.image.thumb);
      if (read.ok) out.push(read.value);
    }
    return out;
  }

  private read(frameId: number, relative: string): Result<HistoryPicture> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.resolve(relative));
    } catch (err) {
      return fail('not-found', `the picture file of frame ${frameId} (${relative}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, relative);
    }
    const header = parsePngHeader(bytes);
    if (!header.ok) return fail('bad-image', `the picture file of frame ${frameId} (${relative}) is not a whole PNG: ${header.error}`, relative);
    return ok({ frameId, mime: 'image/png', width: header.value.width, height: header.value.height, dataBase64: bytes.toString('base64') });
  }
}
