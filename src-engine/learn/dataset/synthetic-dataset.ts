// A dataset from the synthetic line: render frames, find the parts with the
// engine's own inspection (so crops are centred where the engine sees parts),
// and label each object from the line's ground truth.
import type { Recipe } from '../../../src-shared/recipe.js';
import type { DefectKind } from '../../../src-shared/inspection.js';
import { SyntheticSourceSchema, type SyntheticSourceSpec } from '../../../src-shared/sources.js';
import { SyntheticLine } from '../../sources/synthetic/synthetic-line.js';
import { inspectImage } from '../../vision/inspect-image.js';
import { toGray8 } from '../../vision/to-gray8.js';
import { assembleDataset, type FoundPart } from './assemble.js';
import { matchTruth } from './match-truth.js';
import { partWindow } from './part-window.js';
import { DEFAULT_FRACTIONS, type Dataset, type DatasetProblem, type SplitFractions } from './sample.js';

/** Class order of a defect-labelled dataset (classes absent from the data are left out). */
export const DEFECT_CLASS_ORDER: readonly string[] = ['good', 'chip', 'dent', 'crack', 'missing-hole', 'touching'];

export interface SyntheticDatasetOptions {
  /** Seed of the line; also the split's seed unless splitSeed is given. */
  seed: number;
  frames: number;
  recipe: Recipe;
  /** Crop side (default 64). */
  size?: number;
  /** 'ok-ng' (classes ok, ng) or 'defect' (good, chip, dent, …). Default 'ok-ng'. */
  labelBy?: 'ok-ng' | 'defect';
  /** First frame index (default 0), so separate datasets can come from one line. */
  firstFrame?: number;
  /** Line settings beyond the seed (size, parts per frame, defect rate, noise, …). */
  line?: Partial<Omit<SyntheticSourceSpec, 'kind' | 'seed' | 'frames'>>;
  splitSeed?: number;
  fractions?: SplitFractions;
  name?: string;
  /** Crop scale to use instead of fitting the largest part: pass a trained model's dataset scale so new crops match it. */
  scale?: number;
}

export interface BuiltDataset {
  dataset: Dataset;
  problems: DatasetProblem[];
  /** Objects the engine found that match no drawn part (noise, fragments), and drawn parts no object matched. */
  unmatchedObjects: number;
  unmatchedParts: number;
}

export function buildSyntheticDataset(o: SyntheticDatasetOptions): BuiltDataset {
  const size = o.size ?? 64;
  const labelBy = o.labelBy ?? 'ok-ng';
  const first = o.firstFrame ?? 0;
  const spec = SyntheticSourceSchema.parse({ ...o.line, kind: 'synthetic', seed: o.seed, frames: 0 });
  const line = new SyntheticLine(spec);
  const found: FoundPart[] = [];
  const problems: DatasetProblem[] = [];
  let unmatchedObjects = 0;
  let unmatchedParts = 0;

  for (let frame = first; frame < first + o.frames; frame++) {
    const { image, truth } = line.render(frame);
    try {
      const result = inspectImage(image, o.recipe, { seq: frame, timestampMs: 0 });
      const g = toGray8(image, o.recipe.pipeline.channel);
      const matched = new Set<number>();
      for (const object of result.objects) {
        const part = matchTruth(object, truth.parts);
        if (!part || matched.has(part.id)) {
          unmatchedObjects++;
          problems.push({ subject: `frame ${frame} object ${object.id}`, message: `matches no drawn part (centroid ${object.centroid.map((v) => v.toFixed(1)).join(', ')})` });
          continue;
        }
        matched.add(part.id);
        const pw = partWindow(g.gray, object);
        found.push({
          id: `s${o.seed}-f${frame}-p${part.id}`,
          partKey: `synthetic:${o.seed}:${frame}:${part.id}`,
          label: labelOf(part.ok, part.defect, labelBy),
          defect: part.defect === 'none' ? null : part.defect,
          ...pw,
          single: part.defect !== 'touching',
          origin: { kind: 'synthetic', seed: o.seed, frame, part: part.id },
        });
      }
      // Both parts of a touching pair make one object, matched to one of them: the other is not a miss.
      for (const p of truth.parts) if (!matched.has(p.id) && p.defect !== 'touching') unmatchedParts++;
      if (g.owned) g.gray.release();
    } finally {
      image.release();
    }
  }

  const present = new Set(found.map((f) => f.label));
  const order = labelBy === 'ok-ng' ? ['ok', 'ng'] : DEFECT_CLASS_ORDER;
  const dataset = assembleDataset(found, {
    name: o.name ?? `synthetic seed ${o.seed}, frames ${first}–${first + o.frames - 1}`,
    size,
    labelling: labelBy,
    classes: order.filter((c) => present.has(c)),
    okLabel: labelBy === 'ok-ng' ? 'ok' : 'good',
    recipe: o.recipe,
    seed: o.splitSeed ?? o.seed,
    fractions: o.fractions ?? DEFAULT_FRACTIONS,
    scale: o.scale,
  });
  return { dataset, problems, unmatchedObjects, unmatchedParts };
}

function labelOf(ok: boolean, defect: DefectKind, by: 'ok-ng' | 'defect'): string {
  if (by === 'ok-ng') return ok ? 'ok' : 'ng';
  return defect === 'none' ? 'good' : defect;
}
