import { describe, expect, it, vi } from 'vitest';
import { emptyFilterForm, filterFromForm, formAroundTime, formatLocalTime, type FilterForm } from '../../src-renderer/lib/history-filter-form.js';
import { HistoryPages } from '../../src-renderer/lib/history-pages.js';
import { deleteVertex, insertVertex, moveVertex, nearestEdge, nearestVertex, selfIntersects, thinStroke } from '../../src-renderer/lib/polygon-edit.js';
import { actualSize, fitTransform, toImage, toViewer, zoomAt } from '../../src-renderer/lib/view-transform.js';
import { EditStack, inverse, type LabelEdit } from '../../src-renderer/lib/label-edits.js';
import { REVIEW_SHORTCUTS, undoRedoFor } from '../../src-renderer/lib/review-shortcuts.js';
import type { HistoryPage } from '../../src-shared/history-contract.js';
import type { Point } from '../../src-shared/inspection.js';
import { makeRow } from './review-fixtures.js';

const form = (over: Partial<FilterForm>): FilterForm => ({ ...emptyFilterForm(), ...over });

describe('filter form → contract filter', () => {
  it('builds every kind of condition into a filter the contract accepts', () => {
    const r = filterFromForm(
      form({
        verdict: 'ng',
        partClasses: 'disc, (none)',
        metrics: [
          { scope: 'object', metric: 'circularity', min: '', max: '0.8' },
          { scope: 'frame', metric: 'processingMs', min: '2', max: '10' },
        ],
        from: '2026-01-05T07:00',
        to: '2026-01-05T08:00:00.500',
        runIds: '3, 4',
        recipeName: 'discs',
        recipeVersions: '2',
        sources: ['folder'],
        labelState: 'labelled',
        labelValues: 'NG, scratch',
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.filter).toEqual({
      verdict: 'ng',
      partClasses: ['disc', null],
      objectMetrics: { circularity: { max: 0.8 } },
      frameMetrics: { processingMs: { min: 2, max: 10 } },
      time: { fromMs: new Date('2026-01-05T07:00').getTime(), toMs: new Date('2026-01-05T08:00:00.500').getTime() },
      runIds: [3, 4],
      recipe: { name: 'discs', versions: [2] },
      sources: ['folder'],
      label: { state: 'labelled', values: ['NG', 'scratch'] },
    });
  });

  it('an empty form is the whole history', () => {
    expect(filterFromForm(emptyFilterForm())).toEqual({ ok: true, filter: {} });
  });

  it('refuses a non-numeric bound, naming the metric and the text', () => {
    const r = filterFromForm(form({ metrics: [{ scope: 'object', metric: 'circularity', min: 'abc', max: '' }] }));
    expect(r).toEqual({ ok: false, field: 'metric-0', message: 'object Circularity min: "abc" is not a number' });
  });

  it('refuses an inverted range and an inverted time span', () => {
    const range = filterFromForm(form({ metrics: [{ scope: 'object', metric: 'area', min: '500', max: '100' }] }));
    expect(range).toMatchObject({ ok: false, field: 'metric-0' });
    expect(!range.ok && range.message).toMatch(/inverted.*500.*100/);
    const time = filterFromForm(form({ from: '2026-01-05T08:00', to: '2026-01-05T07:00' }));
    expect(time).toMatchObject({ ok: false, field: 'to' });
    expect(!time.ok && time.message).toMatch(/inverted/);
  });

  it('refuses what the contract refuses (a label with a forbidden character) and a run id that is not whole', () => {
    const label = filterFromForm(form({ labelValues: 'bad/label' }));
    expect(label).toMatchObject({ ok: false, field: 'labelValues' });
    expect(!label.ok && label.message).toMatch(/letters, digits/);
    expect(filterFromForm(form({ runIds: '1, 2.5' }))).toMatchObject({ ok: false, field: 'runIds', message: 'Run: "2.5" is not a whole number' });
    expect(filterFromForm(form({ from: 'yesterday' }))).toMatchObject({ ok: false, field: 'from' });
  });

  it('a live trend moment becomes a ±1 s span that round-trips through the form', () => {
    const at = Date.UTC(2026, 0, 5, 6, 30, 12, 345);
    const r = filterFromForm(formAroundTime(at));
    expect(r).toEqual({ ok: true, filter: { time: { fromMs: at - 1000, toMs: at + 1000 } } });
    expect(formatLocalTime(at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.345$/);
  });
});

describe('HistoryPages', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => makeRow(1000 - i));
  function pages(pageSize = 100, maxPages = 4) {
    const asked: HistoryPage[] = [];
    const fetch = vi.fn(async (page: HistoryPage) => {
      asked.push(page);
      const start = 'after' in page ? rows.findIndex((r) => r.frameId === page.after.frameId) + 1 : page.offset;
      return rows.slice(start, start + page.limit);
    });
    return { p: new HistoryPages(fetch, pageSize, maxPages), asked, fetch };
  }

  it('walks on from a held page with `after` (keyset), and jumps with `offset`', async () => {
    const { p, asked } = pages();
    await p.ensure(0, 250);
    expect(asked).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, after: { value: rows[99].sortValue, frameId: rows[99].frameId } },
      { limit: 100, after: { value: rows[199].sortValue, frameId: rows[199].frameId } },
    ]);
    expect(p.rowAt(250)?.frameId).toBe(rows[250].frameId);
    await p.ensure(700, 720);
    expect(asked[3]).toEqual({ limit: 100, offset: 700 });
    expect(p.indexOf(rows[705].frameId)).toBe(705);
  });

  it('keeps memory bounded: far pages are dropped and fetched again when needed', async () => {
    const { p, fetch } = pages(100, 3);
    await p.ensure(0, 99);
    await p.ensure(300, 399);
    await p.ensure(600, 699);
    await p.ensure(900, 999);
    expect(p.heldPages).toBe(3);
    expect(p.rowAt(0)).toBeUndefined();
    await p.ensure(0, 10);
    expect(fetch).toHaveBeenCalledTimes(5);
    expect(p.rowAt(0)?.frameId).toBe(1000);
  });

  it('drops an answer that arrives after a reset (a new filter) and a failed fetch', async () => {
    let release: (rows: ReturnType<typeof makeRow>[]) => void = () => undefined;
    const p = new HistoryPages(() => new Promise((r) => (release = r)), 10);
    const loading = p.ensure(0, 5);
    p.reset();
    release([makeRow(1)]);
    expect(await loading).toBe(false);
    expect(p.rowAt(0)).toBeUndefined();
    const failing = new HistoryPages(async () => null, 10);
    expect(await failing.ensure(0, 5)).toBe(false);
  });
});

