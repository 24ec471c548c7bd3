// Lots, per-lot and per-shift counters, and alarms, in <data>/production.sqlite
// (WAL, synchronous=FULL). Counters change every frame, so they are summed in
// memory and committed in one transaction on a timer (1 s or 256 frames by
// default), never an fsync per frame; readers see committed + pending counts.
// A killed process loses at most the frames since the last commit. Lot starts
// and ends and every alarm change are rare and matter more: they are committed
// at once.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { describeIssues } from '../../src-shared/recipe.js';
import type { Alarm, AlarmChange, AlarmKind } from '../../src-shared/spc/alarms.js';
import { LotStartSchema, type LotStart } from '../../src-shared/production-contract.js';
import { PRODUCTION_MIGRATIONS } from './production-schema.js';
import type { Shift, ShiftSchedule } from './shift-schedule.js';
import type { FrameTally } from './frame-tally.js';

export const PRODUCTION_DATABASE_FILE = 'production.sqlite';

// The contract's schema, so a lot the engine accepts over the wire is exactly one the store accepts.
export { LotStartSchema, type LotStart } from '../../src-shared/production-contract.js';

export interface Lot {
  lotId: string;
  product: string;
  operator: string;
  startedAtMs: number;
  endedAtMs: number | null;
}

export interface Counters {
  frames: number;
  framesNg: number;
  partsOk: number;
  partsNg: number;
  /** NG parts per failed check; a part failing two checks counts under both. */
  ngByReason: Record<string, number>;
}

export interface HourCounts {
  startMs: number;
  frames: number;
  framesNg: number;
  partsOk: number;
  partsNg: number;
}

export interface StoredAlarm extends Alarm {
  /** The lot running when it was raised, or null. */
  lotId: string | null;
  shiftKey: string;
  closed: boolean;
}

export interface ProductionStoreOptions {
  schedule: ShiftSchedule;
  /** Longest a frame's counts wait in memory before they are committed. */
  flushIntervalMs?: number;
  /** This many frames pending are committed at once. */
  maxPendingFrames?: number;
  /** Told when a timed commit fails; the counts stay pending for the next try. */
  onError?: (error: Error) => void;
}

/** Counts recorded with no lot open are kept under this id (lot ids cannot be empty). */
const NO_LOT = '';
const HOUR_MS = 3_600_000;

interface PendingTally {
  lotId: string;
  shift: Shift;
  hourStartMs: number;
  frames: number;
  framesNg: number;
  partsOk: number;
  partsNg: number;
}

export class ProductionStore {
  private readonly db: Database.Database;
  private readonly schedule: ShiftSchedule;
  private readonly flushIntervalMs: number;
  private readonly maxPendingFrames: number;
  private readonly onError: (error: Error) => void;
  private pendingTallies = new Map<string, PendingTally>();
  private pendingReasons = new Map<string, { lotId: string; shiftKey: string; reason: string; parts: number }>();
  private pendingFramesCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private lot: Lot | null;

  private constructor(db: Database.Database, options: ProductionStoreOptions) {
    this.db = db;
    this.schedule = options.schedule;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.maxPendingFrames = options.maxPendingFrames ?? 256;
    this.onError = options.onError ?? ((err) => console.error(`[production] ${err.message}`));
    const open = db.prepare('SELECT * FROM lots WHERE ended_at_ms IS NULL ORDER BY started_at_ms DESC LIMIT 1').get() as LotRow | undefined;
    this.lot = open ? lotFromRow(open) : null;
  }

