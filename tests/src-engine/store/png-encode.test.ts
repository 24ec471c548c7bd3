// The PNG writer is checked against OpenCV's own decoder: what it writes must
// come back bit for bit (lossless), in every layout the engine can hand it.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { opencv } from '../../../src-engine/opencv.js';
import { chooseFilter, describeRawImage, encodePng } from '../../../src-engine/store/png-encode.js';
import { copyPixels, pixelBuffers, type RawImage } from '../../../src-engine/store/raw-image.js';
import { thumbnail } from '../../../src-engine/store/thumbnail.js';

const cv = opencv();

/** Noise: the hardest picture for the filter and the one where any byte out of place shows. */
function noiseMat(type: number, channels: number, bytesPerSample: number, rows = 37, cols = 53) {
  return new cv.Mat(randomBytes(rows * cols * channels * bytesPerSample), rows, cols, type);
}

function roundTrip(type: number, channels: number, bytesPerSample = 1): void {
  const mat = noiseMat(type, channels, bytesPerSample);
  const png = encodePng(copyPixels(mat));
  const back = cv.imdecode(png, cv.IMREAD_UNCHANGED);
  expect([back.rows, back.cols, back.channels, back.depth]).toEqual([mat.rows, mat.cols, mat.channels, mat.depth]);
  expect(Buffer.compare(back.getData(), mat.getData())).toBe(0);
}

describe('encodePng', () => {
  it('is lossless for 8-bit gray', () => roundTrip(cv.CV_8UC1, 1));
  it('is lossless for 8-bit BGR (written as RGB, read back as BGR)', () => roundTrip(cv.CV_8UC3, 3));
  it('is lossless for 8-bit BGRA', () => roundTrip(cv.CV_8UC4, 4));
  it('is lossless for 16-bit gray', () => roundTrip(cv.CV_16UC1, 1, 2));
  it('is lossless for 16-bit BGR', () => roundTrip(cv.CV_16UC3, 3, 2));
});

describe('the row filter', () => {
  const W = 200;
  const H = 120;
  /** A flat belt at level 40 with ±3 noise, as the synthetic camera sees it. */
  const noisyBelt = () => Uint8Array.from({ length: W * H }, () => 40 + Math.floor(Math.random() * 7) - 3);
  /** A smooth left-to-right ramp with fine texture: every row nearly equals the one above. */
  const ramp = () => Uint8Array.from({ length: W * H }, (_, i) => (i % W) + ((i * 7919) % 5 === 0 ? 1 : 0));
  const gray = (data: Uint8Array): RawImage => ({ width: W, height: H, channels: 1, depth: 8, data: data.buffer as ArrayBuffer });

  it('leaves a noisy flat picture unfiltered and filters a smooth one "up", whichever packs smaller', () => {
    for (const [pixels, expected] of [[noisyBelt(), 0], [ramp(), 2]] as const) {
      expect(chooseFilter(pixels, W, H)).toBe(expected);
      const chosen = encodePng(gray(pixels)).length;
      const other = encodePng(gray(pixels), { filter: expected === 0 ? 2 : 0 }).length;
      expect(chosen).toBeLessThan(other);
    }
  });

  it('is lossless with either filter', () => {
    for (const filter of [0, 2] as const) {
      const pixels = noisyBelt();
      const back = cv.imdecode(encodePng(gray(pixels), { filter }), cv.IMREAD_UNCHANGED);
      expect(Buffer.compare(back.getData(), Buffer.from(pixels))).toBe(0);
    }
  });
});

describe('copyPixels', () => {
  it('copies a region of a bigger picture (rows not contiguous) exactly', () => {
    const whole = noiseMat(cv.CV_8UC3, 3, 1, 40, 60);
    const region = whole.getRegion(new cv.Rect(7, 5, 30, 20));
    const raw = copyPixels(region);
    expect([raw.width, raw.height]).toEqual([30, 20]);
    expect(Buffer.compare(Buffer.from(raw.data), region.copy().getData())).toBe(0);
  });

  it('reuses a buffer handed back, and fills it with the new frame', () => {
    const first = copyPixels(noiseMat(cv.CV_8UC1, 1, 1));
    pixelBuffers.give(first.data);
    const next = noiseMat(cv.CV_8UC1, 1, 1);
    const second = copyPixels(next);
    expect(second.data).toBe(first.data);
    expect(Buffer.compare(Buffer.from(second.data), next.getData())).toBe(0);
  });

  it('refuses a picture PNG cannot hold losslessly, saying why', () => {
    expect(() => copyPixels(new cv.Mat(4, 4, cv.CV_32FC1, 0))).toThrow(/depth 5 cannot be kept losslessly/);
  });

  it('describes a buffer that does not match its size', () => {
    const image: RawImage = { width: 4, height: 4, channels: 1, depth: 8, data: new ArrayBuffer(15) };
    expect(describeRawImage(image)).toMatch(/needs 16 bytes, got 15/);
    expect(() => encodePng(image)).toThrow(/needs 16 bytes, got 15/);
  });
});

describe('thumbnail', () => {
  it('shrinks to at most 160 px by averaging, keeping the aspect and the channels', () => {
    const mat = new cv.Mat(1024, 1280, cv.CV_8UC3, [10, 100, 200]);
    const thumb = thumbnail(copyPixels(mat), 160);
    expect([thumb.width, thumb.height, thumb.channels, thumb.depth]).toEqual([160, 128, 3, 8]);
    expect([...new Uint8Array(thumb.data).subarray(0, 3)]).toEqual([10, 100, 200]);
  });

  it('averages every pixel of its cell: fine stripes and checks come out gray, not aliased', () => {
    const width = 320;
    const checks = new Uint8Array(width * 320).map((_, i) => (((i % width) + Math.floor(i / width)) % 2 ? 255 : 0));
    const rows = new Uint8Array(width * 320).map((_, i) => (Math.floor(i / width) % 2 ? 255 : 0));
    for (const data of [checks, rows]) {
      const thumb = new Uint8Array(thumbnail({ width, height: 320, channels: 1, depth: 8, data: data.buffer }, 160).data);
      expect(Math.min(...thumb)).toBeGreaterThanOrEqual(127);
      expect(Math.max(...thumb)).toBeLessThanOrEqual(128);
    }
  });

  it('brings 16-bit pictures down to 8 bits', () => {
    const mat = new cv.Mat(320, 320, cv.CV_16UC1, 51_400);
    const thumb = thumbnail(copyPixels(mat), 160);
    expect([thumb.width, thumb.depth, new Uint8Array(thumb.data)[0]]).toEqual([160, 8, 200]);
  });
});
