// A small but complete FrameResult for store tests.
import type { FrameResult } from '../../../src-shared/inspection.js';

export function makeFrameResult(seq: number, ok = true): FrameResult {
  const metrics = { area: 100, areaPixels: 101, perimeter: 35.4, circularity: 1, circularityCv: 0.89, convexity: 1, solidity: 1, aspectRatio: 1, equivalentDiameter: 11.3, meanIntensity: 200, holes: 0 };
  return {
    seq,
    timestampMs: 1_700_000_000_000 + seq * 33,
    width: 640,
    height: 480,
    recipe: { name: 'test', version: 3 },
    thresholdUsed: 128,
    metrics: { meanIntensity: 50, pixelsAboveThreshold: 101, objectCount: 1, processingMs: 1.5 },
    objects: [
      {
        id: 0,
        part: 'disc',
        bbox: { x: 10, y: 10, width: 12, height: 12 },
        centroid: [16, 16],
        outline: [[10, 16], [16, 10], [22, 16], [16, 22]],
        holes: [],
        metrics,
        verdict: ok ? { ok: true, reasons: [] } : { ok: false, reasons: [{ metric: 'area', value: 100, min: 150, message: 'area 100 < 150' }] },
      },
    ],
    verdict: { ok, reasons: [] },
  };
}
