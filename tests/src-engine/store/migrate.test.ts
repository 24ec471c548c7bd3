// A data folder written by the first release's ResultStore (schema 1, committed
// as a fixture) is upgraded in place: nothing recorded is lost, the typed
// metric columns are filled from the old JSON, and recording goes on.
import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openResultStore, DATABASE_FILE } from '../../../src-engine/store/result-store.js';
import { openHistoryReader } from '../../../src-engine/store/history-reader.js';
import { migrate, SCHEMA_VERSION } from '../../../src-engine/store/migrate.js';
import { makeFrameResult } from './make-frame-result.js';
import { useTempDirs } from '../../temp-dirs.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'loupe-v1.sqlite');
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

  it('refuses a file from a newer Loupe instead of guessing at it', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this Loupe/);
    db.close();
  });
});
