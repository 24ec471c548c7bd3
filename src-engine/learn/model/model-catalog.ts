// The small CNNs Loupe can train, by name, and the checks a request for one
// must pass. Each is conv(3×3, same)-relu-maxpool(2) blocks, then a softmax
// dense layer: small enough to train in CI time on the wasm backend, and the
// same shapes on every backend.
import { z } from 'zod';
import { fail, ok, type Result } from '../../../src-shared/result.js';
import { TRAINABLE_MODEL_NAMES } from '../../../src-shared/train-contract.js';

/** Named in the contract, so the Training form offers the same list. */
export const MODEL_NAMES = TRAINABLE_MODEL_NAMES;
export const ModelNameSchema = z.enum(MODEL_NAMES);
export type ModelName = z.infer<typeof ModelNameSchema>;

export interface Architecture {
  /** Filters of each conv-relu-maxpool block, in order. */
  convFilters: number[];
  /** Hidden relu dense layers between the last block and the softmax. */
  hiddenUnits: number[];
  description: string;
}

export const ARCHITECTURES: Record<ModelName, Architecture> = {
  'cnn-tiny': {
    convFilters: [8, 16],
    hiddenUnits: [],
    description: '2 conv blocks (8, 16 filters) and a softmax: for tests and quick checks',
  },
  'cnn-small': {
    convFilters: [16, 32, 64],
    hiddenUnits: [],
    description: '3 conv blocks (16, 32, 64 filters) and a softmax: the default for 64×64 parts',
  },
  'cnn-medium': {
    convFilters: [16, 32, 64, 128],
    hiddenUnits: [64],
    description: '4 conv blocks (16–128 filters), a 64-unit dense layer and a softmax: for larger crops',
  },
};

/** Largest input edge accepted: a 512×512 batch of 32 is already 32 MiB of input alone. */
export const MAX_INPUT_SIZE = 512;
export const MAX_CLASSES = 1000;

export const ModelSpecSchema = z.object({
  /** Input edge in pixels: inputs are [n, size, size, 1] float32 in [0, 1]. */
  size: z.int().min(1).max(MAX_INPUT_SIZE),
  channels: z.literal(1),
  classes: z.int().min(2).max(MAX_CLASSES),
});
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

/** Each block halves the edge, so the input must survive all of them with at least one pixel left. */
export function minimumInputSize(name: ModelName): number {
  return 2 ** ARCHITECTURES[name].convFilters.length;
}

/** Validates a model request from outside (a message, a saved job): the name, the spec, and that they fit together. */
export function parseModelChoice(input: { name: unknown; spec: unknown }): Result<{ name: ModelName; spec: ModelSpec }> {
  const name = ModelNameSchema.safeParse(input.name);
  if (!name.success) {
    return fail('bad-request', `unknown model ${JSON.stringify(input.name)}; known models: ${MODEL_NAMES.join(', ')}`, 'model.name');
  }
  const spec = ModelSpecSchema.safeParse(input.spec);
  if (!spec.success) {
    const issue = spec.error.issues[0];
    const field = issue.path.join('.');
    return fail('bad-request', `model spec${field ? ` ${field}` : ''}: ${issue.message}`, `model.spec${field ? `.${field}` : ''}`);
  }
  const min = minimumInputSize(name.data);
  if (spec.data.size < min) {
    return fail('bad-request', `model spec size: ${name.data} halves its input ${ARCHITECTURES[name.data].convFilters.length} times, so it needs size >= ${min}; got ${spec.data.size}`, 'model.spec.size');
  }
  return ok({ name: name.data, spec: spec.data });
}
