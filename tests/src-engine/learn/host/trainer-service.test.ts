// The trainer service over an in-memory port, as a client sees it: start,
// progress (throttled, every state change), one run at a time, stop within a
// batch, resume from the checkpoint, and refusals as values.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryPortPair, type MemoryPortPair } from '../../../../src-engine/host/memory-port.js';
import { createPortClient, type PortClient } from '../../../../src-shared/port-client.js';
import { TrainerService } from '../../../../src-engine/learn/host/trainer-service.js';
import { trainerPaths } from '../../../../src-engine/learn/host/trainer-paths.js';
import type { LoadedTensorFlow } from '../../../../src-engine/learn/tf/load-tensorflow.js';
import type { TrainJobStatus } from '../../../../src-shared/train-contract.js';
import { ok } from '../../../../src-shared/result.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { wasmTf } from '../train/run-fixture.js';
import { shapesDataset } from '../train/shapes-dataset.js';

let loaded: LoadedTensorFlow;
const tempDir = useTempDirs('trainer-service');
let pair: MemoryPortPair | null = null;
let service: TrainerService | null = null;

beforeAll(async () => {
  loaded = await wasmTf();
});

afterEach(async () => {
  await service?.dispose();
  pair?.close();
  service = null;
  pair = null;
});

function setUp(): { client: PortClient; events: TrainJobStatus[]; dataDir: string } {
  pair = createMemoryPortPair();
  const dataDir = tempDir();
  service = new TrainerService(pair.engine, {
    paths: trainerPaths(dataDir),
    loadTf: async () => loaded,
    loadData: () => ok({ dataset: shapesDataset({ train: 80, val: 12, test: 2 }), problems: [] }),
    log: () => {},
  });
  const client = createPortClient(pair.client, { timeoutMs: 10_000 });
  const events: TrainJobStatus[] = [];
  client.onEvent('train.progress', (s) => events.push(s));
  return { client, events, dataDir };
}

const config = (over: Record<string, unknown> = {}) => ({ data: { kind: 'synthetic' as const, seed: 1 }, model: 'cnn-tiny', epochs: 2, batchSize: 16, learningRate: 0.01, runName: 'job-1', ...over });

