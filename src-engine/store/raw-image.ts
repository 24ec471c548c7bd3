// A frame's pixels on their way to the image store: copied out of the Mat once
// on the live loop (the only work the loop does for a kept picture), into a
// buffer the store's worker hands back when it is done with it, then
// transferred, not copied, to the worker, which encodes them.
// Only the engine's thread runs copyPixels; the worker imports this file's
// types alone, so it never loads OpenCV (a second thread that does aborts).
import { opencv, type Mat } from '../opencv.js';

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

/**
 * Frame-sized buffers for reuse. A fresh 1.3 MB buffer per kept frame costs the live loop its page
 * faults (measured here: copy p95 9 ms, against about 1 ms into a warm buffer); the worker sends each
 * buffer back once its picture is written.
 */
class PixelBufferPool {
  private readonly free: ArrayBuffer[] = [];
  private bytes = 0;

  /** Holds at most `maxBytes` of spare buffers (64 MiB: 48 gray 1280×1024 frames, 2 of 4K BGR). */
  constructor(private readonly maxBytes: number) {}

  take(bytes: number): ArrayBuffer {
    const i = this.free.findIndex((b) => b.byteLength === bytes);
    if (i < 0) return new ArrayBuffer(bytes);
    const [buffer] = this.free.splice(i, 1);
    this.bytes -= buffer.byteLength;
    return buffer;
  }

  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return; // detached: it was transferred again
    this.free.push(buffer);
    this.bytes += buffer.byteLength;
    while (this.bytes > this.maxBytes) this.bytes -= this.free.shift()!.byteLength;
  }

  get size(): number {
    return this.free.length;
  }
}

export const pixelBuffers = new PixelBufferPool(64 * 1024 * 1024);

export function copyPixels(mat: Mat): RawImage {
  const depth = CV_DEPTH_BITS[mat.depth];
  if (depth === undefined) throw new Error(`a picture of OpenCV depth ${mat.depth} cannot be kept losslessly (8- and 16-bit only)`);
  const channels = mat.channels;
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new Error(`a picture with ${channels} channels cannot be kept (1, 3 or 4 only)`);
  const data = pixelBuffers.take(mat.rows * mat.cols * channels * (depth / 8));
  // A Mat header over our buffer (no copy); copyTo fills it in place, since size and type match.
  const target = new (opencv().Mat)(mat.rows, mat.cols, mat.type, Buffer.from(data));
  mat.copyTo(target);
  return { width: mat.cols, height: mat.rows, channels, depth, data };
}
