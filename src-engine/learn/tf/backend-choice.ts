// Which TensorFlow.js backends Loupe knows, in the order 'auto' tries them, and
// how a request (code option or LOUPE_TF_BACKEND) becomes that list. Kept apart
// from the loader so the choice can be tested without loading anything.
import { z } from 'zod';
import { fail, ok, type Result } from '../../../src-shared/result.js';

/** Loupe's names: the two native packages both register tfjs's 'tensorflow' backend, so they need names of their own. */
export const TF_BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type TfBackendName = (typeof TF_BACKEND_NAMES)[number];

export const TfBackendRequestSchema = z.enum(['auto', ...TF_BACKEND_NAMES]);
export type TfBackendRequest = z.infer<typeof TfBackendRequestSchema>;

/** The environment variable that forces a backend for the whole process. */
export const TF_BACKEND_ENV = 'LOUPE_TF_BACKEND';

/** The name tfjs itself registers each backend under (what `tf.getBackend()` answers). */
export const TFJS_BACKEND_ID: Record<TfBackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

export interface BackendPlan {
  /** Backends to try, best first. */
  order: TfBackendName[];
  /** True when one backend was asked for by name: failing to load it is an error, not a reason to fall back. */
  forced: boolean;
  /** Where the choice came from, for the log and error messages. */
  source: string;
}

/**
 * The environment variable wins over the caller's preference: it is the operator's
 * override for a machine (e.g. a CUDA PC whose GPU package misbehaves), and code
 * should not be able to ignore it. An empty variable counts as unset.
 */
export function planBackends(prefer: TfBackendRequest | undefined, envValue: string | undefined): Result<BackendPlan> {
  const fromEnv = envValue?.trim();
  if (fromEnv) {
    const parsed = TfBackendRequestSchema.safeParse(fromEnv);
    if (!parsed.success) {
      return fail(
        'bad-request',
        `${TF_BACKEND_ENV}=${JSON.stringify(fromEnv)} is not a TensorFlow.js backend; use one of ${TfBackendRequestSchema.options.join(', ')}`,
        TF_BACKEND_ENV,
      );
    }
    if (parsed.data !== 'auto') return ok({ order: [parsed.data], forced: true, source: `${TF_BACKEND_ENV}=${parsed.data}` });
  }
  const request = prefer ?? 'auto';
  const parsed = TfBackendRequestSchema.safeParse(request);
  if (!parsed.success) {
    return fail('bad-request', `prefer: ${JSON.stringify(request)} is not a TensorFlow.js backend; use one of ${TfBackendRequestSchema.options.join(', ')}`, 'prefer');
  }
  if (parsed.data === 'auto') return ok({ order: [...TF_BACKEND_NAMES], forced: false, source: 'auto' });
  return ok({ order: [parsed.data], forced: true, source: `prefer=${parsed.data}` });
}
