// A frame event with its preview picture as ONE binary WebSocket message, so the
// picture travels as bytes instead of base64 inside JSON: no 4/3 inflation, no
// 70 KB string for the page to parse, and the bytes reach the image decoder as
// a view into the received buffer without a copy.
//
//   "LPF1"               4 bytes: magic and format version
//   header length H      uint32, little-endian
//   header               H bytes of UTF-8 JSON: the event envelope, with
//                        payload.preview.data replaced by the picture's byte count
//   picture              exactly that many bytes
//
// Only the host sends these (server → page); requests stay JSON text.
// Runtime-neutral: TextEncoder/TextDecoder and typed arrays only.

const MAGIC = [0x4c, 0x50, 0x46, 0x31]; // "LPF1"
const PREFIX_BYTES = 8;

export interface FramePacketEnvelope {
  kind: 'event';
  event: 'frame';
  payload: { preview: { data: Uint8Array } & Record<string, unknown> } & Record<string, unknown>;
}

export type UnpackResult = { ok: true; message: unknown } | { ok: false; error: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when `msg` is a frame event whose preview carries bytes (and so should travel as a packet). */
export function hasPreviewBytes(msg: unknown): msg is FramePacketEnvelope {
  const env = msg as { kind?: unknown; event?: unknown; payload?: { preview?: { data?: unknown } | null } } | null;
  return env?.kind === 'event' && env.event === 'frame' && env.payload?.preview?.data instanceof Uint8Array;
}

export function packFrameEvent(envelope: FramePacketEnvelope): Uint8Array {
  const picture = envelope.payload.preview.data;
  const header = encoder.encode(
    JSON.stringify({ ...envelope, payload: { ...envelope.payload, preview: { ...envelope.payload.preview, data: picture.byteLength } } }),
  );
  const packet = new Uint8Array(PREFIX_BYTES + header.byteLength + picture.byteLength);
  packet.set(MAGIC, 0);
  new DataView(packet.buffer).setUint32(4, header.byteLength, true);
  packet.set(header, PREFIX_BYTES);
  packet.set(picture, PREFIX_BYTES + header.byteLength);
  return packet;
}

/**
 * The envelope back, with payload.preview.data a view of the picture bytes
 * inside `packet` (no copy). Anything malformed is an error with a reason,
 * never a throw: one bad packet must not stop the stream.
 */
export function unpackFrameEvent(packet: ArrayBuffer | Uint8Array): UnpackResult {
  const bytes = packet instanceof Uint8Array ? packet : new Uint8Array(packet);
  if (bytes.byteLength < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    return { ok: false, error: 'a binary message is not a Loupe frame packet (bad magic)' };
  }
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (PREFIX_BYTES + headerBytes > bytes.byteLength) {
    return { ok: false, error: `frame packet truncated: header of ${headerBytes} bytes in a ${bytes.byteLength}-byte message` };
  }
  let envelope: { payload?: { preview?: { data?: unknown } | null } | null };
  try {
    envelope = JSON.parse(decoder.decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)));
  } catch (err) {
    return { ok: false, error: `frame packet header is not UTF-8 JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const preview = envelope?.payload?.preview;
  const declared = preview?.data;
  if (!preview || typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return { ok: false, error: 'frame packet header does not declare the picture size (payload.preview.data)' };
  }
  const pictureAt = PREFIX_BYTES + headerBytes;
  if (bytes.byteLength - pictureAt !== declared) {
    return { ok: false, error: `frame packet picture is ${bytes.byteLength - pictureAt} bytes, header says ${declared}` };
  }
  preview.data = bytes.subarray(pictureAt);
  return { ok: true, message: envelope };
}
