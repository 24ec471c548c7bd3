// From parts found (a window each) to a dataset: one scale for all crops,
// chosen from the single part that reaches furthest, then the crops, hashes
// and split.
//
// Why single parts: two touching parts are one object twice a part's size.
// Fitting the scale to that blob would halve every crop (a chip 10 px across
// would shrink to 3), while a touching pair still reads as two parts when
// the crop cuts through the second one.
import type { Point } from '../../../src-shared/inspection.js';
import type { Recipe } from '../../../src-shared/recipe.js';
import { cropPart, fitScale } from './crop.js';
import { DEFAULT_FRACTIONS, sampleHash, type Dataset, type Labelling, type PixelWindow, type SampleOrigin, type SplitFractions } from './sample.js';
import { splitByPart } from './split.js';

export interface FoundPart {
  id: string;
  partKey: string;
  label: string;
  defect: string | null;
  window: PixelWindow;
  centre: Point;
  reach: number;
  /** False for objects that are more than one part (touching pairs): they do not set the scale and may be cut by the crop. */
  single: boolean;
  origin: SampleOrigin;
}

export interface AssembleOptions {
  name: string;
  size: number;
  labelling: Labelling;
  classes: string[];
  okLabel: string;
  recipe: Recipe;
  seed: number;
  fractions: SplitFractions;
  /** A scale to use instead of fitting the largest part (e.g. the scale of the dataset a model was trained on). */
  scale?: number;
}

export function assembleDataset(parts: readonly FoundPart[], o: AssembleOptions): Dataset {
  const fitting = parts.some((p) => p.single) ? parts.filter((p) => p.single) : parts;
  const maxReach = fitting.reduce((m, p) => Math.max(m, p.reach), 0);
  const scale = o.scale ?? fitScale(maxReach, o.size);
  const splits = splitByPart(parts, o.seed, o.fractions);
  const samples = parts.map((p, i) => {
    const input = cropPart(p.window, p.centre, scale, o.size);
    return {
      id: p.id,
      partKey: p.partKey,
      label: p.label,
      defect: p.defect,
      input,
      window: p.window,
      hash: sampleHash(input, p.window),
      origin: p.origin,
      split: splits[i],
    };
  });
  return {
    name: o.name,
    size: o.size,
    scale,
    labelling: o.labelling,
    classes: o.classes,
    okLabel: o.okLabel,
    recipe: { name: o.recipe.name, version: o.recipe.version },
    split: { seed: o.seed, fractions: o.fractions },
    samples,
  };
}

/**
 * A dataset of parts labelled by a person (a labelled folder, the labelled
 * history): the good class first, then the others in `classOrder`, each only
 * when some part carries it, and the defaults every such source shares.
 */
export function assembleLabelled(
  parts: readonly FoundPart[],
  o: { name: string; okLabel: string; classOrder: readonly string[]; recipe: Recipe; size?: number; seed?: number; fractions?: SplitFractions; scale?: number },
): Dataset {
  const present = new Set(parts.map((p) => p.label));
  const classes = [o.okLabel, ...o.classOrder.filter((c) => c !== o.okLabel)].filter((c) => present.has(c));
  return assembleDataset(parts, {
    name: o.name,
    size: o.size ?? 64,
    labelling: 'folder',
    classes,
    okLabel: o.okLabel,
    recipe: o.recipe,
    seed: o.seed ?? 1,
    fractions: o.fractions ?? DEFAULT_FRACTIONS,
    scale: o.scale,
  });
}
