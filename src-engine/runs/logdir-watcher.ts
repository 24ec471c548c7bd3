// Watches a TensorBoard log folder: each poll() lists the folder for event files
// (new runs and files are picked up), tails every file from where it stopped,
// and returns what is new since the previous poll. Nothing in the folder can
// make it throw: bad records, garbage files, unreadable or vanished folders are
// reported in the delta as problems and everything else keeps being read.
//
// A file that disappears (its run folder deleted) is reported once and dropped;
// the points already read stay. If the folder comes back, its files are found
// by the next listing and read again from the start, and the points merge by
// step, so nothing is doubled.
import { fail, ok, type Result } from '../../src-shared/result.js';
import { EventFileTailer, type ReadWindow } from './event-file-tailer.js';
import { forEachScalar } from './event-scalars.js';
import { scanLogdir } from './logdir-scan.js';
import { RunScalars, type RunPoints, type RunSummaries, type RunTags } from './run-scalars.js';
import type { ScalarPoints } from './scalar-series.js';
import { scalarsCsv } from './scalars-csv.js';

export type RunsProblemKind =
  | 'logdir-missing'
  | 'logdir-unreadable'
  | 'folder-unreadable'
  | 'bad-record'
  | 'file-gone'
  | 'file-unreadable'
  | 'file-rewritten';

export interface RunsProblem {
  kind: RunsProblemKind;
  message: string;
  /** The log folder, sub-folder or event file the problem is about. */
  path: string;
  run?: string;
  /** Byte offset in the file, for a bad record. */
  offset?: number;
}

export interface LogdirDelta {
  /** Points added or changed since the last poll, per run and tag; upsert them by step. */
  points: RunPoints;
  /** Runs seen for the first time (a run may appear before it has any scalar). */
  newRuns: string[];
  problems: RunsProblem[];
  /** Totals so far, not increments. */
  badRecords: number;
  truncatedTails: number;
  /** The poll stopped at its byte budget (maxBytesPerPoll) with files left unread: poll again soon. */
  pending: boolean;
}

export interface LogdirSnapshot {
  logdir: string;
  /** Every point of every run and tag, in step order (copies). */
  runs: RunPoints;
  /** Runs with at least one event file in the folder right now; the others were deleted but their points are kept. */
  presentRuns: string[];
  eventFiles: number;
  records: number;
  badRecords: number;
  truncatedTails: number;
}

/** The figures `npm run runs -- show` prints: per run and tag, count, first and last step, last value, min, max. */
export interface LogdirSummary {
  runs: RunSummaries;
  badRecords: number;
  truncatedTails: number;
}

/** One run at a glance, for a list of runs: no points copied. */
export interface RunStats {
  run: string;
  tags: string[];
  /** Points over all tags. */
  points: number;
  /** Highest step of any tag, and the latest wall time among the tags' last points; null before any scalar. */
  lastStep: number | null;
  lastWallTime: number | null;
  /** Event files of the run in the folder now (0: its folder was deleted; its points are kept). */
  eventFiles: number;
  badRecords: number;
  truncatedTails: number;
}

export interface LogdirWatcherOptions {
  /** Bytes read per read call; also the memory a poll needs, however big the files. Default 1 MiB. */
  readWindowBytes?: number;
  /** A header announcing more than this is taken as corrupt. Default 256 MiB. */
  maxRecordBytes?: number;
  /**
   * Bytes one poll reads at most (in whole read windows), so that opening a
   * large log folder does not hold the event loop for seconds; the delta says
   * `pending` until everything is read. Files already read to their end are
   * tailed first, so live runs keep updating while a large one is caught up.
   * Default: no limit.
   */
  maxBytesPerPoll?: number;
}

interface WatchedFile {
  tailer: EventFileTailer;
  tags: RunTags;
  /** Tag → plugin name, from the first value of the tag that named one (TF2 writers name it once per file). */
  pluginOfTag: Map<string, string>;
  lastError: string | null;
  /** The last poll's budget ran out before this file's end. */
  behind: boolean;
}

