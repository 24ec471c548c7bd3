// The CSV export's two tables: objects.csv (one row per object, every object
// metric in pixel units) and frames.csv (one row per frame, so a frame where
// nothing was found still has its row and a reader can tell it was inspected).
import type { HistoryFrame } from '../../src-shared/history-methods.js';
import { FRAME_METRIC_NAMES, OBJECT_METRIC_NAMES } from '../../src-shared/metrics.js';
import { csvField } from '../cli/results-csv.js';
import { categoryOf } from './coco-annotations.js';

export const OBJECTS_CSV_HEADER = [
  'frame_id', 'run_id', 'seq', 'captured_at', 'object', 'part', 'category', 'object_label', 'frame_label', 'outline_edited', 'outline_points',
  ...OBJECT_METRIC_NAMES, 'verdict', 'reasons',
];

export const FRAMES_CSV_HEADER = [
  'frame_id', 'run_id', 'seq', 'captured_at', 'width', 'height', 'recipe', 'recipe_version', 'source', 'verdict', 'object_count', 'objects_ng', 'label',
  ...FRAME_METRIC_NAMES.filter((m) => m !== 'objectCount'), 'picture',
];

const line = (fields: (string | number | null)[]): string => fields.map((f) => csvField(f ?? '')).join(',');
const verdictText = (ok: boolean): string => (ok ? 'OK' : 'NG');

export function objectLines(frame: HistoryFrame): string[] {
  const r = frame.row;
  const at = new Date(r.capturedAtMs).toISOString();
  return frame.objects.map((o) =>
    line([
      r.frameId, r.runId, r.seq, at, o.objectId, o.part, categoryOf(o, r.label), o.label, r.label, o.outlineEdited ? 1 : 0, o.outline.length,
      ...OBJECT_METRIC_NAMES.map((m) => o.metrics[m] ?? Number.NaN),
      verdictText(o.ok), o.reasons.map((x) => x.message).join('; '),
    ]),
  );
}

export function frameLine(frame: HistoryFrame): string {
  const r = frame.row;
  return line([
    r.frameId, r.runId, r.seq, new Date(r.capturedAtMs).toISOString(), r.width, r.height, r.recipe.name, r.recipe.version, r.source,
    verdictText(r.verdict === 'ok'), r.objectCount, frame.objects.filter((o) => !o.ok).length, r.label,
    ...FRAME_METRIC_NAMES.filter((m) => m !== 'objectCount').map((m) => r.metrics[m] ?? Number.NaN),
    r.image?.full ?? null,
  ]);
}

export const csvText = (header: string[], lines: string[]): string => [line(header), ...lines].join('\n') + '\n';
