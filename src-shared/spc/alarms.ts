// Line alarms as a pure state machine: (state, event) → (state, changes). No
// clock and no I/O, so the engine, a test and a replay all get the same answer;
// the caller persists the changes and passes the time in.
//
// Conditions: K NG in a row, or an NG rate above a limit over the last W
// observations (parts or frames, as the caller feeds them). The lifecycle
// follows ISA-18.2 in small:
//   condition starts  → alarm raised (active, unacknowledged)
//   condition persists → nothing: one alarm per episode, not one per frame
//   condition ends    → alarm cleared; if it was already acknowledged it closes
//   acknowledge       → records who and when; a cleared alarm closes
//   condition returns while its alarm is still open (unacknowledged) → the same alarm is active again
//   condition returns after its alarm closed → a new alarm, with a new id
import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { describeIssues } from '../recipe.js';

export const AlarmConfigSchema = z
  .object({
    /** Raise when this many observations in a row are NG; null turns the check off. */
    consecutiveNg: z.number().int().min(1).nullable(),
    /** Raise when more than `maxRate` (0..1) of the last `window` observations are NG; null turns it off. */
    ngRate: z.object({ window: z.number().int().min(1).max(100_000), maxRate: z.number().min(0).max(1) }).strict().nullable(),
    /** What one observation is, for the messages. */
    unit: z.enum(['part', 'frame']),
  })
  .strict();
export type AlarmConfig = z.infer<typeof AlarmConfigSchema>;

export type AlarmKind = 'consecutive-ng' | 'ng-rate';

export interface Alarm {
  id: number;
  kind: AlarmKind;
  message: string;
  raisedAtMs: number;
  /** The condition holds now. */
  active: boolean;
  /** When the condition last ended, or null while it holds. */
  clearedAtMs: number | null;
  acknowledgedBy: string | null;
  acknowledgedAtMs: number | null;
}

export interface AlarmState {
  config: AlarmConfig;
  /** Observations seen; also the sequence number of the next one. */
  seen: number;
  /** Current run of NG observations. */
  streak: number;
  /** Sequence numbers of the NG observations among the last `ngRate.window`. */
  ngInWindow: readonly number[];
  /** Alarms not yet closed (at most one per kind). */
  open: readonly Alarm[];
  nextId: number;
}

export type AlarmChange =
  | { type: 'raised'; alarm: Alarm }
  | { type: 'reactivated'; alarm: Alarm }
  | { type: 'cleared'; alarm: Alarm }
  | { type: 'acknowledged'; alarm: Alarm }
  | { type: 'closed'; alarm: Alarm };

export interface AlarmStep {
  state: AlarmState;
  changes: AlarmChange[];
}

/**
 * A fresh monitor. After a restart pass the alarms that were still open (they
 * stay until acknowledged, and clear at the first observation that no longer
 * shows their condition) and the next free id, so ids never repeat.
 */
export function initialAlarmState(config: AlarmConfig, restore: { open?: readonly Alarm[]; nextId?: number } = {}): Result<AlarmState> {
  const parsed = AlarmConfigSchema.safeParse(config);
  if (!parsed.success) {
    return fail('bad-request', `bad alarm settings: ${describeIssues(parsed.error)}`);
  }
  const open = restore.open ?? [];
  const nextId = Math.max(restore.nextId ?? 1, ...open.map((a) => a.id + 1));
  return ok({ config: parsed.data, seen: 0, streak: 0, ngInWindow: [], open, nextId });
}

