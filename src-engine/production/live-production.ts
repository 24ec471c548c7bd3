// The production line as the live engine uses it: ProductionLine (counters,
// lots, alarms in <data>/production.sqlite) plus what the clients are told:
// every alarm change as a `production.alarm` event and every NG frame, with a
// small picture, as a `production.ng` event. onFrame runs inside the frame loop,
// so it does only cheap work: counts are batched by the store, and an OK frame
// costs a map update and the alarm step (bench/suites/production-line.ts).
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { Mat } from '../opencv.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { AlarmConfigSchema, type AlarmChange, type AlarmConfig } from '../../src-shared/spc/alarms.js';
import { describeIssues } from '../../src-shared/recipe.js';
import type {
  AlarmEvent,
  AlarmInfo,
  LotInfo,
  LotStart,
  NgFrameEvent,
  NgThumbnail,
  ProductionStatus,
  ShiftReportFiles,
} from '../../src-shared/production-contract.js';
import { writeFileAtomicSync } from '../files/write-file-atomic.js';
import { ProductionLine } from './production-line.js';
import { DEFAULT_SHIFT_SCHEDULE, parseShiftSchedule, type Shift, type ShiftSchedule } from './shift-schedule.js';
import { ngFrameEvent } from './ng-frame.js';
import { encodeNgThumbnail } from './ng-thumbnail.js';
import { shiftReportCsv } from './shift-report.js';

/**
 * Five NG parts in a row, or more than a fifth of the last 500 parts NG. A
 * starting point for a line; operators change it with production.alarmConfig.
 */
export const DEFAULT_ALARM_CONFIG: AlarmConfig = { consecutiveNg: 5, ngRate: { window: 500, maxRate: 0.2 }, unit: 'part' };

/** The alarm rules in force, kept beside the database so a restart keeps the operator's choice. */
export const ALARM_CONFIG_FILE = 'alarm-config.json';
export const REPORTS_FOLDER = 'reports';

export interface ProductionEvents {
  alarm(event: AlarmEvent): void;
  ng(event: NgFrameEvent): void;
}

export interface LiveProductionOptions {
  schedule?: ShiftSchedule;
  /** Used when the data folder holds no saved rules. */
  alarms?: AlarmConfig;
  encodeThumbnail?: (image: Mat) => NgThumbnail;
  flushIntervalMs?: number;
  /** Problems that cost no request (a timed commit failed, a thumbnail did not encode). */
  report?: (message: string) => void;
  now?: () => number;
}

export class LiveProduction {
  private readonly encodeThumbnail: (image: Mat) => NgThumbnail;
  private readonly report: (message: string) => void;
  private readonly now: () => number;
  private lastStatus: ProductionStatus | null = null;
  private statusFailing = false;

  private constructor(
    readonly line: ProductionLine,
    private readonly dataDir: string,
    options: LiveProductionOptions,
  ) {
    this.encodeThumbnail = options.encodeThumbnail ?? ((image) => encodeNgThumbnail(image));
    this.report = options.report ?? ((message) => console.error(`[production] ${message}`));
    this.now = options.now ?? Date.now;
  }

  /** Opens `<dataDir>/production.sqlite` and the saved alarm rules; a bad rules file is reported and the defaults used. */
  static open(dataDir: string, options: LiveProductionOptions = {}): Result<LiveProduction> {
    const report = options.report ?? ((message: string) => console.error(`[production] ${message}`));
    let schedule = options.schedule;
    if (!schedule) {
      const parsed = parseShiftSchedule(DEFAULT_SHIFT_SCHEDULE);
      if (!parsed.ok) return parsed;
      schedule = parsed.value;
    }
    const saved = readAlarmConfig(dataDir);
    if (!saved.ok) report(`${saved.error.message}; using the default alarm rules`);
    const alarms = (saved.ok ? saved.value : null) ?? options.alarms ?? DEFAULT_ALARM_CONFIG;
    const line = ProductionLine.open(dataDir, {
      schedule: cachedShifts(schedule),
      alarms,
      reportsDir: path.join(dataDir, REPORTS_FOLDER),
      flushIntervalMs: options.flushIntervalMs,
      onError: (err) => report(err.message),
    });
    if (!line.ok) return line;
    return ok(new LiveProduction(line.value, dataDir, { ...options, report }));
  }

