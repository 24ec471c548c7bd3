// The engine's store and a folder import write runs to one database: SQLite
// gives both their run ids, so neither takes the other's (the store no longer
// numbers its runs from what it saw when it opened, the import no longer jumps
// 1000 ahead to stay clear of it).
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importFolder } from '../../../src-engine/history/import-folder.js';
import { openResultStore } from '../../../src-engine/store/result-store.js';
import { databaseFile } from '../../../src-engine/store/open-database.js';
import type { RawImage } from '../../../src-engine/store/raw-image.js';
import { useTempDirs } from '../../temp-dirs.js';
import { defaultRecipe } from '../workbench/history-setup.js';
import { makeFrameResult } from '../store/make-frame-result.js';
import { writeLabelledFolder } from './labelled-pictures.js';

const tempDir = useTempDirs('shared-run-ids');
const CAMERA = { kind: 'camera', device: 0 } as const;

function gray(): RawImage {
  const data = new Uint8Array(64 * 48).map((_, i) => i % 251);
  return { width: 64, height: 48, channels: 1, depth: 8, data: data.buffer };
}

describe('run ids shared by the engine store and an import', () => {
  it('never collide, whichever commits its run first, and each run keeps its own frames and pictures', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const errors: string[] = [];
    // The engine's store is open all along, as on a running line.
    const store = openResultStore(dataDir, { flushIntervalMs: 60_000, keepEveryNthOk: 0, onError: (e) => errors.push(e.message) });
    const first = store.beginRun(CAMERA, { name: 'test', version: 1 });
    store.append(first, makeFrameResult(0, false), gray);
    await store.flush();

    // A run begun before the import but committed after it.
    const second = store.beginRun(CAMERA, { name: 'test', version: 1 });
    store.append(second, makeFrameResult(0, false), gray);
    const imported = importFolder({ dataDir, folder: writeLabelledFolder(join(dir, 'pictures')), recipe: defaultRecipe() });
    if (!imported.ok) throw new Error(imported.error.message);
    store.append(second, makeFrameResult(1, true), gray);
    await store.flush();

    // And one begun after it.
    const third = store.beginRun(CAMERA, { name: 'test', version: 1 });
    for (let seq = 0; seq < 3; seq++) store.append(third, makeFrameResult(seq, seq !== 1), gray);
    await store.flush();
    store.close();

    expect(errors).toEqual([]); // no commit ever failed on a taken id
    const importRun = imported.value.runId!;
    const ids = [store.storedRunId(first), importRun, store.storedRunId(second), store.storedRunId(third)];
    expect(ids).toEqual([1, 2, 3, 4]); // in commit order, no gap
    expect(store.persistedSeq(third)).toBe(2);

    const db = new Database(databaseFile(dataDir), { readonly: true });
    try {
      const perRun = db.prepare('SELECT r.id, r.source_kind AS kind, COUNT(f.id) AS frames FROM runs r LEFT JOIN frames f ON f.run_id = r.id GROUP BY r.id ORDER BY r.id').all();
      expect(perRun).toEqual([
        { id: 1, kind: 'camera', frames: 1 },
        { id: importRun, kind: 'folder', frames: imported.value.imported },
        { id: 3, kind: 'camera', frames: 2 },
        { id: 4, kind: 'camera', frames: 3 },
      ]);
      // Pictures are filed by run id: the engine's NG pictures and the import's sit in their own run's folder.
      const pictures = db.prepare('SELECT f.run_id AS run, i.full_path AS path FROM images i JOIN frames f ON f.id = i.frame_id ORDER BY i.frame_id').all() as { run: number; path: string }[];
      expect(pictures.filter((p) => p.run !== importRun).map((p) => p.path)).toEqual(['1/0.png', '3/0.png', '4/1.png']);
      expect(pictures.filter((p) => p.run === importRun)).toHaveLength(imported.value.imported);
      for (const p of pictures) {
        expect(p.path.startsWith(`${p.run}/`)).toBe(true);
        expect(existsSync(join(dataDir, 'images', p.path))).toBe(true);
      }
    } finally {
      db.close();
    }
  });
});
