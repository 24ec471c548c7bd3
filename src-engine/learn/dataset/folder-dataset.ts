// A dataset from a labelled folder (good/, defect_x/, …): each image is a
// photo of one part. The part is found with the engine's inspection (its
// largest object) and cropped at the dataset's one scale, like synthetic parts.
import type { Recipe } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { readLabelledFolder, type LabelledFolderScan } from '../../datasets/labelled-folder.js';
import { inspectImage } from '../../vision/inspect-image.js';
import { toGray8 } from '../../vision/to-gray8.js';
import { assembleLabelled, type FoundPart } from './assemble.js';
import { partWindow } from './part-window.js';
import { type Dataset, type DatasetProblem, type SplitFractions } from './sample.js';

export interface FolderDatasetOptions {
  recipe: Recipe;
  size?: number;
  /** The class folder holding good parts (default `good`). */
  okLabel?: string;
  seed?: number;
  fractions?: SplitFractions;
  /**
   * The physical part a file shows, from its path inside the folder: files with
   * the same key (several views of one part) always share a split. Default: the
   * path itself, one part per file.
   */
  partKeyOf?: (relativePath: string) => string;
  name?: string;
  /** Crop scale to use instead of fitting the largest part: pass a trained model's dataset scale so new crops match it. */
  scale?: number;
}

export function loadLabelledFolderDataset(dir: string, o: FolderDatasetOptions): Result<{ dataset: Dataset; problems: DatasetProblem[]; scan: LabelledFolderScan }> {
  const okLabel = o.okLabel ?? 'good';
  const found: FoundPart[] = [];
  const problems: DatasetProblem[] = [];
  const scan = readLabelledFolder(dir, (file, image) => {
    const result = inspectImage(image, o.recipe, { seq: found.length, timestampMs: 0 });
    const largest = result.objects.reduce<(typeof result.objects)[number] | null>((a, b) => (!a || b.metrics.area > a.metrics.area ? b : a), null);
    if (!largest) {
      problems.push({ subject: file.relativePath, message: `the recipe ${o.recipe.name} finds no part in it; skipped` });
      return;
    }
    const g = toGray8(image, o.recipe.pipeline.channel);
    const pw = partWindow(g.gray, largest);
    if (g.owned) g.gray.release();
    found.push({
      id: file.relativePath,
      partKey: o.partKeyOf ? o.partKeyOf(file.relativePath) : file.relativePath,
      label: file.label,
      defect: file.label === okLabel ? null : file.label,
      ...pw,
      single: true, // a photo of one part, whatever its label says
      origin: { kind: 'folder', file: file.relativePath, fileHash: file.hash },
    });
  });
  if (!scan.ok) return scan;
  for (const p of scan.value.problems) {
    const subject = p.kind === 'duplicate' ? p.kept : p.relativePath;
    problems.push({ subject, message: p.kind === 'unreadable' ? p.error.message : p.message });
  }
  if (!scan.value.classes.includes(okLabel) && scan.value.files.length > 0) {
    return fail('bad-source', `${dir} has no ${okLabel}/ folder of good parts (classes found: ${scan.value.classes.join(', ')})`, dir);
  }

  const dataset = assembleLabelled(found, { ...o, name: o.name ?? `folder ${dir}`, okLabel, classOrder: scan.value.classes });
  return ok({ dataset, problems, scan: scan.value });
}
