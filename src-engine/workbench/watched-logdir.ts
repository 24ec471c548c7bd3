// One open log folder as the run monitor serves it: the event-file watcher
// (src-engine/runs) plus what the monitor lists about each run — its tags,
// point count, last step and wall time, last value of every tag, and, for runs
// Loupe's trainer wrote, the hyper-parameters from loupe/run.json.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LogdirWatcher, type RunStats, type RunsProblem } from '../runs/index.js';
import type { RunInfo, ScalarSeries } from '../../src-shared/runs-contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { LOUPE_FOLDER, RUN_FILE, readLoupeRun } from './loupe-run-files.js';

export interface Problem {
  logdir: string;
  message: string;
}

export interface LogdirChanges {
  /** Runs that are new or changed (points, hyper-parameters). */
  runs: RunInfo[];
  appended: ScalarSeries[];
  removed: string[];
  problems: Problem[];
}

interface RunState {
  id: string;
  run: string;
  /** Last value of every tag: the last point of its latest change (changes always run to the series' end). */
  final: Record<string, number>;
  hparams: RunInfo['hparams'];
  loupe: boolean;
  /** The last reason loupe/run.json could not be used, so it is reported once, not on every poll. */
  runFileError: string | null;
}

/** Problems kept per folder for runs.list; older ones have been sent as events already. */
const KEPT_PROBLEMS = 50;
/** Keras' layout: LOGDIR/<run>/train and /validation share LOGDIR/<run>/loupe. */
const SPLIT_FOLDERS = new Set(['train', 'validation', 'val', 'eval']);
/** Every 8th poll (2 s at the default pace), runs without a Loupe run file are checked for one. */
const RUN_FILE_RECHECK_POLLS = 8;

export const runIdOf = (logdir: string, run: string): string => `${logdir}#${run}`;

export class WatchedLogdir {
  private readonly watcher: LogdirWatcher;
  private readonly runs = new Map<string, RunState>();
  private readonly recentProblems: Problem[] = [];
  /** Problems found outside the watcher (a bad run.json) since the last poll. */
  private ownProblems: RunsProblem[] = [];
  private polls = 0;

  constructor(readonly logdir: string) {
    this.watcher = new LogdirWatcher(logdir);
  }

  /** The folder a run's `loupe/` folder would be in (its own, or its parent for a train/validation folder). */
  loupeDirOf(run: string): string {
    const parts = run === '.' ? [] : run.split('/');
    if (parts.length > 1 && SPLIT_FOLDERS.has(parts[parts.length - 1])) parts.pop();
    return join(this.logdir, ...parts);
  }

  /** Reads what is new since the last poll. */
  poll(): LogdirChanges {
    const delta = this.watcher.poll();
    const changedRuns = new Set<string>();
    const appended: ScalarSeries[] = [];
    for (const run of delta.newRuns) this.stateOf(run, changedRuns);
    for (const [run, tags] of Object.entries(delta.points)) {
      const state = this.stateOf(run, changedRuns);
      changedRuns.add(run);
      for (const [tag, points] of Object.entries(tags)) {
        const n = points.steps.length;
        if (n === 0) continue;
        appended.push({ runId: state.id, tag, steps: Array.from(points.steps), values: Array.from(points.values), wallTimes: Array.from(points.wallTimes) });
        state.final[tag] = points.values[n - 1];
      }
      if (!state.loupe) this.readHparams(state);
    }
    // The trainer may write run.json after a run's last points have arrived (or a
    // person may copy it in): runs without one are looked at again every few polls.
    if (++this.polls % RUN_FILE_RECHECK_POLLS === 0) {
      for (const state of this.runs.values()) if (!state.loupe && this.readHparams(state)) changedRuns.add(state.run);
    }
    for (const p of delta.problems) if (p.kind === 'bad-record' && p.run && this.runs.has(p.run)) changedRuns.add(p.run);
    const stats = new Map(this.watcher.runStats().map((st) => [st.run, st]));
    const removed = delta.problems.some((p) => p.kind === 'file-gone') ? this.removeGone(stats) : [];
    const problems = [...delta.problems, ...this.ownProblems].map((p) => this.keepProblem(p));
    this.ownProblems = [];
    const runs = [...changedRuns].filter((r) => this.runs.has(r)).map((r) => this.infoOf(this.runs.get(r)!, stats.get(r)));
    return { runs, appended, removed, problems };
  }

