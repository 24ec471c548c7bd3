// Verdicts: measured numbers + the recipe's bands → OK/NG with reasons a person
// can read on the line ("circularity 0.81 < 0.90").
//
// Units rule: metrics are measured and stored in pixels. When the recipe has a
// calibration (calibration.mmPerPixel set), every tolerance band, identify band
// included, is written in calibrated units (mm for lengths, mm² for areas), so
// each metric is converted with toCalibrated() before it is compared, and the
// reason reports the converted value. Without a calibration the bands are in
// pixels. Dimensionless metrics, counts, gray levels and ms never convert.
import {
  FRAME_METRICS,
  OBJECT_METRICS,
  toCalibrated,
  unitFor,
  type FrameMetricName,
  type MetricInfo,
  type ObjectMetricName,
} from '../../src-shared/metrics.js';
import type { Band, Recipe } from '../../src-shared/recipe.js';
import type { Verdict, VerdictReason } from '../../src-shared/inspection.js';

type Bands = Partial<Record<string, Band>>;

/** Checks every band in `bands` against `values`; one reason per band missed. */
export function checkBands(
  values: Record<string, number>,
  bands: Bands,
  table: Record<string, MetricInfo>,
  mmPerPixel: number | null,
): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  for (const [metric, band] of Object.entries(bands)) {
    if (!band) continue;
    const info = table[metric];
    if (!info) continue; // the schema only lets known metric names through
    const raw = values[metric];
    const unit = displayUnit(unitFor(info, mmPerPixel !== null));
    if (raw === undefined || !Number.isFinite(raw)) {
      reasons.push({ metric, value: null, ...bandOf(band), message: `${metric} could not be measured` });
      continue;
    }
    const value = toCalibrated(info, raw, mmPerPixel);
    if (band.min !== undefined && value < band.min) {
      const [v, b] = formatPair(value, band.min);
      reasons.push({ metric, value, ...bandOf(band), message: `${metric} ${v}${unit} < ${b}${unit}` });
    } else if (band.max !== undefined && value > band.max) {
      const [v, b] = formatPair(value, band.max);
      reasons.push({ metric, value, ...bandOf(band), message: `${metric} ${v}${unit} > ${b}${unit}` });
    }
  }
  return reasons;
}

/**
 * Identifies the object's part class and judges it. With part classes, the
 * first class (in recipe order, so list the most specific first) whose
 * identify bands all match is the part; no match is NG. The matched class's
 * tolerances and the recipe-wide tolerances both apply.
 */
export function judgeObject(metrics: Record<ObjectMetricName, number>, recipe: Recipe): { part: string | null; verdict: Verdict } {
  const mm = recipe.calibration.mmPerPixel;
  const values = metrics as Record<string, number>;
  const common = checkBands(values, recipe.tolerances as Bands, OBJECT_METRICS, mm);
  if (recipe.parts.length === 0) return { part: null, verdict: { ok: common.length === 0, reasons: common } };

  let closest: { name: string; misses: VerdictReason[] } | null = null;
  for (const part of recipe.parts) {
    const misses = checkBands(values, part.identify as Bands, OBJECT_METRICS, mm);
    if (misses.length === 0) {
      const reasons = [...checkBands(values, part.tolerances as Bands, OBJECT_METRICS, mm), ...common];
      return { part: part.name, verdict: { ok: reasons.length === 0, reasons } };
    }
    if (!closest || misses.length < closest.misses.length) closest = { name: part.name, misses };
  }
  const hint = closest ? ` (closest: ${closest.name}, ${closest.misses.map((r) => r.message).join(', ')})` : '';
  const noMatch: VerdictReason = { metric: 'part', value: null, message: `no part class matches${hint}` };
  return { part: null, verdict: { ok: false, reasons: [noMatch, ...common] } };
}

/** NG when any object is NG (each of its reasons is listed, prefixed with the object) or a frame metric is out of band. */
export function judgeFrame(
  frameMetrics: Record<FrameMetricName, number>,
  objects: ReadonlyArray<{ id: number; part: string | null; verdict: Verdict }>,
  recipe: Recipe,
  extra: VerdictReason[] = [],
): Verdict {
  const reasons: VerdictReason[] = [...extra];
  for (const o of objects) {
    if (o.verdict.ok) continue;
    const who = o.part ? `object ${o.id} (${o.part})` : `object ${o.id}`;
    for (const r of o.verdict.reasons) reasons.push({ ...r, message: `${who}: ${r.message}` });
  }
  reasons.push(...checkBands(frameMetrics as Record<string, number>, recipe.frameTolerances as Bands, FRAME_METRICS, null));
  return { ok: reasons.length === 0, reasons };
}

function bandOf(b: Band): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  if (b.min !== undefined) out.min = b.min;
  if (b.max !== undefined) out.max = b.max;
  return out;
}

/** Units worth printing next to a number; counts, gray levels and ratios read fine bare. */
function displayUnit(unit: string): string {
  return unit === 'px' || unit === 'px²' || unit === 'mm' || unit === 'mm²' || unit === 'ms' ? ` ${unit}` : '';
}

/**
 * Formats a value and the bound it missed with the same number of decimals,
 * enough that they never print alike (0.8996 vs 0.9 prints "0.8996 < 0.9000",
 * not "0.90 < 0.90").
 */
export function formatPair(value: number, bound: number): [string, string] {
  const mag = Math.abs(bound);
  let d = (Number.isInteger(value) && Number.isInteger(bound)) || mag >= 100 ? 0 : mag >= 10 ? 1 : 2;
  while (d < 6 && value.toFixed(d) === bound.toFixed(d)) d++;
  return [value.toFixed(d), bound.toFixed(d)];
}
