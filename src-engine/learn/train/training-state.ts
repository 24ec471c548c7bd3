// Moving the run's live state (model weights, optimizer slots, the best
// epoch's weights) to and from checkpoint bytes. Weights are stored in order
// with tfjs's own weight encoding; tfjs optimizers match their slots to
// variables by position, so order is what must survive, and names are kept
// only to make a mismatch readable.
import type * as Tf from '@tensorflow/tfjs';
import type { SavedWeightSpec } from './checkpoint-state.js';

export interface EncodedWeights {
  data: Uint8Array;
  specs: SavedWeightSpec[];
}

async function encode(tf: typeof Tf, named: { name: string; tensor: Tf.Tensor }[]): Promise<EncodedWeights> {
  // Positional names: tfjs' decoder returns a name → tensor map, so names must be unique.
  const { data, specs } = await tf.io.encodeWeights(named.map((w, i) => ({ name: `${i}:${w.name}`, tensor: w.tensor })));
  return { data: new Uint8Array(data), specs: specs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype as 'float32' | 'int32' })) };
}

function decode(tf: typeof Tf, encoded: EncodedWeights): Tf.Tensor[] {
  const buffer = encoded.data.buffer.slice(encoded.data.byteOffset, encoded.data.byteOffset + encoded.data.byteLength) as ArrayBuffer;
  const map = tf.io.decodeWeights(buffer, encoded.specs);
  return encoded.specs.map((s) => map[s.name]);
}

export function encodeModelWeights(tf: typeof Tf, model: Tf.LayersModel): Promise<EncodedWeights> {
  const tensors = model.getWeights();
  return encode(tf, tensors.map((tensor, i) => ({ name: model.weights[i].originalName, tensor })));
}

export async function encodeOptimizer(tf: typeof Tf, optimizer: Tf.Optimizer): Promise<EncodedWeights> {
  const named = await optimizer.getWeights();
  try {
    return await encode(tf, named);
  } finally {
    // getWeights hands out the iteration count as a fresh tensor; the slots themselves are the optimizer's.
    for (const w of named) if (w.name === 'iter') w.tensor.dispose();
  }
}

/** Sets the model's weights from an encoding, refusing one made for another architecture. */
export function restoreModelWeights(tf: typeof Tf, model: Tf.LayersModel, encoded: EncodedWeights): void {
  const shapes = model.weights.map((w) => w.shape.join('×'));
  const saved = encoded.specs.map((s) => s.shape.join('×'));
  if (shapes.join(',') !== saved.join(',')) throw new Error(`saved weights are shaped ${saved.join(', ')}, the model's are ${shapes.join(', ')}`);
  const tensors = decode(tf, encoded);
  model.setWeights(tensors);
  for (const t of tensors) t.dispose();
}

export async function restoreOptimizer(tf: typeof Tf, optimizer: Tf.Optimizer, encoded: EncodedWeights): Promise<void> {
  const tensors = decode(tf, encoded);
  // setWeights copies each value into a new variable, so the decoded tensors can go afterwards.
  await optimizer.setWeights(encoded.specs.map((s, i) => ({ name: s.name.slice(s.name.indexOf(':') + 1), tensor: tensors[i] })));
  for (const t of tensors) t.dispose();
}
