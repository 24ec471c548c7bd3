import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { openResultStore, DATABASE_FILE } from '../../../src-engine/store/result-store.js';
import { SCHEMA_VERSION } from '../../../src-engine/store/migrate.js';
import { makeFrameResult } from './make-frame-result.js';
import { useTempDirs } from '../../temp-dirs.js';

const SOURCE = { kind: 'synthetic', seed: 1, width: 640, height: 480, fps: 30, partsPerFrame: 5, defectRate: 0, noise: 0, lightingDrift: 0, frames: 0 } as const;
const tempDir = useTempDirs('store');

function countFrames(dir: string): number {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('ResultStore', () => {
  it('uses WAL with full sync, at the newest schema', () => {
    const dir = tempDir();
    openResultStore(dir).close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('acknowledges a frame only once its worker has committed it', async () => {
    const dir = tempDir();
    const store = openResultStore(dir, { flushIntervalMs: 60_000, maxBatch: 100 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 3 });
    for (let i = 0; i < 5; i++) store.append(run, makeFrameResult(i, i !== 2));
    expect(store.pending).toBe(5);
    expect(store.persistedSeq(run)).toBe(-1);
    await store.flush();
    expect(store.pending).toBe(0);
    expect(store.persistedSeq(run)).toBe(4);
    expect(countFrames(dir)).toBe(5);
    store.close();
  });

  it('commits a full batch without being asked', async () => {
    const dir = tempDir();
    const store = openResultStore(dir, { flushIntervalMs: 60_000, maxBatch: 3 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 1 });
    for (let i = 0; i < 3; i++) store.append(run, makeFrameResult(i));
    await expect.poll(() => store.persistedSeq(run), { timeout: 5000 }).toBe(2);
    store.close();
  });

  it('commits what is queued when it closes', () => {
    const dir = tempDir();
    const store = openResultStore(dir, { flushIntervalMs: 60_000 });
    const first = store.beginRun(SOURCE, { name: 'test', version: 1 });
    for (let i = 0; i < 4; i++) store.append(first, makeFrameResult(i));
    store.close();
    expect(countFrames(dir)).toBe(4);
  });

  it('takes run ids from the database as it commits them, numbering on from the file', async () => {
    const dir = tempDir();
    const store = openResultStore(dir, { flushIntervalMs: 60_000 });
    const first = store.beginRun(SOURCE, { name: 'test', version: 1 });
    expect(store.storedRunId(first)).toBeNull(); // not committed yet
    store.append(first, makeFrameResult(0));
    await store.flush();
    expect(store.storedRunId(first)).toBe(1);
    store.close();
    const again = openResultStore(dir, { flushIntervalMs: 60_000 });
    const next = again.beginRun(SOURCE, { name: 'test', version: 1 });
    again.append(next, makeFrameResult(0));
    await again.flush();
    expect(again.storedRunId(next)).toBe(2);
    expect(again.persistedSeq(next)).toBe(0);
    again.close();
  });

  it('refuses frames after it closed, saying so', () => {
    const store = openResultStore(tempDir());
    const run = store.beginRun(SOURCE, { name: 'test', version: 1 });
    store.close();
    expect(() => store.append(run, makeFrameResult(0))).toThrow(/closed/);
  });

  it('loses nothing it acknowledged when the process is killed', () => {
    const dir = tempDir();
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'kill-writer.ts'), dir, '45'], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const acks = child.stdout.trim().split('\n').map((l) => Number(l.split(' ')[1]));
    expect(acks).toEqual([9, 19, 29, 39]);
    // Every acknowledged frame (seq 0..39) is there; the 5 unacknowledged ones were never promised.
    expect(countFrames(dir)).toBe(40);
  });
});