  /** Opens (and creates or upgrades) `<dataDir>/production.sqlite`. */
  static open(dataDir: string, options: ProductionStoreOptions): Result<ProductionStore> {
    const file = path.join(dataDir, PRODUCTION_DATABASE_FILE);
    let db: Database.Database | null = null;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return ok(new ProductionStore(db, options));
    } catch (err) {
      db?.close();
      return fail('internal', `cannot open the production database: ${err instanceof Error ? err.message : String(err)}`, file);
    }
  }

  shiftAt(atMs: number): Shift {
    return this.schedule.shiftAt(atMs);
  }

  currentLot(): Lot | null {
    return this.lot ? { ...this.lot } : null;
  }

  findLot(lotId: string): Lot | null {
    const row = this.db.prepare('SELECT * FROM lots WHERE lot_id = ?').get(lotId) as LotRow | undefined;
    return row ? lotFromRow(row) : null;
  }

  /** Starts a lot; a lot still running is ended at the same moment (and returned as `ended`). Lot ids are never reused. */
  startLot(input: LotStart, atMs = Date.now()): Result<{ lot: Lot; ended: Lot | null }> {
    const parsed = LotStartSchema.safeParse(input);
    if (!parsed.success) return fail('bad-request', `bad lot: ${describeIssues(parsed.error)}`);
    const { lotId, product, operator } = parsed.data;
    const existing = this.findLot(lotId);
    if (existing) {
      return fail('bad-request', `lot ${lotId} already exists (started ${new Date(existing.startedAtMs).toISOString()} by ${existing.operator}); lot ids are not reused`, lotId);
    }
    const ended = this.lot ? { ...this.lot, endedAtMs: atMs } : null;
    const lot: Lot = { lotId, product, operator, startedAtMs: atMs, endedAtMs: null };
    this.db.transaction(() => {
      if (ended) this.db.prepare('UPDATE lots SET ended_at_ms = ? WHERE lot_id = ?').run(atMs, ended.lotId);
      this.db.prepare('INSERT INTO lots (lot_id, product, operator, started_at_ms) VALUES (?, ?, ?, ?)').run(lotId, product, operator, atMs);
    })();
    this.lot = lot;
    return ok({ lot: { ...lot }, ended });
  }

  endLot(atMs = Date.now()): Result<Lot> {
    if (!this.lot) return fail('bad-request', 'no lot is running');
    const ended = { ...this.lot, endedAtMs: atMs };
    this.db.prepare('UPDATE lots SET ended_at_ms = ? WHERE lot_id = ?').run(atMs, ended.lotId);
    this.lot = null;
    return ok(ended);
  }

  /** Counts one frame against the running lot (if any) and the shift of `frame.atMs`; committed within flushIntervalMs. */
  recordFrame(frame: FrameTally): void {
    const lotId = this.lot?.lotId ?? NO_LOT;
    const shift = this.schedule.shiftAt(frame.atMs);
    const hourStartMs = shift.startMs + Math.floor((frame.atMs - shift.startMs) / HOUR_MS) * HOUR_MS;
    const key = `${lotId}\u0000${shift.key}\u0000${hourStartMs}`;
    let tally = this.pendingTallies.get(key);
    if (!tally) {
      tally = { lotId, shift, hourStartMs, frames: 0, framesNg: 0, partsOk: 0, partsNg: 0 };
      this.pendingTallies.set(key, tally);
    }
    tally.frames++;
    if (!frame.ok) tally.framesNg++;
    for (const part of frame.parts) {
      if (part.ok) {
        tally.partsOk++;
        continue;
      }
      tally.partsNg++;
      for (const reason of part.reasons) {
        const rkey = `${lotId}\u0000${shift.key}\u0000${reason}`;
        const entry = this.pendingReasons.get(rkey);
        if (entry) entry.parts++;
        else this.pendingReasons.set(rkey, { lotId, shiftKey: shift.key, reason, parts: 1 });
      }
    }
    this.pendingFramesCount++;
    if (this.pendingFramesCount >= this.maxPendingFrames) this.flushReportingErrors();
    else this.timer ??= setTimeout(() => this.flushReportingErrors(), this.flushIntervalMs);
  }

  /** Frames counted but not yet committed. */
  get pendingFrames(): number {
    return this.pendingFramesCount;
  }

  /** Commits every pending count in one transaction; returns how many frames that covered. */
  flush(): number {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pendingFramesCount === 0) return 0;
    const tallies = [...this.pendingTallies.values()];
    const reasons = [...this.pendingReasons.values()];
    const shiftInsert = this.db.prepare('INSERT OR IGNORE INTO shifts (shift_key, name, start_ms, end_ms) VALUES (?, ?, ?, ?)');
    const tallyUpsert = this.db.prepare(
      `INSERT INTO tallies (lot_id, shift_key, hour_start_ms, frames, frames_ng, parts_ok, parts_ng) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (lot_id, shift_key, hour_start_ms) DO UPDATE SET
         frames = frames + excluded.frames, frames_ng = frames_ng + excluded.frames_ng,
         parts_ok = parts_ok + excluded.parts_ok, parts_ng = parts_ng + excluded.parts_ng`,
    );
    const reasonUpsert = this.db.prepare(
      `INSERT INTO ng_reasons (lot_id, shift_key, reason, parts) VALUES (?, ?, ?, ?)
       ON CONFLICT (lot_id, shift_key, reason) DO UPDATE SET parts = parts + excluded.parts`,
    );
    // A failed transaction rolls back whole, so the pending counts stay as they are for the next try.
    this.db.transaction(() => {
      for (const t of tallies) {
        shiftInsert.run(t.shift.key, t.shift.name, t.shift.startMs, t.shift.endMs);
        tallyUpsert.run(t.lotId, t.shift.key, t.hourStartMs, t.frames, t.framesNg, t.partsOk, t.partsNg);
      }
      for (const r of reasons) reasonUpsert.run(r.lotId, r.shiftKey, r.reason, r.parts);
    })();
    const frames = this.pendingFramesCount;
    this.pendingTallies = new Map();
    this.pendingReasons = new Map();
    this.pendingFramesCount = 0;
    return frames;
  }

  private flushReportingErrors(): void {
    try {
      this.flush();
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
      this.timer ??= setTimeout(() => this.flushReportingErrors(), this.flushIntervalMs);
    }
  }

  lotCounters(lotId: string): Result<Counters> {
    if (!this.findLot(lotId)) return fail('not-found', `no lot ${lotId}`, lotId);
    return ok(this.counters('lot_id = ?', [lotId], (t) => t.lotId === lotId, (r) => r.lotId === lotId));
  }

  /** Counters of one shift, every lot (and no lot) together. */
  shiftCounters(shiftKey: string): Counters {
    return this.counters('shift_key = ?', [shiftKey], (t) => t.shift.key === shiftKey, (r) => r.shiftKey === shiftKey);
  }

  /** Counters of one lot within one shift; lotId null for frames counted with no lot open. */
  lotShiftCounters(lotId: string | null, shiftKey: string): Counters {
    const lot = lotId ?? NO_LOT;
    return this.counters(
      'lot_id = ? AND shift_key = ?',
      [lot, shiftKey],
      (t) => t.lotId === lot && t.shift.key === shiftKey,
      (r) => r.lotId === lot && r.shiftKey === shiftKey,
    );
  }

  /** Lots with counts in a shift (null for frames with no lot open), in the order they first counted. */
  shiftLots(shiftKey: string): (string | null)[] {
    const rows = this.db
      .prepare('SELECT lot_id FROM tallies WHERE shift_key = ? GROUP BY lot_id ORDER BY MIN(hour_start_ms), lot_id')
      .all(shiftKey) as { lot_id: string }[];
    const ids = rows.map((r) => r.lot_id);
    for (const t of this.pendingTallies.values()) if (t.shift.key === shiftKey && !ids.includes(t.lotId)) ids.push(t.lotId);
    return ids.map((id) => (id === NO_LOT ? null : id));
  }

  /** The shift as recorded (name, start, end), or null when nothing was counted in it. */
  findShift(shiftKey: string): Shift | null {
    const row = this.db.prepare('SELECT * FROM shifts WHERE shift_key = ?').get(shiftKey) as
      | { shift_key: string; name: string; start_ms: number; end_ms: number }
      | undefined;
    if (row) return { key: row.shift_key, name: row.name, startMs: row.start_ms, endMs: row.end_ms };
    for (const t of this.pendingTallies.values()) if (t.shift.key === shiftKey) return { ...t.shift };
    return null;
  }

  /** The key of the latest shift anything was counted in (pending counts included), or null for an empty database. */
  latestShiftKey(): string | null {
    let latest = this.db.prepare('SELECT shift_key, start_ms FROM shifts ORDER BY start_ms DESC LIMIT 1').get() as
      | { shift_key: string; start_ms: number }
      | undefined;
    for (const t of this.pendingTallies.values()) {
      if (!latest || t.shift.startMs > latest.start_ms) latest = { shift_key: t.shift.key, start_ms: t.shift.startMs };
    }
    return latest?.shift_key ?? null;
  }

  /** Per hour of the shift (from its start), all lots together: the report's chart data. */
  shiftHours(shiftKey: string): HourCounts[] {
    const byHour = new Map<number, HourCounts>();
    const add = (startMs: number, c: Omit<HourCounts, 'startMs'>) => {
      const h = byHour.get(startMs) ?? { startMs, frames: 0, framesNg: 0, partsOk: 0, partsNg: 0 };
      h.frames += c.frames;
      h.framesNg += c.framesNg;
      h.partsOk += c.partsOk;
      h.partsNg += c.partsNg;
      byHour.set(startMs, h);
    };
    const rows = this.db.prepare('SELECT * FROM tallies WHERE shift_key = ?').all(shiftKey) as TallyRow[];
    for (const r of rows) add(r.hour_start_ms, { frames: r.frames, framesNg: r.frames_ng, partsOk: r.parts_ok, partsNg: r.parts_ng });
    for (const t of this.pendingTallies.values()) if (t.shift.key === shiftKey) add(t.hourStartMs, t);
    return [...byHour.values()].sort((a, b) => a.startMs - b.startMs);
  }

  /** Records an alarm change from the alarm state machine at once, against the running lot and the shift of the alarm. */
  recordAlarmChange(change: AlarmChange): void {
    const a = change.alarm;
    const closed = change.type === 'closed' ? 1 : 0;
    this.db
      .prepare(
        `INSERT INTO alarms (id, kind, message, lot_id, shift_key, raised_at_ms, active, cleared_at_ms, acknowledged_by, acknowledged_at_ms, closed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET active = excluded.active, cleared_at_ms = excluded.cleared_at_ms,
           acknowledged_by = excluded.acknowledged_by, acknowledged_at_ms = excluded.acknowledged_at_ms, closed = MAX(closed, excluded.closed)`,
      )
      .run(
        a.id,
        a.kind,
        a.message,
        this.lot?.lotId ?? NO_LOT,
        this.schedule.shiftAt(a.raisedAtMs).key,
        a.raisedAtMs,
        a.active ? 1 : 0,
        a.clearedAtMs,
        a.acknowledgedBy,
        a.acknowledgedAtMs,
        closed,
      );
  }

  /** Alarms not yet closed, to restore the alarm state machine after a restart. */
  openAlarms(): Alarm[] {
    const rows = this.db.prepare('SELECT * FROM alarms WHERE closed = 0 ORDER BY id').all() as AlarmRow[];
    return rows.map((r) => {
      const { lotId: _lot, shiftKey: _shift, closed: _closed, ...alarm } = alarmFromRow(r);
      return alarm;
    });
  }

  /** The id after the highest ever used, so a restarted state machine never reuses one. */
  nextAlarmId(): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM alarms').get() as { id: number | null };
    return (row.id ?? 0) + 1;
  }

  /** Alarms raised in [fromMs, toMs). */
  alarmsRaisedBetween(fromMs: number, toMs: number): StoredAlarm[] {
    const rows = this.db.prepare('SELECT * FROM alarms WHERE raised_at_ms >= ? AND raised_at_ms < ? ORDER BY raised_at_ms, id').all(fromMs, toMs) as AlarmRow[];
    return rows.map(alarmFromRow);
  }

  /** Commits pending counts and closes the database. */
  close(): void {
    this.flush();
    this.db.close();
  }

  private counters(
    where: string,
    params: unknown[],
    pendingTally: (t: PendingTally) => boolean,
    pendingReason: (r: { lotId: string; shiftKey: string }) => boolean,
  ): Counters {
    const sums = this.db
      .prepare(
        `SELECT COALESCE(SUM(frames), 0) AS frames, COALESCE(SUM(frames_ng), 0) AS frames_ng,
                COALESCE(SUM(parts_ok), 0) AS parts_ok, COALESCE(SUM(parts_ng), 0) AS parts_ng
         FROM tallies WHERE ${where}`,
      )
      .get(...params) as { frames: number; frames_ng: number; parts_ok: number; parts_ng: number };
    const counters: Counters = { frames: sums.frames, framesNg: sums.frames_ng, partsOk: sums.parts_ok, partsNg: sums.parts_ng, ngByReason: {} };
    const reasons = this.db
      .prepare(`SELECT reason, SUM(parts) AS parts FROM ng_reasons WHERE ${where} GROUP BY reason`)
      .all(...params) as { reason: string; parts: number }[];
    for (const r of reasons) counters.ngByReason[r.reason] = r.parts;
    for (const t of this.pendingTallies.values()) {
      if (!pendingTally(t)) continue;
      counters.frames += t.frames;
      counters.framesNg += t.framesNg;
      counters.partsOk += t.partsOk;
      counters.partsNg += t.partsNg;
    }
    for (const r of this.pendingReasons.values()) {
      if (pendingReason(r)) counters.ngByReason[r.reason] = (counters.ngByReason[r.reason] ?? 0) + r.parts;
    }
    return counters;
  }
}

