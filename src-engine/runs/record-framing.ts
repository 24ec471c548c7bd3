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

// The header CRC depends only on the length, and an event file's records have
// few distinct lengths (every scalar of a tag encodes to the same size), so the
// CRC of each length is computed once. That halves the CRC calls of a
// scalar-heavy file, where a native call costs more than the CRC of 8 bytes.
const lengthCrcs = new Map<number, number>();
const LENGTH_CRC_CACHE_SIZE = 4096;
const lengthBytes = Buffer.alloc(8);

let lastLength = -1;
let lastLengthCrc = 0;

function maskedLengthCrc(length: number): number {
  if (length === lastLength) return lastLengthCrc;
  let crc = lengthCrcs.get(length);
  if (crc === undefined) {
    lengthBytes.writeUInt32LE(length, 0);
    lengthBytes.writeUInt32LE(0, 4);
    crc = maskedCrc32c(lengthBytes);
    if (lengthCrcs.size >= LENGTH_CRC_CACHE_SIZE) lengthCrcs.clear();
    lengthCrcs.set(length, crc);
  }
  lastLength = length;
  lastLengthCrc = crc;
  return crc;
}

/** The data length a header announces, or null when its CRC does not match (not a header). */
export function headerLength(buf: Buffer, at: number, maxRecordBytes: number): number | null {
  const high = buf.readUInt32LE(at + 4);
  const low = buf.readUInt32LE(at);
  // A plausible length first: it rejects almost every position of a garbage
  // region without computing a CRC, which keeps resynchronising cheap.
  if (high !== 0 || low > maxRecordBytes) return null;
  return maskedLengthCrc(low) === buf.readUInt32LE(at + 8) ? low : null;
}
