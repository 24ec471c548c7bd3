// Picks and starts the TensorFlow.js backend the trainer runs on: libtensorflow
// on a CUDA GPU, libtensorflow on the CPU, WebAssembly, or pure JavaScript, in
// that order of speed. tfjs keeps one engine per process (on globalThis), so
// the choice is process-wide: the first successful call decides, later calls
// get the same answer, and a later call that insists on another backend is
// refused rather than silently switching everyone else's backend.
import * as tf from '@tensorflow/tfjs';
import { TFJS_BACKEND_ID, TF_BACKEND_ENV, planBackends, type TfBackendName } from './backend-choice.js';
import { startBackend } from './backend-starters.js';

export type { TfBackendName } from './backend-choice.js';

export interface LoadedTensorFlow {
  /** The @tensorflow/tfjs module (the same object as `import * as tf from '@tensorflow/tfjs'`). */
  tf: typeof tf;
  backend: TfBackendName;
  /** What is running, for logs and the UI: e.g. "WebAssembly (XNNPACK, SIMD, one thread) from …". */
  detail: string;
  /** Backends tried before this one, with why each was not used. */
  tried: { backend: TfBackendName; error: string }[];
}

export interface LoadTensorFlowOptions {
  /** Default 'auto'. LOUPE_TF_BACKEND, when set to anything but 'auto', overrides it. */
  prefer?: TfBackendName | 'auto';
  log?: (line: string) => void;
}

export class TensorFlowUnavailableError extends Error {
  readonly code = 'tensorflow-unavailable';
  constructor(
    message: string,
    readonly tried: { backend: TfBackendName; error: string }[] = [],
  ) {
    super(message);
    this.name = 'TensorFlowUnavailableError';
  }
}

let loaded: LoadedTensorFlow | undefined;
let loading: Promise<LoadedTensorFlow> | undefined;

/**
 * Loads TensorFlow.js on the best backend available (or the one asked for) and
 * returns it. Safe to call any number of times and concurrently. Rejects with
 * TensorFlowUnavailableError when a backend asked for by name cannot load, when
 * nothing can, or when tf already runs on another backend than the one asked for.
 */
export async function loadTensorFlow(options: LoadTensorFlowOptions = {}): Promise<LoadedTensorFlow> {
  const log = options.log ?? (() => {});
  const plan = planBackends(options.prefer, process.env[TF_BACKEND_ENV]);
  if (!plan.ok) throw new TensorFlowUnavailableError(plan.error.message);
  const { order, forced, source } = plan.value;

  if (!loaded && loading) await loading.catch(() => undefined); // a failed concurrent load leaves room to try again below
  if (loaded) {
    if (forced && loaded.backend !== order[0]) {
      throw new TensorFlowUnavailableError(
        `TensorFlow.js already runs on '${loaded.backend}' in this process (${source} asked for '${order[0]}'); ` +
          `tfjs has one engine per process, so start another process for another backend`,
      );
    }
    // Someone may have switched tf directly (e.g. a benchmark comparing backends): hand back what this returned before.
    const id = TFJS_BACKEND_ID[loaded.backend];
    if (tf.getBackend() !== id) await tf.setBackend(id);
    return loaded;
  }

  loading = startFirstThatWorks(order, forced, source, log);
  try {
    loaded = await loading;
    return loaded;
  } finally {
    loading = undefined;
  }
}

async function startFirstThatWorks(
  order: TfBackendName[],
  forced: boolean,
  source: string,
  log: (line: string) => void,
): Promise<LoadedTensorFlow> {
  const tried: LoadedTensorFlow['tried'] = [];
  for (const backend of order) {
    try {
      const detail = await startBackend(backend);
      log(`tensorflow: using ${backend} (${source}): ${detail}`);
      return { tf, backend, detail, tried };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      tried.push({ backend, error });
      log(`tensorflow: ${backend} skipped: ${error}`);
    }
  }
  const reasons = tried.map((t) => `${t.backend}: ${t.error}`).join('; ');
  throw new TensorFlowUnavailableError(
    forced ? `TensorFlow.js backend '${order[0]}' (${source}) cannot be used: ${reasons}` : `no TensorFlow.js backend could start: ${reasons}`,
    tried,
  );
}
