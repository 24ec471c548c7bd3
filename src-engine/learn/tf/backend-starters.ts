// How each backend is started: switch the shared tf engine to it, or say why
// not. loadTensorFlow picks among these once per process; a benchmark that
// compares backends side by side calls them directly.
import * as tf from '@tensorflow/tfjs';
import type { TfBackendName } from './backend-choice.js';
import { useNativeBackend } from './native-backends.js';
import { useWasmBackend } from './wasm-backend.js';

/** Switches tf to the backend; resolves with a line saying what runs, rejects with why it cannot. */
export function startBackend(name: TfBackendName): Promise<string> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return useNativeBackend(tf, name);
    case 'wasm':
      return useWasmBackend(tf);
    case 'cpu':
      return startCpu();
  }
}

async function startCpu(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error("tfjs could not initialise its 'cpu' backend");
  return 'pure JavaScript (tfjs-backend-cpu)';
}
