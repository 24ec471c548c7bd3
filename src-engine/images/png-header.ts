// PNG: the size sits in the IHDR chunk that must come first; the file is whole
// when the chunk chain reaches IEND inside the file.
import { headerBad, headerOk, type HeaderParse } from './header-parse.js';

const IHDR = 0x49484452;
const IEND = 0x49454e44;

export function parsePngHeader(bytes: Uint8Array): HeaderParse {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24) return headerBad('PNG header cut short');
  if (view.getUint32(12) !== IHDR) return headerBad('PNG does not start with an IHDR chunk');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) return headerBad(`PNG declares a ${width}×${height} image`);

  // Walk the chunk chain (length, type, data, CRC) without reading the data.
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = view.getUint32(offset + 4);
    const end = offset + 12 + length;
    if (type === IEND) return headerOk(width, height, end <= bytes.length ? null : 'PNG end chunk cut short');
    offset = end;
  }
  return headerOk(width, height, 'PNG chunk chain ends before the IEND chunk (file cut short)');
}
