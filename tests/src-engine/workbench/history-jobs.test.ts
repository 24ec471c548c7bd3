// The history's background jobs through the contract, with the real job child
// (tsx + OpenCV): import with progress and a re-import that adds nothing,
// what-if flips, cancel, export; and the Review view's sequence end to end:
// import → filter NG → relabel → move a vertex → undo → export COCO.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opencv } from '../../../src-engine/opencv.js';
import { decodeRle, type CocoRle } from '../../../src-engine/history/coco-rle.js';
import { writeLabelledFolder } from '../history/labelled-pictures.js';
import { useTempDirs } from '../../temp-dirs.js';
import { defaultRecipe, importDrawnFolder, openBench, type Bench } from './history-setup.js';

const tempDir = useTempDirs('history-jobs');
let bench: Bench | null = null;
afterEach(() => {
  bench?.close();
  bench = null;
});

describe('history.import job', () => {
  it('imports in a child with progress events; the unreadable file is named; importing again adds nothing', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const source = writeLabelledFolder(join(dir, 'pictures'));
    bench = openBench(join(dir, 'data'));
    const started = await bench.client.request('history.import', { folder: source });
    expect(started.ok && started.value).toMatchObject({ kind: 'import', state: 'running' });
    if (!started.ok) return;
    const done = await bench.finished(started.value.jobId);
    expect(done).toMatchObject({ state: 'done', result: { imported: 4, alreadyImported: 0, skipped: 1 } });
    expect(done.problems).toEqual([expect.stringMatching(/^defect_x\/cut\.jpg: truncated or corrupt/)]);
    expect(bench.jobs.filter((j) => j.jobId === started.value.jobId && j.state === 'running').length).toBeGreaterThanOrEqual(1);
    expect(await bench.client.request('history.count', { filter: { sources: ['folder'] } })).toEqual({ ok: true, value: { count: 4 } });

    const again = await bench.client.request('history.import', { folder: source });
    if (!again.ok) throw new Error(again.error.message);
    expect(await bench.finished(again.value.jobId)).toMatchObject({ state: 'done', result: { imported: 0, alreadyImported: 4, skipped: 1 } });
    expect(await bench.client.request('history.count', {})).toEqual({ ok: true, value: { count: 4 } });
  });

  const FILES = 80;
  it('cancel stops it between files: what was imported stays, no unrecorded picture is left, and importing again completes it', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const source = join(dir, 'many');
    mkdirSync(join(source, 'good'), { recursive: true });
    const cv = opencv();
    // Enough work per file (1200 px, sensor noise) that the import cannot finish before the
    // cancel arrives on a fast, idle machine: 60 small black-and-white discs once did.
    for (let r = 10; r < 10 + FILES; r++) {
      const mat = new cv.Mat(1200, 1200, cv.CV_8UC1, 0);
      mat.drawCircle(new cv.Point2(600, 600), r * 3, new cv.Vec3(220, 220, 220), -1);
      const noise = new cv.Mat(Buffer.from(Uint8Array.from({ length: 1200 * 1200 }, (_, i) => (i * 2654435761 + r) % 13)), 1200, 1200, cv.CV_8UC1);
      mat.add(noise).copyTo(mat);
      cv.imwrite(join(source, 'good', `disc-${r}.png`), mat);
    }
    bench = openBench(join(dir, 'data'));
    const started = await bench.client.request('history.import', { folder: source });
    if (!started.ok) throw new Error(started.error.message);
    await expect.poll(() => bench!.jobs.filter((j) => j.jobId === started.value.jobId).at(-1)?.done ?? 0, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    expect((await bench.client.request('history.cancel', { jobId: started.value.jobId })).ok).toBe(true);
    expect(await bench.finished(started.value.jobId)).toMatchObject({ state: 'cancelled' });
    const kept = await bench.client.request('history.query', { page: { limit: FILES } });
    if (!kept.ok) throw new Error(kept.error.message);
    expect(kept.value.rows.length).toBeGreaterThanOrEqual(2);
    expect(kept.value.rows.length).toBeLessThan(FILES);
    const run = kept.value.rows[0].runId;
    const named = kept.value.rows.flatMap((r) => [r.image!.full!, r.image!.thumb!].map((p) => p.split('/')[1])).sort();
    expect(readdirSync(join(dir, 'data', 'images', String(run))).sort()).toEqual(named);

    const again = await bench.client.request('history.import', { folder: source });
    if (!again.ok) throw new Error(again.error.message);
    expect(await bench.finished(again.value.jobId, 60_000)).toMatchObject({ state: 'done', result: { imported: FILES - kept.value.rows.length, alreadyImported: kept.value.rows.length } });
    expect(await bench.client.request('history.count', {})).toEqual({ ok: true, value: { count: FILES } });
  });

  it('refuses a relative folder, and a folder that does not exist fails the job by name', async () => {
    bench = openBench(join(tempDir(), 'data'));
    const relative = await bench.client.request('history.import', { folder: 'pictures' });
    expect(!relative.ok && relative.error.message).toMatch(/full path/);
    const missing = await bench.client.request('history.import', { folder: '/no/such/folder' });
    if (!missing.ok) throw new Error(missing.error.message);
    expect(await bench.finished(missing.value.jobId)).toMatchObject({ state: 'failed', message: 'labelled folder /no/such/folder does not exist' });
    expect((await bench.client.request('history.jobs', {})).ok).toBe(true);
  });
});

