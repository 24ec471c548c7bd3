import { describe, expect, it } from 'vitest';
import { beyondLimits, evaluateRules, type RuleId } from '../../../src-shared/spc/control-rules.js';

// Every series is in σ units around a centre line of 0, so the numbers read as zones.
function tripped(points: number[], rule: RuleId): number[] {
  const result = evaluateRules(points, 0, 1, [rule]);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.find((v) => v.rule === rule)?.indices ?? [];
}

const repeat = (v: number, n: number) => Array.from({ length: n }, () => v);
const alternate = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b));

describe('Western Electric rules', () => {
  it('WE1 flags each point beyond 3σ, either side', () => {
    expect(tripped([0, 0.5, 3.5, 0, -3.2], 'WE1')).toEqual([2, 4]);
    expect(tripped([2.9, -2.9, 0, 3], 'WE1')).toEqual([]);
  });

  it('WE2 flags the point completing 2 of 3 beyond 2σ on one side', () => {
    expect(tripped([0, 2.5, 0, 2.1, 0], 'WE2')).toEqual([3]);
    expect(tripped([-2.5, -2.2], 'WE2')).toEqual([1]);
    // opposite sides, or too far apart, or the third point inside 2σ
    expect(tripped([2.5, 0, -2.5], 'WE2')).toEqual([]);
    expect(tripped([2.5, 0, 0, 2.5], 'WE2')).toEqual([]);
    expect(tripped([2.5, 1.9, 1.9], 'WE2')).toEqual([]);
  });

  it('WE3 flags the point completing 4 of 5 beyond 1σ on one side', () => {
    expect(tripped([1.5, 1.2, 0.2, 1.1, 1.3], 'WE3')).toEqual([4]);
    expect(tripped([1.5, 1.2, 0.2, 0.3, 1.3], 'WE3')).toEqual([]);
    expect(tripped([1.5, 1.2, -1.2, -1.1, 1.3], 'WE3')).toEqual([]);
  });

  it('WE4 flags 8 in a row on one side, and keeps flagging while the run lasts', () => {
    expect(tripped(repeat(0.5, 8), 'WE4')).toEqual([7]);
    expect(tripped(repeat(-0.2, 10), 'WE4')).toEqual([7, 8, 9]);
    expect(tripped([...repeat(0.5, 7), -0.1, ...repeat(0.5, 7)], 'WE4')).toEqual([]);
    // a point exactly on the centre line is on neither side
    expect(tripped([...repeat(0.5, 4), 0, ...repeat(0.5, 4)], 'WE4')).toEqual([]);
  });
});

describe('Nelson rules', () => {
  it('N3 flags 6 in a row steadily rising or falling', () => {
    expect(tripped([0, 0.1, 0.2, 0.3, 0.4, 0.5], 'N3')).toEqual([5]);
    expect(tripped([1, 0.8, 0.6, 0.4, 0.2, 0, -0.2], 'N3')).toEqual([5, 6]);
    expect(tripped([0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], 'N3')).toEqual([]);
    expect(tripped([0, 0.1, 0.2, 0.3, 0.4], 'N3')).toEqual([]);
  });

  it('N4 flags 14 in a row alternating up and down', () => {
    expect(tripped(alternate(0.5, -0.5, 14), 'N4')).toEqual([13]);
    expect(tripped(alternate(0.5, -0.5, 13), 'N4')).toEqual([]);
    expect(tripped([...alternate(0.5, -0.5, 7), 0.6, ...alternate(-0.5, 0.5, 6)], 'N4')).toEqual([]);
  });

  it('N7 flags 15 in a row within 1σ (stratification)', () => {
    expect(tripped(alternate(0.5, -0.5, 15), 'N7')).toEqual([14]);
    expect(tripped([...alternate(0.5, -0.5, 14), 1.5], 'N7')).toEqual([]);
  });

  it('N8 flags 8 in a row outside 1σ with points on both sides (a mixture)', () => {
    expect(tripped(alternate(1.5, -1.5, 8), 'N8')).toEqual([7]);
    expect(tripped(repeat(1.5, 8), 'N8')).toEqual([]);
    expect(tripped([...alternate(1.5, -1.5, 4), 0.5, ...alternate(1.5, -1.5, 4)], 'N8')).toEqual([]);
  });
});

describe('evaluateRules', () => {
  it('names each tripped rule and leaves out the ones that did not trip', () => {
    const result = evaluateRules([10, 10, 16, 10], 10, 1.5);
    expect(result.ok && result.value).toEqual([{ rule: 'WE1', title: 'WE1: one point beyond 3σ', indices: [2] }]);
  });

  it('refuses a zero or non-finite sigma with a reason instead of dividing by it', () => {
    for (const sigma of [0, -1, Number.NaN, Infinity]) {
      const result = evaluateRules([1, 2, 3], 0, sigma);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/sigma must be a positive number/);
    }
  });

  it('beyondLimits handles asymmetric limits, as on a range chart', () => {
    expect(beyondLimits([0.1, 0.5, 0.05, 0.2], 0.08, 0.4)).toEqual([{ rule: 'WE1', title: 'WE1: one point beyond the control limits', indices: [1, 2] }]);
    expect(beyondLimits([0.1, 0.2], 0, 0.4)).toEqual([]);
  });
});
