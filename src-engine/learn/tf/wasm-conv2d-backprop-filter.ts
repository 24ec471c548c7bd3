// The one kernel tfjs-backend-wasm 4.22 lacks for training a CNN: the gradient of
// conv2d with respect to its filter. Without it, `model.fit` on wasm throws
// "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'".
//
// Why it is a conv2d: the forward pass is
//   y[b, i, j, o] = Σ_{p,q,c} xp[b, i·s + p·d, j·s + q·d, c] · w[p, q, c, o]
// (xp = padded input, s = stride, d = dilation), so
//   dw[p, q, c, o] = Σ_{b,i,j} xp[b, p·d + i·s, q·d + j·s, c] · dy[b, i, j, o].
// Read with the input's batch and channel axes swapped (x as [c, H, W, b]) and
// dy as a filter [outH, outW, b, o], that is an ordinary conv2d whose stride is
// the forward dilation and whose dilation is the forward stride; its first
// kH×kW outputs, moved back to [kH, kW, c, o], are dw. So the work runs in the
// wasm backend's own XNNPACK Conv2D and Transpose instead of a JS loop.
//
// Everything here works on TensorInfos through the backend's registered kernel
// functions (runWasmKernel), not on tf.Tensors. Each intermediate is disposed
// on the backend, which also frees the XNNPACK operator the Conv2D kernel
// caches per filter (here: per dy).
import {
  Conv2D,
  Conv2DBackpropFilter,
  Slice,
  Transpose,
  backend_util,
  getKernel,
  registerKernel,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { runWasmKernel } from './wasm-kernel-call.js';

const BACKEND = 'wasm';

/**
 * tfjs's own attrs carry no dilations (its conv2d gradient refuses dilations > 1),
 * but the math above handles them, so callers of the kernel may pass them.
 */
export interface WasmConv2DBackpropFilterAttrs extends Conv2DBackpropFilterAttrs {
  dilations?: [number, number] | number;
}

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

function conv2DBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: KernelBackend;
  attrs: WasmConv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape, dilations = 1 } = attrs;
  if (dataFormat === 'NCHW') {
    throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only (the wasm Conv2D it runs on does), got 'NCHW'`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const expectedDy = info.outShape;
  if (dy.shape.length !== 4 || dy.shape.some((n, i) => n !== expectedDy[i])) {
    throw new Error(`Conv2DBackpropFilter: dy has shape [${dy.shape.join(', ')}], but x and the filter give [${expectedDy.join(', ')}]`);
  }

  const run = (kernelName: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs: object) => runWasmKernel(backend, kernelName, kernelInputs, kernelAttrs);

  const { filterHeight, filterWidth, inChannels, outChannels, padInfo } = info;
  const padding: ExplicitPadding = [
    [0, 0],
    [padInfo.top, padInfo.bottom],
    [padInfo.left, padInfo.right],
    [0, 0],
  ];
  const intermediates: TensorInfo[] = [];
  try {
    const xSwapped = run(Transpose, { x }, { perm: [3, 1, 2, 0] }); // [inC, H, W, batch]
    intermediates.push(xSwapped);
    const dySwapped = run(Transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [outH, outW, batch, outC]
    intermediates.push(dySwapped);
    const correlated = run(
      Conv2D,
      { x: xSwapped, filter: dySwapped },
      {
        strides: [info.dilationHeight, info.dilationWidth],
        dilations: [info.strideHeight, info.strideWidth],
        pad: padding,
        dataFormat: 'NHWC',
      },
    ); // [inC, ≥kH, ≥kW, outC]: rows past kH exist where padding or leftover input reaches beyond the filter
    intermediates.push(correlated);
    let window = correlated;
    if (correlated.shape[1] !== filterHeight || correlated.shape[2] !== filterWidth) {
      window = run(Slice, { x: correlated }, { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] });
      intermediates.push(window);
    }
    return run(Transpose, { x: window }, { perm: [1, 2, 0, 3] }); // [kH, kW, inC, outC]
  } finally {
    for (const t of intermediates) backend.disposeData(t.dataId);
  }
}

/**
 * Registers the kernel for the wasm backend unless one is registered already
 * (a later tfjs-backend-wasm may ship its own, which should win). Returns
 * whether this call registered it. Safe to call any number of times.
 */
export function registerWasmConv2DBackpropFilter(): boolean {
  if (getKernel(Conv2DBackpropFilter, BACKEND)) return false;
  registerKernel({
    kernelName: Conv2DBackpropFilter,
    backendName: BACKEND,
    kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
  });
  return true;
}
