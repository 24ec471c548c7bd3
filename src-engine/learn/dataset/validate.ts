// The checks a dataset must pass before any training starts, each refusal
// naming what is short: training on one class learns nothing, and a split
// with one or zero samples of a class makes its validation figures noise.
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { SPLIT_NAMES, type Dataset, type SplitName } from './sample.js';

export const MIN_SAMPLES = 20;
export const MIN_PER_CLASS_PER_SPLIT = 2;

export interface TrainingReadiness {
  /** Samples per split and class. */
  counts: Record<SplitName, Record<string, number>>;
  total: number;
}

export function validateForTraining(dataset: Dataset): Result<TrainingReadiness> {
  const counts = Object.fromEntries(SPLIT_NAMES.map((s) => [s, Object.fromEntries(dataset.classes.map((c) => [c, 0]))])) as TrainingReadiness['counts'];
  for (const s of dataset.samples) counts[s.split][s.label] = (counts[s.split][s.label] ?? 0) + 1;
  const total = dataset.samples.length;
  const subject = dataset.name;

  const used = dataset.classes.filter((c) => SPLIT_NAMES.some((s) => counts[s][c] > 0));
  if (used.length < 2) {
    const which = used.length === 1 ? `only the class ${used[0]}` : 'no samples at all';
    return fail('bad-request', `dataset ${dataset.name} has ${which}: training needs at least two classes`, subject);
  }
  if (!dataset.classes.includes(dataset.okLabel)) return fail('bad-request', `dataset ${dataset.name} has no samples of its OK class ${dataset.okLabel}`, subject);
  if (total < MIN_SAMPLES) return fail('bad-request', `dataset ${dataset.name} has ${total} samples; training needs at least ${MIN_SAMPLES}`, subject);

  const short: string[] = [];
  for (const split of SPLIT_NAMES) {
    if (dataset.split.fractions[split] === 0) continue; // a split the user chose not to have
    for (const c of dataset.classes) {
      if (counts[split][c] < MIN_PER_CLASS_PER_SPLIT) short.push(`${split}/${c}: ${counts[split][c]}`);
    }
  }
  if (short.length > 0) {
    return fail('bad-request', `dataset ${dataset.name} needs at least ${MIN_PER_CLASS_PER_SPLIT} samples of each class in each split; short: ${short.join(', ')}`, subject);
  }
  return ok({ counts, total });
}
