import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { openResultStore, DATABASE_FILE } from '../../../src-engine/store/result-store.js';
import { makeFrameResult } from './make-frame-result.js';
import { useTempDirs } from '../../temp-dirs.js';

const SOURCE = { kind: 'synthetic', seed: 1, width: 640, height: 480, fps: 30, partsPerFrame: 5, defectRate: 0, noise: 0, lightingDrift: 0, frames: 0 } as const;
const tempDir = useTempDirs('store');

describe('ResultStore', () => {
  it('uses WAL with full sync', () => {
    const dir = tempDir();
    openResultStore(dir).close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('batches frames and commits them on flush, with objects and verdicts', () => {
    const dir = tempDir();
    const store = openResultStore(dir, { flushIntervalMs: 60_000, maxBatch: 100 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 3 });
    for (let i = 0; i < 5; i++) store.append(run, makeFrameResult(i, i !== 2));
    expect(store.pending).toBe(5);
    expect(store.persistedSeq(run)).toBe(-1);
    expect(store.flush()).toBe(5);
    expect(store.persistedSeq(run)).toBe(4);
    store.close();

    const reopened = openResultStore(dir);
    expect(reopened.frameCount(run)).toBe(5);
    const recent = reopened.recentFrames(5);
    expect(recent.map((f) => f.seq)).toEqual([4, 3, 2, 1, 0]);
    expect(recent.find((f) => f.seq === 2)?.ok).toBe(false);
    reopened.close();
  });

  it('commits a full batch at once', () => {
    const store = openResultStore(tempDir(), { flushIntervalMs: 60_000, maxBatch: 3 });
    const run = store.beginRun(SOURCE, { name: 'test', version: 1 });
    for (let i = 0; i < 3; i++) store.append(run, makeFrameResult(i));
    expect(store.pending).toBe(0);
    expect(store.frameCount(run)).toBe(3);
    store.close();
  });

  it('loses nothing it acknowledged when the process is killed', () => {
    const dir = tempDir();
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'kill-writer.ts'), dir, '45'], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const acks = child.stdout.trim().split('\n').map((l) => Number(l.split(' ')[1]));
    expect(acks.at(-1)).toBe(39);
    const store = openResultStore(dir);
    // Every acknowledged frame (seq 0..39) is there; the 5 unacknowledged ones were never promised.
    expect(store.frameCount()).toBe(40);
    store.close();
  });
});
