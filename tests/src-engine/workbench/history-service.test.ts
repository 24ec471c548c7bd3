// The review's service over a memory port, as the renderer calls it: reads,
// labels and outlines (with their refusals), and the classes list. Every bad
// input gets its clear error, changes nothing, and the service keeps answering.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePngHeader } from '../../../src-engine/images/png-header.js';
import { useTempDirs } from '../../temp-dirs.js';
import { importDrawnFolder, openBench, type Bench } from './history-setup.js';

const tempDir = useTempDirs('history-service');
let bench: Bench | null = null;
afterEach(() => {
  bench?.close();
  bench = null;
});

async function open(): Promise<Bench> {
  const { dataDir, source } = importDrawnFolder(tempDir());
  bench = openBench(dataDir, source);
  return bench;
}

async function framesByFile(b: Bench) {
  const page = await b.client.request('history.query', { sort: { column: 'frameId', direction: 'asc' }, page: { limit: 10 } });
  if (!page.ok) throw new Error(page.error.message);
  return page.value.rows;
}

describe('history reads', () => {
  it('pages, counts, a frame with its objects and holes, its picture and thumbnails', async () => {
    const b = await open();
    expect(await b.client.request('history.count', {})).toEqual({ ok: true, value: { count: 4 } });
    expect(await b.client.request('history.count', { filter: { verdict: 'ng' } })).toEqual({ ok: true, value: { count: 2 } });
    expect(await b.client.request('history.count', { filter: { sources: ['folder'], label: { values: ['good'] } } })).toEqual({ ok: true, value: { count: 2 } });
    const rows = await framesByFile(b);
    expect(rows.map((r) => [r.label, r.verdict])).toEqual([['defect_x', 'ng'], ['defect_x', 'ok'], ['good', 'ok'], ['good', 'ng']]);
    expect(rows.every((r) => r.source === 'folder' && r.image?.full && r.image.thumb && r.labelled)).toBe(true);

    const washer = await b.client.request('history.frame', { frameId: rows[3].frameId });
    expect(washer.ok).toBe(true);
    if (!washer.ok) return;
    expect(washer.value.objects).toHaveLength(1);
    expect(washer.value.objects[0]).toMatchObject({ part: 'washer', outlineEdited: false, outlineRevision: null, label: null });
    expect(washer.value.objects[0].holes).toHaveLength(1);
    expect(washer.value.revisions).toEqual([expect.objectContaining({ kind: 'label', value: 'good', author: 'import', replaces: null })]);

    const picture = await b.client.request('history.picture', { frameId: rows[3].frameId });
    expect(picture.ok && picture.value).toMatchObject({ mime: 'image/png', width: 200, height: 200 });
    if (picture.ok) expect(parsePngHeader(Buffer.from(picture.value.dataBase64, 'base64')).ok).toBe(true);
    const thumbs = await b.client.request('history.thumbnails', { frameIds: [rows[1].frameId, 9999, rows[0].frameId] });
    expect(thumbs.ok && thumbs.value.pictures.map((p) => [p.frameId, p.width])).toEqual([[rows[1].frameId, 100], [rows[0].frameId, 100]]);
  });

  it('refuses a missing frame and a bad filter by name, and keeps serving', async () => {
    const b = await open();
    expect(await b.client.request('history.frame', { frameId: 9999 })).toEqual({ ok: false, error: { code: 'not-found', message: 'frame 9999 is not in the history', subject: 'frame 9999' } });
    const picture = await b.client.request('history.picture', { frameId: 9999 });
    expect(!picture.ok && picture.error.code).toBe('not-found');
    const inverted = await b.client.request('history.count', { filter: { time: { fromMs: 10, toMs: 1 } } });
    expect(!inverted.ok && inverted.error.message).toMatch(/inverted/);
    expect(await b.client.request('history.count', {})).toEqual({ ok: true, value: { count: 4 } });
  });

  it('without a data folder every call says there is no history', async () => {
    bench = openBench(null);
    const answer = await bench.client.request('history.count', {});
    expect(!answer.ok && answer.error.message).toMatch(/without a data folder \(LOUPE_DATA_DIR\)/);
    expect((await bench.client.request('runs.list', {})).ok).toBe(true);
  });
});

