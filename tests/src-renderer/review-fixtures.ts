// A small in-memory history behind a FakeClient, answering history.* and
// labels.* the way the workbench does: offset and keyset (`after`) pages over a
// sorted list, counts per filter (verdict only, which is what these tests
// vary), frames with objects, pictures, and label / outline changes that must
// name the current revision or are refused as 'conflict'.
import type { HistoryFilter, HistoryQuery, HistoryRow } from '../../src-shared/history-contract.js';
import type { HistoryFrame, HistoryObject, HistoryRevision } from '../../src-shared/history-methods.js';
import type { Point } from '../../src-shared/inspection.js';
import type { FakeClient } from './fixtures.js';

export const T0 = Date.UTC(2026, 0, 5, 6, 0, 0);
/** A 1×1 PNG, so Blob URLs can be made from real bytes. */
export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export function makeRow(frameId: number, over: Partial<HistoryRow> = {}): HistoryRow {
  return {
    frameId,
    runId: 1,
    seq: frameId,
    capturedAtMs: T0 + frameId * 100,
    width: 640,
    height: 480,
    recipe: { name: 'discs', version: 1 },
    source: 'folder',
    verdict: frameId % 3 === 0 ? 'ng' : 'ok',
    objectCount: 2,
    metrics: { meanIntensity: 90, processingMs: 4 },
    label: null,
    labelRevision: null,
    labelled: false,
    image: { full: `full/${frameId}.png`, thumb: `thumb/${frameId}.png`, reason: 'ng' },
    sortValue: T0 + frameId * 100,
    ...over,
  };
}

