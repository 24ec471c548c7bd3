import { describe, expect, it } from 'vitest';
import { RecipeSchema, type Recipe, type RecipeInput } from '../../../src-shared/recipe.js';
import type { ObjectMetricName } from '../../../src-shared/metrics.js';
import { formatPair, judgeFrame, judgeObject } from '../../../src-engine/recipes/judge.js';

function recipe(over: Partial<RecipeInput> = {}): Recipe {
  return RecipeSchema.parse({ schema: 'loupe.recipe/1', name: 't', version: 1, pipeline: {}, ...over });
}

function metrics(over: Partial<Record<ObjectMetricName, number>> = {}): Record<ObjectMetricName, number> {
  return {
    area: 1000,
    areaPixels: 1000,
    perimeter: 112,
    circularity: 0.99,
    circularityCv: 0.89,
    convexity: 1,
    solidity: 0.99,
    aspectRatio: 1.02,
    equivalentDiameter: 35.7,
    meanIntensity: 200,
    holes: 0,
    ...over,
  };
}

const parts: RecipeInput['parts'] = [
  { name: 'washer', identify: { holes: { min: 1, max: 1 }, circularity: { min: 0.9 } }, tolerances: { area: { min: 500, max: 900 } } },
  { name: 'disc', identify: { holes: { max: 0 }, circularity: { min: 0.9 } }, tolerances: { circularity: { min: 0.97 } } },
];

describe('judgeObject', () => {
  it('passes an object inside every recipe-wide band and fails one outside with a readable reason', () => {
    const r = recipe({ tolerances: { circularity: { min: 0.9 } } });
    expect(judgeObject(metrics(), r).verdict).toEqual({ ok: true, reasons: [] });
    const bad = judgeObject(metrics({ circularity: 0.81 }), r);
    expect(bad.part).toBeNull();
    expect(bad.verdict.ok).toBe(false);
    expect(bad.verdict.reasons).toEqual([{ metric: 'circularity', value: 0.81, min: 0.9, message: 'circularity 0.81 < 0.90' }]);
  });

  it('identifies the first matching part class and applies its tolerances plus the recipe-wide ones', () => {
    const r = recipe({ parts, tolerances: { meanIntensity: { min: 100 } } });
    const washer = judgeObject(metrics({ holes: 1, area: 950 }), r);
    expect(washer.part).toBe('washer');
    expect(washer.verdict.reasons.map((x) => x.message)).toEqual(['area 950 px² > 900 px²']);
    const disc = judgeObject(metrics({ circularity: 0.95, meanIntensity: 80 }), r);
    expect(disc.part).toBe('disc');
    expect(disc.verdict.reasons.map((x) => x.metric)).toEqual(['circularity', 'meanIntensity']);
  });

  it('calls an object that matches no part class NG and names the closest class', () => {
    const v = judgeObject(metrics({ circularity: 0.5 }), recipe({ parts }));
    expect(v.part).toBeNull();
    expect(v.verdict.ok).toBe(false);
    expect(v.verdict.reasons[0].metric).toBe('part');
    expect(v.verdict.reasons[0].message).toMatch(/^no part class matches \(closest: disc, circularity 0.50 < 0.90\)$/);
  });

  it('compares bands in mm when the recipe is calibrated', () => {
    // 0.1 mm/px: 1000 px² = 10 mm², 112 px = 11.2 mm
    const r = recipe({ calibration: { mmPerPixel: 0.1 }, tolerances: { area: { min: 12 }, perimeter: { max: 20 }, circularity: { min: 0.9 } } });
    const v = judgeObject(metrics(), r);
    expect(v.verdict.reasons).toHaveLength(1);
    expect(v.verdict.reasons[0]).toMatchObject({ metric: 'area', min: 12, message: 'area 10 mm² < 12 mm²' });
    expect(v.verdict.reasons[0].value).toBeCloseTo(10, 9);
    // Read in pixels, the same band passes: 1000 px² ≥ 12.
    expect(judgeObject(metrics(), recipe({ tolerances: { area: { min: 12 } } })).verdict.ok).toBe(true);
  });

  it('treats an unmeasurable value as out of band', () => {
    const v = judgeObject(metrics({ aspectRatio: Number.NaN }), recipe({ tolerances: { aspectRatio: { max: 2 } } }));
    expect(v.verdict.ok).toBe(false);
    expect(v.verdict.reasons[0]).toMatchObject({ metric: 'aspectRatio', value: null });
  });
});

describe('judgeFrame', () => {
  const frame = { meanIntensity: 40, pixelsAboveThreshold: 5000, objectCount: 3, processingMs: 2 };

  it('is NG when any object is NG and lists which object and metric', () => {
    const objects = [
      { id: 1, part: 'disc', verdict: { ok: true, reasons: [] } },
      { id: 2, part: 'disc', verdict: { ok: false, reasons: [{ metric: 'circularity', value: 0.8, min: 0.97, message: 'circularity 0.80 < 0.97' }] } },
    ];
    const v = judgeFrame(frame, objects, recipe());
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual([{ metric: 'circularity', value: 0.8, min: 0.97, message: 'object 2 (disc): circularity 0.80 < 0.97' }]);
  });

  it('checks frame tolerances', () => {
    const ok = judgeFrame(frame, [], recipe({ frameTolerances: { objectCount: { min: 3, max: 3 } } }));
    expect(ok.ok).toBe(true);
    const v = judgeFrame(frame, [], recipe({ frameTolerances: { objectCount: { min: 4 } } }));
    expect(v.ok).toBe(false);
    expect(v.reasons[0].message).toBe('objectCount 3 < 4');
  });
});

describe('formatPair', () => {
  it('never prints a value equal to the bound it missed', () => {
    expect(formatPair(0.8996, 0.9)).toEqual(['0.8996', '0.9000']);
    expect(formatPair(1234.4, 1200)).toEqual(['1234', '1200']);
  });
});