export class LogdirWatcher {
  private readonly window: ReadWindow;
  private readonly files = new Map<string, WatchedFile>();
  private readonly scalars = new RunScalars();
  private records = 0;
  private badRecords = 0;
  private readonly badRecordsOfRun = new Map<string, number>();
  private listingProblem: string | null = null;
  private readonly unreadableFolders = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private watching: symbol | null = null;
  private closed = false;
  private readonly maxBytesPerPoll: number;

  constructor(
    readonly logdir: string,
    options: LogdirWatcherOptions = {},
  ) {
    this.window = {
      buffer: Buffer.allocUnsafe(options.readWindowBytes ?? 1 << 20),
      maxRecordBytes: options.maxRecordBytes ?? 256 << 20,
    };
    this.maxBytesPerPoll = options.maxBytesPerPoll ?? Number.POSITIVE_INFINITY;
  }

  poll(): LogdirDelta {
    const problems: RunsProblem[] = [];
    const newRuns: string[] = [];
    let pending = false;
    if (!this.closed) {
      this.discover(problems, newRuns);
      let budget = this.maxBytesPerPoll;
      const files = [...this.files];
      for (const behind of [false, true]) {
        for (const [path, file] of files) {
          if (file.behind !== behind) continue;
          if (budget <= 0) {
            pending = true; // not marked behind: a small live file waits one poll at most
            continue;
          }
          budget -= this.tailFile(path, file, problems, budget);
          if (file.behind) pending = true;
        }
      }
    }
    return {
      points: this.scalars.takeChanges(),
      newRuns,
      problems,
      badRecords: this.badRecords,
      truncatedTails: this.truncatedTails(),
      pending,
    };
  }

  snapshot(): LogdirSnapshot {
    return {
      logdir: this.logdir,
      runs: this.scalars.points(),
      presentRuns: [...new Set([...this.files.values()].map((f) => f.tags.run))].sort(),
      eventFiles: this.files.size,
      records: this.records,
      badRecords: this.badRecords,
      truncatedTails: this.truncatedTails(),
    };
  }

  summary(): LogdirSummary {
    return { runs: this.scalars.summaries(), badRecords: this.badRecords, truncatedTails: this.truncatedTails() };
  }

  /** Every run seen so far, sorted. */
  runs(): string[] {
    return this.scalars.runNames();
  }

  /** Every run seen so far, sorted, with its tags and counts. */
  runStats(): RunStats[] {
    const files = new Map<string, { eventFiles: number; truncatedTails: number }>();
    for (const f of this.files.values()) {
      const entry = files.get(f.tags.run) ?? { eventFiles: 0, truncatedTails: 0 };
      entry.eventFiles++;
      if (f.tailer.truncatedTail) entry.truncatedTails++;
      files.set(f.tags.run, entry);
    }
    return this.scalars.runNames().map((run) => {
      const series = this.scalars.seriesOf(run) ?? [];
      let points = 0;
      let lastStep: number | null = null;
      let lastWallTime: number | null = null;
      for (const { series: s } of series) {
        points += s.length;
        const step = s.lastStep;
        const wall = s.lastWallTime;
        if (step !== null && (lastStep === null || step > lastStep)) lastStep = step;
        if (wall !== null && (lastWallTime === null || wall > lastWallTime)) lastWallTime = wall;
      }
      return {
        run,
        tags: series.map((s) => s.tag),
        points,
        lastStep,
        lastWallTime,
        eventFiles: files.get(run)?.eventFiles ?? 0,
        badRecords: this.badRecordsOfRun.get(run) ?? 0,
        truncatedTails: files.get(run)?.truncatedTails ?? 0,
      };
    });
  }

  /** Copies of one tag's points in step order, or null when the run or tag is unknown. */
  points(run: string, tag: string): ScalarPoints | null {
    return this.scalars.seriesOf(run)?.find((s) => s.tag === tag)?.series.points() ?? null;
  }

  /** The run's scalars as CSV (run, tag, step, wall_time, value), or not-found for a run never seen. */
  scalarsToCsv(run: string): Result<string> {
    const tags = this.scalars.seriesOf(run);
    if (!tags) return fail('not-found', `no run named "${run}" in ${this.logdir} (runs: ${this.runs().join(', ') || 'none'})`, run);
    return ok(scalarsCsv(run, tags));
  }

