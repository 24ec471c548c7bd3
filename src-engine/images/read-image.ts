// The one way the engine reads an image file. Every check that can be made
// without decoding comes first (existence, size on disk, magic bytes, declared
// size, truncation), so a bad file costs a clear error and a few bytes of
// reading, never a crash or a giant allocation.
import { readFileSync, statSync } from 'node:fs';
import type { Mat } from '../opencv.js';
import { fail, type Result } from '../../src-shared/result.js';
import { describeMagic, sniffImageFormat } from './image-format.js';
import { parseImageHeader } from './image-header.js';
import { MAX_IMAGE_FILE_BYTES, overBudget } from './pixel-budget.js';
import { decodeImageBytes } from './decode-image.js';

export function readImageFile(path: string): Result<Mat> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return fail('bad-image', `${path}: not a regular file`, path);
    size = stat.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('not-found', `${path}: no such file`, path);
    return fail('bad-image', `${path}: cannot be read (${code ?? String(err)})`, path);
  }
  if (size === 0) return fail('bad-image', `${path}: empty file`, path);
  if (size > MAX_IMAGE_FILE_BYTES) {
    return fail('too-large', `${path}: file is ${(size / 2 ** 20).toFixed(0)} MiB; the limit is ${MAX_IMAGE_FILE_BYTES / 2 ** 20} MiB`, path);
  }

  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail('bad-image', `${path}: cannot be read (${code ?? String(err)})`, path);
  }

  const format = sniffImageFormat(bytes);
  if (!format) return fail('bad-image', `${path}: not an image (${describeMagic(bytes)}; expected PNG, JPEG, TIFF or BMP)`, path);

  const header = parseImageHeader(format, bytes);
  if (!header.ok) return fail('bad-image', `${path}: truncated or corrupt (${header.error})`, path);
  const { width, height, truncated } = header.value;
  const tooBig = overBudget(width, height);
  if (tooBig) return fail('too-large', `${path}: ${tooBig}`, path);
  if (truncated) return fail('bad-image', `${path}: truncated or corrupt (${truncated})`, path);

  return decodeImageBytes(bytes, path);
}
