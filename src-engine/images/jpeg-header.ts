// JPEG: walk the marker segments up to the first scan; the size is in the SOFn
// frame header. The file is whole when an end-of-image marker follows the scan
// data (inside entropy-coded data 0xFF is always stuffed, so FF D9 there is real).
import { headerBad, headerOk, type HeaderParse } from './header-parse.js';

const SOS = 0xda;
const EOI = 0xd9;

/** SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers that stand alone, without a length field. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

function hasEndMarkerAfter(bytes: Uint8Array, start: number): boolean {
  for (let i = bytes.length - 2; i >= start; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === EOI) return true;
  }
  return false;
}

export function parseJpegHeader(bytes: Uint8Array): HeaderParse {
  let size: { width: number; height: number } | null = null;
  let offset = 2; // after SOI
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) return headerBad(`JPEG marker expected at byte ${offset}`);
    while (offset < bytes.length && bytes[offset] === 0xff) offset++; // fill bytes
    if (offset >= bytes.length) break;
    const marker = bytes[offset];
    if (isStandalone(marker)) {
      offset += 1;
      continue;
    }
    if (marker === EOI) return headerBad('JPEG ends before any image data');
    if (offset + 2 >= bytes.length) break;
    const length = (bytes[offset + 1] << 8) | bytes[offset + 2];
    if (length < 2) return headerBad(`JPEG segment at byte ${offset} has length ${length}`);
    if (isStartOfFrame(marker)) {
      if (offset + 7 >= bytes.length) break;
      const height = (bytes[offset + 4] << 8) | bytes[offset + 5];
      const width = (bytes[offset + 6] << 8) | bytes[offset + 7];
      if (width === 0 || height === 0) return headerBad(`JPEG frame header declares ${width}×${height}`);
      size = { width, height };
    }
    if (marker === SOS) {
      if (!size) return headerBad('JPEG scan data comes before any frame header');
      const scanStart = offset + 1 + length;
      return headerOk(size.width, size.height, hasEndMarkerAfter(bytes, scanStart) ? null : 'JPEG has no end-of-image marker (file cut short)');
    }
    offset += 1 + length;
  }
  if (size) return headerOk(size.width, size.height, 'JPEG ends before its scan data (file cut short)');
  return headerBad('JPEG header cut short before its frame header');
}
