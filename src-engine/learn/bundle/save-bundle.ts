// Writes a trained model as a bundle folder `<models>/<name>/`: model.json,
// weights.bin and bundle.json, all at once (atomic-folder.ts), so the engine
// never picks up a bundle whose weights are still being written.
import { join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { RunNameSchema } from '../../../src-shared/train-contract.js';
import { writeFolderAtomic } from './atomic-folder.js';
import { BUNDLE_JSON, BUNDLE_SCHEMA, BundleManifestSchema, type BundleManifest } from './bundle-manifest.js';
import { nodeDurableFs, type DurableFs } from './durable-fs.js';
import { MODEL_JSON, WEIGHTS_BIN, modelToFiles, sha256 } from './model-files.js';

export type BundleDescription = Omit<BundleManifest, 'schema' | 'files' | 'name'>;

export interface SavedBundle {
  dir: string;
  manifest: BundleManifest;
}

export async function saveBundle(
  tf: typeof Tf,
  model: Tf.LayersModel,
  o: { modelsDir: string; name: string; description: BundleDescription; fs?: DurableFs },
): Promise<Result<SavedBundle>> {
  const name = RunNameSchema.safeParse(o.name);
  if (!name.success) return fail('bad-request', `bundle name ${JSON.stringify(o.name)}: ${name.error.issues[0].message}`, 'name');
  const files = await modelToFiles(tf, model);
  const parsed = BundleManifestSchema.safeParse({
    ...o.description,
    schema: BUNDLE_SCHEMA,
    name: o.name,
    files: { [MODEL_JSON]: sha256(files[MODEL_JSON]), [WEIGHTS_BIN]: sha256(files[WEIGHTS_BIN]) },
  });
  if (!parsed.success) return fail('internal', `bundle ${o.name}: its description is invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const dir = join(o.modelsDir, o.name);
  try {
    writeFolderAtomic(dir, { ...files, [BUNDLE_JSON]: JSON.stringify(parsed.data, null, 2) + '\n' }, o.fs ?? nodeDurableFs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail('internal', `bundle ${dir} could not be written (${code ?? (err instanceof Error ? err.message : String(err))}); any earlier bundle of that name is unchanged`, dir);
  }
  return ok({ dir, manifest: parsed.data });
}