describe('history.whatif job', () => {
  it('re-inspects the kept pictures with a candidate recipe in a child and counts the flips', { timeout: 60_000 }, async () => {
    const { dataDir } = importDrawnFolder(tempDir());
    bench = openBench(dataDir);
    // The history was inspected with a wider disc band; the stricter default turns both discs NG.
    const started = await bench.client.request('history.whatif', { recipe: defaultRecipe(), filter: {} });
    if (!started.ok) throw new Error(started.error.message);
    const running = await bench.client.request('history.whatifResult', { jobId: started.value.jobId });
    expect(!running.ok && running.error.code).toBe('busy');
    expect(await bench.finished(started.value.jobId)).toMatchObject({ state: 'done', result: { inspected: 4, okToNg: 2, ngToOk: 0, unchanged: 2, skipped: 0 } });
    const result = await bench.client.request('history.whatifResult', { jobId: started.value.jobId });
    expect(result.ok && result.value).toMatchObject({ inspected: 4, okToNg: 2, ngToOk: 0, recipe: { name: defaultRecipe().name } });
    const ok = await bench.client.request('history.query', { filter: { verdict: 'ok' }, page: { limit: 10 } });
    expect(result.ok && result.value.flipped.map((f) => f.frameId).sort()).toEqual(ok.ok && ok.value.rows.map((r) => r.frameId).sort());
    expect(await bench.client.request('history.count', { filter: { verdict: 'ok' } })).toEqual({ ok: true, value: { count: 2 } }); // the history is not changed
  });

  it('cancel stops it; the result says it was cancelled and the service goes on', { timeout: 60_000 }, async () => {
    const { dataDir } = importDrawnFolder(tempDir());
    bench = openBench(dataDir);
    const started = await bench.client.request('history.whatif', { recipe: defaultRecipe(), filter: {} });
    if (!started.ok) throw new Error(started.error.message);
    expect((await bench.client.request('history.cancel', { jobId: started.value.jobId })).ok).toBe(true);
    expect(await bench.finished(started.value.jobId)).toMatchObject({ state: 'cancelled' });
    const result = await bench.client.request('history.whatifResult', { jobId: started.value.jobId });
    expect(!result.ok && result.error.message).toMatch(/was cancelled, so it has no result/);
    const again = await bench.client.request('history.cancel', { jobId: started.value.jobId });
    expect(!again.ok && again.error.message).toMatch(/already cancelled/);
    expect(await bench.client.request('history.count', {})).toEqual({ ok: true, value: { count: 4 } });
  });
});

describe('history.export job', () => {
  it('refuses a folder that cannot be written with a clear message and leaves nothing behind', async () => {
    const { dataDir } = importDrawnFolder(tempDir());
    bench = openBench(dataDir);
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const started = await bench.client.request('history.export', { format: 'coco', out: join(file, 'out') });
    if (!started.ok) throw new Error(started.error.message);
    const done = await bench.finished(started.value.jobId);
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/cannot export to .*a-file\/out: the folder cannot be written \((ENOTDIR|EEXIST)\)/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(await bench.client.request('history.count', {})).toEqual({ ok: true, value: { count: 4 } });
  });
});

