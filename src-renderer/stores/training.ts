// The trainer's jobs as the monitor shows them: progress (epoch, step, pace,
// ETA) from train.progress events, and the start / stop / resume requests.
// A job is keyed by its runId; the run monitor lists the same run by its folder.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { TrainConfigInput, TrainJobStatus } from '../../src-shared/train-contract.js';
import type { RunInfo } from '../../src-shared/runs-contract.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';

const trimSlash = (p: string) => p.replace(/[\\/]+$/, '');

/** Whether the trainer's job wrote the run the monitor lists (same log folder, run folder named after the job). */
export function jobWroteRun(job: Pick<TrainJobStatus, 'runId' | 'logdir'>, run: Pick<RunInfo, 'logdir' | 'run'>): boolean {
  const top = run.run.split('/')[0];
  return top === job.runId && trimSlash(run.logdir) === trimSlash(job.logdir);
}

export const useTrainingStore = defineStore('training', () => {
  const client = useLoupeClient();
  const jobs = shallowRef<readonly TrainJobStatus[]>([]);
  const backend = ref<string | null>(null);
  const logdir = ref<string | null>(null);
  const starting = ref(false);

  function upsert(job: TrainJobStatus): void {
    const rest = jobs.value.filter((j) => j.runId !== job.runId);
    jobs.value = [...rest, job].sort((a, b) => b.startedAtMs - a.startedAtMs);
  }

  let offProgress: (() => void) | null = null;
  function attach(): void {
    offProgress ??= client.onEvent('train.progress', upsert);
  }
  function detach(): void {
    offProgress?.();
    offProgress = null;
  }

  async function refresh(): Promise<void> {
    const status = await callEngine(client, 'train.status', {});
    if (!status) return;
    backend.value = status.backend;
    logdir.value = status.logdir;
    jobs.value = [...status.jobs].sort((a, b) => b.startedAtMs - a.startedAtMs);
  }

  async function start(config: TrainConfigInput): Promise<TrainJobStatus | null> {
    starting.value = true;
    try {
      const job = await callEngine(client, 'train.start', { config });
      if (job) upsert(job);
      return job;
    } finally {
      starting.value = false;
    }
  }

  async function stop(runId: string): Promise<void> {
    const job = await callEngine(client, 'train.stop', { runId });
    if (job) upsert(job);
  }

  async function resume(runId: string, epochs?: number): Promise<void> {
    const job = await callEngine(client, 'train.resume', epochs === undefined ? { runId } : { runId, epochs });
    if (job) upsert(job);
  }

  function jobFor(run: Pick<RunInfo, 'logdir' | 'run'>): TrainJobStatus | null {
    return jobs.value.find((j) => jobWroteRun(j, run)) ?? null;
  }

  /** Whether runs in `dir` are the trainer's own (only those can be stopped or resumed from the monitor). */
  function writesTo(dir: string): boolean {
    return logdir.value !== null && trimSlash(logdir.value) === trimSlash(dir);
  }

  return { jobs, backend, logdir, starting, attach, detach, refresh, start, stop, resume, jobFor, writesTo, upsert };
});
