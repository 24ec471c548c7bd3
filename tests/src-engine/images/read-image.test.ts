// readImageFile: every bad input gets a clear error naming the file, good
// files of every supported format and depth keep their depth and channels,
// and a good read right after a bad one still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { opencv, type Mat } from '../../../src-engine/opencv.js';
import { readImageFile } from '../../../src-engine/images/read-image.js';
import { makeTempDir } from '../sources/temp-dir.js';
import { bmpHeader, jpegHeader, pngHeader, tiffHeader } from './crafted-headers.js';

const tmp = makeTempDir('read-image');
afterAll(() => tmp.remove());

let goodPng: string;

/** A test card with structure (gradient + shapes) so codecs and truncation behave as with real photos. */
function testCard(depth: 8 | 16, channels: 1 | 3, width = 160, height = 120): Mat {
  const cv = opencv();
  const type = depth === 8 ? (channels === 1 ? cv.CV_8UC1 : cv.CV_8UC3) : channels === 1 ? cv.CV_16UC1 : cv.CV_16UC3;
  const max = depth === 8 ? 255 : 65535;
  const rows: number[][] | number[][][] = [];
  for (let y = 0; y < height; y++) {
    const row: Array<number | number[]> = [];
    for (let x = 0; x < width; x++) {
      const v = Math.round(((x + y) / (width + height)) * max);
      const inDisc = (x - 80) ** 2 + (y - 60) ** 2 < 30 ** 2;
      const g = inDisc ? max - v : v;
      row.push(channels === 1 ? g : [g, Math.round(max * (x / width)), Math.round(max * (y / height))]);
    }
    (rows as unknown[]).push(row);
  }
  return new cv.Mat(rows as number[][], type);
}

function expectError(path: string, code: string, pattern: RegExp): void {
  const result = readImageFile(path);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(pattern);
  expect(result.error.subject).toBe(path);
  expect(result.error.message).toContain(path);
  // Nothing was lost: the next good file reads normally.
  const after = readImageFile(goodPng);
  expect(after.ok).toBe(true);
}

beforeAll(() => {
  goodPng = tmp.path('good.png');
  opencv().imwrite(goodPng, testCard(8, 1));
});

describe('readImageFile refuses bad input clearly', () => {
  it('a missing file', () => {
    expectError(tmp.path('nope.png'), 'not-found', /no such file/);
  });

  it('a folder', () => {
    const dir = tmp.path('a-folder.png');
    mkdirSync(dir);
    expectError(dir, 'bad-image', /not a regular file/);
  });

  it('a zero-byte file', () => {
    const path = tmp.path('empty.png');
    writeFileSync(path, '');
    expectError(path, 'bad-image', /empty file/);
  });

  it('a text file named .png', () => {
    const path = tmp.path('notes.png');
    writeFileSync(path, 'These are my notes, not a picture.\n');
    expectError(path, 'bad-image', /not an image \(starts with 54 68 65 73/);
  });

  it.each(['png', 'jpg', 'tif', 'bmp'])('a real %s cut in half', (ext) => {
    const cv = opencv();
    const whole = cv.imencode(`.${ext}`, testCard(8, 3, 320, 240));
    const path = tmp.path(`half.${ext}`);
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    expectError(path, 'bad-image', /truncated or corrupt/);
  });

  it('a header too short to hold a size', () => {
    const path = tmp.path('stub.png');
    writeFileSync(path, pngHeader(10, 10).subarray(0, 16));
    expectError(path, 'bad-image', /truncated or corrupt \(PNG header cut short\)/);
  });

  const giants = [
    ['png', pngHeader(30000, 30000)],
    ['jpg', jpegHeader(30000, 30000)],
    ['tif', tiffHeader(30000, 30000, 'II')],
    ['tiff', tiffHeader(30000, 30000, 'MM')],
    ['bmp', bmpHeader(30000, 30000)],
  ] as const;
  it.each(giants)('a %s header claiming 30000×30000, before any allocation', (ext, bytes) => {
    const path = tmp.path(`giant.${ext}`);
    writeFileSync(path, bytes);
    const rssBefore = process.memoryUsage().rss;
    expectError(path, 'too-large', /claims 30000×30000 pixels/);
    // A decoder allocation would be ≥ 900 MB; the refusal costs next to nothing.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 2 ** 20);
  });

  it('a PNG within the side limit but over the pixel budget', () => {
    const path = tmp.path('wide.png');
    writeFileSync(path, pngHeader(16000, 16000));
    expectError(path, 'too-large', /256\.0 MP/);
  });
});

describe('readImageFile keeps depth and channels', () => {
  const cases: Array<[ext: string, depth: 8 | 16, channels: 1 | 3]> = [
    ['png', 8, 1],
    ['png', 8, 3],
    ['png', 16, 1],
    ['png', 16, 3],
    ['tif', 8, 1],
    ['tif', 8, 3],
    ['tiff', 16, 1],
    ['tiff', 16, 3],
    ['bmp', 8, 1],
    ['bmp', 8, 3],
    ['jpg', 8, 1],
    ['jpeg', 8, 3],
  ];

  it.each(cases)('%s, %i-bit, %i channel(s)', (ext, depth, channels) => {
    const cv = opencv();
    const card = testCard(depth, channels);
    const path = tmp.path(`card-${depth}-${channels}.${ext}`);
    cv.imwrite(path, card);
    const read = readImageFile(path);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const mat = read.value;
    expect(mat.depth).toBe(depth === 8 ? cv.CV_8U : cv.CV_16U);
    expect(mat.channels).toBe(channels);
    expect([mat.cols, mat.rows]).toEqual([card.cols, card.rows]);
    // Lossless formats give back the very pixels; JPEG stays close.
    const diff = mat.absdiff(card);
    const worst = Math.max(...(channels === 1 ? [diff.minMaxLoc().maxVal] : diff.splitChannels().map((c) => c.minMaxLoc().maxVal)));
    const m = diff.mean();
    const meanError = channels === 1 ? m.w : (m.w + m.x + m.y) / 3;
    if (ext.startsWith('jp')) expect(meanError).toBeLessThan(4);
    else expect(worst).toBe(0);
  });

  it('drops the alpha channel of a BGRA PNG', () => {
    const cv = opencv();
    const bgra = testCard(8, 3).cvtColor(cv.COLOR_BGR2BGRA);
    const path = tmp.path('alpha.png');
    cv.imwrite(path, bgra);
    const read = readImageFile(path);
    expect(read.ok && read.value.channels).toBe(3);
  });
});