  /**
   * Polls now and then every `intervalMs` (at once again while a budgeted poll
   * is `pending`), calling `onDelta` when a poll found anything (points, runs
   * or problems). Returns a function that stops it.
   */
  watch(intervalMs: number, onDelta: (delta: LogdirDelta) => void): () => void {
    this.stopWatching();
    const session = Symbol('watch');
    this.watching = session;
    const tick = (): void => {
      if (this.watching !== session) return;
      const delta = this.poll();
      if (Object.keys(delta.points).length > 0 || delta.newRuns.length > 0 || delta.problems.length > 0) onDelta(delta);
      if (this.watching === session) this.timer = setTimeout(tick, delta.pending ? 0 : intervalMs);
    };
    tick();
    return () => {
      if (this.watching === session) this.stopWatching();
    };
  }

  close(): void {
    this.stopWatching();
    this.closed = true;
    this.files.clear();
  }

  private stopWatching(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watching = null;
  }

  private truncatedTails(): number {
    let n = 0;
    for (const f of this.files.values()) if (f.tailer.truncatedTail) n++;
    return n;
  }

  private discover(problems: RunsProblem[], newRuns: string[]): void {
    const listing = scanLogdir(this.logdir);
    if (!listing.ok) {
      // Reported when it starts (or changes), not on every poll while it lasts.
      if (this.listingProblem !== listing.error.message) {
        const kind = listing.error.code === 'not-found' ? 'logdir-missing' : 'logdir-unreadable';
        problems.push({ kind, message: listing.error.message, path: this.logdir });
      }
      this.listingProblem = listing.error.message;
      return;
    }
    this.listingProblem = null;
    const nowUnreadable = new Set(listing.value.unreadable.map((u) => u.path));
    for (const { path, message } of listing.value.unreadable) {
      if (!this.unreadableFolders.has(path)) problems.push({ kind: 'folder-unreadable', message: `cannot list ${path}: ${message}`, path });
    }
    this.unreadableFolders.clear();
    for (const p of nowUnreadable) this.unreadableFolders.add(p);

    for (const { run, path } of listing.value.files) {
      if (this.files.has(path)) continue;
      if (!this.scalars.has(run)) newRuns.push(run);
      this.files.set(path, {
        tailer: new EventFileTailer(path, this.window),
        tags: this.scalars.run(run),
        pluginOfTag: new Map(),
        lastError: null,
        behind: false,
      });
    }
  }

  /** Tails one file within `budget` bytes; returns the bytes it consumed. */
  private tailFile(path: string, file: WatchedFile, problems: RunsProblem[], budget: number): number {
    const { tags, pluginOfTag } = file;
    const run = tags.run;
    const onScalar = (tag: string, value: number, step: number, wallTime: number): void => tags.add(tag, step, value, wallTime);
    const report = file.tailer.tail((data) => {
      try {
        forEachScalar(data, pluginOfTag, onScalar);
        return null;
      } catch (err) {
        return `record is not an Event protocol buffer: ${(err as Error).message}`;
      }
    }, budget);
    file.behind = report.more;
    this.records += report.records;
    this.badRecords += report.bad.length;
    if (report.bad.length > 0) this.badRecordsOfRun.set(run, (this.badRecordsOfRun.get(run) ?? 0) + report.bad.length);
    for (const bad of report.bad) problems.push({ kind: 'bad-record', message: `${path} at byte ${bad.offset}: ${bad.message}`, path, run, offset: bad.offset });
    if (report.gone) {
      this.files.delete(path);
      problems.push({ kind: 'file-gone', message: `event file disappeared (folder deleted or moved); its ${run} points so far are kept: ${path}`, path, run });
      return 0;
    }
    if (report.restarted !== null) problems.push({ kind: 'file-rewritten', message: `${path}: ${report.restarted}`, path, run });
    if (report.error !== null && report.error !== file.lastError) {
      problems.push({ kind: 'file-unreadable', message: `${path}: ${report.error}`, path, run });
    }
    file.lastError = report.error;
    return report.bytes;
  }
}
