// A faster gradient of conv2d with respect to its input, for stride 1, on wasm.
// tfjs-backend-wasm 4.22 has this kernel, but as a plain C++ loop: profiling
// one training step of the 3-conv 64×64 CNN (batch 32) put its two calls at
// about 1.4 s of a 3.1 s step, against about 0.3 s for all three forward
// convolutions, which run in XNNPACK.
//
// For stride 1 the input gradient is itself a convolution:
//   dx[b, h, w, c] = Σ_{p,q,o} dy[b, h + top − p, w + left − q, o] · w[p, q, c, o]
// which is conv2d(dy, w′) with w′[p, q, o, c] = w[kH−1−p, kW−1−q, c, o] (the
// filter turned 180° with its channel axes swapped) and padding kH−1−top above
// and kH−1−bottom below (likewise for the columns). So it runs in XNNPACK too.
// Strides above 1 would need zeros inserted between dy's rows, which no wasm
// kernel does, so those calls (and explicit padding wider than the filter)
// stay with the original kernel.
import {
  Conv2D,
  Conv2DBackpropInput,
  Reverse,
  Transpose,
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { runWasmKernel } from './wasm-kernel-call.js';

const BACKEND = 'wasm';

interface Args {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: KernelBackend;
  attrs: Conv2DBackpropInputAttrs;
}

/** The kernel this one replaces, for the cases it leaves alone. Set when registering. */
let original: KernelConfig | undefined;

function conv2DBackpropInput(args: Args): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const info =
    dataFormat === 'NHWC'
      ? backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast')
      : undefined;
  const padding = info ? transposedPadding(info) : undefined;
  if (!info || !padding || info.strideHeight !== 1 || info.strideWidth !== 1) {
    return original!.kernelFunc(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }

  const intermediates: TensorInfo[] = [];
  try {
    const turned = runWasmKernel(backend, Reverse, { x: filter }, { dims: [0, 1] });
    intermediates.push(turned);
    const swapped = runWasmKernel(backend, Transpose, { x: turned }, { perm: [0, 1, 3, 2] }); // [kH, kW, outC, inC]
    intermediates.push(swapped);
    return runWasmKernel(backend, Conv2D, { x: dy, filter: swapped }, { strides: 1, dilations: 1, pad: padding, dataFormat: 'NHWC' });
  } finally {
    for (const t of intermediates) backend.disposeData(t.dataId);
  }
}

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** The padding of the equivalent forward conv, or undefined when a side would be negative (padding wider than the filter). */
function transposedPadding(info: backend_util.Conv2DInfo): ExplicitPadding | undefined {
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  const sides = [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom, kw - 1 - padInfo.left, kw - 1 - padInfo.right];
  if (sides.some((s) => s < 0)) return undefined;
  return [
    [0, 0],
    [sides[0], sides[1]],
    [sides[2], sides[3]],
    [0, 0],
  ];
}

/**
 * Puts this kernel in front of wasm's own Conv2DBackpropInput, keeping the
 * original for strides above 1. Returns whether this call replaced it; safe to
 * call any number of times.
 */
export function registerWasmConv2DBackpropInput(): boolean {
  const current = getKernel(Conv2DBackpropInput, BACKEND);
  if (!current) throw new Error(`tfjs-backend-wasm has no ${Conv2DBackpropInput} kernel to fall back on; is @tensorflow/tfjs-backend-wasm loaded?`);
  if (current.kernelFunc === (conv2DBackpropInput as unknown as KernelFunc)) return false;
  original = current;
  unregisterKernel(Conv2DBackpropInput, BACKEND);
  registerKernel({
    kernelName: Conv2DBackpropInput,
    backendName: BACKEND,
    // The original's set-up binds its C++ function; it must still run when the backend initialises.
    setupFunc: current.setupFunc,
    kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
  });
  return true;
}