describe('the Review view\'s sequence through the contract', () => {
  it('import → filter NG → relabel → move a vertex → undo → export COCO', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const source = writeLabelledFolder(join(dir, 'pictures'));
    bench = openBench(join(dir, 'data'));
    const c = bench.client;

    const imported = await c.request('history.import', { folder: source });
    if (!imported.ok) throw new Error(imported.error.message);
    expect(await bench.finished(imported.value.jobId)).toMatchObject({ state: 'done', result: { imported: 4 } });

    const ng = await c.request('history.query', { filter: { verdict: 'ng' }, sort: { column: 'frameId', direction: 'asc' }, page: { limit: 50 } });
    if (!ng.ok) throw new Error(ng.error.message);
    expect(ng.value.rows.map((r) => r.label)).toEqual(['defect_x', 'good']);
    const washerRow = ng.value.rows[1];

    const relabel = await c.request('labels.set', { frameId: washerRow.frameId, value: 'NG', author: 'reviewer', replaces: washerRow.labelRevision });
    if (!relabel.ok) throw new Error(relabel.error.message);

    const frame = await c.request('history.frame', { frameId: washerRow.frameId });
    if (!frame.ok) throw new Error(frame.error.message);
    const washer = frame.value.objects[0];
    const original = washer.outline;
    const moved = original.map(([x, y], i) => (i === 0 ? [x + 2, y + 1] : [x, y]) as [number, number]);
    const edit = await c.request('labels.outline', { frameId: washerRow.frameId, objectId: washer.objectId, outline: moved, author: 'reviewer', replaces: washer.outlineRevision });
    if (!edit.ok) throw new Error(edit.error.message);
    // Undo: the outline as it was, replacing the edit.
    const undo = await c.request('labels.outline', { frameId: washerRow.frameId, objectId: washer.objectId, outline: original, author: 'reviewer', replaces: edit.value.revision });
    if (!undo.ok) throw new Error(undo.error.message);
    const afterUndo = await c.request('history.frame', { frameId: washerRow.frameId });
    expect(afterUndo.ok && afterUndo.value.objects[0]).toMatchObject({ outline: original, outlineEdited: true, outlineRevision: undo.value.revision });
    expect(afterUndo.ok && afterUndo.value.row.label).toBe('NG');

    const out = join(dir, 'coco');
    const exported = await c.request('history.export', { format: 'coco', out, filter: { verdict: 'ng' } });
    if (!exported.ok) throw new Error(exported.error.message);
    expect(await bench.finished(exported.value.jobId)).toMatchObject({ state: 'done', result: { frames: 2, objects: 2 } });
    const coco = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8')) as {
      images: { id: number; file_name: string; class: string | null; width: number; height: number }[];
      annotations: { image_id: number; category_id: number; segmentation: number[][] | CocoRle; area: number; bbox: number[] }[];
      categories: { id: number; name: string }[];
    };
    expect(readdirSync(join(out, 'images')).sort()).toEqual(coco.images.map((i) => i.file_name).sort());
    for (const image of coco.images) expect(existsSync(join(out, 'images', image.file_name))).toBe(true);
    const washerImage = coco.images.find((i) => i.id === washerRow.frameId)!;
    expect(washerImage.class).toBe('NG');
    const ring = coco.annotations.find((a) => a.image_id === washerRow.frameId)!;
    expect(coco.categories.find((k) => k.id === ring.category_id)?.name).toBe('NG'); // no object label: the image's class
    expect(Array.isArray(ring.segmentation)).toBe(false); // a washer has a hole: RLE, not a polygon list
    const mask = decodeRle(ring.segmentation as CocoRle);
    expect(mask.reduce((n, v) => n + v, 0)).toBe(ring.area);
    expect(ring.area).toBeGreaterThan(Math.PI * (42 ** 2 - 17 ** 2) * 0.95);
    expect(ring.area).toBeLessThan(Math.PI * (42 ** 2 - 17 ** 2) * 1.05);
    const small = coco.annotations.find((a) => a.image_id !== washerRow.frameId)!;
    expect(Array.isArray(small.segmentation) && (small.segmentation as number[][])[0].length).toBeGreaterThanOrEqual(6);
    expect(coco.categories.find((k) => k.id === small.category_id)?.name).toBe('defect_x');
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
  });
});
