// A frame's pixels on their way to the image store: copied out of the Mat once
// on the live loop (the only work the loop does for a kept picture), then
// transferred, not copied, to the store's worker, which encodes them.
import type { Mat } from '../opencv.js';

export interface RawImage {
  width: number;
  height: number;
  /** 1 (gray), 3 (BGR, as OpenCV keeps it) or 4 (BGRA). */
  channels: 1 | 3 | 4;
  /** Bits per channel; 16-bit samples are in the machine's (little-endian) order. */
  depth: 8 | 16;
  data: ArrayBuffer;
}

// OpenCV's depth codes (CV_8U, CV_16U); only these two are pictures a PNG can hold losslessly.
const CV_DEPTH_BITS: Record<number, 8 | 16> = { 0: 8, 2: 16 };

export function copyPixels(mat: Mat): RawImage {
  const depth = CV_DEPTH_BITS[mat.depth];
  if (depth === undefined) throw new Error(`a picture of OpenCV depth ${mat.depth} cannot be kept losslessly (8- and 16-bit only)`);
  const channels = mat.channels;
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new Error(`a picture with ${channels} channels cannot be kept (1, 3 or 4 only)`);
  const bytes = mat.getData();
  // getData returns a fresh copy; a Buffer that shares a pooled ArrayBuffer must be cut out to be transferable.
  const data = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { width: mat.cols, height: mat.rows, channels, depth, data };
}

export function describeRawImage(image: RawImage): string | null {
  const expected = image.width * image.height * image.channels * (image.depth / 8);
  if (!(image.width > 0 && image.height > 0)) return `a picture must have a positive size (got ${image.width}×${image.height})`;
  if (image.data.byteLength !== expected) return `a ${image.width}×${image.height}×${image.channels} ${image.depth}-bit picture needs ${expected} bytes, got ${image.data.byteLength}`;
  return null;
}
