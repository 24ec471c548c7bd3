// The NG strip's record of a frame and the shift cache the live line uses.
import { describe, expect, it } from 'vitest';
import { ngFrameEvent, thinOutline } from '../../../src-engine/production/ng-frame.js';
import { cachedShifts } from '../../../src-engine/production/live-production.js';
import type { Point } from '../../../src-shared/inspection.js';
import { makeFrameResult } from '../store/make-frame-result.js';
import { at, utcSchedule } from './production-fixtures.js';

describe('thinOutline', () => {
  it('keeps short outlines whole and thins long ones evenly to the limit, keeping their extent', () => {
    const square: Point[] = [[0, 0], [10, 0], [10, 10], [0, 10]];
    expect(thinOutline(square, 48)).toEqual(square);
    const circle: Point[] = Array.from({ length: 400 }, (_, i) => [100 + 50 * Math.cos((i / 400) * 2 * Math.PI), 100 + 50 * Math.sin((i / 400) * 2 * Math.PI)]);
    const thin = thinOutline(circle, 48);
    expect(thin).toHaveLength(48);
    expect(thin[0]).toEqual(circle[0]);
    const xs = thin.map((p) => p[0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(99);
  });
});

describe('ngFrameEvent', () => {
  it('names each failed check once and keeps every part with its verdict and messages', () => {
    const result = makeFrameResult(4, false);
    const event = ngFrameEvent(result, 'L-1', null);
    expect(event).toMatchObject({ seq: 4, width: result.width, height: result.height, lotId: 'L-1', thumbnail: null });
    expect(event.reasons).toEqual([...new Set(result.objects.flatMap((o) => o.verdict.reasons.map((r) => r.metric)))]);
    expect(event.objects.map((o) => o.ok)).toEqual(result.objects.map((o) => o.verdict.ok));
    expect(event.objects[0].messages).toEqual(result.objects[0].verdict.reasons.map((r) => r.message));
  });
});

describe('cachedShifts', () => {
  it('answers like the schedule, across a shift change, while asking it once per shift', () => {
    const schedule = utcSchedule();
    let asked = 0;
    const counting = { ...schedule, shiftAt: (ms: number) => (asked++, schedule.shiftAt(ms)) };
    const cached = cachedShifts(counting);
    const times = ['2026-12-01T07:00:00Z', '2026-12-01T09:00:00Z', '2026-12-01T13:59:59Z', '2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z'].map(at);
    for (const t of times) expect(cached.shiftAt(t)).toEqual(schedule.shiftAt(t));
    expect(asked).toBe(2);
    // A copy each time: a caller that changes its answer cannot change the next one.
    cached.shiftAt(times[4]).key = 'changed';
    expect(cached.shiftAt(times[4]).key).toBe('2026-12-01 14:00');
  });
});
