// The production side of a running line in one place: every inspected frame is
// counted (lot, shift, NG by reason) and fed to the alarm state machine, and
// every alarm change is recorded as it happens. After a restart the open alarms
// and the next alarm id come back from the database, so an alarm raised before
// a crash still waits for its acknowledgement.
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import {
  acknowledge,
  initialAlarmState,
  observe,
  observeAll,
  type Alarm,
  type AlarmChange,
  type AlarmConfig,
  type AlarmState,
} from '../../src-shared/spc/alarms.js';
import { ProductionStore, type ProductionStoreOptions } from './production-store.js';
import { frameTally } from './frame-tally.js';
import { buildShiftReport, writeShiftReport, type ShiftReport } from './shift-report.js';

export interface ProductionLineOptions extends ProductionStoreOptions {
  alarms: AlarmConfig;
  /** Where a shift's report is written when the first frame of a later shift arrives; omitted, no automatic reports. */
  reportsDir?: string;
}

export class ProductionLine {
  private alarmState: AlarmState;
  private readonly onError: (error: Error) => void;
  private readonly reportsDir: string | null;
  /** The shift of the last frame counted (after a restart, the latest in the database). */
  private lastShiftKey: string | null;

  private constructor(readonly store: ProductionStore, alarmState: AlarmState, options: ProductionLineOptions) {
    this.alarmState = alarmState;
    this.onError = options.onError ?? ((err) => console.error(`[production] ${err.message}`));
    this.reportsDir = options.reportsDir ?? null;
    this.lastShiftKey = store.latestShiftKey();
  }

  static open(dataDir: string, options: ProductionLineOptions): Result<ProductionLine> {
    const opened = ProductionStore.open(dataDir, options);
    if (!opened.ok) return opened;
    const store = opened.value;
    const state = initialAlarmState(options.alarms, { open: store.openAlarms(), nextId: store.nextAlarmId() });
    if (!state.ok) {
      store.close();
      return state;
    }
    return ok(new ProductionLine(store, state.value, options));
  }

  /** Counts the frame and feeds its verdicts (each part's, or the frame's, as the alarm settings say) to the alarms. */
  onFrame(result: FrameResult, atMs = result.timestampMs): AlarmChange[] {
    const shiftKey = this.store.shiftAt(atMs).key;
    if (this.lastShiftKey !== null && shiftKey !== this.lastShiftKey && this.reportsDir !== null) {
      // Rewriting a report already written is harmless (same counts, atomic), so a restart may simply write it again.
      const written = this.writeReport(this.lastShiftKey, atMs);
      if (!written.ok) this.onError(new Error(written.error.message));
    }
    this.lastShiftKey = shiftKey;
    this.store.recordFrame(frameTally(result, atMs));
    const step =
      this.alarmState.config.unit === 'part'
        ? observeAll(this.alarmState, result.objects.map((o) => o.verdict.ok), atMs)
        : observe(this.alarmState, result.verdict.ok, atMs);
    this.alarmState = step.state;
    for (const change of step.changes) {
      try {
        this.store.recordAlarmChange(change);
      } catch (err) {
        // The alarm still shows and can be acknowledged; only its record is missing.
        this.onError(new Error(`alarm ${change.alarm.id} (${change.type}) was not recorded: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
    return step.changes;
  }

  /** Acknowledges an open alarm; it counts as acknowledged only once the acknowledgement is on disk. */
  acknowledgeAlarm(alarmId: number, by: string, atMs = Date.now()): Result<{ alarm: Alarm; changes: AlarmChange[] }> {
    const step = acknowledge(this.alarmState, alarmId, by, atMs);
    if (!step.ok) return step;
    try {
      for (const change of step.value.changes) this.store.recordAlarmChange(change);
    } catch (err) {
      return fail('internal', `the acknowledgement of alarm ${alarmId} could not be recorded; try again: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.alarmState = step.value.state;
    return ok({ alarm: step.value.changes[0].alarm, changes: step.value.changes });
  }

  /** Commits pending counts and writes the shift's report into reportsDir (or `dir`). */
  writeReport(shiftKey: string, generatedAtMs = Date.now(), dir = this.reportsDir): Result<{ csvFile: string; chartsFile: string; report: ShiftReport }> {
    if (dir === null) return fail('bad-request', 'no reports folder is set');
    try {
      this.store.flush();
    } catch (err) {
      return fail('internal', `the counts of shift ${shiftKey} could not be committed: ${err instanceof Error ? err.message : String(err)}`);
    }
    const report = buildShiftReport(this.store, shiftKey, generatedAtMs);
    if (!report.ok) return report;
    const written = writeShiftReport(dir, report.value);
    return written.ok ? ok({ ...written.value, report: report.value }) : written;
  }

  /** New alarm rules from the next frame on; open alarms stay open (and clear when their condition no longer holds), ids carry on. */
  reconfigureAlarms(config: AlarmConfig): Result<AlarmConfig> {
    const state = initialAlarmState(config, { open: this.alarmState.open, nextId: this.alarmState.nextId });
    if (!state.ok) return state;
    this.alarmState = state.value;
    return ok(state.value.config);
  }

  get alarmConfig(): AlarmConfig {
    return this.alarmState.config;
  }

  get openAlarms(): readonly Alarm[] {
    return this.alarmState.open;
  }

  close(): void {
    this.store.close();
  }
}
