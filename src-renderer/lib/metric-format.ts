// Formats metric values with the units from the shared metric table, so the
// table, the hover labels and the charts never disagree on a unit.
import { OBJECT_METRICS, FRAME_METRICS, type MetricInfo, unitFor, toCalibrated } from '../../src-shared/metrics.js';
import type { VerdictReason } from '../../src-shared/inspection.js';

export function metricInfo(name: string): MetricInfo | null {
  if (Object.hasOwn(OBJECT_METRICS, name)) return OBJECT_METRICS[name as keyof typeof OBJECT_METRICS];
  if (Object.hasOwn(FRAME_METRICS, name)) return FRAME_METRICS[name as keyof typeof FRAME_METRICS];
  return null;
}

/** Digits that suit the magnitude: areas need none, ratios need three. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

export interface FormattedValue {
  text: string;
  unit: string;
}

/** A pixel-unit metric value in the units the operator reads (mm / mm² once calibrated). */
export function formatMetric(name: string, value: number | null | undefined, mmPerPixel: number | null): FormattedValue {
  const info = metricInfo(name);
  if (value === null || value === undefined) return { text: '—', unit: info ? unitFor(info, mmPerPixel !== null) : '' };
  if (!info) return { text: formatNumber(value), unit: '' };
  return { text: formatNumber(toCalibrated(info, value, mmPerPixel)), unit: unitFor(info, mmPerPixel !== null) };
}

export function metricLabel(name: string): string {
  return metricInfo(name)?.label ?? name;
}

/** "Circularity 0.712 (band 0.850 – 1.000)": what failed, by how much, against which band. */
export function describeReason(reason: VerdictReason, mmPerPixel: number | null): string {
  const info = metricInfo(reason.metric);
  if (!info) return reason.message;
  const fmt = (v: number | null | undefined) => {
    const f = formatMetric(reason.metric, v, mmPerPixel);
    return f.unit ? `${f.text} ${f.unit}` : f.text;
  };
  const band =
    reason.min !== undefined && reason.max !== undefined
      ? `${fmt(reason.min)} – ${fmt(reason.max)}`
      : reason.min !== undefined
        ? `≥ ${fmt(reason.min)}`
        : reason.max !== undefined
          ? `≤ ${fmt(reason.max)}`
          : null;
  return band ? `${info.label} ${fmt(reason.value)} (band ${band})` : `${info.label} ${fmt(reason.value)}: ${reason.message}`;
}
