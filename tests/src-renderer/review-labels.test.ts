// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { setupStores } from './setup-stores.js';
import { FakeClient } from './fixtures.js';
import { FakeHistory, paramsOf } from './review-fixtures.js';
import { useReviewStore } from '../../src-renderer/stores/review.js';
import { AUTHOR_STORAGE_KEY, useLabelsStore } from '../../src-renderer/stores/labels.js';
import type { LabelChange } from '../../src-shared/history-contract.js';
import type { Point } from '../../src-shared/inspection.js';

type OutlineChange = { frameId: number; objectId: number; outline: Point[]; author: string; replaces: number | null };

describe('labels store', () => {
  let client: FakeClient;
  let history: FakeHistory;
  let review: ReturnType<typeof useReviewStore>;
  let labels: ReturnType<typeof useLabelsStore>;

  beforeEach(async () => {
    localStorage.clear();
    client = new FakeClient();
    history = new FakeHistory(client, 20);
    setupStores(client);
    review = useReviewStore();
    labels = useLabelsStore();
    await Promise.all([review.attach(), labels.loadClasses()]);
    await review.open(0);
    labels.learn(review.frame!);
  });

  it('no label is sent before the operator names themself; the name is kept in localStorage', async () => {
    expect(await labels.setLabel(20, null, null, 'NG')).toBe(false);
    expect(labels.authorMissing).toBe(true);
    expect(paramsOf(client, 'labels.set')).toEqual([]);
    labels.setAuthor('  Ana  ');
    expect(localStorage.getItem(AUTHOR_STORAGE_KEY)).toBe('Ana');
    expect(labels.authorMissing).toBe(false);
    expect(await labels.setLabel(20, null, null, 'NG')).toBe(true);
    expect(paramsOf<LabelChange>(client, 'labels.set')[0]).toEqual({ frameId: 20, value: 'NG', author: 'Ana', replaces: null });
  });

  it('each change names the revision it replaces; undo sends a NEW revision restoring the old value, redo the newer one', async () => {
    labels.setAuthor('Ana');
    await labels.setLabel(20, null, null, 'NG');
    await labels.setLabel(20, null, 'NG', 'scratch');
    expect(review.frame?.row.label).toBe('scratch');
    expect(await labels.undo()).toBe(true);
    expect(review.frame?.row.label).toBe('NG');
    expect(await labels.redo()).toBe(true);
    const sent = paramsOf<LabelChange>(client, 'labels.set');
    expect(sent.map((c) => [c.value, c.replaces])).toEqual([
      ['NG', null],
      ['scratch', 1],
      ['NG', 2],
      ['scratch', 3],
    ]);
    // Every change is kept in the history; nothing was overwritten.
    expect(history.revisions.map((r) => r.value)).toEqual(['NG', 'scratch', 'NG', 'scratch']);
    expect(review.rowAt(0)?.label).toBe('scratch');
  });

  it('per-object labels go to the object and undo on their own target', async () => {
    labels.setAuthor('Ana');
    await labels.setLabel(20, 1, null, 'scratch');
    expect(review.frame?.objects[1].label).toBe('scratch');
    expect(review.frame?.row.label).toBeNull();
    await labels.undo();
    expect(paramsOf<LabelChange>(client, 'labels.set').at(-1)).toEqual({ frameId: 20, objectId: 1, value: null, author: 'Ana', replaces: 1 });
    expect(review.frame?.objects[1].label).toBeNull();
  });

  it('an outline edit and its undo are revisions of the outline', async () => {
    labels.setAuthor('Ana');
    const before = review.frame!.objects[0].outline;
    const after = before.map((p, i) => (i === 2 ? ([p[0] + 7, p[1] + 3] as Point) : p));
    await labels.setOutline(20, 0, before, after);
    expect(review.frame?.objects[0]).toMatchObject({ outline: after, outlineEdited: true });
    await labels.undo();
    const sent = paramsOf<OutlineChange>(client, 'labels.outline');
    expect(sent.map((c) => c.replaces)).toEqual([null, 1]);
    expect(sent[1].outline).toEqual(before);
    expect(review.frame?.objects[0].outline).toEqual(before);
  });

  it('a stale change is refused and shown, edits wait, and a reload lets them through again', async () => {
    labels.setAuthor('Ana');
    // Someone else labels the frame meanwhile.
    Object.assign(history.rows[19], { label: 'OK', labelRevision: 41 });
    expect(await labels.setLabel(20, null, null, 'NG')).toBe(false);
    expect(labels.stale?.message).toMatch(/stale label change.*revision 41/);
    expect(labels.canUndo).toBe(false);
    expect(await labels.setLabel(20, 1, null, 'NG')).toBe(false);
    expect(paramsOf(client, 'labels.set')).toHaveLength(1);
    await labels.reloadStale();
    expect(labels.stale).toBeNull();
    expect(review.frame?.row.label).toBe('OK');
    expect(await labels.setLabel(20, null, 'OK', 'NG')).toBe(true);
    expect(paramsOf<LabelChange>(client, 'labels.set').at(-1)?.replaces).toBe(41);
  });

  it('the class list is read from and saved to the history', async () => {
    expect(labels.classes).toEqual(['OK', 'NG', 'scratch']);
    await labels.saveClasses(['OK', 'NG', 'dent']);
    expect(paramsOf(client, 'labels.setClasses')).toEqual([{ classes: ['OK', 'NG', 'dent'] }]);
    expect(labels.classes).toEqual(['OK', 'NG', 'dent']);
  });
});
