// A saved dataset loads back sample for sample; damage is found by hash and
// costs only the damaged samples; a file that is not a manifest is refused
// with the field that is wrong.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveDataset } from '../../../../src-engine/learn/dataset/save-dataset.js';
import { loadDataset } from '../../../../src-engine/learn/dataset/load-dataset.js';
import { useTempDirs } from '../../../temp-dirs.js';
import { fakeDataset } from './fake-dataset.js';

const tempDir = useTempDirs('dataset-files');
const dataset = () => fakeDataset({ train: { good: 4, chip: 3 }, val: { good: 1, chip: 1 } });

function saved(): { dir: string; manifest: string; pixels: string } {
  const dir = tempDir();
  const manifest = join(dir, 'parts.json');
  const r = saveDataset(dataset(), manifest);
  if (!r.ok) throw new Error(r.error.message);
  return { dir, manifest, pixels: r.value.pixelsPath };
}

describe('saveDataset / loadDataset', () => {
  it('round-trips every sample, label, split, origin and pixel', () => {
    const { manifest } = saved();
    expect(JSON.parse(readFileSync(manifest, 'utf8')).schema).toBe('loupe.dataset/1');
    const r = loadDataset(manifest);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.problems).toEqual([]);
    const original = dataset();
    expect(r.value.dataset.samples).toEqual(original.samples);
    expect({ ...r.value.dataset, samples: [] }).toEqual({ ...original, samples: [] });
  });

  it('reports and skips a sample whose pixels were changed on disk, and loads the others', () => {
    const { manifest, pixels } = saved();
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    const victim = m.samples[2];
    const bytes = readFileSync(pixels);
    bytes[victim.offset + 5] ^= 0xff;
    writeFileSync(pixels, bytes);
    const r = loadDataset(manifest);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.problems).toEqual([{ subject: victim.id, message: expect.stringMatching(/do not match the hash/) }]);
    expect(r.value.dataset.samples.map((s) => s.id)).toEqual(dataset().samples.map((s) => s.id).filter((id) => id !== victim.id));
  });

  it('reports and skips a sample whose label is not one of the classes', () => {
    const { manifest } = saved();
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    m.samples[0].label = 'scratch';
    writeFileSync(manifest, JSON.stringify(m));
    const r = loadDataset(manifest);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.problems).toEqual([{ subject: m.samples[0].id, message: expect.stringMatching(/label scratch is not one of the classes/) }]);
    expect(r.value.dataset.samples).toHaveLength(m.samples.length - 1);
  });

  it('reports samples past the end of a truncated pixels file', () => {
    const { manifest, pixels } = saved();
    const bytes = readFileSync(pixels);
    writeFileSync(pixels, bytes.subarray(0, bytes.length - 10));
    const r = loadDataset(manifest);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dataset.samples).toHaveLength(dataset().samples.length - 1);
    expect(r.value.problems.map((p) => p.message).join('\n')).toMatch(/manifest says[\s\S]*past the end/);
  });

  it('refuses a manifest that is not one, naming the field; a missing pixels file; a missing manifest', () => {
    const { dir, manifest, pixels } = saved();
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    m.samples[0].hash = 'not-a-hash';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(m));
    const bad = loadDataset(join(dir, 'bad.json'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/samples\.0\.hash/);

    writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...m, schema: 'loupe.dataset/0' }));
    const old = loadDataset(join(dir, 'old.json'));
    expect(!old.ok && old.error.message).toMatch(/schema/);

    writeFileSync(pixels, '');
    const gone = JSON.parse(readFileSync(manifest, 'utf8'));
    gone.pixels.file = 'elsewhere.pixels';
    writeFileSync(manifest, JSON.stringify(gone));
    const noPixels = loadDataset(manifest);
    expect(!noPixels.ok && noPixels.error.message).toMatch(/elsewhere\.pixels.*cannot be read/);

    const missing = loadDataset(join(dir, 'nothing.json'));
    expect(!missing.ok && missing.error.code).toBe('not-found');
  });

  it('re-saving names a new pixels file and removes the old one only after the new manifest is in place', () => {
    const { dir, manifest, pixels } = saved();
    const changed = dataset();
    changed.samples = changed.samples.slice(1);
    const r = saveDataset(changed, manifest);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.pixelsPath).not.toBe(pixels);
    expect(existsSync(pixels)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([r.value.pixelsPath.split('/').pop(), 'parts.json'].sort());
    const loaded = loadDataset(manifest);
    expect(loaded.ok && loaded.value.dataset.samples.length).toBe(changed.samples.length);
  });

  it('refuses to save a sample whose pixel arrays have the wrong length', () => {
    const d = dataset();
    d.samples[1].input = new Uint8Array(3);
    const r = saveDataset(d, join(tempDir(), 'x.json'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.subject).toBe(d.samples[1].id);
  });
});
