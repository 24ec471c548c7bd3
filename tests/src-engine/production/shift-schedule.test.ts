import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFT_SCHEDULE, parseShiftSchedule, type ShiftSchedule } from '../../../src-engine/production/shift-schedule.js';

function schedule(timeZone: string): ShiftSchedule {
  const parsed = parseShiftSchedule({ ...DEFAULT_SHIFT_SCHEDULE, timeZone });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const utc = (iso: string) => Date.parse(iso);

describe('shift schedule', () => {
  it('finds the shift of an instant, with its start and end', () => {
    const s = schedule('UTC');
    expect(s.shiftAt(utc('2026-12-01T06:00:00Z'))).toEqual({
      key: '2026-12-01 06:00',
      name: 'early',
      startMs: utc('2026-12-01T06:00:00Z'),
      endMs: utc('2026-12-01T14:00:00Z'),
    });
    expect(s.shiftAt(utc('2026-12-01T13:59:59.999Z')).name).toBe('early');
    expect(s.shiftAt(utc('2026-12-01T14:00:00Z')).key).toBe('2026-12-01 14:00');
  });

  it('names the night shift by the day it started, across midnight', () => {
    const s = schedule('UTC');
    const night = s.shiftAt(utc('2026-12-02T03:00:00Z'));
    expect(night).toEqual({ key: '2026-12-01 22:00', name: 'night', startMs: utc('2026-12-01T22:00:00Z'), endMs: utc('2026-12-02T06:00:00Z') });
    expect(s.shiftAt(utc('2026-12-01T23:00:00Z')).key).toBe('2026-12-01 22:00');
  });

  it('reads the start times in the schedule’s time zone', () => {
    const s = schedule('Asia/Kolkata'); // UTC+05:30, no daylight saving
    const early = s.shiftAt(utc('2026-12-01T01:00:00Z')); // 06:30 local
    expect(early.key).toBe('2026-12-01 06:00');
    expect(early.startMs).toBe(utc('2026-12-01T00:30:00Z'));
  });

  it('keeps wall-clock starts across a daylight-saving change (the night shift is an hour longer)', () => {
    const s = schedule('Europe/Berlin'); // CEST → CET at 03:00 local on 25 October 2026
    const night = s.shiftAt(utc('2026-10-25T02:30:00Z'));
    expect(night.key).toBe('2026-10-24 22:00');
    expect(night.startMs).toBe(utc('2026-10-24T20:00:00Z')); // 22:00 CEST
    expect(night.endMs).toBe(utc('2026-10-25T05:00:00Z')); // 06:00 CET
    expect(night.endMs - night.startMs).toBe(9 * 3_600_000);
  });

  it('sorts shifts given out of order, and handles one shift a day', () => {
    const parsed = parseShiftSchedule({ timeZone: 'UTC', shifts: [{ name: 'b', start: '18:00' }, { name: 'a', start: '06:00' }] });
    expect(parsed.ok && parsed.value.shifts.map((x) => x.name)).toEqual(['a', 'b']);
    const single = parseShiftSchedule({ timeZone: 'UTC', shifts: [{ name: 'day', start: '07:30' }] });
    expect(single.ok && single.value.shiftAt(utc('2026-12-01T07:00:00Z'))).toMatchObject({ key: '2026-11-30 07:30', endMs: utc('2026-12-01T07:30:00Z') });
  });

  it('refuses a bad schedule, naming what is wrong', () => {
    const cases: [unknown, string][] = [
      [{ shifts: [] }, 'shifts'],
      [{ shifts: [{ name: 'x', start: '25:00' }] }, 'shifts.0.start: must be a 24-hour time HH:MM'],
      [{ shifts: [{ name: 'x', start: '06:00' }, { name: 'y', start: '06:00' }] }, 'shifts "x" and "y" start at the same time'],
      [{ shifts: [{ name: 'x', start: '06:00' }], timeZone: 'Mars/Olympus' }, 'unknown time zone "Mars/Olympus"'],
    ];
    for (const [input, message] of cases) {
      const parsed = parseShiftSchedule(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe('bad-request');
        expect(parsed.error.message).toContain(message);
      }
    }
  });
});
