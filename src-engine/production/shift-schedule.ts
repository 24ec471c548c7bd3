// Shifts from a schedule of local start times (e.g. 06:00 / 14:00 / 22:00).
// A shift is named by its local start date and time, so the night shift that
// starts at 22:00 on 1 December is "2026-12-01 22:00" even at 03:00 on the 2nd.
// Local means the schedule's IANA time zone (the machine's by default), read
// through Intl so a daylight-saving change moves the shift's UTC instants, not
// its wall-clock start.
import { z } from 'zod';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { describeIssues } from '../../src-shared/recipe.js';

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time HH:MM' });

export const ShiftScheduleSchema = z
  .object({
    shifts: z
      .array(z.object({ name: z.string().min(1).max(32), start: clockTime }).strict())
      .min(1)
      .max(24),
    /** IANA zone, e.g. "Europe/Berlin"; omitted means the machine's own. */
    timeZone: z.string().min(1).optional(),
  })
  .strict();
export type ShiftScheduleInput = z.input<typeof ShiftScheduleSchema>;

export const DEFAULT_SHIFT_SCHEDULE: ShiftScheduleInput = {
  shifts: [
    { name: 'early', start: '06:00' },
    { name: 'late', start: '14:00' },
    { name: 'night', start: '22:00' },
  ],
};

export interface Shift {
  /** Local start date and time, "YYYY-MM-DD HH:MM": unique, sortable, and what a person calls it. */
  key: string;
  name: string;
  startMs: number;
  endMs: number;
}

export interface ShiftSchedule {
  readonly timeZone: string;
  /** Sorted by start time of day. */
  readonly shifts: readonly { name: string; startMinute: number }[];
  shiftAt(atMs: number): Shift;
}

export function parseShiftSchedule(input: unknown): Result<ShiftSchedule> {
  const parsed = ShiftScheduleSchema.safeParse(input);
  if (!parsed.success) return fail('bad-request', `bad shift schedule: ${describeIssues(parsed.error)}`);
  const timeZone = parsed.data.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    return fail('bad-request', `bad shift schedule: timeZone: unknown time zone "${timeZone}"`, 'timeZone');
  }
  const shifts = parsed.data.shifts
    .map((s) => ({ name: s.name, startMinute: Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3)) }))
    .sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < shifts.length; i++) {
    if (shifts[i].startMinute === shifts[i - 1].startMinute) {
      return fail('bad-request', `bad shift schedule: shifts "${shifts[i - 1].name}" and "${shifts[i].name}" start at the same time`);
    }
  }
  return ok(new ZonedSchedule(timeZone, shifts, formatter));
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

class ZonedSchedule implements ShiftSchedule {
  constructor(
    readonly timeZone: string,
    readonly shifts: readonly { name: string; startMinute: number }[],
    private readonly formatter: Intl.DateTimeFormat,
  ) {}

  shiftAt(atMs: number): Shift {
    const local = this.wallClock(atMs);
    const minute = local.hour * 60 + local.minute;
    let date: CivilDate = local;
    let index = -1;
    for (let i = 0; i < this.shifts.length; i++) if (this.shifts[i].startMinute <= minute) index = i;
    if (index === -1) {
      // Before the first start of the day: still the previous day's last shift.
      date = addDays(local, -1);
      index = this.shifts.length - 1;
    }
    const shift = this.shifts[index];
    const startMs = this.toInstant(date, shift.startMinute);
    const next = index + 1 < this.shifts.length ? { date, shift: this.shifts[index + 1] } : { date: addDays(date, 1), shift: this.shifts[0] };
    return {
      key: `${formatDate(date)} ${formatMinute(shift.startMinute)}`,
      name: shift.name,
      startMs,
      endMs: this.toInstant(next.date, next.shift.startMinute),
    };
  }

  private wallClock(atMs: number): CivilDate & { hour: number; minute: number; second: number } {
    const parts: Record<string, number> = {};
    for (const p of this.formatter.formatToParts(atMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
  }

  /** The UTC instant of a local date and minute of day (two passes settle the zone offset, DST changes included). */
  private toInstant(date: CivilDate, minuteOfDay: number): number {
    const asUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
    let instant = asUtc - this.offsetAt(asUtc);
    instant = asUtc - this.offsetAt(instant);
    return instant;
  }

  private offsetAt(atMs: number): number {
    const w = this.wallClock(atMs);
    const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    return wallAsUtc - Math.floor(atMs / 1000) * 1000;
  }
}

function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number) => String(n).padStart(2, '0');
const formatDate = (d: CivilDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;
const formatMinute = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
