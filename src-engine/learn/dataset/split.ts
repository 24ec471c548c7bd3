// Train / val / test assignment. By part: every crop of one physical part goes
// to the same split, or the model would be graded on parts it has already seen.
// Stratified: each class is split on its own, so a rare defect appears in every
// split in proportion. Seeded: the same samples and seed give the same split
// whatever order the samples arrive in (groups are sorted before shuffling).
import { mulberry32, type Rng } from '../../sources/synthetic/prng.js';
import { naturalCompare } from '../../sources/list-images.js';
import type { SplitFractions, SplitName } from './sample.js';

export interface SplitItem {
  partKey: string;
  label: string;
}

/** The split of each item, in the items' order. */
export function splitByPart(items: readonly SplitItem[], seed: number, fractions: SplitFractions): SplitName[] {
  const labelOfPart = new Map<string, string>();
  for (const item of items) if (!labelOfPart.has(item.partKey)) labelOfPart.set(item.partKey, item.label);

  const partsOfClass = new Map<string, string[]>();
  for (const [part, label] of labelOfPart) {
    const list = partsOfClass.get(label) ?? [];
    list.push(part);
    partsOfClass.set(label, list);
  }

  const rng = mulberry32(seed);
  const splitOfPart = new Map<string, SplitName>();
  for (const label of [...partsOfClass.keys()].sort(naturalCompare)) {
    const parts = shuffle(partsOfClass.get(label)!.sort(naturalCompare), rng);
    const { val, test } = counts(parts.length, fractions);
    parts.forEach((part, i) => splitOfPart.set(part, i < test ? 'test' : i < test + val ? 'val' : 'train'));
  }
  return items.map((item) => splitOfPart.get(item.partKey)!);
}

/**
 * Parts of one class per split: rounded shares, but every split with a
 * non-zero fraction gets at least one part once the class has enough parts for
 * all of them (so val and test are never silently empty for a class), and
 * train keeps the rest.
 */
export function counts(n: number, f: SplitFractions): { train: number; val: number; test: number } {
  const total = f.train + f.val + f.test;
  let val = Math.round((n * f.val) / total);
  let test = Math.round((n * f.test) / total);
  const wanted = (f.train > 0 ? 1 : 0) + (f.val > 0 ? 1 : 0) + (f.test > 0 ? 1 : 0);
  if (n >= wanted) {
    if (f.val > 0) val = Math.max(1, val);
    if (f.test > 0) test = Math.max(1, test);
    if (f.train > 0) {
      while (n - val - test < 1) {
        if (val > test) val--;
        else test--;
      }
    }
  }
  val = Math.min(val, n);
  test = Math.min(test, n - val);
  return { train: n - val - test, val, test };
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
