// Calls another registered wasm kernel from inside a kernel. Kernels must work
// on TensorInfos, not tf.Tensors: tensors made inside a kernel are tracked by
// the engine and leak (an early Conv2DBackpropFilter leaked two per call).
// Whoever calls this owns the result and frees it with backend.disposeData.
import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';

export function runWasmKernel(backend: KernelBackend, kernelName: string, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`the wasm ${kernelName} kernel is not registered`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
}
