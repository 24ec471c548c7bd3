// Hand-made datasets for tests that need exact class and split counts without
// rendering anything: tiny crops and windows whose pixels depend on the id.
import { sampleHash, type Dataset, type Sample, type SplitName } from '../../../../src-engine/learn/dataset/sample.js';

export function fakeSample(id: string, label: string, split: SplitName, size = 8): Sample {
  const seed = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const input = Uint8Array.from({ length: size * size }, (_, i) => (seed + i * 13) % 256);
  const window = { width: 5, height: 4, pixels: Uint8Array.from({ length: 20 }, (_, i) => (seed * 3 + i) % 256) };
  return { id, partKey: id, label, defect: label === 'good' ? null : label, input, window, hash: sampleHash(input, window), origin: { kind: 'synthetic', seed: 1, frame: 0, part: 0 }, split };
}

/** counts[split][label] samples of each. */
export function fakeDataset(counts: Partial<Record<SplitName, Record<string, number>>>, classes = ['good', 'chip']): Dataset {
  const samples: Sample[] = [];
  for (const [split, byLabel] of Object.entries(counts) as Array<[SplitName, Record<string, number>]>) {
    for (const [label, n] of Object.entries(byLabel)) for (let i = 0; i < n; i++) samples.push(fakeSample(`${split}-${label}-${i}`, label, split));
  }
  return {
    name: 'fake',
    size: 8,
    scale: 0.5,
    labelling: 'defect',
    classes,
    okLabel: 'good',
    recipe: { name: 'r', version: 1 },
    split: { seed: 1, fractions: { train: 0.7, val: 0.15, test: 0.15 } },
    samples,
  };
}
