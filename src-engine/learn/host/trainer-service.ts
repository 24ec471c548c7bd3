// The trainer process's service: `train.*` over a port. One run at a time;
// every answer is a Result, and a run's failure is reported in its status (and
// its run files), never by taking the service down. Progress goes out as
// train.progress at most ~4×/s and at every state change. The run itself yields
// to the event loop between batches, so stop and status answer within a batch.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipe } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import type { TrainConfig, TrainJobStatus } from '../../../src-shared/train-contract.js';
import { ContractServer } from '../../host/contract-server.js';
import type { EnginePort } from '../../host/port.js';
import type { RunningService } from '../../host/service-entry.js';
import { loadRecipeFile } from '../../recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../recipes/recipe-paths.js';
import { loadTensorFlow, type LoadedTensorFlow } from '../tf/load-tensorflow.js';
import { readLatestCheckpoint } from '../train/checkpoint-store.js';
import { loadTrainingData, type TrainingData } from '../train/training-data.js';
import { checkpointsDirOf, runDirOf, runTraining, type TrainProgress } from '../train/training-run.js';
import { MODEL_NAMES, ModelNameSchema } from '../model/model-catalog.js';
import { ProgressThrottle } from './progress-throttle.js';
import { newRunId } from './run-id.js';
import type { TrainerPaths } from './trainer-paths.js';

export interface TrainerServiceOptions {
  paths: TrainerPaths;
  recipePath?: string;
  loadTf?: () => Promise<LoadedTensorFlow>;
  /** Where samples come from (tests inject small datasets). */
  loadData?: (config: TrainConfig, recipe: Recipe) => Result<TrainingData>;
  progressIntervalMs?: number;
  now?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

const ACTIVE = new Set(['preparing', 'training', 'stopping']);

interface Job {
  status: TrainJobStatus;
  stopRequested: boolean;
  done: Promise<void>;
}

export class TrainerService implements RunningService {
  private readonly server: ContractServer<'train.start' | 'train.stop' | 'train.resume' | 'train.status'>;
  private readonly jobs: Job[] = [];
  private readonly throttle: ProgressThrottle<TrainJobStatus>;
  private backend: string | null = null;
  private readonly now: () => number;

  constructor(
    port: EnginePort,
    private readonly o: TrainerServiceOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.server = new ContractServer(
      port,
      'trainer',
      {
        'train.status': () => ok({ backend: this.backend, logdir: o.paths.logdir, jobs: this.jobs.map((j) => ({ ...j.status })) }),
        'train.start': ({ config }) => this.start(config),
        'train.resume': ({ runId, epochs }) => this.resume(runId, epochs),
        'train.stop': ({ runId }) => this.stop(runId),
      },
      o.log,
    );
    this.throttle = new ProgressThrottle((s) => this.server.emit('train.progress', s), o.progressIntervalMs ?? 250);
  }

  /** The running job's promise, for tests and orderly shutdown. */
  whenIdle(): Promise<void> {
    return Promise.all(this.jobs.map((j) => j.done)).then(() => undefined);
  }

  onClientConnected(): void {
    const active = this.jobs.find((j) => ACTIVE.has(j.status.state));
    if (active) this.server.emit('train.progress', { ...active.status });
  }

  async dispose(): Promise<void> {
    for (const j of this.jobs) j.stopRequested = true;
    await this.whenIdle();
    this.throttle.dispose();
    this.server.dispose();
  }

  private busy(): Result<never> | null {
    const active = this.jobs.find((j) => ACTIVE.has(j.status.state));
    return active ? fail('busy', `run ${active.status.runId} is ${active.status.state}; one run at a time (stop it first)`, active.status.runId) : null;
  }

  private start(config: TrainConfig): Result<TrainJobStatus> {
    const busy = this.busy();
    if (busy) return busy;
    if (!ModelNameSchema.safeParse(config.model).success) return fail('bad-request', `unknown model ${JSON.stringify(config.model)}; known models: ${MODEL_NAMES.join(', ')}`, 'config.model');
    const runId = newRunId(config, this.now());
    if (this.jobs.some((j) => j.status.runId === runId) || existsSync(runDirOf(this.o.paths.logdir, runId))) {
      return fail('busy', `a run named ${runId} already exists in ${this.o.paths.logdir}; resume it or pick another name`, runId);
    }
    return ok(this.launch(runId, config, { resume: false }));
  }

  private resume(runId: string, epochs: number | undefined): Result<TrainJobStatus> {
    const busy = this.busy();
    if (busy) return busy;
    if (runId.includes('/') || runId.includes('\\') || runId.startsWith('.')) return fail('bad-request', `run id ${JSON.stringify(runId)} is not a run name`, runId);
    // Checked here, before answering, so a corrupt checkpoint is refused as the answer, not as a failed job.
    const checkpoint = readLatestCheckpoint(checkpointsDirOf(runDirOf(this.o.paths.logdir, runId)));
    if (!checkpoint.ok) return checkpoint;
    const state = checkpoint.value.state;
    const total = epochs ?? state.config.epochs;
    if (total <= state.epoch) return fail('bad-request', `run ${runId} has already trained ${state.epoch} epochs; ask for more than ${state.epoch} (epochs) to resume it`, runId);
    return ok(this.launch(runId, state.config, { resume: true, epochs: total, epoch: state.epoch, step: state.step }));
  }

