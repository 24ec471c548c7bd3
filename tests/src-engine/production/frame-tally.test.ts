import { describe, expect, it } from 'vitest';
import { frameTally } from '../../../src-engine/production/frame-tally.js';
import { makeFrameResult } from '../store/make-frame-result.js';

describe('frameTally', () => {
  it('counts a part once per failed metric, even when its class band and the recipe-wide band both missed', () => {
    const result = makeFrameResult(0, false);
    const part = result.objects[0];
    part.verdict.reasons = [
      { metric: 'area', value: 100, min: 150, message: 'area 100 < 150' },
      { metric: 'area', value: 100, min: 120, message: 'area 100 < 120' },
      { metric: 'circularity', value: 0.7, min: 0.9, message: 'circularity 0.70 < 0.90' },
    ];
    result.objects.push({ ...part, id: 1, verdict: { ok: true, reasons: [] } });
    expect(frameTally(result, 42)).toEqual({
      atMs: 42,
      ok: false,
      parts: [
        { ok: false, reasons: ['area', 'circularity'] },
        { ok: true, reasons: [] },
      ],
    });
    expect(frameTally(result).atMs).toBe(result.timestampMs);
  });
});
