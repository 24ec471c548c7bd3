// The totals a person reads first: how many frames, how many OK, the yield, and
// which inputs could not be read and why.
import type { InspectionRun, SkippedItem } from './inspection-run.js';

export interface RunSummary {
  frames: number;
  framesOk: number;
  framesNg: number;
  objects: number;
  objectsOk: number;
  objectsNg: number;
  /** framesOk / frames, or null when nothing was inspected. */
  yield: number | null;
  skipped: SkippedItem[];
}

export function summarize(run: InspectionRun): RunSummary {
  let framesOk = 0;
  let objectsOk = 0;
  let objects = 0;
  for (const { result } of run.frames) {
    if (result.verdict.ok) framesOk++;
    objects += result.objects.length;
    objectsOk += result.objects.filter((o) => o.verdict.ok).length;
  }
  const frames = run.frames.length;
  return {
    frames,
    framesOk,
    framesNg: frames - framesOk,
    objects,
    objectsOk,
    objectsNg: objects - objectsOk,
    yield: frames > 0 ? framesOk / frames : null,
    skipped: run.skipped,
  };
}
