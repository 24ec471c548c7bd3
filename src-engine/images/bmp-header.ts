// BMP: a file header plus a DIB header (12-byte OS/2 core or 40+ byte Windows
// info). Uncompressed pixel rows have a known size, so a short file shows.
import { headerBad, headerOk, type HeaderParse } from './header-parse.js';

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function parseBmpHeader(bytes: Uint8Array): HeaderParse {
  if (bytes.length < 26) return headerBad('BMP header cut short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);

  let width: number;
  let height: number;
  let bitsPerPixel: number;
  let compression = BI_RGB;
  if (dibSize === 12) {
    width = view.getUint16(18, true);
    height = view.getUint16(20, true);
    bitsPerPixel = view.getUint16(24, true);
  } else if (dibSize >= 40) {
    if (bytes.length < 34) return headerBad('BMP info header cut short');
    width = view.getInt32(18, true);
    height = Math.abs(view.getInt32(22, true)); // negative height = rows stored top-down
    bitsPerPixel = view.getUint16(28, true);
    compression = view.getUint32(30, true);
  } else {
    return headerBad(`BMP has an unknown ${dibSize}-byte info header`);
  }
  if (width <= 0 || height <= 0) return headerBad(`BMP declares a ${width}×${height} image`);

  // Only uncompressed rows have a size known in advance; RLE data is checked by the decoder.
  let truncated: string | null = null;
  if (compression === BI_RGB || compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    const rowBytes = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
    const needed = dataOffset + rowBytes * height;
    if (needed > bytes.length) truncated = `BMP pixel data needs ${needed} bytes, file has ${bytes.length} (file cut short)`;
  }
  return headerOk(width, height, truncated);
}
