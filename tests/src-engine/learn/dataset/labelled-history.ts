// A small labelled history made the way users make one: a good/ + defect_x/
// folder of one-disc photos (drawn with OpenCV), imported with the history's
// own import. Good discs are large, defects small, so even a tiny model can
// tell them apart.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { importFolder } from '../../../../src-engine/history/import-folder.js';
import { opencv } from '../../../../src-engine/opencv.js';
import type { Recipe } from '../../../../src-shared/recipe.js';

export function writeDiscFolder(root: string, perClass: number): string {
  const cv = opencv();
  for (const [label, radii] of [['good', [30, 38]], ['defect_x', [12, 18]]] as const) {
    mkdirSync(join(root, label), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const mat = new cv.Mat(120, 120, cv.CV_8UC1, 0);
      const r = radii[0] + Math.round(((radii[1] - radii[0]) * i) / Math.max(1, perClass - 1));
      mat.drawCircle(new cv.Point2(58 + (i % 3), 60 - (i % 2)), r, new cv.Vec3(220, 220, 220), -1, cv.LINE_AA);
      cv.imwrite(join(root, label, `${label}-${i}.png`), mat);
    }
  }
  return root;
}

/** Imports `perClass` good and `perClass` defect_x photos into `dataDir`'s history. */
export function labelledHistory(dir: string, dataDir: string, recipe: Recipe, perClass: number): void {
  const imported = importFolder({ dataDir, folder: writeDiscFolder(join(dir, 'photos'), perClass), recipe });
  if (!imported.ok) throw new Error(imported.error.message);
  if (imported.value.imported !== 2 * perClass) throw new Error(`imported ${imported.value.imported} of ${2 * perClass} photos: ${imported.value.problems.join('; ')}`);
}
