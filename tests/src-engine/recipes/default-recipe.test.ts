// The shipped default recipe on a synthetic belt: bright parts on a dark belt.
import { describe, expect, it } from 'vitest';
import { loadRecipeFile } from '../../../src-engine/recipes/load-recipe-file.js';
import { defaultRecipePath } from '../../../src-engine/recipes/recipe-paths.js';
import { inspectImage } from '../../../src-engine/vision/inspect-image.js';
import { addNoise, renderCoverage, rng, toMat, type ShapeSpec } from '../vision/synthetic-shapes.js';

const disc = (cx: number, cy: number, r: number): ShapeSpec => ({ kind: 'ellipse', cx, cy, a: r, b: r, angleDeg: 0 });

describe('resources/recipes/default.json', () => {
  it('identifies washers, discs and plates and passes good ones', () => {
    const loaded = loadRecipeFile(defaultRecipePath());
    if (!loaded.ok) throw new Error(loaded.error.message);
    const W = 520;
    const H = 200;
    const belt = { background: 35, foreground: 200 };
    const img = renderCoverage(W, H, [disc(90.3, 100.6, 45), disc(230.2, 99.1, 35), { kind: 'square', cx: 380.5, cy: 100.2, side: 70, angleDeg: 20 }], belt);
    const hole = renderCoverage(W, H, [disc(90.3, 100.6, 18)], { background: 0, foreground: belt.foreground - belt.background });
    for (let i = 0; i < img.length; i++) img[i] -= hole[i];
    addNoise(img, 3, rng(17));
    const r = inspectImage(toMat(img, W, H), loaded.value, { seq: 0, timestampMs: 0 });
    const leftToRight = [...r.objects].sort((a, b) => a.centroid[0] - b.centroid[0]);
    expect(leftToRight.map((o) => o.part)).toEqual(['washer', 'disc', 'rect']);
    expect(r.verdict).toEqual({ ok: true, reasons: [] });
  });

  it('calls a chipped disc NG and says why', () => {
    const loaded = loadRecipeFile(defaultRecipePath());
    if (!loaded.ok) throw new Error(loaded.error.message);
    const W = 200;
    const img = renderCoverage(W, W, [disc(100, 100, 45)], { background: 35, foreground: 200 });
    const chip = renderCoverage(W, W, [disc(100, 52, 14)], { background: 0, foreground: 165 });
    for (let i = 0; i < img.length; i++) img[i] = Math.max(35, img[i] - chip[i]);
    const r = inspectImage(toMat(img, W, W), loaded.value, { seq: 0, timestampMs: 0 });
    expect(r.objects).toHaveLength(1);
    expect(r.verdict.ok).toBe(false);
    expect(r.verdict.reasons.map((x) => x.metric)).toContain('solidity');
    expect(r.verdict.reasons[0].message).toMatch(/^object 1 \(disc\): /);
  });
});