describe('polygon edits', () => {
  const sq: Point[] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  it('moves, inserts and deletes vertices without touching the original', () => {
    expect(moveVertex(sq, 2, [12, 12])[2]).toEqual([12, 12]);
    expect(insertVertex(sq, 0, [5, -1])).toEqual([[0, 0], [5, -1], [10, 0], [10, 10], [0, 10]]);
    expect(deleteVertex(sq, 1)).toEqual([[0, 0], [10, 10], [0, 10]]);
    expect(deleteVertex(deleteVertex(sq, 1)!, 0)).toBeNull();
    expect(sq[2]).toEqual([10, 10]);
    expect(() => moveVertex(sq, 9, [0, 0])).toThrow(RangeError);
  });
  it('hit tests vertices and edges within a radius', () => {
    expect(nearestVertex(sq, [9, 1], 2)).toBe(1);
    expect(nearestVertex(sq, [5, 5], 2)).toBe(-1);
    expect(nearestEdge(sq, [5, 0.5], 1)).toEqual({ index: 0, at: [5, 0] });
    expect(nearestEdge(sq, [5, 5], 1)).toBeNull();
  });
  it('tells a crossing outline from a simple one, and thins a stroke', () => {
    expect(selfIntersects(sq)).toBe(false);
    expect(selfIntersects([[0, 0], [10, 10], [10, 0], [0, 10]])).toBe(true);
    expect(thinStroke([[0, 0], [1, 0], [2, 0], [5, 0], [5, 1], [5, 5]], 3)).toEqual([[0, 0], [5, 0], [5, 5]]);
  });
});

describe('view transform', () => {
  it('fits, zooms about the pointer and shows 1:1', () => {
    const t = fitTransform({ width: 800, height: 600 }, { width: 1600, height: 1200 });
    expect(t).toEqual({ scale: 0.5, x: 0, y: 0 });
    const under: Point = [200, 100];
    const before = toImage(t, under);
    const z = zoomAt(t, under, 3);
    expect(toImage(z, under)[0]).toBeCloseTo(before[0]);
    expect(toImage(z, under)[1]).toBeCloseTo(before[1]);
    const one = actualSize(t, { width: 800, height: 600 });
    expect(one.scale).toBe(1);
    expect(toViewer(one, toImage(t, [400, 300]))).toEqual([400, 300]);
  });
});

describe('edit stack', () => {
  const a: LabelEdit = { kind: 'label', frameId: 1, objectId: null, before: null, after: 'NG' };
  const b: LabelEdit = { kind: 'label', frameId: 2, objectId: 0, before: 'OK', after: 'scratch' };
  it('undoes newest first, redoes in order, and a new edit clears the redo side', () => {
    const s = new EditStack();
    s.push(a);
    s.push(b);
    expect(s.peekUndo()).toBe(b);
    s.commitUndo();
    expect(s.peekRedo()).toBe(b);
    expect(inverse(b)).toEqual({ ...b, before: 'scratch', after: 'OK' });
    s.push(a);
    expect(s.canRedo).toBe(false);
  });
});

describe('review shortcuts', () => {
  it('reads Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y, and nothing without Ctrl', () => {
    const k = (key: string, over = {}) => ({ key, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false, ...over });
    expect(undoRedoFor(k('z'))).toBe('undo');
    expect(undoRedoFor(k('Z', { shiftKey: true }))).toBe('redo');
    expect(undoRedoFor(k('y'))).toBe('redo');
    expect(undoRedoFor(k('z', { ctrlKey: false }))).toBeNull();
    expect(REVIEW_SHORTCUTS.some((s) => s.keys.includes('?'))).toBe(true);
  });
});
