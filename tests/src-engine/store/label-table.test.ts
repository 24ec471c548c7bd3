import { describe, expect, it } from 'vitest';
import { openHistoryReader } from '../../../src-engine/store/history-reader.js';
import { openTestHistory } from './history-fixture.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('labels');

function history() {
  const h = openTestHistory(tempDir());
  const run = h.run();
  h.add(run, [{ seq: 0 }, { seq: 1, objects: [{ part: 'disc' }, { part: 'hex' }] }, { seq: 2 }]);
  return h;
}

describe('labels', () => {
  it('keeps every change with who made it, when, and what it replaced', () => {
    const h = history();
    const first = h.labels.apply({ frameId: 1, value: 'scratch', author: 'ana', replaces: null }, 1000);
    expect(first).toMatchObject({ ok: true, value: { revision: 1, value: 'scratch', author: 'ana', atMs: 1000, replaces: null, objectId: null } });
    const second = h.labels.apply({ frameId: 1, value: 'ok', author: 'ben', replaces: 1, note: 'lighting, not a scratch' }, 2000);
    expect(second).toMatchObject({ ok: true, value: { revision: 2, replaces: 1, author: 'ben' } });
    const cleared = h.labels.apply({ frameId: 1, value: null, author: 'ana', replaces: 2 }, 3000);
    expect(cleared.ok).toBe(true);
    h.close();
    const reader = openHistoryReader(h.dir);
    expect(reader.labelHistory(1).map((r) => [r.revision, r.value, r.author, r.atMs, r.replaces])).toEqual([
      [1, 'scratch', 'ana', 1000, null],
      [2, 'ok', 'ben', 2000, 1],
      [3, null, 'ana', 3000, 2],
    ]);
    reader.close();
  });

  it('refuses a stale change, naming the current revision and its author, and leaves the label as it was', () => {
    const h = history();
    h.labels.apply({ frameId: 1, value: 'scratch', author: 'ana', replaces: null });
    h.labels.apply({ frameId: 1, value: 'dent', author: 'ben', replaces: 1 });
    // Cara loaded the frame when revision 1 was current.
    const stale = h.labels.apply({ frameId: 1, value: 'ok', author: 'cara', replaces: 1 });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.message).toMatch(/stale.*current one is revision 2 \(dent, by ben\)/);
    const firstAgain = h.labels.apply({ frameId: 2, value: 'ok', author: 'cara', replaces: 7 });
    expect(!firstAgain.ok && firstAgain.error.message).toMatch(/stale.*has no label/);
    h.close();
    const reader = openHistoryReader(h.dir);
    const row = reader.query({ filter: { label: { values: ['dent'] } }, page: { limit: 10 } });
    expect(row.ok && row.value.map((r) => [r.frameId, r.label, r.labelRevision, r.labelled])).toEqual([[1, 'dent', 2, true]]);
    expect(reader.labelHistory(1)).toHaveLength(2);
    reader.close();
  });

  it('labels objects too, and the label state filter sees frames with any label', () => {
    const h = history();
    expect(h.labels.apply({ frameId: 2, objectId: 1, value: 'chip', author: 'ana', replaces: null }).ok).toBe(true);
    expect(h.labels.apply({ frameId: 3, value: 'ok', author: 'ana', replaces: null }).ok).toBe(true);
    const missing = h.labels.apply({ frameId: 2, objectId: 5, value: 'chip', author: 'ana', replaces: null });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'not-found', message: 'frame 2 has no object 5' });
    const noFrame = h.labels.apply({ frameId: 99, value: 'ok', author: 'ana', replaces: null });
    expect(!noFrame.ok && noFrame.error.code).toBe('not-found');
    h.close();
    const reader = openHistoryReader(h.dir);
    expect(reader.count({ label: { state: 'labelled' } })).toEqual({ ok: true, value: 2 });
    expect(reader.count({ label: { state: 'unlabelled' } })).toEqual({ ok: true, value: 1 });
    // Walking by label (NULLs first) after the last row gives every frame once.
    const sort = { column: 'label', direction: 'asc' } as const;
    const first = reader.query({ sort, page: { limit: 2 } });
    if (!first.ok) throw new Error(first.error.message);
    const last = first.value.at(-1)!;
    const rest = reader.query({ sort, page: { limit: 10, after: { value: last.sortValue, frameId: last.frameId } } });
    expect([...first.value, ...(rest.ok ? rest.value : [])].map((r) => r.label)).toEqual([null, null, 'ok']);
    reader.close();
  });

  it('never changes or deletes a revision, even by hand', () => {
    const h = history();
    h.labels.apply({ frameId: 1, value: 'scratch', author: 'ana', replaces: null });
    expect(() => h.db.prepare("UPDATE label_revisions SET author = 'mallory'").run()).toThrow(/never changed/);
    expect(() => h.db.prepare('DELETE FROM label_revisions').run()).toThrow(/never deleted/);
    h.close();
  });
});