  infos(): RunInfo[] {
    const stats = new Map(this.watcher.runStats().map((st) => [st.run, st]));
    return [...this.runs.values()].sort((a, b) => (a.run < b.run ? -1 : a.run > b.run ? 1 : 0)).map((s) => this.infoOf(s, stats.get(s.run)));
  }

  problems(): Problem[] {
    return [...this.recentProblems];
  }

  /** The run named by a runs.* id, if this folder holds it. */
  runOf(runId: string): string | null {
    for (const state of this.runs.values()) if (state.id === runId) return state.run;
    return null;
  }

  /** Whether Loupe's trainer wrote the run (loupe/run.json is there and valid); looked at again when it was not yet. */
  isLoupe(run: string): boolean {
    const state = this.runs.get(run);
    if (!state) return false;
    return state.loupe || this.readHparams(state);
  }

  /** Every point so far of a run's tags (all tags, or those named). */
  series(run: string, tags?: readonly string[]): ScalarSeries[] {
    const id = runIdOf(this.logdir, run);
    const names = tags ?? Object.keys(this.runs.get(run)?.final ?? {});
    const out: ScalarSeries[] = [];
    for (const tag of names) {
      const p = this.watcher.points(run, tag);
      if (p) out.push({ runId: id, tag, steps: Array.from(p.steps), values: Array.from(p.values), wallTimes: Array.from(p.wallTimes) });
    }
    return out;
  }

  csv(run: string): Result<string> {
    return this.watcher.scalarsToCsv(run);
  }

  close(): void {
    this.watcher.close();
  }

  private stateOf(run: string, changed: Set<string>): RunState {
    let state = this.runs.get(run);
    if (!state) {
      state = { id: runIdOf(this.logdir, run), run, final: {}, hparams: {}, loupe: false, runFileError: null };
      this.runs.set(run, state);
      changed.add(run);
      this.readHparams(state);
    }
    return state;
  }

  /** A Loupe run's hyper-parameters; the trainer may write run.json after its first points, so this is retried while points arrive. */
  private readHparams(state: RunState): boolean {
    const dir = this.loupeDirOf(state.run);
    if (!existsSync(join(dir, LOUPE_FOLDER, RUN_FILE))) return false;
    const read = readLoupeRun(dir);
    if (!read.ok) {
      if (state.runFileError !== read.error.message) this.ownProblems.push({ kind: 'file-unreadable', message: read.error.message, path: dir, run: state.run });
      state.runFileError = read.error.message;
      return false;
    }
    state.runFileError = null;
    state.loupe = true;
    state.hparams = read.value.hparams;
    return true;
  }

  /** Runs whose folder went away (no event file of theirs is left): they leave the list; if they come back they are new runs. */
  private removeGone(stats: Map<string, RunStats>): string[] {
    const removed: string[] = [];
    for (const [run, state] of this.runs) {
      if ((stats.get(run)?.eventFiles ?? 0) > 0) continue;
      removed.push(state.id);
      this.runs.delete(run);
    }
    return removed;
  }

  private keepProblem(p: RunsProblem): Problem {
    const problem = { logdir: this.logdir, message: p.message };
    this.recentProblems.push(problem);
    if (this.recentProblems.length > KEPT_PROBLEMS) this.recentProblems.splice(0, this.recentProblems.length - KEPT_PROBLEMS);
    return problem;
  }

  private infoOf(state: RunState, stats: RunStats | undefined): RunInfo {
    return {
      id: state.id,
      logdir: this.logdir,
      run: state.run,
      tags: stats?.tags.slice().sort() ?? [],
      points: stats?.points ?? 0,
      lastStep: stats?.lastStep ?? null,
      lastWallTime: stats?.lastWallTime ?? null,
      hparams: state.hparams,
      final: { ...state.final },
      loupe: state.loupe,
      badRecords: stats?.badRecords ?? 0,
      truncatedTails: stats?.truncatedTails ?? 0,
    };
  }
}

/** Checks that `logdir` is an existing folder given by its full path. */
export function checkLogdir(logdir: string): Result<string> {
  if (!logdir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(logdir)) {
    return fail('bad-request', `give the log folder's full path (it starts with /): "${logdir}" is relative, and the monitor has no working folder you would know`, logdir);
  }
  let stat;
  try {
    stat = statSync(logdir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `no folder at ${logdir}`, logdir);
    return fail('bad-source', `cannot open ${logdir}: ${(err as Error).message}`, logdir);
  }
  if (!stat.isDirectory()) return fail('bad-request', `${logdir} is a file, not a folder; open the folder that holds the runs`, logdir);
  return ok(resolve(logdir));
}
