// Importing a labelled folder in-process: what is recorded for each file, the
// unreadable one named and skipped, and a second import that adds nothing.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importFolder } from '../../../src-engine/history/import-folder.js';
import { ReviewStore } from '../../../src-engine/history/review-store.js';
import { readImageFile } from '../../../src-engine/images/read-image.js';
import { databaseFile } from '../../../src-engine/store/open-database.js';
import { opencv } from '../../../src-engine/opencv.js';
import { useTempDirs } from '../../temp-dirs.js';
import { defaultRecipe } from '../workbench/history-setup.js';
import { writeLabelledFolder } from './labelled-pictures.js';

const tempDir = useTempDirs('history-import');

describe('importing a labelled folder', () => {
  it('records each readable file as a labelled frame of a folder run with its full picture and thumbnail; names the truncated JPEG', () => {
    const dir = tempDir();
    const source = writeLabelledFolder(join(dir, 'pictures'));
    const dataDir = join(dir, 'data');
    const progress: number[] = [];
    const imported = importFolder({ dataDir, folder: source, recipe: defaultRecipe(), onProgress: (p) => progress.push(p.done) });
    expect(imported.ok && imported.value).toMatchObject({ imported: 4, alreadyImported: 0, skipped: 1, classes: { good: 2, defect_x: 2 } });
    if (!imported.ok) return;
    expect(imported.value.problems).toEqual([expect.stringMatching(/^defect_x\/cut\.jpg: truncated or corrupt \(JPEG/)]);
    expect(progress).toEqual([1, 2, 3, 4]);

    const store = ReviewStore.open(dataDir);
    if (!store.ok) throw new Error(store.error.message);
    try {
      const rows = store.value.reader.query({ sort: { column: 'frameId', direction: 'asc' }, page: { limit: 10 } });
      if (!rows.ok) throw new Error(rows.error.message);
      expect(rows.value.map((r) => [r.runId, r.source, r.label, r.objectCount])).toEqual([
        [imported.value.runId, 'folder', 'defect_x', 1],
        [imported.value.runId, 'folder', 'defect_x', 1],
        [imported.value.runId, 'folder', 'good', 1],
        [imported.value.runId, 'folder', 'good', 1],
      ]);
      for (const row of rows.value) {
        const frame = store.value.frame(row.frameId);
        expect(frame.ok && frame.value.revisions).toEqual([expect.objectContaining({ kind: 'label', author: 'import', value: row.label })]);
        expect(existsSync(join(dataDir, 'images', row.image!.thumb!))).toBe(true);
      }
      // The kept picture is the file's pixels, losslessly.
      const kept = readImageFile(join(dataDir, 'images', rows.value[2].image!.full!));
      const original = readImageFile(join(source, 'good', 'disc.png'));
      if (!kept.ok || !original.ok) throw new Error('unreadable');
      const keptGray = kept.value.channels === 1 ? kept.value : kept.value.cvtColor(opencv().COLOR_BGR2GRAY);
      expect(keptGray.absdiff(original.value.channels === 1 ? original.value : original.value.cvtColor(opencv().COLOR_BGR2GRAY)).countNonZero()).toBe(0);
    } finally {
      store.value.close();
    }
  });

  it('a second import of the same folder, and a copy under another name, add nothing', () => {
    const dir = tempDir();
    const source = writeLabelledFolder(join(dir, 'pictures'));
    const dataDir = join(dir, 'data');
    expect(importFolder({ dataDir, folder: source, recipe: defaultRecipe() }).ok).toBe(true);
    copyFileSync(join(source, 'good', 'disc.png'), join(source, 'defect_x', 'renamed.png'));
    const again = importFolder({ dataDir, folder: source, recipe: defaultRecipe() });
    expect(again.ok && again.value).toMatchObject({ imported: 0, runId: null });
    const db = new Database(databaseFile(dataDir), { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n).toBe(4);
    expect((db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('a folder that does not exist is a clear error and creates no run', () => {
    const dataDir = join(tempDir(), 'data');
    const missing = importFolder({ dataDir, folder: '/no/such/folder', recipe: defaultRecipe() });
    expect(missing).toEqual({ ok: false, error: { code: 'not-found', message: 'labelled folder /no/such/folder does not exist', subject: '/no/such/folder' } });
  });
});
