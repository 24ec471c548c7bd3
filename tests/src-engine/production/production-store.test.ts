import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { PRODUCTION_DATABASE_FILE, ProductionStore } from '../../../src-engine/production/production-store.js';
import { initialAlarmState, observe, acknowledge, type AlarmChange } from '../../../src-shared/spc/alarms.js';
import { useTempDirs } from '../../temp-dirs.js';
import { at, tally, utcSchedule } from './production-fixtures.js';

const tempDir = useTempDirs('production');

function open(dir: string, options: { flushIntervalMs?: number; maxPendingFrames?: number } = {}): ProductionStore {
  const opened = ProductionStore.open(dir, { schedule: utcSchedule(), flushIntervalMs: 60_000, maxPendingFrames: 10_000, ...options });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('ProductionStore', () => {
  it('keeps its own WAL database, production.sqlite, beside the results store', () => {
    const dir = tempDir();
    open(dir).close();
    expect(existsSync(path.join(dir, PRODUCTION_DATABASE_FILE))).toBe(true);
    expect(existsSync(path.join(dir, 'loupe.sqlite'))).toBe(false);
    const db = new Database(path.join(dir, PRODUCTION_DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('counts frames, OK/NG parts and NG by reason per lot and per shift, across a shift boundary', () => {
    const store = open(tempDir());
    value(store.startLot({ lotId: 'A', product: 'washer', operator: 'Ana' }, at('2026-12-01T13:30:00Z')));
    store.recordFrame(tally(at('2026-12-01T13:50:00Z'), 3, [['area']]));
    store.recordFrame(tally(at('2026-12-01T13:55:00Z'), 4));
    store.recordFrame(tally(at('2026-12-01T14:10:00Z'), 2, [['area', 'circularity'], ['part']]));

    const expectedLot = { frames: 3, framesNg: 2, partsOk: 9, partsNg: 3, ngByReason: { area: 2, circularity: 1, part: 1 } };
    // pending counts are visible before the commit, and the same after it
    expect(value(store.lotCounters('A'))).toEqual(expectedLot);
    expect(store.flush()).toBe(3);
    expect(store.pendingFrames).toBe(0);
    expect(value(store.lotCounters('A'))).toEqual(expectedLot);
    expect(store.shiftCounters('2026-12-01 06:00')).toEqual({ frames: 2, framesNg: 1, partsOk: 7, partsNg: 1, ngByReason: { area: 1 } });
    expect(store.shiftCounters('2026-12-01 14:00')).toEqual({ frames: 1, framesNg: 1, partsOk: 2, partsNg: 2, ngByReason: { area: 1, circularity: 1, part: 1 } });
    expect(store.shiftCounters('2026-12-01 22:00')).toEqual({ frames: 0, framesNg: 0, partsOk: 0, partsNg: 0, ngByReason: {} });
    store.close();
  });

  it('adds new counts to committed ones, and keeps them across a clean restart', () => {
    const dir = tempDir();
    const store = open(dir);
    value(store.startLot({ lotId: 'A', product: 'washer', operator: 'Ana' }, at('2026-12-01T07:00:00Z')));
    store.recordFrame(tally(at('2026-12-01T07:01:00Z'), 1, [['area']]));
    store.flush();
    store.recordFrame(tally(at('2026-12-01T07:02:00Z'), 1, [['area']]));
    store.close();

    const reopened = open(dir);
    expect(reopened.currentLot()).toMatchObject({ lotId: 'A', endedAtMs: null });
    expect(value(reopened.lotCounters('A'))).toEqual({ frames: 2, framesNg: 2, partsOk: 2, partsNg: 2, ngByReason: { area: 2 } });
    reopened.close();
  });

  it('counts frames with no lot open under the shift only, and lists the lots of a shift', () => {
    const store = open(tempDir());
    store.recordFrame(tally(at('2026-12-01T06:10:00Z'), 2));
    value(store.startLot({ lotId: 'B', product: 'hex nut', operator: 'Bo' }, at('2026-12-01T06:20:00Z')));
    store.recordFrame(tally(at('2026-12-01T06:30:00Z'), 2));
    expect(store.shiftLots('2026-12-01 06:00')).toEqual([null, 'B']);
    expect(store.lotShiftCounters(null, '2026-12-01 06:00').frames).toBe(1);
    store.flush();
    expect(store.shiftLots('2026-12-01 06:00')).toEqual([null, 'B']);
    expect(store.shiftCounters('2026-12-01 06:00').frames).toBe(2);
    expect(value(store.lotCounters('B')).frames).toBe(1);
    store.close();
  });

  it('counts per hour of the shift for the report chart', () => {
    const store = open(tempDir());
    store.recordFrame(tally(at('2026-12-01T06:59:59Z'), 1));
    store.recordFrame(tally(at('2026-12-01T07:00:00Z'), 0, [['area']]));
    store.flush();
    store.recordFrame(tally(at('2026-12-01T07:30:00Z'), 1));
    expect(store.shiftHours('2026-12-01 06:00')).toEqual([
      { startMs: at('2026-12-01T06:00:00Z'), frames: 1, framesNg: 0, partsOk: 1, partsNg: 0 },
      { startMs: at('2026-12-01T07:00:00Z'), frames: 2, framesNg: 1, partsOk: 1, partsNg: 1 },
    ]);
    store.close();
  });

  it('commits on its timer and when enough frames are pending', async () => {
    const timed = open(tempDir(), { flushIntervalMs: 20 });
    timed.recordFrame(tally(at('2026-12-01T07:00:00Z'), 1));
    expect(timed.pendingFrames).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(timed.pendingFrames).toBe(0);
    timed.close();

    const batched = open(tempDir(), { maxPendingFrames: 3 });
    for (let i = 0; i < 3; i++) batched.recordFrame(tally(at('2026-12-01T07:00:00Z') + i, 1));
    expect(batched.pendingFrames).toBe(0);
    batched.close();
  });

  it('starting a lot ends the running one; lot ids are not reused; ending with none running is refused', () => {
    const store = open(tempDir());
    value(store.startLot({ lotId: 'A', product: 'washer', operator: 'Ana' }, 1000));
    const second = value(store.startLot({ lotId: ' B ', product: 'washer', operator: 'Bo' }, 2000));
    expect(second.ended).toEqual({ lotId: 'A', product: 'washer', operator: 'Ana', startedAtMs: 1000, endedAtMs: 2000 });
    expect(second.lot.lotId).toBe('B');
    expect(store.findLot('A')?.endedAtMs).toBe(2000);

    const again = store.startLot({ lotId: 'A', product: 'washer', operator: 'Cy' }, 3000);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toContain('lot A already exists');
    // the refused start changed nothing: B still runs
    expect(store.currentLot()?.lotId).toBe('B');

    expect(value(store.endLot(4000)).endedAtMs).toBe(4000);
    const none = store.endLot(5000);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toBe('no lot is running');
    store.close();
  });

  it('refuses a lot without an operator name, naming the field, and keeps counting', () => {
    const store = open(tempDir());
    const bad = store.startLot({ lotId: 'A', product: 'washer', operator: '   ' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('bad-request');
      expect(bad.error.message).toMatch(/^bad lot: operator: /);
    }
    store.recordFrame(tally(at('2026-12-01T07:00:00Z'), 1));
    expect(store.shiftCounters('2026-12-01 06:00').frames).toBe(1);
    const unknown = store.lotCounters('nope');
    expect(unknown.ok === false && unknown.error.code).toBe('not-found');
    store.close();
  });

  it('records alarms with their acknowledgement, and gives back the open ones and the next id after a restart', () => {
    const dir = tempDir();
    const store = open(dir);
    value(store.startLot({ lotId: 'A', product: 'washer', operator: 'Ana' }, at('2026-12-01T07:00:00Z')));
    let state = value(initialAlarmState({ consecutiveNg: 1, ngRate: null, unit: 'part' }));
    const changes: AlarmChange[] = [];
    const step = (s: { state: typeof state; changes: AlarmChange[] }) => {
      state = s.state;
      changes.push(...s.changes);
      for (const c of s.changes) store.recordAlarmChange(c);
    };
    step(observe(state, false, at('2026-12-01T07:10:00Z'))); // raised #1
    step(observe(state, true, at('2026-12-01T07:11:00Z'))); // cleared #1
    step(value(acknowledge(state, 1, 'Ana', at('2026-12-01T07:12:00Z')))); // acknowledged + closed #1
    step(observe(state, false, at('2026-12-01T07:20:00Z'))); // raised #2, left open
    expect(changes.map((c) => `${c.type} #${c.alarm.id}`)).toEqual(['raised #1', 'cleared #1', 'acknowledged #1', 'closed #1', 'raised #2']);
    store.close();

    const reopened = open(dir);
    const alarms = reopened.alarmsRaisedBetween(at('2026-12-01T06:00:00Z'), at('2026-12-01T14:00:00Z'));
    expect(alarms).toHaveLength(2);
    expect(alarms[0]).toMatchObject({
      id: 1,
      kind: 'consecutive-ng',
      lotId: 'A',
      shiftKey: '2026-12-01 06:00',
      active: false,
      clearedAtMs: at('2026-12-01T07:11:00Z'),
      acknowledgedBy: 'Ana',
      acknowledgedAtMs: at('2026-12-01T07:12:00Z'),
      closed: true,
    });
    expect(reopened.openAlarms().map((a) => a.id)).toEqual([2]);
    expect(reopened.nextAlarmId()).toBe(3);
    reopened.close();
  });

  it('loses nothing it committed when the process is killed', () => {
    const dir = tempDir();
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'kill-production-writer.ts'), dir], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout.trim()).toBe('ACK 30');

    const store = open(dir);
    expect(store.currentLot()).toMatchObject({ lotId: 'L-100', product: 'washer M8', operator: 'Ana', endedAtMs: null });
    // the 30 committed frames are there; the 7 counted after the last commit were never promised
    expect(value(store.lotCounters('L-100'))).toEqual({ frames: 30, framesNg: 30, partsOk: 90, partsNg: 30, ngByReason: { area: 30 } });
    expect(store.openAlarms()).toEqual([
      expect.objectContaining({ id: 1, active: true, acknowledgedBy: 'Ana', acknowledgedAtMs: at('2026-12-01T07:00:31Z') }),
    ]);
    store.close();
  });

  it('answers a data folder it cannot use with an error, not a throw', () => {
    const dir = tempDir();
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const opened = ProductionStore.open(file, { schedule: utcSchedule() });
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.error.code).toBe('internal');
      expect(opened.error.message).toMatch(/^cannot open the production database: /);
    }
  });
});
