// Merging by step and the deltas a poll hands out.
import { describe, expect, it } from 'vitest';
import { ScalarSeries } from '../../../src-engine/runs/scalar-series.js';

const arr = (a: Float64Array | undefined): number[] => [...(a ?? [])];

describe('ScalarSeries', () => {
  it('keeps points sorted by step however they arrive, growing past its first capacity', () => {
    const s = new ScalarSeries();
    const steps = [...Array(500).keys()].map((i) => (i * 7919) % 500); // a permutation of 0..499
    for (const step of steps) s.add(step, step / 2, 1000 + step);
    const p = s.points();
    expect(arr(p.steps)).toEqual([...Array(500).keys()]);
    expect(arr(p.values)).toEqual([...Array(500).keys()].map((i) => i / 2));
    expect(arr(p.wallTimes)).toEqual([...Array(500).keys()].map((i) => 1000 + i));
  });

  it('lets the later wall time win a duplicate step, and keeps the earlier point against an older one', () => {
    const s = new ScalarSeries();
    s.add(1, 10, 100);
    s.add(2, 20, 100);
    s.add(1, 11, 200);
    s.add(2, 19, 50);
    expect(arr(s.points().values)).toEqual([11, 20]);
    expect(arr(s.points().wallTimes)).toEqual([200, 100]);
  });

  it('hands out as changes the appended tail, or everything from the lowest point touched', () => {
    const s = new ScalarSeries();
    expect(s.takeChanges()).toBeNull();
    for (const step of [0, 1, 2, 3]) s.add(step, step, step);
    expect(arr(s.takeChanges()?.steps)).toEqual([0, 1, 2, 3]);
    expect(s.takeChanges()).toBeNull();
    s.add(4, 4, 4);
    expect(arr(s.takeChanges()?.steps)).toEqual([4]);
    s.add(1, 9, 9); // replaced in place
    expect(arr(s.takeChanges()?.values)).toEqual([9, 2, 3, 4]);
    s.add(2.5, 5, 5); // inserted
    s.add(3, 3, 1); // older duplicate: no change
    expect(arr(s.takeChanges()?.steps)).toEqual([2.5, 3, 4]);
    s.add(3, 3, 1);
    expect(s.takeChanges()).toBeNull();
  });

  it('summarizes count, first and last step, last value, min and max; NaN has no order', () => {
    const s = new ScalarSeries();
    expect(s.summary()).toBeNull();
    s.add(5, 0.5, 0);
    s.add(1, 2, 0);
    s.add(9, Number.NaN, 0);
    s.add(7, -1, 0);
    expect(s.summary()).toEqual({ count: 4, firstStep: 1, lastStep: 9, lastValue: Number.NaN, min: -1, max: 2 });
  });
});
