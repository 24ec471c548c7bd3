// Folder replay: natural order, case-insensitive extensions, bad files skipped
// with their name while every good frame still arrives in order, clear errors
// for a missing or image-less folder, and looping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { opencv } from '../../../src-engine/opencv.js';
import { openFolderSource } from '../../../src-engine/sources/folder-source.js';
import { naturalCompare } from '../../../src-engine/sources/list-images.js';
import type { FrameSource, SourceItem } from '../../../src-engine/sources/frame-source.js';
import { makeTempDir } from './temp-dir.js';
import { pngHeader } from '../images/crafted-headers.js';

const tmp = makeTempDir('folder-source');
afterAll(() => tmp.remove());

/** A small gray image whose uniform level identifies it. */
function writeLevel(path: string, level: number): void {
  const cv = opencv();
  cv.imwrite(path, new cv.Mat(24, 32, cv.CV_8UC1, level));
}

async function drain(source: FrameSource, max = 100): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for (let i = 0; i < max; i++) {
    const item = await source.next();
    if (!item) break;
    items.push(item);
  }
  return items;
}

const levelOf = (item: SourceItem): number => (item.kind === 'frame' ? item.frame.image.mean().w : -1);

let mixed: string;
beforeAll(() => {
  mixed = tmp.path('mixed');
  mkdirSync(mixed);
  writeLevel(`${mixed}/frame1.png`, 10);
  writeFileSync(`${mixed}/frame2.png`, 'not an image at all');
  writeLevel(`${mixed}/frame3.PNG`, 30);
  writeFileSync(`${mixed}/frame4.jpg`, '');
  writeFileSync(`${mixed}/frame5.png`, pngHeader(30000, 30000)); // claims 900 MP
  writeLevel(`${mixed}/frame6.jpg`, 60);
  const jpeg = readFileSync(`${mixed}/frame6.jpg`);
  writeFileSync(`${mixed}/frame6.jpg`, jpeg.subarray(0, jpeg.length >> 1)); // cut in half
  writeLevel(`${mixed}/frame10.bmp`, 100);
  writeLevel(`${mixed}/frame9.TIFF`, 90);
  writeFileSync(`${mixed}/readme.txt`, 'ignored: not an image extension');
  mkdirSync(`${mixed}/sub.png`); // a folder named like an image is not a file
});

describe('openFolderSource', () => {
  it('delivers every good image in natural order and skips bad ones by name', async () => {
    const opened = openFolderSource({ kind: 'folder', path: mixed, fps: 5, loop: false });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const source = opened.value;
    expect(source.info).toMatchObject({ kind: 'folder', fps: 5, length: 8 });
    const items = await drain(source);
    expect(items.map((i) => i.kind)).toEqual(['frame', 'skipped', 'frame', 'skipped', 'skipped', 'skipped', 'frame', 'frame']);
    const frames = items.flatMap((i) => (i.kind === 'frame' ? [i.frame] : []));
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2, 3]);
    expect(frames.map((f) => f.image.mean().w)).toEqual([10, 30, 90, 100]);
    expect(frames.map((f) => f.origin?.split('/').pop())).toEqual(['frame1.png', 'frame3.PNG', 'frame9.TIFF', 'frame10.bmp']);
    const skipped = items.flatMap((i) => (i.kind === 'skipped' ? [i.error] : []));
    expect(skipped.map((e) => [e.code, e.subject?.split('/').pop()])).toEqual([
      ['bad-image', 'frame2.png'],
      ['bad-image', 'frame4.jpg'],
      ['too-large', 'frame5.png'],
      ['bad-image', 'frame6.jpg'],
    ]);
    expect(skipped[0].message).toMatch(/not an image/);
    expect(skipped[1].message).toMatch(/empty file/);
    expect(skipped[2].message).toMatch(/30000×30000/);
    expect(skipped[3].message).toMatch(/truncated or corrupt/);
    expect(await source.next()).toBeNull();
  });

  it('loops, starting again from the first image', async () => {
    const opened = openFolderSource({ kind: 'folder', path: mixed, fps: 10, loop: true });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.info.length).toBeNull();
    const items = await drain(opened.value, 17);
    expect(items.map(levelOf)).toEqual([10, -1, 30, -1, -1, -1, 90, 100, 10, -1, 30, -1, -1, -1, 90, 100, 10]);
    const seqs = items.flatMap((i) => (i.kind === 'frame' ? [i.frame.seq] : []));
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    opened.value.close();
    expect(await opened.value.next()).toBeNull();
  });

  it('stops looping when a whole pass delivered nothing', async () => {
    const dir = tmp.path('all-bad');
    mkdirSync(dir);
    writeFileSync(`${dir}/a.png`, 'text');
    writeFileSync(`${dir}/b.jpg`, '');
    const opened = openFolderSource({ kind: 'folder', path: dir, fps: 10, loop: true });
    if (!opened.ok) throw new Error(opened.error.message);
    const items = await drain(opened.value, 50);
    expect(items.map((i) => i.kind)).toEqual(['skipped', 'skipped']);
  });

  it('refuses an empty folder', () => {
    const dir = tmp.path('empty');
    mkdirSync(dir);
    const opened = openFolderSource({ kind: 'folder', path: dir, fps: 10, loop: false });
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error).toMatchObject({ code: 'bad-source', subject: dir });
    expect(opened.error.message).toContain(`no images in ${dir}`);
  });

  it('refuses a folder with files but no images', () => {
    const dir = tmp.path('docs');
    mkdirSync(dir);
    writeFileSync(`${dir}/notes.txt`, 'hello');
    writeFileSync(`${dir}/image.gif`, 'GIF89a');
    const opened = openFolderSource({ kind: 'folder', path: dir, fps: 10, loop: false });
    expect(!opened.ok && opened.error.message).toContain(`no images in ${dir}`);
  });

  it('reports a missing folder as not found, and a file as not a folder', () => {
    const missing = openFolderSource({ kind: 'folder', path: tmp.path('nowhere'), fps: 10, loop: false });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'not-found', subject: tmp.path('nowhere') });
    const file = openFolderSource({ kind: 'folder', path: `${mixed}/frame1.png`, fps: 10, loop: false });
    expect(!file.ok && file.error).toMatchObject({ code: 'bad-source' });
    expect(!file.ok && file.error.message).toMatch(/not a folder/);
  });
});

describe('naturalCompare', () => {
  it('orders numbers by value and ignores case, with a total order on ties', () => {
    const names = ['img10.png', 'IMG2.png', 'img1.png', 'img2.png', 'img001.png', 'a.png'];
    expect([...names].sort(naturalCompare)).toEqual(['a.png', 'img001.png', 'img1.png', 'IMG2.png', 'img2.png', 'img10.png']);
  });
});
