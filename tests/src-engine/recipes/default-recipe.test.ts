// The shipped default recipe against the synthetic line it is made for: every
// good part is identified as what it is and passes; a chipped disc fails and
// the reason names the metric. (The 1,000-frame agreement is in
// tests/src-engine/synthetic-agreement.test.ts.)
import { describe, expect, it } from 'vitest';
import { loadRecipeFile } from '../../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { inspectImage } from '../../../src-engine/vision/inspect-image.js';
import { SyntheticLine } from '../../../src-engine/sources/synthetic/synthetic-line.js';
import { SyntheticSourceSchema } from '../../../src-shared/sources.js';
import { addNoise, renderCoverage, rng, toMat, type ShapeSpec } from '../vision/synthetic-shapes.js';

function defaultRecipe() {
  const loaded = loadRecipeFile(defaultRecipePath());
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

describe('resources/recipes/default.json', () => {
  it('identifies every good part of the synthetic line as its shape and passes it', () => {
    const recipe = defaultRecipe();
    const line = new SyntheticLine(SyntheticSourceSchema.parse({ kind: 'synthetic', seed: 7, defectRate: 0, partsPerFrame: 16 }));
    const seen = new Set<string>();
    for (let index = 0; index < 5; index++) {
      const { image, truth } = line.render(index);
      const r = inspectImage(image, recipe, { seq: index, timestampMs: 0 });
      image.release();
      expect(r.objects.length, `frame ${index}`).toBe(truth.parts.length);
      for (const part of truth.parts) {
        // The object whose centroid is nearest the part's centre is that part.
        const o = r.objects.reduce((best, x) =>
          Math.hypot(x.centroid[0] - part.center[0], x.centroid[1] - part.center[1]) < Math.hypot(best.centroid[0] - part.center[0], best.centroid[1] - part.center[1]) ? x : best,
        );
        const expected = { disc: 'disc', washer: 'washer', hex: 'hex', rect: 'rect' }[part.shape];
        expect(o.part, `frame ${index} part ${part.id}`).toBe(expected);
        expect(o.verdict, `frame ${index} part ${part.id}`).toEqual({ ok: true, reasons: [] });
        seen.add(part.shape);
      }
      expect(r.verdict.ok).toBe(true);
    }
    expect([...seen].sort()).toEqual(['disc', 'hex', 'rect', 'washer']);
  });

  it('calls a chipped disc NG and says why', () => {
    const recipe = defaultRecipe();
    const W = 160;
    const disc: ShapeSpec = { kind: 'ellipse', cx: 80.3, cy: 80.6, a: 32, b: 32, angleDeg: 0 };
    const img = renderCoverage(W, W, [disc], { background: 40, foreground: 200 });
    const chip = renderCoverage(W, W, [{ kind: 'ellipse', cx: 80.3, cy: 48.6, a: 10, b: 10, angleDeg: 0 }], { background: 0, foreground: 160 });
    for (let i = 0; i < img.length; i++) img[i] = Math.max(40, img[i] - chip[i]);
    addNoise(img, 3, rng(17));
    const r = inspectImage(toMat(img, W, W), recipe, { seq: 0, timestampMs: 0 });
    expect(r.objects).toHaveLength(1);
    expect(r.verdict.ok).toBe(false);
    expect(r.verdict.reasons.map((x) => x.metric)).toEqual(expect.arrayContaining(['solidity']));
    expect(r.verdict.reasons[0].message).toMatch(/^object 1 \(disc\): /);
  });
});
