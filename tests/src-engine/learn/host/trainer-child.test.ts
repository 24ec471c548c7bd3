// The trainer as the web host starts it: a forked child (trainer-child-entry.ts)
// with its data under LOUPE_DATA_DIR, training from the synthetic line itself.
import { afterEach, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnEngine, type SpawnedEngine } from '../../../../src-engine/host/spawn-engine.js';
import { SERVICE_CHILD_ENTRIES, SERVICE_READY_METHODS } from '../../../../src-engine/host/service-entries.js';
import type { TrainJobStatus } from '../../../../src-shared/train-contract.js';
import { featureCacheDir } from '../../../../src-engine/learn/features/feature-cache.js';
import { useTempDirs } from '../../../temp-dirs.js';

const tempDir = useTempDirs('trainer-child');
let child: SpawnedEngine | null = null;
afterEach(async () => {
  await child?.close();
  child = null;
});

it('serves train.* as a child process and trains a run from the synthetic line into the data folder', async () => {
  const dataDir = tempDir();
  child = await spawnEngine({
    entry: SERVICE_CHILD_ENTRIES.trainer,
    readyMethod: SERVICE_READY_METHODS.trainer,
    env: { LOUPE_DATA_DIR: dataDir, LOUPE_TF_BACKEND: 'wasm' },
    requestTimeoutMs: 20_000,
    startTimeoutMs: 60_000,
  });
  const status = await child.client.request('train.status', {});
  expect(status).toEqual({ ok: true, value: { backend: null, logdir: join(dataDir, 'runs'), jobs: [] } });

  const events: TrainJobStatus[] = [];
  child.client.onEvent('train.progress', (s) => events.push(s));
  const started = await child.client.request('train.start', {
    config: { data: { kind: 'synthetic', seed: 11, frames: 10, defectRate: 0.4 }, model: 'cnn-tiny', epochs: 1, batchSize: 32, runName: 'child-run' },
  });
  if (!started.ok) throw new Error(started.error.message);
  const end = Date.now() + 90_000;
  while (Date.now() < end && !events.some((e) => e.state === 'finished' || e.state === 'failed')) await new Promise((r) => setTimeout(r, 100));
  const last = events.at(-1)!;
  expect(last.message).not.toMatch(/failed/);
  expect(last).toMatchObject({ state: 'finished', epoch: 1, backend: 'wasm', bundle: join(dataDir, 'models', 'child-run') });
  expect(existsSync(join(dataDir, 'models', 'child-run', 'bundle.json'))).toBe(true);
  expect(existsSync(join(dataDir, 'runs', 'child-run', 'train'))).toBe(true);
  expect(existsSync(featureCacheDir(dataDir))).toBe(true);
});
