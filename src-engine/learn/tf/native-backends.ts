// The libtensorflow backends (@tensorflow/tfjs-node and -node-gpu). They are
// optional: their install downloads libtensorflow, which the build machines
// cannot reach, so they are not dependencies of Loupe. A user's CUDA PC that
// installs one gets it; everywhere else the attempt says why it was skipped.
import { createRequire } from 'node:module';
import type * as Tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

export const NATIVE_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/** Properties tfjs-node's NodeJSKernelBackend has; read defensively since they are not public API. */
interface NodeBackendFacts {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

/**
 * Loads one native package (it registers tfjs's 'tensorflow' backend on the
 * shared engine when required) and switches tf to it. Resolves with a detail
 * line; rejects with the reason it cannot be used.
 */
export async function useNativeBackend(tf: typeof Tf, which: keyof typeof NATIVE_PACKAGES): Promise<string> {
  const pkg = NATIVE_PACKAGES[which];
  let resolved: string;
  try {
    resolved = require.resolve(pkg);
  } catch {
    throw new Error(`${pkg} is not installed (optional: its install downloads libtensorflow; \`npm install ${pkg}\` where that is possible)`);
  }
  try {
    require(resolved);
  } catch (err) {
    throw new Error(`${pkg} is installed but failed to load: ${firstLine(err)}`);
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new Error(`${pkg} loaded, but tfjs could not initialise its 'tensorflow' backend (see the warning above)`);
  }
  const facts = tf.backend() as unknown as NodeBackendFacts;
  if (which === 'tensorflow-gpu' && facts.isGPUPackage === false) {
    throw new Error(`${pkg} loaded, but the 'tensorflow' backend is the CPU build (is @tensorflow/tfjs-node loaded as well?)`);
  }
  const device = facts.isUsingGpuDevice === true ? 'on a CUDA GPU' : facts.isUsingGpuDevice === false ? 'on the CPU (no usable CUDA GPU)' : '';
  return [`libtensorflow via ${pkg}`, device].filter(Boolean).join(' ');
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
