// A small dataset the trainer can learn in seconds: OK parts are bright discs,
// NG parts bright squares of about the same area, each drawn at a random spot
// near the centre on a dark noisy belt, as a 16×16 crop and a 32×32 native
// window (scale 0.5), so the OpenCV features are measured on real shapes.
import { mulberry32 } from '../../../../src-engine/sources/synthetic/prng.js';
import { sampleHash, type Dataset, type Sample, type SplitName } from '../../../../src-engine/learn/dataset/sample.js';

function draw(size: number, shape: 'disc' | 'square', cx: number, cy: number, r: number, rng: ReturnType<typeof mulberry32>): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = shape === 'disc' ? Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r : Math.abs(x + 0.5 - cx) <= r * 0.886 && Math.abs(y + 0.5 - cy) <= r * 0.886;
      out[y * size + x] = Math.max(0, Math.min(255, Math.round((inside ? 200 : 40) + rng.gaussian() * 4)));
    }
  }
  return out;
}

export function shapesDataset(perClass: Partial<Record<SplitName, number>> = { train: 40, val: 12, test: 4 }, seed = 5): Dataset {
  const rng = mulberry32(seed);
  const samples: Sample[] = [];
  for (const [split, n] of Object.entries(perClass) as Array<[SplitName, number]>) {
    for (const label of ['ok', 'ng']) {
      for (let i = 0; i < n; i++) {
        const shape = label === 'ok' ? 'disc' : 'square';
        const dx = rng.range(-1.5, 1.5);
        const dy = rng.range(-1.5, 1.5);
        const r = rng.range(4.2, 5.5);
        const input = draw(16, shape, 8 + dx, 8 + dy, r, rng);
        const window = { width: 32, height: 32, pixels: draw(32, shape, 16 + 2 * dx, 16 + 2 * dy, 2 * r, rng) };
        const id = `${split}-${label}-${i}`;
        samples.push({ id, partKey: id, label, defect: label === 'ok' ? null : 'chip', input, window, hash: sampleHash(input, window), origin: { kind: 'synthetic', seed, frame: samples.length, part: 0 }, split });
      }
    }
  }
  return {
    name: 'shapes',
    size: 16,
    scale: 0.5,
    labelling: 'ok-ng',
    classes: ['ok', 'ng'],
    okLabel: 'ok',
    recipe: { name: 'Default', version: 1 },
    split: { seed, fractions: { train: 0.7, val: 0.15, test: 0.15 } },
    samples,
  };
}
