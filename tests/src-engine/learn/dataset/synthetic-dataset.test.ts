// Synthetic datasets: every engine object is labelled from the line's ground
// truth by centre, crops are 64×64 at one scale for the whole dataset (the
// largest part fits, every part keeps its size), and the build is reproducible.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRecipePath, loadRecipeFile } from '../../../../src-engine/recipes/index.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { SyntheticSourceSchema } from '../../../../src-shared/sources.js';
import type { FrameTruth } from '../../../../src-shared/inspection.js';
import { SyntheticLine } from '../../../../src-engine/sources/synthetic/synthetic-line.js';
import { buildSyntheticDataset, type BuiltDataset } from '../../../../src-engine/learn/dataset/synthetic-dataset.js';
import { CROP_PAD, fitScale } from '../../../../src-engine/learn/dataset/crop.js';
import type { Sample } from '../../../../src-engine/learn/dataset/sample.js';
import { centreBlob } from './crop-blob.js';

const SEED = 11;
const FRAMES = 6;
let recipe: Recipe;
let built: BuiltDataset;
const truths = new Map<number, FrameTruth>();

beforeAll(() => {
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  recipe = r.value;
  built = buildSyntheticDataset({ seed: SEED, frames: FRAMES, recipe, labelBy: 'defect' });
  const line = new SyntheticLine(SyntheticSourceSchema.parse({ kind: 'synthetic', seed: SEED }));
  for (let f = 0; f < FRAMES; f++) {
    const { image, truth } = line.render(f);
    image.release();
    truths.set(f, truth);
  }
});

const truthOf = (s: Sample) => {
  if (s.origin.kind !== 'synthetic') throw new Error('synthetic origin expected');
  const { frame, part } = s.origin;
  return truths.get(frame)!.parts[part];
};


describe('buildSyntheticDataset', () => {
  it('finds one sample per drawn part and labels it from the truth part at its centre', () => {
    const { dataset, unmatchedObjects, unmatchedParts } = built;
    const drawn = [...truths.values()].reduce((n, t) => n + t.parts.length, 0);
    const touchingPairs = [...truths.values()].reduce((n, t) => n + t.parts.filter((p) => p.defect === 'touching').length / 2, 0);
    expect(unmatchedObjects).toBe(0);
    expect(unmatchedParts).toBe(0);
    expect(dataset.samples.length).toBe(drawn - touchingPairs);
    for (const s of dataset.samples) {
      const truth = truthOf(s);
      expect(s.label).toBe(truth.defect === 'none' ? 'good' : truth.defect);
      expect(s.defect).toBe(truth.defect === 'none' ? null : truth.defect);
      expect(dataset.classes).toContain(s.label);
    }
    expect(dataset.classes[0]).toBe('good');
    expect(dataset.okLabel).toBe('good');
    expect(new Set(dataset.samples.map((s) => s.partKey)).size).toBe(dataset.samples.length);
  });

  it('crops 64×64 grey at one scale chosen so the largest single part fits without touching the edge', () => {
    const { dataset } = built;
    expect(dataset.size).toBe(64);
    for (const s of dataset.samples) expect(s.input.length).toBe(64 * 64);
    const single = dataset.samples.filter((s) => s.defect !== 'touching');
    const gaps = single.map((s) => {
      const b = centreBlob(s.input, 64);
      return Math.min(b.minX, b.minY, 63 - b.maxX, 63 - b.maxY);
    });
    // No single part touches the crop's edge...
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(1);
    // ...and the one reaching furthest comes within the pad (plus a pixel of resampling) of it: the scale is no looser than needed.
    expect(Math.min(...gaps)).toBeLessThanOrEqual(CROP_PAD + 1);
    // Touching pairs do not set the scale: a washer (radius 42 px at 1280×1024) fills most of the crop.
    expect(built.dataset.samples.some((s) => s.defect === 'touching')).toBe(true);
    expect(dataset.scale).toBeGreaterThan(fitScale(48, 64));
  });

  it("keeps each part its size: the part's bright crop pixels ≈ true area × scale² for every good part", () => {
    const { dataset } = built;
    const good = dataset.samples.filter((s) => s.defect === null);
    expect(good.length).toBeGreaterThan(20);
    for (const s of good) {
      const expected = truthOf(s).area * dataset.scale ** 2;
      expect(Math.abs(centreBlob(s.input, 64).area - expected) / expected).toBeLessThan(0.12);
    }
  });

  it('centres the crop on the part', () => {
    for (const s of built.dataset.samples.filter((x) => x.defect === null)) {
      const b = centreBlob(s.input, 64);
      expect(Math.hypot(b.cx - 31.5, b.cy - 31.5)).toBeLessThan(1);
    }
  });

  it('is reproducible: same seed → same hashes and split; ok-ng labelling gives classes ok and ng', () => {
    const again = buildSyntheticDataset({ seed: SEED, frames: FRAMES, recipe, labelBy: 'defect' });
    expect(again.dataset.samples.map((s) => [s.hash, s.split])).toEqual(built.dataset.samples.map((s) => [s.hash, s.split]));
    const okNg = buildSyntheticDataset({ seed: SEED, frames: 2, recipe });
    expect(okNg.dataset.classes).toEqual(['ok', 'ng']);
    for (const s of okNg.dataset.samples) expect(s.label).toBe(truthOf(s).ok ? 'ok' : 'ng');
  });

  it('uses a given scale instead of fitting, so a second dataset can match a trained model', () => {
    const fixed = buildSyntheticDataset({ seed: SEED, frames: 1, recipe, scale: 0.5 });
    expect(fixed.dataset.scale).toBe(0.5);
    const s = fixed.dataset.samples.find((x) => x.defect === null)!;
    expect(Math.abs(centreBlob(s.input, 64).area - truthOf(s).area * 0.25) / (truthOf(s).area * 0.25)).toBeLessThan(0.12);
  });
});