  /** Counts the frame, steps the alarms and tells the clients; never throws (the line must not stop for its records). `runId`: the results-store run it was recorded in. */
  onFrame(result: FrameResult, image: Mat, events: ProductionEvents, runId: number | null = null): AlarmChange[] {
    let changes: AlarmChange[] = [];
    try {
      changes = this.line.onFrame(result, this.now());
    } catch (err) {
      this.report(`frame ${result.seq} was not counted: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const change of changes) events.alarm({ change: change.type, alarm: change.alarm });
    if (!result.verdict.ok) events.ng(ngFrameEvent(result, this.line.store.currentLot()?.lotId ?? null, this.thumbnail(result, image), runId));
    return changes;
  }

  private thumbnail(result: FrameResult, image: Mat): NgThumbnail | null {
    try {
      return this.encodeThumbnail(image);
    } catch (err) {
      this.report(`NG frame ${result.seq} has no thumbnail: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  /**
   * The status the engine reports every second. A database that fails here must
   * not cost the engine its status: the last good one is given (null before
   * any), and the failure is reported once until reading works again.
   */
  status(): ProductionStatus | null {
    try {
      this.lastStatus = this.readStatus();
      this.statusFailing = false;
    } catch (err) {
      if (!this.statusFailing) this.report(`lot and shift counters cannot be read: ${err instanceof Error ? err.message : String(err)}`);
      this.statusFailing = true;
    }
    return this.lastStatus;
  }

  private readStatus(): ProductionStatus {
    const store = this.line.store;
    const lot = store.currentLot();
    const lotCounters = lot ? store.lotCounters(lot.lotId) : null;
    const shift = store.shiftAt(this.now());
    return {
      lot,
      lotCounters: lotCounters?.ok ? lotCounters.value : null,
      shift,
      shiftCounters: store.shiftCounters(shift.key),
      openAlarms: this.line.openAlarms.map((a) => ({ ...a })),
      alarmConfig: this.line.alarmConfig,
    };
  }

  startLot(input: LotStart): Result<{ lot: LotInfo; ended: LotInfo | null }> {
    // Frames still pending are already counted under the lot that was running when they came.
    return this.guard('starting the lot', () => this.line.store.startLot(input, this.now()));
  }

  endLot(): Result<LotInfo> {
    return this.guard('ending the lot', () => this.line.store.endLot(this.now()));
  }

  acknowledgeAlarm(alarmId: number, by: string, events: ProductionEvents): Result<AlarmInfo> {
    const acked = this.line.acknowledgeAlarm(alarmId, by, this.now());
    if (!acked.ok) return acked;
    for (const change of acked.value.changes) events.alarm({ change: change.type, alarm: change.alarm });
    return ok(acked.value.alarm);
  }

  /** Writes the shift's report (the current shift by default) into <data>/reports; answers with the file names and the report. */
  writeReport(shiftKey?: string): Result<ShiftReportFiles> {
    const key = shiftKey ?? this.line.store.shiftAt(this.now()).key;
    const written = this.line.writeReport(key, this.now());
    if (!written.ok) return written;
    const { csvFile, chartsFile, report } = written.value;
    return ok({ shiftKey: key, csvFile: path.basename(csvFile), chartsFile: path.basename(chartsFile), csv: shiftReportCsv(report), report });
  }

  /** The alarm rules, or new ones (saved atomically first, so what is in force is what a restart finds). */
  alarmConfig(config?: AlarmConfig): Result<AlarmConfig> {
    if (config === undefined) return ok(this.line.alarmConfig);
    const parsed = AlarmConfigSchema.safeParse(config);
    if (!parsed.success) return fail('bad-request', `bad alarm settings: ${describeIssues(parsed.error)}`);
    try {
      writeFileAtomicSync(path.join(this.dataDir, ALARM_CONFIG_FILE), JSON.stringify(parsed.data, null, 2) + '\n');
    } catch (err) {
      return fail('internal', `the alarm rules were not saved, so they were not changed: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.line.reconfigureAlarms(parsed.data);
  }

  /** Commits the pending counts and closes the database. */
  close(): void {
    this.line.close();
  }

  private guard<T>(what: string, run: () => Result<T>): Result<T> {
    try {
      return run();
    } catch (err) {
      return fail('internal', `${what} failed in the production database: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** The saved rules, null when none were saved, or why the file is unusable. */
function readAlarmConfig(dataDir: string): Result<AlarmConfig | null> {
  const file = path.join(dataDir, ALARM_CONFIG_FILE);
  if (!existsSync(file)) return ok(null);
  try {
    const parsed = AlarmConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return fail('bad-request', `${file}: ${describeIssues(parsed.error)}`, file);
    return ok(parsed.data);
  } catch (err) {
    return fail('bad-request', `${file} is not readable JSON: ${err instanceof Error ? err.message : String(err)}`, file);
  }
}

/**
 * The schedule answers through Intl (several formatToParts per call) and the
 * line asks twice per frame; frames of the same shift get the last answer back.
 */
export function cachedShifts(schedule: ShiftSchedule): ShiftSchedule {
  let last: Shift | null = null;
  return {
    timeZone: schedule.timeZone,
    shifts: schedule.shifts,
    shiftAt(atMs: number): Shift {
      if (last && atMs >= last.startMs && atMs < last.endMs) return { ...last };
      last = schedule.shiftAt(atMs);
      return { ...last };
    },
  };
}
