// What every control chart here has in common: a plotted statistic with its
// limits and the rules it trips, limits that come from a baseline window and
// are then applied to everything after it, and notes on what was left out.
import { z } from 'zod';
import type { RuleViolation } from './control-rules.js';

export interface ControlLimits {
  lower: number;
  center: number;
  upper: number;
}

export interface ChartSeries {
  points: number[];
  limits: ControlLimits;
  violations: RuleViolation[];
}

/**
 * Where the limits come from. `first`: the first `count` subgroups (X̄-R) or
 * points (I-MR), taken as the in-control reference and then applied to the
 * later data. `explicit`: a centre (x̿ or x̄) and mean range (R̄ or MR̄) from an
 * earlier study, so limits stay put while the line runs.
 */
export const BaselineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('first'), count: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('explicit'), center: z.number().finite(), spread: z.number().finite().positive() }).strict(),
]);
export type Baseline = z.infer<typeof BaselineSchema>;

/** How the limits were actually set, for the chart's caption. */
export interface BaselineUsed {
  kind: Baseline['kind'];
  /** Subgroups or points the limits came from (0 for an explicit baseline). */
  count: number;
  center: number;
  /** R̄ or MR̄. */
  spread: number;
}

export type ChartNoteCode = 'provisional-limits' | 'partial-subgroup' | 'not-finite' | 'zero-spread';

/** Something the chart did that the reader should know about; the chart is still usable. */
export interface ChartNote {
  code: ChartNoteCode;
  message: string;
}

/**
 * Freezes the limits a chart was drawn with, so later charts of the same
 * series keep them: once the first K subgroups have set the limits, the line
 * is judged against those, not against a window that slides with it.
 */
export function frozenBaseline(chart: { baseline: BaselineUsed }): Baseline {
  return { kind: 'explicit', center: chart.baseline.center, spread: chart.baseline.spread };
}
