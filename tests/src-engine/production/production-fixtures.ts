// Shared set-up for the production tests: a UTC schedule (so times read plainly)
// and frames of four parts with chosen NG reasons.
import { parseShiftSchedule, type ShiftSchedule } from '../../../src-engine/production/shift-schedule.js';
import type { FrameTally } from '../../../src-engine/production/frame-tally.js';

export function utcSchedule(): ShiftSchedule {
  const parsed = parseShiftSchedule({
    timeZone: 'UTC',
    shifts: [
      { name: 'early', start: '06:00' },
      { name: 'late', start: '14:00' },
      { name: 'night', start: '22:00' },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

export const at = (iso: string) => Date.parse(iso);

/** A frame of `ok` good parts and one NG part per entry of `ngReasons` (each entry the reasons of one part). */
export function tally(atMs: number, ok: number, ngReasons: string[][] = []): FrameTally {
  return {
    atMs,
    ok: ngReasons.length === 0,
    parts: [...Array.from({ length: ok }, () => ({ ok: true, reasons: [] })), ...ngReasons.map((reasons) => ({ ok: false, reasons }))],
  };
}
