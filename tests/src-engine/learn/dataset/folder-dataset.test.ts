// Datasets from a labelled folder: classes from folder names, the part found by
// the recipe and cropped at one scale, and every file that cannot become a
// sample (unreadable, no part in it) reported by name while the rest load.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opencv } from '../../../../src-engine/opencv.js';
import { defaultRecipePath, loadRecipeFile } from '../../../../src-engine/recipes/index.js';
import type { Recipe } from '../../../../src-shared/recipe.js';
import { loadLabelledFolderDataset } from '../../../../src-engine/learn/dataset/folder-dataset.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { centreBlob } from './crop-blob.js';

const tempDir = useTempDirs('folder-dataset');
let recipe: Recipe;
beforeAll(() => {
  const r = loadRecipeFile(defaultRecipePath());
  if (!r.ok) throw new Error(r.error.message);
  recipe = r.value;
});

/** A photo of one bright disc of radius r on a dark belt, chipped when `chip`. */
function photo(r: number, chip: boolean, shift: number): Buffer {
  const cv = opencv();
  const mat = new cv.Mat(160, 200, cv.CV_8UC1, 40);
  const c = new cv.Point2(90 + shift, 80);
  mat.drawCircle(c, r, new cv.Vec3(200, 200, 200), -1, cv.LINE_AA);
  if (chip) mat.drawCircle(new cv.Point2(90 + shift + r, 80), 10, new cv.Vec3(40, 40, 40), -1, cv.LINE_AA);
  return cv.imencode('.png', mat);
}

function write(root: string, rel: string, bytes: Buffer | string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), bytes);
}

describe('loadLabelledFolderDataset', () => {
  it('makes one sample per readable file with a part, at one scale, and reports the rest by name', () => {
    const root = tempDir();
    for (let i = 0; i < 4; i++) write(root, `good/part${i}-a.png`, photo(30, false, i));
    write(root, 'good/part0-b.png', photo(30, false, 7)); // a second view of part0
    for (let i = 0; i < 3; i++) write(root, `defect_chip/part${10 + i}.png`, photo(30, true, i));
    write(root, 'good/big.png', photo(45, false, 0));
    write(root, 'good/truncated.png', photo(30, false, 3).subarray(0, 200));
    write(root, 'defect_chip/empty-belt.png', opencv().imencode('.png', new (opencv().Mat)(100, 100, opencv().CV_8UC1, 40)));

    const r = loadLabelledFolderDataset(root, { recipe, seed: 3, partKeyOf: (rel) => rel.replace(/-[ab]\.png$/, '') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { dataset, problems } = r.value;
    expect(dataset.classes).toEqual(['good', 'defect_chip']);
    expect(dataset.okLabel).toBe('good');
    expect(dataset.samples).toHaveLength(9);
    expect(problems.map((p) => p.subject).sort()).toEqual(['defect_chip/empty-belt.png', 'good/truncated.png']);
    expect(problems.find((p) => p.subject === 'defect_chip/empty-belt.png')!.message).toMatch(/finds no part/);

    for (const s of dataset.samples) {
      expect(s.origin.kind).toBe('folder');
      expect(s.defect).toBe(s.label === 'good' ? null : 'defect_chip');
    }
    // Two views of part0 share a split.
    const views = dataset.samples.filter((s) => s.partKey === 'good/part0');
    expect(views).toHaveLength(2);
    expect(views[0].split).toBe(views[1].split);

    // One scale: the big disc fills the crop, the small ones keep their smaller size (area ratio (30/45)²).
    const area = (id: string) => centreBlob(dataset.samples.find((s) => s.id === id)!.input, dataset.size).area;
    expect(area('good/part1-a.png') / area('good/big.png')).toBeCloseTo((30 / 45) ** 2, 1);
    const big = centreBlob(dataset.samples.find((s) => s.id === 'good/big.png')!.input, dataset.size);
    expect(big.maxX - big.minX + 1).toBeGreaterThan(dataset.size - 8);
  });

  it('refuses a folder without the OK class folder, and a folder that does not exist', () => {
    const root = tempDir();
    write(root, 'defect_chip/a.png', photo(30, true, 0));
    const r = loadLabelledFolderDataset(root, { recipe });
    expect(!r.ok && r.error.message).toMatch(/no good\/ folder/);
    const missing = loadLabelledFolderDataset(join(root, 'nope'), { recipe });
    expect(!missing.ok && missing.error.code).toBe('not-found');
  });
});