async function until(events: TrainJobStatus[], pred: (s: TrainJobStatus) => boolean, timeoutMs = 60_000): Promise<TrainJobStatus> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const hit = events.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no such train.progress within ${timeoutMs} ms; states seen: ${events.map((e) => e.state).join(',')}`);
}

describe('TrainerService', () => {
  it('runs a job to the end: status, throttled progress with every state, the bundle, one run at a time', async () => {
    const { client, events, dataDir } = setUp();
    const idle = await client.request('train.status', {});
    expect(idle).toEqual({ ok: true, value: { backend: null, logdir: join(dataDir, 'runs'), jobs: [] } });

    const started = await client.request('train.start', { config: config() });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({ runId: 'job-1', state: 'preparing', epoch: 0, epochs: 2, step: 0, logdir: join(dataDir, 'runs') });

    const second = await client.request('train.start', { config: config({ runName: 'job-2' }) });
    expect(second).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringMatching(/run job-1 is (preparing|training); one run at a time/) } });

    const t0 = Date.now();
    const finished = await until(events, (s) => s.state === 'finished');
    const seconds = (Date.now() - t0) / 1000;
    expect(finished).toMatchObject({ runId: 'job-1', epoch: 2, step: 2 * 10, stepsPerEpoch: 10, backend: 'wasm', bundle: join(dataDir, 'models', 'job-1') });
    expect(finished.metrics.val_accuracy).toBeGreaterThan(0.5);
    expect(existsSync(join(dataDir, 'models', 'job-1', 'bundle.json'))).toBe(true);
    expect(existsSync(join(dataDir, 'runs', 'job-1', 'checkpoints', 'latest.json'))).toBe(true);
    // Throttled: 20 batches, but no more than ~4 events a second plus one per state change.
    const training = events.filter((e) => e.state === 'training');
    expect(training.length).toBeGreaterThan(0);
    expect(training.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 4);
    expect([...new Set(events.map((e) => e.state))]).toEqual(['preparing', 'training', 'finished']);
    expect(training.some((e) => e.samplesPerSec > 0 && e.etaSec !== null)).toBe(true);

    const status = await client.request('train.status', {});
    if (!status.ok) throw new Error(status.error.message);
    expect(status.value.backend).toBe('wasm');
    expect(status.value.jobs.map((j) => [j.runId, j.state])).toEqual([['job-1', 'finished']]);
  });

  it('stop answers within a batch and keeps the checkpoint; resume continues the step count to more epochs', async () => {
    const { client, events, dataDir } = setUp();
    // Far more epochs than it will run: on a fast idle machine 3 once finished before the stop arrived.
    await client.request('train.start', { config: config({ epochs: 30 }) });
    await until(events, (s) => s.state === 'training' && s.epoch >= 1);
    const asked = performance.now();
    const stop = await client.request('train.stop', { runId: 'job-1' });
    const answeredMs = performance.now() - asked;
    expect(stop).toMatchObject({ ok: true, value: { state: 'stopping' } });
    expect(answeredMs).toBeLessThan(5_000); // within a batch, not at the end of the run
    const stopped = await until(events, (s) => s.state === 'stopped');
    expect(stopped.epoch).toBeGreaterThanOrEqual(1);
    expect(stopped.epoch).toBeLessThan(30);
    expect(stopped.bundle).toBeNull();
    expect(stopped.message).toMatch(/last checkpoint is kept/);
    const checkpointStep = JSON.parse(readFileSync(join(dataDir, 'runs', 'job-1', 'checkpoints', 'latest.json'), 'utf8')) as { step: number; epoch: number };
    expect(checkpointStep.step).toBe(10 * checkpointStep.epoch);

    events.length = 0;
    const resumed = await client.request('train.resume', { runId: 'job-1', epochs: checkpointStep.epoch + 2 });
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.value).toMatchObject({ state: 'preparing', epoch: checkpointStep.epoch, step: checkpointStep.step, epochs: checkpointStep.epoch + 2 });
    const firstTraining = await until(events, (s) => s.state === 'training' && s.step > 0);
    expect(firstTraining.step).toBeGreaterThan(checkpointStep.step);
    const done = await until(events, (s) => s.state === 'finished');
    expect(done).toMatchObject({ epoch: checkpointStep.epoch + 2, step: 10 * (checkpointStep.epoch + 2) });
  });

  it('refuses as values: unknown run, corrupt checkpoint (nothing overwritten), nothing left to resume, bad config', async () => {
    const { client, events, dataDir } = setUp();
    expect(await client.request('train.stop', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.request('train.resume', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/no checkpoint to resume from/) } });

    await client.request('train.start', { config: config({ epochs: 1 }) });
    await until(events, (s) => s.state === 'finished');
    expect(await client.request('train.resume', { runId: 'job-1' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already trained 1 epochs/) } });
    expect(await client.request('train.start', { config: config() })).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringMatching(/a run named job-1 already exists/) } });

    const state = join(dataDir, 'runs', 'job-1', 'checkpoints', 'epoch-000001', 'state.json');
    writeFileSync(state, readFileSync(state, 'utf8').replace('"step": 10', '"step": 11'));
    const before = readFileSync(state);
    const corrupt = await client.request('train.resume', { runId: 'job-1', epochs: 2 });
    expect(corrupt).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is corrupt/) } });
    expect(readFileSync(state)).toEqual(before);

    const bad = await client.request('train.start', { config: { ...config(), epochs: 0 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/epochs/) } });
    expect(await client.request('train.start', { config: config({ model: 'resnet-50' }) })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/unknown model "resnet-50"; known models: cnn-tiny/) } });
    // Still serving.
    expect((await client.request('train.status', {})).ok).toBe(true);
  });
});
