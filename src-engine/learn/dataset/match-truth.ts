// Which drawn part an engine object is: the truth part whose centre lies
// nearest the object's centroid, if it lies within the object's own
// equivalent radius. Two touching parts make one object whose centroid sits
// between them; the nearest of the two is taken (both carry the defect
// `touching`, so the label is right either way).
import type { ObjectResult, PartTruth } from '../../../src-shared/inspection.js';

export function matchTruth(object: Pick<ObjectResult, 'centroid' | 'metrics'>, parts: readonly PartTruth[]): PartTruth | null {
  const [x, y] = object.centroid;
  const limit = Math.max(1, object.metrics.equivalentDiameter / 2);
  let best: PartTruth | null = null;
  let bestDistance = Infinity;
  for (const part of parts) {
    const d = Math.hypot(part.center[0] - x, part.center[1] - y);
    if (d < bestDistance) [best, bestDistance] = [part, d];
  }
  return bestDistance <= limit ? best : null;
}
