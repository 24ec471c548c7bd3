// TIFF (classic and BigTIFF, either byte order): the size is in tags 256/257 of
// the first IFD; the file is whole when every strip or tile the IFD points at
// lies inside it.
import { headerBad, headerOk, type HeaderParse } from './header-parse.js';

const TAG_WIDTH = 256;
const TAG_HEIGHT = 257;
const TAG_STRIP_OFFSETS = 273;
const TAG_STRIP_BYTE_COUNTS = 279;
const TAG_TILE_OFFSETS = 324;
const TAG_TILE_BYTE_COUNTS = 325;
const WANTED = new Set([TAG_WIDTH, TAG_HEIGHT, TAG_STRIP_OFFSETS, TAG_STRIP_BYTE_COUNTS, TAG_TILE_OFFSETS, TAG_TILE_BYTE_COUNTS]);

/** Byte size of the TIFF field types that can hold sizes and offsets. */
const TYPE_SIZE: Record<number, number> = { 1: 1, 3: 2, 4: 4, 16: 8 };
/** More strips than this is not a real image; it would only make the walk slow. */
const MAX_VALUES = 1_000_000;

class TiffReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fits(offset: number, size: number): boolean {
    return offset >= 0 && offset + size <= this.bytes.length;
  }
  u16(offset: number): number {
    return this.view.getUint16(offset, this.little);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, this.little);
  }
  u64(offset: number): number {
    return Number(this.view.getBigUint64(offset, this.little));
  }
  value(type: number, offset: number): number {
    switch (type) {
      case 1:
        return this.bytes[offset];
      case 3:
        return this.u16(offset);
      case 4:
        return this.u32(offset);
      default:
        return this.u64(offset);
    }
  }
}

export function parseTiffHeader(bytes: Uint8Array): HeaderParse {
  if (bytes.length < 8) return headerBad('TIFF header cut short');
  const reader = new TiffReader(bytes, bytes[0] === 0x49);
  const big = reader.u16(2) === 43;
  if (big && bytes.length < 16) return headerBad('BigTIFF header cut short');
  const ifd = big ? reader.u64(8) : reader.u32(4);
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  const inlineSize = big ? 8 : 4;
  if (!reader.fits(ifd, countSize)) return headerBad(`TIFF directory at byte ${ifd} lies past the end of the file`);
  const entries = big ? reader.u64(ifd) : reader.u16(ifd);
  if (!reader.fits(ifd + countSize, entries * entrySize)) return headerBad('TIFF directory cut short');

  const tags = new Map<number, number[]>();
  for (let i = 0; i < entries; i++) {
    const entry = ifd + countSize + i * entrySize;
    const tag = reader.u16(entry);
    if (!WANTED.has(tag)) continue;
    const type = reader.u16(entry + 2);
    const count = big ? reader.u64(entry + 4) : reader.u32(entry + 4);
    const size = TYPE_SIZE[type];
    if (size === undefined) return headerBad(`TIFF tag ${tag} has unexpected field type ${type}`);
    if (count > MAX_VALUES) return headerBad(`TIFF tag ${tag} holds ${count} values`);
    const valueField = entry + (big ? 12 : 8);
    const start = count * size <= inlineSize ? valueField : big ? reader.u64(valueField) : reader.u32(valueField);
    if (!reader.fits(start, count * size)) {
      if (tag === TAG_WIDTH || tag === TAG_HEIGHT) return headerBad(`TIFF tag ${tag} points past the end of the file`);
      tags.set(tag, [Infinity]); // the strip table itself is missing: cut short
      continue;
    }
    const values: number[] = [];
    for (let k = 0; k < count; k++) values.push(reader.value(type, start + k * size));
    tags.set(tag, values);
  }

  const width = tags.get(TAG_WIDTH)?.[0];
  const height = tags.get(TAG_HEIGHT)?.[0];
  if (width === undefined || height === undefined) return headerBad('TIFF has no image width or height tag');
  if (width === 0 || height === 0) return headerBad(`TIFF declares a ${width}×${height} image`);
  return headerOk(width, height, missingData(tags, bytes.length));
}

/** Says how the strips or tiles overrun the file, or null when all lie inside it. */
function missingData(tags: Map<number, number[]>, fileLength: number): string | null {
  const offsets = tags.get(TAG_STRIP_OFFSETS) ?? tags.get(TAG_TILE_OFFSETS);
  const counts = tags.get(TAG_STRIP_BYTE_COUNTS) ?? tags.get(TAG_TILE_BYTE_COUNTS);
  if (!offsets) return 'TIFF has no strip or tile offsets';
  let end = 0;
  offsets.forEach((offset, i) => {
    // Without byte counts, at least the first byte of every strip must exist.
    end = Math.max(end, offset + (counts?.[i] ?? 1));
  });
  return end > fileLength ? `TIFF image data ends at byte ${end}, file has ${fileLength} (file cut short)` : null;
}
