// Individuals and moving-range (I-MR) charts, for when parts come one at a
// time and subgrouping them would hide a shift: each value is plotted, and the
// moving range of 2 (|xᵢ − xᵢ₋₁|) estimates the short-term spread.
import { fail, ok, type Result } from '../result.js';
import { MOVING_RANGE } from './control-constants.js';
import { ALL_RULES, beyondLimits, evaluateRules, type RuleId, type RuleViolation } from './control-rules.js';
import type { Baseline, BaselineUsed, ChartNote, ChartSeries, ControlLimits } from './control-chart.js';
import { mean } from './descriptive.js';
import { finiteOnly, limitsNotes } from './chart-input.js';

export interface IMrLimits {
  individuals: ControlLimits;
  movingRange: ControlLimits;
  /** σ̂ = MR̄/1.128. */
  sigmaWithin: number;
}

/** Limits from summary statistics: x̄ ± 2.66·MR̄ for the individuals, 0 .. 3.267·MR̄ for the moving range. */
export function iMrLimits(center: number, meanMovingRange: number): Result<IMrLimits> {
  if (!Number.isFinite(center)) return fail('bad-request', `the centre line must be a finite number, got ${center}`);
  if (!(meanMovingRange >= 0) || !Number.isFinite(meanMovingRange)) {
    return fail('bad-request', `the mean moving range must be a finite number ≥ 0, got ${meanMovingRange}`);
  }
  const { E2, D4, d2 } = MOVING_RANGE;
  return ok({
    individuals: { lower: center - E2 * meanMovingRange, center, upper: center + E2 * meanMovingRange },
    movingRange: { lower: 0, center: meanMovingRange, upper: D4 * meanMovingRange },
    sigmaWithin: meanMovingRange / d2,
  });
}

export interface IMrChart {
  kind: 'i-mr';
  baseline: BaselineUsed;
  individuals: ChartSeries;
  /** movingRange.points[k] = |x[k+1] − x[k]|: one fewer point than the individuals. */
  movingRange: ChartSeries;
  sigmaWithin: number;
  notes: ChartNote[];
}

export interface IMrOptions {
  baseline: Baseline;
  rules?: readonly RuleId[];
}

/** Charts `values` in production order; the run rules are evaluated on the individuals chart. */
export function iMrChart(values: readonly number[], options: IMrOptions): Result<IMrChart> {
  if (options.baseline.kind === 'first' && options.baseline.count < 2) {
    return fail('bad-request', `an I-MR baseline needs at least the first 2 points (one moving range), got ${options.baseline.count}`);
  }
  const { finite, notes } = finiteOnly(values);
  if (finite.length < 2) {
    return fail('bad-request', `not enough data: ${finite.length} usable value(s), a moving range needs 2`);
  }
  const ranges = finite.slice(1).map((v, k) => Math.abs(v - finite[k]));

  const baseline = baselineOf(finite, ranges, options.baseline);
  const limits = iMrLimits(baseline.center, baseline.spread);
  if (!limits.ok) return limits;
  notes.push(...limitsNotes(options.baseline, finite.length, 'points', baseline.spread));

  const { individuals, movingRange, sigmaWithin } = limits.value;
  let violations: RuleViolation[] = [];
  if (baseline.spread > 0) {
    const evaluated = evaluateRules(finite, individuals.center, (individuals.upper - individuals.center) / 3, options.rules ?? ALL_RULES);
    if (!evaluated.ok) return evaluated;
    violations = evaluated.value;
  }
  return ok({
    kind: 'i-mr',
    baseline,
    individuals: { points: finite, limits: individuals, violations },
    movingRange: {
      points: ranges,
      limits: movingRange,
      violations: baseline.spread > 0 ? beyondLimits(ranges, movingRange.lower, movingRange.upper) : [],
    },
    sigmaWithin,
    notes,
  });
}

/** A baseline of the first K points uses the K − 1 moving ranges within them. */
function baselineOf(values: readonly number[], ranges: readonly number[], baseline: Baseline): BaselineUsed {
  if (baseline.kind === 'explicit') return { kind: 'explicit', count: 0, center: baseline.center, spread: baseline.spread };
  const count = Math.min(baseline.count, values.length);
  return { kind: 'first', count, center: mean(values.slice(0, count)), spread: mean(ranges.slice(0, count - 1)) };
}
