// Header sniffing and parsing, without decoding: sizes and truncation must be
// known before OpenCV allocates anything.
import { describe, expect, it } from 'vitest';
import { sniffImageFormat, hasImageExtension, describeMagic } from '../../../src-engine/images/image-format.js';
import { parseImageHeader } from '../../../src-engine/images/image-header.js';
import { overBudget, MAX_IMAGE_SIDE } from '../../../src-engine/images/pixel-budget.js';
import { bmpHeader, jpegHeader, pngHeader, tiffHeader } from './crafted-headers.js';

describe('sniffImageFormat', () => {
  it('recognises each container by its magic bytes', () => {
    expect(sniffImageFormat(pngHeader(1, 1))).toBe('png');
    expect(sniffImageFormat(jpegHeader(1, 1))).toBe('jpeg');
    expect(sniffImageFormat(tiffHeader(1, 1, 'II'))).toBe('tiff');
    expect(sniffImageFormat(tiffHeader(1, 1, 'MM'))).toBe('tiff');
    expect(sniffImageFormat(bmpHeader(1, 1))).toBe('bmp');
  });

  it('refuses text, empty input and near misses', () => {
    expect(sniffImageFormat(Buffer.from('hello, I am not a picture'))).toBeNull();
    expect(sniffImageFormat(Buffer.alloc(0))).toBeNull();
    expect(sniffImageFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull(); // PNG signature cut short
    expect(describeMagic(Buffer.from('hello world'))).toContain('"hello wo"');
  });

  it('matches image extensions case-insensitively', () => {
    for (const name of ['a.png', 'b.JPG', 'c.jpeg', 'd.TIF', 'e.tiff', 'f.Bmp']) expect(hasImageExtension(name)).toBe(true);
    for (const name of ['a.txt', 'png', 'b.png.bak', 'c.gif']) expect(hasImageExtension(name)).toBe(false);
  });
});

describe('parseImageHeader', () => {
  const cases = [
    ['png', pngHeader(30000, 20000)],
    ['jpeg', jpegHeader(30000, 20000)],
    ['tiff', tiffHeader(30000, 20000, 'II')],
    ['tiff', tiffHeader(30000, 20000, 'MM')],
    ['bmp', bmpHeader(30000, 20000)],
  ] as const;

  it.each(cases)('reads the declared size of a %s header', (format, bytes) => {
    const header = parseImageHeader(format, bytes);
    expect(header.ok && header.value.width).toBe(30000);
    expect(header.ok && header.value.height).toBe(20000);
  });

  it('sees a JPEG without its end marker as cut short, and one with it as whole', () => {
    const whole = jpegHeader(10, 10);
    const whole0 = parseImageHeader('jpeg', whole);
    expect(whole0.ok && whole0.value.truncated).toBeNull();
    const cut = parseImageHeader('jpeg', whole.subarray(0, whole.length - 2));
    expect(cut.ok && cut.value.truncated).toMatch(/end-of-image/);
  });

  it('sees a PNG without IEND as cut short', () => {
    const png = pngHeader(10, 10);
    const cut = parseImageHeader('png', png.subarray(0, png.length - 12));
    expect(cut.ok && cut.value.truncated).toMatch(/IEND/);
  });

  it('sees a TIFF whose strip lies past the end as cut short', () => {
    const tiff = tiffHeader(10, 10, 'MM');
    const cut = parseImageHeader('tiff', tiff.subarray(0, tiff.length - 3));
    expect(cut.ok && cut.value.truncated).toMatch(/cut short/);
  });

  it('sees a BMP with fewer pixel bytes than rows need as cut short', () => {
    const parsed = parseImageHeader('bmp', bmpHeader(100, 100));
    expect(parsed.ok && parsed.value.truncated).toMatch(/cut short/);
  });

  it('reports headers too short to hold a size', () => {
    expect(parseImageHeader('png', pngHeader(10, 10).subarray(0, 20)).ok).toBe(false);
    expect(parseImageHeader('jpeg', jpegHeader(10, 10).subarray(0, 25)).ok).toBe(false);
    expect(parseImageHeader('tiff', tiffHeader(10, 10, 'II').subarray(0, 12)).ok).toBe(false);
    expect(parseImageHeader('bmp', bmpHeader(10, 10).subarray(0, 20)).ok).toBe(false);
  });
});

describe('overBudget', () => {
  it('allows a large camera frame and refuses giant or oversized claims', () => {
    expect(overBudget(5472, 3648)).toBeNull();
    expect(overBudget(30000, 30000)).toMatch(/30000×30000/);
    expect(overBudget(MAX_IMAGE_SIDE + 1, 10)).toMatch(/on a side/);
    expect(overBudget(12000, 12000)).toMatch(/MP/);
  });
});