  private stop(runId: string): Result<TrainJobStatus> {
    const job = this.jobs.find((j) => j.status.runId === runId);
    if (!job) return fail('not-found', `no run ${runId} in this trainer`, runId);
    if (!ACTIVE.has(job.status.state)) return ok({ ...job.status }); // already over: stopping it again changes nothing
    job.stopRequested = true;
    this.update(job, { state: 'stopping', message: 'stopping after the current batch' });
    return ok({ ...job.status });
  }

  private launch(runId: string, config: TrainConfig, r: { resume: boolean; epochs?: number; epoch?: number; step?: number }): TrainJobStatus {
    const status: TrainJobStatus = {
      runId,
      state: 'preparing',
      epoch: r.epoch ?? 0,
      epochs: r.epochs ?? config.epochs,
      step: r.step ?? 0,
      stepsPerEpoch: 0,
      samplesPerSec: 0,
      etaSec: null,
      backend: this.backend,
      metrics: {},
      message: null,
      logdir: this.o.paths.logdir,
      startedAtMs: this.now(),
      bundle: null,
    };
    const job: Job = { status, stopRequested: false, done: Promise.resolve() };
    // Finished runs stay listed, newest first, but the list does not grow without end.
    this.jobs.unshift(job);
    this.jobs.splice(20);
    job.done = this.run(job, config, r).catch((err: unknown) => this.update(job, { state: 'failed', message: err instanceof Error ? err.message : String(err) }));
    this.throttle.push({ ...status });
    return { ...status };
  }

  private async run(job: Job, config: TrainConfig, r: { resume: boolean; epochs?: number }): Promise<void> {
    // Let the start answer go out before the heavy lifting begins.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const loaded = await (this.o.loadTf ?? (() => loadTensorFlow()))();
    this.backend = loaded.backend;
    this.update(job, { backend: loaded.backend });
    const recipe = loadRecipeFile(this.o.recipePath ?? defaultRecipePath());
    if (!recipe.ok) return this.update(job, { state: 'failed', message: recipe.error.message });
    if (job.stopRequested) return this.update(job, { state: 'stopped', message: 'stopped before training started' });
    const data = this.o.loadData ? this.o.loadData(config, recipe.value) : loadTrainingData(config, recipe.value, 64, { dataDir: this.o.paths.dataDir });
    if (!data.ok) return this.update(job, { state: 'failed', message: data.error.message });

    const outcome = await runTraining({
      tf: loaded,
      config,
      runId: job.status.runId,
      logdir: this.o.paths.logdir,
      modelsDir: this.o.paths.modelsDir,
      cacheDir: this.o.paths.cacheDir,
      recipe: recipe.value,
      data: data.value,
      resume: r.resume,
      epochs: r.epochs,
      shouldStop: () => job.stopRequested,
      onProgress: (p: TrainProgress) => {
        // The end of the run is announced below, once, with the bundle and the outcome's message.
        if (p.state === 'finished' || p.state === 'stopped') return;
        // A stop asked for mid-epoch shows as stopping until the run is over.
        const state = job.stopRequested && (p.state === 'training' || p.state === 'preparing') ? 'stopping' : p.state;
        this.update(job, { ...p, state, message: p.message ?? (state === 'stopping' ? job.status.message : null) });
      },
    });
    if (!outcome.ok) return this.update(job, { state: 'failed', message: outcome.error.message });
    const v = outcome.value;
    const skipped = v.problems.length > 0 ? `; ${v.problems.length} input(s) skipped` : '';
    this.update(job, {
      state: v.state,
      epoch: v.epoch,
      step: v.step,
      metrics: v.metrics,
      etaSec: v.state === 'finished' ? 0 : null,
      bundle: v.bundle?.dir ?? null,
      message:
        v.state === 'finished'
          ? `${v.stoppedEarly ? 'stopped early: ' : ''}${v.epoch} epoch(s), bundle of epoch ${v.bestEpoch} in ${v.bundle?.dir ?? join(this.o.paths.modelsDir, job.status.runId)}${skipped}`
          : `stopped after ${v.epoch} epoch(s); the last checkpoint is kept for a resume${skipped}`,
    });
  }

  private update(job: Job, patch: Partial<TrainJobStatus>): void {
    Object.assign(job.status, patch);
    this.throttle.push({ ...job.status });
  }
}

export function createTrainerService(port: EnginePort, o: TrainerServiceOptions): TrainerService {
  return new TrainerService(port, o);
}