describe('labels', () => {
  it('relabels a frame; a stale change is a conflict naming the current revision, and changes nothing', async () => {
    const b = await open();
    const [first] = await framesByFile(b);
    const changed = await b.client.request('labels.set', { frameId: first.frameId, value: 'NG', author: 'ana', replaces: first.labelRevision });
    expect(changed.ok && changed.value).toMatchObject({ value: 'NG', author: 'ana', replaces: first.labelRevision });
    if (!changed.ok) return;
    const stale = await b.client.request('labels.set', { frameId: first.frameId, value: 'OK', author: 'bo', replaces: first.labelRevision });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error.code).toBe('conflict');
    expect(stale.error.message).toContain(`the current label of frame ${first.frameId} is revision ${changed.value.revision} (NG, by ana)`);
    const frame = await b.client.request('history.frame', { frameId: first.frameId });
    expect(frame.ok && frame.value.row).toMatchObject({ label: 'NG', labelRevision: changed.value.revision });
    expect(frame.ok && frame.value.revisions.map((r) => r.value)).toEqual(['defect_x', 'NG']);
  });

  it('labels for a frame or object that does not exist are refused by name; the history is unchanged', async () => {
    const b = await open();
    const [first] = await framesByFile(b);
    expect(await b.client.request('labels.set', { frameId: 9999, value: 'NG', author: 'ana', replaces: null })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'frame 9999 is not in the history', subject: 'frame 9999' },
    });
    const noObject = await b.client.request('labels.set', { frameId: first.frameId, objectId: 7, value: 'NG', author: 'ana', replaces: null });
    expect(!noObject.ok && noObject.error).toMatchObject({ code: 'not-found', message: `frame ${first.frameId} has no object 7` });
    const noOutline = await b.client.request('labels.outline', { frameId: 9999, objectId: 0, outline: [[1, 1], [5, 1], [5, 5]], author: 'ana', replaces: null });
    expect(!noOutline.ok && noOutline.error.code).toBe('not-found');
    const frame = await b.client.request('history.frame', { frameId: first.frameId });
    expect(frame.ok && frame.value.revisions).toHaveLength(1);
    expect(await b.client.request('history.count', { filter: { label: { state: 'labelled' } } })).toEqual({ ok: true, value: { count: 4 } });
  });

  it('an object label goes on the object, not the frame', async () => {
    const b = await open();
    const rows = await framesByFile(b);
    const washer = rows[3];
    const set = await b.client.request('labels.set', { frameId: washer.frameId, objectId: 1, value: 'scratch', author: 'ana', replaces: null });
    expect(set.ok).toBe(true);
    const frame = await b.client.request('history.frame', { frameId: washer.frameId });
    expect(frame.ok && frame.value.objects[0]).toMatchObject({ objectId: 1, label: 'scratch' });
    expect(frame.ok && frame.value.row.label).toBe('good');
  });
});

describe('outlines', () => {
  it('records an edited outline; fewer than 3 points or a self-crossing one is refused and nothing changes', async () => {
    const b = await open();
    const [first] = await framesByFile(b);
    const before = await b.client.request('history.frame', { frameId: first.frameId });
    if (!before.ok) throw new Error(before.error.message);
    const object = before.value.objects[0];

    const two = await b.client.request('labels.outline', { frameId: first.frameId, objectId: object.objectId, outline: [[1, 1], [5, 5]], author: 'ana', replaces: null });
    expect(!two.ok && two.error).toMatchObject({ code: 'bad-request' });
    expect(!two.ok && two.error.message).toContain('an outline needs at least 3 points');
    const bowTie = await b.client.request('labels.outline', { frameId: first.frameId, objectId: object.objectId, outline: [[80, 80], [120, 120], [120, 80], [80, 120]], author: 'ana', replaces: null });
    expect(!bowTie.ok && bowTie.error.message).toMatch(/outline of frame \d+ object \d+ refused: the outline crosses itself: edge 0 crosses edge 2/);
    const unchanged = await b.client.request('history.frame', { frameId: first.frameId });
    expect(unchanged.ok && unchanged.value).toEqual(before.value);

    const moved = object.outline.map(([x, y], i) => (i === 0 ? [x - 3, y] : [x, y]) as [number, number]);
    const edited = await b.client.request('labels.outline', { frameId: first.frameId, objectId: object.objectId, outline: moved, author: 'ana', replaces: null });
    expect(edited.ok && edited.value).toMatchObject({ kind: 'outline', author: 'ana', replaces: null, outline: moved });
    if (!edited.ok) return;
    const stale = await b.client.request('labels.outline', { frameId: first.frameId, objectId: object.objectId, outline: object.outline, author: 'bo', replaces: null });
    expect(!stale.ok && stale.error).toMatchObject({ code: 'conflict' });
    expect(!stale.ok && stale.error.message).toContain(`the current one is revision ${edited.value.revision} (by ana)`);
    const after = await b.client.request('history.frame', { frameId: first.frameId });
    expect(after.ok && after.value.objects[0]).toMatchObject({ outline: moved, outlineEdited: true, outlineRevision: edited.value.revision });
    expect(after.ok && after.value.revisions.map((r) => r.kind)).toEqual(['label', 'outline']);
  });
});

describe('label classes', () => {
  it('default OK/NG; the user\'s list is kept in the data folder; a repeated class is refused and the list kept', async () => {
    const b = await open();
    expect(await b.client.request('labels.classes', {})).toEqual({ ok: true, value: { classes: ['OK', 'NG'] } });
    expect(await b.client.request('labels.setClasses', { classes: ['OK', 'NG', 'scratch', 'dent'] })).toEqual({ ok: true, value: { classes: ['OK', 'NG', 'scratch', 'dent'] } });
    const twice = await b.client.request('labels.setClasses', { classes: ['OK', 'ok'] });
    expect(!twice.ok && twice.error.message).toBe('the class "ok" is listed twice (as "OK" too)');
    const bad = await b.client.request('labels.setClasses', { classes: ['a/b'] });
    expect(!bad.ok && bad.error.message).toMatch(/letters, digits/);
    expect(JSON.parse(readFileSync(join(b.dataDir, 'label-classes.json'), 'utf8')).classes).toEqual(['OK', 'NG', 'scratch', 'dent']);
    b.close();
    bench = openBench(b.dataDir);
    expect(await bench.client.request('labels.classes', {})).toEqual({ ok: true, value: { classes: ['OK', 'NG', 'scratch', 'dent'] } });
  });
});
