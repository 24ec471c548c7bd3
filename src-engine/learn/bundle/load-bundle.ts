// Reads a bundle folder back: the manifest (schema-checked), each model file
// against its recorded sha256, the input spec against what the caller will
// feed, and only then the model itself. Every refusal says which file or which
// input field was wrong; nothing is modified.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import { describeIssues } from '../../../src-shared/recipe.js';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { BUNDLE_JSON, BUNDLE_SCHEMA, BundleManifestSchema, type BundleManifest, type InputSpec } from './bundle-manifest.js';
import { MODEL_JSON, WEIGHTS_BIN, modelFromFiles, sha256 } from './model-files.js';

export interface LoadedBundle {
  dir: string;
  manifest: BundleManifest;
  model: Tf.LayersModel;
}

/** The input the caller will prepare; any field given must match the bundle's. */
export type ExpectedInput = Partial<Omit<InputSpec, 'normalisation'>> & { normalisation?: InputSpec['normalisation'] };

/** Relative tolerance for the float fields (scale, normalisation): they pass through JSON and arithmetic. */
const FLOAT_TOLERANCE = 1e-6;

const close = (a: number, b: number) => Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/** Fields of `expected` that differ from the bundle's input spec, as "field: bundle X, given Y". */
export function inputMismatches(actual: InputSpec, expected: ExpectedInput): string[] {
  const out: string[] = [];
  if (expected.size !== undefined && expected.size !== actual.size) out.push(`size: the bundle takes ${actual.size}×${actual.size} crops, given ${expected.size}×${expected.size}`);
  if (expected.channels !== undefined && expected.channels !== actual.channels) out.push(`channels: the bundle takes ${actual.channels}, given ${expected.channels}`);
  if (expected.layout !== undefined && expected.layout !== actual.layout) out.push(`layout: the bundle takes ${actual.layout}, given ${expected.layout}`);
  if (expected.scale !== undefined && !close(expected.scale, actual.scale)) out.push(`scale: the bundle's crops are ${actual.scale} crop px per native px, given ${expected.scale}`);
  const n = expected.normalisation;
  if (n && (!close(n.scale, actual.normalisation.scale) || !close(n.offset, actual.normalisation.offset))) {
    out.push(`normalisation: the bundle expects pixel × ${actual.normalisation.scale} + ${actual.normalisation.offset}, given × ${n.scale} + ${n.offset}`);
  }
  return out;
}

/** Reads and checks bundle.json only (cheap: no model is built). */
export function readBundleManifest(dir: string): Result<BundleManifest> {
  const file = join(dir, BUNDLE_JSON);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? fail('not-found', `${dir} is not a model bundle (no ${BUNDLE_JSON})`, file) : fail('bad-request', `${file} cannot be read (${code ?? String(err)})`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail('bad-request', `${file} is corrupt: not valid JSON (${err instanceof Error ? err.message : String(err)})`, file);
  }
  const parsed = BundleManifestSchema.safeParse(json);
  if (!parsed.success) return fail('bad-request', `${file} is not a ${BUNDLE_SCHEMA} manifest: ${describeIssues(parsed.error)}`, file);
  return ok(parsed.data);
}

export async function loadBundle(dir: string, o: { tf: typeof Tf; expectedInput?: ExpectedInput }): Promise<Result<LoadedBundle>> {
  const manifest = readBundleManifest(dir);
  if (!manifest.ok) return manifest;
  const m = manifest.value;
  if (o.expectedInput) {
    const mismatches = inputMismatches(m.input, o.expectedInput);
    if (mismatches.length > 0) return fail('bad-request', `model bundle ${m.name} does not fit this input: ${mismatches.join('; ')}`, join(dir, BUNDLE_JSON));
  }
  const bytes: Record<string, Buffer> = {};
  for (const name of [MODEL_JSON, WEIGHTS_BIN]) {
    const file = join(dir, name);
    try {
      bytes[name] = readFileSync(file);
    } catch (err) {
      return fail('bad-request', `model bundle ${m.name} is incomplete: ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, file);
    }
    const want = m.files[name];
    if (want === undefined) return fail('bad-request', `model bundle ${m.name}: ${BUNDLE_JSON} lists no checksum for ${name}`, join(dir, BUNDLE_JSON));
    if (sha256(bytes[name]) !== want) return fail('bad-request', `model bundle ${m.name} is corrupt: ${file} does not match the checksum in ${BUNDLE_JSON}`, file);
  }
  let model: Tf.LayersModel;
  try {
    model = await modelFromFiles(o.tf, bytes[MODEL_JSON].toString('utf8'), bytes[WEIGHTS_BIN]);
  } catch (err) {
    return fail('bad-request', `model bundle ${m.name} cannot be loaded: ${err instanceof Error ? err.message : String(err)}`, dir);
  }
  const shape = model.inputs[0]?.shape ?? [];
  const outUnits = model.outputs[0]?.shape.at(-1);
  if (shape[1] !== m.input.size || shape[2] !== m.input.size || shape[3] !== m.input.channels || outUnits !== m.classes.length) {
    model.dispose();
    return fail('bad-request', `model bundle ${m.name}: the model takes [${shape.join(', ')}] → ${outUnits} classes, but ${BUNDLE_JSON} says ${m.input.size}×${m.input.size}×${m.input.channels} → ${m.classes.length}`, dir);
  }
  return ok({ dir, manifest: m, model });
}
