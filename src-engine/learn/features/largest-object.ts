// "The part" in a window or a photo of one part: its largest object by area.
// Neighbours that intrude are smaller or cut by the border (and then ignored).
import type { FrameResult, ObjectResult } from '../../../src-shared/inspection.js';

export function largestObject(result: FrameResult): ObjectResult | null {
  let best: ObjectResult | null = null;
  for (const o of result.objects) if (!best || o.metrics.area > best.metrics.area) best = o;
  return best;
}
