// Shewhart control-chart constants for subgroups of n = 2..10, as tabulated in
// Montgomery, "Introduction to Statistical Quality Control" (Appendix VI) and the
// NIST/SEMATECH e-Handbook (6.3.2.1). They are derived from the distribution of
// the range of n normal values, which has no closed form, so every SPC package
// carries this same table rather than computing it.
//   d2: E[R]/σ, so σ̂ = R̄/d2 (the within-subgroup sigma)
//   A2 = 3/(d2·√n): X̄ limits are x̿ ± A2·R̄
//   D3, D4: R limits are D3·R̄ and D4·R̄ (D3 is 0 below n = 7: the 3σ lower limit would be negative)

export interface SubgroupConstants {
  n: number;
  A2: number;
  d2: number;
  D3: number;
  D4: number;
}

export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 10;

const TABLE: readonly SubgroupConstants[] = [
  { n: 2, A2: 1.88, d2: 1.128, D3: 0, D4: 3.267 },
  { n: 3, A2: 1.023, d2: 1.693, D3: 0, D4: 2.574 },
  { n: 4, A2: 0.729, d2: 2.059, D3: 0, D4: 2.282 },
  { n: 5, A2: 0.577, d2: 2.326, D3: 0, D4: 2.114 },
  { n: 6, A2: 0.483, d2: 2.534, D3: 0, D4: 2.004 },
  { n: 7, A2: 0.419, d2: 2.704, D3: 0.076, D4: 1.924 },
  { n: 8, A2: 0.373, d2: 2.847, D3: 0.136, D4: 1.864 },
  { n: 9, A2: 0.337, d2: 2.97, D3: 0.184, D4: 1.816 },
  { n: 10, A2: 0.308, d2: 3.078, D3: 0.223, D4: 1.777 },
];

/** The constants for subgroups of `n`, or null outside 2..10 (the table's range). */
export function subgroupConstants(n: number): SubgroupConstants | null {
  return TABLE.find((row) => row.n === n) ?? null;
}

/**
 * Individuals (I-MR) charts treat consecutive points as subgroups of two: the
 * moving range of 2 estimates σ as MR̄/d2(2) = MR̄/1.128, E2 = 3/d2(2) = 2.66
 * puts the individuals limits at x̄ ± E2·MR̄, and the moving range's own upper
 * limit is D4(2)·MR̄ = 3.267·MR̄ (its lower limit is 0).
 */
export const MOVING_RANGE = { d2: 1.128, E2: 2.66, D4: 3.267 } as const;
