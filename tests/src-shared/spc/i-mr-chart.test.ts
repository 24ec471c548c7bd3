import { describe, expect, it } from 'vitest';
import { iMrChart, iMrLimits } from '../../../src-shared/spc/i-mr-chart.js';

describe('I-MR chart', () => {
  it('puts the individuals at x̄ ± 2.66·MR̄ and the moving range at 0 .. 3.267·MR̄ (worked by hand)', () => {
    // moving ranges 2, 1, 2, 1 → MR̄ = 1.5; x̄ = 58/5 = 11.6
    const chart = iMrChart([10, 12, 11, 13, 12], { baseline: { kind: 'first', count: 5 } });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.value.movingRange.points).toEqual([2, 1, 2, 1]);
    expect(chart.value.individuals.limits.center).toBeCloseTo(11.6, 12);
    expect(chart.value.individuals.limits.upper).toBeCloseTo(11.6 + 2.66 * 1.5, 12);
    expect(chart.value.individuals.limits.lower).toBeCloseTo(11.6 - 2.66 * 1.5, 12);
    expect(chart.value.movingRange.limits).toEqual({ lower: 0, center: 1.5, upper: 3.267 * 1.5 });
    expect(chart.value.sigmaWithin).toBeCloseTo(1.5 / 1.128, 12);
  });

  it('applies baseline limits to later points and flags the rules on the individuals, the limits on the ranges', () => {
    const baseline = [10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5]; // x̄ 10.25, MR̄ 0.5 → UCL 11.58
    const chart = iMrChart([...baseline, 12.5], { baseline: { kind: 'first', count: 10 } });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.value.individuals.violations.find((v) => v.rule === 'WE1')?.indices).toEqual([10]);
    // the jump from 10.5 to 12.5 is a moving range of 2 > 3.267 × 0.5
    expect(chart.value.movingRange.violations).toEqual([{ rule: 'WE1', title: 'WE1: one point beyond the control limits', indices: [9] }]);
  });

  it('says "not enough data" below two values', () => {
    for (const values of [[], [4], [4, Number.NaN]]) {
      const chart = iMrChart(values, { baseline: { kind: 'first', count: 100 } });
      expect(chart.ok).toBe(false);
      if (!chart.ok) expect(chart.error.message).toMatch(/^not enough data: \d usable value\(s\), a moving range needs 2$/);
    }
  });

  it('refuses a baseline of one point, which has no moving range', () => {
    const chart = iMrChart([1, 2, 3], { baseline: { kind: 'first', count: 1 } });
    expect(chart.ok).toBe(false);
    if (!chart.ok) expect(chart.error.message).toBe('an I-MR baseline needs at least the first 2 points (one moving range), got 1');
  });

  it('refuses summary statistics that are not numbers', () => {
    const limits = iMrLimits(10, -1);
    expect(limits.ok).toBe(false);
    if (!limits.ok) expect(limits.error.message).toContain('the mean moving range must be a finite number ≥ 0, got -1');
  });
});
