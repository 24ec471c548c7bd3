import { describe, expect, it } from 'vitest';
import { xbarRChart, xbarRLimits } from '../../../src-shared/spc/xbar-r-chart.js';
import { frozenBaseline } from '../../../src-shared/spc/control-chart.js';

describe('X̄-R limits', () => {
  // Montgomery, "Introduction to Statistical Quality Control", Example 6.1 (piston-ring
  // inside diameter, Table 6.3): 25 subgroups of n = 5 with x̿ = 74.001 and R̄ = 0.023.
  // The 125 raw diameters are not reproduced here (not recalled exactly), so the limits
  // are computed from the published summary statistics; the book gives
  // X̄: UCL 74.014, LCL 73.988; R: UCL 0.049, LCL 0 (three decimals).
  it('reproduces Montgomery Example 6.1 (piston rings) from x̿, R̄ and n = 5', () => {
    const limits = xbarRLimits(74.001, 0.023, 5);
    expect(limits.ok).toBe(true);
    if (!limits.ok) return;
    expect(limits.value.xbar.upper).toBeCloseTo(74.014, 3);
    expect(limits.value.xbar.center).toBe(74.001);
    expect(limits.value.xbar.lower).toBeCloseTo(73.988, 3);
    expect(limits.value.range.upper).toBeCloseTo(0.049, 3);
    expect(limits.value.range.lower).toBe(0);
    // σ̂ = R̄/d2 = 0.023/2.326
    expect(limits.value.sigmaWithin).toBeCloseTo(0.0099, 4);
  });

  it('uses a non-zero D3 from n = 7', () => {
    const limits = xbarRLimits(10, 1, 7);
    expect(limits.ok && limits.value.range).toEqual({ lower: 0.076, center: 1, upper: 1.924 });
  });

  it('refuses a subgroup size outside the table, naming the range', () => {
    for (const n of [1, 11, 4.5]) {
      const limits = xbarRLimits(10, 1, n);
      expect(limits.ok).toBe(false);
      if (!limits.ok) expect(limits.error.message).toContain(`from 2 to 10 (the constants table), got ${n}`);
    }
  });
});

describe('xbarRChart', () => {
  it('groups values into subgroups and computes limits from them (worked by hand)', () => {
    // subgroups [1,2,3] [2,3,4] [3,4,5]: means 2,3,4, ranges 2,2,2 → x̿ = 3, R̄ = 2
    const chart = xbarRChart([1, 2, 3, 2, 3, 4, 3, 4, 5], { subgroupSize: 3, baseline: { kind: 'first', count: 3 } });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.value.xbar.points).toEqual([2, 3, 4]);
    expect(chart.value.range.points).toEqual([2, 2, 2]);
    expect(chart.value.xbar.limits.center).toBe(3);
    expect(chart.value.xbar.limits.upper).toBeCloseTo(3 + 1.023 * 2, 12);
    expect(chart.value.xbar.limits.lower).toBeCloseTo(3 - 1.023 * 2, 12);
    expect(chart.value.range.limits).toEqual({ lower: 0, center: 2, upper: 2.574 * 2 });
    expect(chart.value.sigmaWithin).toBeCloseTo(2 / 1.693, 12);
    expect(chart.value.notes).toEqual([]);
  });

  it('sets limits on the baseline subgroups only and flags later ones that break them', () => {
    const inControl = [10, 11, 10, 11, 9, 10, 11, 10, 10, 11]; // 5 subgroups of 2: means 10.5 10.5 9.5 10.5 10.5, ranges all 1
    const shifted = [14, 14.5];
    const chart = xbarRChart([...inControl, ...shifted], { subgroupSize: 2, baseline: { kind: 'first', count: 5 } });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.value.baseline).toEqual({ kind: 'first', count: 5, center: expect.closeTo(10.3, 12), spread: 1 });
    expect(chart.value.xbar.limits.upper).toBeCloseTo(10.3 + 1.88, 12);
    expect(chart.value.xbar.violations.find((v) => v.rule === 'WE1')?.indices).toEqual([5]);
  });

  it('keeps an explicit baseline whatever the data say', () => {
    const chart = xbarRChart([5, 6, 7, 8], { subgroupSize: 2, baseline: { kind: 'explicit', center: 6, spread: 1 } });
    expect(chart.ok && chart.value.xbar.limits).toEqual({ lower: 6 - 1.88, center: 6, upper: 6 + 1.88 });
    expect(chart.ok && chart.value.baseline.kind).toBe('explicit');
  });

  it('keeps the limits of the first subgroups once frozen, and judges later data against them', () => {
    const early = [10, 11, 10, 12, 11, 10, 9, 11];
    const first = xbarRChart(early, { subgroupSize: 2, baseline: { kind: 'first', count: 4 } });
    if (!first.ok) throw new Error(first.error.message);
    const frozen = frozenBaseline(first.value);
    expect(frozen).toEqual({ kind: 'explicit', center: first.value.baseline.center, spread: first.value.baseline.spread });
    const later = xbarRChart([...early, 20, 24, 21, 25], { subgroupSize: 2, baseline: frozen });
    expect(later.ok && later.value.xbar.limits).toEqual(first.value.xbar.limits);
    expect(later.ok && later.value.xbar.violations.find((v) => v.rule === 'WE1')?.indices).toEqual([4, 5]);
  });

  it('says "not enough data" for fewer values than one subgroup', () => {
    const chart = xbarRChart([1, 2, 3], { subgroupSize: 5, baseline: { kind: 'first', count: 25 } });
    expect(chart.ok).toBe(false);
    if (!chart.ok) {
      expect(chart.error.code).toBe('bad-request');
      expect(chart.error.message).toBe('not enough data: 3 usable value(s), one subgroup needs 5');
    }
  });

  it('charts what it can and notes the rest: a partial last subgroup, unmeasured values, a short baseline', () => {
    const chart = xbarRChart([1, Number.NaN, 2, 3, 4, 5, 6, 7], { subgroupSize: 3, baseline: { kind: 'first', count: 25 } });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.value.xbar.points).toEqual([2, 5]);
    expect(chart.value.notes.map((n) => n.code)).toEqual(['not-finite', 'partial-subgroup', 'provisional-limits']);
    expect(chart.value.notes[1].message).toContain('the last 1 value(s) wait for a full subgroup of 3');
    expect(chart.value.notes[2].message).toContain('first 25 subgroups but only 2 exist');
  });

  it('notes a baseline with no spread and applies no rules rather than dividing by zero', () => {
    const chart = xbarRChart([3, 3, 3, 3, 3, 4], { subgroupSize: 2, baseline: { kind: 'first', count: 2 } });
    expect(chart.ok).toBe(true);
    if (!chart.ok) return;
    expect(chart.value.xbar.limits).toEqual({ lower: 3, center: 3, upper: 3 });
    expect(chart.value.xbar.violations).toEqual([]);
    expect(chart.value.notes.map((n) => n.code)).toEqual(['zero-spread']);
  });
});
