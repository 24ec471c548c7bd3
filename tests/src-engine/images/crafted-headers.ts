// Hand-built image headers that claim a size, with no pixel data behind them:
// what a hostile or broken file looks like to the reader.
import { crc32 } from 'node:zlib';

function be32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  return Buffer.concat([be32(data.length), body, be32(crc32(body))]);
}

/** A PNG with a valid IHDR (8-bit gray) claiming width×height, a tiny IDAT and IEND. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.concat([be32(width), be32(height), Buffer.from([8, 0, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG: SOI, a JFIF APP0, a SOF0 claiming width×height (3 components), then SOS and EOI. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const sos = [0xff, 0xda, 0x00, 0x0c, 0x03, 1, 0x00, 2, 0x11, 3, 0x11, 0x00, 0x3f, 0x00];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, ...sos, 0x00, 0x00, 0xff, 0xd9]);
}

/** A classic TIFF in either byte order whose first IFD claims width×height, with one strip pointing inside the file. */
export function tiffHeader(width: number, height: number, order: 'II' | 'MM'): Buffer {
  const le = order === 'II';
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 8],
    [259, 3, 1, 1],
    [262, 3, 1, 1],
    [273, 4, 1, 8 + 2 + 12 * 8 + 4], // strip right after the IFD
    [277, 3, 1, 1],
    [279, 4, 1, 4],
  ];
  const buf = Buffer.alloc(8 + 2 + entries.length * 12 + 4 + 4);
  const u16 = (v: number, o: number) => (le ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o));
  const u32 = (v: number, o: number) => (le ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o));
  buf.write(order, 0, 'ascii');
  u16(42, 2);
  u32(8, 4);
  u16(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const o = 10 + i * 12;
    u16(tag, o);
    u16(type, o + 2);
    u32(count, o + 4);
    if (type === 3) u16(value, o + 8);
    else u32(value, o + 8);
  });
  return buf;
}

/** A BMP with a 40-byte info header claiming width×height at 24 bits, and a few bytes of pixels. */
export function bmpHeader(width: number, height: number): Buffer {
  const buf = Buffer.alloc(54 + 16);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(0, 30);
  return buf;
}
