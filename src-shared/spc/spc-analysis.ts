// SPC for one part class and one metric: the control chart, its rule
// violations, and capability against the recipe's band. Requests are zod
// schemas because they cross the contract (the renderer asks, the engine or
// the renderer itself answers); the values travel beside them as a plain array.
import { z } from 'zod';
import { fail, ok, type Result } from '../result.js';
import { describeIssues, type Recipe } from '../recipe.js';
import { OBJECT_METRICS, OBJECT_METRIC_NAMES, unitFor, type ObjectMetricName, type Unit } from '../metrics.js';
import { MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE, MOVING_RANGE, subgroupConstants } from './control-constants.js';
import { ALL_RULES, type RuleId } from './control-rules.js';
import { BaselineSchema, type Baseline } from './control-chart.js';
import { xbarRChart, type XbarRChart } from './xbar-r-chart.js';
import { iMrChart, type IMrChart } from './i-mr-chart.js';
import { capability, type Capability } from './capability.js';
import { mean, sampleSd } from './descriptive.js';
import { toleranceBand } from './tolerance-band.js';

export const ChartChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('xbar-r'), subgroupSize: z.number().int().min(MIN_SUBGROUP_SIZE).max(MAX_SUBGROUP_SIZE) }).strict(),
  z.object({ kind: z.literal('i-mr') }).strict(),
]);
export type ChartChoice = z.infer<typeof ChartChoiceSchema>;

export const SpcRequestSchema = z
  .object({
    /** Part class name, or null for objects judged without one. */
    part: z.string().min(1).nullable(),
    metric: z.enum(OBJECT_METRIC_NAMES as [ObjectMetricName, ...ObjectMetricName[]]),
    chart: ChartChoiceSchema,
    baseline: BaselineSchema.optional(),
    rules: z.array(z.enum(ALL_RULES as [RuleId, ...RuleId[]])).optional(),
  })
  .strict();
export type SpcRequest = z.input<typeof SpcRequestSchema>;

/**
 * Default baselines, when a request names none: 25 subgroups, Montgomery's
 * advice for trial limits, and about 100 individual readings, the AIAG SPC
 * manual's (25 subgroups of 4). With less data the limits are marked provisional.
 */
export const DEFAULT_BASELINE_SUBGROUPS = 25;
export const DEFAULT_BASELINE_POINTS = 100;

export interface SpcAnalysis {
  part: string | null;
  metric: ObjectMetricName;
  /** Unit of the values, the limits and the band (mm once the recipe is calibrated). */
  unit: Unit;
  chart: XbarRChart | IMrChart;
  /** Over every charted value: mean, within sigma (R̄/d2 or MR̄/1.128) and overall sample sd. */
  capability: Capability;
}

/** `values` in production order and in the recipe's units (see metricSeries). */
export function analyseMetric(recipe: Recipe, request: SpcRequest, values: readonly number[]): Result<SpcAnalysis> {
  const parsed = SpcRequestSchema.safeParse(request);
  if (!parsed.success) return fail('bad-request', `bad SPC request: ${describeIssues(parsed.error)}`);
  const { part, metric, chart: choice, rules } = parsed.data;
  const subject = `${part ?? '(no class)'}/${metric}`;

  const band = toleranceBand(recipe, part, metric);
  if (!band.ok) return band;

  let chart: XbarRChart | IMrChart;
  let sigmaWithin: number;
  let charted: number[];
  if (choice.kind === 'xbar-r') {
    const baseline: Baseline = parsed.data.baseline ?? { kind: 'first', count: DEFAULT_BASELINE_SUBGROUPS };
    const made = xbarRChart(values, { subgroupSize: choice.subgroupSize, baseline, rules });
    if (!made.ok) return fail(made.error.code, `${subject}: ${made.error.message}`, subject);
    chart = made.value;
    const n = choice.subgroupSize;
    charted = values.filter((v) => Number.isFinite(v)).slice(0, chart.xbar.points.length * n);
    sigmaWithin = mean(chart.range.points) / subgroupConstants(n)!.d2;
  } else {
    const baseline: Baseline = parsed.data.baseline ?? { kind: 'first', count: DEFAULT_BASELINE_POINTS };
    const made = iMrChart(values, { baseline, rules });
    if (!made.ok) return fail(made.error.code, `${subject}: ${made.error.message}`, subject);
    chart = made.value;
    charted = chart.individuals.points;
    sigmaWithin = mean(chart.movingRange.points) / MOVING_RANGE.d2;
  }
  return ok({
    part,
    metric,
    unit: unitFor(OBJECT_METRICS[metric], recipe.calibration.mmPerPixel !== null),
    chart,
    capability: capability({ band: band.value, mean: mean(charted), sigmaWithin, sigmaOverall: sampleSd(charted) }),
  });
}

export interface SpcOutcome {
  part: string | null;
  metric: string;
  result: Result<SpcAnalysis>;
}

/** Analyses each series on its own, so one that fails (too few parts, a typo in a class name) costs only its own chart. */
export function analyseMetrics(recipe: Recipe, series: ReadonlyArray<{ request: SpcRequest; values: readonly number[] }>): SpcOutcome[] {
  return series.map(({ request, values }) => ({
    part: request.part,
    metric: request.metric,
    result: analyseMetric(recipe, request, values),
  }));
}
