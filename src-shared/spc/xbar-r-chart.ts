// X̄-R charts: consecutive values in subgroups of n (2..10), each subgroup's
// mean and range plotted against limits from a baseline window.
import { fail, ok, type Result } from '../result.js';
import { MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE, subgroupConstants } from './control-constants.js';
import { ALL_RULES, beyondLimits, evaluateRules, type RuleId, type RuleViolation } from './control-rules.js';
import type { Baseline, BaselineUsed, ChartNote, ChartSeries, ControlLimits } from './control-chart.js';
import { mean, range } from './descriptive.js';
import { finiteOnly, limitsNotes } from './chart-input.js';

export interface XbarRLimits {
  xbar: ControlLimits;
  range: ControlLimits;
  /** σ̂ = R̄/d2, the within-subgroup sigma the limits assume. */
  sigmaWithin: number;
}

/** Limits from summary statistics: x̿ ± A2·R̄ for X̄, D3·R̄ .. D4·R̄ for R. */
export function xbarRLimits(grandMean: number, meanRange: number, subgroupSize: number): Result<XbarRLimits> {
  const c = subgroupConstants(subgroupSize);
  if (!c) return badSubgroupSize(subgroupSize);
  if (!Number.isFinite(grandMean)) return fail('bad-request', `the grand mean must be a finite number, got ${grandMean}`);
  if (!(meanRange >= 0) || !Number.isFinite(meanRange)) return fail('bad-request', `the mean range must be a finite number ≥ 0, got ${meanRange}`);
  return ok({
    xbar: { lower: grandMean - c.A2 * meanRange, center: grandMean, upper: grandMean + c.A2 * meanRange },
    range: { lower: c.D3 * meanRange, center: meanRange, upper: c.D4 * meanRange },
    sigmaWithin: meanRange / c.d2,
  });
}

export interface XbarRChart {
  kind: 'xbar-r';
  subgroupSize: number;
  baseline: BaselineUsed;
  /** Subgroup means; subgroup k holds values k·n .. k·n + n − 1 (after dropping non-finite ones). */
  xbar: ChartSeries;
  range: ChartSeries;
  sigmaWithin: number;
  notes: ChartNote[];
}

export interface XbarROptions {
  subgroupSize: number;
  baseline: Baseline;
  rules?: readonly RuleId[];
}

/** Groups `values` (in production order) into subgroups and charts them; the run rules are evaluated on the X̄ chart. */
export function xbarRChart(values: readonly number[], options: XbarROptions): Result<XbarRChart> {
  const n = options.subgroupSize;
  if (!subgroupConstants(n)) return badSubgroupSize(n);
  const { finite, notes } = finiteOnly(values);
  const groups = Math.floor(finite.length / n);
  if (groups === 0) {
    return fail('bad-request', `not enough data: ${finite.length} usable value(s), one subgroup needs ${n}`);
  }
  const leftover = finite.length - groups * n;
  if (leftover > 0) {
    notes.push({ code: 'partial-subgroup', message: `the last ${leftover} value(s) wait for a full subgroup of ${n} and are not charted` });
  }
  const means: number[] = [];
  const ranges: number[] = [];
  for (let g = 0; g < groups; g++) {
    const subgroup = finite.slice(g * n, g * n + n);
    means.push(mean(subgroup));
    ranges.push(range(subgroup));
  }

  const baseline = baselineOf(means, ranges, options.baseline);
  const limits = xbarRLimits(baseline.center, baseline.spread, n);
  if (!limits.ok) return limits;
  notes.push(...limitsNotes(options.baseline, groups, 'subgroups', baseline.spread));

  const rules = options.rules ?? ALL_RULES;
  const { xbar, range: rangeLimits, sigmaWithin } = limits.value;
  let xbarViolations: RuleViolation[] = [];
  if (baseline.spread > 0) {
    const evaluated = evaluateRules(means, xbar.center, (xbar.upper - xbar.center) / 3, rules);
    if (!evaluated.ok) return evaluated;
    xbarViolations = evaluated.value;
  }
  return ok({
    kind: 'xbar-r',
    subgroupSize: n,
    baseline,
    xbar: { points: means, limits: xbar, violations: xbarViolations },
    range: { points: ranges, limits: rangeLimits, violations: baseline.spread > 0 ? beyondLimits(ranges, rangeLimits.lower, rangeLimits.upper) : [] },
    sigmaWithin,
    notes,
  });
}

function badSubgroupSize(n: number): Result<never> {
  return fail('bad-request', `subgroup size must be a whole number from ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE} (the constants table), got ${n}`);
}

function baselineOf(means: readonly number[], ranges: readonly number[], baseline: Baseline): BaselineUsed {
  if (baseline.kind === 'explicit') return { kind: 'explicit', count: 0, center: baseline.center, spread: baseline.spread };
  const count = Math.min(baseline.count, means.length);
  return { kind: 'first', count, center: mean(means.slice(0, count)), spread: mean(ranges.slice(0, count)) };
}
