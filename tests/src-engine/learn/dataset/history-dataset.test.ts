// Training data from the labelled history: one sample per object of every
// labelled frame with a kept picture, labelled by the object or else its frame,
// with its origin in the history; an unreadable picture is named and skipped.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviewStore } from '../../../../src-engine/history/review-store.js';
import { loadHistoryDataset, placeOf } from '../../../../src-engine/learn/dataset/history-dataset.js';
import { loadDataset } from '../../../../src-engine/learn/dataset/load-dataset.js';
import { saveDataset } from '../../../../src-engine/learn/dataset/save-dataset.js';
import { loadTrainingData } from '../../../../src-engine/learn/train/training-data.js';
import { TrainConfigSchema } from '../../../../src-shared/train-contract.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { defaultRecipe } from '../../workbench/history-setup.js';
import { labelledHistory } from './labelled-history.js';

const tempDir = useTempDirs('history-dataset');

function rowsOf(dataDir: string) {
  const store = ReviewStore.open(dataDir);
  if (!store.ok) throw new Error(store.error.message);
  const rows = store.value.reader.query({ sort: { column: 'frameId', direction: 'asc' }, page: { limit: 100 } });
  if (!rows.ok) throw new Error(rows.error.message);
  // The object each imported photo's frame holds (one part per photo).
  const objectOf = new Map(rows.value.map((r) => {
    const frame = store.value.frame(r.frameId);
    if (!frame.ok || frame.value.objects.length !== 1) throw new Error(`frame ${r.frameId} should hold one object`);
    return [r.frameId, frame.value.objects[0].objectId];
  }));
  return { store: store.value, rows: rows.value, objectOf };
}

