// MaxPoolGrad for the wasm backend, replacing the one tfjs-backend-wasm 4.22
// ships, which is wrong in two ways (checked here against the cpu backend):
// its running maximum starts at FLT_MIN, the smallest *positive* float, so a
// window whose values are all <= 0 passes no gradient at all; and on ties it
// picks the last maximum where the cpu and libtensorflow backends pick the
// first. Loupe's CNNs pool after relu, where an all-zero window is common. It
// was also slow: about 0.4 s of a 1.8 s cnn-small training step.
//
// The gradient routes each dy value to the position of its window's maximum
// (first in row-major order, padding excluded), summing where windows overlap:
// one pass over the windows, reading and writing the wasm heap in place.
import { MaxPoolGrad, backend_util, registerKernel, unregisterKernel, getKernel, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const BACKEND = 'wasm';

function maxPoolGrad(args: { inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo }; backend: BackendWasm; attrs: MaxPoolGradAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, padInfo } = info;

  const out = backend.makeOutput(input.shape, 'float32');
  // Views only after the allocation: growing the wasm memory detaches earlier ones.
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const grad = backend.typedArrayFromHeap(dy) as Float32Array;
  dx.fill(0); // the heap is not zeroed

  const best = new Float32Array(inChannels);
  const where = new Int32Array(inChannels);
  for (let b = 0; b < batchSize; b++)
    for (let yR = 0; yR < outHeight; yR++) {
      const rowStart = yR * strideHeight - padInfo.top;
      const rowEnd = Math.min(inHeight, rowStart + effectiveFilterHeight);
      for (let yC = 0; yC < outWidth; yC++) {
        const colStart = yC * strideWidth - padInfo.left;
        const colEnd = Math.min(inWidth, colStart + effectiveFilterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let xR = Math.max(0, rowStart); xR < rowEnd; xR++)
          for (let xC = Math.max(0, colStart); xC < colEnd; xC++) {
            const at = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            for (let d = 0; d < inChannels; d++) {
              const v = x[at + d];
              if (v > best[d]) {
                best[d] = v;
                where[d] = at + d;
              }
            }
          }
        const dyAt = ((b * outHeight + yR) * outWidth + yC) * inChannels;
        for (let d = 0; d < inChannels; d++) if (where[d] >= 0) dx[where[d]] += grad[dyAt + d];
      }
    }
  return out;
}

/** Replaces wasm's MaxPoolGrad with this one. Returns whether this call did; safe to call any number of times. */
export function registerWasmMaxPoolGrad(): boolean {
  const current = getKernel(MaxPoolGrad, BACKEND);
  if (current?.kernelFunc === (maxPoolGrad as unknown as KernelFunc)) return false;
  if (current) unregisterKernel(MaxPoolGrad, BACKEND);
  // Keeping the stock set-up (it binds the C++ function) leaves the stock kernel usable for comparisons.
  registerKernel({ kernelName: MaxPoolGrad, backendName: BACKEND, setupFunc: current?.setupFunc, kernelFunc: maxPoolGrad as unknown as KernelFunc });
  return true;
}
