// The run monitor over a port, as the hosts run it: requests and the
// runs.update event pass the contract's validation on the client side.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createMemoryPortPair } from '../../../src-engine/host/memory-port.js';
import { createPortClient } from '../../../src-shared/port-client.js';
import { createRunsServer, runsOptionsFromEnv, type RunsServer } from '../../../src-engine/workbench/runs-server.js';
import type { RunsUpdate } from '../../../src-shared/runs-contract.js';
import { useTempDirs } from '../../temp-dirs.js';
import { writeScalars } from './run-fixtures.js';

const tempDir = useTempDirs('workbench-server');
let server: RunsServer | null = null;
afterEach(async () => {
  await server?.dispose();
  server = null;
});

describe('run monitor server', () => {
  it('serves the default folder of the data dir and pushes appended points as a valid runs.update', async () => {
    const data = tempDir();
    const logdir = join(data, 'runs');
    const pair = createMemoryPortPair();
    server = createRunsServer(pair.engine, { ...runsOptionsFromEnv({ LOUPE_DATA_DIR: data }), pollMs: 20 });
    const client = createPortClient(pair.client, { timeoutMs: 5000 });
    const updates: RunsUpdate[] = [];
    const warnings: string[] = [];
    client.onEvent('runs.update', (u) => updates.push(u));
    client.onDidLog((e) => warnings.push(e.message));

    const listed = await client.request('runs.list', {});
    expect(listed).toEqual({ ok: true, value: { logdirs: [logdir], runs: [], problems: [] } });

    const writer = writeScalars(join(logdir, 'exp'), 'loss', [0, 1, 2], (s) => s / 4);
    await expect.poll(() => updates.flatMap((u) => u.appended).length, { timeout: 3000 }).toBeGreaterThan(0);
    const appended = updates.flatMap((u) => u.appended);
    expect(appended[0]).toMatchObject({ tag: 'loss', steps: [0, 1, 2], values: [0, 0.25, 0.5] });
    expect(updates.flatMap((u) => u.runs).at(-1)).toMatchObject({ run: 'exp', points: 3 });
    writer.close();
    expect(warnings).toEqual([]);

    const runId = appended[0].runId;
    const scalars = await client.request('runs.scalars', { runId });
    expect(scalars.ok && scalars.value.series[0].values).toEqual([0, 0.25, 0.5]);
    client.dispose();
    pair.close();
  });

  it('answers a bad request with an error naming the field, and keeps serving', async () => {
    const pair = createMemoryPortPair();
    server = createRunsServer(pair.engine, { defaultLogdir: null });
    const client = createPortClient(pair.client, { timeoutMs: 5000 });
    const bad = await client.request('runs.open', { logdir: '' } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('logdir');
    const missing = await client.request('runs.open', { logdir: '/definitely/not/here' });
    expect(missing).toEqual({ ok: false, error: { code: 'not-found', message: 'no folder at /definitely/not/here', subject: '/definitely/not/here' } });
    expect((await client.request('runs.list', {})).ok).toBe(true);
    client.dispose();
    pair.close();
  });
});

describe('run monitor child process', () => {
  it('starts from the entry the web host forks and is ready when it answers runs.list', async () => {
    const { spawnEngine } = await import('../../../src-engine/host/spawn-engine.js');
    const { SERVICE_CHILD_ENTRIES, SERVICE_READY_METHODS } = await import('../../../src-engine/host/service-entries.js');
    const data = tempDir();
    const child = await spawnEngine({ entry: SERVICE_CHILD_ENTRIES.workbench, readyMethod: SERVICE_READY_METHODS.workbench, env: { LOUPE_DATA_DIR: data }, stdio: 'pipe' });
    child.child.stdout?.resume();
    child.child.stderr?.resume();
    try {
      const listed = await child.client.request('runs.list', {});
      expect(listed.ok && listed.value.logdirs).toEqual([join(data, 'runs')]);
    } finally {
      await child.close();
    }
  }, 30_000);
});