/** One observation (a part's or a frame's verdict) at `atMs`. */
export function observe(state: AlarmState, isOk: boolean, atMs: number): AlarmStep {
  const seq = state.seen;
  const seen = seq + 1;
  const streak = isOk ? 0 : state.streak + 1;
  let ngInWindow = state.ngInWindow;
  const window = state.config.ngRate?.window;
  if (window !== undefined) {
    let drop = 0;
    while (drop < ngInWindow.length && ngInWindow[drop] <= seq - window) drop++;
    // Copy only when the window's NG set changes; OK parts are the common case and cost nothing.
    if (drop > 0) ngInWindow = ngInWindow.slice(drop);
    if (!isOk) ngInWindow = [...ngInWindow, seq];
  }
  const next: AlarmState = { ...state, seen, streak, ngInWindow };
  const changes: AlarmChange[] = [];
  let open = state.open;
  let nextId = state.nextId;
  for (const kind of ['consecutive-ng', 'ng-rate'] as const) {
    const holds = conditionHolds(next, kind);
    const current = open.find((a) => a.kind === kind);
    if (holds && !current) {
      const alarm: Alarm = {
        id: nextId++,
        kind,
        message: describe(next, kind),
        raisedAtMs: atMs,
        active: true,
        clearedAtMs: null,
        acknowledgedBy: null,
        acknowledgedAtMs: null,
      };
      open = [...open, alarm];
      changes.push({ type: 'raised', alarm });
    } else if (holds && current && !current.active) {
      const alarm = { ...current, active: true, clearedAtMs: null };
      open = open.map((a) => (a === current ? alarm : a));
      changes.push({ type: 'reactivated', alarm });
    } else if (!holds && current?.active) {
      const alarm = { ...current, active: false, clearedAtMs: atMs };
      changes.push({ type: 'cleared', alarm });
      if (alarm.acknowledgedBy !== null) {
        open = open.filter((a) => a !== current);
        changes.push({ type: 'closed', alarm });
      } else {
        open = open.map((a) => (a === current ? alarm : a));
      }
    }
  }
  return { state: { ...next, open, nextId }, changes };
}

/** Several observations at one time, e.g. every part of one frame. */
export function observeAll(state: AlarmState, oks: readonly boolean[], atMs: number): AlarmStep {
  let current = state;
  const changes: AlarmChange[] = [];
  for (const isOk of oks) {
    const step = observe(current, isOk, atMs);
    current = step.state;
    changes.push(...step.changes);
  }
  return { state: current, changes };
}

/** The operator acknowledges an open alarm. A cleared alarm then closes; an active one stays open, acknowledged, until it clears. */
export function acknowledge(state: AlarmState, alarmId: number, by: string, atMs: number): Result<AlarmStep> {
  const who = by.trim();
  if (who === '') return fail('bad-request', `acknowledging alarm ${alarmId} needs the operator's name`);
  const current = state.open.find((a) => a.id === alarmId);
  if (!current) return fail('not-found', `no open alarm ${alarmId} (it may be closed already)`, String(alarmId));
  if (current.acknowledgedBy !== null) {
    return fail('bad-request', `alarm ${alarmId} was already acknowledged by ${current.acknowledgedBy}`, String(alarmId));
  }
  const alarm: Alarm = { ...current, acknowledgedBy: who, acknowledgedAtMs: atMs };
  const changes: AlarmChange[] = [{ type: 'acknowledged', alarm }];
  let open: readonly Alarm[];
  if (alarm.active) {
    open = state.open.map((a) => (a === current ? alarm : a));
  } else {
    open = state.open.filter((a) => a !== current);
    changes.push({ type: 'closed', alarm });
  }
  return ok({ state: { ...state, open }, changes });
}

function conditionHolds(state: AlarmState, kind: AlarmKind): boolean {
  const { consecutiveNg, ngRate } = state.config;
  if (kind === 'consecutive-ng') return consecutiveNg !== null && state.streak >= consecutiveNg;
  // A rate over fewer observations than the window would make the first NG part read as 100 %.
  return ngRate !== null && state.seen >= ngRate.window && state.ngInWindow.length / ngRate.window > ngRate.maxRate;
}

function describe(state: AlarmState, kind: AlarmKind): string {
  const { consecutiveNg, ngRate, unit } = state.config;
  if (kind === 'consecutive-ng') return `${consecutiveNg} NG ${unit}s in a row`;
  const window = ngRate!.window;
  const rate = (100 * state.ngInWindow.length) / window;
  return `NG rate ${rate.toFixed(1)}% over the last ${window} ${unit}s exceeds ${(100 * ngRate!.maxRate).toFixed(1)}%`;
}
