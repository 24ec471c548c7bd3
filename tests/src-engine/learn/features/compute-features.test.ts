// Features are the engine's own measurements of the sample's native window:
// the largest object's metrics, the window's frame metrics and the recipe's
// verdict, in FEATURE_NAMES order.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRecipePath, loadRecipeFile } from '../../../../src-engine/recipes/index.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { OBJECT_METRIC_NAMES } from '../../../../src-shared/metrics.js';
import { buildSyntheticDataset } from '../../../../src-engine/learn/dataset/synthetic-dataset.js';
import type { Dataset } from '../../../../src-engine/learn/dataset/sample.js';
import { computeFeatures, inspectWindow } from '../../../../src-engine/learn/features/compute-features.js';
import { FEATURE_COUNT, FEATURE_NAMES, featureIndex, VERDICT_CHECKS } from '../../../../src-engine/learn/features/feature-names.js';
import { largestObject } from '../../../../src-engine/learn/features/largest-object.js';

let recipe: Recipe;
let dataset: Dataset;
beforeAll(() => {
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  recipe = r.value;
  dataset = buildSyntheticDataset({ seed: 21, frames: 5, recipe, labelBy: 'ok-ng' }).dataset;
});

const col = (name: string) => featureIndex(name);

describe('computeFeatures', () => {
  it('has one fixed, unique order, with every object metric, the frame metrics and a fail flag per check', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_COUNT);
    for (const m of OBJECT_METRIC_NAMES) expect(FEATURE_NAMES).toContain(`object.${m}`);
    for (const m of ['frame.pixelsAboveThreshold', 'frame.meanIntensity', 'frame.objectCount', 'recipe.ok']) expect(FEATURE_NAMES).toContain(m);
    for (const c of VERDICT_CHECKS) expect(FEATURE_NAMES).toContain(`recipe.fails.${c}`);
    expect(featureIndex('solidity')).toBe(featureIndex('object.solidity'));
    expect(() => featureIndex('sharpness')).toThrow(/unknown feature sharpness/);
  });

  it('reads the largest object, the window metrics and the verdict of inspectImage on the window', () => {
    for (const s of dataset.samples) {
      const f = computeFeatures(s.window, recipe);
      const result = inspectWindow(s.window, recipe);
      const part = largestObject(result)!;
      expect(part).not.toBeNull();
      for (const m of OBJECT_METRIC_NAMES) expect(f[col(`object.${m}`)]).toBeCloseTo(part.metrics[m], 3);
      expect(f[col('frame.pixelsAboveThreshold')]).toBe(result.metrics.pixelsAboveThreshold);
      expect(f[col('frame.objectCount')]).toBe(result.objects.length);
      expect(f[col('recipe.ok')]).toBe(part.verdict.ok ? 1 : 0);
      const failed = new Set(part.verdict.reasons.map((r) => r.metric));
      for (const c of VERDICT_CHECKS) expect(f[col(`recipe.fails.${c}`)]).toBe(failed.has(c) ? 1 : 0);
    }
  });

  it('judges the part in its window as the truth says on ≥ 95 % of parts, naming the failed checks', () => {
    let agree = 0;
    for (const s of dataset.samples) {
      const f = computeFeatures(s.window, recipe);
      if ((f[col('recipe.ok')] === 1) === (s.label === 'ok')) agree++;
    }
    // The recipe agrees with the truth on ≥ 99 % of frames of the default line; per part it should be at least as good.
    expect(agree / dataset.samples.length).toBeGreaterThanOrEqual(0.95);
    // A failing part names its failed checks.
    const ng = dataset.samples.map((s) => computeFeatures(s.window, recipe)).filter((f) => f[col('recipe.ok')] === 0);
    expect(ng.length).toBeGreaterThan(0);
    for (const f of ng) expect(VERDICT_CHECKS.some((c) => f[col(`recipe.fails.${c}`)] === 1)).toBe(true);
  });

  it('a window with no part gives object.found 0, zero object metrics and recipe.ok 0', () => {
    const f = computeFeatures({ width: 40, height: 30, pixels: new Uint8Array(1200).fill(40) }, recipe);
    expect(f[col('object.found')]).toBe(0);
    expect(f[col('object.area')]).toBe(0);
    expect(f[col('recipe.ok')]).toBe(0);
    expect(f[col('frame.objectCount')]).toBe(0);
  });
});
