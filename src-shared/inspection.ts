// What one inspected frame looks like once it leaves the pipeline: numbers and
// outlines only, never pixels, so it is cheap to send and to store.
import type { ObjectMetricName, FrameMetricName } from './metrics.js';
import type { FrameModelSummary, ObjectModelVerdict } from './model-contract.js';

export type Point = [x: number, y: number];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One failed check: which metric, its value and the band it missed. */
export interface VerdictReason {
  metric: string;
  value: number | null;
  min?: number;
  max?: number;
  message: string;
}

export interface Verdict {
  ok: boolean;
  reasons: VerdictReason[];
}

export interface ObjectResult {
  id: number;
  /** Part class the recipe identified, or null when no class matched (or none are defined). */
  part: string | null;
  bbox: Rect;
  centroid: Point;
  /** Outer outline, simplified for drawing (image pixel coordinates). */
  outline: Point[];
  holes: Point[][];
  /** Metrics in pixel units; see metrics.ts for names and units. */
  metrics: Record<ObjectMetricName, number>;
  verdict: Verdict;
  /** The loaded model's verdict, beside the rules'; absent without a model. */
  model?: ObjectModelVerdict | null;
}

export interface FrameResult {
  seq: number;
  timestampMs: number;
  width: number;
  height: number;
  recipe: { name: string; version: number };
  /** Threshold level actually used (Otsu picks its own). */
  thresholdUsed: number;
  metrics: Record<FrameMetricName, number>;
  objects: ObjectResult[];
  verdict: Verdict;
  model?: FrameModelSummary | null;
}

/** Ground truth the synthetic line knows about each part it drew. */
export type DefectKind = 'none' | 'chip' | 'dent' | 'crack' | 'missing-hole' | 'touching';
export type PartShape = 'disc' | 'washer' | 'hex' | 'rect';

export interface PartTruth {
  id: number;
  shape: PartShape;
  center: Point;
  /** True area and outer perimeter of the drawn shape (px², px), holes subtracted from the area. */
  area: number;
  perimeter: number;
  ok: boolean;
  defect: DefectKind;
}

export interface FrameTruth {
  ok: boolean;
  parts: PartTruth[];
}
