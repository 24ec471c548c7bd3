// Data folders written by earlier releases (schema 1 and schema 3, committed as
// fixtures) are upgraded in place: nothing recorded is lost, the typed metric
// columns are filled from the old JSON, the review's indexes are built, the
// review answers as before, and recording goes on.
import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openResultStore, DATABASE_FILE } from '../../../src-engine/store/result-store.js';
import { openHistoryReader } from '../../../src-engine/store/history-reader.js';
import { migrate, SCHEMA_VERSION } from '../../../src-engine/store/migrate.js';
import { frameMetricSortIndex, objectMetricBoundsIndex } from '../../../src-engine/store/metric-columns.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES } from '../../../src-shared/metrics.js';
import { ReviewStore } from '../../../src-engine/history/review-store.js';
import { makeFrameResult } from './make-frame-result.js';
import { T0 } from './history-fixture.js';
import { useTempDirs } from '../../temp-dirs.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'loupe-v1.sqlite');
const V3_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'loupe-v3.sqlite');
const tempDir = useTempDirs('store-migrate');

function v1Folder(): string {
  const dir = tempDir();
  copyFileSync(FIXTURE, path.join(dir, DATABASE_FILE));
  return dir;
}

describe('schema migrations', () => {
  it('upgrades a version-1 file in place, keeping every frame and object', () => {
    const dir = v1Folder();
    openResultStore(dir).close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect((db.prepare('SELECT COUNT(*) AS n FROM objects').get() as { n: number }).n).toBe(9);
    db.close();

    const reader = openHistoryReader(dir);
    expect(reader.count({})).toEqual({ ok: true, value: 9 });
    // The old JSON metrics now sit in typed, filterable columns.
    expect(reader.count({ objectMetrics: { area: { min: 99, max: 101 }, circularityCv: { min: 0.88, max: 0.9 } } })).toEqual({ ok: true, value: 9 });
    expect(reader.count({ objectMetrics: { area: { max: 100 } } })).toEqual({ ok: true, value: 9 }); // per-frame bounds, backfilled too
    expect(reader.count({ objectMetrics: { area: { max: 99 } } })).toEqual({ ok: true, value: 0 });
    expect(reader.count({ frameMetrics: { meanIntensity: { min: 50, max: 50 } } })).toEqual({ ok: true, value: 9 });
    // The source kind is read out of each run's stored spec.
    expect(reader.count({ sources: ['folder'] })).toEqual({ ok: true, value: 3 });
    expect(reader.count({ verdict: 'ng' })).toEqual({ ok: true, value: 2 });
    const first = reader.query({ sort: { column: 'frameId', direction: 'asc' }, page: { limit: 1 } });
    expect(first.ok && reader.objects(first.value[0].frameId)[0]).toMatchObject({ part: 'disc', metrics: { area: 100, holes: 0 }, bbox: { x: 10, width: 12 } });
    reader.close();
  });

  it('records new frames into the upgraded file, numbering runs after the old ones', async () => {
    const dir = v1Folder();
    const store = openResultStore(dir, { flushIntervalMs: 60_000 });
    const run = store.beginRun({ kind: 'camera', device: 0 }, { name: 'test', version: 4 });
    store.append(run, makeFrameResult(0, false));
    await store.flush();
    expect(store.storedRunId(run)).toBe(3);
    store.close();
    const reader = openHistoryReader(dir);
    expect(reader.count({ sources: ['camera'], verdict: 'ng', recipe: { versions: [3] } })).toEqual({ ok: true, value: 1 });
    expect(reader.count({})).toEqual({ ok: true, value: 10 });
    reader.close();
  });

  it('upgrades a schema-3 file in place: the review answers as before, through the sort and bounds indexes', async () => {
    // loupe-v3.sqlite was written by the store as it was at schema 3 (HistoryWriter and LabelTable of that
    // commit): 2 runs, 10 frames, 13 objects (a washer with a hole among them), one label.
    const dir = tempDir();
    copyFileSync(V3_FIXTURE, path.join(dir, DATABASE_FILE));
    const store = openResultStore(dir, { flushIntervalMs: 60_000 });
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const indexes = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name));
    db.close();
    for (const m of FRAME_METRIC_NAMES) expect(indexes).toContain(frameMetricSortIndex(m));
    for (const m of OBJECT_METRIC_NAMES) expect(indexes).toContain(objectMetricBoundsIndex(m));

    for (const reader of [openHistoryReader(dir, { scanAtMostPerPageRow: 0 }), openHistoryReader(dir, { scanAtMostPerPageRow: Infinity })]) {
      const seqs = (q: object) => {
        const r = reader.query(q);
        if (!r.ok) throw new Error(r.error.message);
        return r.value.map((row) => row.seq);
      };
      // Ties break on the frame id, newest first when descending.
      expect(seqs({ sort: { column: 'processingMs', direction: 'desc' }, page: { limit: 100 } })).toEqual([2, 11, 1, 13, 12, 5, 3, 0, 10, 4]);
      expect(seqs({ sort: { column: 'objectCount', direction: 'asc' }, page: { limit: 4, offset: 3 } })).toEqual([10, 12, 13, 0]);
      // Frame 11 has objects of area 150 and 400, on both sides of [200, 300]: its objects are looked at, and it does not match.
      expect(seqs({ filter: { objectMetrics: { area: { min: 200, max: 300 } } }, sort: { column: 'capturedAtMs', direction: 'asc' }, page: { limit: 100 } })).toEqual([2, 3, 4]);
      expect(reader.count({ objectMetrics: { area: { min: 200, max: 300 } } })).toEqual({ ok: true, value: 3 });
      expect(reader.count({ verdict: 'ng', time: { fromMs: T0, toMs: T0 + 20_000 }, objectMetrics: { area: { min: 200, max: 300 } } })).toEqual({ ok: true, value: 1 });
      expect(reader.count({ objectMetrics: { area: { min: 450 } } })).toEqual({ ok: true, value: 1 });
      expect(seqs({ filter: { label: { values: ['scratch'] } }, page: { limit: 10 } })).toEqual([1]);
      reader.close();
    }

    // The shapes moved to their own table (schema 6) and come back with their objects, holes too.
    const review = ReviewStore.open(dir);
    if (!review.ok) throw new Error(review.error.message);
    const first = review.value.frame(1);
    expect(first.ok && first.value.objects.map((o) => [o.part, o.metrics.area, o.bbox, o.outline, o.holes])).toEqual([
      ['disc', 100, { x: 10, y: 10, width: 12, height: 12 }, [[10, 16], [16, 10], [22, 16], [16, 22]], []],
      ['washer', 500, { x: 10, y: 10, width: 12, height: 12 }, [[10, 16], [16, 10], [22, 16], [16, 22]], []],
    ]);
    const washer = review.value.frame(10);
    expect(washer.ok && washer.value.objects[0]).toMatchObject({ part: 'washer', metrics: { area: 320 }, holes: [[[14, 16], [16, 14], [18, 16], [16, 18]]] });
    review.value.close();

    // Recording goes on in the upgraded file, its next run numbered by SQLite after the old ones.
    const run = store.beginRun({ kind: 'camera', device: 0 }, { name: 'test', version: 4 });
    store.append(run, makeFrameResult(0, false));
    await store.flush();
    expect(store.storedRunId(run)).toBe(3);
    store.close();
  });

  it('refuses a file from a newer Loupe instead of guessing at it', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this Loupe/);
    db.close();
  });
});
