// The largest image Loupe agrees to decode. Checked against the header's claim
// before OpenCV allocates anything: a 30000×30000 header would otherwise cost
// 900 MB (or 5.4 GB as 16-bit colour) before the decoder notices the file is short.

export const MAX_IMAGE_PIXELS = 100_000_000;
export const MAX_IMAGE_SIDE = 16_384;
/** Files larger than this are refused before they are read into memory. */
export const MAX_IMAGE_FILE_BYTES = 1024 * 1024 * 1024;

/** Why the size is refused, or null when it is within budget. */
export function overBudget(width: number, height: number): string | null {
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    return `image claims ${width}×${height} pixels; the limit is ${MAX_IMAGE_SIDE} on a side`;
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    const mp = ((width * height) / 1e6).toFixed(1);
    return `image claims ${width}×${height} pixels (${mp} MP); the limit is ${MAX_IMAGE_PIXELS / 1e6} MP`;
  }
  return null;
}
