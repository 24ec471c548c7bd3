import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ProductionStore } from '../../../src-engine/production/production-store.js';
import { buildShiftReport, shiftReportCsv, writeShiftReport, type ShiftReport } from '../../../src-engine/production/shift-report.js';
import { initialAlarmState, observe } from '../../../src-shared/spc/alarms.js';
import { useTempDirs } from '../../temp-dirs.js';
import { at, tally, utcSchedule } from './production-fixtures.js';

const tempDir = useTempDirs('shift-report');

/** An early shift with frames before any lot, two lots (one with a comma in its product) and one alarm. */
function earlyShift(): { store: ProductionStore; report: ShiftReport } {
  const opened = ProductionStore.open(tempDir(), { schedule: utcSchedule(), flushIntervalMs: 60_000 });
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  store.recordFrame(tally(at('2026-12-01T06:05:00Z'), 2));
  store.startLot({ lotId: 'A-1', product: 'washer, M8', operator: 'Ana' }, at('2026-12-01T06:10:00Z'));
  store.recordFrame(tally(at('2026-12-01T06:15:00Z'), 3, [['area']]));
  store.recordFrame(tally(at('2026-12-01T07:15:00Z'), 2, [['area'], ['circularity', 'area']]));
  const alarms = initialAlarmState({ consecutiveNg: 2, ngRate: null, unit: 'part' });
  if (!alarms.ok) throw new Error(alarms.error.message);
  const first = observe(alarms.value, false, at('2026-12-01T07:15:00Z'));
  for (const c of observe(first.state, false, at('2026-12-01T07:15:00Z')).changes) store.recordAlarmChange(c);
  store.startLot({ lotId: 'B-2', product: 'hex nut', operator: 'Bo' }, at('2026-12-01T08:00:00Z'));
  store.recordFrame(tally(at('2026-12-01T08:30:00Z'), 4));
  store.recordFrame(tally(at('2026-12-01T14:30:00Z'), 4)); // late shift: not in this report
  store.flush();
  const report = buildShiftReport(store, '2026-12-01 06:00', at('2026-12-01T14:05:00Z'));
  if (!report.ok) throw new Error(report.error.message);
  return { store, report: report.value };
}

describe('shift report', () => {
  it('has a row per lot of the shift and a total, with NG by reason as columns (most frequent first)', () => {
    const { store, report } = earlyShift();
    expect(shiftReportCsv(report)).toBe(
      [
        'shift,shift_name,shift_start_utc,shift_end_utc,lot,product,operator,frames,frames_ng,parts_ok,parts_ng,ng_rate_percent,alarms,ng_area,ng_circularity',
        '2026-12-01 06:00,early,2026-12-01T06:00:00.000Z,2026-12-01T14:00:00.000Z,(no lot),,,1,0,2,0,0,0,0,0',
        '2026-12-01 06:00,early,2026-12-01T06:00:00.000Z,2026-12-01T14:00:00.000Z,A-1,"washer, M8",Ana,2,2,5,3,37.5,1,3,1',
        '2026-12-01 06:00,early,2026-12-01T06:00:00.000Z,2026-12-01T14:00:00.000Z,B-2,hex nut,Bo,1,0,4,0,0,0,0,0',
        '2026-12-01 06:00,early,2026-12-01T06:00:00.000Z,2026-12-01T14:00:00.000Z,(all),,,4,2,11,3,21.43,1,3,1',
        '',
      ].join('\n'),
    );
    store.close();
  });

  it('carries the chart data: NG rate per hour, the Pareto and the alarms', () => {
    const { store, report } = earlyShift();
    expect(report.hours.map((h) => [new Date(h.startMs).toISOString().slice(11, 16), h.ngRatePercent])).toEqual([
      ['06:00', 16.67], // 5 OK (2 before the lot, 3 in A-1) and 1 NG
      ['07:00', 50],
      ['08:00', 0],
    ]);
    expect(report.ngPareto).toEqual([
      { reason: 'area', parts: 3 },
      { reason: 'circularity', parts: 1 },
    ]);
    expect(report.alarms).toEqual([expect.objectContaining({ id: 1, lotId: 'A-1', message: '2 NG parts in a row', acknowledgedBy: null })]);
    store.close();
  });

  it('writes the CSV and the chart JSON atomically, leaving no temporary files', () => {
    const { store, report } = earlyShift();
    const dir = path.join(tempDir(), 'reports');
    const written = writeShiftReport(dir, report);
    expect(written.ok).toBe(true);
    if (!written.ok) return;
    expect(readdirSync(dir).sort()).toEqual(['shift-2026-12-01_0600.charts.json', 'shift-2026-12-01_0600.csv']);
    expect(readFileSync(written.value.csvFile, 'utf8')).toBe(shiftReportCsv(report));
    expect(JSON.parse(readFileSync(written.value.chartsFile, 'utf8'))).toEqual(report);
    store.close();
  });

  it('answers an unknown shift and an unwritable folder with errors, and the store keeps working', () => {
    const { store, report } = earlyShift();
    const unknown = buildShiftReport(store, '2026-12-01 22:00');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toEqual({ code: 'not-found', message: 'nothing was counted in shift 2026-12-01 22:00', subject: '2026-12-01 22:00' });

    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const failed = writeShiftReport(blocker, report);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toMatch(/^cannot write the shift report: /);

    expect(buildShiftReport(store, '2026-12-01 14:00').ok).toBe(true);
    store.close();
  });
});
