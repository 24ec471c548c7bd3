// Saving a dataset: the pixels file first, then the manifest, both atomic. The
// pixels file's name carries a hash of its content, so the manifest on disk
// always names a complete pixels file: a crash between the two writes leaves
// the old manifest with the old pixels, never the old manifest with new pixels.
import { createHash } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { writeFileAtomicSync } from '../../files/write-file-atomic.js';
import { DATASET_SCHEMA_ID, DatasetManifestSchema, type DatasetManifest } from './manifest.js';
import type { Dataset } from './sample.js';

export function saveDataset(dataset: Dataset, manifestPath: string): Result<{ manifestPath: string; pixelsPath: string }> {
  const misfit = dataset.samples.find((s) => s.input.length !== dataset.size * dataset.size || s.window.pixels.length !== s.window.width * s.window.height);
  if (misfit) return fail('bad-request', `dataset ${dataset.name} cannot be saved: sample ${misfit.id} has pixel arrays of the wrong length`, misfit.id);
  const total = dataset.samples.reduce((sum, s) => sum + s.input.length + s.window.pixels.length, 0);
  const pixels = Buffer.alloc(total);
  let offset = 0;
  const samples = dataset.samples.map((s) => {
    const at = offset;
    pixels.set(s.input, offset);
    offset += s.input.length;
    pixels.set(s.window.pixels, offset);
    offset += s.window.pixels.length;
    return { id: s.id, partKey: s.partKey, label: s.label, defect: s.defect, split: s.split, hash: s.hash, offset: at, window: { width: s.window.width, height: s.window.height }, origin: s.origin };
  });

  const stem = basename(manifestPath).replace(/\.json$/i, '');
  const pixelsFile = `${stem}.${createHash('sha256').update(pixels).digest('hex').slice(0, 12)}.pixels`;
  const manifest: DatasetManifest = {
    schema: DATASET_SCHEMA_ID,
    name: dataset.name,
    createdAt: new Date().toISOString(),
    size: dataset.size,
    scale: dataset.scale,
    labelling: dataset.labelling,
    classes: dataset.classes,
    okLabel: dataset.okLabel,
    recipe: dataset.recipe,
    split: dataset.split,
    pixels: { file: pixelsFile, bytes: total },
    samples,
  };
  const checked = DatasetManifestSchema.safeParse(manifest);
  if (!checked.success) return fail('bad-request', `dataset ${dataset.name} cannot be saved: ${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message}`);

  const dir = dirname(manifestPath);
  const pixelsPath = join(dir, pixelsFile);
  const previous = previousPixelsFile(manifestPath);
  try {
    writeFileAtomicSync(pixelsPath, pixels);
    writeFileAtomicSync(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  } catch (err) {
    return fail('internal', `dataset could not be written to ${manifestPath} (${(err as Error).message})`, manifestPath);
  }
  if (previous && previous !== pixelsFile) {
    try {
      unlinkSync(join(dir, previous));
    } catch {
      // Already gone, or not ours to remove: the new manifest does not need it.
    }
  }
  return ok({ manifestPath, pixelsPath });
}

/** The pixels file the manifest being replaced names, so it can be removed once the new one is in place. */
function previousPixelsFile(manifestPath: string): string | null {
  try {
    const old = DatasetManifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
    return old.success ? old.data.pixels.file : null;
  } catch {
    return null;
  }
}
