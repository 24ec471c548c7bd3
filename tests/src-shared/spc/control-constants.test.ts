import { describe, expect, it } from 'vitest';
import { MOVING_RANGE, subgroupConstants } from '../../../src-shared/spc/control-constants.js';

describe('control chart constants', () => {
  it('covers n = 2..10 and nothing else', () => {
    for (let n = 2; n <= 10; n++) expect(subgroupConstants(n)?.n).toBe(n);
    expect(subgroupConstants(1)).toBeNull();
    expect(subgroupConstants(11)).toBeNull();
    expect(subgroupConstants(2.5)).toBeNull();
  });

  it('has A2 = 3/(d2·√n) for every row (catches a mistyped constant)', () => {
    for (let n = 2; n <= 10; n++) {
      const c = subgroupConstants(n)!;
      expect(Math.abs(c.A2 - 3 / (c.d2 * Math.sqrt(n)))).toBeLessThan(0.001);
    }
  });

  it('has D3 = 0 below n = 7 and D3 + D4 = 2 where the lower limit exists (both are 1 ∓ 3·d3/d2)', () => {
    for (let n = 2; n <= 10; n++) {
      const c = subgroupConstants(n)!;
      if (n < 7) expect(c.D3).toBe(0);
      else expect(c.D3 + c.D4).toBeCloseTo(2, 3);
    }
  });

  it('uses the subgroup-of-two constants for the moving range: E2 = 3/d2(2), D4 = D4(2)', () => {
    const two = subgroupConstants(2)!;
    expect(MOVING_RANGE.d2).toBe(two.d2);
    expect(MOVING_RANGE.D4).toBe(two.D4);
    expect(MOVING_RANGE.E2).toBeCloseTo(3 / two.d2, 2);
  });
});
