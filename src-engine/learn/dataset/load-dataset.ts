// Loading a saved dataset. The manifest must be valid as a whole (a manifest
// that is not one is refused with the field that is wrong); after that each
// sample stands alone: one whose bytes are missing or whose pixels do not hash
// to what the manifest says is reported and skipped, and the rest load.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeIssues } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { DatasetManifestSchema } from './manifest.js';
import { sampleHash, type Dataset, type DatasetProblem, type Sample } from './sample.js';

export function loadDataset(manifestPath: string): Result<{ dataset: Dataset; problems: DatasetProblem[] }> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `dataset manifest ${manifestPath} does not exist`, manifestPath);
    return fail('bad-request', `dataset manifest ${manifestPath} is not readable JSON (${(err as Error).message})`, manifestPath);
  }
  const parsed = DatasetManifestSchema.safeParse(json);
  if (!parsed.success) return fail('bad-request', `${manifestPath} is not a loupe.dataset/1 manifest: ${describeIssues(parsed.error)}`, manifestPath);
  const m = parsed.data;

  const pixelsPath = join(dirname(manifestPath), m.pixels.file);
  let pixels: Buffer;
  try {
    pixels = readFileSync(pixelsPath);
  } catch (err) {
    return fail('not-found', `the pixels file ${pixelsPath} of dataset ${manifestPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, pixelsPath);
  }

  const problems: DatasetProblem[] = [];
  if (pixels.length !== m.pixels.bytes) {
    problems.push({ subject: m.pixels.file, message: `has ${pixels.length} bytes, the manifest says ${m.pixels.bytes}` });
  }
  const cropBytes = m.size * m.size;
  const samples: Sample[] = [];
  for (const s of m.samples) {
    const windowBytes = s.window.width * s.window.height;
    const end = s.offset + cropBytes + windowBytes;
    if (end > pixels.length) {
      problems.push({ subject: s.id, message: `pixels end at byte ${end}, past the end of ${m.pixels.file} (${pixels.length} bytes); skipped` });
      continue;
    }
    // Copies, so a sample does not pin the whole file in memory and cannot be changed through it.
    const input = new Uint8Array(pixels.subarray(s.offset, s.offset + cropBytes));
    const window = { width: s.window.width, height: s.window.height, pixels: new Uint8Array(pixels.subarray(s.offset + cropBytes, end)) };
    if (sampleHash(input, window) !== s.hash) {
      problems.push({ subject: s.id, message: `pixels do not match the hash in the manifest (changed or damaged on disk); skipped` });
      continue;
    }
    samples.push({ id: s.id, partKey: s.partKey, label: s.label, defect: s.defect, input, window, hash: s.hash, origin: s.origin, split: s.split });
  }
  const unknown = samples.filter((s) => !m.classes.includes(s.label));
  for (const s of unknown) problems.push({ subject: s.id, message: `label ${s.label} is not one of the classes (${m.classes.join(', ')}); skipped` });

  return ok({
    dataset: {
      name: m.name,
      size: m.size,
      scale: m.scale,
      labelling: m.labelling,
      classes: m.classes,
      okLabel: m.okLabel,
      recipe: m.recipe,
      split: m.split,
      samples: samples.filter((s) => m.classes.includes(s.label)),
    },
    problems,
  });
}