const square = (x: number, y: number, s: number): Point[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

export function makeObjectRecord(objectId: number): HistoryObject {
  return {
    objectId,
    part: 'disc',
    ok: objectId !== 1,
    reasons: objectId === 1 ? [{ metric: 'circularity', value: 0.7, min: 0.85, message: 'circularity 0.7 < 0.85' }] : [],
    metrics: { area: 1000 + objectId, circularity: 0.9 },
    bbox: { x: 10 + objectId * 100, y: 10, width: 50, height: 50 },
    outline: square(10 + objectId * 100, 10, 50),
    holes: [],
    outlineEdited: false,
    outlineRevision: null,
    label: null,
    labelRevision: null,
  };
}

export class FakeHistory {
  rows: HistoryRow[];
  readonly objects = new Map<number, HistoryObject[]>();
  readonly revisions: HistoryRevision[] = [];
  classes = ['OK', 'NG', 'scratch'];
  private nextRevision = 1;

  constructor(
    readonly client: FakeClient,
    count: number,
  ) {
    this.rows = Array.from({ length: count }, (_, i) => makeRow(i + 1));
    this.install();
  }

  private matching(filter: HistoryFilter): HistoryRow[] {
    return this.rows.filter(
      (r) =>
        (!filter.verdict || r.verdict === filter.verdict) &&
        (filter.time?.fromMs === undefined || r.capturedAtMs >= filter.time.fromMs) &&
        (filter.time?.toMs === undefined || r.capturedAtMs <= filter.time.toMs),
    );
  }

  objectsOf(frameId: number): HistoryObject[] {
    let list = this.objects.get(frameId);
    if (!list) {
      list = [makeObjectRecord(0), makeObjectRecord(1)];
      this.objects.set(frameId, list);
    }
    return list;
  }

  frame(frameId: number): HistoryFrame | null {
    const row = this.rows.find((r) => r.frameId === frameId);
    if (!row) return null;
    return structuredClone({ row, objects: this.objectsOf(frameId), revisions: this.revisions.filter((r) => r.frameId === frameId) });
  }

  private install(): void {
    const c = this.client;
    c.responders.set('history.query', (p) => {
      const q = p as HistoryQuery;
      // Newest first (the default sort), frame id as the tie-break, like the store.
      const sorted = [...this.matching(q.filter)].sort((a, b) => b.capturedAtMs - a.capturedAtMs || b.frameId - a.frameId);
      let start = 0;
      if ('after' in q.page) {
        const after = q.page.after;
        start = sorted.findIndex((r) => r.capturedAtMs < (after.value as number) || (r.capturedAtMs === after.value && r.frameId < after.frameId));
        if (start < 0) start = sorted.length;
      } else start = q.page.offset ?? 0;
      return { ok: true, value: { rows: sorted.slice(start, start + q.page.limit) } };
    });
    c.responders.set('history.count', (p) => ({ ok: true, value: { count: this.matching((p as { filter: HistoryFilter }).filter).length } }));
    c.responders.set('history.frame', (p) => {
      const f = this.frame((p as { frameId: number }).frameId);
      return f ? { ok: true, value: f } : { ok: false, error: { code: 'not-found', message: 'no such frame' } };
    });
    c.responders.set('history.picture', (p) => ({ ok: true, value: { frameId: (p as { frameId: number }).frameId, mime: 'image/png', width: 640, height: 480, dataBase64: PNG_1X1 } }));
    c.responders.set('history.thumbnails', (p) => ({
      ok: true,
      value: { pictures: (p as { frameIds: number[] }).frameIds.map((frameId) => ({ frameId, mime: 'image/png', width: 1, height: 1, dataBase64: PNG_1X1 })) },
    }));
    c.responders.set('history.jobs', () => ({ ok: true, value: [] }));
    c.responders.set('labels.classes', () => ({ ok: true, value: { classes: this.classes } }));
    c.responders.set('labels.setClasses', (p) => {
      this.classes = (p as { classes: string[] }).classes;
      return { ok: true, value: { classes: this.classes } };
    });
    c.responders.set('labels.set', (p) => {
      const change = p as { frameId: number; objectId?: number; value: string | null; author: string; replaces: number | null };
      const row = this.rows.find((r) => r.frameId === change.frameId)!;
      const object = change.objectId === undefined ? null : this.objectsOf(change.frameId).find((o) => o.objectId === change.objectId)!;
      const current = object ? object.labelRevision : row.labelRevision;
      if (change.replaces !== current) return { ok: false, error: { code: 'conflict', message: `stale label change: it replaces revision ${change.replaces ?? 'none'}, but the current one is revision ${current}; reload and try again` } };
      const revision = this.nextRevision++;
      if (object) Object.assign(object, { label: change.value, labelRevision: revision });
      else Object.assign(row, { label: change.value, labelRevision: revision, labelled: change.value !== null });
      const rev: HistoryRevision = { revision, frameId: change.frameId, objectId: change.objectId ?? null, value: change.value, author: change.author, atMs: Date.now(), replaces: change.replaces, note: null, kind: 'label', outline: null };
      this.revisions.push(rev);
      return { ok: true, value: { ...rev, kind: undefined, outline: undefined } };
    });
    c.responders.set('labels.outline', (p) => {
      const change = p as { frameId: number; objectId: number; outline: Point[]; author: string; replaces: number | null };
      const object = this.objectsOf(change.frameId).find((o) => o.objectId === change.objectId)!;
      if (change.replaces !== object.outlineRevision) return { ok: false, error: { code: 'conflict', message: `stale outline change: it replaces outline revision ${change.replaces ?? 'none'}, but the current one is revision ${object.outlineRevision}; reload and try again` } };
      const revision = this.nextRevision++;
      Object.assign(object, { outline: change.outline, outlineRevision: revision, outlineEdited: true });
      const rev: HistoryRevision = { revision, frameId: change.frameId, objectId: change.objectId, value: null, author: change.author, atMs: Date.now(), replaces: change.replaces, note: null, kind: 'outline', outline: change.outline };
      this.revisions.push(rev);
      return { ok: true, value: rev };
    });
  }
}

/** The params of every request of one method, in order. */
export const paramsOf = <T>(client: FakeClient, method: string): T[] => client.requests.filter((r) => r.method === method).map((r) => r.params as T);
