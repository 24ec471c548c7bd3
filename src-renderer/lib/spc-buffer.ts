// The SPC view's data: a rolling window of each metric's values per part class,
// in production order, fed from the live results the page already receives.
// Plain arrays in a Map, never reactive: 30 frames a second of a dozen metrics
// for each part would be thousands of tracked writes a second for nothing.
import type { FrameResult } from '../../src-shared/inspection.js';
import { OBJECT_METRIC_NAMES, OBJECT_METRICS, toCalibrated, type ObjectMetricName } from '../../src-shared/metrics.js';

/** Values kept per part class × metric: 200 subgroups of 5, and enough for a long I-MR chart. */
export const SPC_WINDOW = 1000;

const keyOf = (part: string | null, metric: string) => `${part ?? ''}\u0000${metric}`;

export class SpcBuffer {
  private readonly series = new Map<string, number[]>();
  private readonly parts = new Set<string | null>();
  /** Frames taken in; the view redraws when this moved. */
  frames = 0;

  constructor(private readonly window = SPC_WINDOW) {}

  /** Every object's metrics, in the recipe's units (mm once calibrated), which is what its bands are in. */
  ingest(result: FrameResult, mmPerPixel: number | null): void {
    this.frames++;
    for (const object of result.objects) {
      this.parts.add(object.part);
      for (const metric of OBJECT_METRIC_NAMES) {
        const raw = (object.metrics as Record<string, number | undefined>)[metric];
        if (raw === undefined) continue;
        const key = keyOf(object.part, metric);
        let values = this.series.get(key);
        if (!values) this.series.set(key, (values = []));
        values.push(toCalibrated(OBJECT_METRICS[metric], raw, mmPerPixel));
        // Trim in chunks, so the copy happens once per hundred values, not per value.
        if (values.length > this.window + 100) values.splice(0, values.length - this.window);
      }
    }
  }

  /** A copy of the last `window` values, oldest first. */
  values(part: string | null, metric: ObjectMetricName): number[] {
    const values = this.series.get(keyOf(part, metric)) ?? [];
    return values.slice(Math.max(0, values.length - this.window));
  }

  /** Part classes seen so far (null: objects no class matched). */
  partsSeen(): (string | null)[] {
    return [...this.parts];
  }

  clear(): void {
    this.series.clear();
    this.parts.clear();
    this.frames = 0;
  }
}
