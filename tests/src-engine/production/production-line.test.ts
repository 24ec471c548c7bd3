import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { ProductionLine } from '../../../src-engine/production/production-line.js';
import type { FrameResult } from '../../../src-shared/inspection.js';
import type { AlarmConfig } from '../../../src-shared/spc/alarms.js';
import { makeFrameResult } from '../store/make-frame-result.js';
import { useTempDirs } from '../../temp-dirs.js';
import { at, utcSchedule } from './production-fixtures.js';

const tempDir = useTempDirs('production-line');
const ALARMS: AlarmConfig = { consecutiveNg: 3, ngRate: null, unit: 'part' };

function openLine(dir: string, alarms: AlarmConfig = ALARMS, reportsDir?: string): ProductionLine {
  const opened = ProductionLine.open(dir, { schedule: utcSchedule(), alarms, flushIntervalMs: 60_000, reportsDir });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

/** A one-part frame at `atMs`; an NG part fails on area. */
function frame(seq: number, ok: boolean, atMs: number): FrameResult {
  return { ...makeFrameResult(seq, ok), timestampMs: atMs };
}

describe('ProductionLine', () => {
  it('counts every frame against the lot and raises an alarm from its parts, recording both', () => {
    const dir = tempDir();
    const line = openLine(dir);
    line.store.startLot({ lotId: 'L1', product: 'disc', operator: 'Ana' }, at('2026-12-01T07:00:00Z'));
    const raised = [true, false, false, false, false].flatMap((ok, i) => line.onFrame(frame(i, ok, at('2026-12-01T07:01:00Z') + i)));
    expect(raised.map((c) => `${c.type} #${c.alarm.id}`)).toEqual(['raised #1']);
    const counters = line.store.lotCounters('L1');
    expect(counters.ok && counters.value).toEqual({ frames: 5, framesNg: 4, partsOk: 1, partsNg: 4, ngByReason: { area: 4 } });
    line.close();
  });

  it('an alarm raised before a restart still waits for its acknowledgement, and ids carry on', () => {
    const dir = tempDir();
    const first = openLine(dir);
    for (let i = 0; i < 3; i++) first.onFrame(frame(i, false, at('2026-12-01T07:00:00Z') + i));
    first.close();

    const second = openLine(dir);
    expect(second.openAlarms.map((a) => a.id)).toEqual([1]);
    const acked = second.acknowledgeAlarm(1, 'Bo', at('2026-12-01T07:05:00Z'));
    expect(acked.ok && acked.value.alarm).toMatchObject({ id: 1, acknowledgedBy: 'Bo', acknowledgedAtMs: at('2026-12-01T07:05:00Z') });
    // an OK part ends the condition: the acknowledged alarm closes; a new run is alarm 2
    const later = [true, false, false, false].flatMap((ok, i) => second.onFrame(frame(10 + i, ok, at('2026-12-01T07:06:00Z') + i)));
    expect(later.map((c) => `${c.type} #${c.alarm.id}`)).toEqual(['cleared #1', 'closed #1', 'raised #2']);
    second.close();

    const third = openLine(dir);
    const recorded = third.store.alarmsRaisedBetween(at('2026-12-01T06:00:00Z'), at('2026-12-01T14:00:00Z'));
    expect(recorded.map((a) => [a.id, a.acknowledgedBy, a.closed])).toEqual([
      [1, 'Bo', true],
      [2, null, false],
    ]);
    third.close();
  });

  it('feeds frame verdicts when the alarms count frames', () => {
    const line = openLine(tempDir(), { consecutiveNg: 2, ngRate: null, unit: 'frame' });
    const changes = [false, false].flatMap((ok, i) => line.onFrame(frame(i, ok, at('2026-12-01T07:00:00Z') + i)));
    expect(changes.map((c) => c.alarm.message)).toEqual(['2 NG frames in a row']);
    line.close();
  });

  it('refuses bad alarm settings and a nameless acknowledgement, and keeps running', () => {
    const bad = ProductionLine.open(tempDir(), { schedule: utcSchedule(), alarms: { consecutiveNg: -1, ngRate: null, unit: 'part' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('consecutiveNg');

    const line = openLine(tempDir());
    for (let i = 0; i < 3; i++) line.onFrame(frame(i, false, at('2026-12-01T07:00:00Z') + i));
    const nameless = line.acknowledgeAlarm(1, '');
    expect(nameless.ok).toBe(false);
    expect(line.openAlarms[0].acknowledgedBy).toBeNull();
    line.onFrame(frame(3, true, at('2026-12-01T07:00:01Z')));
    expect(line.store.shiftCounters('2026-12-01 06:00').frames).toBe(4);
    line.close();
  });

  it("writes the ended shift's report when the first frame of the next shift arrives, also after a restart", () => {
    const dir = tempDir();
    const reports = path.join(dir, 'reports');
    const early = path.join(reports, 'shift-2026-12-01_0600.csv');
    const line = openLine(dir, ALARMS, reports);
    line.onFrame(frame(0, true, at('2026-12-01T13:58:00Z')));
    line.onFrame(frame(1, false, at('2026-12-01T13:59:00Z')));
    expect(existsSync(early)).toBe(false);
    line.onFrame(frame(2, true, at('2026-12-01T14:01:00Z')));
    const csv = readFileSync(early, 'utf8').trim().split('\n');
    expect(csv.at(-1)).toBe('2026-12-01 06:00,early,2026-12-01T06:00:00.000Z,2026-12-01T14:00:00.000Z,(all),,,2,1,1,1,50,0,1');
    line.close();

    const restarted = openLine(dir, ALARMS, reports);
    restarted.onFrame(frame(3, true, at('2026-12-01T22:30:00Z')));
    expect(existsSync(path.join(reports, 'shift-2026-12-01_1400.csv'))).toBe(true);
    restarted.close();
  });

  it('says so when asked for a report with no folder to write it to', () => {
    const line = openLine(tempDir());
    line.onFrame(frame(0, true, at('2026-12-01T07:00:00Z')));
    const written = line.writeReport('2026-12-01 06:00');
    expect(written.ok === false && written.error.message).toBe('no reports folder is set');
    const explicit = line.writeReport('2026-12-01 06:00', at('2026-12-01T14:00:00Z'), path.join(tempDir(), 'out'));
    expect(explicit.ok).toBe(true);
    line.close();
  });
});
