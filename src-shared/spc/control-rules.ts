// Run rules that find non-random patterns on a control chart: the Western
// Electric rules (Western Electric Statistical Quality Control Handbook, 1956)
// and four of Nelson's (Journal of Quality Technology, 1984) that the Western
// Electric set does not cover. Nelson's own numbers are kept in the ids (N3,
// N4, N7, N8) so a rule can be looked up in his paper; his rules 1, 2, 5 and 6
// are WE1, (a 9-point variant of) WE4, WE2 and WE3.
//
// Which index trips a rule: the point that completes the pattern, and only if
// that point is itself part of it (for "2 of 3 beyond 2σ", the third point
// must be beyond 2σ too). So a pattern is flagged once as it forms, and a
// point back near the centre line is never flagged for what came before it.
// Runs keep tripping while they go on: a run of 10 on one side flags its 8th,
// 9th and 10th points.
import { fail, ok, type Result } from '../result.js';

export type RuleId = 'WE1' | 'WE2' | 'WE3' | 'WE4' | 'N3' | 'N4' | 'N7' | 'N8';

export const RULE_TITLES: Readonly<Record<RuleId, string>> = {
  WE1: 'WE1: one point beyond 3σ',
  WE2: 'WE2: 2 of 3 beyond 2σ same side',
  WE3: 'WE3: 4 of 5 beyond 1σ same side',
  WE4: 'WE4: 8 in a row on one side',
  N3: 'Nelson 3: 6 in a row trending up or down',
  N4: 'Nelson 4: 14 in a row alternating up and down',
  N7: 'Nelson 7: 15 in a row within 1σ',
  N8: 'Nelson 8: 8 in a row outside 1σ, both sides',
};

export const ALL_RULES: readonly RuleId[] = ['WE1', 'WE2', 'WE3', 'WE4', 'N3', 'N4', 'N7', 'N8'];

export interface RuleViolation {
  rule: RuleId;
  title: string;
  /** Indices into the charted points, ascending. */
  indices: number[];
}

/**
 * Evaluates `rules` on `points` against a centre line and the sigma of the
 * plotted statistic (for an X̄ chart σ/√n, i.e. a third of the distance to a
 * control limit). Returns one entry per rule that tripped, in `rules` order.
 */
export function evaluateRules(
  points: readonly number[],
  center: number,
  sigma: number,
  rules: readonly RuleId[] = ALL_RULES,
): Result<RuleViolation[]> {
  if (!Number.isFinite(center)) return fail('bad-request', `the centre line must be a finite number, got ${center}`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    return fail('bad-request', `sigma must be a positive number, got ${sigma}: the zones of a chart with no spread are undefined`);
  }
  const z = points.map((p) => (p - center) / sigma);
  const out: RuleViolation[] = [];
  for (const rule of rules) {
    const indices = CHECKS[rule](z);
    if (indices.length > 0) out.push({ rule, title: RULE_TITLES[rule], indices });
  }
  return ok(out);
}

/** Points above `upper` or below `lower`, for charts whose limits are not symmetric (R, MR). */
export function beyondLimits(points: readonly number[], lower: number, upper: number): RuleViolation[] {
  const indices: number[] = [];
  points.forEach((p, i) => {
    if (p > upper || p < lower) indices.push(i);
  });
  return indices.length > 0 ? [{ rule: 'WE1', title: 'WE1: one point beyond the control limits', indices }] : [];
}

type Check = (z: readonly number[]) => number[];

const CHECKS: Record<RuleId, Check> = {
  WE1: (z) => indicesWhere(z, (_, i) => Math.abs(z[i]) > 3),
  WE2: (z) => mOfN(z, 2, 3, 2),
  WE3: (z) => mOfN(z, 4, 5, 1),
  WE4: (z) => runs(z, 8, (v) => Math.sign(v)),
  N3: (z) => trend(z, 6),
  N4: (z) => alternating(z, 14),
  N7: (z) => runs(z, 15, (v) => (Math.abs(v) < 1 ? 1 : 0)),
  N8: (z) => outsideBothSides(z, 8),
};

function indicesWhere(z: readonly number[], test: (v: number, i: number) => boolean): number[] {
  const out: number[] = [];
  z.forEach((v, i) => {
    if (test(v, i)) out.push(i);
  });
  return out;
}

/** At least m of the last n points beyond `limit` σ on one side, the last of them included. */
function mOfN(z: readonly number[], m: number, n: number, limit: number): number[] {
  return indicesWhere(z, (v, i) => {
    const side = v > limit ? 1 : v < -limit ? -1 : 0;
    if (side === 0) return false;
    let count = 0;
    for (let j = Math.max(0, i - n + 1); j <= i; j++) if (z[j] * side > limit) count++;
    return count >= m;
  });
}

/** Points ending a run of at least `length` with the same non-zero `key`. */
function runs(z: readonly number[], length: number, key: (v: number) => number): number[] {
  const out: number[] = [];
  let run = 0;
  let prev = 0;
  z.forEach((v, i) => {
    const k = key(v);
    run = k !== 0 && k === prev ? run + 1 : k !== 0 ? 1 : 0;
    prev = k;
    if (run >= length) out.push(i);
  });
  return out;
}

/** `length` points in a row each above (or each below) the one before. */
function trend(z: readonly number[], length: number): number[] {
  const out: number[] = [];
  let run = 1;
  let dir = 0;
  for (let i = 1; i < z.length; i++) {
    const d = Math.sign(z[i] - z[i - 1]);
    run = d !== 0 && d === dir ? run + 1 : d !== 0 ? 2 : 1;
    dir = d;
    if (run >= length) out.push(i);
  }
  return out;
}

/** `length` points in a row going up and down in turn. */
function alternating(z: readonly number[], length: number): number[] {
  const out: number[] = [];
  let run = 1;
  let dir = 0;
  for (let i = 1; i < z.length; i++) {
    const d = Math.sign(z[i] - z[i - 1]);
    run = d !== 0 && d === -dir ? run + 1 : d !== 0 ? 2 : 1;
    dir = d;
    if (run >= length) out.push(i);
  }
  return out;
}

/** `length` points in a row none within 1σ, with points on both sides among them (a mixture of two processes). */
function outsideBothSides(z: readonly number[], length: number): number[] {
  const out: number[] = [];
  let run = 0;
  for (let i = 0; i < z.length; i++) {
    run = Math.abs(z[i]) > 1 ? run + 1 : 0;
    if (run < length) continue;
    let above = false;
    let below = false;
    for (let j = i - length + 1; j <= i; j++) {
      if (z[j] > 0) above = true;
      else below = true;
    }
    if (above && below) out.push(i);
  }
  return out;
}
