// A tfjs layers model as two files, in tfjs's own layout (model.json with the
// topology and a weights manifest, plus one weights.bin), so the folder also
// loads with tf.loadLayersModel('file://…') where tfjs-node is installed. The
// sha256 of each file goes into the manifest that lists them (bundle.json,
// checkpoint state.json), which is how a corrupt file is told from a good one.
import { createHash } from 'node:crypto';
import type * as Tf from '@tensorflow/tfjs';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface ModelFiles {
  [MODEL_JSON]: string;
  [WEIGHTS_BIN]: Uint8Array;
}

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Serialises a model with tf.io.withSaveHandler (no file system handler needed on any backend). */
export async function modelToFiles(tf: typeof Tf, model: Tf.LayersModel): Promise<ModelFiles> {
  let captured: Tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs) throw new Error('tfjs saved the model without its topology or weights');
  const weights = captured.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(captured.weightData);
  const modelJson = {
    format: captured.format ?? 'layers-model',
    generatedBy: captured.generatedBy,
    convertedBy: captured.convertedBy ?? null,
    modelTopology: captured.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: captured.weightSpecs }],
  };
  return { [MODEL_JSON]: JSON.stringify(modelJson), [WEIGHTS_BIN]: new Uint8Array(weights) };
}

/** Bytes one weight takes, by dtype (quantised weights are not produced by Loupe). */
const BYTES_PER: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * Rebuilds a model from its two files. Throws an Error naming what is wrong
 * (unparsable JSON, no topology, weights of the wrong length) before tfjs sees
 * anything, because tfjs's own errors for a truncated weights file are cryptic.
 */
export async function modelFromFiles(tf: typeof Tf, modelJsonText: string, weights: Uint8Array): Promise<Tf.LayersModel> {
  let parsed: { modelTopology?: object; weightsManifest?: { weights: Tf.io.WeightsManifestEntry[] }[] };
  try {
    parsed = JSON.parse(modelJsonText) as typeof parsed;
  } catch (err) {
    throw new Error(`${MODEL_JSON} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!parsed.modelTopology || !Array.isArray(parsed.weightsManifest)) throw new Error(`${MODEL_JSON} has no modelTopology or weightsManifest`);
  const weightSpecs = parsed.weightsManifest.flatMap((group) => group.weights);
  const expected = weightSpecs.reduce((sum, w) => sum + (BYTES_PER[w.dtype] ?? Number.NaN) * w.shape.reduce((a, b) => a * b, 1), 0);
  if (expected !== weights.byteLength) {
    throw new Error(`${WEIGHTS_BIN} holds ${weights.byteLength} bytes but ${MODEL_JSON} describes ${expected}`);
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs, weightData }));
}
