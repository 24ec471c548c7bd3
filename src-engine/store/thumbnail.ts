// The gallery's small picture: the frame shrunk by whole-pixel box averaging
// (cheap, no aliasing from skipping pixels) to at most `maxSide` px, 8-bit.
import type { RawImage } from './raw-image.js';

export function thumbnail(image: RawImage, maxSide = 160): RawImage {
  const scale = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
  const width = Math.max(1, Math.floor(image.width / scale));
  const height = Math.max(1, Math.floor(image.height / scale));
  const ch = image.channels;
  const src = image.depth === 16 ? new Uint16Array(image.data) : new Uint8Array(image.data);
  const shift = image.depth === 16 ? 8 : 0; // 16-bit samples to 8-bit
  const out = new Uint8Array(width * height * ch);
  const area = scale * scale;
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      for (let c = 0; c < ch; c++) {
        let sum = 0;
        for (let dy = 0; dy < scale; dy++) {
          let i = ((ty * scale + dy) * image.width + tx * scale) * ch + c;
          for (let dx = 0; dx < scale; dx++, i += ch) sum += src[i];
        }
        out[(ty * width + tx) * ch + c] = (sum / area) >> shift;
      }
    }
  }
  return { width, height, channels: ch, depth: 8, data: out.buffer };
}
