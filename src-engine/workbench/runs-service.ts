// The run monitor's service (`runs.*`): the log folders the user opened, polled
// every quarter second; each poll that found anything (points, runs, problems)
// becomes one runs.update event, and a quiet poll sends nothing. The service
// only reads files: a folder that breaks (deleted, unreadable, full of garbage)
// is reported as a problem of that folder while every other one keeps going.
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { EpochDetails, RunsSnapshot, RunsUpdate, ScalarSeries } from '../../src-shared/runs-contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { readEpochDetails } from './loupe-run-files.js';
import { WatchedLogdir, checkLogdir } from './watched-logdir.js';

export const DEFAULT_POLL_MS = 250;

export interface RunsServiceOptions {
  /** Opened at start, created when missing (Loupe's own runs: <data dir>/runs). */
  defaultLogdir?: string | null;
  pollMs?: number;
  /** Where the service says what went wrong outside any request (the default folder could not be made). */
  log?: (message: string) => void;
}

/** A run's scalars as a CSV file name: the run's folder, made safe ("cnn-a/train" → "cnn-a_train.csv"). */
export const csvFileName = (run: string): string => `${run === '.' ? 'run' : run.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;

export class RunsService {
  private readonly folders = new Map<string, WatchedLogdir>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (update: RunsUpdate) => void,
    private readonly options: RunsServiceOptions = {},
  ) {}

  /** Opens the default folder and starts polling. */
  start(): void {
    const dir = this.options.defaultLogdir;
    if (dir) {
      try {
        mkdirSync(dir, { recursive: true });
        const opened = this.open(dir);
        if (!opened.ok) this.options.log?.(`the default log folder did not open: ${opened.error.message}`);
      } catch (err) {
        this.options.log?.(`cannot create the default log folder ${dir}: ${(err as Error).message}`);
      }
    }
    this.timer ??= setInterval(() => this.pollAndEmit(), this.options.pollMs ?? DEFAULT_POLL_MS);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const folder of this.folders.values()) folder.close();
    this.folders.clear();
  }

  list(): RunsSnapshot {
    return {
      logdirs: [...this.folders.keys()],
      runs: [...this.folders.values()].flatMap((f) => f.infos()),
      problems: [...this.folders.values()].flatMap((f) => f.problems()),
    };
  }

  /**
   * Starts watching `logdir` (again: a no-op) and reads what it holds now. The
   * points already there are not pushed as an event: each client asks for the
   * runs it shows (runs.scalars); the event carries only the new runs.
   */
  open(logdir: string): Result<RunsSnapshot> {
    const checked = checkLogdir(logdir);
    if (!checked.ok) return checked;
    const path = checked.value;
    if (!this.folders.has(path)) {
      const folder = new WatchedLogdir(path);
      this.folders.set(path, folder);
      const first = folder.poll();
      if (first.runs.length > 0 || first.problems.length > 0) this.emit({ runs: first.runs, appended: [], removed: [], problems: first.problems });
    }
    return ok(this.list());
  }

  close(logdir: string): Result<RunsSnapshot> {
    const key = isAbsolute(logdir) ? resolve(logdir) : logdir;
    const folder = this.folders.get(key);
    if (!folder) return fail('not-found', `${logdir} is not open (open: ${[...this.folders.keys()].join(', ') || 'none'})`, logdir);
    const gone = folder.infos().map((r) => r.id);
    folder.close();
    this.folders.delete(key);
    if (gone.length > 0) this.emit({ runs: [], appended: [], removed: gone, problems: [] });
    return ok(this.list());
  }

  scalars(runId: string, tags?: readonly string[]): Result<{ runId: string; series: ScalarSeries[] }> {
    const found = this.find(runId);
    if (!found.ok) return found;
    return ok({ runId, series: found.value.folder.series(found.value.run, tags) });
  }

  epoch(runId: string, epoch: number): Result<EpochDetails> {
    const found = this.find(runId);
    if (!found.ok) return found;
    const { folder, run } = found.value;
    if (!folder.isLoupe(run)) {
      return fail('not-found', `run ${run} was not written by Loupe's trainer (no loupe/run.json), so it has no epoch details`, runId);
    }
    return readEpochDetails(folder.loupeDirOf(run), runId, epoch);
  }

  exportCsv(runId: string): Result<{ fileName: string; csv: string }> {
    const found = this.find(runId);
    if (!found.ok) return found;
    const csv = found.value.folder.csv(found.value.run);
    if (!csv.ok) return csv;
    return ok({ fileName: csvFileName(found.value.run), csv: csv.value });
  }

  /** One poll of every folder; emits when anything was found. Exposed so tests need not wait for the timer. */
  pollAndEmit(): RunsUpdate | null {
    const update: RunsUpdate = { runs: [], appended: [], removed: [], problems: [] };
    for (const folder of this.folders.values()) {
      const changes = folder.poll();
      update.runs.push(...changes.runs);
      update.appended.push(...changes.appended);
      update.removed.push(...changes.removed);
      update.problems.push(...changes.problems);
    }
    const empty = update.runs.length + update.appended.length + update.removed.length + update.problems.length === 0;
    if (empty) return null;
    this.emit(update);
    return update;
  }

  private find(runId: string): Result<{ folder: WatchedLogdir; run: string }> {
    for (const folder of this.folders.values()) {
      const run = folder.runOf(runId);
      if (run !== null) return ok({ folder, run });
    }
    return fail('not-found', `no run with id ${runId} in the open log folders (${[...this.folders.keys()].join(', ') || 'none'})`, runId);
  }
}

/** Loupe's own runs: `<data dir>/runs`, when the host named a data folder. */
export const defaultLogdirOf = (dataDir: string | undefined): string | null => (dataDir ? join(dataDir, 'runs') : null);
