// The WebAssembly backend (XNNPACK), read from node_modules. In Node the
// package's emscripten loader reads the .wasm with fs (it fetches only in a
// browser). By default it looks next to the script that loaded it, which is
// wrong once the engine is bundled, so the folder comes from where Node
// resolves the package. Threads are off in Node (tfjs's
// WASM_HAS_MULTITHREAD_SUPPORT is false there), so SIMD decides the binary.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type * as Tf from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter.js';
import { registerWasmConv2DBackpropInput } from './wasm-conv2d-backprop-input.js';
import { registerWasmMaxPoolGrad } from './wasm-max-pool-grad.js';

const require = createRequire(import.meta.url);
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
const BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** The folder holding the package's .wasm binaries, with a trailing separator as setWasmPaths expects of a prefix. */
export function wasmBinaryFolder(): string {
  return join(dirname(require.resolve(WASM_PACKAGE)), sep);
}

/** Switches tf to wasm, with Loupe's training kernels in place. Resolves with a detail line; rejects with the reason. */
export async function useWasmBackend(tf: typeof Tf): Promise<string> {
  let wasm: typeof TfWasm;
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (err) {
    throw new Error(`${WASM_PACKAGE} failed to load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const folder = wasmBinaryFolder();
  const missing = BINARIES.filter((name) => !existsSync(join(folder, name)));
  if (missing.length > 0) throw new Error(`${WASM_PACKAGE} is installed but ${missing.join(', ')} is missing from ${folder}`);
  // Before the backend initialises: the paths are read at init, and the kernels must be in place before the first gradient.
  wasm.setWasmPaths(folder);
  registerWasmConv2DBackpropFilter(); // missing from tfjs-backend-wasm 4.22
  registerWasmConv2DBackpropInput(); // present, but a slow loop for stride 1
  registerWasmMaxPoolGrad(); // present, but drops the gradient of windows <= 0
  if (!(await tf.setBackend('wasm'))) {
    throw new Error(`tfjs could not initialise the wasm backend from ${folder} (see the warning above)`);
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return `WebAssembly (XNNPACK${simd ? ', SIMD' : ''}, one thread) from ${folder}`;
}
