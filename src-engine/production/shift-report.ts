// The end-of-shift report: one CSV row per lot that ran in the shift plus a
// total row, and beside it the chart data (NG rate per hour, NG Pareto, the
// alarms and who acknowledged them) as JSON for the PNG charts the UI draws.
// Both files are written atomically: a reader never sees half a report.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { writeFileAtomicSync } from '../files/write-file-atomic.js';
import { csvField } from '../cli/results-csv.js';
import type { Counters, HourCounts, ProductionStore, StoredAlarm } from './production-store.js';
import type { Shift } from './shift-schedule.js';

export const SHIFT_REPORT_SCHEMA_ID = 'loupe.shift-report/1';

export interface ShiftReportLot {
  /** null for frames inspected with no lot running. */
  lotId: string | null;
  product: string | null;
  operator: string | null;
  counters: Counters;
  alarms: number;
}

export interface ShiftReport {
  schema: typeof SHIFT_REPORT_SCHEMA_ID;
  shift: Shift;
  generatedAtMs: number;
  lots: ShiftReportLot[];
  totals: Counters;
  /** Per hour from the shift's start: the NG-rate chart. */
  hours: (HourCounts & { ngRatePercent: number | null })[];
  /** NG parts per reason, most first: the Pareto chart. */
  ngPareto: { reason: string; parts: number }[];
  alarms: StoredAlarm[];
}

export function buildShiftReport(store: ProductionStore, shiftKey: string, generatedAtMs = Date.now()): Result<ShiftReport> {
  const shift = store.findShift(shiftKey);
  if (!shift) return fail('not-found', `nothing was counted in shift ${shiftKey}`, shiftKey);
  const alarms = store.alarmsRaisedBetween(shift.startMs, shift.endMs);
  const lots = store.shiftLots(shiftKey).map((lotId): ShiftReportLot => {
    const lot = lotId === null ? null : store.findLot(lotId);
    return {
      lotId,
      product: lot?.product ?? null,
      operator: lot?.operator ?? null,
      counters: store.lotShiftCounters(lotId, shiftKey),
      alarms: alarms.filter((a) => a.lotId === lotId).length,
    };
  });
  const totals = store.shiftCounters(shiftKey);
  return ok({
    schema: SHIFT_REPORT_SCHEMA_ID,
    shift,
    generatedAtMs,
    lots,
    totals,
    hours: store.shiftHours(shiftKey).map((h) => ({ ...h, ngRatePercent: ngRatePercent(h) })),
    ngPareto: Object.entries(totals.ngByReason)
      .map(([reason, parts]) => ({ reason, parts }))
      .sort((a, b) => b.parts - a.parts || a.reason.localeCompare(b.reason)),
    alarms,
  });
}

/** NG parts as a percentage of all parts, two decimals; null with no parts. */
function ngRatePercent(c: { partsOk: number; partsNg: number }): number | null {
  const parts = c.partsOk + c.partsNg;
  return parts === 0 ? null : Math.round((10_000 * c.partsNg) / parts) / 100;
}

export function shiftReportCsv(report: ShiftReport): string {
  const reasons = report.ngPareto.map((p) => p.reason);
  const header = [
    'shift',
    'shift_name',
    'shift_start_utc',
    'shift_end_utc',
    'lot',
    'product',
    'operator',
    'frames',
    'frames_ng',
    'parts_ok',
    'parts_ng',
    'ng_rate_percent',
    'alarms',
    ...reasons.map((r) => `ng_${r}`),
  ];
  const { shift } = report;
  const row = (lot: string, product: string, operator: string, c: Counters, alarms: number) => [
    shift.key,
    shift.name,
    new Date(shift.startMs).toISOString(),
    new Date(shift.endMs).toISOString(),
    lot,
    product,
    operator,
    c.frames,
    c.framesNg,
    c.partsOk,
    c.partsNg,
    ngRatePercent(c) ?? '',
    alarms,
    ...reasons.map((r) => c.ngByReason[r] ?? 0),
  ];
  const lines = [header, ...report.lots.map((l) => row(l.lotId ?? '(no lot)', l.product ?? '', l.operator ?? '', l.counters, l.alarms))];
  lines.push(row('(all)', '', '', report.totals, report.alarms.length));
  return lines.map((fields) => fields.map(csvField).join(',')).join('\n') + '\n';
}

/** Writes `shift-YYYY-MM-DD_HHMM.csv` and `.charts.json` into `dir`; returns their paths. */
export function writeShiftReport(dir: string, report: ShiftReport): Result<{ csvFile: string; chartsFile: string }> {
  const base = `shift-${report.shift.key.replace(' ', '_').replace(':', '')}`;
  const csvFile = path.join(dir, `${base}.csv`);
  const chartsFile = path.join(dir, `${base}.charts.json`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomicSync(csvFile, shiftReportCsv(report));
    writeFileAtomicSync(chartsFile, JSON.stringify(report, null, 2) + '\n');
  } catch (err) {
    return fail('internal', `cannot write the shift report: ${err instanceof Error ? err.message : String(err)}`, dir);
  }
  return ok({ csvFile, chartsFile });
}
