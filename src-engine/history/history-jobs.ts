// The history's background jobs (import, export, what-if): each has an id, a
// state and progress, announced as history.job events — at most one progress
// event per throttle interval, every change of state at once — and can be
// cancelled. One job of a kind runs at a time: a second import into the same
// history would race the first for its run.
import { randomUUID } from 'node:crypto';
import type { HistoryJob } from '../../src-shared/history-methods.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

export type JobKind = HistoryJob['kind'];
export type JobOutcome = Record<string, number | string>;

export interface JobControl {
  progress(done: number, total: number | null, message: string): void;
  problem(text: string): void;
  /** Remembers a fact about the job for whoever finishes it (an import's run id). */
  note(key: string, value: number | string): void;
  readonly notes: Readonly<Record<string, number | string>>;
  readonly cancelled: boolean;
  /** Called once when the job is cancelled (e.g. to kill its child process). */
  onCancel(stop: () => void): void;
}

interface Entry {
  job: HistoryJob;
  cancelled: boolean;
  stops: (() => void)[];
}

const KEPT_FINISHED = 50;

export class HistoryJobs {
  private readonly jobs = new Map<string, Entry>();
  private lastEmitAt = new Map<string, number>();

  constructor(
    private readonly emit: (job: HistoryJob) => void,
    private readonly throttleMs = 250,
  ) {}

  /** Starts `run` in the background; refuses while a job of the same kind runs. */
  start(kind: JobKind, message: string, run: (control: JobControl) => Promise<Result<JobOutcome>>): Result<HistoryJob> {
    const running = [...this.jobs.values()].find((e) => e.job.kind === kind && e.job.state === 'running');
    if (running) return fail('busy', `a ${kind} is already running (job ${running.job.jobId}: ${running.job.message}); wait for it or cancel it`, running.job.jobId);
    const entry: Entry = {
      job: { jobId: randomUUID(), kind, state: 'running', done: 0, total: null, message, problems: [], startedAtMs: Date.now(), result: null },
      cancelled: false,
      stops: [],
    };
    this.jobs.set(entry.job.jobId, entry);
    this.prune();
    const notes: Record<string, number | string> = {};
    const control: JobControl = {
      progress: (done, total, text) => {
        Object.assign(entry.job, { done, total, message: text });
        this.announce(entry, false);
      },
      problem: (text) => {
        entry.job.problems.push(text);
      },
      note: (key, value) => {
        notes[key] = value;
      },
      notes,
      get cancelled() {
        return entry.cancelled;
      },
      onCancel: (stop) => {
        entry.stops.push(stop);
      },
    };
    this.announce(entry, true);
    void run(control)
      .catch((err: unknown) => fail('internal', `the ${kind} stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`))
      .then((outcome) => this.finish(entry, outcome));
    return ok(structuredClone(entry.job));
  }

  get(jobId: string): Result<HistoryJob> {
    const entry = this.jobs.get(jobId);
    return entry ? ok(structuredClone(entry.job)) : fail('not-found', `no job ${jobId} (finished jobs are kept until ${KEPT_FINISHED} newer ones)`, jobId);
  }

  list(): HistoryJob[] {
    return [...this.jobs.values()].map((e) => structuredClone(e.job));
  }

  cancel(jobId: string): Result<HistoryJob> {
    const entry = this.jobs.get(jobId);
    if (!entry) return fail('not-found', `no job ${jobId}`, jobId);
    if (entry.job.state !== 'running') return fail('bad-request', `job ${jobId} is already ${entry.job.state}`, jobId);
    entry.cancelled = true;
    for (const stop of entry.stops.splice(0)) stop();
    return ok(structuredClone(entry.job));
  }

  private finish(entry: Entry, outcome: Result<JobOutcome>): void {
    const job = entry.job;
    if (entry.cancelled) {
      job.state = 'cancelled';
      job.message = `cancelled after ${job.done}${job.total === null ? '' : ` of ${job.total}`}`;
    } else if (outcome.ok) {
      job.state = 'done';
      job.result = outcome.value;
      if (job.total !== null) job.done = job.total;
      job.message = 'done';
    } else {
      job.state = 'failed';
      job.message = outcome.error.message;
    }
    if (outcome.ok && entry.cancelled) job.result = outcome.value; // what a cancelled import did keep
    this.announce(entry, true);
  }

  private announce(entry: Entry, always: boolean): void {
    const now = Date.now();
    const last = this.lastEmitAt.get(entry.job.jobId) ?? 0;
    if (!always && now - last < this.throttleMs) return;
    this.lastEmitAt.set(entry.job.jobId, now);
    this.emit(structuredClone(entry.job));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) {
      this.jobs.delete(e.job.jobId);
      this.lastEmitAt.delete(e.job.jobId);
    }
  }
}