interface LotRow {
  lot_id: string;
  product: string;
  operator: string;
  started_at_ms: number;
  ended_at_ms: number | null;
}

interface TallyRow {
  hour_start_ms: number;
  frames: number;
  frames_ng: number;
  parts_ok: number;
  parts_ng: number;
}

interface AlarmRow {
  id: number;
  kind: AlarmKind;
  message: string;
  lot_id: string;
  shift_key: string;
  raised_at_ms: number;
  active: number;
  cleared_at_ms: number | null;
  acknowledged_by: string | null;
  acknowledged_at_ms: number | null;
  closed: number;
}

function lotFromRow(r: LotRow): Lot {
  return { lotId: r.lot_id, product: r.product, operator: r.operator, startedAtMs: r.started_at_ms, endedAtMs: r.ended_at_ms };
}

function alarmFromRow(r: AlarmRow): StoredAlarm {
  return {
    id: r.id,
    kind: r.kind,
    message: r.message,
    raisedAtMs: r.raised_at_ms,
    active: r.active === 1,
    clearedAtMs: r.cleared_at_ms,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAtMs: r.acknowledged_at_ms,
    lotId: r.lot_id === NO_LOT ? null : r.lot_id,
    shiftKey: r.shift_key,
    closed: r.closed === 1,
  };
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < PRODUCTION_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(PRODUCTION_MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
