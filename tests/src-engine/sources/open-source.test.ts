// openSource dispatches a validated spec; openPathSource picks the source a
// path calls for (folder, single image, video), as the CLI needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { opencv } from '../../../src-engine/opencv.js';
import { openPathSource, openSource } from '../../../src-engine/sources/open-source.js';
import { makeTempDir } from './temp-dir.js';

const tmp = makeTempDir('open-source');
afterAll(() => tmp.remove());

let folder: string;
let image: string;
let video: string;

beforeAll(() => {
  const cv = opencv();
  folder = tmp.path('shots');
  mkdirSync(folder);
  image = `${folder}/a.png`;
  cv.imwrite(image, new cv.Mat(20, 30, cv.CV_8UC1, 77));
  cv.imwrite(`${folder}/b.png`, new cv.Mat(20, 30, cv.CV_8UC1, 88));
  video = tmp.path('clip.avi');
  const writer = new cv.VideoWriter(video, cv.VideoWriter.fourcc('MJPG'), 10, new cv.Size(64, 48), true);
  for (let k = 0; k < 5; k++) writer.write(new cv.Mat(48, 64, cv.CV_8UC3, [k * 40, k * 40, k * 40]));
  writer.release();
});

describe('openSource', () => {
  it('opens the synthetic line with defaults filled in', async () => {
    const opened = openSource({ kind: 'synthetic', seed: 3, width: 320, height: 256, frames: 2 });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.info).toMatchObject({ kind: 'synthetic', fps: 30, length: 2 });
    const first = await opened.value.next();
    expect(first?.kind === 'frame' && first.frame.truth?.parts.length).toBeGreaterThan(0);
  });

  it('refuses an invalid spec, naming the field', () => {
    const opened = openSource({ kind: 'synthetic', width: 10 });
    expect(!opened.ok && opened.error.code).toBe('bad-source');
    expect(!opened.ok && opened.error.message).toMatch(/width/);
    const unknown = openSource({ kind: 'scanner' } as never);
    expect(!unknown.ok && unknown.error.code).toBe('bad-source');
  });

  it('passes on the errors of the source it opens', () => {
    const opened = openSource({ kind: 'folder', path: tmp.path('none') });
    expect(!opened.ok && opened.error).toMatchObject({ code: 'not-found', subject: tmp.path('none') });
  });
});

describe('openPathSource', () => {
  it('opens a folder as a folder replay', () => {
    const opened = openPathSource(folder, { fps: 4 });
    expect(opened.ok && opened.value.info).toMatchObject({ kind: 'folder', fps: 4, length: 2 });
  });

  it('opens an image as a single frame', async () => {
    const opened = openPathSource(image);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.info).toMatchObject({ kind: 'file', length: 1, label: image });
    const item = await opened.value.next();
    expect(item?.kind === 'frame' && item.frame.image.mean().w).toBe(77);
    expect(item?.kind === 'frame' && item.frame.origin).toBe(image);
    expect(await opened.value.next()).toBeNull();
  });

  it('opens an image by its content even under another name', async () => {
    const renamed = tmp.path('capture.dat');
    copyFileSync(image, renamed);
    const opened = openPathSource(renamed);
    expect(opened.ok && opened.value.info.kind).toBe('file');
  });

  it('refuses a bad image file at open, with the reader error', () => {
    const bad = tmp.path('bad.jpg');
    writeFileSync(bad, 'nope');
    const opened = openPathSource(bad);
    expect(!opened.ok && opened.error).toMatchObject({ code: 'bad-image', subject: bad });
  });

  it('opens anything else as a video', async () => {
    const opened = openPathSource(video, { loop: false });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.info).toMatchObject({ kind: 'video', length: 5, fps: 10 });
    const text = tmp.path('notes.txt');
    writeFileSync(text, 'hello');
    const refused = openPathSource(text);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'bad-source', subject: text });
  });

  it('reports a missing path as not found', () => {
    const opened = openPathSource(tmp.path('ghost'));
    expect(!opened.ok && opened.error.code).toBe('not-found');
  });
});
