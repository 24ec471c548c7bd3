import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../src-renderer/lib/ema-smoothing.js';

describe("TensorBoard's debiased EMA", () => {
  it('matches values worked out by hand', () => {
    // weight 0.5 over [2, 4, 8]:
    //   last = 0.5·0 + 0.5·2 = 1,    debias 1 - 0.5   = 0.5   → 2
    //   last = 0.5·1 + 0.5·4 = 2.5,  debias 1 - 0.25  = 0.75  → 3.333…
    //   last = 0.5·2.5 + 0.5·8 = 5.25, debias 1 - 0.125 = 0.875 → 6
    const s = emaSmooth([2, 4, 8], 0.5);
    expect(s[0]).toBeCloseTo(2, 12);
    expect(s[1]).toBeCloseTo(10 / 3, 12);
    expect(s[2]).toBeCloseTo(6, 12);
  });

  it('keeps the first point where it is instead of dragging it towards zero', () => {
    expect(emaSmooth([10, 10.5], 0.9)[0]).toBeCloseTo(10, 12);
    // weight 0.9 over [10, 0]: last = 1, then 0.9; debias 0.1, then 0.19 → 10, 4.7368…
    expect(emaSmooth([10, 0], 0.9)[1]).toBeCloseTo(0.9 / 0.19, 12);
  });

  it('gives the raw values back at weight 0, and leaves a constant series alone', () => {
    expect([...emaSmooth([3, 1, 2], 0)]).toEqual([3, 1, 2]);
    expect([...emaSmooth([0.1, 0.1, 0.1], 0.95)]).toEqual([0.1, 0.1, 0.1]);
  });

  it('lets a NaN or infinite value through without poisoning the points after it', () => {
    const s = emaSmooth([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5], 0.5);
    expect(s[1]).toBeNaN();
    expect(s[3]).toBe(Number.POSITIVE_INFINITY);
    // The average skips them: [1, 3, 5] at 0.5 → 1, 2.333…, 4.142857…
    expect(s[2]).toBeCloseTo(1.75 / 0.75, 12);
    expect(s[4]).toBeCloseTo(3.375 / 0.875, 12);
  });
});
