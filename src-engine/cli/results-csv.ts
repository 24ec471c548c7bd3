// The CLI's CSV: one row per inspected object, every object metric with its unit
// in the header (mm / mm² when a calibration is set), so a spreadsheet needs no
// side documentation.
import { OBJECT_METRICS, OBJECT_METRIC_NAMES, toCalibrated, unitFor } from '../../src-shared/metrics.js';
import type { InspectedFrame } from './inspection-run.js';

/** RFC 4180 quoting: only when a field needs it. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(mmPerPixel: number | null): string[] {
  const metricColumns = OBJECT_METRIC_NAMES.map((name) => {
    const unit = unitFor(OBJECT_METRICS[name], mmPerPixel !== null);
    return unit ? `${name} [${unit}]` : name;
  });
  return ['file', 'frame', 'seq', 'object', 'part', ...metricColumns, 'verdict', 'reasons'];
}

export function resultsCsv(frames: InspectedFrame[], mmPerPixel: number | null): string {
  const lines = [csvHeader(mmPerPixel).map(csvField).join(',')];
  for (const { file, frameInFile, result } of frames) {
    for (const object of result.objects) {
      const metrics = OBJECT_METRIC_NAMES.map((name) => {
        const value = object.metrics[name];
        return typeof value === 'number' ? toCalibrated(OBJECT_METRICS[name], value, mmPerPixel) : Number.NaN;
      });
      const row = [
        file,
        frameInFile,
        result.seq,
        object.id,
        object.part ?? '',
        ...metrics,
        object.verdict.ok ? 'OK' : 'NG',
        object.verdict.reasons.map((r) => r.message).join('; '),
      ];
      lines.push(row.map(csvField).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export const FRAMES_CSV_HEADER = ['file', 'frame', 'seq', 'objects', 'objects_ok', 'objects_ng', 'verdict', 'reasons', 'meanIntensity', 'pixelsAboveThreshold', 'processingMs [ms]'];

/**
 * One row per inspected frame, objects or not: results.csv has rows only for objects, so a frame
 * where nothing was found would otherwise leave no trace that it was inspected.
 */
export function framesCsv(frames: InspectedFrame[]): string {
  const lines = [FRAMES_CSV_HEADER.map(csvField).join(',')];
  for (const { file, frameInFile, result } of frames) {
    const ng = result.objects.filter((o) => !o.verdict.ok).length;
    const row = [
      file,
      frameInFile,
      result.seq,
      result.objects.length,
      result.objects.length - ng,
      ng,
      result.verdict.ok ? 'OK' : 'NG',
      result.verdict.reasons.map((r) => r.message).join('; '),
      result.metrics.meanIntensity,
      result.metrics.pixelsAboveThreshold,
      result.metrics.processingMs,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