describe('a dataset from the labelled history', () => {
  it('takes every object of every labelled frame, labelled as its frame, with its history origin; names and skips an unreadable picture', () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    labelledHistory(dir, dataDir, defaultRecipe(), 4);
    const { store, rows, objectOf } = rowsOf(dataDir);
    store.close();
    expect(rows).toHaveLength(8);

    const loaded = loadHistoryDataset(dataDir, { recipe: defaultRecipe(), size: 32 });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const d = loaded.value.dataset;
    expect(loaded.value.problems).toEqual([]);
    expect(d.classes).toEqual(['good', 'defect_x']);
    expect(d.okLabel).toBe('good');
    expect(d.samples).toHaveLength(8);
    for (const row of rows) {
      const s = d.samples.find((x) => x.origin.kind === 'history' && x.origin.frameId === row.frameId);
      const objectId = objectOf.get(row.frameId);
      expect(s).toMatchObject({ id: `history:${row.frameId}:${objectId}`, partKey: `history:${row.frameId}:${objectId}`, label: row.label, origin: { kind: 'history', frameId: row.frameId, objectId } });
      expect(s!.defect).toBe(row.label === 'good' ? null : 'defect_x');
      expect(s!.input).toHaveLength(32 * 32);
    }
    // The crop is centred on the part: its centre pixel is the bright disc, its corner the dark background.
    for (const s of d.samples) {
      expect(s.input[16 * 32 + 16]).toBeGreaterThan(150);
      expect(s.input[0]).toBeLessThan(50);
    }

    // Saved and loaded again, the history origins survive the manifest.
    const saved = saveDataset(d, join(dir, 'dataset.json'));
    expect(saved.ok ? 'saved' : saved.error.message).toBe('saved');
    const reloaded = loadDataset(join(dir, 'dataset.json'));
    expect(reloaded.ok && reloaded.value.dataset.samples.map((s) => s.origin)).toEqual(d.samples.map((s) => s.origin));

    // One kept picture damaged on disk: that frame is named and skipped, the other seven load.
    const broken = rows[2];
    writeFileSync(join(dataDir, 'images', broken.image!.full!), Buffer.from('not a png'));
    const again = loadHistoryDataset(dataDir, { recipe: defaultRecipe(), size: 32 });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.dataset.samples.map((s) => s.id)).toEqual(d.samples.map((s) => s.id).filter((id) => id !== `history:${broken.frameId}:${objectOf.get(broken.frameId)}`));
    expect(again.value.problems).toEqual([{ subject: `frame ${broken.frameId}`, message: expect.stringMatching(new RegExp(`^its picture ${broken.image!.full!} cannot be read .*; skipped$`)) }]);
  });

  it("an object's own label wins over its frame's, and an unlabelled frame is left out", () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    labelledHistory(dir, dataDir, defaultRecipe(), 3);
    const { store, rows, objectOf } = rowsOf(dataDir);
    const good = rows.find((r) => r.label === 'good')!;
    const relabelled = store.setLabel({ frameId: good.frameId, objectId: objectOf.get(good.frameId), value: 'defect_y', author: 'test', replaces: null });
    const cleared = rows.find((r) => r.label === 'defect_x')!;
    const unlabelled = store.setLabel({ frameId: cleared.frameId, value: null, author: 'test', replaces: cleared.labelRevision });
    store.close();
    expect([relabelled, unlabelled].map((r) => (r.ok ? 'saved' : r.error.message))).toEqual(['saved', 'saved']);

    const loaded = loadHistoryDataset(dataDir, { recipe: defaultRecipe(), size: 32 });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const d = loaded.value.dataset;
    expect(d.samples).toHaveLength(5);
    expect(d.samples.find((s) => s.id === `history:${good.frameId}:${objectOf.get(good.frameId)}`)).toMatchObject({ label: 'defect_y', defect: 'defect_y' });
    expect(d.samples.some((s) => s.id === `history:${cleared.frameId}:${objectOf.get(cleared.frameId)}`)).toBe(false);
    expect(d.classes).toEqual(['good', 'defect_x', 'defect_y']);

    // Through the trainer's loader: 'binary' folds both defects into ng; the filter narrows the frames.
    const binary = loadTrainingData(TrainConfigSchema.parse({ data: { kind: 'history', dataDir }, labels: 'binary' }), defaultRecipe(), 32);
    expect(binary.ok && binary.value.dataset.classes).toEqual(['good', 'ng']);
    expect(binary.ok && binary.value.dataset.samples.filter((s) => s.label === 'ng')).toHaveLength(3);
    const onlyGood = loadTrainingData(TrainConfigSchema.parse({ data: { kind: 'history', dataDir, filter: { label: { values: ['good'] } } }, labels: 'defect' }), defaultRecipe(), 32);
    expect(onlyGood.ok && onlyGood.value.dataset.samples.map((s) => s.label).sort()).toEqual(['defect_y', 'good', 'good']);
  });

  it('a folder with no history, a history source without a data folder, and a history with no good parts are clear errors', () => {
    const dir = tempDir();
    expect(loadHistoryDataset(join(dir, 'none'), { recipe: defaultRecipe() })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining(`no history in ${join(dir, 'none')}`) } });
    const noDir = loadTrainingData(TrainConfigSchema.parse({ data: { kind: 'history' } }), defaultRecipe(), 32);
    expect(noDir).toMatchObject({ ok: false, error: { code: 'bad-request', subject: 'data.dataDir' } });
    const dataDir = join(dir, 'data');
    labelledHistory(dir, dataDir, defaultRecipe(), 2);
    const defectsOnly = loadHistoryDataset(dataDir, { recipe: defaultRecipe(), filter: { label: { values: ['defect_x'] } } });
    expect(defectsOnly).toMatchObject({ ok: false, error: { code: 'bad-source', message: expect.stringContaining('no samples labelled good') } });
    // A bad filter is refused by the contract before anything is read.
    expect(TrainConfigSchema.safeParse({ data: { kind: 'history', dataDir, filter: { verdict: 'maybe' } } }).success).toBe(false);
  });

  it("an edited outline moves the part's box and centroid", () => {
    const square: [number, number][] = [[10, 20], [30, 20], [30, 40], [10, 40]];
    expect(placeOf({ bbox: { x: 0, y: 0, width: 5, height: 5 }, outline: square, outlineEdited: true })).toEqual({ bbox: { x: 10, y: 20, width: 21, height: 21 }, centroid: [20, 30] });
    expect(placeOf({ bbox: { x: 10, y: 20, width: 21, height: 21 }, outline: square, outlineEdited: false }).bbox).toEqual({ x: 10, y: 20, width: 21, height: 21 });
  });
});
