// Exports in-process: COCO categories and pictures, CSV's two tables (a frame
// with nothing found keeps its row), and all-or-nothing output: a disk that
// fails mid-way, or a destination that is taken, leaves no file behind.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportHistory } from '../../../src-engine/history/export-history.js';
import { PictureFiles } from '../../../src-engine/history/pictures.js';
import { ReviewStore } from '../../../src-engine/history/review-store.js';
import { useTempDirs } from '../../temp-dirs.js';
import { opencv } from '../../../src-engine/opencv.js';
import { importFolder } from '../../../src-engine/history/import-folder.js';
import { defaultRecipe, importDrawnFolder } from '../workbench/history-setup.js';

const tempDir = useTempDirs('history-export');
let store: ReviewStore | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

function openStore(): { store: ReviewStore; pictures: PictureFiles; dir: string } {
  const dir = tempDir();
  const { dataDir } = importDrawnFolder(dir);
  const opened = ReviewStore.open(dataDir);
  if (!opened.ok) throw new Error(opened.error.message);
  store = opened.value;
  return { store: opened.value, pictures: new PictureFiles(dataDir), dir };
}

describe('export', () => {
  it('COCO: an object label wins over the image class; every file_name is under images/', async () => {
    const { store: s, pictures, dir } = openStore();
    const washer = s.row(4)!;
    expect(s.setLabel({ frameId: washer.frameId, objectId: 1, value: 'chipped', author: 'ana', replaces: null }).ok).toBe(true);
    const out = join(dir, 'coco');
    const done = await exportHistory({ store: s, pictures, format: 'coco', out, filter: {} });
    expect(done.ok && done.value).toMatchObject({ frames: 4, objects: 4, problems: [] });
    const coco = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8'));
    const names = new Map<number, string>(coco.categories.map((c: { id: number; name: string }) => [c.id, c.name]));
    const byImage = new Map<number, string>(coco.annotations.map((a: { image_id: number; category_id: number }) => [a.image_id, names.get(a.category_id)!]));
    expect(byImage.get(washer.frameId)).toBe('chipped');
    expect(byImage.get(3)).toBe('good');
    expect(coco.images.map((i: { file_name: string }) => i.file_name).sort()).toEqual(readdirSync(join(out, 'images')).sort());
  });

  it('CSV: one row per object and one per frame, the frame with nothing found included', async () => {
    const { store: s, pictures, dir } = openStore();
    const empty = join(dir, 'more', 'empty');
    mkdirSync(empty, { recursive: true });
    const cv = opencv();
    cv.imwrite(join(empty, 'belt.png'), new cv.Mat(120, 120, cv.CV_8UC1, 0)); // nothing on the belt
    const more = importFolder({ dataDir: s.dataDir, folder: join(dir, 'more'), recipe: defaultRecipe() });
    expect(more.ok && more.value.imported).toBe(1);
    const out = join(dir, 'csv');
    const done = await exportHistory({ store: s, pictures, format: 'csv', out, filter: { label: { values: ['good', 'empty'] } } });
    expect(done.ok && done.value).toMatchObject({ frames: 3, objects: 2 });
    const frames = readFileSync(join(out, 'frames.csv'), 'utf8').trimEnd().split('\n');
    expect(frames[0].split(',').slice(0, 3)).toEqual(['frame_id', 'run_id', 'seq']);
    expect(frames).toHaveLength(4);
    expect(frames.filter((f) => f.includes(',empty,'))).toEqual([expect.stringMatching(/,folder,OK,0,0,empty,/)]);
    const objects = readFileSync(join(out, 'objects.csv'), 'utf8').trimEnd().split('\n');
    expect(objects).toHaveLength(3);
    expect(objects.slice(1).every((o) => o.includes(',good,'))).toBe(true);
  });

  it('a disk that fails mid-way: a clear error, and neither OUT nor a temporary folder is left', async () => {
    const { store: s, pictures, dir } = openStore();
    const out = join(dir, 'coco');
    let copies = 0;
    const done = await exportHistory({
      store: s,
      pictures,
      format: 'coco',
      out,
      filter: {},
      copyFile: (from, to) => {
        if (++copies === 3) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        copyFileSync(from, to);
      },
    });
    expect(done.ok).toBe(false);
    if (!done.ok) expect(done.error.message).toBe(`the export to ${out} failed and was removed: ENOSPC, no space left on device`);
    expect(readdirSync(dir).sort()).toEqual(['data', 'pictures']);
    expect(s.reader.count({})).toEqual({ ok: true, value: 4 });
  });

  it('refuses a destination that holds files, and leaves them as they were', async () => {
    const { store: s, pictures, dir } = openStore();
    const out = join(dir, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    const done = await exportHistory({ store: s, pictures, format: 'csv', out, filter: {} });
    expect(!done.ok && done.error.message).toBe(`cannot export to ${out}: it exists and is not an empty folder; choose a new folder`);
    expect(readdirSync(out)).toEqual(['mine.txt']);
    expect(readdirSync(dir).sort()).toEqual(['data', 'pictures', 'taken']);
  });
});
