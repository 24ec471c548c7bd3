// The review's service in the spawned workbench child, as the web host starts
// it: history.* and labels.* answered beside runs.*, job events crossing the IPC channel.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawnEngine } from '../../../src-engine/host/spawn-engine.js';
import { SERVICE_CHILD_ENTRIES, SERVICE_READY_METHODS } from '../../../src-engine/host/service-entries.js';
import type { HistoryJob } from '../../../src-shared/history-methods.js';
import { useTempDirs } from '../../temp-dirs.js';
import { writeLabelledFolder } from '../history/labelled-pictures.js';

const tempDir = useTempDirs('history-child');

describe('workbench child process', () => {
  it('imports through history.import, then reads, labels and refuses a stale label', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const source = writeLabelledFolder(join(dir, 'pictures'));
    const data = join(dir, 'data');
    const child = await spawnEngine({ entry: SERVICE_CHILD_ENTRIES.workbench, readyMethod: SERVICE_READY_METHODS.workbench, env: { LOUPE_DATA_DIR: data }, stdio: 'pipe', requestTimeoutMs: 20_000 });
    child.child.stdout?.resume();
    child.child.stderr?.resume();
    try {
      const c = child.client;
      const jobs: HistoryJob[] = [];
      c.onEvent('history.job', (j) => jobs.push(j));
      expect(await c.request('labels.classes', {})).toEqual({ ok: true, value: { classes: ['OK', 'NG'] } });
      const started = await c.request('history.import', { folder: source });
      if (!started.ok) throw new Error(started.error.message);
      await expect.poll(() => jobs.at(-1)?.state, { timeout: 60_000, interval: 100 }).toBe('done');
      expect(jobs.at(-1)).toMatchObject({ result: { imported: 4, skipped: 1 } });
      const rows = await c.request('history.query', { filter: { label: { values: ['good'] } }, page: { limit: 10 } });
      if (!rows.ok) throw new Error(rows.error.message);
      expect(rows.value.rows).toHaveLength(2);
      const row = rows.value.rows[0];
      const set = await c.request('labels.set', { frameId: row.frameId, value: 'NG', author: 'ana', replaces: row.labelRevision });
      expect(set.ok).toBe(true);
      const stale = await c.request('labels.set', { frameId: row.frameId, value: 'OK', author: 'bo', replaces: row.labelRevision });
      expect(!stale.ok && stale.error.code).toBe('conflict');
      expect((await c.request('runs.list', {})).ok).toBe(true);
    } finally {
      await child.close();
    }
  });
});
