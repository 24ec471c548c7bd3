// TFRecord framing, the container of every TensorBoard event file:
//
//   uint64 length (little-endian)
//   uint32 masked CRC-32C of the 8 length bytes
//   byte   data[length]
//   uint32 masked CRC-32C of the data
//
// The CRC is "masked" (rotated and offset) because a CRC of data that itself
// contains CRCs is weak; the mask is TensorFlow's (tensorflow/core/lib/hash/crc32c.h).
// The CRC itself comes from @node-rs/crc32 (native, SIMD where the CPU has it).
import { crc32c } from '@node-rs/crc32';

export const HEADER_BYTES = 12;
export const FOOTER_BYTES = 4;
const MASK_DELTA = 0xa282ead8;

export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** One framed record: header, data and footer in one buffer. */
export function frameRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + data.length + FOOTER_BYTES);
  out.writeUInt32LE(data.length >>> 0, 0);
  out.writeUInt32LE(Math.floor(data.length / 2 ** 32), 4);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, HEADER_BYTES);
  out.writeUInt32LE(maskedCrc32c(data), HEADER_BYTES + data.length);
  return out;
}

/** The data length a header announces, or null when its CRC does not match (not a header). */
export function headerLength(buf: Buffer, at: number, maxRecordBytes: number): number | null {
  const high = buf.readUInt32LE(at + 4);
  const low = buf.readUInt32LE(at);
  // A plausible length first: it rejects almost every position of a garbage
  // region without computing a CRC, which keeps resynchronising cheap.
  if (high !== 0 || low > maxRecordBytes) return null;
  return maskedCrc32c(buf.subarray(at, at + 8)) === buf.readUInt32LE(at + 8) ? low : null;
}

export function dataCrcMatches(buf: Buffer, dataStart: number, length: number): boolean {
  return maskedCrc32c(buf.subarray(dataStart, dataStart + length)) === buf.readUInt32LE(dataStart + length);
}
