// The engine records every inspected frame in the data folder's results store,
// one store run per engine run, and commits what is queued when it shuts down.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openResultStore, DATABASE_FILE } from '../../../src-engine/store/result-store.js';
import type { ResultSink } from '../../../src-engine/host/engine-service.js';
import { createDefaultEngineDeps } from '../../../src-engine/host/default-engine-deps.js';
import { ok, startEngine } from './engine-harness.js';
import { useTempDirs } from '../../temp-dirs.js';

const tempDir = useTempDirs('engine-results');

describe('EngineService: results store', () => {
  it('records every frame it sent, with its verdict, and flushes on dispose', async () => {
    const dir = tempDir();
    const engine = await startEngine({ results: openResultStore(dir, { flushIntervalMs: 60_000 }) });
    await ok(engine.client.request('run.start', {}));
    await engine.waitForFrames(5);
    await ok(engine.client.request('run.stop', {}));
    const sent = engine.frames.map((f) => ({ seq: f.result.seq, ok: f.result.verdict.ok ? 1 : 0 }));
    engine.close(); // disposes the service, which closes (flushes) the store

    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const rows = db.prepare('SELECT seq, ok FROM frames ORDER BY seq').all();
    const runs = db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number };
    db.close();
    expect(rows).toEqual(sent);
    expect(runs.n).toBe(1);
  });

  it('keeps the line running when the store fails, and says why', async () => {
    const failing: ResultSink = {
      beginRun: () => 1,
      append: () => {
        throw new Error('disk full');
      },
      close: () => undefined,
    };
    const engine = await startEngine({ results: failing });
    try {
      await ok(engine.client.request('run.start', {}));
      await engine.waitForFrames(3);
      expect(engine.service.status().lastError?.message).toMatch(/not recorded: disk full/);
      expect(engine.logs.some((l) => l.level === 'error' && /disk full/.test(l.message))).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('records every frame while the view cannot be reached, and the line goes on', async () => {
    const recorded: number[] = [];
    const sink: ResultSink = { beginRun: () => 1, append: (_run, result) => void recorded.push(result.seq), close: () => undefined };
    let sendFailures = 0;
    const engine = await startEngine({ results: sink }, createDefaultEngineDeps(), (port) => ({
      postMessage: (m: unknown) => {
        if ((m as { event?: string }).event === 'frame') {
          sendFailures++;
          throw new Error('view gone');
        }
        port.postMessage(m);
      },
      onMessage: (listener) => port.onMessage(listener),
    }));
    try {
      await ok(engine.client.request('run.start', {}));
      await expect.poll(() => recorded.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
      // Each frame is recorded in the step that failed to send it: as many records as failed sends, in order, all counted.
      expect(recorded.length).toBe(sendFailures);
      expect(engine.frames).toHaveLength(0);
      expect(recorded).toEqual([...recorded].sort((a, b) => a - b));
      expect(engine.service.status().counters.frames).toBeGreaterThanOrEqual(recorded.length);
    } finally {
      engine.close();
    }
  });
});
